//! Storage stories for adopted priorities and the annual plan, each on SQLite and
//! PostgreSQL: an adoption keeps the ranking exactly as computed and is never edited;
//! a decision of another group, a caller out of scope or without the right is refused;
//! objectives serve adopted priorities; activities have one responsible party and a
//! version; the national roll-up adds up the governorates in the caller's scope.

use tadamun_domain::{
    access::BuiltinRole,
    audit::AuditAction,
    ids::OrganisationId,
    money::{Currency, Money},
    planning::{ActivityStatus, RawActivity, RawActivityProgress, RawObjective},
};
use tadamun_store::{
    Store, StoreError,
    audit::AuditFilter,
    testing::{
        execute_raw,
        fixtures::*,
        on_both,
        partner_fixtures::registered,
        plan_fixtures::{ADOPTING_DECISION, group_with_decision, some_weights},
        portal_fixtures::portal_registry,
    },
};
use time::{Date, Duration};

fn today() -> Date {
    tadamun_store::now().date()
}

/// The plan year of these stories: yesterday's, so an activity can have ended.
fn year() -> i32 {
    (today() - Duration::days(1)).year()
}

fn field(e: StoreError) -> (String, &'static str) {
    match e {
        StoreError::Invalid(f) => (f.0[0].field.clone(), f.0[0].code),
        other => panic!("expected a field error, got {other:?}"),
    }
}

async fn audited(store: &Store, action: AuditAction) -> i64 {
    store
        .count_audit_entries(&AuditFilter {
            action: Some(action),
            ..Default::default()
        })
        .await
        .unwrap()
}

const JOD: Currency = Currency {
    code: "JOD",
    decimals: 3,
};

fn activity(
    objective: &str,
    organisation: Option<OrganisationId>,
    budget: &str,
    status: &str,
    progress: &str,
    ends_on: Date,
) -> RawActivity {
    RawActivity {
        objective: objective.into(),
        text: "زيارات منزلية".into(),
        organisation: organisation.map(|o| o.to_string()).unwrap_or_default(),
        directorate: if organisation.is_none() {
            "on".into()
        } else {
            String::new()
        },
        budget: budget.into(),
        status: status.into(),
        progress: progress.into(),
        starts_on: (ends_on - Duration::days(60)).to_string(),
        ends_on: ends_on.to_string(),
    }
}

#[tokio::test]
async fn an_adoption_keeps_the_ranking_exactly_and_refuses_what_it_must() {
    on_both(|store| async move {
        portal_registry(&store).await;
        let secretary = user_with(&store, "sec", &[BuiltinRole::PlanningMember], &["JO-IR"]).await;
        let (irbid, decision) = group_with_decision(&store, "JO-IR", "مجموعة إربد", "sec").await;
        let (amman, amman_decision) = group_with_decision(&store, "JO-AM", "مجموعة عمان", "").await;
        let planner = user_with(&store, "planner", &[BuiltinRole::Planner], &["JO-IR"]).await;
        let weights = some_weights();

        let adopted = store
            .adopt_priority_weights(
                &planner,
                irbid,
                year(),
                decision,
                &weights,
                tadamun_store::now(),
            )
            .await
            .unwrap();
        let (_, computed) = store
            .priority_ranking(
                &planner,
                &tadamun_domain::area::GovernorateCode::parse("JO-IR").unwrap(),
                &weights,
                today(),
            )
            .await
            .unwrap();
        assert!(!computed.is_empty());
        assert_eq!(adopted.ranking, computed, "stored exactly as computed");
        assert_eq!(adopted.weights, weights);
        assert_eq!(adopted.decision_text, ADOPTING_DECISION);
        assert_eq!(adopted.table_day, today());
        let reread = store
            .adoption_in_force(&planner, irbid, year())
            .await
            .unwrap()
            .unwrap();
        assert_eq!(reread, adopted, "the snapshot round-trips");
        let c = &reread.ranking[0].components[0];
        assert!(c.min <= c.value && c.value <= c.max, "{c:?}");
        // Normalised over the whole country, not the planner's one governorate: a
        // national planner sees the same scores, and the range is a real one.
        assert!(
            reread
                .ranking
                .iter()
                .flat_map(|r| &r.components)
                .any(|c| c.min < c.max),
            "every range is one governorate's value"
        );
        let national = user_with(&store, "national", &[BuiltinRole::Planner], &[]).await;
        let (_, seen_nationally) = store
            .priority_ranking(
                &national,
                &tadamun_domain::area::GovernorateCode::parse("JO-IR").unwrap(),
                &weights,
                today(),
            )
            .await
            .unwrap();
        assert_eq!(seen_nationally, computed);

        // Another group's decision is a field error; out of scope is not found; the
        // secretary records but does not adopt.
        let e = store
            .adopt_priority_weights(
                &planner,
                irbid,
                year(),
                amman_decision,
                &weights,
                tadamun_store::now(),
            )
            .await
            .unwrap_err();
        assert_eq!(field(e), ("decision".into(), "decision-of-another-group"));
        let e = store
            .adopt_priority_weights(
                &planner,
                amman,
                year(),
                amman_decision,
                &weights,
                tadamun_store::now(),
            )
            .await
            .unwrap_err();
        assert!(matches!(e, StoreError::NotFound), "{e:?}");
        let e = store
            .adopt_priority_weights(
                &secretary,
                irbid,
                year(),
                decision,
                &weights,
                tadamun_store::now(),
            )
            .await
            .unwrap_err();
        assert!(matches!(e, StoreError::Forbidden(_)), "{e:?}");

        // A newer adoption supersedes; none is ever edited.
        let newer = store
            .adopt_priority_weights(
                &planner,
                irbid,
                year(),
                decision,
                &Default::default(),
                tadamun_store::now(),
            )
            .await
            .unwrap();
        let all = store
            .priority_adoptions(&planner, irbid, Some(year()))
            .await
            .unwrap();
        assert_eq!(all.len(), 2);
        assert_eq!(all[0].id, newer.id);
        assert!(newer.ranking.iter().all(|r| r.score == 0.0));
        assert!(
            execute_raw(&store, "update planning_priority_adoptions set year = 2001")
                .await
                .is_err()
        );
        assert_eq!(
            audited(&store, AuditAction::PriorityWeightsAdopted).await,
            2
        );
    })
    .await;
}

#[tokio::test]
async fn a_plan_grows_objectives_and_activities_under_a_version() {
    on_both(|store| async move {
        let secretary = user_with(&store, "sec", &[BuiltinRole::PlanningMember], &["JO-IR"]).await;
        let (irbid, decision) = group_with_decision(&store, "JO-IR", "مجموعة إربد", "sec").await;
        let planner = user_with(&store, "planner", &[BuiltinRole::Planner], &["JO-IR"]).await;
        let elsewhere = user_with(&store, "amman", &[BuiltinRole::Planner], &["JO-AM"]).await;
        let now = tadamun_store::now();
        let objective = |priority: &str| RawObjective {
            priority: priority.into(),
            text: "رفع تغطية رعاية المسنين".into(),
        };
        let e = store
            .add_plan_objective(&planner, irbid, year(), &objective("x"), today(), now)
            .await
            .unwrap_err();
        assert_eq!(field(e), ("priority".into(), "no-adopted-priorities"));
        let adoption = store
            .adopt_priority_weights(&planner, irbid, year(), decision, &some_weights(), now)
            .await
            .unwrap();
        let top = adoption.ranking[0].key.clone();
        let e = store
            .add_plan_objective(
                &planner,
                irbid,
                year(),
                &objective("no-such-service"),
                today(),
                now,
            )
            .await
            .unwrap_err();
        assert_eq!(field(e), ("priority".into(), "not-an-adopted-priority"));
        let o = store
            .add_plan_objective(&secretary, irbid, year(), &objective(&top), today(), now)
            .await
            .unwrap();
        let e = store
            .add_plan_objective(&elsewhere, irbid, year(), &objective(&top), today(), now)
            .await
            .unwrap_err();
        assert!(matches!(e, StoreError::NotFound), "{e:?}");

        let org = registered(
            &store,
            &system(),
            "IR-1",
            "جمعية الإحسان",
            "JO-IR",
            &["JO-IR"],
        )
        .await;
        let ended = today() - Duration::days(1);
        let later = ended + Duration::days(20);
        let first = activity(&o.to_string(), None, "1", "in_progress", "50", later)
            .parse(JOD, year())
            .unwrap();
        let a = store
            .add_plan_activity(&planner, irbid, year(), &first, today(), now)
            .await
            .unwrap();
        let second = activity(&o.to_string(), Some(org), "٣", "delayed", "100", ended)
            .parse(JOD, year())
            .unwrap();
        store
            .add_plan_activity(&planner, irbid, year(), &second, today(), now)
            .await
            .unwrap();
        let unknown = activity(
            &o.to_string(),
            Some(OrganisationId::new()),
            "1",
            "planned",
            "0",
            later,
        )
        .parse(JOD, year())
        .unwrap();
        let e = store
            .add_plan_activity(&planner, irbid, year(), &unknown, today(), now)
            .await
            .unwrap_err();
        assert_eq!(field(e), ("organisation".into(), "unknown-organisation"));
        let e = store
            .add_plan_activity(&planner, irbid, year() - 1, &first, today(), now)
            .await
            .unwrap_err();
        assert_eq!(field(e), ("objective".into(), "unknown-objective"));

        let plan = store
            .annual_plan(&planner, irbid, year(), today())
            .await
            .unwrap();
        assert_eq!((plan.objectives.len(), plan.activities.len()), (1, 2));
        assert_eq!(plan.figures.budget, Money(4_000));
        // (1000 × 50 + 3000 × 100) / 4000.
        assert_eq!(plan.figures.progress(), Some(87.5));
        assert_eq!(plan.figures.overdue, 1);
        let partner = plan
            .activities
            .iter()
            .find(|x| x.organisation_name.is_some())
            .unwrap();
        assert_eq!(partner.organisation_name.as_deref(), Some("جمعية الإحسان"));

        let done = RawActivityProgress {
            status: "done".into(),
            progress: "100".into(),
        }
        .parse()
        .unwrap();
        store
            .update_activity_progress(&secretary, a, 1, &done, today(), now)
            .await
            .unwrap();
        let e = store
            .update_activity_progress(&planner, a, 1, &done, today(), now)
            .await
            .unwrap_err();
        assert!(matches!(e, StoreError::Conflict), "{e:?}");
        let e = store
            .update_activity_progress(&elsewhere, a, 2, &done, today(), now)
            .await
            .unwrap_err();
        assert!(matches!(e, StoreError::NotFound), "{e:?}");
        let moved = store.plan_activity(&planner, a, today()).await.unwrap();
        assert_eq!(
            (moved.status, moved.progress, moved.version),
            (ActivityStatus::Done, 100, 2)
        );
        assert_eq!(audited(&store, AuditAction::PlanObjectiveAdded).await, 1);
        assert_eq!(audited(&store, AuditAction::PlanActivityAdded).await, 2);
        assert_eq!(audited(&store, AuditAction::PlanActivityUpdated).await, 1);
    })
    .await;
}

#[tokio::test]
async fn the_national_rollup_adds_up_the_governorates_in_scope() {
    on_both(|store| async move {
        let sys = system();
        let now = tadamun_store::now();
        let ended = today() - Duration::days(1);
        for (gov, budget, progress) in [("JO-IR", "2", "25"), ("JO-AM", "6", "75")] {
            let (g, d) = group_with_decision(&store, gov, "مجموعة", "").await;
            let adoption = store
                .adopt_priority_weights(&sys, g, year(), d, &some_weights(), now)
                .await
                .unwrap();
            let raw = RawObjective {
                priority: adoption.ranking[0].key.clone(),
                text: "هدف".into(),
            };
            let o = store
                .add_plan_objective(&sys, g, year(), &raw, today(), now)
                .await
                .unwrap();
            let a = activity(&o.to_string(), None, budget, "in_progress", progress, ended)
                .parse(JOD, year())
                .unwrap();
            store
                .add_plan_activity(&sys, g, year(), &a, today(), now)
                .await
                .unwrap();
        }
        let national = user_with(&store, "national", &[BuiltinRole::Planner], &[]).await;
        let rows = store
            .national_plan_rollup(&national, year(), today())
            .await
            .unwrap();
        assert_eq!(rows.len(), 2);
        let mut total = tadamun_domain::planning::PlanFigures::default();
        for r in &rows {
            total.add(&r.figures);
        }
        assert_eq!(total.budget, Money(8_000));
        assert_eq!(total.overdue, 2);
        // (2000 × 25 + 6000 × 75) / 8000.
        assert_eq!(total.progress(), Some(62.5));
        assert_eq!(total.with_status(ActivityStatus::InProgress), 2);

        let irbid = user_with(&store, "irbid", &[BuiltinRole::Planner], &["JO-IR"]).await;
        let rows = store
            .national_plan_rollup(&irbid, year(), today())
            .await
            .unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].governorate.as_str(), "JO-IR");
        assert_eq!(rows[0].figures.budget, Money(2_000));
        assert!(
            store
                .national_plan_rollup(&irbid, year() + 1, today())
                .await
                .unwrap()
                .is_empty()
        );
        let clerk = user_with(&store, "clerk", &[BuiltinRole::Registrar], &["JO-IR"]).await;
        assert!(matches!(
            store
                .national_plan_rollup(&clerk, year(), today())
                .await
                .unwrap_err(),
            StoreError::Forbidden(_)
        ));
    })
    .await;
}
