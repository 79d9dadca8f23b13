//! The generated registry as its users see it: deterministic, valid through the same
//! parser as a form, and shaped like a real Jordanian or Palestinian registry.

use std::collections::{HashMap, HashSet};

use tadamun_domain::{
    country::Country,
    country_pack::CountryPack,
    household::{HouseholdDraft, RawHousehold, RawPerson},
    identity::{Document, DocumentType},
    money::Currency,
    person::{PersonDraft, Relationship, Sex},
    socio::Assets,
};
use tadamun_synth::{HouseholdKind, Refugee, SynthConfig, SynthHousehold, generate};
use time::{Date, macros::date};

const TODAY: Date = date!(2026 - 01 - 15);

fn registry(seed: u64, households: usize, country: Country) -> Vec<SynthHousehold> {
    generate(&SynthConfig {
        seed,
        households,
        country,
        today: TODAY,
    })
    .collect()
}

fn opt<T: ToString>(v: Option<T>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

/// What a clerk would type for a person: every field as text, one document.
fn raw_person(p: &PersonDraft) -> RawPerson {
    let wg = p.disability.answers().map(|a| opt(a.map(|d| d.as_str())));
    let [
        wg_seeing,
        wg_hearing,
        wg_walking,
        wg_cognition,
        wg_self_care,
        wg_communication,
    ] = wg;
    RawPerson {
        given_name: p.name.given.as_str().into(),
        father_name: p.name.father.as_str().into(),
        grandfather_name: p
            .name
            .grandfather
            .as_ref()
            .map(|g| g.as_str().to_owned())
            .unwrap_or_default(),
        family_name: p.name.family.as_str().into(),
        latin_name: p.latin_name.clone().unwrap_or_default(),
        sex: p.sex.as_str().into(),
        birth_date: if p.birth_date.approximate {
            p.birth_date.date.year().to_string()
        } else {
            p.birth_date.date.to_string()
        },
        birth_date_approx: if p.birth_date.approximate {
            "1".into()
        } else {
            String::new()
        },
        relationship: p.relationship.as_str().into(),
        marital_status: opt(p.marital_status.map(|m| m.as_str())),
        education: opt(p.education.map(|e| e.as_str())),
        work_status: opt(p.work_status.map(|w| w.as_str())),
        wg_seeing,
        wg_hearing,
        wg_walking,
        wg_cognition,
        wg_self_care,
        wg_communication,
        id_type: p
            .documents
            .first()
            .map(|d| d.doc_type.as_str().to_owned())
            .unwrap_or_default(),
        id_number: p
            .documents
            .first()
            .map(|d| d.number.clone())
            .unwrap_or_default(),
    }
}

fn raw_household(h: &HouseholdDraft, currency: Currency) -> RawHousehold {
    let flags = h.socio.assets.flags();
    RawHousehold {
        governorate: h.governorate.to_string(),
        district: h.district.clone().unwrap_or_default(),
        address: h.address.clone(),
        phone: opt(h.phone.as_ref()),
        alt_phone: opt(h.alt_phone.as_ref()),
        dwelling_type: opt(h.socio.dwelling_type),
        tenure: opt(h.socio.tenure),
        rooms: opt(h.socio.rooms),
        monthly_income: opt(h.socio.monthly_income.map(|m| m.format(currency))),
        main_income_source: opt(h.socio.main_income_source),
        assets: Assets::NAMES
            .iter()
            .zip(flags)
            .filter(|(_, f)| *f)
            .map(|(n, _)| (*n).to_owned())
            .collect(),
        extra: Default::default(),
        members: h.members.iter().map(raw_person).collect(),
    }
}

fn age(p: &PersonDraft) -> i32 {
    p.birth_date.age_on(TODAY)
}

#[test]
fn the_same_seed_gives_the_same_registry_and_another_seed_another() {
    for country in Country::ALL {
        let a = registry(11, 200, country);
        let b = registry(11, 200, country);
        let c = registry(12, 200, country);
        assert_eq!(a, b);
        assert_ne!(a[0].draft, c[0].draft);
        let docs = |r: &[SynthHousehold]| {
            r.iter()
                .flat_map(|h| h.draft.members.iter())
                .flat_map(|m| m.documents.clone())
                .collect::<HashSet<_>>()
        };
        assert!(
            docs(&a).intersection(&docs(&c)).count() < docs(&a).len() / 10,
            "other seeds give other numbers"
        );
    }
}

#[test]
fn the_generator_streams_and_knows_its_length() {
    let mut g = generate(&SynthConfig {
        seed: 1,
        households: 3,
        country: Country::Jordan,
        today: TODAY,
    });
    assert_eq!(g.len(), 3);
    g.next();
    assert_eq!(g.len(), 2);
    assert_eq!(g.count(), 2);
}

#[test]
fn every_household_survives_the_form_parser_unchanged() {
    for country in Country::ALL {
        let pack = CountryPack::builtin(country);
        let currency = Currency::of(country);
        for h in registry(5, 400, country) {
            let parsed = raw_household(&h.draft, currency)
                .parse(&pack, TODAY)
                .unwrap_or_else(|e| panic!("{e}: {:?}", h.draft));
            // A form row carries one document per person: compare on the first.
            let mut expected = h.draft.clone();
            for m in &mut expected.members {
                m.documents.truncate(1);
            }
            assert_eq!(parsed, expected);
            for d in h.draft.members.iter().flat_map(|m| &m.documents) {
                assert_eq!(&Document::parse(d.doc_type, &d.number).unwrap(), d);
            }
        }
    }
}

#[test]
fn registry_wide_invariants_hold() {
    for country in Country::ALL {
        let pack = CountryPack::builtin(country);
        let mut documents = HashSet::new();
        for h in registry(9, 5_000, country) {
            let d = &h.draft;
            assert!(
                d.governorate.belongs_to(country)
                    && pack.governorate(d.governorate.as_str()).is_ok(),
                "{}",
                d.governorate
            );
            assert_eq!(d.district, None);
            assert!(d.extra.is_empty() && !d.address.trim().is_empty());
            let heads: Vec<&PersonDraft> = d
                .members
                .iter()
                .filter(|m| m.relationship == Relationship::Head)
                .collect();
            assert_eq!(heads.len(), 1, "{:?}", d.members);
            assert_eq!(
                d.members[0].relationship,
                Relationship::Head,
                "the head comes first"
            );
            assert!(age(heads[0]) >= 18, "head aged {}", age(heads[0]));
            for m in &d.members {
                assert_eq!(
                    m.disability.is_answered(),
                    age(m) >= 5,
                    "Washington Group answers from age 5"
                );
                assert!(m.birth_date.date <= TODAY);
                for doc in &m.documents {
                    assert!(
                        documents.insert(doc.clone()),
                        "document {doc:?} issued twice"
                    );
                }
                let national = m
                    .documents
                    .iter()
                    .any(|doc| doc.doc_type == DocumentType::national_for(country));
                if matches!(h.refugee, Refugee::No | Refugee::Unrwa { national: true })
                    && age(m) >= 1
                {
                    assert!(
                        national,
                        "a citizen aged {} has no national document",
                        age(m)
                    );
                }
            }
        }
    }
}

#[test]
fn jordanian_national_numbers_have_a_plausible_shape() {
    for h in registry(3, 500, Country::Jordan) {
        for m in &h.draft.members {
            for d in m
                .documents
                .iter()
                .filter(|d| d.doc_type == DocumentType::JordanNationalNumber)
            {
                let year = m.birth_date.date.year();
                let prefix = format!("{}{:02}", if year < 2000 { 9 } else { 2 }, year % 100);
                assert!(
                    d.number.starts_with(&prefix),
                    "{} for a person born in {year}",
                    d.number
                );
            }
        }
    }
}

#[test]
fn the_age_pyramid_is_young_and_households_average_about_five() {
    for country in Country::ALL {
        let r = registry(21, 5_000, country);
        let persons: Vec<&PersonDraft> = r.iter().flat_map(|h| &h.draft.members).collect();
        let share = |f: &dyn Fn(i32) -> bool| {
            persons.iter().filter(|p| f(age(p))).count() as f64 / persons.len() as f64
        };
        let under_15 = share(&|a| a < 15);
        let over_65 = share(&|a| a >= 65);
        let mean_size = persons.len() as f64 / r.len() as f64;
        assert!(
            (0.32..0.42).contains(&under_15),
            "{country}: {under_15:.3} under 15"
        );
        assert!(
            (0.025..0.08).contains(&over_65),
            "{country}: {over_65:.3} aged 65+"
        );
        assert!(
            (4.3..5.5).contains(&mean_size),
            "{country}: mean household size {mean_size:.2}"
        );
        let female_heads = r
            .iter()
            .filter(|h| h.draft.head().sex == Sex::Female)
            .count() as f64
            / r.len() as f64;
        assert!(
            (0.11..0.19).contains(&female_heads),
            "{country}: {female_heads:.3} female heads"
        );
        let answered: Vec<&&PersonDraft> = persons
            .iter()
            .filter(|p| p.disability.is_answered())
            .collect();
        let some = answered
            .iter()
            .filter(|p| {
                p.disability
                    .answers()
                    .iter()
                    .flatten()
                    .any(|d| d.as_str() != "1")
            })
            .count() as f64
            / answered.len() as f64;
        let disabled = answered
            .iter()
            .filter(|p| p.disability.has_disability())
            .count() as f64
            / answered.len() as f64;
        assert!(
            (0.07..0.14).contains(&some),
            "{country}: {some:.3} with some difficulty"
        );
        assert!(
            (0.015..0.04).contains(&disabled),
            "{country}: {disabled:.3} with a disability"
        );
    }
}

#[test]
fn households_spread_over_governorates_by_population() {
    let pack = CountryPack::builtin(Country::Jordan);
    let total: i64 = pack.governorates.iter().map(|g| g.population).sum();
    let r = registry(4, 20_000, Country::Jordan);
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for h in &r {
        *counts.entry(h.draft.governorate.as_str()).or_default() += 1;
    }
    for g in &pack.governorates {
        let expected = g.population as f64 / total as f64;
        let got = counts.get(g.code.as_str()).copied().unwrap_or(0) as f64 / r.len() as f64;
        assert!(
            (got - expected).abs() < 0.015,
            "{}: {got:.3} of households, {expected:.3} of population",
            g.code
        );
    }
}

fn top_family_names(r: &[SynthHousehold], governorate: &str, n: usize) -> Vec<String> {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for h in r
        .iter()
        .filter(|h| h.draft.governorate.as_str() == governorate)
    {
        *counts
            .entry(h.draft.head().name.family.as_str())
            .or_default() += 1;
    }
    let mut v: Vec<(&str, usize)> = counts.into_iter().collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    v.into_iter()
        .take(n)
        .map(|(name, _)| name.to_owned())
        .collect()
}

#[test]
fn each_governorate_has_its_own_dominant_clans() {
    let jo = registry(8, 20_000, Country::Jordan);
    let irbid = top_family_names(&jo, "JO-IR", 5);
    let karak = top_family_names(&jo, "JO-KA", 5);
    assert!(
        irbid.iter().all(|n| !karak.contains(n)),
        "Irbid {irbid:?} and Karak {karak:?} share top clans"
    );
    assert!(
        irbid.contains(&"الزعبي".to_owned()) && karak.contains(&"المجالي".to_owned()),
        "{irbid:?} {karak:?}"
    );
    let ps = registry(8, 20_000, Country::Palestine);
    let nablus = top_family_names(&ps, "PS-NBS", 5);
    let hebron = top_family_names(&ps, "PS-HBN", 5);
    assert!(
        nablus.iter().all(|n| !hebron.contains(n)),
        "Nablus {nablus:?} and Hebron {hebron:?} share top clans"
    );
    assert!(hebron.contains(&"الجعبري".to_owned()), "{hebron:?}");
}

#[test]
fn children_of_a_male_head_carry_his_names_down_the_line() {
    let mut checked = 0;
    for h in registry(13, 2_000, Country::Palestine) {
        let head = h.draft.head();
        if head.sex != Sex::Male {
            continue;
        }
        let n = &head.name;
        for m in &h.draft.members {
            let g = m
                .name
                .grandfather
                .as_ref()
                .expect("generated names have four parts");
            match m.relationship {
                Relationship::Son | Relationship::Daughter => {
                    assert_eq!(
                        (&m.name.father, g, &m.name.family),
                        (&n.given, &n.father, &n.family)
                    );
                    checked += 1;
                }
                Relationship::Father => {
                    assert_eq!(
                        (&m.name.given, Some(&m.name.father), &m.name.family),
                        (&n.father, n.grandfather.as_ref(), &n.family)
                    );
                }
                Relationship::Grandchild => {
                    assert_eq!((g, &m.name.family), (&n.given, &n.family));
                }
                Relationship::Brother | Relationship::Sister => {
                    assert_eq!((&m.name.father, &m.name.family), (&n.father, &n.family));
                }
                _ => {}
            }
        }
        if h.kind == HouseholdKind::ThreeGenerations {
            let son = h.draft.members.iter().find(|m| {
                m.relationship == Relationship::Son
                    && m.marital_status.is_some_and(|s| s.as_str() == "married")
            });
            let son = son.expect("a three-generation household has a married son");
            for g in h
                .draft
                .members
                .iter()
                .filter(|m| m.relationship == Relationship::Grandchild)
            {
                assert_eq!(g.name.father, son.name.given);
            }
        }
    }
    assert!(checked > 2_000, "only {checked} children checked");
}

#[test]
fn siblings_in_a_female_headed_household_share_their_fathers_names() {
    for h in registry(17, 3_000, Country::Jordan)
        .iter()
        .filter(|h| h.kind == HouseholdKind::FemaleHeaded)
    {
        let children: Vec<&PersonDraft> = h
            .draft
            .members
            .iter()
            .filter(|m| matches!(m.relationship, Relationship::Son | Relationship::Daughter))
            .collect();
        for c in &children {
            assert_eq!(
                (&c.name.father, &c.name.grandfather, &c.name.family),
                (
                    &children[0].name.father,
                    &children[0].name.grandfather,
                    &children[0].name.family
                )
            );
        }
    }
}
