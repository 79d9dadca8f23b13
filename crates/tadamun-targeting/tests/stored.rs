//! The stored form of decision records: what is written reads back, under the frozen
//! version, as the full record (components, rule ids, top contributions and all), and
//! records of the earlier format still read.

mod common;

use common::{TODAY, applicants, compile, example, pack};
use tadamun_domain::country::Country;
use tadamun_targeting::{
    assess::RuleDetail,
    decision::{DecisionRecord, decide_in_chunks},
    programme::{ProgrammeVersion, TargetUnit},
    rules::RuleDef,
    stored::{Columns, DecisionDetail, EncodedDecision, decode},
};

fn full(r: &DecisionRecord) -> DecisionDetail {
    DecisionDetail {
        model_version: r.model_version,
        inputs: r.inputs.clone(),
        rules: r.rules.clone(),
        score: r.score.clone(),
        eligible_members: r.eligible_members.clone(),
        ranked: r.ranked,
        cut_off: r.cut_off,
        explanation: r.explanation.clone(),
    }
}

fn columns(e: &EncodedDecision) -> Columns {
    Columns {
        outcome: e.outcome,
        predicted: e.predicted,
        entitlement: e.entitlement,
    }
}

/// Every record of a run over `n` households, encoded and decoded again.
fn round_trip(country: Country, def: &ProgrammeVersion, detail: RuleDetail, n: usize) -> usize {
    let p = def.compile(&pack(country)).expect("compiles");
    let hs = applicants(country, n, 31);
    let mut records = Vec::new();
    decide_in_chunks(&p, &hs, TODAY, detail, 50, |c| records.extend_from_slice(c));
    let mut bytes = 0;
    for r in &records {
        let e = EncodedDecision::of(r);
        assert_eq!(e.household, r.household);
        bytes += e.record.len();
        let back = decode(&e.record, def, columns(&e)).expect("reads back");
        assert_eq!(back, full(r), "{}", e.record);
        // The sentences a citizen reads are the same too.
        assert_eq!(
            back.explanation.arabic(p.currency),
            r.explanation.arabic(p.currency)
        );
    }
    bytes / records.len()
}

#[test]
fn both_examples_read_back_exactly_from_their_stored_form() {
    for country in [Country::Jordan, Country::Palestine] {
        for detail in [RuleDetail::Needed, RuleDetail::Every] {
            let mean = round_trip(country, &example(country), detail, 300);
            // The point of the format: a national run is a million of these.
            assert!(mean < 700, "{country:?} {detail:?}: {mean} bytes a record");
        }
    }
}

#[test]
fn rule_errors_and_qualifying_members_read_back() {
    let mut def = example(Country::Jordan);
    def.target_unit = TargetUnit::Individual;
    def.eligibility.all.push(RuleDef::cel(
        "known-nationality",
        "the head is Jordanian",
        "رب الأسرة أردني",
        "household.extra.nationality == 'jordanian'",
    ));
    round_trip(Country::Jordan, &def, RuleDetail::Every, 120);
}

#[test]
fn a_record_of_the_first_format_still_reads() {
    let def = example(Country::Jordan);
    let p = compile(Country::Jordan, &def);
    let hs = applicants(Country::Jordan, 20, 5);
    let mut records = Vec::new();
    decide_in_chunks(&p, &hs, TODAY, RuleDetail::Needed, 20, |c| {
        records.extend_from_slice(c)
    });
    for r in &records {
        let v1 = serde_json::to_string(&full(r)).unwrap();
        let e = EncodedDecision::of(r);
        assert_eq!(decode(&v1, &def, columns(&e)).unwrap(), full(r));
    }
}

#[test]
fn a_record_that_does_not_fit_its_version_is_refused_not_misread() {
    let def = example(Country::Palestine);
    let p = compile(Country::Palestine, &def);
    let hs = applicants(Country::Palestine, 50, 8);
    let mut records = Vec::new();
    decide_in_chunks(&p, &hs, TODAY, RuleDetail::Every, 50, |c| {
        records.extend_from_slice(c)
    });
    let r = records.iter().find(|r| r.score.is_some()).unwrap();
    let e = EncodedDecision::of(r);
    let mut fewer_rules = def.clone();
    fewer_rules.eligibility.all.pop();
    let err = decode(&e.record, &fewer_rules, columns(&e)).unwrap_err();
    assert!(err.to_string().contains("rule"), "{err}");
    let mut no_model = def.clone();
    no_model.pmt = None;
    let err = decode(&e.record, &no_model, columns(&e)).unwrap_err();
    assert!(err.to_string().contains("PMT"), "{err}");
}
