//! Adopted priorities and the annual plan over the web, on SQLite and PostgreSQL: a
//! planner adopts weights through the form (a decision of another group or none is a
//! field error in Arabic), adds an objective and an activity (bad budget, two
//! responsible parties refused), sees the plan with its progress chart and updates an
//! activity (a stale version is 409); a planner of another governorate finds nothing;
//! the national roll-up shows only the governorates of the caller's scope.

use tadamun_domain::access::BuiltinRole;
use tadamun_store::testing::{
    fixtures::system,
    on_both,
    plan_fixtures::{ADOPTING_DECISION, group_with_decision, some_weights},
};

use crate::{
    helpers::spawn_app_with,
    planning::{get, post, signed_in, user},
};

fn year() -> i32 {
    tadamun_store::now().date().year()
}

fn weight_pairs() -> Vec<(String, String)> {
    some_weights()
        .0
        .iter()
        .map(|(k, w)| (format!("weight.{k}"), w.to_string()))
        .collect()
}

fn pairs(list: &[(&'static str, String)], extra: &[(String, String)]) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = list
        .iter()
        .map(|(k, v)| ((*k).to_owned(), v.clone()))
        .collect();
    v.extend(extra.iter().cloned());
    v
}

async fn post_pairs(
    app: &crate::helpers::TestApp,
    client: &reqwest::Client,
    path: &str,
    form: &[(String, String)],
) -> (u16, String, String) {
    let r = client.post(app.url(path)).form(form).send().await.unwrap();
    let at = format!("{}?{}", r.url().path(), r.url().query().unwrap_or(""));
    (
        r.status().as_u16(),
        at,
        crate::helpers::plain(&r.text().await.unwrap()),
    )
}

#[tokio::test]
async fn a_planner_adopts_weights_and_plans_an_activity_through_the_forms() {
    on_both(|store| async move {
        let app = spawn_app_with(store).await;
        user(&app.store, "planner", BuiltinRole::Planner, &["JO-IR"]).await;
        let (irbid, decision) =
            group_with_decision(&app.store, "JO-IR", "مجموعة تخطيط إربد", "").await;
        let (_, amman_decision) =
            group_with_decision(&app.store, "JO-AM", "مجموعة تخطيط عمان", "").await;
        let planner = signed_in(&app, "planner").await;

        // The group page leads to the priorities, which offer the adopt form.
        let (status, html) = get(&app, &planner, &format!("/planning/{irbid}")).await;
        assert_eq!(status, 200);
        assert!(
            html.contains(&format!("/planning/priorities?group={irbid}")),
            "{html}"
        );
        let query: String = weight_pairs()
            .iter()
            .map(|(k, v)| format!("&{k}={v}"))
            .collect();
        let (status, html) = get(
            &app,
            &planner,
            &format!("/planning/priorities?group={irbid}{query}"),
        )
        .await;
        assert_eq!(status, 200);
        assert!(
            html.contains("adopt-form") && html.contains(ADOPTING_DECISION),
            "{html}"
        );
        assert!(html.contains("لم تعتمد المجموعة أولويات"), "{html}");

        let adopt = format!("/planning/{irbid}/priorities/adopt");
        let year_pair = [("year", year().to_string())];
        let (status, _, html) = post_pairs(
            &app,
            &planner,
            &adopt,
            &pairs(
                &[
                    ("decision", amman_decision.to_string()),
                    year_pair[0].clone(),
                ],
                &weight_pairs(),
            ),
        )
        .await;
        assert_eq!(status, 422, "{html}");
        assert!(
            html.contains("هذا القرار صادر عن مجموعة تخطيط أخرى"),
            "{html}"
        );
        let (status, _, html) = post_pairs(
            &app,
            &planner,
            &adopt,
            &pairs(
                &[("decision", String::new()), ("year", "١٩٠٠".into())],
                &weight_pairs(),
            ),
        )
        .await;
        assert_eq!(status, 422, "{html}");
        assert!(html.contains("هذا الحقل مطلوب"), "{html}");
        let (status, at, html) = post_pairs(
            &app,
            &planner,
            &adopt,
            &pairs(
                &[("decision", decision.to_string()), year_pair[0].clone()],
                &weight_pairs(),
            ),
        )
        .await;
        assert_eq!(status, 200, "{html}");
        assert!(at.contains("saved=adopted"), "{at}");
        assert!(
            html.contains("اعتُمدت الأوزان") && html.contains("adopted-ranking"),
            "{html}"
        );
        assert!(html.contains(&format!("«{ADOPTING_DECISION}»")), "{html}");

        // An objective serving the top priority, then activities.
        let adoption = app
            .store
            .adoption_in_force(&system(), irbid, year())
            .await
            .unwrap()
            .unwrap();
        let top = adoption.ranking[0].key.clone();
        let (status, at, _) = post(
            &app,
            &planner,
            &format!("/planning/{irbid}/plan/objectives/new"),
            &[
                ("year", year().to_string()),
                ("priority", top),
                ("text", "رفع تغطية رعاية المسنين".into()),
            ],
        )
        .await;
        assert_eq!(status, 200);
        assert!(at.ends_with("/plan"), "{at}");
        let plan = app
            .store
            .annual_plan(&system(), irbid, year(), tadamun_store::now().date())
            .await
            .unwrap();
        let objective = plan.objectives[0].id.to_string();
        let activity = |budget: &str, organisation: &str| {
            vec![
                ("year", year().to_string()),
                ("objective", objective.clone()),
                ("text", "زيارات منزلية لكبار السن".to_owned()),
                ("organisation", organisation.to_owned()),
                ("directorate", "1".to_owned()),
                ("budget", budget.to_owned()),
                ("status", "in_progress".to_owned()),
                ("progress", "٤٠".to_owned()),
                ("starts_on", format!("{}-01-01", year())),
                ("ends_on", format!("{}-12-31", year())),
            ]
        };
        let path = format!("/planning/{irbid}/plan/activities/new");
        let (status, _, html) = post(&app, &planner, &path, &activity("abc", "")).await;
        assert_eq!(status, 422);
        assert!(html.contains("المبلغ غير صحيح"), "{html}");
        let org = tadamun_domain::ids::OrganisationId::new().to_string();
        let (status, _, html) = post(&app, &planner, &path, &activity("10", &org)).await;
        assert_eq!(status, 422);
        assert!(html.contains("لا الاثنتين معاً"), "{html}");
        let (status, _, html) = post(&app, &planner, &path, &activity("١٢٫٥", "")).await;
        assert_eq!(status, 200, "{html}");
        assert!(
            html.contains("أُضيف النشاط") && html.contains("زيارات منزلية لكبار السن"),
            "{html}"
        );
        assert!(
            html.contains(r#"<svg xmlns="http://www.w3.org/2000/svg" class="plan-progress""#),
            "{html}"
        );
        assert!(
            html.contains("12.500 JOD") && html.contains("40.0٪"),
            "{html}"
        );

        // Updating the activity; a second form from the same version is stale.
        let plan = app
            .store
            .annual_plan(&system(), irbid, year(), tadamun_store::now().date())
            .await
            .unwrap();
        let edit = format!("/planning/activities/{}/edit", plan.activities[0].id);
        let form = |p: &str| {
            vec![
                ("version", "1".to_owned()),
                ("status", "done".to_owned()),
                ("progress", p.to_owned()),
            ]
        };
        let (status, _, html) = post(&app, &planner, &edit, &form("90")).await;
        assert_eq!(status, 422);
        assert!(html.contains("النشاط المنجز نسبة إنجازه"), "{html}");
        let (status, _, html) = post(&app, &planner, &edit, &form("100")).await;
        assert_eq!(status, 200, "{html}");
        assert!(html.contains("100.0٪"), "{html}");
        let (status, _, html) = post(&app, &planner, &edit, &form("100")).await;
        assert_eq!(status, 409, "{html}");
        assert!(html.contains("غيّر أحدهم هذا النشاط"), "{html}");
    })
    .await;
}

#[tokio::test]
async fn a_planner_of_another_governorate_finds_no_plan_and_cannot_adopt() {
    on_both(|store| async move {
        let app = spawn_app_with(store).await;
        user(&app.store, "amman", BuiltinRole::Planner, &["JO-AM"]).await;
        user(
            &app.store,
            "registrar-irbid",
            BuiltinRole::Registrar,
            &["JO-IR"],
        )
        .await;
        let (irbid, decision) =
            group_with_decision(&app.store, "JO-IR", "مجموعة تخطيط إربد", "").await;
        let amman = signed_in(&app, "amman").await;
        let (status, _) = get(&app, &amman, &format!("/planning/{irbid}/plan")).await;
        assert_eq!(status, 404);
        let (status, _) = get(&app, &amman, &format!("/planning/priorities?group={irbid}")).await;
        assert_eq!(status, 404);
        let form = pairs(
            &[
                ("decision", decision.to_string()),
                ("year", year().to_string()),
            ],
            &weight_pairs(),
        );
        let (status, _, _) = post_pairs(
            &app,
            &amman,
            &format!("/planning/{irbid}/priorities/adopt"),
            &form,
        )
        .await;
        assert_eq!(status, 404);
        let clerk = signed_in(&app, "registrar-irbid").await;
        let (status, _) = get(&app, &clerk, "/planning/national-plan").await;
        assert_eq!(status, 403);
        assert!(
            app.store
                .priority_adoptions(&system(), irbid, None)
                .await
                .unwrap()
                .is_empty()
        );
    })
    .await;
}

#[tokio::test]
async fn the_national_rollup_shows_only_the_governorates_in_scope() {
    on_both(|store| async move {
        let app = spawn_app_with(store).await;
        user(&app.store, "irbid", BuiltinRole::Planner, &["JO-IR"]).await;
        user(&app.store, "national", BuiltinRole::Planner, &[]).await;
        let sys = system();
        let now = tadamun_store::now();
        for gov in ["JO-IR", "JO-AM"] {
            let (g, d) = group_with_decision(&app.store, gov, "مجموعة تخطيط", "").await;
            let a = app
                .store
                .adopt_priority_weights(&sys, g, year(), d, &some_weights(), now)
                .await
                .unwrap();
            let raw = tadamun_domain::planning::RawObjective {
                priority: a.ranking[0].key.clone(),
                text: "هدف".into(),
            };
            app.store
                .add_plan_objective(&sys, g, year(), &raw, now.date(), now)
                .await
                .unwrap();
        }
        let (status, html) = get(
            &app,
            &signed_in(&app, "irbid").await,
            "/planning/national-plan",
        )
        .await;
        assert_eq!(status, 200);
        assert!(
            html.contains("rollup-JO-IR") && !html.contains("rollup-JO-AM"),
            "{html}"
        );
        assert!(
            html.contains("rollup-total") && html.contains("national-progress"),
            "{html}"
        );
        let (status, html) = get(&app, &signed_in(&app, "national").await, "/planning").await;
        assert_eq!(status, 200);
        assert!(html.contains("/planning/national-plan"), "{html}");
        let (_, html) = get(
            &app,
            &signed_in(&app, "national").await,
            "/planning/national-plan",
        )
        .await;
        assert!(
            html.contains("rollup-JO-IR") && html.contains("rollup-JO-AM"),
            "{html}"
        );
    })
    .await;
}
