//! Writing households and reading the file back gives the same drafts, in CSV and XLSX,
//! for generated households with Arabic names, approximate dates, documents, Washington
//! Group answers, assets, catalogue fields and values that look like formulas.

mod common;

use common::*;
use proptest::prelude::*;
use tadamun_domain::{
    country::Country,
    country_pack::CountryPack,
    household::{HouseholdDraft, RawHousehold, RawPerson},
    identity::{Document, DocumentType, palestinian_id_with_check_digit},
    socio::{DwellingType, IncomeSource, Tenure},
};
use tadamun_interchange::{
    FileFormat, HouseholdReader, write_households_csv, write_households_xlsx,
};
use tadamun_synth::SynthConfig;

const NAMES: &[&str] = &[
    "محمد",
    "أحمد",
    "عبد الله",
    "فاطمة",
    "زينب",
    "علي",
    "حسن",
    "نور الهدى",
    "مريم",
    "Ahmad",
];
const FAMILIES: &[&str] = &["الزعبي", "العمري", "أبو زيد", "الخطيب", "بني هاني"];
const ADDRESSES: &[&str] = &[
    "الحي الشرقي",
    "شارع الجامعة، عمارة 5",
    "=SUM(A1)",
    "\"البيت\" الأزرق, طابق 2",
    "-قرب المسجد",
    "@home",
    "Hay Nazzal; block 3",
];
const LATIN: &[&str] = &["", "Mohammad Al-Zoubi", "Fatima O'Neil"];
const RELATIVES: &[&str] = &[
    "spouse",
    "son",
    "daughter",
    "mother",
    "grandchild",
    "other_relative",
    "non_relative",
];

fn pick(options: &'static [&'static str]) -> impl Strategy<Value = String> {
    prop::sample::select(options).prop_map(str::to_owned)
}

fn maybe(options: &'static [&'static str]) -> impl Strategy<Value = String> {
    prop_oneof![Just(String::new()), pick(options)]
}

fn choices<T: Copy + std::fmt::Debug + 'static>(
    all: &'static [T],
    name: fn(T) -> &'static str,
) -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        prop::sample::select(all).prop_map(move |v| name(v).to_owned())
    ]
}

/// A birth date as typed: exact, a year alone, or an exact date flagged approximate.
fn birth() -> impl Strategy<Value = (String, String)> {
    (1910i32..=2025, 1u8..=12, 1u8..=28, 0u8..3).prop_map(|(y, m, d, kind)| match kind {
        0 => (format!("{y:04}-{m:02}-{d:02}"), String::new()),
        1 => (format!("{y}"), String::new()),
        _ => (format!("{y:04}-{m:02}-{d:02}"), "1".to_owned()),
    })
}

/// Documents for member `i`: none, the national number, or another kind, sometimes
/// with more in `other_documents`. Numbers end with the member's index so no document
/// repeats within a household.
fn documents(i: usize) -> impl Strategy<Value = (String, String, String)> {
    (0u8..4, 10_000_000u32..99_999_999, 0u8..3).prop_map(move |(kind, n, more)| {
        let (id_type, id_number) = match kind {
            0 => (String::new(), String::new()),
            1 => (String::new(), format!("9{n:08}{i}")),
            2 => ("unhcr_certificate".to_owned(), format!("UNHCR-{n}{i}")),
            _ => ("passport".to_owned(), format!("N{n}{i}")),
        };
        let others = match (kind, more) {
            (0, _) | (_, 0) => String::new(),
            (_, 1) => format!("unrwa_refugee_card:{n}{i}"),
            _ => format!("unrwa_refugee_card:{n}{i}; foreigner_id:F-{n}{i}"),
        };
        (id_type, id_number, others)
    })
}

/// A person as typed, with their `other_documents` cell.
fn person(i: usize) -> impl Strategy<Value = (RawPerson, String)> {
    let relationship = if i == 0 {
        Just("head".to_owned()).boxed()
    } else {
        pick(RELATIVES).boxed()
    };
    let wg = prop::collection::vec(
        prop_oneof![Just(String::new()), (1u8..=4).prop_map(|d| d.to_string())],
        6,
    );
    (
        (
            pick(NAMES),
            pick(NAMES),
            maybe(NAMES),
            pick(FAMILIES),
            pick(LATIN),
            prop::sample::select(&["M", "F"][..]),
        ),
        (
            birth(),
            relationship,
            maybe(&["single", "married", "widowed"]),
            maybe(&["none", "primary", "university"]),
            maybe(&["employed", "student", "child"]),
        ),
        (wg, documents(i)),
    )
        .prop_map(
            |(
                (given, father, grandfather, family, latin, sex),
                ((birth_date, approx), relationship, marital, education, work),
                (wg, (id_type, id_number, others)),
            )| {
                let person = RawPerson {
                    given_name: given,
                    father_name: father,
                    grandfather_name: grandfather,
                    family_name: family,
                    latin_name: latin,
                    sex: sex.to_owned(),
                    birth_date,
                    birth_date_approx: approx,
                    relationship,
                    marital_status: marital,
                    education,
                    work_status: work,
                    wg_seeing: wg[0].clone(),
                    wg_hearing: wg[1].clone(),
                    wg_walking: wg[2].clone(),
                    wg_cognition: wg[3].clone(),
                    wg_self_care: wg[4].clone(),
                    wg_communication: wg[5].clone(),
                    id_type,
                    id_number,
                };
                (person, others)
            },
        )
}

fn members() -> impl Strategy<Value = Vec<(RawPerson, String)>> {
    (1usize..=5).prop_flat_map(|n| (0..n).map(person).collect::<Vec<_>>())
}

/// A Jordanian household, parsed by the domain so it is a valid draft.
fn jordanian_household() -> impl Strategy<Value = HouseholdDraft> {
    let area = prop::sample::select(
        &[
            ("JO-AM", ""),
            ("JO-IR", ""),
            ("JO-IR", "JO-IR-02"),
            ("JO-MA", ""),
        ][..],
    );
    let phone = prop_oneof![
        Just(String::new()),
        "07[789][0-9]{7}",
        Just("+972591234567".to_owned())
    ];
    let socio = (
        choices(DwellingType::ALL, DwellingType::as_str),
        choices(Tenure::ALL, Tenure::as_str),
        prop::option::of(0u8..=50),
        prop::option::of(0u64..100_000_000),
        choices(IncomeSource::ALL, IncomeSource::as_str),
        prop::collection::vec(any::<bool>(), 6),
    );
    let extra = (
        maybe(&["jordanian", "gazan", "syrian", "other"]),
        prop::option::of(0u8..=20),
        prop_oneof![Just(String::new()), "[A-Z0-9]{1,20}"],
    );
    (
        area,
        pick(ADDRESSES),
        phone.clone(),
        phone,
        socio,
        extra,
        members(),
    )
        .prop_map(
            |((gov, district), address, phone, alt_phone, socio, extra, members)| {
                let (dwelling, tenure, rooms, income, source, assets) = socio;
                let (nationality, orphans, aid_file) = extra;
                let raw = RawHousehold {
                    governorate: gov.to_owned(),
                    district: district.to_owned(),
                    address,
                    phone,
                    alt_phone,
                    dwelling_type: dwelling,
                    tenure,
                    rooms: rooms.map(|r| r.to_string()).unwrap_or_default(),
                    monthly_income: income
                        .map(|m| format!("{}.{:03}", m / 1000, m % 1000))
                        .unwrap_or_default(),
                    main_income_source: source,
                    assets: tadamun_domain::socio::Assets::NAMES
                        .iter()
                        .zip(assets)
                        .filter(|(_, has)| *has)
                        .map(|(n, _)| (*n).to_owned())
                        .collect(),
                    extra: [
                        ("nationality", nationality),
                        (
                            "orphans_in_care",
                            orphans.map(|o| o.to_string()).unwrap_or_default(),
                        ),
                        ("national_aid_fund_file", aid_file),
                    ]
                    .into_iter()
                    .filter(|(_, v)| !v.is_empty())
                    .map(|(k, v)| (k.to_owned(), v))
                    .collect(),
                    members: members.iter().map(|(p, _)| p.clone()).collect(),
                };
                let mut draft = raw.parse(&jordan(), TODAY).unwrap_or_else(|e| {
                    panic!("the generator made an invalid household: {e}\n{raw:?}")
                });
                for (member, (_, others)) in draft.members.iter_mut().zip(&members) {
                    for entry in others.split(';').filter(|e| !e.is_empty()) {
                        let (t, n) = entry.trim().split_once(':').unwrap();
                        let t = DocumentType::parse(t).unwrap();
                        member.documents.push(Document::parse(t, n).unwrap());
                    }
                }
                draft
            },
        )
}

fn households() -> impl Strategy<Value = Vec<(String, HouseholdDraft)>> {
    prop::collection::vec(jordanian_household(), 1..6).prop_map(|hs| {
        hs.into_iter()
            .enumerate()
            .map(|(i, h)| {
                (
                    if i % 2 == 0 {
                        format!("H-{i:03}")
                    } else {
                        format!("أسرة-{i}")
                    },
                    h,
                )
            })
            .collect()
    })
}

fn read_back(
    bytes: &[u8],
    format: FileFormat,
    pack: &CountryPack,
) -> Vec<(String, HouseholdDraft)> {
    HouseholdReader::new(bytes, format, pack, TODAY)
        .unwrap()
        .map(|r| {
            let h = r.unwrap_or_else(|e| panic!("row errors on reading back: {e:?}"));
            (h.household_ref, h.draft)
        })
        .collect()
}

fn csv_round_trip(
    households: &[(String, HouseholdDraft)],
    pack: &CountryPack,
) -> Vec<(String, HouseholdDraft)> {
    let mut bytes = Vec::new();
    let rows = write_households_csv(&mut bytes, households.iter().cloned(), pack).unwrap();
    assert_eq!(
        rows,
        households
            .iter()
            .map(|(_, h)| h.members.len() as u64)
            .sum::<u64>()
    );
    read_back(&bytes, FileFormat::Csv, pack)
}

fn xlsx_round_trip(
    households: &[(String, HouseholdDraft)],
    pack: &CountryPack,
) -> Vec<(String, HouseholdDraft)> {
    let bytes = write_households_xlsx(households.iter().cloned(), pack, true).unwrap();
    read_back(&bytes, FileFormat::Xlsx, pack)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn a_csv_export_reads_back_to_the_same_households(households in households()) {
        prop_assert_eq!(csv_round_trip(&households, &jordan()), households);
    }

    #[test]
    fn an_xlsx_export_reads_back_to_the_same_households(households in households()) {
        prop_assert_eq!(xlsx_round_trip(&households, &jordan()), households);
    }
}

fn palestinian_households() -> Vec<(String, HouseholdDraft)> {
    let head = RawPerson {
        given_name: "يوسف".into(),
        father_name: "إبراهيم".into(),
        family_name: "النابلسي".into(),
        sex: "M".into(),
        birth_date: "1960".into(),
        relationship: "head".into(),
        id_number: palestinian_id_with_check_digit("40012345"),
        wg_walking: "3".into(),
        ..Default::default()
    };
    let refugee = RawPerson {
        given_name: "آمنة".into(),
        sex: "F".into(),
        birth_date: "1965-02-01".into(),
        relationship: "spouse".into(),
        id_type: "unrwa_refugee_card".into(),
        id_number: "1234-5678".into(),
        ..head.clone()
    };
    let raw = |camp: &str, members: Vec<RawPerson>| RawHousehold {
        governorate: "PS-NBS".into(),
        address: "مخيم بلاطة".into(),
        phone: "0599123456".into(),
        monthly_income: "1200.50".into(),
        extra: [
            ("refugee_camp".to_owned(), camp.to_owned()),
            ("region".to_owned(), "west_bank".to_owned()),
        ]
        .into(),
        members,
        ..Default::default()
    };
    [
        ("P1", raw("نعم", vec![head.clone(), refugee])),
        ("P2", raw("false", vec![head])),
    ]
    .into_iter()
    .map(|(r, raw)| (r.to_owned(), raw.parse(&palestine(), TODAY).unwrap()))
    .collect()
}

#[test]
fn palestinian_households_with_booleans_and_refugee_cards_round_trip() {
    let households = palestinian_households();
    assert_eq!(households[0].1.extra["refugee_camp"], true);
    assert_eq!(csv_round_trip(&households, &palestine()), households);
    assert_eq!(xlsx_round_trip(&households, &palestine()), households);
}

#[test]
fn no_households_gives_a_header_only_template() {
    let mut bytes = Vec::new();
    assert_eq!(write_households_csv(&mut bytes, [], &jordan()).unwrap(), 0);
    let text = String::from_utf8(bytes).unwrap();
    let header = text.strip_prefix('\u{FEFF}').unwrap().trim_end();
    assert!(header.starts_with("household_ref,governorate,district,address,phone,alt_phone,"));
    assert!(header.ends_with(",id_type,id_number,other_documents,extra.nationality,extra.national_aid_fund_file,extra.orphans_in_care"), "{header}");
}

#[test]
fn a_household_is_written_one_row_per_member_with_household_columns_repeated() {
    let households = palestinian_households();
    let mut bytes = Vec::new();
    write_households_csv(&mut bytes, households, &palestine()).unwrap();
    let text = String::from_utf8(bytes).unwrap();
    let lines: Vec<&str> = text.split("\r\n").collect();
    assert_eq!(
        lines.len(),
        5,
        "header, three members, and the final line end"
    );
    assert!(
        lines[1].starts_with("P1,PS-NBS,,مخيم بلاطة,0599123456,"),
        "{}",
        lines[1]
    );
    assert!(
        lines[2].starts_with("P1,PS-NBS,,مخيم بلاطة,0599123456,"),
        "{}",
        lines[2]
    );
    assert!(
        lines[1].contains(",1960-07-01,1,head,"),
        "approximate dates carry the flag: {}",
        lines[1]
    );
}

#[test]
fn writing_refuses_refs_the_reader_could_not_group_by() {
    let h = palestinian_households().remove(0).1;
    let write = |refs: &[&str]| {
        write_households_csv(
            Vec::new(),
            refs.iter().map(|r| ((*r).to_owned(), h.clone())),
            &palestine(),
        )
    };
    assert!(matches!(
        write(&["A", " A "]),
        Err(tadamun_interchange::WriteError::DuplicateRef { .. })
    ));
    assert!(matches!(
        write(&[" "]),
        Err(tadamun_interchange::WriteError::EmptyRef)
    ));
    let empty = HouseholdDraft {
        members: vec![],
        ..h.clone()
    };
    let e = write_households_csv(Vec::new(), [("E".to_owned(), empty)], &palestine()).unwrap_err();
    assert_eq!(
        e.to_string(),
        "household 'E' has no members, so it would have no row"
    );
}

#[test]
fn a_person_with_several_documents_keeps_them_all_in_order() {
    let (r, mut h) = palestinian_households().remove(0);
    let passport = Document::parse(DocumentType::Passport, "N1234567").unwrap();
    h.members[0].documents.insert(0, passport);
    let back = csv_round_trip(&[(r.clone(), h.clone())], &palestine());
    assert_eq!(back[0].1.members[0].documents, h.members[0].documents);
    assert_eq!(back, [(r, h)]);
}

#[test]
fn synthetic_registries_round_trip_through_csv_and_xlsx() {
    for (country, pack) in [
        (Country::Jordan, jordan()),
        (Country::Palestine, palestine()),
    ] {
        let config = SynthConfig {
            seed: 7,
            households: 300,
            country,
            today: TODAY,
        };
        let households: Vec<(String, HouseholdDraft)> = tadamun_synth::generate(&config)
            .enumerate()
            .map(|(i, s)| (format!("S{i}"), s.draft))
            .collect();
        assert!(
            households
                .iter()
                .any(|(_, h)| h.members.iter().any(|m| m.documents.len() > 1)),
            "the sample has refugees who are also citizens"
        );
        assert_eq!(
            csv_round_trip(&households, &pack),
            households,
            "{country:?} CSV"
        );
        assert_eq!(
            xlsx_round_trip(&households, &pack),
            households,
            "{country:?} XLSX"
        );
    }
}
