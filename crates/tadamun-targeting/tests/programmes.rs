//! Programme definitions: the packs' examples load and compile, bad definitions are
//! refused naming the field, and a version that produced decisions is never edited.

mod common;

use common::{compile, example, pack};
use tadamun_domain::{country::Country, money::Money};
use tadamun_targeting::{
    pmt::PmtError,
    programme::{
        Edit, ProgrammeError, ProgrammeVersion, SelectionMode, VersionState, Versioned,
        pack_programmes_from_toml,
    },
};

#[test]
fn both_packs_ship_an_illustrative_programme_in_their_own_mode() {
    let jo = example(Country::Jordan);
    let ps = example(Country::Palestine);
    assert_eq!(jo.selection, SelectionMode::BudgetRanked);
    assert_eq!(ps.selection, SelectionMode::Threshold);
    assert!(jo.illustrative && ps.illustrative);
    assert!(jo.name_en.contains("illustrative") && ps.name_en.contains("illustrative"));
    compile(Country::Jordan, &jo);
    let ps = compile(Country::Palestine, &ps);
    let pmt = ps.pmt.as_ref().unwrap();
    let regions: Vec<&str> = pmt.model.sets.iter().map(|s| s.region.as_str()).collect();
    assert_eq!(regions, ["west_bank", "gaza"]);
    assert_eq!(pmt.set_for("PS-GZA"), Some(1));
    assert_eq!(pmt.set_for("PS-NBS"), Some(0));
}

#[test]
fn the_domain_still_reads_the_keys_it_knows_from_the_same_tables() {
    let jo = pack(Country::Jordan);
    assert_eq!(jo.programmes[0].key, example(Country::Jordan).key);
    assert_eq!(jo.programmes[0].selection, "budget_ranked");
}

#[test]
fn a_programme_round_trips_through_json() {
    let p = example(Country::Palestine);
    let json = serde_json::to_string(&p).unwrap();
    let back: ProgrammeVersion = serde_json::from_str(&json).unwrap();
    assert_eq!(back, p);
}

#[test]
fn a_programme_round_trips_through_toml() {
    for country in [Country::Jordan, Country::Palestine] {
        let p = example(country);
        let text = toml::to_string(&p).unwrap();
        let back: ProgrammeVersion = toml::from_str(&text).unwrap();
        assert_eq!(back, p);
    }
}

#[test]
fn a_model_naming_a_missing_variable_is_refused_naming_it() {
    let mut p = example(Country::Palestine);
    p.pmt.as_mut().unwrap().sets[1]
        .coefficients
        .insert("rooms_per_persn".into(), 0.1);
    let err = p.compile(&pack(Country::Palestine)).unwrap_err();
    match &err {
        ProgrammeError::Pmt(PmtError::UnknownVariable {
            region, variable, ..
        }) => {
            assert_eq!(
                (region.as_str(), variable.as_str()),
                ("gaza", "rooms_per_persn")
            );
        }
        other => panic!("{other:?}"),
    }
    assert!(err.to_string().contains("'rooms_per_persn'"));
}

#[test]
fn a_governorate_outside_every_region_is_refused() {
    let mut p = example(Country::Palestine);
    p.pmt
        .as_mut()
        .unwrap()
        .regions
        .get_mut("gaza")
        .unwrap()
        .pop();
    let err = p.compile(&pack(Country::Palestine)).unwrap_err();
    assert!(err.to_string().contains("PS-RFH is in no region"), "{err}");
}

#[test]
fn a_bad_rule_is_refused_when_the_programme_is_saved() {
    let mut p = example(Country::Jordan);
    p.eligibility.all[0].cel = Some("household.income <".into());
    let err = p.compile(&pack(Country::Jordan)).unwrap_err();
    let text = err.to_string();
    assert!(
        text.starts_with("rule 'income-below-twice-line': line 1, column"),
        "{text}"
    );
}

#[test]
fn bad_fields_are_named() {
    type Change = Box<dyn Fn(&mut ProgrammeVersion)>;
    let cases: Vec<(&str, Change)> = vec![
        ("coverage", Box::new(|p| p.coverage = vec!["PS-GZA".into()])),
        (
            "budget_per_cycle",
            Box::new(|p| p.budget_per_cycle = Money(-1)),
        ),
        (
            "recertification_months",
            Box::new(|p| p.recertification_months = 0),
        ),
        ("pmt", Box::new(|p| p.pmt = None)),
        (
            "poverty_line",
            Box::new(|p| p.poverty_line.size_elasticity = 2.0),
        ),
        (
            "entitlement",
            Box::new(|p| {
                p.entitlement = tadamun_targeting::entitlement::Formula::Flat { amount: Money(-5) }
            }),
        ),
    ];
    for (field, change) in cases {
        let mut p = example(Country::Jordan);
        change(&mut p);
        match p.compile(&pack(Country::Jordan)).unwrap_err() {
            ProgrammeError::Invalid { field: f, .. } => assert_eq!(f, field),
            other => panic!("{field}: {other:?}"),
        }
    }
}

#[test]
fn threshold_selection_needs_a_cut_off() {
    let mut p = example(Country::Palestine);
    p.pmt.as_mut().unwrap().cut_off = None;
    match p.compile(&pack(Country::Palestine)).unwrap_err() {
        ProgrammeError::Invalid { field, .. } => assert_eq!(field, "pmt.cut_off"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_pack_with_an_unknown_key_is_refused_naming_it() {
    let text = r#"
[[programmes]]
key = "x"
colour = "red"
"#;
    let err = pack_programmes_from_toml(text).unwrap_err().to_string();
    assert!(err.contains("colour"), "{err}");
}

#[test]
fn a_draft_is_edited_in_place() {
    let mut v = Versioned::draft(example(Country::Jordan));
    v.edit_in_place(|p| p.budget_per_cycle = Money(1)).unwrap();
    assert_eq!(v.definition.budget_per_cycle, Money(1));
    match v.edit(|p| p.budget_per_cycle = Money(2)) {
        Edit::InPlace(d) => assert_eq!(d.definition.version, 1),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_frozen_version_refuses_edits_and_makes_a_new_version() {
    let mut v = Versioned::draft(example(Country::Jordan));
    v.freeze();
    let before = v.clone();
    let err = v
        .edit_in_place(|p| p.budget_per_cycle = Money(1))
        .unwrap_err();
    assert!(matches!(err, ProgrammeError::Frozen { version: 1, .. }));
    assert_eq!(v, before, "a refused edit changes nothing");
    match v.edit(|p| {
        p.budget_per_cycle = Money(1);
        p.version = 99;
        p.key = "renamed".into();
    }) {
        Edit::NewVersion(next) => {
            assert_eq!(next.state, VersionState::Draft);
            assert_eq!(next.definition.version, 2);
            assert_eq!(next.definition.key, "unified-cash-transfer");
            assert_eq!(next.definition.budget_per_cycle, Money(1));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(v, before);
}
