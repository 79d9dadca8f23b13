//! Decision records: for every household in every run, the inputs used, the versions,
//! each rule's result, each score component, rank and cut-off, the outcome and its
//! structured explanation (worded in Arabic and English when shown). `decide` runs a
//! programme over households in memory; `decide_encoded_chunks` also encodes each
//! record in its stored form on the same threads, for the store to write.

use std::{borrow::Cow, collections::BTreeMap};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use tadamun_domain::{
    household::HouseholdDraft,
    ids::HouseholdId,
    money::Money,
    person::{Education, Relationship, Sex, WashingtonGroup, WorkStatus},
    socio::SocioEconomic,
};
use time::Date;

use crate::{
    assess::{self, Applicant, Assessment, Provisional, RuleDetail, Undecidable, Verdict},
    explain::{self, Explanation, Reason},
    pmt::Score,
    programme::{CompiledProgramme, SelectionMode},
    rules::{CompiledRule, Evaluator},
    select::{self, Candidate},
    stored::EncodedDecision,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Eligible,
    NotEligible,
    WaitingList,
    NotDecidable,
}

impl Outcome {
    pub const ALL: [Outcome; 4] = [
        Outcome::Eligible,
        Outcome::NotEligible,
        Outcome::WaitingList,
        Outcome::NotDecidable,
    ];

    /// The stored and serialised name.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Eligible => "eligible",
            Outcome::NotEligible => "not_eligible",
            Outcome::WaitingList => "waiting_list",
            Outcome::NotDecidable => "not_decidable",
        }
    }

    pub fn parse(s: &str) -> Option<Outcome> {
        Outcome::ALL.into_iter().find(|o| o.as_str() == s)
    }
}

/// A member as the decision saw them: no names or documents.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MemberSnapshot {
    pub age: i32,
    pub sex: Sex,
    pub relationship: Relationship,
    pub education: Option<Education>,
    pub work_status: Option<WorkStatus>,
    pub disability: WashingtonGroup,
}

/// The inputs a decision used, as they were on the day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InputSnapshot {
    pub governorate: String,
    pub members: Vec<MemberSnapshot>,
    pub socio: SocioEconomic,
    pub extra: BTreeMap<String, serde_json::Value>,
}

impl InputSnapshot {
    pub fn of(h: &HouseholdDraft, as_of: Date) -> Self {
        Self {
            governorate: h.governorate.as_str().to_owned(),
            members: h
                .members
                .iter()
                .map(|m| MemberSnapshot {
                    age: m.birth_date.age_on(as_of),
                    sex: m.sex,
                    relationship: m.relationship,
                    education: m.education,
                    work_status: m.work_status,
                    disability: m.disability,
                })
                .collect(),
            socio: h.socio.clone(),
            extra: h.extra.clone(),
        }
    }
}

/// One rule's result for one household.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RuleResult {
    pub rule: String,
    pub version: u32,
    /// False when the PMT settled the outcome and the rule was not needed.
    pub evaluated: bool,
    pub passed: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DecisionRecord {
    pub household: HouseholdId,
    pub programme: String,
    pub programme_version: u32,
    pub model_version: Option<u32>,
    #[serde(with = "iso_date")]
    pub as_of: Date,
    pub inputs: InputSnapshot,
    pub rules: Vec<RuleResult>,
    pub score: Option<Score>,
    /// Individual programmes: the members who qualify, by index in `inputs.members`.
    pub eligible_members: Option<Vec<usize>>,
    /// Rank among the households that reached ranking (1 = poorest), and how many did.
    pub rank: Option<u32>,
    pub ranked: Option<u32>,
    pub cut_off: Option<f64>,
    pub entitlement: Option<Money>,
    pub outcome: Outcome,
    /// Worded when shown: `explanation.arabic(currency)` and `.english(currency)`.
    pub explanation: Explanation,
}

mod iso_date {
    //! `YYYY-MM-DD` for the decision day.
    use serde::{Deserialize, Deserializer, Serializer};
    use time::Date;

    const FORMAT: &[time::format_description::BorrowedFormatItem<'_>] =
        time::macros::format_description!("[year]-[month]-[day]");

    pub fn serialize<S: Serializer>(d: &Date, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&d.format(FORMAT).map_err(serde::ser::Error::custom)?)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
        let s = String::deserialize(d)?;
        Date::parse(&s, FORMAT).map_err(serde::de::Error::custom)
    }
}

/// Where a household landed after selection.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Placement {
    pub outcome: Outcome,
    pub rank: Option<u32>,
}

/// Scores every applicant (in parallel), keeping what decision records need when
/// `detail` is given.
pub fn assess_all(
    p: &CompiledProgramme,
    applicants: &[Applicant],
    as_of: Date,
    detail: Option<RuleDetail>,
) -> Vec<Assessment> {
    let rules: Vec<&CompiledRule> = p.rules().collect();
    applicants
        .par_iter()
        .map_init(
            || {
                (
                    Evaluator::new(p.env.clone(), p.lines.clone(), p.needs, as_of),
                    Vec::new(),
                )
            },
            |(ev, scratch), a| {
                let h = &a.household;
                let run = |scratch: &mut Vec<_>| {
                    let mut v = Verdict::default();
                    v.eligible_members =
                        assess::evaluate_rules(p, ev, h, &rules, &mut v.outcomes, scratch);
                    v
                };
                assess::assess(p, h, as_of, detail, || Cow::Owned(run(scratch)))
            },
        )
        .collect()
}

/// Selection over assessments: outcomes and ranks, plus the ranking's marginal score.
pub fn place(
    p: &CompiledProgramme,
    applicants: &[Applicant],
    assessments: &[Assessment],
) -> (Vec<Placement>, Option<u32>, Option<f64>) {
    let mut placements: Vec<Placement> = assessments
        .par_iter()
        .map(|a| Placement {
            outcome: match a.provisional {
                Provisional::Candidate => Outcome::Eligible,
                Provisional::Undecidable(_) => Outcome::NotDecidable,
                _ => Outcome::NotEligible,
            },
            rank: None,
        })
        .collect();
    if p.definition.selection == SelectionMode::Threshold {
        return (placements, None, None);
    }
    let candidates: Vec<Candidate> = assessments
        .iter()
        .enumerate()
        .filter(|(_, a)| a.provisional == Provisional::Candidate)
        .map(|(index, a)| Candidate {
            index,
            predicted: a.predicted.unwrap_or(f64::NEG_INFINITY),
            amount: a.amount,
            id: applicants[index].id,
        })
        .collect();
    let ranked = select::budget_ranked(candidates, p.definition.budget_per_cycle);
    for (r, c) in ranked.order.iter().enumerate() {
        placements[c.index] = Placement {
            outcome: if r < ranked.funded {
                Outcome::Eligible
            } else {
                Outcome::WaitingList
            },
            rank: Some(r as u32 + 1),
        };
    }
    (
        placements,
        Some(ranked.order.len() as u32),
        ranked.marginal(),
    )
}

/// Runs a programme: one decision record per applicant, in input order.
pub fn decide(p: &CompiledProgramme, applicants: &[Applicant], as_of: Date) -> Vec<DecisionRecord> {
    let mut all = Vec::with_capacity(applicants.len());
    chunks(p, applicants, as_of, RuleDetail::Needed, 10_000, |chunk| {
        all.extend(chunk)
    });
    all
}

/// Runs a programme and shows the decision records to `sink` in input order, `chunk`
/// at a time, so a caller that stores them (a transaction per chunk) never holds a
/// million records at once. Selection needs every score first; the records follow.
/// Records are freed in parallel after `sink` returns: freed on one thread, memory
/// allocated on the others costs as much as building it.
pub fn decide_in_chunks(
    p: &CompiledProgramme,
    applicants: &[Applicant],
    as_of: Date,
    detail: RuleDetail,
    chunk: usize,
    mut sink: impl FnMut(&[DecisionRecord]),
) {
    chunks(p, applicants, as_of, detail, chunk, |records| {
        sink(&records);
        records.into_par_iter().for_each(drop);
    });
}

/// Like [`decide_in_chunks`], handing each chunk over: for a caller that writes
/// records on another task while the next chunk is built.
pub fn decide_owned_chunks(
    p: &CompiledProgramme,
    applicants: &[Applicant],
    as_of: Date,
    detail: RuleDetail,
    chunk: usize,
    each: impl FnMut(Vec<DecisionRecord>),
) {
    chunks(p, applicants, as_of, detail, chunk, each);
}

/// Like [`decide_owned_chunks`], with each record encoded in its stored form
/// ([`crate::stored`]) on the pool and the full record dropped there.
pub fn decide_encoded_chunks(
    p: &CompiledProgramme,
    applicants: &[Applicant],
    as_of: Date,
    detail: RuleDetail,
    chunk: usize,
    mut each: impl FnMut(Vec<EncodedDecision>),
) {
    let assessments = assess_all(p, applicants, as_of, Some(detail));
    let (placements, ranked, marginal) = place(p, applicants, &assessments);
    let chunk = chunk.max(1);
    for ((a, s), pl) in applicants
        .chunks(chunk)
        .zip(assessments.chunks(chunk))
        .zip(placements.chunks(chunk))
    {
        let encoded = a
            .par_iter()
            .zip(s.par_iter())
            .zip(pl.par_iter())
            .map(|((a, s), pl)| EncodedDecision::of(&record(p, a, s, *pl, ranked, marginal, as_of)))
            .collect();
        each(encoded);
    }
    assessments.into_par_iter().for_each(drop);
}

fn chunks(
    p: &CompiledProgramme,
    applicants: &[Applicant],
    as_of: Date,
    detail: RuleDetail,
    chunk: usize,
    mut each: impl FnMut(Vec<DecisionRecord>),
) {
    let assessments = assess_all(p, applicants, as_of, Some(detail));
    let (placements, ranked, marginal) = place(p, applicants, &assessments);
    let chunk = chunk.max(1);
    for ((a, s), pl) in applicants
        .chunks(chunk)
        .zip(assessments.chunks(chunk))
        .zip(placements.chunks(chunk))
    {
        let records = a
            .par_iter()
            .zip(s.par_iter())
            .zip(pl.par_iter())
            .map(|((a, s), pl)| record(p, a, s, *pl, ranked, marginal, as_of))
            .collect();
        each(records);
    }
}

fn record(
    p: &CompiledProgramme,
    applicant: &Applicant,
    a: &Assessment,
    placement: Placement,
    ranked: Option<u32>,
    marginal: Option<f64>,
    as_of: Date,
) -> DecisionRecord {
    let (outcomes, eligible_members) = match &a.detail {
        Some(d) => (d.rules.as_slice(), d.eligible_members.clone()),
        None => (&[][..], None),
    };
    let score = a
        .predicted
        .and_then(|_| assess::explain_score(p, &applicant.household, as_of));
    let rules: Vec<RuleResult> = p
        .rules()
        .enumerate()
        .map(|(i, r)| {
            let o = outcomes.get(i);
            RuleResult {
                rule: r.id.clone(),
                version: r.version,
                evaluated: o.is_some(),
                passed: o.and_then(|o| o.as_ref().ok().copied()),
                error: o.and_then(|o| o.as_ref().err().cloned()),
            }
        })
        .collect();
    let model_cut_off = p.pmt.as_ref().and_then(|m| m.model.cut_off);
    let cut_off = match p.definition.selection {
        SelectionMode::Threshold => model_cut_off,
        SelectionMode::BudgetRanked => marginal.or(model_cut_off),
    };
    let reason = reason(
        p,
        applicant,
        &a.provisional,
        a.predicted,
        placement,
        ranked,
        marginal,
    );
    let funded = placement.outcome == Outcome::Eligible;
    let explanation = Explanation {
        outcome: placement.outcome,
        top_contributions: score
            .as_ref()
            .map(|s| explain::top_contributions(&s.components, 3))
            .unwrap_or_default(),
        amount: funded.then_some(a.amount),
        reason,
    };
    DecisionRecord {
        household: applicant.id,
        programme: p.definition.key.clone(),
        programme_version: p.definition.version,
        model_version: p.pmt.as_ref().map(|m| m.model.version),
        as_of,
        inputs: InputSnapshot::of(&applicant.household, as_of),
        rules,
        score,
        eligible_members,
        rank: placement.rank,
        ranked,
        cut_off,
        entitlement: funded.then_some(a.amount),
        outcome: placement.outcome,
        explanation,
    }
}

fn reason(
    p: &CompiledProgramme,
    applicant: &Applicant,
    provisional: &Provisional,
    predicted: Option<f64>,
    placement: Placement,
    ranked: Option<u32>,
    marginal: Option<f64>,
) -> Reason {
    let cut_off = p.pmt.as_ref().and_then(|m| m.model.cut_off);
    match provisional {
        Provisional::OutsideCoverage => Reason::OutsideCoverage {
            governorate: applicant.household.governorate.as_str().to_owned(),
        },
        Provisional::RuleNotMet { index } => {
            let r = p.rules().nth(*index).expect("index from the same rules");
            Reason::RuleNotMet {
                rule: r.id.clone(),
                label_ar: r.label_ar.clone(),
                label_en: r.label_en.clone(),
            }
        }
        Provisional::NoneOfAny => Reason::NoneOfAny {
            labels_ar: p.any.iter().map(|r| r.label_ar.clone()).collect(),
            labels_en: p.any.iter().map(|r| r.label_en.clone()).collect(),
        },
        Provisional::Undecidable(u) => {
            let (about_ar, about_en, error) = match u {
                Undecidable::Rule { rule, error } => {
                    let label = p.rules().find(|r| &r.id == rule);
                    let ar = label.map_or(rule.as_str(), |r| r.label_ar.as_str());
                    (
                        format!("الشرط «{ar}»"),
                        format!("rule '{rule}'"),
                        error.clone(),
                    )
                }
                Undecidable::MissingVariable { variable } => {
                    let ar = crate::variables::VARIABLES
                        .iter()
                        .find(|(n, _, _)| n == variable)
                        .map_or(variable.as_str(), |(_, ar, _)| ar);
                    (
                        format!("متغير «{ar}» لأن بياناته غير مسجلة"),
                        format!("PMT variable '{variable}'"),
                        "its data is missing".to_owned(),
                    )
                }
                Undecidable::NoRegion { governorate } => (
                    format!("اختبار الوسائل التقريبي للمحافظة {governorate}"),
                    "the PMT".to_owned(),
                    format!("no coefficient set for {governorate}"),
                ),
                Undecidable::NoMembers => (
                    "الأسرة لعدم وجود أفراد أحياء فيها".to_owned(),
                    "the household".to_owned(),
                    "it has no living members".to_owned(),
                ),
                Undecidable::Entitlement { error } => (
                    "مبلغ الاستحقاق".to_owned(),
                    "the entitlement".to_owned(),
                    error.clone(),
                ),
            };
            Reason::NotDecidable {
                about_ar,
                about_en,
                error,
            }
        }
        Provisional::AboveCutOff => Reason::AboveCutOff {
            predicted: predicted.unwrap_or_default(),
            cut_off: cut_off.unwrap_or_default(),
        },
        Provisional::Candidate => match (placement.rank, predicted) {
            (Some(rank), Some(predicted)) => {
                let of = ranked.unwrap_or(rank);
                if placement.outcome == Outcome::Eligible {
                    Reason::Funded {
                        rank,
                        of,
                        predicted,
                    }
                } else {
                    Reason::BudgetExhausted {
                        rank,
                        of,
                        predicted,
                        last_funded: marginal,
                    }
                }
            }
            (None, Some(predicted)) => Reason::BelowCutOff {
                predicted,
                cut_off: cut_off.unwrap_or_default(),
            },
            _ => Reason::RulesMet,
        },
    }
}
