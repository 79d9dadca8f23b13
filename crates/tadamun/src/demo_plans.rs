//! The demo's annual plans, for the Palestine side: each planning group adopts its
//! priority weights by its latest decision, then plans this year with objectives
//! serving its top priorities and activities carried by demo partners or by the
//! directorate, at mixed status and progress, one of them overdue.

use tadamun_domain::{
    access::Access,
    country_pack::CountryPack,
    ids::{OrganisationId, PlanningGroupId},
    indicator::{IndicatorCatalogue, Weights, ranking::offered_components},
    money::Currency,
    planning::{RawActivity, RawObjective, plan::year_bounds},
};
use tadamun_store::Store;
use time::{Date, Duration};

const OBJECTIVES: &[&str] = &[
    "رفع تغطية الخدمة للأسر الأشد حاجة في المحافظة",
    "سدّ الفجوة بين الحاجة وطاقة الشركاء المعتمدين",
    "تحسين متابعة المنتفعين بعد تقديم الخدمة",
];

/// One activity: text, whether a partner carries it, budget, status, progress, and
/// its period in days from today (kept inside the plan year). Only the delayed one has
/// ended, so it alone is overdue, whatever the day the demo starts.
type DemoActivity = (
    &'static str,
    bool,
    &'static str,
    &'static str,
    &'static str,
    Period,
);
/// Days from today: the first and the last.
type Period = (i64, i64);

const ACTIVITIES: &[DemoActivity] = &[
    (
        "زيارات منزلية وتقييم احتياجات الأسر",
        false,
        "18000",
        "done",
        "100",
        (-120, -30),
    ),
    (
        "حملة توعية بالخدمات المتاحة مع الشركاء",
        true,
        "7500",
        "in_progress",
        "60",
        (-60, 90),
    ),
    (
        "تدريب متطوعي الجمعيات على الإحالة",
        true,
        "12000",
        "delayed",
        "35",
        (-75, -15),
    ),
    (
        "تجهيز مركز خدمة نهارية",
        true,
        "40000",
        "planned",
        "0",
        (10, 120),
    ),
    (
        "دراسة رضا المنتفعين",
        false,
        "5000",
        "cancelled",
        "0",
        (-30, 30),
    ),
];

/// Weights that differ by group, over the first few components offered.
fn weights_for(n: usize) -> Weights {
    let offered = offered_components(IndicatorCatalogue::builtin());
    Weights(
        offered
            .iter()
            .take(6)
            .enumerate()
            .map(|(i, c)| (c.clone(), (((i + n) % 4) as u32 + 1) * 20))
            .collect(),
    )
}

/// Seeds the adoption and this year's plan of one group; returns its activities.
pub async fn seed_plan(
    store: &Store,
    pack: &CountryPack,
    group: PlanningGroupId,
    n: usize,
    partners: &[OrganisationId],
    today: Date,
) -> anyhow::Result<usize> {
    let sys = Access::system("demo");
    let now = tadamun_store::now();
    let year = today.year();
    let (first, last) = year_bounds(year).ok_or_else(|| anyhow::anyhow!("demo year {year}"))?;
    let decision = store
        .planning_decisions(&sys, group)
        .await?
        .into_iter()
        .next()
        .ok_or_else(|| anyhow::anyhow!("demo group without a decision"))?;
    let adoption = store
        .adopt_priority_weights(&sys, group, year, decision.id, &weights_for(n), now)
        .await?;
    let currency = Currency::of(pack.country);
    let mut count = 0;
    let objectives = 2 + n % 2;
    for (k, text) in OBJECTIVES.iter().take(objectives).enumerate() {
        let Some(priority) = adoption.ranking.get(k) else {
            break;
        };
        let raw = RawObjective {
            priority: priority.key.clone(),
            text: (*text).into(),
        };
        let objective = store
            .add_plan_objective(&sys, group, year, &raw, today, now)
            .await?;
        // The first objective has three activities, the others two; the overdue one
        // falls to the first objective.
        let mine: &[usize] = match k {
            0 => &[0, 1, 2],
            1 => &[1, 3],
            _ => &[3, 4],
        };
        for (i, &(text, by_partner, budget, status, progress, period)) in
            mine.iter().map(|j| &ACTIVITIES[*j]).enumerate()
        {
            let (from, until) = period;
            let ends_on = (today + Duration::days(until)).clamp(first, last);
            let starts_on = (today + Duration::days(from)).clamp(first, ends_on);
            let organisation = partners
                .get((n + k + i) % partners.len().max(1))
                .filter(|_| by_partner);
            let raw = RawActivity {
                objective: objective.to_string(),
                text: text.into(),
                organisation: organisation.map(|o| o.to_string()).unwrap_or_default(),
                directorate: if organisation.is_some() {
                    String::new()
                } else {
                    "on".into()
                },
                budget: budget.into(),
                status: status.into(),
                progress: progress.into(),
                starts_on: starts_on.to_string(),
                ends_on: ends_on.to_string(),
            };
            let draft = raw
                .parse(currency, year)
                .map_err(|e| anyhow::anyhow!("demo activity: {e}"))?;
            store
                .add_plan_activity(&sys, group, year, &draft, today, now)
                .await?;
            count += 1;
        }
    }
    Ok(count)
}
