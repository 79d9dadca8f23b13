//! A planning group's annual plan page (`/planning/{id}/plan?year=`): the priorities
//! adopted for the year and the decision behind them, the objectives serving them with
//! their activities (responsible party, budget, status, progress, dates, overdue), the
//! budget total, budget-weighted progress and a progress chart drawn as inline SVG,
//! mirrored for RTL. The forms are in `planning_plan_forms`; the store decides who
//! sees and writes.

use askama::Template;
use axum::{
    extract::{Path, Query, State},
    http::Method,
    response::Response,
    routing::get,
};
use serde::Deserialize;
use tadamun_domain::{
    money::{Currency, Money},
    planning::{ActivityStatus, PlanFigures, ResponsibleParty, parse_year},
};
use tadamun_store::planning::plan::ActivityView;

use super::{
    households::governorate_name, partners::service_label, planning::group_id, planning_plan_forms,
    planning_rollup,
};
use crate::{
    authz::{Routes, Rule},
    chart,
    error::{AppError, AppResult},
    i18n::Tr,
    session::PageUser,
    state::AppState,
    views::{Chrome, render},
};

pub(crate) fn routes() -> Routes {
    Routes::new("")
        .add(
            Method::GET,
            "/planning/{id}/plan",
            Rule::SignedIn,
            get(plan_page),
        )
        .merge(planning_plan_forms::routes())
        .merge(planning_rollup::routes())
}

#[derive(Debug, Default, Deserialize)]
pub(crate) struct YearQuery {
    #[serde(default)]
    pub year: String,
    #[serde(default)]
    pub saved: String,
}

/// The year asked, or this year.
pub(crate) fn year_of(raw: &str) -> AppResult<i32> {
    match raw.trim() {
        "" => Ok(tadamun_store::now().date().year()),
        raw => parse_year(raw).map_err(|e| AppError::Invalid(e.into())),
    }
}

/// An amount in the country's currency, in the reader's digits.
pub(crate) fn money_text(tr: Tr, currency: Currency, m: Money) -> String {
    tr.t_args(
        "plan-amount",
        &[
            ("amount", tr.digits(&m.format(currency))),
            ("currency", currency.code.to_owned()),
        ],
    )
}

/// A progress in percent with one decimal, or "no activities".
pub(crate) fn progress_text(tr: Tr, p: Option<f64>) -> String {
    match p {
        Some(p) => tr.t_args("planning-percent", &[("n", tr.digits(&format!("{p:.1}")))]),
        None => tr.t("plan-no-activities"),
    }
}

/// One chart row per label: progress on a fixed 0–100 % scale (in tenths).
pub(crate) fn progress_chart(
    tr: Tr,
    id: &str,
    title: &str,
    rows: &[(String, Option<f64>)],
) -> String {
    let series = [chart::Series {
        class: "progress-bar",
        fill: "#2e7d32",
        legend: None,
    }];
    let rows: Vec<chart::Row> = rows
        .iter()
        .map(|(label, p)| chart::Row {
            label: label.clone(),
            values: vec![(
                p.map_or(0, |p| (p * 10.0).round() as i64),
                progress_text(tr, *p),
            )],
        })
        .collect();
    chart::bars_out_of(tr, id, title, &series, &rows, 1000)
}

/// The figures' sentences, shared by the plan page and the roll-up.
pub(crate) struct FiguresView {
    pub objectives: String,
    pub activities: String,
    pub by_status: Vec<(String, String)>,
    pub budget: String,
    pub progress: String,
    pub overdue: String,
    pub has_overdue: bool,
}

pub(crate) fn figures_view(tr: Tr, currency: Currency, f: &PlanFigures) -> FiguresView {
    FiguresView {
        objectives: tr.num(f.objectives),
        activities: tr.num(f.activities),
        by_status: ActivityStatus::ALL
            .iter()
            .map(|s| {
                (
                    tr.label("plan-status", s.as_str()),
                    tr.num(f.with_status(*s)),
                )
            })
            .collect(),
        budget: money_text(tr, currency, f.budget),
        progress: progress_text(tr, f.progress()),
        overdue: tr.num(f.overdue),
        has_overdue: f.overdue > 0,
    }
}

pub(crate) struct ActivityLine {
    pub id: String,
    pub text: String,
    pub responsible: String,
    pub budget: String,
    pub status: String,
    pub status_code: &'static str,
    pub progress: String,
    pub dates: String,
    pub overdue: bool,
}

fn activity_line(tr: Tr, currency: Currency, a: &ActivityView) -> ActivityLine {
    ActivityLine {
        id: a.id.to_string(),
        text: a.text.clone(),
        responsible: match a.responsible {
            ResponsibleParty::Directorate => tr.t("plan-directorate"),
            ResponsibleParty::Organisation(_) => a.organisation_name.clone().unwrap_or_default(),
        },
        budget: money_text(tr, currency, a.budget),
        status: tr.label("plan-status", a.status.as_str()),
        status_code: a.status.as_str(),
        progress: tr.t_args("planning-percent", &[("n", tr.num(a.progress))]),
        dates: tr.t_args(
            "plan-dates",
            &[
                ("from", tr.date(a.starts_on)),
                ("until", tr.date(a.ends_on)),
            ],
        ),
        overdue: a.overdue,
    }
}

struct ObjectiveLine {
    priority: String,
    text: String,
    progress: String,
    activities: Vec<ActivityLine>,
}

#[derive(Template)]
#[template(path = "planning_plan.html")]
struct PlanPage {
    page: Chrome,
    id: String,
    name: String,
    governorate: String,
    year: String,
    year_param: i32,
    prev_href: String,
    next_href: String,
    priorities_href: String,
    notice: Option<String>,
    adoption: Option<String>,
    no_adoption: String,
    record: bool,
    figures: FiguresView,
    chart: String,
    objectives: Vec<ObjectiveLine>,
}

async fn plan_page(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<String>,
    Query(q): Query<YearQuery>,
) -> AppResult<Response> {
    let id = group_id(&id)?;
    let year = year_of(&q.year)?;
    let tr = user.tr;
    let store = &state.store;
    let today = tadamun_store::now().date();
    let group = store
        .get_planning_group(&user.access, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let rights = store.planning_rights(&user.access, id, today).await?;
    let adoption = store.adoption_in_force(&user.access, id, year).await?;
    let plan = store.annual_plan(&user.access, id, year, today).await?;
    let currency = Currency::of(state.pack.country);
    let rank_of = |key: &str| {
        adoption
            .as_ref()
            .and_then(|a| a.ranking.iter().find(|r| r.key == key))
            .map(|r| r.rank as i64)
    };
    let mut chart_rows = vec![(tr.t("plan-whole"), plan.figures.progress())];
    let objectives: Vec<ObjectiveLine> = plan
        .objectives
        .iter()
        .map(|o| {
            let mine: Vec<&ActivityView> = plan
                .activities
                .iter()
                .filter(|a| a.objective == o.id)
                .collect();
            let facts: Vec<_> = mine.iter().map(|a| a.facts()).collect();
            let progress = PlanFigures::of(1, &facts, today).progress();
            chart_rows.push((o.draft.text.clone(), progress));
            ObjectiveLine {
                priority: match rank_of(&o.draft.priority) {
                    Some(r) => tr.t_args(
                        "plan-priority-ranked",
                        &[
                            ("rank", tr.num(r)),
                            ("service", service_label(tr, &o.draft.priority)),
                        ],
                    ),
                    None => service_label(tr, &o.draft.priority),
                },
                text: o.draft.text.clone(),
                progress: progress_text(tr, progress),
                activities: mine
                    .iter()
                    .map(|a| activity_line(tr, currency, a))
                    .collect(),
            }
        })
        .collect();
    let name = group.name(tr.is_arabic()).to_owned();
    let chart = progress_chart(
        tr,
        "plan-progress",
        &tr.t_args("plan-chart-title", &[("group", name.clone())]),
        &chart_rows,
    );
    Ok(render(&PlanPage {
        page: Chrome::for_user(
            &user,
            "plan-title",
            "planning",
            format!("/planning/{id}/plan?year={year}"),
        ),
        id: id.to_string(),
        governorate: governorate_name(&state, tr, group.draft.governorate.as_str()),
        name,
        year: tr.num(i64::from(year)),
        year_param: year,
        prev_href: format!("/planning/{id}/plan?year={}", year - 1),
        next_href: format!("/planning/{id}/plan?year={}", year + 1),
        priorities_href: format!("/planning/priorities?group={id}&year={year}"),
        notice: match q.saved.as_str() {
            "" => None,
            what => tr.try_t(&format!("plan-saved-{what}")),
        },
        adoption: adoption.as_ref().map(|a| {
            tr.t_args(
                "planning-adopted-by-decision",
                &[
                    ("decision", a.decision_text.clone()),
                    ("date", tr.date(a.meeting_held_on)),
                ],
            )
        }),
        no_adoption: tr.t_args(
            "planning-adopted-none",
            &[("year", tr.num(i64::from(year)))],
        ),
        record: rights.record,
        figures: figures_view(tr, currency, &plan.figures),
        chart,
        objectives,
    }))
}
