//! Storage story for the members text scoring reads (`scoring_members`, kept by
//! triggers): after each kind of write to a household's members (registration, edit,
//! birth, death, marriage, a split, a deletion, a merge and its undoing) scoring reads
//! exactly what the registry holds. SQLite and PostgreSQL.

use tadamun_domain::{
    access::BuiltinRole,
    change::ChangePayload,
    history::LifeEvent,
    ids::{HouseholdId, PersonId},
};
use tadamun_store::{Store, testing::fixtures::*, testing::on_both};
use time::macros::date;

async fn version(store: &Store, id: HouseholdId) -> i64 {
    store
        .get_household(&system(), id)
        .await
        .unwrap()
        .unwrap()
        .version
}

async fn members(store: &Store, id: HouseholdId) -> Vec<PersonId> {
    let h = store.get_household(&system(), id).await.unwrap().unwrap();
    h.members
        .iter()
        .filter(|m| m.date_of_death.is_none())
        .map(|m| m.id)
        .collect()
}

#[tokio::test]
async fn scoring_follows_every_change_to_a_households_members() {
    on_both(|store| async move {
        let now = tadamun_store::now();
        let a = store
            .create_household(&system(), &parse(&zoubi_family("601")), now)
            .await
            .unwrap();
        let mut amman = zoubi_family("602");
        amman.governorate = "JO-AM".into();
        amman.district = String::new();
        store
            .create_household(&system(), &parse(&amman), now)
            .await
            .unwrap();
        assert_eq!(assert_scoring_reads_the_registry(&store).await, 2);

        // An edit: a member's education changes and a member is added, a copy of the
        // youngest registered twice (merged below).
        let h = store.get_household(&system(), a).await.unwrap().unwrap();
        let mut draft = h.to_draft();
        draft.members[1].education = Some(tadamun_domain::person::Education::University);
        let mut twin = draft.members[3].clone();
        twin.documents.clear();
        draft.members.push(twin);
        let mut ids: Vec<Option<PersonId>> = h.members.iter().map(|m| Some(m.id)).collect();
        ids.push(None);
        store
            .update_household(&system(), a, h.version, &draft, &ids, now)
            .await
            .unwrap();
        assert_scoring_reads_the_registry(&store).await;

        // Birth, death and marriage.
        let mut newborn = draft.members[3].clone();
        newborn.birth_date.date = date!(2026 - 10 - 01);
        newborn.documents.clear();
        store
            .record_event(
                &system(),
                a,
                version(&store, a).await,
                &LifeEvent::Birth {
                    child: Box::new(newborn),
                },
                now,
            )
            .await
            .unwrap();
        let m = members(&store, a).await;
        store
            .record_event(
                &system(),
                a,
                version(&store, a).await,
                &LifeEvent::Death {
                    person_id: m[1],
                    date: date!(2026 - 11 - 10),
                },
                now,
            )
            .await
            .unwrap();
        store
            .record_event(
                &system(),
                a,
                version(&store, a).await,
                &LifeEvent::Marriage {
                    person_id: m[2],
                    date: date!(2026 - 11 - 12),
                    incoming_spouse: None,
                },
                now,
            )
            .await
            .unwrap();
        assert_scoring_reads_the_registry(&store).await;

        // A son leaves to form his own household: both households' texts change.
        store
            .record_event(
                &system(),
                a,
                version(&store, a).await,
                &LifeEvent::Split {
                    members: vec![m[2]],
                    new_head: m[2],
                    governorate: pack().governorate("JO-AM").unwrap(),
                    address: "عمان، ماركا".into(),
                },
                now,
            )
            .await
            .unwrap();
        assert_eq!(assert_scoring_reads_the_registry(&store).await, 3);

        // A deletion and a merge, each approved by a second person, then the merge
        // undone.
        let maker = user_with(&store, "maker", &[BuiltinRole::Registrar], &["JO-IR"]).await;
        let checker = user_with(
            &store,
            "checker",
            &[BuiltinRole::RegistrySupervisor],
            &["JO-IR"],
        )
        .await;
        let m = members(&store, a).await;
        let (twin, newborn) = (m[m.len() - 2], m[m.len() - 1]);
        let delete = store
            .request_change(
                &maker,
                a,
                &ChangePayload::DeletePerson { person: newborn },
                "سجل خطأ",
                now,
            )
            .await
            .unwrap();
        store
            .decide_change_request(&checker, delete, true, "", now)
            .await
            .unwrap();
        let merge = store
            .request_change(
                &maker,
                a,
                &ChangePayload::MergePersons {
                    keep: m[1],
                    remove: twin,
                },
                "مسجلة مرتين",
                now,
            )
            .await
            .unwrap();
        store
            .decide_change_request(&checker, merge, true, "", now)
            .await
            .unwrap();
        assert!(!members(&store, a).await.contains(&twin));
        assert_scoring_reads_the_registry(&store).await;
        let undo = store
            .request_change(
                &maker,
                a,
                &ChangePayload::UnmergePerson { person: twin },
                "ليست الشخص نفسه",
                now,
            )
            .await
            .unwrap();
        store
            .decide_change_request(&checker, undo, true, "", now)
            .await
            .unwrap();
        assert!(members(&store, a).await.contains(&twin));
        assert_eq!(assert_scoring_reads_the_registry(&store).await, 3);
    })
    .await;
}
