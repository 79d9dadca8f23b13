//! Storage story for identity resolution in the registry, on SQLite and PostgreSQL: the
//! probe finds a person registered again elsewhere (and says whether the caller may
//! see them), the review queue respects scope and decisions, and a merge across
//! households is approved by a second person and can be undone.

use tadamun_domain::{
    access::BuiltinRole,
    change::ChangePayload,
    duplicate::{DuplicateBand, DuplicateDecision, DuplicateSource, DuplicateStatus},
    history::ChangeKind,
    ids::{HouseholdId, PersonId},
    phone::Phone,
};
use tadamun_store::{
    Store, StoreError,
    duplicates::{DuplicateProbe, QueueCursor, QueuedPair},
    testing::fixtures::*,
    testing::on_both,
};

/// The Zoubi family in Irbid, and the same father registered again in Amman with a
/// hamza variant, another grandfather spelling and no ID number.
async fn registered_twice(store: &Store) -> (HouseholdId, HouseholdId) {
    let now = tadamun_store::now();
    let irbid = store
        .create_household(&system(), &parse(&zoubi_family("301")), now)
        .await
        .unwrap();
    let mut again = zoubi_family("302");
    again.governorate = "JO-AM".into();
    again.district = String::new();
    again.members.truncate(1);
    again.members[0].given_name = "احمد".into();
    again.members[0].grandfather_name = "على".into();
    again.members[0].id_number.clear();
    let amman = store
        .create_household(&system(), &parse(&again), now)
        .await
        .unwrap();
    (irbid, amman)
}

async fn head(store: &Store, h: HouseholdId) -> PersonId {
    store
        .get_household(&system(), h)
        .await
        .unwrap()
        .unwrap()
        .members[0]
        .id
}

fn pair(a: PersonId, b: PersonId, score: f64) -> QueuedPair {
    QueuedPair {
        a,
        b,
        score,
        band: DuplicateBand::Review,
        reason_en: "given name agrees".into(),
        reason_ar: "الاسم الأول: متطابق".into(),
        reasons: vec!["given.agrees".into()],
    }
}

#[tokio::test]
async fn the_probe_finds_a_re_registration_by_name_document_or_phone_and_marks_what_the_caller_may_see()
 {
    on_both(|store| async move {
        let (irbid, amman) = registered_twice(&store).await;
        let irbid_father = head(&store, irbid).await;
        let newcomer = parse(&{
            let mut f = zoubi_family("303");
            f.members[0].given_name = "أحمد".into();
            f.members[0].id_number.clear();
            f
        });
        let by_name = DuplicateProbe::of(&newcomer.members[0], &[], None);
        let national = user_with(&store, "sup", &[BuiltinRole::RegistrySupervisor], &[]).await;
        let found = store.duplicate_probe(&national, &by_name).await.unwrap();
        let ids: Vec<_> = found.iter().map(|p| p.household_id).collect();
        assert!(ids.contains(&irbid.0), "{found:?}");
        assert!(ids.contains(&amman.0), "the hamza variant is found too");
        assert!(found.iter().all(|p| p.visible));
        let irbid_row = found
            .iter()
            .find(|p| p.person_id == irbid_father.0)
            .unwrap();
        assert_eq!(irbid_row.national_id.as_deref(), Some("9803010001"));
        assert_eq!(irbid_row.full_name(), "أحمد محمد علي الزعبي");

        let amman_clerk =
            user_with(&store, "clerk.am", &[BuiltinRole::Registrar], &["JO-AM"]).await;
        let seen = store.duplicate_probe(&amman_clerk, &by_name).await.unwrap();
        let irbid_seen = seen.iter().find(|p| p.household_id == irbid.0).unwrap();
        assert!(!irbid_seen.visible, "found, but outside the clerk's area");
        assert!(
            seen.iter()
                .find(|p| p.household_id == amman.0)
                .unwrap()
                .visible
        );

        let own = DuplicateProbe::of(&newcomer.members[0], &[], Some(irbid));
        let without_own = store.duplicate_probe(&national, &own).await.unwrap();
        assert!(without_own.iter().all(|p| p.household_id != irbid.0));

        // Another name entirely, but the Irbid mother's document number.
        let mut stranger = zoubi_family("304");
        stranger.members[0].given_name = "يوسف".into();
        stranger.members[0].father_name = "يعقوب".into();
        stranger.members[0].family_name = "الخطيب".into();
        stranger.members[0].id_number = "9843010002".into();
        let stranger = parse(&stranger);
        let by_document = DuplicateProbe::of(&stranger.members[0], &[], None);
        let found = store
            .duplicate_probe(&national, &by_document)
            .await
            .unwrap();
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].given_name, "فاطمة");

        let phone = Phone::try_from("0793014567".to_owned()).unwrap();
        let mut nobody = stranger.members[0].clone();
        nobody.documents.clear();
        let by_phone = DuplicateProbe::of(&nobody, &[&phone], None);
        let found = store.duplicate_probe(&national, &by_phone).await.unwrap();
        assert_eq!(
            found.len(),
            4,
            "every member of the household with that phone"
        );
        assert!(found.iter().all(|p| p.household_id == irbid.0));

        let none = DuplicateProbe::of(&nobody, &[], None);
        assert!(
            store
                .duplicate_probe(&national, &none)
                .await
                .unwrap()
                .is_empty()
        );
    })
    .await;
}

#[tokio::test]
async fn the_queue_shows_pairs_in_scope_by_score_and_a_decided_pair_is_not_raised_again() {
    on_both(|store| async move {
        let (irbid, amman) = registered_twice(&store).await;
        let now = tadamun_store::now();
        let (a, b) = (head(&store, irbid).await, head(&store, amman).await);
        let wife = store
            .get_household(&system(), irbid)
            .await
            .unwrap()
            .unwrap()
            .members[1]
            .id;
        let written = store
            .queue_duplicates(
                &system(),
                &[pair(b, a, 9.5), pair(wife, a, 2.0)],
                DuplicateSource::Batch,
                now,
            )
            .await
            .unwrap();
        assert_eq!(written, 2);
        let supervisor = user_with(&store, "sup", &[BuiltinRole::RegistrySupervisor], &[]).await;
        let queue = store
            .duplicate_queue(&supervisor, DuplicateStatus::Open, None, 1)
            .await
            .unwrap();
        assert_eq!(queue.len(), 1);
        assert_eq!(queue[0].score, 9.5, "highest score first");
        assert_eq!(queue[0].reasons, ["given.agrees"]);
        let cursor = QueueCursor::decode(
            &QueueCursor {
                score: queue[0].score,
                id: queue[0].id,
            }
            .encode(),
        );
        let next = store
            .duplicate_queue(&supervisor, DuplicateStatus::Open, cursor, 10)
            .await
            .unwrap();
        assert_eq!(next.len(), 1);
        assert_eq!(next[0].score, 2.0);

        let irbid_clerk =
            user_with(&store, "clerk.ir", &[BuiltinRole::Registrar], &["JO-IR"]).await;
        let mine = store
            .duplicate_queue(&irbid_clerk, DuplicateStatus::Open, None, 10)
            .await
            .unwrap();
        assert_eq!(mine.len(), 1, "only the pair inside Irbid");
        assert!(matches!(
            store
                .decide_duplicate(
                    &irbid_clerk,
                    queue[0].id,
                    DuplicateDecision::Different,
                    "",
                    now
                )
                .await,
            Err(StoreError::NotFound)
        ));
        assert_eq!(
            store
                .household_duplicates(&supervisor, amman)
                .await
                .unwrap()
                .len(),
            1
        );

        store
            .decide_duplicate(
                &supervisor,
                queue[0].id,
                DuplicateDecision::Different,
                "إخوة",
                now,
            )
            .await
            .unwrap();
        assert!(matches!(
            store
                .decide_duplicate(
                    &supervisor,
                    queue[0].id,
                    DuplicateDecision::Different,
                    "",
                    now
                )
                .await,
            Err(StoreError::Conflict)
        ));
        let rescanned = store
            .queue_duplicates(&system(), &[pair(a, b, 12.0)], DuplicateSource::Batch, now)
            .await
            .unwrap();
        assert_eq!(rescanned, 0, "a decided pair stays decided");
        let different = store
            .duplicate_queue(&supervisor, DuplicateStatus::Different, None, 10)
            .await
            .unwrap();
        assert_eq!(different.len(), 1);
        assert_eq!(different[0].score, 9.5);
        assert_eq!(different[0].decided_by_name.as_deref(), Some("sup"));
    })
    .await;
}

#[tokio::test]
async fn a_merge_across_households_needs_a_second_person_and_an_unmerge_restores_everything() {
    on_both(|store| async move {
        let (irbid, amman) = registered_twice(&store).await;
        let now = tadamun_store::now();
        let (kept, removed) = (head(&store, irbid).await, head(&store, amman).await);
        // The Amman record has a passport the Irbid one lacks; it must follow the merge.
        let mut extra = store
            .get_household(&system(), amman)
            .await
            .unwrap()
            .unwrap();
        let mut draft = extra.to_draft();
        draft.members[0]
            .documents
            .push(tadamun_domain::identity::Document {
                doc_type: tadamun_domain::identity::DocumentType::Passport,
                number: "N1234567".into(),
            });
        let ids: Vec<_> = extra.members.iter().map(|m| Some(m.id)).collect();
        store
            .update_household(&system(), amman, extra.version, &draft, &ids, now)
            .await
            .unwrap();
        store
            .queue_duplicates(
                &system(),
                &[pair(kept, removed, 8.0)],
                DuplicateSource::Registration,
                now,
            )
            .await
            .unwrap();
        let maker = user_with(&store, "maker", &[BuiltinRole::Registrar], &[]).await;
        let checker = user_with(&store, "checker", &[BuiltinRole::RegistrySupervisor], &[]).await;
        let amman_checker = user_with(
            &store,
            "checker.am",
            &[BuiltinRole::RegistrySupervisor],
            &["JO-AM"],
        )
        .await;
        let id = store
            .duplicate_queue(&maker, DuplicateStatus::Open, None, 10)
            .await
            .unwrap()[0]
            .id;
        assert!(
            matches!(
                store
                    .decide_duplicate(&maker, id, DuplicateDecision::Same { keep: kept }, "", now)
                    .await,
                Err(StoreError::Invalid(_))
            ),
            "a merge needs a reason"
        );
        let request = store
            .decide_duplicate(
                &maker,
                id,
                DuplicateDecision::Same { keep: kept },
                "سجل مكرر",
                now,
            )
            .await
            .unwrap()
            .expect("a merge request");
        let filed = store
            .change_request(&checker, request)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(filed.household_id, amman);
        assert_eq!(filed.target_governorate.unwrap().as_str(), "JO-IR");
        assert!(
            store
                .decide_change_request(&amman_checker, request, true, "", now)
                .await
                .is_err(),
            "the approver must cover Irbid too"
        );
        store
            .decide_change_request(&checker, request, true, "", now)
            .await
            .unwrap();

        let amman_after = store.get_household(&checker, amman).await.unwrap().unwrap();
        assert!(
            amman_after.members.is_empty(),
            "the duplicate record is merged away"
        );
        let irbid_after = store.get_household(&checker, irbid).await.unwrap().unwrap();
        let docs = &irbid_after.members[0].draft.documents;
        assert!(docs.iter().any(|d| d.number == "N1234567"), "{docs:?}");
        let history = store.household_history(&checker, irbid).await.unwrap();
        assert_eq!(history.last().unwrap().kind, ChangeKind::PersonsMerged);
        let decided = store
            .duplicate_candidate(&checker, id)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(decided.status, DuplicateStatus::Same);
        assert_eq!(decided.change_request_id, Some(request));
        assert!(decided.b.merged || decided.a.merged);

        let undo = store
            .request_change(
                &maker,
                amman,
                &ChangePayload::UnmergePerson { person: removed },
                "ليس الشخص نفسه",
                now,
            )
            .await
            .unwrap();
        assert!(matches!(
            store
                .decide_change_request(&maker, undo, true, "", now)
                .await,
            Err(StoreError::Forbidden(_))
        ));
        store
            .decide_change_request(&checker, undo, true, "", now)
            .await
            .unwrap();
        let amman_back = store.get_household(&checker, amman).await.unwrap().unwrap();
        assert_eq!(amman_back.members.len(), 1);
        assert_eq!(amman_back.members[0].id, removed);
        assert!(
            amman_back.members[0]
                .draft
                .documents
                .iter()
                .any(|d| d.number == "N1234567"),
            "the passport went back"
        );
        let irbid_back = store.get_household(&checker, irbid).await.unwrap().unwrap();
        assert!(
            irbid_back.members[0]
                .draft
                .documents
                .iter()
                .all(|d| d.number != "N1234567")
        );
        let history = store.household_history(&checker, amman).await.unwrap();
        assert_eq!(history.last().unwrap().kind, ChangeKind::PersonsUnmerged);
        let after_undo = store
            .duplicate_candidate(&checker, id)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(after_undo.status, DuplicateStatus::Different);
        // An unmerge of a record that is not merged is refused when filed.
        assert!(matches!(
            store
                .request_change(
                    &maker,
                    amman,
                    &ChangePayload::UnmergePerson { person: removed },
                    "x",
                    now
                )
                .await,
            Err(StoreError::Invalid(_))
        ));
        extra = store
            .get_household(&system(), amman)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(extra.members.len(), 1);
    })
    .await;
}
