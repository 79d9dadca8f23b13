//! Storage story for the registry: households, edits, life-cycle events and history,
//! run on SQLite and PostgreSQL.

use tadamun_domain::{
    access::BuiltinRole,
    change::{ChangePayload, ChangeRequestKind, ChangeRequestStatus},
    history::{ChangeKind, LifeEvent},
    household::{Household, HouseholdDraft, HouseholdStatus},
    ids::{HouseholdId, PersonId, UserId},
    person::MaritalStatus,
};
use tadamun_store::testing::{fixtures::*, on_both};
use tadamun_store::{Store, StoreError};
use time::macros::date;

#[tokio::test]
async fn a_household_is_stored_and_read_back_whole() {
    on_both(|store| async move {
        store.ping().await.unwrap();
        let draft = parse(&zoubi_family("101"));
        let id = store
            .create_household(&system(), &draft, tadamun_store::now())
            .await
            .unwrap();
        let h = store
            .get_household(&system(), id)
            .await
            .unwrap()
            .expect("stored");
        assert_eq!(h.status, HouseholdStatus::Active);
        assert_eq!(h.version, 1);
        assert_eq!(h.to_draft(), draft, "every field survives the round trip");
        assert_eq!(h.head().unwrap().draft.name.full(), "أحمد محمد علي الزعبي");
        assert!(
            store
                .get_household(&system(), HouseholdId::new())
                .await
                .unwrap()
                .is_none()
        );
        let history = store.household_history(&system(), id).await.unwrap();
        assert_eq!(history.len(), 1);
        assert_eq!(history[0].kind, ChangeKind::Created);
    })
    .await;
}

#[tokio::test]
async fn a_document_cannot_belong_to_two_people() {
    on_both(|store| async move {
        store
            .create_household(
                &system(),
                &parse(&zoubi_family("102")),
                tadamun_store::now(),
            )
            .await
            .unwrap();
        let err = store
            .create_household(
                &system(),
                &parse(&zoubi_family("102")),
                tadamun_store::now(),
            )
            .await
            .unwrap_err();
        assert!(matches!(err, StoreError::Duplicate { .. }), "{err:?}");
        assert_eq!(
            store.count_households(&system()).await.unwrap(),
            1,
            "the failed household left nothing behind"
        );
    })
    .await;
}

#[tokio::test]
async fn an_edit_keeps_the_before_and_after_and_refuses_a_stale_version() {
    on_both(|store| async move {
        let now = tadamun_store::now();
        let id = store
            .create_household(&system(), &parse(&zoubi_family("103")), now)
            .await
            .unwrap();
        let h = store.get_household(&system(), id).await.unwrap().unwrap();
        let mut raw = zoubi_family("103");
        raw.address = "إربد، شارع الجامعة".into();
        raw.members.push(person(
            ["يوسف", "أحمد", "محمد", "الزعبي"],
            "M",
            "2019-02-02",
            "son",
            "",
        ));
        let mut ids: Vec<Option<PersonId>> = h.members.iter().map(|m| Some(m.id)).collect();
        ids.push(None);
        store
            .update_household(&system(), id, h.version, &parse(&raw), &ids, now)
            .await
            .unwrap();
        let after = store.get_household(&system(), id).await.unwrap().unwrap();
        assert_eq!(after.address, "إربد، شارع الجامعة");
        assert_eq!(after.version, 2);
        assert_eq!(after.members.len(), 5);
        let stale = store
            .update_household(&system(), id, h.version, &parse(&raw), &ids, now)
            .await
            .unwrap_err();
        assert!(matches!(stale, StoreError::Conflict));
        let history = store.household_history(&system(), id).await.unwrap();
        let edit = history
            .iter()
            .find(|e| e.kind == ChangeKind::Updated)
            .expect("edit recorded");
        assert_eq!(
            edit.before.as_ref().unwrap()["address"],
            "الرمثا، الحي الشرقي"
        );
        assert_eq!(
            edit.after.as_ref().unwrap()["address"],
            "إربد، شارع الجامعة"
        );
        let counts = store.counts_by_governorate(&system(), "JO").await.unwrap();
        let irbid = counts.iter().find(|c| c.code == "JO-IR").unwrap();
        assert_eq!((irbid.households, irbid.persons), (1, 5));
    })
    .await;
}

#[tokio::test]
async fn births_deaths_and_marriages_change_members_and_leave_history() {
    on_both(|store| async move {
        let now = tadamun_store::now();
        let id = store
            .create_household(&system(), &parse(&zoubi_family("104")), now)
            .await
            .unwrap();
        let child = parse(&zoubi_family("104")).members[3].clone();
        let mut newborn = child.clone();
        newborn.birth_date.date = date!(2026 - 10 - 01);
        newborn.documents.clear();
        store
            .record_event(
                &system(),
                id,
                1,
                &LifeEvent::Birth {
                    child: Box::new(newborn),
                },
                now,
            )
            .await
            .unwrap();
        let h = store.get_household(&system(), id).await.unwrap().unwrap();
        assert_eq!(h.members.len(), 5);
        let son = h.members[2].id;
        let father = h.members[0].id;
        store
            .record_event(
                &system(),
                id,
                2,
                &LifeEvent::Marriage {
                    person_id: son,
                    date: date!(2026 - 11 - 01),
                    incoming_spouse: None,
                },
                now,
            )
            .await
            .unwrap();
        let spouse = h.members[1].id;
        store
            .record_event(
                &system(),
                id,
                3,
                &LifeEvent::Death {
                    person_id: spouse,
                    date: date!(2026 - 11 - 10),
                },
                now,
            )
            .await
            .unwrap();
        let h = store.get_household(&system(), id).await.unwrap().unwrap();
        assert_eq!(
            h.members
                .iter()
                .find(|m| m.id == son)
                .unwrap()
                .draft
                .marital_status,
            Some(MaritalStatus::Married)
        );
        assert_eq!(
            h.members
                .iter()
                .find(|m| m.id == spouse)
                .unwrap()
                .date_of_death,
            Some(date!(2026 - 11 - 10))
        );
        assert_eq!(h.living_members().count(), 4);
        // A second death of the same person is refused and changes nothing.
        let again = store
            .record_event(
                &system(),
                id,
                4,
                &LifeEvent::Death {
                    person_id: spouse,
                    date: date!(2026 - 11 - 11),
                },
                now,
            )
            .await
            .unwrap_err();
        assert!(matches!(again, StoreError::Invalid(_)), "{again:?}");
        let gone = store
            .record_event(
                &system(),
                id,
                4,
                &LifeEvent::Death {
                    person_id: PersonId::new(),
                    date: date!(2026 - 11 - 11),
                },
                now,
            )
            .await
            .unwrap_err();
        assert!(matches!(gone, StoreError::Invalid(_)));
        let kinds: Vec<ChangeKind> = store
            .household_history(&system(), id)
            .await
            .unwrap()
            .iter()
            .map(|e| e.kind)
            .collect();
        assert_eq!(
            kinds,
            [
                ChangeKind::Created,
                ChangeKind::MemberAdded,
                ChangeKind::Married,
                ChangeKind::Died
            ]
        );
        assert_eq!(
            store.household_events(&system(), id).await.unwrap().len(),
            3
        );
        assert!(h.members.iter().any(|m| m.id == father));
    })
    .await;
}

#[tokio::test]
async fn a_split_moves_members_to_a_new_household_and_a_move_changes_governorate() {
    on_both(|store| async move {
        let now = tadamun_store::now();
        let id = store
            .create_household(&system(), &parse(&zoubi_family("105")), now)
            .await
            .unwrap();
        let h = store.get_household(&system(), id).await.unwrap().unwrap();
        let son = h.members[2].id;
        let head = h.members[0].id;
        let refused = store
            .record_event(
                &system(),
                id,
                1,
                &LifeEvent::Split {
                    members: vec![head],
                    new_head: head,
                    governorate: pack().governorate("JO-AM").unwrap(),
                    address: "عمان".into(),
                },
                now,
            )
            .await
            .unwrap_err();
        assert!(
            matches!(refused, StoreError::Invalid(_)),
            "the head cannot split away"
        );
        let new_id = store
            .record_event(
                &system(),
                id,
                1,
                &LifeEvent::Split {
                    members: vec![son],
                    new_head: son,
                    governorate: pack().governorate("JO-AM").unwrap(),
                    address: "عمان، ماركا".into(),
                },
                now,
            )
            .await
            .unwrap()
            .expect("a new household");
        let old = store.get_household(&system(), id).await.unwrap().unwrap();
        let new = store.get_household(&system(), new_id).await.unwrap().unwrap();
        assert_eq!(old.members.len(), 3);
        assert_eq!(new.members.len(), 1);
        assert_eq!(new.head().unwrap().id, son);
        assert_eq!(new.governorate.as_str(), "JO-AM");
        let to_zarqa = LifeEvent::Move {
            governorate: pack().governorate("JO-AZ").unwrap(),
            district: None,
            address: "الزرقاء الجديدة".into(),
        };
        let refused = store
            .record_event(&system(), id, 2, &to_zarqa, now)
            .await
            .unwrap_err();
        assert!(
            matches!(&refused, StoreError::NeedsApproval(k) if k == &[ChangeRequestKind::MoveHousehold]),
            "a move to another governorate waits for approval: {refused:?}"
        );
        let mut draft = old.to_draft();
        draft.governorate = pack().governorate("JO-AZ").unwrap();
        draft.address = "الزرقاء الجديدة".into();
        approve_edit(&store, &old, draft).await;
        let moved = store.get_household(&system(), id).await.unwrap().unwrap();
        assert_eq!(moved.governorate.as_str(), "JO-AZ");
        let counts = store.counts_by_governorate(&system(), "JO").await.unwrap();
        let persons = |code: &str| counts.iter().find(|c| c.code == code).unwrap().persons;
        assert_eq!(
            (persons("JO-IR"), persons("JO-AM"), persons("JO-AZ")),
            (0, 1, 3)
        );
        assert_eq!(
            store.household_history(&system(), new_id).await.unwrap()[0].kind,
            ChangeKind::Split
        );
    })
    .await;
}

#[tokio::test]
async fn an_edit_replaces_only_the_documents_it_names() {
    on_both(|store| async move {
        let now = tadamun_store::now();
        let mut raw = zoubi_family("106");
        let id = store
            .create_household(&system(), &parse(&raw), now)
            .await
            .unwrap();
        let h = store.get_household(&system(), id).await.unwrap().unwrap();
        let ids: Vec<Option<PersonId>> = h.members.iter().map(|m| Some(m.id)).collect();
        // The head also holds a refugee card (added by an edit carrying only that card).
        let mut with_card = parse(&raw);
        with_card.members[0].documents = vec![
            tadamun_domain::identity::Document::parse(
                tadamun_domain::identity::DocumentType::UnrwaRefugeeCard,
                "R-106-1",
            )
            .unwrap(),
        ];
        store
            .update_household(&system(), id, 1, &with_card, &ids, now)
            .await
            .unwrap();
        let docs = |h: &tadamun_domain::household::Household| {
            h.members[0]
                .draft
                .documents
                .iter()
                .map(|d| d.number.clone())
                .collect::<Vec<_>>()
        };
        let h = store.get_household(&system(), id).await.unwrap().unwrap();
        assert_eq!(
            docs(&h),
            ["9801060001", "R1061"],
            "the national number is kept"
        );
        // Correcting the national number needs approval; once approved it replaces
        // the number and keeps the card.
        raw.members[0].id_number = "9801069999".into();
        let refused = store
            .update_household(&system(), id, 2, &parse(&raw), &ids, now)
            .await
            .unwrap_err();
        assert!(
            matches!(refused, StoreError::NeedsApproval(_)),
            "{refused:?}"
        );
        approve_edit(&store, &h, parse(&raw)).await;
        let h = store.get_household(&system(), id).await.unwrap().unwrap();
        let mut got = docs(&h);
        got.sort();
        assert_eq!(got, ["9801069999", "R1061"]);
        let history = store.household_history(&system(), id).await.unwrap();
        let last = history.last().unwrap();
        assert_eq!(
            (last.actor_name.as_deref(), last.approved_by_name.as_deref()),
            (Some("maker"), Some("checker")),
            "the history shows both users"
        );
        // Taking another person's number is refused at approval and changes nothing.
        store
            .create_household(&system(), &parse(&zoubi_family("107")), now)
            .await
            .unwrap();
        raw.members[0].id_number = "9801070001".into();
        let maker = store
            .user_access(user_id(&store, "maker").await, None)
            .await
            .unwrap()
            .unwrap();
        let checker = store
            .user_access(user_id(&store, "checker").await, None)
            .await
            .unwrap()
            .unwrap();
        let payload = ChangePayload::Edit {
            version: 3,
            draft: Box::new(parse(&raw)),
            member_ids: ids.clone(),
        };
        let request = store
            .request_change(&maker, id, &payload, "رقم وطني خاطئ", now)
            .await
            .unwrap();
        let taken = store
            .decide_change_request(&checker, request, true, "", now)
            .await
            .unwrap_err();
        assert!(matches!(taken, StoreError::Duplicate { .. }), "{taken:?}");
        assert_eq!(
            store
                .get_household(&system(), id)
                .await
                .unwrap()
                .unwrap()
                .version,
            3
        );
        let still = store
            .change_request(&checker, request)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            still.status,
            ChangeRequestStatus::Pending,
            "the failed approval rolled back"
        );
    })
    .await;
}

async fn user_id(store: &Store, name: &str) -> UserId {
    store.user_by_username(name).await.unwrap().unwrap().user.id
}

/// Files the edit as a registrar ("maker") and approves it as a supervisor ("checker"),
/// creating both users the first time.
async fn approve_edit(store: &Store, before: &Household, draft: HouseholdDraft) {
    let now = tadamun_store::now();
    if store.user_by_username("maker").await.unwrap().is_none() {
        user_with(store, "maker", &[BuiltinRole::Registrar], &[]).await;
        user_with(store, "checker", &[BuiltinRole::RegistrySupervisor], &[]).await;
    }
    let maker = store
        .user_access(user_id(store, "maker").await, None)
        .await
        .unwrap()
        .unwrap();
    let checker = store
        .user_access(user_id(store, "checker").await, None)
        .await
        .unwrap()
        .unwrap();
    let payload = ChangePayload::Edit {
        version: before.version,
        draft: Box::new(draft),
        member_ids: before.members.iter().map(|m| Some(m.id)).collect(),
    };
    let request = store
        .request_change(&maker, before.id, &payload, "طلب الأسرة", now)
        .await
        .unwrap();
    let status = store
        .decide_change_request(&checker, request, true, "موافق", now)
        .await
        .unwrap();
    assert_eq!(status, ChangeRequestStatus::Approved);
}

#[tokio::test]
async fn areas_come_from_the_country_pack() {
    on_both(|store| async move {
        let areas = store.list_areas("JO").await.unwrap();
        assert_eq!(areas.iter().filter(|a| a.parent_code.is_none()).count(), 12);
        assert!(
            areas
                .iter()
                .any(|a| a.code == "JO-IR-02" && a.parent_code.as_deref() == Some("JO-IR"))
        );
        let counts = store.counts_by_governorate(&system(), "JO").await.unwrap();
        assert_eq!(counts.len(), 12);
        assert!(counts.iter().all(|c| c.households == 0));
    })
    .await;
}
