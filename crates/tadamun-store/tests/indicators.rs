//! Storage stories for governorate indicators, each on SQLite and PostgreSQL: a small
//! registry whose every indicator is counted here by hand, the poverty indicators from
//! the latest targeting run and the waiting list, scope, and need against supply.

use tadamun_domain::{
    access::BuiltinRole,
    area::GovernorateCode,
    country::Country,
    grievance::{GrievanceStatus, RawGrievance, ReceiptCode},
    household::{RawHousehold, RawPerson},
    indicator::IndicatorTable,
};
use tadamun_store::{
    Store, StoreError,
    testing::{fixtures::*, on_both, partner_fixtures::*},
};
use time::{Duration, OffsetDateTime, macros::date, macros::datetime};

const TODAY: time::Date = date!(2026 - 12 - 03);
const NOON: OffsetDateTime = datetime!(2026-12-03 12:00 UTC);

fn member(given: &str, sex: &str, birth: &str, relationship: &str) -> RawPerson {
    person(
        [given, "محمد", "علي", "الخطيب"],
        sex,
        birth,
        relationship,
        "",
    )
}

fn household(governorate: &str, district: &str, members: Vec<RawPerson>) -> RawHousehold {
    RawHousehold {
        governorate: governorate.into(),
        district: district.into(),
        address: "الحي الغربي".into(),
        members,
        ..Default::default()
    }
}

/// Irbid: the Zoubi family (4, none elderly or under 5); a woman of 76 living alone
/// with a lot of difficulty walking; a man turning 65 today, his wife turning 65
/// tomorrow, a grandchild turning 5 tomorrow who cannot see at all and a daughter
/// turning 5 today with some difficulty hearing. Amman: a woman heading a household
/// with a child of 2.
async fn small_registry(store: &Store) {
    let sys = system();
    let mut alone = member("خديجة", "F", "1950-01-01", "head");
    alone.wg_walking = "3".into();
    let mut grandchild = member("سلمى", "F", "2021-12-04", "grandchild");
    grandchild.wg_seeing = "4".into();
    let mut daughter = member("ليلى", "F", "2021-12-03", "daughter");
    daughter.wg_hearing = "2".into();
    let households = [
        zoubi_family("111"),
        household("JO-IR", "JO-IR-02", vec![alone]),
        household(
            "JO-IR",
            "JO-IR-02",
            vec![
                member("يوسف", "M", "1961-12-03", "head"),
                member("مريم", "F", "1961-12-04", "spouse"),
                grandchild,
                daughter,
            ],
        ),
        household(
            "JO-AM",
            "",
            vec![
                member("هدى", "F", "1990-05-05", "head"),
                member("علي", "M", "2024-06-01", "son"),
            ],
        ),
    ];
    for raw in &households {
        store
            .create_household(&sys, &parse(raw), NOON)
            .await
            .unwrap();
    }
}

fn raw_grievance(governorate: &str) -> RawGrievance {
    RawGrievance {
        channel: "office".into(),
        category: "other".into(),
        governorate: governorate.into(),
        complainant_name: "مريم خالد العمري".into(),
        description: "تأخر الرد".into(),
        ..Default::default()
    }
}

fn gov(table: &IndicatorTable, code: &str) -> tadamun_domain::indicator::GovernorateIndicators {
    table
        .governorate(&GovernorateCode::parse(code).unwrap())
        .unwrap()
        .clone()
}

#[tokio::test]
async fn every_indicator_matches_a_count_by_hand_and_parts_add_up() {
    on_both(|store| async move {
        small_registry(&store).await;
        let table = store.governorate_indicators("JO", TODAY).await.unwrap();
        assert_eq!(
            table.governorates.len(),
            12,
            "every governorate, with or without people"
        );
        assert!(table.latest_run.is_none());
        let irbid = gov(&table, "JO-IR");
        let expected = [
            ("population", Some(9)),
            ("households", Some(3)),
            ("poor_households", None),
            ("poor_persons", None),
            ("disability", Some(2)),
            ("disability_a_lot", Some(1)),
            ("disability_cannot", Some(1)),
            ("disability_some", Some(1)),
            ("elderly_65", Some(2)),
            ("elderly_65_alone", Some(1)),
            ("elderly_65_not_alone", Some(1)),
            ("female_headed", Some(1)),
            ("children_under_5", Some(1)),
            ("waiting_list", Some(0)),
            ("open_grievances", Some(0)),
        ];
        for (code, n) in expected {
            assert_eq!(irbid.counts.get(code).copied().flatten(), n, "Irbid {code}");
        }
        let amman = gov(&table, "JO-AM");
        for (code, n) in [
            ("population", 2),
            ("households", 1),
            ("female_headed", 1),
            ("children_under_5", 1),
            ("elderly_65", 0),
        ] {
            assert_eq!(amman.count(code), Some(n), "Amman {code}");
        }
        let empty = gov(&table, "JO-MA");
        assert_eq!(
            (empty.count("population"), empty.count("disability")),
            (Some(0), Some(0))
        );

        // The breakdowns the catalogue declares add up, in every governorate.
        let catalogue = tadamun_domain::indicator::IndicatorCatalogue::builtin();
        for g in &table.governorates {
            for ind in catalogue
                .indicators
                .iter()
                .filter(|i| !i.breakdown.is_empty())
            {
                let parts: Option<i64> = ind.breakdown.iter().map(|p| g.count(p)).sum();
                assert_eq!(parts, g.count(&ind.code), "{} {}", g.governorate, ind.code);
            }
        }
    })
    .await;
}

#[tokio::test]
async fn open_grievances_are_counted_with_their_median_and_oldest_age() {
    on_both(|store| async move {
        let sys = system();
        let mut ids = Vec::new();
        for (n, days) in [(1u8, 10), (2, 3), (3, 40), (4, 1)] {
            let draft = raw_grievance("JO-IR").parse(Country::Jordan).unwrap();
            let at = NOON - Duration::days(days);
            ids.push(
                store
                    .file_grievance(&sys, &draft, &ReceiptCode::from_random([n; 16]), at)
                    .await
                    .unwrap()
                    .id,
            );
        }
        // A settled grievance no longer counts.
        store
            .change_grievance_status(&sys, ids[2], GrievanceStatus::Resolved, "تم الحل", NOON)
            .await
            .unwrap();
        let table = store.governorate_indicators("JO", TODAY).await.unwrap();
        let irbid = gov(&table, "JO-IR");
        assert_eq!(irbid.count("open_grievances"), Some(3));
        let age = irbid.grievance_age.unwrap();
        assert_eq!((age.count, age.median_days, age.oldest_days), (3, 3, 10));
        assert!(gov(&table, "JO-AM").grievance_age.is_none());
    })
    .await;
}

#[tokio::test]
async fn poverty_indicators_come_from_the_latest_run_and_the_waiting_list_from_enrolment() {
    on_both(|store| async move {
        let sys = system();
        let mut p = jordan_example();
        p.budget_per_cycle = tadamun_domain::money::Money(60_000);
        let ids = income_ladder(&store).await;
        store
            .save_programme_version(&sys, &p, tadamun_store::now())
            .await
            .unwrap();
        let stored = store.programme_version(&sys, &p.key, None).await.unwrap();
        let applicants = applicants(&store, &p).await;
        let run = run_programme(&store, &stored, &applicants, TODAY).await;
        store
            .enrol_run(&sys, run, tadamun_store::now())
            .await
            .unwrap();

        // By hand: Irbid's five ladder households' decisions in this run.
        let mut poor = 0;
        for id in &ids[..5] {
            let d = store.household_decisions(&sys, *id).await.unwrap();
            if matches!(d[0].outcome.as_str(), "eligible" | "waiting_list") {
                poor += 1;
            }
        }
        let waiting = store
            .waiting_list_page(&sys, &p.key, None, 100)
            .await
            .unwrap();
        let waiting_irbid = waiting
            .iter()
            .filter(|w| w.governorate_code == "JO-IR")
            .count() as i64;
        assert!(
            poor > 0 && waiting_irbid > 0,
            "the fixture has poor and waiting households"
        );

        let table = store.governorate_indicators("JO", TODAY).await.unwrap();
        assert_eq!(table.latest_run.as_ref().unwrap().run_id, run);
        let irbid = gov(&table, "JO-IR");
        assert_eq!(irbid.count("poor_households"), Some(poor));
        assert_eq!(
            irbid.count("poor_persons"),
            Some(poor * 4),
            "four members each"
        );
        assert_eq!(irbid.count("waiting_list"), Some(waiting_irbid));
        // Where the run decided on no household, poverty is not computed.
        assert_eq!(gov(&table, "JO-MA").counts["poor_households"], None);
    })
    .await;
}

#[tokio::test]
async fn staff_see_only_their_governorates_and_need_planning_read() {
    on_both(|store| async move {
        small_registry(&store).await;
        let member = user_with(
            &store,
            "planner",
            &[BuiltinRole::PlanningMember],
            &["JO-IR"],
        )
        .await;
        let table = store.indicators_for(&member, "JO", TODAY).await.unwrap();
        let codes: Vec<_> = table
            .governorates
            .iter()
            .map(|g| g.governorate.as_str().to_owned())
            .collect();
        assert_eq!(codes, ["JO-IR"]);
        assert_eq!(table.governorates[0].count("population"), Some(9));
        let registrar = user_with(&store, "reg", &[BuiltinRole::Registrar], &["JO-IR"]).await;
        assert!(matches!(
            store.indicators_for(&registrar, "JO", TODAY).await,
            Err(StoreError::Forbidden(_))
        ));
    })
    .await;
}

#[tokio::test]
async fn need_against_supply_compares_registry_need_with_partner_capacity() {
    on_both(|store| async move {
        small_registry(&store).await;
        let sys = system();
        let org = registered(&store, &sys, "IR-7", "جمعية الرحمة", "JO-IR", &["JO-IR"]).await;
        offered(&store, &sys, org, "childcare", "JO-IR", 30).await;
        offered(&store, &sys, org, "legal_aid", "JO-IR", 5).await;
        let table = store.governorate_indicators("JO", TODAY).await.unwrap();
        let irbid = GovernorateCode::parse("JO-IR").unwrap();
        let rows = store
            .need_against_supply(&sys, &table, &irbid, false)
            .await
            .unwrap();
        let row = |s: &str| rows.iter().find(|r| r.service == s).unwrap().clone();
        let elderly = row("elderly_care");
        assert_eq!(
            (elderly.need, elderly.capacity, elderly.gap()),
            (Some(1), 0, Some(1))
        );
        let childcare = row("childcare");
        assert_eq!(
            (
                childcare.need,
                childcare.capacity,
                childcare.gap(),
                childcare.coverage_percent()
            ),
            (Some(1), 30, Some(0), Some(100))
        );
        let legal = row("legal_aid");
        assert_eq!(
            (legal.indicator.clone(), legal.need, legal.capacity),
            (None, None, 5)
        );
        // The organisation is not accredited yet: accredited supply is none.
        let accredited = store
            .need_against_supply(&sys, &table, &irbid, true)
            .await
            .unwrap();
        assert!(accredited.iter().all(|r| r.capacity == 0));
        let elsewhere = GovernorateCode::parse("JO-XX");
        assert!(
            elsewhere.is_err()
                || store
                    .need_against_supply(&sys, &table, &elsewhere.unwrap(), false)
                    .await
                    .is_err()
        );
    })
    .await;
}
