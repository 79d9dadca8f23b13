//! The policy simulator: a change's effect on coverage, cost and who enters or leaves,
//! and targeting errors against synthetic true consumption.

mod common;

use std::sync::OnceLock;

use common::{TODAY, compile, example, synth};
use tadamun_domain::{country::Country, ids::HouseholdId, money::Money};
use tadamun_synth::consumption::true_consumption;
use tadamun_targeting::{
    assess::Applicant,
    decision::{Outcome, decide},
    rules::{Category, RuleDef},
    simulate::{Truth, simulate},
};

struct Fixture {
    applicants: Vec<Applicant>,
    truth: Vec<f64>,
}

fn fixture() -> &'static Fixture {
    static F: OnceLock<Fixture> = OnceLock::new();
    F.get_or_init(|| {
        let hs = synth(Country::Palestine, 1_500, 5);
        let truth = hs
            .iter()
            .map(|h| true_consumption(h, Country::Palestine, TODAY))
            .collect();
        let applicants = hs
            .into_iter()
            .enumerate()
            .map(|(i, h)| Applicant {
                id: HouseholdId(uuid::Uuid::from_u128(i as u128 + 1)),
                household: h.draft,
            })
            .collect();
        Fixture { applicants, truth }
    })
}

fn truth(line: f64) -> Truth<'static> {
    Truth {
        consumption_per_ae: &fixture().truth,
        poverty_line_per_ae: line,
    }
}

#[test]
fn an_unchanged_programme_changes_nothing_and_matches_decide() {
    let f = fixture();
    let p = compile(Country::Palestine, &example(Country::Palestine));
    let q = compile(Country::Palestine, &example(Country::Palestine));
    let c = simulate(&f.applicants, &p, &q, TODAY, None);
    assert!(c.entered.is_empty() && c.left.is_empty());
    assert_eq!(c.baseline, c.changed);
    let records = decide(&p, &f.applicants, TODAY);
    let funded = records
        .iter()
        .filter(|r| r.outcome == Outcome::Eligible)
        .count() as u64;
    let cost: i64 = records
        .iter()
        .filter_map(|r| r.entitlement)
        .map(|m| m.0)
        .sum();
    assert_eq!(c.baseline.beneficiaries, funded);
    assert_eq!(c.baseline.cost, Money(cost));
    let by_gov: u64 = c
        .baseline
        .by_governorate
        .values()
        .map(|g| g.beneficiaries)
        .sum();
    assert_eq!(by_gov, funded);
    let households: u64 = c
        .baseline
        .by_governorate
        .values()
        .map(|g| g.households)
        .sum();
    assert_eq!(households, f.applicants.len() as u64);
}

#[test]
fn raising_the_cut_off_only_brings_households_in() {
    let f = fixture();
    let base = example(Country::Palestine);
    let mut changed = base.clone();
    changed.pmt.as_mut().unwrap().cut_off = Some(6.6);
    let c = simulate(
        &f.applicants,
        &compile(Country::Palestine, &base),
        &compile(Country::Palestine, &changed),
        TODAY,
        None,
    );
    assert!(!c.entered.is_empty());
    assert!(c.left.is_empty());
    // Threshold selection pays everyone under the cut-off and says when that passes
    // the budget.
    let mut tight = changed.clone();
    tight.budget_per_cycle = Money(1);
    let t = simulate(
        &f.applicants,
        &compile(Country::Palestine, &base),
        &compile(Country::Palestine, &tight),
        TODAY,
        None,
    );
    assert!(t.changed.over_budget && t.changed.cost > Money(1));
    assert_eq!(
        c.changed.beneficiaries,
        c.baseline.beneficiaries + c.entered.len() as u64
    );
    assert!(c.changed.cost > c.baseline.cost);
}

#[test]
fn adding_a_rule_only_takes_households_out() {
    let f = fixture();
    let base = example(Country::Palestine);
    let mut changed = base.clone();
    changed.eligibility.all.push(RuleDef::category(
        "female-headed-only",
        Category::FemaleHeaded,
    ));
    let c = simulate(
        &f.applicants,
        &compile(Country::Palestine, &base),
        &compile(Country::Palestine, &changed),
        TODAY,
        None,
    );
    assert!(c.entered.is_empty());
    assert!(!c.left.is_empty());
}

#[test]
fn a_smaller_budget_moves_ranked_households_to_the_waiting_list() {
    let jo = synth(Country::Jordan, 1_500, 8);
    let applicants: Vec<Applicant> = jo
        .into_iter()
        .enumerate()
        .map(|(i, h)| Applicant {
            id: HouseholdId(uuid::Uuid::from_u128(i as u128 + 1)),
            household: h.draft,
        })
        .collect();
    let base = example(Country::Jordan);
    let mut changed = base.clone();
    changed.budget_per_cycle = Money(5_000_000);
    let c = simulate(
        &applicants,
        &compile(Country::Jordan, &base),
        &compile(Country::Jordan, &changed),
        TODAY,
        None,
    );
    assert!(c.changed.cost <= Money(5_000_000));
    assert!(!c.changed.over_budget);
    assert!(c.changed.waiting > 0);
    assert_eq!(
        c.changed.beneficiaries + c.left.len() as u64,
        c.baseline.beneficiaries
    );
}

#[test]
fn targeting_errors_follow_their_definitions() {
    let f = fixture();
    let p = compile(Country::Palestine, &example(Country::Palestine));
    let line = 700.0;
    let c = simulate(&f.applicants, &p, &p, TODAY, Some(truth(line)));
    let e = c.baseline.errors.unwrap();
    let records = decide(&p, &f.applicants, TODAY);
    let poor: Vec<bool> = f.truth.iter().map(|t| *t < line).collect();
    let funded: Vec<bool> = records
        .iter()
        .map(|r| r.outcome == Outcome::Eligible)
        .collect();
    let n_poor = poor.iter().filter(|p| **p).count() as u64;
    let both = poor.iter().zip(&funded).filter(|(p, f)| **p && **f).count() as u64;
    let n_funded = funded.iter().filter(|f| **f).count() as u64;
    assert_eq!(e.poor, n_poor);
    assert_eq!(e.poor_beneficiaries, both);
    assert!((e.inclusion_error - (n_funded - both) as f64 / n_funded as f64).abs() < 1e-12);
    assert!((e.exclusion_error - (n_poor - both) as f64 / n_poor as f64).abs() < 1e-12);
    // The PMT does better than chance: the poor are funded more often than the rest.
    let rate_poor = both as f64 / n_poor as f64;
    let rate_rest = (n_funded - both) as f64 / (f.applicants.len() as u64 - n_poor) as f64;
    assert!(rate_poor > rate_rest, "{rate_poor} vs {rate_rest}");
}

#[test]
fn households_without_ground_truth_are_left_out_of_the_errors_only() {
    let f = fixture();
    let p = compile(Country::Palestine, &example(Country::Palestine));
    let line = 700.0;
    // Every other household is "real": no true consumption.
    let partial: Vec<f64> = f
        .truth
        .iter()
        .enumerate()
        .map(|(i, t)| if i.is_multiple_of(2) { *t } else { f64::NAN })
        .collect();
    let c = simulate(
        &f.applicants,
        &p,
        &p,
        TODAY,
        Some(Truth {
            consumption_per_ae: &partial,
            poverty_line_per_ae: line,
        }),
    );
    let full = simulate(&f.applicants, &p, &p, TODAY, None);
    assert_eq!(c.baseline.beneficiaries, full.baseline.beneficiaries);
    let e = c.baseline.errors.unwrap();
    assert_eq!(e.households, f.applicants.len().div_ceil(2) as u64);
    let records = decide(&p, &f.applicants, TODAY);
    let known = |i: &usize| i.is_multiple_of(2);
    let funded = (0..records.len())
        .filter(known)
        .filter(|i| records[*i].outcome == Outcome::Eligible)
        .count() as u64;
    let poor = (0..records.len())
        .filter(known)
        .filter(|i| f.truth[*i] < line)
        .count() as u64;
    assert_eq!(e.beneficiaries, funded);
    assert_eq!(e.poor, poor);
    // No ground truth at all: no errors rather than zeros.
    let none = vec![f64::NAN; f.applicants.len()];
    let n = simulate(
        &f.applicants,
        &p,
        &p,
        TODAY,
        Some(Truth {
            consumption_per_ae: &none,
            poverty_line_per_ae: line,
        }),
    );
    assert!(n.baseline.errors.is_none());
}
