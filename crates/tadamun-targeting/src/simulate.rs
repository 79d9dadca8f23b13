//! The policy simulator: the same households under a baseline programme and a changed
//! one (cut-off, budget, coefficients, rules), compared in memory with nothing written
//! anywhere. Rules the two share are evaluated once per household.

use std::{borrow::Cow, collections::BTreeMap};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use tadamun_domain::{ids::HouseholdId, money::Money};
use time::Date;

use crate::{
    assess::{self, Applicant, Assessment, Verdict},
    decision::{self, Outcome, Placement},
    programme::{CompiledProgramme, TargetUnit},
    rules::{CompiledRule, Evaluator, RuleOutcome},
};

/// Ground truth for targeting errors: true consumption per adult equivalent of each
/// applicant (same order), and the line under which a household is truly poor.
///
/// A household without ground truth (a real one in a registry seeded with synthetic
/// data) is NaN: it counts in every figure but the targeting errors, which are measured
/// over the households that have a value.
#[derive(Debug, Clone, Copy)]
pub struct Truth<'a> {
    pub consumption_per_ae: &'a [f64],
    pub poverty_line_per_ae: f64,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct GovernorateFigures {
    pub households: u64,
    pub beneficiaries: u64,
    pub cost: Money,
    /// Beneficiaries as a share of the governorate's households.
    pub coverage: f64,
}

/// Inclusion error: beneficiaries who are not truly poor, as a share of beneficiaries.
/// Exclusion error: truly poor households left out, as a share of the poor. Both are
/// over the households with ground truth only.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TargetingErrors {
    /// Households with ground truth, and the beneficiaries among them.
    pub households: u64,
    pub beneficiaries: u64,
    pub poor: u64,
    pub poor_beneficiaries: u64,
    pub inclusion_error: f64,
    pub exclusion_error: f64,
}

/// One programme's figures over the simulated households.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    pub programme: String,
    pub version: u32,
    pub households: u64,
    pub beneficiaries: u64,
    pub waiting: u64,
    pub not_decidable: u64,
    pub cost: Money,
    pub budget: Money,
    /// Threshold selection pays everyone eligible: the cost may pass the budget, and
    /// the planner should see that it does.
    pub over_budget: bool,
    pub coverage: f64,
    pub by_governorate: BTreeMap<String, GovernorateFigures>,
    pub errors: Option<TargetingErrors>,
}

/// Baseline against changed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Comparison {
    pub baseline: Summary,
    pub changed: Summary,
    /// Beneficiaries under the change who were not before.
    pub entered: Vec<HouseholdId>,
    /// Beneficiaries before who are not under the change.
    pub left: Vec<HouseholdId>,
}

/// The rules of both programmes, shared where the text is the same.
struct Shared<'p> {
    rules: Vec<&'p CompiledRule>,
    baseline: Vec<usize>,
    changed: Vec<usize>,
}

fn shared<'p>(b: &'p CompiledProgramme, c: &'p CompiledProgramme) -> Option<Shared<'p>> {
    // `poverty_line` in a rule reads its own programme's table, and individual
    // programmes evaluate per member: share only when neither matters.
    if b.lines != c.lines
        || b.definition.target_unit == TargetUnit::Individual
        || c.definition.target_unit == TargetUnit::Individual
    {
        return None;
    }
    let mut rules: Vec<&CompiledRule> = Vec::new();
    let mut index = |r: &'p CompiledRule| match rules.iter().position(|u| u.source == r.source) {
        Some(i) => i,
        None => {
            rules.push(r);
            rules.len() - 1
        }
    };
    let baseline = b.rules().map(&mut index).collect();
    let changed = c.rules().map(&mut index).collect();
    Some(Shared {
        rules,
        baseline,
        changed,
    })
}

fn assess_both(
    b: &CompiledProgramme,
    c: &CompiledProgramme,
    applicants: &[Applicant],
    as_of: Date,
) -> (Vec<Assessment>, Vec<Assessment>) {
    let Some(sh) = shared(b, c) else {
        return (
            decision::assess_all(b, applicants, as_of, None),
            decision::assess_all(c, applicants, as_of, None),
        );
    };
    let needs = b.needs.union(c.needs);
    applicants
        .par_iter()
        .map_init(
            || {
                let ev = Evaluator::new(b.env.clone(), b.lines.clone(), needs, as_of);
                (ev, Vec::<RuleOutcome>::new(), false)
            },
            |(ev, all, evaluated), a| {
                let h = &a.household;
                *evaluated = false;
                // The shared rules run at most once, and only if one programme's PMT
                // leaves the household open.
                let mut pick = |indexes: &[usize]| {
                    if !*evaluated {
                        ev.evaluate(&sh.rules, h, None, all);
                        *evaluated = true;
                    }
                    Cow::Owned(Verdict {
                        outcomes: indexes.iter().map(|i| all[*i].clone()).collect(),
                        eligible_members: None,
                    })
                };
                let x = assess::assess(b, h, as_of, None, || pick(&sh.baseline));
                let y = assess::assess(c, h, as_of, None, || pick(&sh.changed));
                (x, y)
            },
        )
        .unzip()
}

fn summarise(
    p: &CompiledProgramme,
    applicants: &[Applicant],
    assessments: &[Assessment],
    placements: &[Placement],
    truth: Option<Truth<'_>>,
) -> Summary {
    let mut by_governorate: BTreeMap<String, GovernorateFigures> = BTreeMap::new();
    let (mut beneficiaries, mut waiting, mut not_decidable, mut cost) = (0, 0, 0, 0i64);
    let (mut known, mut known_beneficiaries) = (0u64, 0u64);
    let (mut poor, mut poor_beneficiaries) = (0u64, 0u64);
    let mut current: Option<(&str, GovernorateFigures)> = None;
    for (i, (a, pl)) in assessments.iter().zip(placements).enumerate() {
        let gov = applicants[i].household.governorate.as_str();
        // Runs of one governorate are common; avoid a map lookup per household.
        if current.as_ref().is_none_or(|(g, _)| *g != gov) {
            if let Some((g, f)) = current.take() {
                *by_governorate.entry(g.to_owned()).or_default() += f;
            }
            current = Some((gov, GovernorateFigures::default()));
        }
        let figures = &mut current.as_mut().expect("set above").1;
        figures.households += 1;
        let funded = pl.outcome == Outcome::Eligible;
        match pl.outcome {
            Outcome::Eligible => {
                beneficiaries += 1;
                cost += a.amount.0;
                figures.beneficiaries += 1;
                figures.cost.0 += a.amount.0;
            }
            Outcome::WaitingList => waiting += 1,
            Outcome::NotDecidable => not_decidable += 1,
            Outcome::NotEligible => {}
        }
        if let Some(t) = truth
            && !t.consumption_per_ae[i].is_nan()
        {
            known += 1;
            known_beneficiaries += u64::from(funded);
            if t.consumption_per_ae[i] < t.poverty_line_per_ae {
                poor += 1;
                poor_beneficiaries += u64::from(funded);
            }
        }
    }
    if let Some((g, f)) = current.take() {
        *by_governorate.entry(g.to_owned()).or_default() += f;
    }
    for f in by_governorate.values_mut() {
        f.coverage = ratio(f.beneficiaries, f.households);
    }
    let households = applicants.len() as u64;
    Summary {
        programme: p.definition.key.clone(),
        version: p.definition.version,
        households,
        beneficiaries,
        waiting,
        not_decidable,
        cost: Money(cost),
        budget: p.definition.budget_per_cycle,
        over_budget: cost > p.definition.budget_per_cycle.0,
        coverage: ratio(beneficiaries, households),
        by_governorate,
        // No household with ground truth: no error to report, rather than a zero.
        errors: truth.filter(|_| known > 0).map(|_| TargetingErrors {
            households: known,
            beneficiaries: known_beneficiaries,
            poor,
            poor_beneficiaries,
            inclusion_error: ratio(
                known_beneficiaries - poor_beneficiaries,
                known_beneficiaries,
            ),
            exclusion_error: ratio(poor - poor_beneficiaries, poor),
        }),
    }
}

impl std::ops::AddAssign for GovernorateFigures {
    fn add_assign(&mut self, o: Self) {
        self.households += o.households;
        self.beneficiaries += o.beneficiaries;
        self.cost.0 += o.cost.0;
    }
}

fn ratio(a: u64, b: u64) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

/// Compares a changed programme with its baseline over the same households.
pub fn simulate(
    applicants: &[Applicant],
    baseline: &CompiledProgramme,
    changed: &CompiledProgramme,
    as_of: Date,
    truth: Option<Truth<'_>>,
) -> Comparison {
    if let Some(t) = truth {
        assert_eq!(
            t.consumption_per_ae.len(),
            applicants.len(),
            "one true consumption per applicant"
        );
    }
    let (xa, ya) = assess_both(baseline, changed, applicants, as_of);
    let (xp, _, _) = decision::place(baseline, applicants, &xa);
    let (yp, _, _) = decision::place(changed, applicants, &ya);
    let mut entered = Vec::new();
    let mut left = Vec::new();
    for (i, (x, y)) in xp.iter().zip(&yp).enumerate() {
        match (
            x.outcome == Outcome::Eligible,
            y.outcome == Outcome::Eligible,
        ) {
            (false, true) => entered.push(applicants[i].id),
            (true, false) => left.push(applicants[i].id),
            _ => {}
        }
    }
    Comparison {
        baseline: summarise(baseline, applicants, &xa, &xp, truth),
        changed: summarise(changed, applicants, &ya, &yp, truth),
        entered,
        left,
    }
}
