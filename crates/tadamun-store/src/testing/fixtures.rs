//! Hand-built households for storage tests, parsed through the domain like real input.

use tadamun_domain::{
    country::Country,
    country_pack::CountryPack,
    household::{HouseholdDraft, RawHousehold, RawPerson},
};

pub fn pack() -> CountryPack {
    CountryPack::builtin(Country::Jordan)
}

/// A person from the four name parts, then sex, birth date, relationship and ID number.
pub fn person(
    [given, father, grandfather, family]: [&str; 4],
    sex: &str,
    birth: &str,
    relationship: &str,
    id: &str,
) -> RawPerson {
    RawPerson {
        given_name: given.into(),
        father_name: father.into(),
        grandfather_name: grandfather.into(),
        family_name: family.into(),
        sex: sex.into(),
        birth_date: birth.into(),
        relationship: relationship.into(),
        id_number: id.into(),
        ..Default::default()
    }
}

/// A family in Irbid: أحمد محمد علي الزعبي, his wife, and two children.
pub fn zoubi_family(id_prefix: &str) -> RawHousehold {
    RawHousehold {
        governorate: "JO-IR".into(),
        district: "JO-IR-02".into(),
        address: "الرمثا، الحي الشرقي".into(),
        phone: format!("079{id_prefix}4567"),
        dwelling_type: "house".into(),
        tenure: "rented".into(),
        rooms: "3".into(),
        monthly_income: "180.500".into(),
        main_income_source: "wages".into(),
        assets: vec!["fridge".into()],
        members: vec![
            person(
                ["أحمد", "محمد", "علي", "الزعبي"],
                "M",
                "1980-03-15",
                "head",
                &format!("980{id_prefix}0001"),
            ),
            person(
                ["فاطمة", "خالد", "سالم", "العمري"],
                "F",
                "1984-07-02",
                "spouse",
                &format!("984{id_prefix}0002"),
            ),
            person(
                ["عبد الله", "أحمد", "محمد", "الزعبي"],
                "M",
                "2010-01-20",
                "son",
                &format!("201{id_prefix}0003"),
            ),
            person(
                ["آمنة", "أحمد", "محمد", "الزعبي"],
                "F",
                "2015-09-09",
                "daughter",
                "",
            ),
        ],
        ..Default::default()
    }
}

pub fn parse(raw: &RawHousehold) -> HouseholdDraft {
    raw.parse(&pack(), time::macros::date!(2026 - 11 - 23))
        .expect("fixture parses")
}

/// The system itself: every permission, national scope, sight of restricted records.
pub fn system() -> tadamun_domain::access::Access {
    tadamun_domain::access::Access::system("test")
}

/// Creates a user with these roles over these governorates (none: national) and
/// returns the access they would act with.
pub async fn user_with(
    store: &crate::Store,
    username: &str,
    roles: &[tadamun_domain::access::BuiltinRole],
    governorates: &[&str],
) -> tadamun_domain::access::Access {
    use tadamun_domain::{access::AreaScope, area::GovernorateCode};
    let scope = if governorates.is_empty() {
        AreaScope::National
    } else {
        AreaScope::Governorates(
            governorates
                .iter()
                .map(|g| GovernorateCode::parse(g).expect("governorate"))
                .collect(),
        )
    };
    let grants = crate::access::Grants {
        roles: roles.iter().map(|r| r.as_str().to_owned()).collect(),
        scope,
    };
    let id = store
        .create_user(username, username, "$argon2id$test", &grants, crate::now())
        .await
        .expect("user");
    store
        .user_access(id, None)
        .await
        .expect("access")
        .expect("active user")
}

/// Every household a run of `p` scores, read as the services do: in ranges ending at
/// the store's split points (three ranges here, to test them), four households a page.
pub async fn applicants(
    store: &crate::Store,
    p: &tadamun_targeting::programme::ProgrammeVersion,
) -> Vec<tadamun_targeting::assess::Applicant> {
    let points = store.scoring_split_points(&system(), p, 3).await.unwrap();
    assert!(
        points.windows(2).all(|w| w[0] < w[1]),
        "ascending split points"
    );
    let mut all = Vec::new();
    let mut after = None;
    for until in points.iter().copied().map(Some).chain([None]) {
        loop {
            let page = store
                .applicants_page(&system(), p, after, until, 4)
                .await
                .unwrap();
            let Some(last) = page.last() else { break };
            after = Some(last.id);
            all.extend(page);
        }
        after = until.or(after);
    }
    all
}

/// Checks that scoring reads exactly what the registry holds for every active
/// household (Jordan's example covers the kingdom), less names, documents and
/// contacts; returns how many it read.
pub async fn assert_scoring_reads_the_registry(store: &crate::Store) -> usize {
    let read = applicants(store, &jordan_example()).await;
    for a in &read {
        let h = store.get_household(&system(), a.id).await.unwrap().unwrap();
        let mut expected = h.to_draft();
        expected.district = None;
        expected.address = String::new();
        expected.phone = None;
        expected.alt_phone = None;
        for m in &mut expected.members {
            m.name = tadamun_domain::person::PersonName::withheld();
            m.latin_name = None;
            m.documents.clear();
        }
        assert_eq!(a.household, expected, "household {}", a.id.0);
    }
    read.len()
}

/// Runs a stored programme over `applicants` as of `as_of`, writing in chunks of four,
/// and returns the run's id.
pub async fn run_programme(
    store: &crate::Store,
    stored: &crate::programmes::StoredProgramme,
    applicants: &[tadamun_targeting::assess::Applicant],
    as_of: time::Date,
) -> uuid::Uuid {
    let compiled = stored.definition.compile(&pack()).unwrap();
    let records = tadamun_targeting::decision::decide(&compiled, applicants, as_of);
    let mut writer = store
        .begin_decision_run(
            &system(),
            stored,
            crate::programmes::RunKind::Registry,
            as_of,
            crate::now(),
        )
        .await
        .unwrap();
    let id = writer.id();
    for chunk in records.chunks(4) {
        writer.write(chunk, |_| None).await.unwrap();
    }
    let totals = writer.finish(None).await.unwrap();
    assert_eq!(totals.households, records.len() as i64);
    id
}

/// The Jordan pack's example programme (budget-ranked, monthly).
pub fn jordan_example() -> tadamun_targeting::programme::ProgrammeVersion {
    tadamun_targeting::programme::pack_programmes(Country::Jordan).expect("pack programmes")[0]
        .clone()
}

/// Zoubi families in Irbid with incomes from very poor to comfortable, and one in
/// Amman that is restricted (a protection case); each can be scored.
pub async fn income_ladder(store: &crate::Store) -> Vec<tadamun_domain::ids::HouseholdId> {
    let now = crate::now();
    let mut ids = Vec::new();
    for (i, income) in ["0", "40", "90", "150", "400", "900"].iter().enumerate() {
        let mut raw = zoubi_family(&format!("{}{}", 40 + i, i));
        raw.monthly_income = (*income).into();
        // What the example PMT reads of the head, so every family can be scored.
        let head = &mut raw.members[0];
        head.education = if i < 3 { "literate" } else { "secondary" }.into();
        head.work_status = if i < 2 { "unemployed" } else { "employed" }.into();
        raw.members[1].work_status = "homemaker".into();
        if i == 5 {
            raw.governorate = "JO-AM".into();
            raw.district = String::new();
        }
        let id = store
            .create_household(&system(), &parse(&raw), now)
            .await
            .unwrap();
        ids.push(id);
    }
    store
        .set_restriction(&system(), ids[5], true, &[], &[], now)
        .await
        .unwrap();
    ids
}
