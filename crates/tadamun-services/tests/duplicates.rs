//! The duplicate check end to end on SQLite and PostgreSQL: a family registered again
//! at another office is found with reasons, hidden from a clerk outside its area but
//! queued for review, and a registry scan queues the same pair without the relatives.

use tadamun_domain::{
    access::BuiltinRole,
    duplicate::{DuplicateSource, DuplicateStatus},
};
use tadamun_services::duplicates::{check_household, queue_found, scan_registry};
use tadamun_store::testing::{fixtures::*, on_both};

/// The Irbid father registered again in Amman: a hamza variant, no ID number, and
/// the birth date's day and month swapped.
fn again_in_amman() -> tadamun_domain::household::RawHousehold {
    let mut again = zoubi_family("302");
    again.governorate = "JO-AM".into();
    again.district = String::new();
    again.members.truncate(1);
    again.members[0].given_name = "احمد".into();
    again.members[0].birth_date = "1980-03-15".into();
    again.members[0].id_number.clear();
    again
}

#[tokio::test]
async fn a_re_registration_is_found_with_reasons_and_hidden_outside_the_clerks_area() {
    on_both(|store| async move {
        let now = tadamun_store::now();
        let irbid = store
            .create_household(&system(), &parse(&zoubi_family("301")), now)
            .await
            .unwrap();
        let father = store
            .get_household(&system(), irbid)
            .await
            .unwrap()
            .unwrap()
            .members[0]
            .id;
        let draft = parse(&again_in_amman());

        let national = user_with(&store, "sup", &[BuiltinRole::RegistrySupervisor], &[]).await;
        let found = check_household(&store, &national, &draft, None)
            .await
            .unwrap();
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].member, 0);
        let best = &found[0].found[0];
        assert_eq!(best.person_id, father);
        let seen = best
            .seen
            .as_ref()
            .expect("visible to a national supervisor");
        assert_eq!(seen.full_name, "أحمد محمد علي الزعبي");
        assert!(
            seen.reason_en.contains("given name agrees"),
            "{}",
            seen.reason_en
        );
        assert!(seen.reason_ar.contains("الاسم"), "{}", seen.reason_ar);
        let son = store
            .get_household(&system(), irbid)
            .await
            .unwrap()
            .unwrap()
            .members[2]
            .id;
        assert!(
            found[0].found.iter().all(|f| f.person_id != son),
            "the son, with another given name, is not a candidate"
        );

        let amman_clerk =
            user_with(&store, "clerk.am", &[BuiltinRole::Registrar], &["JO-AM"]).await;
        let found = check_household(&store, &amman_clerk, &draft, None)
            .await
            .unwrap();
        assert_eq!(found[0].found[0].person_id, father, "still found");
        assert!(found[0].found[0].seen.is_none(), "but not shown");
        assert_eq!(found[0].found[0].governorate, "JO-IR");

        let amman = store
            .create_household(&amman_clerk, &draft, now)
            .await
            .unwrap();
        let stored = store
            .get_household(&amman_clerk, amman)
            .await
            .unwrap()
            .unwrap();
        let queued = queue_found(
            &store,
            &amman_clerk,
            &stored,
            &found,
            DuplicateSource::Registration,
            now,
        )
        .await
        .unwrap();
        assert_eq!(queued, 1);
        assert!(
            store
                .duplicate_queue(&amman_clerk, DuplicateStatus::Open, None, 10)
                .await
                .unwrap()
                .is_empty(),
            "the clerk cannot review a pair reaching outside Amman"
        );
        let queue = store
            .duplicate_queue(&national, DuplicateStatus::Open, None, 10)
            .await
            .unwrap();
        assert_eq!(queue.len(), 1);
        assert_eq!(queue[0].source, DuplicateSource::Registration);
        assert!(
            check_household(&store, &national, &draft, Some(amman))
                .await
                .unwrap()[0]
                .found
                .iter()
                .all(|f| f.household_id != amman),
            "a stored household is not its own duplicate"
        );
    })
    .await;
}

#[tokio::test]
async fn a_registry_scan_queues_the_duplicate_pair_and_not_the_family_around_it() {
    on_both(|store| async move {
        let now = tadamun_store::now();
        let irbid = store
            .create_household(&system(), &parse(&zoubi_family("301")), now)
            .await
            .unwrap();
        let amman = store
            .create_household(&system(), &parse(&again_in_amman()), now)
            .await
            .unwrap();
        let report = scan_registry(&store, &system()).await.unwrap();
        assert_eq!(report.persons, 5);
        assert!(report.compared_pairs >= 1);
        assert_eq!(report.queued, 1, "{report:?}");
        let queue = store
            .duplicate_queue(&system(), DuplicateStatus::Open, None, 10)
            .await
            .unwrap();
        let households = [queue[0].a.household_id, queue[0].b.household_id];
        assert!(households.contains(&irbid.0) && households.contains(&amman.0));
        assert!(
            queue[0].reason_en.contains("agrees"),
            "{}",
            queue[0].reason_en
        );
        let again = scan_registry(&store, &system()).await.unwrap();
        assert_eq!(again.queued, 1, "an open pair is refreshed, not doubled");
        assert_eq!(
            store
                .duplicate_queue(&system(), DuplicateStatus::Open, None, 10)
                .await
                .unwrap()
                .len(),
            1
        );
    })
    .await;
}

#[tokio::test]
async fn an_import_checks_its_households_against_the_registry_and_queues_what_it_finds() {
    use tadamun_domain::{country::Country, country_pack::CountryPack};
    use tadamun_services::import::{ImportRequest, run_import};
    on_both(|store| async move {
        let pack = CountryPack::builtin(Country::Jordan);
        store
            .create_household(
                &system(),
                &parse(&zoubi_family("301")),
                tadamun_store::now(),
            )
            .await
            .unwrap();
        let mut other = zoubi_family("305");
        for (m, given) in other
            .members
            .iter_mut()
            .zip(["يوسف", "هند", "سامر", "ليلى"])
        {
            m.given_name = given.into();
            m.father_name = "كريم".into();
        }
        other.members[1].family_name = "الخطيب".into();
        other.phone = "0799990000".into();
        let mut bytes = Vec::new();
        tadamun_interchange::write_households_csv(
            &mut bytes,
            [
                ("A".to_owned(), parse(&again_in_amman())),
                ("B".to_owned(), parse(&other)),
            ]
            .into_iter(),
            &pack,
        )
        .unwrap();
        let report = run_import(
            &store,
            &pack,
            ImportRequest {
                file_name: "again.csv",
                bytes: &bytes,
                mode: tadamun_store::import::ImportMode::ValidRows,
                access: &system(),
                batch_size: 100,
            },
            &|_, _| {},
        )
        .await
        .unwrap();
        assert_eq!(report.run.imported_households, 2);
        assert_eq!(
            report.duplicates_queued,
            Some(1),
            "only the re-registered father"
        );
        let queue = store
            .duplicate_queue(&system(), DuplicateStatus::Open, None, 10)
            .await
            .unwrap();
        assert_eq!(queue.len(), 1);
        assert_eq!(queue[0].source, DuplicateSource::Import);
    })
    .await;
}
