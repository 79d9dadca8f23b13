//! Storage story for the security model, on SQLite and PostgreSQL: area scope filters
//! every read and refuses writes outside it, restricted households exist only for those
//! granted, and maker-checker requests need a second person with scope.

use tadamun_domain::{
    access::BuiltinRole,
    change::{ChangePayload, ChangeRequestStatus},
    ids::HouseholdId,
};
use tadamun_store::{Store, StoreError, testing::fixtures::*, testing::on_both};

/// One family in Irbid and one in Amman.
async fn two_families(store: &Store) -> (HouseholdId, HouseholdId) {
    let now = tadamun_store::now();
    let irbid = store
        .create_household(&system(), &parse(&zoubi_family("301")), now)
        .await
        .unwrap();
    let mut amman = zoubi_family("302");
    amman.governorate = "JO-AM".into();
    amman.district = String::new();
    let amman = store
        .create_household(&system(), &parse(&amman), now)
        .await
        .unwrap();
    (irbid, amman)
}

#[tokio::test]
async fn a_registrar_in_irbid_cannot_see_edit_count_search_or_export_amman() {
    on_both(|store| async move {
        let (irbid, amman) = two_families(&store).await;
        let clerk = user_with(&store, "clerk.irbid", &[BuiltinRole::Registrar], &["JO-IR"]).await;
        assert!(store.get_household(&clerk, irbid).await.unwrap().is_some());
        assert!(store.get_household(&clerk, amman).await.unwrap().is_none());
        assert!(matches!(
            store.household_history(&clerk, amman).await,
            Err(StoreError::NotFound)
        ));
        assert_eq!(store.count_households(&clerk).await.unwrap(), 1);
        let page = store.households_page(&clerk, None, 100).await.unwrap();
        assert_eq!(page.iter().map(|h| h.id).collect::<Vec<_>>(), [irbid]);
        let counts = store.counts_by_governorate(&clerk, "JO").await.unwrap();
        assert_eq!(
            counts.iter().map(|c| c.code.as_str()).collect::<Vec<_>>(),
            ["JO-IR"],
            "the dashboard lists only the clerk's governorates"
        );
        let hits = store
            .search_persons(&clerk, "الزعبي", None, 50)
            .await
            .unwrap()
            .hits;
        assert!(!hits.is_empty());
        assert!(hits.iter().all(|h| h.household_id == irbid.0));
        let by_number = store
            .search_persons(&clerk, "9803020001", None, 50)
            .await
            .unwrap();
        assert!(
            by_number.hits.is_empty(),
            "an Amman ID number finds nothing"
        );
        let everyone = store
            .search_persons(&system(), "9803020001", None, 50)
            .await
            .unwrap();
        assert_eq!(everyone.hits.len(), 1, "the number does exist");

        let h = store
            .get_household(&system(), amman)
            .await
            .unwrap()
            .unwrap();
        let edit = store
            .update_household(
                &clerk,
                amman,
                h.version,
                &h.to_draft(),
                &[],
                tadamun_store::now(),
            )
            .await;
        assert!(matches!(edit, Err(StoreError::NotFound)), "{edit:?}");
        let mut in_amman = zoubi_family("303");
        in_amman.governorate = "JO-AM".into();
        in_amman.district = String::new();
        let created = store
            .create_household(&clerk, &parse(&in_amman), tadamun_store::now())
            .await;
        assert!(
            matches!(created, Err(StoreError::Forbidden(_))),
            "{created:?}"
        );
    })
    .await;
}

#[tokio::test]
async fn a_restricted_household_exists_only_for_those_granted() {
    on_both(|store| async move {
        let (irbid, _) = two_families(&store).await;
        let now = tadamun_store::now();
        let supervisor = user_with(
            &store,
            "case.sup",
            &[BuiltinRole::CaseSupervisor],
            &["JO-IR"],
        )
        .await;
        let worker = user_with(
            &store,
            "case.worker",
            &[BuiltinRole::CaseWorker],
            &["JO-IR"],
        )
        .await;
        let national = user_with(&store, "national", &[BuiltinRole::Registrar], &[]).await;
        let far_worker = user_with(
            &store,
            "worker.amman",
            &[BuiltinRole::CaseWorker],
            &["JO-AM"],
        )
        .await;
        store
            .set_restriction(
                &supervisor,
                irbid,
                true,
                &[supervisor.user_id.unwrap()],
                &["case_worker".to_owned()],
                now,
            )
            .await
            .unwrap();
        assert!(store.is_restricted(irbid).await.unwrap());
        for (who, sees) in [
            (&supervisor, true),
            (&worker, true),
            (&national, false),
            (&far_worker, false),
        ] {
            let name = &who.actor_name;
            assert_eq!(
                store.get_household(who, irbid).await.unwrap().is_some(),
                sees,
                "{name}"
            );
            let hits = store
                .search_persons(who, "الزعبي", None, 50)
                .await
                .unwrap()
                .hits;
            assert_eq!(
                hits.iter().any(|h| h.household_id == irbid.0),
                sees,
                "{name}"
            );
            let irbid_count = store
                .counts_by_governorate(who, "JO")
                .await
                .unwrap()
                .into_iter()
                .find(|c| c.code == "JO-IR")
                .map(|c| c.households)
                .unwrap_or(0);
            assert_eq!(irbid_count, i64::from(sees), "{name}");
        }
        let refused = store
            .set_restriction(&national, irbid, false, &[], &[], now)
            .await;
        assert!(
            matches!(refused, Err(StoreError::Forbidden(_))),
            "{refused:?}"
        );
        let other_supervisor =
            user_with(&store, "reg.sup", &[BuiltinRole::RegistrySupervisor], &[]).await;
        let hidden = store
            .set_restriction(&other_supervisor, irbid, false, &[], &[], now)
            .await;
        assert!(
            matches!(hidden, Err(StoreError::NotFound)),
            "a supervisor not granted cannot lift it: {hidden:?}"
        );
    })
    .await;
}

#[tokio::test]
async fn nobody_approves_their_own_request_or_one_outside_their_scope() {
    on_both(|store| async move {
        let (irbid, _) = two_families(&store).await;
        let now = tadamun_store::now();
        let both = [BuiltinRole::Registrar, BuiltinRole::RegistrySupervisor];
        let maker = user_with(&store, "sup.irbid", &both, &["JO-IR"]).await;
        let amman_checker = user_with(
            &store,
            "sup.amman",
            &[BuiltinRole::RegistrySupervisor],
            &["JO-AM"],
        )
        .await;
        let irbid_checker = user_with(
            &store,
            "sup.irbid2",
            &[BuiltinRole::RegistrySupervisor],
            &["JO-IR"],
        )
        .await;
        let registrar = user_with(&store, "reg.irbid", &[BuiltinRole::Registrar], &["JO-IR"]).await;
        let national_checker = user_with(
            &store,
            "sup.national",
            &[BuiltinRole::RegistrySupervisor],
            &[],
        )
        .await;

        let h = store.get_household(&maker, irbid).await.unwrap().unwrap();
        let mut draft = h.to_draft();
        draft.governorate = pack().governorate("JO-AM").unwrap();
        draft.district = None;
        let payload = ChangePayload::Edit {
            version: h.version,
            draft: Box::new(draft),
            member_ids: h.members.iter().map(|m| Some(m.id)).collect(),
        };
        let id = store
            .request_change(&maker, irbid, &payload, "انتقلت الأسرة إلى عمّان", now)
            .await
            .unwrap();
        let own = store.decide_change_request(&maker, id, true, "", now).await;
        assert!(matches!(own, Err(StoreError::Forbidden(_))), "{own:?}");
        let no_permission = store
            .decide_change_request(&registrar, id, true, "", now)
            .await;
        assert!(
            matches!(no_permission, Err(StoreError::Forbidden(_))),
            "{no_permission:?}"
        );
        let out_of_scope = store
            .decide_change_request(&amman_checker, id, true, "", now)
            .await;
        assert!(
            matches!(out_of_scope, Err(StoreError::NotFound)),
            "an Amman approver cannot even see an Irbid household: {out_of_scope:?}"
        );
        let half_scope = store
            .decide_change_request(&irbid_checker, id, true, "", now)
            .await;
        assert!(
            matches!(half_scope, Err(StoreError::Forbidden(_))),
            "a move into Amman needs an approver over Amman too: {half_scope:?}"
        );
        let pending = store
            .change_requests(&national_checker, ChangeRequestStatus::Pending, 10)
            .await
            .unwrap();
        assert_eq!(pending.len(), 1);
        assert_eq!(pending[0].requested_by_name, "sup.irbid");
        assert_eq!(pending[0].before["governorate"], "JO-IR");
        assert_eq!(pending[0].after["governorate"], "JO-AM");
        let status = store
            .decide_change_request(&national_checker, id, true, "موافق", now)
            .await
            .unwrap();
        assert_eq!(status, ChangeRequestStatus::Approved);
        let moved = store
            .get_household(&system(), irbid)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(moved.governorate.as_str(), "JO-AM");
        assert!(
            store.get_household(&maker, irbid).await.unwrap().is_none(),
            "gone from Irbid's view"
        );
        let twice = store
            .decide_change_request(&national_checker, id, true, "", now)
            .await;
        assert!(matches!(twice, Err(StoreError::Conflict)), "{twice:?}");
    })
    .await;
}

#[tokio::test]
async fn deleting_and_merging_persons_wait_for_approval_and_keep_history() {
    on_both(|store| async move {
        let (irbid, _) = two_families(&store).await;
        let now = tadamun_store::now();
        let maker = user_with(&store, "maker", &[BuiltinRole::Registrar], &["JO-IR"]).await;
        let checker = user_with(
            &store,
            "checker",
            &[BuiltinRole::RegistrySupervisor],
            &["JO-IR"],
        )
        .await;
        let h = store.get_household(&maker, irbid).await.unwrap().unwrap();
        let (head, son, daughter) = (h.members[0].id, h.members[2].id, h.members[3].id);
        let refused = store
            .request_change(
                &maker,
                irbid,
                &ChangePayload::DeletePerson { person: head },
                "خطأ",
                now,
            )
            .await;
        assert!(
            matches!(refused, Err(StoreError::Invalid(_))),
            "the head is not deleted: {refused:?}"
        );
        let delete = store
            .request_change(
                &maker,
                irbid,
                &ChangePayload::DeletePerson { person: daughter },
                "سجلت خطأ",
                now,
            )
            .await
            .unwrap();
        assert_eq!(
            store
                .get_household(&maker, irbid)
                .await
                .unwrap()
                .unwrap()
                .members
                .len(),
            4,
            "nothing changes before approval"
        );
        store
            .decide_change_request(&checker, delete, true, "", now)
            .await
            .unwrap();
        let merge = store
            .request_change(
                &maker,
                irbid,
                &ChangePayload::MergePersons {
                    keep: son,
                    remove: h.members[1].id,
                },
                "تكرار",
                now,
            )
            .await
            .unwrap();
        store
            .decide_change_request(&checker, merge, false, "ليسا الشخص نفسه", now)
            .await
            .unwrap();
        let after = store.get_household(&maker, irbid).await.unwrap().unwrap();
        assert_eq!(after.members.len(), 3);
        assert!(after.members.iter().all(|m| m.id != daughter));
        let counts = store.counts_by_governorate(&maker, "JO").await.unwrap();
        assert_eq!(counts[0].persons, 3, "the living count follows");
        let history = store.household_history(&maker, irbid).await.unwrap();
        let deleted = history.last().unwrap();
        assert_eq!(
            deleted.kind,
            tadamun_domain::history::ChangeKind::PersonDeleted
        );
        assert_eq!(deleted.approved_by_name.as_deref(), Some("checker"));
        let all = store
            .household_change_requests(&maker, irbid)
            .await
            .unwrap();
        let statuses: Vec<_> = all.iter().map(|r| r.status).collect();
        assert_eq!(
            statuses,
            [ChangeRequestStatus::Rejected, ChangeRequestStatus::Approved]
        );
    })
    .await;
}

#[tokio::test]
async fn writes_and_restricted_reads_are_audited_in_an_intact_chain() {
    use tadamun_domain::audit::{AuditAction, AuditVerdict};
    use tadamun_store::audit::AuditFilter;
    on_both(|store| async move {
        let (irbid, _) = two_families(&store).await;
        let now = tadamun_store::now();
        let supervisor = user_with(
            &store,
            "case.sup",
            &[BuiltinRole::CaseSupervisor],
            &["JO-IR"],
        )
        .await;
        store
            .set_restriction(
                &supervisor,
                irbid,
                true,
                &[supervisor.user_id.unwrap()],
                &[],
                now,
            )
            .await
            .unwrap();
        store
            .get_household(&supervisor, irbid)
            .await
            .unwrap()
            .unwrap();
        store
            .search_persons(&supervisor, "الزعبي", None, 10)
            .await
            .unwrap();
        let count = |action: AuditAction| {
            let store = store.clone();
            async move {
                let filter = AuditFilter {
                    action: Some(action),
                    ..Default::default()
                };
                store.count_audit_entries(&filter).await.unwrap()
            }
        };
        assert_eq!(count(AuditAction::HouseholdCreated).await, 2);
        assert_eq!(count(AuditAction::HouseholdRestricted).await, 1);
        assert_eq!(
            count(AuditAction::RestrictedRecordRead).await,
            2,
            "the page read and the search hit"
        );
        let reads = store
            .audit_entries(
                &AuditFilter {
                    action: Some(AuditAction::RestrictedRecordRead),
                    ..Default::default()
                },
                None,
                10,
            )
            .await
            .unwrap();
        assert!(reads.iter().all(|r| r.entry.actor_name == "case.sup"
            && r.entry.object_id.as_deref() == Some(irbid.to_string().as_str())));
        assert!(matches!(
            store.verify_audit_chain().await.unwrap(),
            AuditVerdict::Intact { entries: 5, .. }
        ));
    })
    .await;
}
