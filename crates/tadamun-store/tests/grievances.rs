//! Storage stories for grievances and appeals, each on SQLite and PostgreSQL: filing
//! and the scoped queue, need-to-know on sensitive complaints, assignment to staff in
//! scope, the life cycle, escalation when the SLA passes, and the citizen's lookup.

use tadamun_domain::{
    access::BuiltinRole,
    audit::AuditAction,
    country::Country,
    grievance::{GrievanceCategory, GrievanceStatus, RawGrievance, ReceiptCode},
    ids::GrievanceId,
    lookup::LookupKey,
};
use tadamun_store::{
    Store, StoreError,
    audit::AuditFilter,
    grievances::{GrievanceCursor, GrievanceFilter},
    lookup::LookupAnswer,
    testing::fixtures::*,
    testing::on_both,
};
use time::{Duration, OffsetDateTime};

fn raw(category: &str, governorate: &str) -> RawGrievance {
    RawGrievance {
        channel: "office".into(),
        category: category.into(),
        governorate: governorate.into(),
        complainant_name: "مريم خالد العمري".into(),
        complainant_id_number: "9841230002".into(),
        description: "لم تصل دفعة الشهر الماضي".into(),
        ..Default::default()
    }
}

fn code(n: u8) -> ReceiptCode {
    ReceiptCode::from_random([n; 16])
}

async fn file(
    store: &Store,
    access: &tadamun_domain::access::Access,
    category: &str,
    governorate: &str,
    at: OffsetDateTime,
) -> GrievanceId {
    let draft = raw(category, governorate).parse(Country::Jordan).unwrap();
    store
        .file_grievance(access, &draft, &code(1), at)
        .await
        .unwrap()
        .id
}

fn field(e: StoreError) -> String {
    match e {
        StoreError::Invalid(f) => f.0[0].field.clone(),
        other => panic!("expected a field error, got {other:?}"),
    }
}

async fn audited(store: &Store, action: AuditAction) -> usize {
    store
        .count_audit_entries(&AuditFilter {
            action: Some(action),
            ..Default::default()
        })
        .await
        .unwrap() as usize
}

#[tokio::test]
async fn a_filed_grievance_gets_a_yearly_reference_and_is_seen_only_inside_its_governorate() {
    on_both(|store| async move {
        let now = tadamun_store::now();
        let irbid = user_with(&store, "irbid", &[BuiltinRole::Registrar], &["JO-IR"]).await;
        let amman = user_with(&store, "amman", &[BuiltinRole::Registrar], &["JO-AM"]).await;
        let first = file(&store, &irbid, "payment", "JO-IR", now).await;
        let draft = raw("other", "JO-IR").parse(Country::Jordan).unwrap();
        let second = store
            .file_grievance(&irbid, &draft, &code(2), now)
            .await
            .unwrap();
        assert_eq!(second.reference.number, 2);
        assert_eq!(second.reference.year, now.year());

        let g = store.get_grievance(&irbid, first).await.unwrap().unwrap();
        assert_eq!(g.status, GrievanceStatus::Open);
        assert_eq!(g.due_at, now + Duration::days(14), "the payment SLA");
        assert_eq!(g.filed_by_name.as_deref(), Some("irbid"));
        assert!(store.get_grievance(&amman, first).await.unwrap().is_none());
        assert!(
            store
                .list_grievances(&amman, &GrievanceFilter::default(), None, 10)
                .await
                .unwrap()
                .is_empty()
        );

        // Filing into someone else's governorate is refused; a bad one names its field.
        let elsewhere = raw("payment", "JO-AM").parse(Country::Jordan).unwrap();
        let e = store
            .file_grievance(&irbid, &elsewhere, &code(3), now)
            .await
            .unwrap_err();
        assert!(matches!(e, StoreError::Forbidden(_)), "{e:?}");
        let nowhere = raw("payment", "JO-XX").parse(Country::Jordan).unwrap();
        let e = store
            .file_grievance(&system(), &nowhere, &code(3), now)
            .await
            .unwrap_err();
        assert_eq!(field(e), "governorate");
        assert_eq!(audited(&store, AuditAction::GrievanceFiled).await, 2);
    })
    .await;
}

/// Runs the Jordan example over the registry and returns the decision about `h`.
async fn decided(store: &Store, h: tadamun_domain::ids::HouseholdId) -> uuid::Uuid {
    let p = tadamun_targeting::programme::pack_programmes(Country::Jordan).unwrap()[0].clone();
    store
        .save_programme_version(&system(), &p, tadamun_store::now())
        .await
        .unwrap();
    let stored = store
        .programme_version(&system(), &p.key, None)
        .await
        .unwrap();
    let applicants = applicants(store, &p).await;
    run_programme(
        store,
        &stored,
        &applicants,
        time::macros::date!(2026 - 11 - 30),
    )
    .await;
    store.household_decisions(&system(), h).await.unwrap()[0].id
}

#[tokio::test]
async fn a_grievance_about_a_household_takes_its_governorate_and_lists_with_it() {
    on_both(|store| async move {
        let now = tadamun_store::now();
        let h = store
            .create_household(&system(), &parse(&zoubi_family("411")), now)
            .await
            .unwrap();
        let officer = user_with(&store, "o", &[BuiltinRole::Registrar], &["JO-IR"]).await;
        let mut r = raw("targeting_decision", "");
        r.household_id = h.to_string();
        // A decision that does not exist is refused by name…
        r.decision_id = uuid::Uuid::now_v7().to_string();
        let unknown = r.parse(Country::Jordan).unwrap();
        let e = store
            .file_grievance(&officer, &unknown, &code(1), now)
            .await
            .unwrap_err();
        assert_eq!(field(e), "decision_id");
        // …and an appeal against a real decision about the household is linked to it.
        r.decision_id = decided(&store, h).await.to_string();
        let draft = r.parse(Country::Jordan).unwrap();
        let filed = store
            .file_grievance(&officer, &draft, &code(1), now)
            .await
            .unwrap();
        let g = store
            .get_grievance(&officer, filed.id)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(g.governorate, "JO-IR");
        assert_eq!(g.decision_id, draft.decision);
        let filter = GrievanceFilter {
            household: Some(h),
            ..Default::default()
        };
        assert_eq!(
            store
                .list_grievances(&officer, &filter, None, 10)
                .await
                .unwrap()
                .len(),
            1
        );

        let mut wrong = raw("payment", "JO-AM");
        wrong.household_id = h.to_string();
        let draft = wrong.parse(Country::Jordan).unwrap();
        let e = store
            .file_grievance(&system(), &draft, &code(1), now)
            .await
            .unwrap_err();
        assert_eq!(field(e), "governorate");
        let mut hidden = raw("payment", "");
        hidden.household_id = h.to_string();
        let amman = user_with(&store, "a", &[BuiltinRole::Registrar], &["JO-AM"]).await;
        let draft = hidden.parse(Country::Jordan).unwrap();
        let e = store
            .file_grievance(&amman, &draft, &code(1), now)
            .await
            .unwrap_err();
        assert_eq!(
            field(e),
            "household_id",
            "a household out of sight is no household"
        );
    })
    .await;
}

#[tokio::test]
async fn the_queue_filters_by_status_category_and_overdue_and_pages_by_due_time() {
    on_both(|store| async move {
        let now = tadamun_store::now();
        let sys = system();
        let old = file(&store, &sys, "payment", "JO-IR", now - Duration::days(20)).await;
        for i in 0..4 {
            file(&store, &sys, "other", "JO-IR", now + Duration::minutes(i)).await;
        }
        let overdue = GrievanceFilter {
            overdue_at: Some(now),
            ..Default::default()
        };
        let rows = store
            .list_grievances(&sys, &overdue, None, 10)
            .await
            .unwrap();
        assert_eq!(rows.iter().map(|g| g.id).collect::<Vec<_>>(), vec![old]);
        assert!(rows[0].is_overdue(now));
        let payments = GrievanceFilter {
            category: Some(GrievanceCategory::Payment),
            ..Default::default()
        };
        assert_eq!(
            store
                .list_grievances(&sys, &payments, None, 10)
                .await
                .unwrap()
                .len(),
            1
        );
        let open = GrievanceFilter {
            status: Some(GrievanceStatus::Open),
            ..Default::default()
        };
        let mut seen = Vec::new();
        let mut after = None;
        loop {
            let page = store.list_grievances(&sys, &open, after, 2).await.unwrap();
            if page.is_empty() {
                break;
            }
            let last = page.last().unwrap();
            after = GrievanceCursor::decode(
                &GrievanceCursor {
                    due_at: last.due_at,
                    id: last.id.0,
                }
                .encode(),
            );
            seen.extend(page.into_iter().map(|g| g.id));
        }
        assert_eq!(seen.len(), 5);
        assert_eq!(seen[0], old, "most urgent first");
        let mut unique = seen.clone();
        unique.dedup();
        assert_eq!(unique.len(), 5, "no row twice across pages");
    })
    .await;
}

#[tokio::test]
async fn a_sensitive_complaint_is_seen_only_by_its_filer_assignee_and_restricted_supervisors() {
    on_both(|store| async move {
        let now = tadamun_store::now();
        let filer = user_with(&store, "filer", &[BuiltinRole::Registrar], &["JO-IR"]).await;
        let colleague = user_with(&store, "colleague", &[BuiltinRole::Registrar], &["JO-IR"]).await;
        let worker = user_with(&store, "worker", &[BuiltinRole::CaseWorker], &["JO-IR"]).await;
        let supervisor = user_with(&store, "sup", &[BuiltinRole::CaseSupervisor], &["JO-IR"]).await;
        let far = user_with(&store, "far", &[BuiltinRole::CaseSupervisor], &["JO-AM"]).await;
        let id = file(&store, &filer, "protection", "JO-IR", now).await;

        assert!(
            store
                .get_grievance(&filer, id)
                .await
                .unwrap()
                .unwrap()
                .restricted
        );
        assert!(store.get_grievance(&colleague, id).await.unwrap().is_none());
        assert!(store.get_grievance(&worker, id).await.unwrap().is_none());
        assert!(
            store.get_grievance(&far, id).await.unwrap().is_none(),
            "scope still holds"
        );
        let all = GrievanceFilter::default();
        assert!(
            store
                .list_grievances(&colleague, &all, None, 10)
                .await
                .unwrap()
                .is_empty()
        );
        let e = store
            .add_grievance_note(&colleague, id, "x", now)
            .await
            .unwrap_err();
        assert!(matches!(e, StoreError::NotFound), "{e:?}");

        store
            .assign_grievance(&supervisor, id, worker.user_id.unwrap(), now)
            .await
            .unwrap();
        let seen = store.get_grievance(&worker, id).await.unwrap().unwrap();
        assert_eq!(seen.status, GrievanceStatus::Assigned);
        assert_eq!(seen.assigned_to_name.as_deref(), Some("worker"));
        assert!(store.get_grievance(&colleague, id).await.unwrap().is_none());
        assert_eq!(
            audited(&store, AuditAction::RestrictedGrievanceRead).await,
            2,
            "the filer's read and the assignee's"
        );
    })
    .await;
}

#[tokio::test]
async fn assignment_goes_only_to_grievance_staff_in_scope_and_reassigning_needs_a_supervisor() {
    on_both(|store| async move {
        let now = tadamun_store::now();
        let officer = user_with(&store, "officer", &[BuiltinRole::Registrar], &["JO-IR"]).await;
        let other = user_with(&store, "other", &[BuiltinRole::Registrar], &["JO-IR"]).await;
        let amman = user_with(&store, "amman", &[BuiltinRole::Registrar], &["JO-AM"]).await;
        let auditor = user_with(&store, "aud", &[BuiltinRole::Auditor], &["JO-IR"]).await;
        let sup = user_with(
            &store,
            "sup",
            &[BuiltinRole::RegistrySupervisor],
            &["JO-IR"],
        )
        .await;
        let id = file(&store, &officer, "payment", "JO-IR", now).await;

        let e = store
            .assign_grievance(&sup, id, amman.user_id.unwrap(), now)
            .await
            .unwrap_err();
        assert_eq!(field(e), "assignee");
        let e = store
            .assign_grievance(&sup, id, auditor.user_id.unwrap(), now)
            .await
            .unwrap_err();
        assert_eq!(field(e), "assignee");
        let e = store
            .assign_grievance(&officer, id, other.user_id.unwrap(), now)
            .await
            .unwrap_err();
        assert!(
            matches!(e, StoreError::Forbidden(_)),
            "only a supervisor assigns others"
        );

        store
            .assign_grievance(&officer, id, officer.user_id.unwrap(), now)
            .await
            .unwrap();
        let e = store
            .assign_grievance(&other, id, other.user_id.unwrap(), now)
            .await
            .unwrap_err();
        assert!(matches!(e, StoreError::Forbidden(_)), "taken already");
        store
            .assign_grievance(&sup, id, other.user_id.unwrap(), now)
            .await
            .unwrap();
        let g = store.get_grievance(&officer, id).await.unwrap().unwrap();
        assert_eq!(g.assigned_to, other.user_id);
        assert_eq!(audited(&store, AuditAction::GrievanceAssigned).await, 2);
    })
    .await;
}

#[tokio::test]
async fn the_life_cycle_refuses_wrong_moves_and_a_settlement_needs_an_answer() {
    on_both(|store| async move {
        let now = tadamun_store::now();
        let officer = user_with(&store, "officer", &[BuiltinRole::Registrar], &["JO-IR"]).await;
        let other = user_with(&store, "other", &[BuiltinRole::Registrar], &["JO-IR"]).await;
        let id = file(&store, &officer, "registration_data", "JO-IR", now).await;
        store
            .assign_grievance(&officer, id, officer.user_id.unwrap(), now)
            .await
            .unwrap();

        let e = store
            .change_grievance_status(&officer, id, GrievanceStatus::Closed, "", now)
            .await
            .unwrap_err();
        assert_eq!(field(e), "status");
        let e = store
            .change_grievance_status(&other, id, GrievanceStatus::InProgress, "", now)
            .await
            .unwrap_err();
        assert!(matches!(e, StoreError::Forbidden(_)), "not the assignee");
        store
            .change_grievance_status(
                &officer,
                id,
                GrievanceStatus::InProgress,
                "اتصلت بالمواطن",
                now,
            )
            .await
            .unwrap();
        let e = store
            .change_grievance_status(&officer, id, GrievanceStatus::Resolved, " ", now)
            .await
            .unwrap_err();
        assert_eq!(field(e), "resolution");
        store
            .change_grievance_status(
                &officer,
                id,
                GrievanceStatus::Resolved,
                "صُحّح تاريخ الميلاد",
                now,
            )
            .await
            .unwrap();
        store
            .add_grievance_note(&officer, id, "أُبلغ المواطن هاتفياً", now)
            .await
            .unwrap();
        store
            .change_grievance_status(&officer, id, GrievanceStatus::Closed, "", now)
            .await
            .unwrap();
        let g = store.get_grievance(&officer, id).await.unwrap().unwrap();
        assert_eq!(g.status, GrievanceStatus::Closed);
        assert_eq!(g.resolution.as_deref(), Some("صُحّح تاريخ الميلاد"));
        assert!(g.settled_at.is_some());
        let kinds: Vec<String> = store
            .grievance_events(&officer, id)
            .await
            .unwrap()
            .into_iter()
            .map(|e| e.kind)
            .collect();
        assert_eq!(
            kinds,
            ["filed", "assigned", "status", "status", "note", "status"]
        );
        assert_eq!(
            audited(&store, AuditAction::GrievanceStatusChanged).await,
            3
        );
        assert_eq!(audited(&store, AuditAction::GrievanceNoted).await, 1);
    })
    .await;
}

#[tokio::test]
async fn an_unsettled_grievance_escalates_once_when_its_sla_passes() {
    on_both(|store| async move {
        let filed = tadamun_store::now() - Duration::days(40);
        let sys = system();
        let late = file(&store, &sys, "protection", "JO-IR", filed).await;
        let settled = file(&store, &sys, "payment", "JO-IR", filed).await;
        store
            .change_grievance_status(
                &sys,
                settled,
                GrievanceStatus::Rejected,
                "ليست ضمن الاختصاص",
                filed,
            )
            .await
            .unwrap();
        let fresh = file(&store, &sys, "other", "JO-IR", tadamun_store::now()).await;

        // Before the protection SLA (3 days) passes, nothing moves.
        let early = filed + Duration::days(2);
        assert_eq!(
            store
                .escalate_overdue_grievances(&sys, early)
                .await
                .unwrap(),
            0
        );
        let now = tadamun_store::now();
        assert_eq!(
            store.escalate_overdue_grievances(&sys, now).await.unwrap(),
            1
        );
        assert_eq!(
            store.escalate_overdue_grievances(&sys, now).await.unwrap(),
            0,
            "once"
        );
        let g = store.get_grievance(&sys, late).await.unwrap().unwrap();
        assert_eq!(g.status, GrievanceStatus::Escalated);
        assert_eq!(g.escalated_at, Some(now));
        for id in [settled, fresh] {
            let g = store.get_grievance(&sys, id).await.unwrap().unwrap();
            assert_ne!(g.status, GrievanceStatus::Escalated);
        }
        // A supervisor picks it up again.
        let sup = user_with(&store, "sup", &[BuiltinRole::CaseSupervisor], &["JO-IR"]).await;
        store
            .assign_grievance(&sup, late, sup.user_id.unwrap(), now)
            .await
            .unwrap();
        assert_eq!(
            store.escalate_overdue_grievances(&sys, now).await.unwrap(),
            0
        );
        assert_eq!(audited(&store, AuditAction::GrievanceEscalated).await, 1);
        let officer = user_with(&store, "o", &[BuiltinRole::Registrar], &["JO-IR"]).await;
        let e = store
            .escalate_overdue_grievances(&officer, now)
            .await
            .unwrap_err();
        assert!(matches!(e, StoreError::Forbidden(_)));
    })
    .await;
}

#[tokio::test]
async fn a_citizen_finds_their_grievance_by_reference_or_id_number_with_the_receipt_code_only() {
    on_both(|store| async move {
        let now = tadamun_store::now();
        let sys = system();
        let draft = raw("payment", "JO-IR").parse(Country::Jordan).unwrap();
        let receipt = code(9);
        let filed = store
            .file_grievance(&sys, &draft, &receipt, now)
            .await
            .unwrap();
        let typed = receipt.grouped();

        let by_ref = LookupKey::Grievance(filed.reference);
        let Some(LookupAnswer::Grievance(view)) = store
            .citizen_lookup(&by_ref, &typed, None, now)
            .await
            .unwrap()
        else {
            panic!("the right code finds it");
        };
        assert_eq!(view.status, GrievanceStatus::Open);
        assert_eq!(view.category, Some(GrievanceCategory::Payment));
        assert_eq!(view.resolution, None);
        let by_id = LookupKey::IdNumber("9841230002".into());
        assert!(
            store
                .citizen_lookup(&by_id, &typed, None, now)
                .await
                .unwrap()
                .is_some()
        );

        let wrong = code(8).grouped();
        let mut unknown = filed.reference;
        unknown.number += 100;
        for (key, code) in [
            (&by_ref, wrong.as_str()),
            (&by_id, wrong.as_str()),
            (&LookupKey::Grievance(unknown), typed.as_str()),
            (&LookupKey::IdNumber("9990000000".into()), typed.as_str()),
            (&by_ref, "not a code"),
        ] {
            assert_eq!(
                store.citizen_lookup(key, code, None, now).await.unwrap(),
                None
            );
        }
        assert_eq!(audited(&store, AuditAction::GrievanceLookedUp).await, 2);

        store
            .change_grievance_status(
                &sys,
                filed.id,
                GrievanceStatus::Resolved,
                "صُرفت الدفعة",
                now,
            )
            .await
            .unwrap();
        let Some(LookupAnswer::Grievance(view)) = store
            .citizen_lookup(&by_ref, &typed, None, now)
            .await
            .unwrap()
        else {
            panic!("still found");
        };
        assert_eq!(view.resolution.as_deref(), Some("صُرفت الدفعة"));

        // A sensitive complaint's subject is not repeated on the public page.
        let draft = raw("staff_conduct", "JO-IR")
            .parse(Country::Jordan)
            .unwrap();
        let secret = store
            .file_grievance(&sys, &draft, &code(7), now)
            .await
            .unwrap();
        let key = LookupKey::Grievance(secret.reference);
        let Some(LookupAnswer::Grievance(view)) = store
            .citizen_lookup(&key, &code(7).grouped(), None, now)
            .await
            .unwrap()
        else {
            panic!("found");
        };
        assert_eq!(view.category, None);
    })
    .await;
}

/// Migration 0007 gives the new permissions to roles seeded before it; its lists must
/// be the built-in definitions'.
#[test]
fn the_migration_grants_each_grievance_permission_to_exactly_the_roles_defined_with_it() {
    use tadamun_domain::access::Permission;
    for sql in [
        include_str!("../migrations/sqlite/0007_grievances.sql"),
        include_str!("../migrations/postgres/0007_grievances.sql"),
    ] {
        for p in [
            Permission::GrievanceHandle,
            Permission::GrievanceSupervise,
            Permission::GrievanceRestricted,
        ] {
            let line = sql
                .lines()
                .find(|l| l.contains(&format!("' {}')", p.as_str())))
                .unwrap_or_else(|| panic!("no update for {p}"));
            let list = line
                .split("code in (")
                .nth(1)
                .unwrap()
                .split(')')
                .next()
                .unwrap();
            let mut in_sql: Vec<&str> = list.split(", ").map(|c| c.trim_matches('\'')).collect();
            in_sql.sort();
            let mut defined: Vec<&str> = BuiltinRole::ALL
                .iter()
                .filter(|r| r.definition().permissions.contains(&p))
                .map(|r| r.as_str())
                .collect();
            defined.sort();
            assert_eq!(in_sql, defined, "{p}");
        }
    }
}
