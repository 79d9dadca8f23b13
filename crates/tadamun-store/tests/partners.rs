//! Storage stories for the partner registry, each on SQLite and PostgreSQL:
//! registering and editing organisations, who sees and edits which, services and the
//! service map, and accreditation changes through maker-checker.

use tadamun_domain::{
    access::BuiltinRole,
    audit::AuditAction,
    change::ChangeRequestStatus,
    partner::{
        AccreditationChange, AccreditationStatus, OrganisationKind, RawServiceOffer,
        ServiceCatalogue,
    },
};
use tadamun_store::{
    Store, StoreError,
    audit::AuditFilter,
    partners::{OrganisationCursor, OrganisationFilter},
    testing::{fixtures::*, on_both, partner_fixtures::*},
};
use time::{Duration, macros::date};

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

fn today() -> time::Date {
    tadamun_store::now().date()
}

#[tokio::test]
async fn a_clerk_registers_an_organisation_pending_and_a_number_is_unique_per_country() {
    on_both(|store| async move {
        let clerk = user_with(&store, "clerk", &[BuiltinRole::Registrar], &["JO-IR"]).await;
        let id = registered(
            &store,
            &clerk,
            "IR-1",
            "جمعية الإحسان",
            "JO-IR",
            &["JO-IR", "JO-AJ"],
        )
        .await;
        let o = store.get_organisation(&clerk, id).await.unwrap().unwrap();
        assert_eq!(o.draft.kind, OrganisationKind::Charity);
        assert_eq!(o.accreditation.status, AccreditationStatus::Pending);
        assert_eq!(o.draft.governorates_served.len(), 2);
        assert_eq!(
            o.draft.contacts[0].phone.as_ref().unwrap().as_str(),
            "+962791234567"
        );
        assert_eq!(o.version, 1);

        let again = organisation_draft("ir-1", "جمعية أخرى", "JO-IR", &["JO-IR"]);
        let e = store
            .create_organisation(&clerk, &again, tadamun_store::now())
            .await
            .unwrap_err();
        assert_eq!(
            field(e),
            (
                "registration_number".into(),
                "duplicate-registration-number"
            )
        );
        let elsewhere = organisation_draft("AM-1", "جمعية عمان", "JO-AM", &["JO-AM"]);
        let e = store
            .create_organisation(&clerk, &elsewhere, tadamun_store::now())
            .await
            .unwrap_err();
        assert!(matches!(e, StoreError::Forbidden(_)), "{e:?}");
        let reader = user_with(&store, "reader", &[BuiltinRole::Auditor], &[]).await;
        let e = store
            .create_organisation(
                &reader,
                &organisation_draft("X-1", "جمعية", "JO-IR", &["JO-IR"]),
                tadamun_store::now(),
            )
            .await
            .unwrap_err();
        assert!(matches!(e, StoreError::Forbidden(_)), "{e:?}");
        assert_eq!(audited(&store, AuditAction::OrganisationCreated).await, 1);
    })
    .await;
}

#[tokio::test]
async fn staff_see_organisations_registered_in_or_serving_their_area_and_edit_only_their_own() {
    on_both(|store| async move {
        let sys = system();
        let irbid_org = registered(&store, &sys, "IR-1", "جمعية الإحسان", "JO-IR", &["JO-IR"]).await;
        let amman_serving_irbid = registered(
            &store,
            &sys,
            "AM-1",
            "مركز الأمل",
            "JO-AM",
            &["JO-AM", "JO-IR"],
        )
        .await;
        let amman_only =
            registered(&store, &sys, "AM-2", "جمعية العاصمة", "JO-AM", &["JO-AM"]).await;
        let clerk = user_with(&store, "clerk", &[BuiltinRole::Registrar], &["JO-IR"]).await;
        assert!(
            store
                .get_organisation(&clerk, irbid_org)
                .await
                .unwrap()
                .is_some()
        );
        let serving = store
            .get_organisation(&clerk, amman_serving_irbid)
            .await
            .unwrap()
            .unwrap();
        assert!(
            store
                .get_organisation(&clerk, amman_only)
                .await
                .unwrap()
                .is_none()
        );
        let page = store
            .list_organisations(&clerk, &OrganisationFilter::default(), today(), None, 50)
            .await
            .unwrap();
        assert_eq!(page.rows.len(), 2);

        // Seen because it serves Irbid, but registered in Amman: edited there only.
        let e = store
            .update_organisation(
                &clerk,
                amman_serving_irbid,
                serving.version,
                &serving.draft,
                tadamun_store::now(),
            )
            .await
            .unwrap_err();
        assert!(matches!(e, StoreError::Forbidden(_)), "{e:?}");
        let e = store
            .update_organisation(&clerk, amman_only, 1, &serving.draft, tadamun_store::now())
            .await
            .unwrap_err();
        assert!(matches!(e, StoreError::NotFound), "{e:?}");

        let mut draft = store
            .get_organisation(&clerk, irbid_org)
            .await
            .unwrap()
            .unwrap()
            .draft;
        draft.name_en = Some("Al-Ihsan".into());
        store
            .update_organisation(&clerk, irbid_org, 1, &draft, tadamun_store::now())
            .await
            .unwrap();
        let e = store
            .update_organisation(&clerk, irbid_org, 1, &draft, tadamun_store::now())
            .await
            .unwrap_err();
        assert!(matches!(e, StoreError::Conflict), "a stale version: {e:?}");
        assert_eq!(
            store
                .get_organisation(&clerk, irbid_org)
                .await
                .unwrap()
                .unwrap()
                .version,
            2
        );
    })
    .await;
}

#[tokio::test]
async fn a_partner_user_sees_and_edits_only_their_own_organisation() {
    on_both(|store| async move {
        let sys = system();
        let own = registered(&store, &sys, "IR-1", "جمعية الإحسان", "JO-IR", &["JO-IR"]).await;
        let other = registered(&store, &sys, "IR-2", "جمعية النور", "JO-IR", &["JO-IR"]).await;
        offered(&store, &sys, other, "food", "JO-IR", 500).await;
        let partner = user_with(&store, "partner", &[BuiltinRole::PartnerUser], &["JO-IR"]).await;
        // Not yet linked: a partner's staff member sees nothing at all.
        assert!(
            store
                .get_organisation(&partner, own)
                .await
                .unwrap()
                .is_none()
        );
        assert!(
            store
                .list_organisations(&partner, &OrganisationFilter::default(), today(), None, 50)
                .await
                .unwrap()
                .rows
                .is_empty()
        );
        let e = store
            .link_partner_user(&partner, own, "partner", tadamun_store::now())
            .await
            .unwrap_err();
        assert!(
            matches!(e, StoreError::NotFound | StoreError::Forbidden(_)),
            "{e:?}"
        );
        let clerk = user_with(&store, "clerk", &[BuiltinRole::Registrar], &["JO-IR"]).await;
        let e = store
            .link_partner_user(&clerk, own, "nobody", tadamun_store::now())
            .await
            .unwrap_err();
        assert_eq!(field(e), ("username".into(), "unknown-user"));
        let e = store
            .link_partner_user(&clerk, own, "clerk", tadamun_store::now())
            .await
            .unwrap_err();
        assert_eq!(
            field(e),
            ("username".into(), "not-a-partner-user"),
            "a ministry clerk is never narrowed"
        );
        store
            .link_partner_user(&clerk, own, "partner", tadamun_store::now())
            .await
            .unwrap();
        assert_eq!(
            store.partner_users(&clerk, own).await.unwrap()[0].1,
            "partner"
        );

        assert!(
            store
                .get_organisation(&partner, own)
                .await
                .unwrap()
                .is_some()
        );
        assert!(
            store
                .get_organisation(&partner, other)
                .await
                .unwrap()
                .is_none()
        );
        let listed = store
            .list_organisations(&partner, &OrganisationFilter::default(), today(), None, 50)
            .await
            .unwrap();
        assert_eq!(
            listed.rows.iter().map(|r| r.id).collect::<Vec<_>>(),
            vec![own]
        );
        assert!(matches!(
            store.organisation_services(&partner, other).await,
            Err(StoreError::NotFound)
        ));
        let map = store
            .service_supply(&partner, today(), false)
            .await
            .unwrap();
        assert!(
            map.is_empty(),
            "another organisation's offers are not counted: {map:?}"
        );

        let mut draft = store
            .get_organisation(&partner, own)
            .await
            .unwrap()
            .unwrap()
            .draft;
        draft.name_en = Some("Al-Ihsan".into());
        draft
            .governorates_served
            .insert(tadamun_domain::area::GovernorateCode::parse("JO-AJ").unwrap());
        store
            .update_organisation(&partner, own, 1, &draft, tadamun_store::now())
            .await
            .unwrap();
        let mut renumbered = draft.clone();
        renumbered.registration_number =
            tadamun_domain::partner::RegistrationNumber::parse("IR-9").unwrap();
        let e = store
            .update_organisation(&partner, own, 2, &renumbered, tadamun_store::now())
            .await
            .unwrap_err();
        assert_eq!(field(e), ("registration_number".into(), "set-by-ministry"));
        // Unlinked, they see nothing again; only a manager over the head office unlinks.
        let partner_id = partner.user_id.unwrap();
        let e = store
            .unlink_partner_user(&partner, own, partner_id, tadamun_store::now())
            .await
            .unwrap_err();
        assert!(matches!(e, StoreError::Forbidden(_)), "{e:?}");
        store
            .unlink_partner_user(&clerk, own, partner_id, tadamun_store::now())
            .await
            .unwrap();
        assert!(
            store
                .get_organisation(&partner, own)
                .await
                .unwrap()
                .is_none()
        );
        let e = store
            .unlink_partner_user(&clerk, own, partner_id, tadamun_store::now())
            .await
            .unwrap_err();
        assert!(matches!(e, StoreError::NotFound), "{e:?}");
        store
            .link_partner_user(&clerk, own, "partner", tadamun_store::now())
            .await
            .unwrap();
        let other_draft = organisation_draft("IR-2", "جمعية النور", "JO-IR", &["JO-IR"]);
        let e = store
            .update_organisation(&partner, other, 1, &other_draft, tadamun_store::now())
            .await
            .unwrap_err();
        assert!(matches!(e, StoreError::NotFound), "{e:?}");
        let e = store
            .request_accreditation(
                &partner,
                own,
                &accredit(date!(2099 - 01 - 01)),
                "تجديد",
                tadamun_store::now(),
            )
            .await
            .unwrap_err();
        assert!(matches!(e, StoreError::Forbidden(_)), "{e:?}");
        assert_eq!(
            store
                .get_organisation(&sys, other)
                .await
                .unwrap()
                .unwrap()
                .version,
            1
        );
    })
    .await;
}

fn accredit(until: time::Date) -> AccreditationChange {
    AccreditationChange {
        status: AccreditationStatus::Accredited,
        expires_on: Some(until),
    }
}

#[tokio::test]
async fn services_are_offered_once_per_governorate_and_the_map_adds_them_up_in_scope() {
    on_both(|store| async move {
        let sys = system();
        let a = registered(
            &store,
            &sys,
            "IR-1",
            "جمعية الإحسان",
            "JO-IR",
            &["JO-IR", "JO-AJ"],
        )
        .await;
        let b = registered(
            &store,
            &sys,
            "AM-1",
            "مركز الأمل",
            "JO-AM",
            &["JO-AM", "JO-IR"],
        )
        .await;
        offered(&store, &sys, a, "food", "JO-IR", 1200).await;
        offered(&store, &sys, a, "food", "JO-AJ", 300).await;
        offered(&store, &sys, b, "food", "JO-IR", 800).await;
        offered(&store, &sys, b, "legal_aid", "JO-AM", 50).await;

        let org = store.get_organisation(&sys, a).await.unwrap().unwrap();
        let raw = |service: &str, governorate: &str| RawServiceOffer {
            service: service.into(),
            governorate: governorate.into(),
            capacity: "10".into(),
            eligibility_notes: String::new(),
        };
        let again = raw("food", "JO-IR")
            .parse(&pack(), ServiceCatalogue::builtin(), &org)
            .unwrap();
        let e = store
            .save_service_offer(&sys, a, None, &again, tadamun_store::now())
            .await
            .unwrap_err();
        assert_eq!(field(e), ("service".into(), "duplicate-service-offer"));
        let mut elsewhere = again.clone();
        elsewhere.governorate = tadamun_domain::area::GovernorateCode::parse("JO-AM").unwrap();
        let e = store
            .save_service_offer(&sys, a, None, &elsewhere, tadamun_store::now())
            .await
            .unwrap_err();
        assert_eq!(field(e), ("governorate".into(), "governorate-not-served"));

        // A governorate with offers cannot stop being served.
        let mut narrower = org.draft.clone();
        narrower
            .governorates_served
            .retain(|g| g.as_str() == "JO-IR");
        let e = store
            .update_organisation(&sys, a, 1, &narrower, tadamun_store::now())
            .await
            .unwrap_err();
        assert_eq!(
            field(e),
            ("governorates_served".into(), "governorate-has-services")
        );

        let national = store.service_supply(&sys, today(), false).await.unwrap();
        let cell = |cells: &[tadamun_domain::partner::SupplyCell], g: &str, s: &str| {
            cells
                .iter()
                .find(|c| c.governorate.as_str() == g && c.service == s)
                .map(|c| (c.organisations, c.capacity))
        };
        assert_eq!(cell(&national, "JO-IR", "food"), Some((2, 2000)));
        assert_eq!(cell(&national, "JO-AJ", "food"), Some((1, 300)));
        assert_eq!(national.len(), 3);
        let irbid = user_with(
            &store,
            "irbid",
            &[BuiltinRole::ProgrammeOfficer],
            &["JO-IR"],
        )
        .await;
        let scoped = store.service_supply(&irbid, today(), false).await.unwrap();
        assert_eq!(scoped.len(), 1, "only offers inside the area: {scoped:?}");
        assert!(
            store
                .service_supply(&sys, today(), true)
                .await
                .unwrap()
                .is_empty(),
            "nobody is accredited yet"
        );

        // Edit and withdraw an offer.
        let offers = store.organisation_services(&sys, a).await.unwrap();
        let aj = offers
            .iter()
            .find(|o| o.draft.governorate.as_str() == "JO-AJ")
            .unwrap();
        let mut bigger = aj.draft.clone();
        bigger.capacity = 450;
        store
            .save_service_offer(&sys, a, Some(aj.id), &bigger, tadamun_store::now())
            .await
            .unwrap();
        assert_eq!(
            cell(
                &store.service_supply(&sys, today(), false).await.unwrap(),
                "JO-AJ",
                "food"
            ),
            Some((1, 450))
        );
        store
            .remove_service_offer(&sys, a, aj.id, tadamun_store::now())
            .await
            .unwrap();
        assert_eq!(
            cell(
                &store.service_supply(&sys, today(), false).await.unwrap(),
                "JO-AJ",
                "food"
            ),
            None
        );
        assert_eq!(audited(&store, AuditAction::PartnerServiceRemoved).await, 1);
    })
    .await;
}

#[tokio::test]
async fn an_accreditation_change_needs_a_second_person_in_scope_and_is_audited() {
    on_both(|store| async move {
        let sys = system();
        let org = registered(&store, &sys, "IR-1", "جمعية الإحسان", "JO-IR", &["JO-IR"]).await;
        offered(&store, &sys, org, "food", "JO-IR", 100).await;
        let clerk = user_with(&store, "clerk", &[BuiltinRole::Registrar], &["JO-IR"]).await;
        let other_clerk = user_with(&store, "clerk2", &[BuiltinRole::Registrar], &["JO-IR"]).await;
        let supervisor = user_with(
            &store,
            "super",
            &[BuiltinRole::RegistrySupervisor],
            &["JO-IR"],
        )
        .await;
        let amman_supervisor = user_with(
            &store,
            "super.am",
            &[BuiltinRole::RegistrySupervisor],
            &["JO-AM"],
        )
        .await;
        let now = tadamun_store::now();
        let until = today() + Duration::days(365);

        let e = store
            .request_accreditation(&clerk, org, &accredit(until), " ", now)
            .await
            .unwrap_err();
        assert_eq!(field(e), ("reason".into(), "required"));
        let id = store
            .request_accreditation(&clerk, org, &accredit(until), "استوفت الشروط", now)
            .await
            .unwrap();
        let e = store
            .request_accreditation(&other_clerk, org, &accredit(until), "مرة ثانية", now)
            .await
            .unwrap_err();
        assert_eq!(field(e), ("status".into(), "accreditation-pending"));
        // Still pending: nothing applied.
        assert_eq!(
            store
                .get_organisation(&sys, org)
                .await
                .unwrap()
                .unwrap()
                .accreditation
                .status,
            AccreditationStatus::Pending
        );

        let e = store
            .decide_accreditation(&clerk, id, true, "", now)
            .await
            .unwrap_err();
        assert!(
            matches!(e, StoreError::Forbidden(_)),
            "a registrar may not approve: {e:?}"
        );
        let requester_supervisor = user_with(
            &store,
            "super2",
            &[BuiltinRole::RegistrySupervisor],
            &["JO-IR"],
        )
        .await;
        let own = store
            .request_accreditation(&requester_supervisor, org, &accredit(until), "x", now)
            .await;
        assert!(own.is_err(), "one proposal waits at a time");
        let e = store
            .decide_accreditation(&amman_supervisor, id, true, "", now)
            .await
            .unwrap_err();
        assert!(
            matches!(e, StoreError::NotFound),
            "outside the scope it does not exist: {e:?}"
        );

        assert_eq!(
            store
                .decide_accreditation(&supervisor, id, true, "موافقة", now)
                .await
                .unwrap(),
            ChangeRequestStatus::Approved
        );
        let o = store.get_organisation(&sys, org).await.unwrap().unwrap();
        assert_eq!(
            (o.accreditation.status, o.accreditation.expires_on),
            (AccreditationStatus::Accredited, Some(until))
        );
        let e = store
            .decide_accreditation(&supervisor, id, false, "", now)
            .await
            .unwrap_err();
        assert!(matches!(e, StoreError::Conflict), "{e:?}");
        let done = store
            .accreditation_requests(&clerk, Some(org), None, 10)
            .await
            .unwrap();
        assert_eq!(
            (done[0].status, done[0].decided_by_name.as_deref()),
            (ChangeRequestStatus::Approved, Some("super"))
        );
        assert_eq!(done[0].before.status, AccreditationStatus::Pending);
        for action in [
            AuditAction::ChangeRequested,
            AuditAction::ChangeApproved,
            AuditAction::ChangeApplied,
        ] {
            assert_eq!(audited(&store, action).await, 1, "{action:?}");
        }
        // The household queue is untouched by organisation requests.
        assert!(
            store
                .change_requests(&sys, ChangeRequestStatus::Approved, 10)
                .await
                .unwrap()
                .is_empty()
        );

        // The proposer cannot approve their own; a rejection changes nothing.
        let suspend = AccreditationChange {
            status: AccreditationStatus::Suspended,
            expires_on: Some(until),
        };
        let second = store
            .request_accreditation(&requester_supervisor, org, &suspend, "مخالفة", now)
            .await
            .unwrap();
        let e = store
            .decide_accreditation(&requester_supervisor, second, true, "", now)
            .await
            .unwrap_err();
        assert!(matches!(e, StoreError::Forbidden(_)), "{e:?}");
        assert_eq!(
            store
                .decide_accreditation(&supervisor, second, false, "لا", now)
                .await
                .unwrap(),
            ChangeRequestStatus::Rejected
        );
        assert_eq!(
            store
                .get_organisation(&sys, org)
                .await
                .unwrap()
                .unwrap()
                .accreditation
                .status,
            AccreditationStatus::Accredited
        );
        assert_eq!(
            store
                .service_supply(&sys, today(), true)
                .await
                .unwrap()
                .len(),
            1
        );

        // After its last day the accreditation reads as expired, in lists and the map.
        let later = until + Duration::days(1);
        assert!(
            store
                .service_supply(&sys, later, true)
                .await
                .unwrap()
                .is_empty()
        );
        let expired = OrganisationFilter {
            status: Some(AccreditationStatus::Expired),
            ..Default::default()
        };
        assert_eq!(
            store
                .list_organisations(&sys, &expired, later, None, 10)
                .await
                .unwrap()
                .rows
                .len(),
            1
        );
        assert!(
            store
                .list_organisations(&sys, &expired, today(), None, 10)
                .await
                .unwrap()
                .rows
                .is_empty()
        );
    })
    .await;
}

#[tokio::test]
async fn the_list_searches_names_as_registry_names_and_pages_by_name() {
    on_both(|store| async move {
        let sys = system();
        for (i, name) in [
            "جمعية الإحسان",
            "جمعية النور",
            "مركز الأمل",
            "جمعية الهلال",
            "تعاونية المرأة",
        ]
        .iter()
        .enumerate()
        {
            let id = registered(&store, &sys, &format!("N-{i}"), name, "JO-IR", &["JO-IR"]).await;
            if i == 1 {
                offered(&store, &sys, id, "legal_aid", "JO-IR", 40).await;
            }
        }
        let find = |query: &str| OrganisationFilter {
            query: Some(query.into()),
            ..Default::default()
        };
        let names = |page: tadamun_store::partners::OrganisationPage| {
            page.rows.into_iter().map(|r| r.name_ar).collect::<Vec<_>>()
        };
        assert_eq!(
            names(
                store
                    .list_organisations(&sys, &find("الاحسان"), today(), None, 10)
                    .await
                    .unwrap()
            ),
            vec!["جمعية الإحسان"]
        );
        assert_eq!(
            store
                .list_organisations(&sys, &find("n-3"), today(), None, 10)
                .await
                .unwrap()
                .rows
                .len(),
            1
        );
        assert!(
            store
                .list_organisations(&sys, &find("%"), today(), None, 10)
                .await
                .unwrap()
                .rows
                .is_empty()
        );
        let legal = OrganisationFilter {
            service: Some("legal_aid".into()),
            ..Default::default()
        };
        let found = store
            .list_organisations(&sys, &legal, today(), None, 10)
            .await
            .unwrap();
        assert_eq!(
            (
                found.rows.len(),
                found.rows[0].services,
                found.rows[0].capacity
            ),
            (1, 1, 40)
        );

        let mut seen = Vec::new();
        let mut after: Option<OrganisationCursor> = None;
        loop {
            let page = store
                .list_organisations(
                    &sys,
                    &OrganisationFilter::default(),
                    today(),
                    after.as_ref(),
                    2,
                )
                .await
                .unwrap();
            seen.extend(page.rows.iter().map(|r| r.name_ar.clone()));
            match page.next {
                Some(next) => after = Some(OrganisationCursor::decode(&next.encode()).unwrap()),
                None => break,
            }
        }
        assert_eq!(seen.len(), 5);
        let mut sorted = seen.clone();
        sorted.sort_by_key(|n| tadamun_arabic::normalize_letters(n));
        assert_eq!(seen, sorted);
    })
    .await;
}

#[tokio::test]
async fn a_registry_from_before_partners_upgrades_keeping_its_change_requests_and_their_pairs() {
    use tadamun_domain::duplicate::{
        DuplicateBand, DuplicateDecision, DuplicateSource, DuplicateStatus,
    };
    tadamun_store::testing::on_both_at(9, |store| async move {
        let now = tadamun_store::now();
        let clerk = user_with(&store, "clerk", &[BuiltinRole::Registrar], &[]).await;
        let draft = zoubi_family("555").parse(&pack(), today()).unwrap();
        let h = store
            .create_household(&system(), &draft, now)
            .await
            .unwrap();
        let members = store
            .get_household(&system(), h)
            .await
            .unwrap()
            .unwrap()
            .members;
        let pair = tadamun_store::duplicates::QueuedPair {
            a: members[2].id,
            b: members[3].id,
            score: 5.0,
            band: DuplicateBand::Review,
            reason_en: String::new(),
            reason_ar: String::new(),
            reasons: Vec::new(),
        };
        store
            .queue_duplicates(&system(), &[pair], DuplicateSource::Batch, now)
            .await
            .unwrap();
        let queued = store
            .duplicate_queue(&system(), DuplicateStatus::Open, None, 10)
            .await
            .unwrap()[0]
            .id;
        let filed = store
            .decide_duplicate(
                &clerk,
                queued,
                DuplicateDecision::Same {
                    keep: members[2].id,
                },
                "سجل مكرر",
                now,
            )
            .await
            .unwrap()
            .expect("a merge request");

        // 0010 rebuilds change_requests on SQLite; the pair must still find its request.
        store.migrate().await.unwrap();
        let pending = store
            .change_requests(&system(), ChangeRequestStatus::Pending, 10)
            .await
            .unwrap();
        assert_eq!(
            pending.iter().map(|r| r.id).collect::<Vec<_>>(),
            vec![filed]
        );
        let same = store
            .duplicate_queue(&system(), DuplicateStatus::Same, None, 10)
            .await
            .unwrap();
        assert_eq!(same[0].change_request_id, Some(filed));
        let org = registered(
            &store,
            &system(),
            "IR-1",
            "جمعية الإحسان",
            "JO-IR",
            &["JO-IR"],
        )
        .await;
        store
            .request_accreditation(
                &clerk,
                org,
                &accredit(today() + Duration::days(30)),
                "x",
                now,
            )
            .await
            .unwrap();
        assert_eq!(
            store
                .change_requests(&system(), ChangeRequestStatus::Pending, 10)
                .await
                .unwrap()
                .len(),
            1
        );
    })
    .await;
}
