//! Scoring one household against one programme, before selection: coverage, rules,
//! PMT score and entitlement. Every failure is this household's outcome alone.

use serde::{Deserialize, Serialize};
use tadamun_domain::{household::HouseholdDraft, ids::HouseholdId, money::Money};
use time::Date;

use crate::{
    entitlement::Basis,
    pmt::Score,
    programme::{CompiledProgramme, TargetUnit},
    rules::{CompiledRule, Evaluator, RuleOutcome},
};

/// A household to score: its registry id and its current data.
#[derive(Debug, Clone, PartialEq)]
pub struct Applicant {
    pub id: HouseholdId,
    pub household: HouseholdDraft,
}

/// Why a household could not be decided.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Undecidable {
    /// A rule could not be evaluated for this household.
    Rule { rule: String, error: String },
    /// The PMT needs a variable whose data was not recorded.
    MissingVariable { variable: String },
    /// The PMT has no coefficient set for the household's governorate.
    NoRegion { governorate: String },
    /// The entitlement formula could not be computed.
    Entitlement { error: String },
    /// Every member has died or left: there is no one to assess.
    NoMembers,
}

/// What scoring says before selection.
#[derive(Debug, Clone, PartialEq)]
pub enum Provisional {
    OutsideCoverage,
    /// Rule `index` (in `CompiledProgramme::rules()` order) of `all` is false.
    RuleNotMet {
        index: usize,
    },
    /// None of the `any` rules holds.
    NoneOfAny,
    Undecidable(Undecidable),
    /// Predicted consumption at or above the cut-off.
    AboveCutOff,
    /// Passes everything: eligible under threshold selection, ranked otherwise.
    Candidate,
}

/// One household's assessment. `score` and `amount` are set as far as scoring got.
#[derive(Debug, Clone, PartialEq)]
pub struct Assessment {
    pub provisional: Provisional,
    pub predicted: Option<f64>,
    pub amount: Money,
    pub detail: Option<Box<Detail>>,
}

/// What a decision record adds to an assessment. The score's components are not
/// kept: they are recomputed (without CEL, cheaply) when the record is built.
#[derive(Debug, Clone, PartialEq)]
pub struct Detail {
    pub rules: Vec<RuleOutcome>,
    /// Individual programmes: the eligible members, by index.
    pub eligible_members: Option<Vec<usize>>,
}

/// Evaluates the programme's rules; individual programmes evaluate them per member and
/// say which members qualify. Outcomes are per rule: true if true for some member.
pub fn evaluate_rules(
    p: &CompiledProgramme,
    ev: &Evaluator,
    h: &HouseholdDraft,
    rules: &[&CompiledRule],
    out: &mut Vec<RuleOutcome>,
    scratch: &mut Vec<RuleOutcome>,
) -> Option<Vec<usize>> {
    if p.definition.target_unit == TargetUnit::Household {
        ev.evaluate(rules, h, None, out);
        return None;
    }
    out.clear();
    out.resize(rules.len(), Ok(false));
    let n_all = p.all.len();
    let mut eligible = Vec::new();
    for i in 0..h.members.len() {
        ev.evaluate(rules, h, Some(i), scratch);
        let all_ok = scratch[..n_all].iter().all(|o| *o == Ok(true));
        let any_ok = n_all == rules.len() || scratch[n_all..].contains(&Ok(true));
        if all_ok && any_ok {
            eligible.push(i);
        }
        for (agg, o) in out.iter_mut().zip(scratch.iter()) {
            match (&agg, o) {
                (Ok(true), _) => {}
                (_, Ok(true)) => *agg = Ok(true),
                (Ok(false), Err(e)) => *agg = Err(e.clone()),
                _ => {}
            }
        }
    }
    Some(eligible)
}

/// The score with its components, for a household that reached the PMT.
pub fn explain_score(p: &CompiledProgramme, h: &HouseholdDraft, as_of: Date) -> Option<Score> {
    let pmt = p.pmt.as_ref()?;
    let (set, f, ae) = pmt.prepare(h, as_of, p.minor_per_major())?;
    pmt.explain(set, &f, ae).ok()
}

/// Which rules a decision record reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleDetail {
    /// Only the rules the outcome needed: none for a household the PMT settled. CEL is
    /// most of the cost of a run, and the PMT settles most households.
    Needed,
    /// Every rule for every household, for a fuller record at about twice the cost.
    Every,
}

/// What the rules said: per-rule outcomes (in `rules()` order) and, for individual
/// programmes, the qualifying members.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Verdict {
    pub outcomes: Vec<RuleOutcome>,
    pub eligible_members: Option<Vec<usize>>,
}

/// Assesses a household. The PMT comes first, so `rules` is only called for a
/// household the PMT does not already settle: the simulator skips CEL for most
/// households, and a decision gives the same outcome whether or not its rules ran.
pub fn assess<'v>(
    p: &CompiledProgramme,
    h: &HouseholdDraft,
    as_of: Date,
    detail: Option<RuleDetail>,
    rules: impl FnOnce() -> std::borrow::Cow<'v, Verdict>,
) -> Assessment {
    let mut a = Assessment {
        provisional: Provisional::Candidate,
        predicted: None,
        amount: Money(0),
        detail: None,
    };
    let mut rules = Some(rules);
    let mut run = || (rules.take().expect("rules run at most once"))();
    let mut verdict = (detail == Some(RuleDetail::Every)).then(&mut run);
    a.provisional = provisional(p, h, as_of, &mut a, || &*verdict.get_or_insert_with(run));
    if detail.is_some() {
        let v = verdict
            .map(std::borrow::Cow::into_owned)
            .unwrap_or_default();
        a.detail = Some(Box::new(Detail {
            rules: v.outcomes,
            eligible_members: v.eligible_members,
        }));
    }
    a
}

fn provisional<'a>(
    p: &CompiledProgramme,
    h: &HouseholdDraft,
    as_of: Date,
    a: &mut Assessment,
    rules: impl FnOnce() -> &'a Verdict,
) -> Provisional {
    let gov = h.governorate.as_str();
    if !p.covers(gov) {
        return Provisional::OutsideCoverage;
    }
    if h.members.is_empty() {
        return Provisional::Undecidable(Undecidable::NoMembers);
    }
    let size = h.members.len() as i64;
    let mut resources = h.socio.monthly_income;
    if let Some(pmt) = &p.pmt {
        let Some((set, f, ae)) = pmt.prepare(h, as_of, p.minor_per_major()) else {
            return Provisional::Undecidable(Undecidable::NoRegion {
                governorate: gov.to_owned(),
            });
        };
        let predicted = match pmt.predict(set, &f, ae) {
            Ok(s) => s,
            Err(v) => {
                return Provisional::Undecidable(Undecidable::MissingVariable {
                    variable: v.to_owned(),
                });
            }
        };
        a.predicted = Some(predicted);
        if pmt.model.cut_off.is_some_and(|c| predicted >= c) {
            return Provisional::AboveCutOff;
        }
        let consumption = predicted.exp() * ae * p.minor_per_major();
        resources = Some(Money(consumption.round() as i64));
    }
    let verdict = rules();
    let outcomes = &verdict.outcomes;
    let qualifies = match &verdict.eligible_members {
        Some(members) => !members.is_empty(),
        None => {
            let n_all = p.all.len();
            outcomes[..n_all].iter().all(|o| *o == Ok(true))
                && (n_all == outcomes.len() || outcomes[n_all..].contains(&Ok(true)))
        }
    };
    if !qualifies {
        if let Some((i, Err(e))) = outcomes.iter().enumerate().find(|(_, o)| o.is_err()) {
            let rule = p.rules().nth(i).map(|r| r.id.clone()).unwrap_or_default();
            return Provisional::Undecidable(Undecidable::Rule {
                rule,
                error: e.clone(),
            });
        }
        return match outcomes[..p.all.len()].iter().position(|o| *o == Ok(false)) {
            Some(index) => Provisional::RuleNotMet { index },
            None => Provisional::NoneOfAny,
        };
    }
    let members = verdict
        .eligible_members
        .as_ref()
        .map_or(size, |m| m.len() as i64);
    let line = match p.lines.household_line(gov, size) {
        Ok(l) => l,
        Err(error) => return Provisional::Undecidable(Undecidable::Entitlement { error }),
    };
    match p.definition.entitlement.amount(&Basis {
        members,
        poverty_line: line,
        resources,
    }) {
        Ok(m) => a.amount = m,
        Err(error) => return Provisional::Undecidable(Undecidable::Entitlement { error }),
    }
    Provisional::Candidate
}
