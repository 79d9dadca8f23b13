//! The decision record as stored: compact (format 2), and normalised against the
//! frozen programme version it was made under. A national run writes a million of
//! them, so the stored form keeps only what the version cannot give back: the inputs
//! snapshot, each rule's result, the score's variable values, the cut-off and the
//! reason. Rule ids, model coefficients, contributions and the largest contributions
//! are rebuilt exactly from the version when a record is read; the sentences are
//! worded when shown. Records of format 1 (every field spelled out) still read.

use std::{borrow::Cow, collections::BTreeMap};

use serde::{Deserialize, Deserializer, Serialize, Serializer, ser::SerializeSeq};
use tadamun_domain::{
    ids::HouseholdId,
    money::Money,
    person::{Difficulty, Education, Relationship, Sex, WashingtonGroup, WorkStatus},
    socio::{Assets, DwellingType, IncomeSource, SocioEconomic, Tenure},
};

use crate::{
    decision::{DecisionRecord, InputSnapshot, MemberSnapshot, Outcome, RuleResult},
    explain::{self, Explanation, Reason},
    pmt::{ADULT_EQUIVALENTS, Component, Score},
    programme::ProgrammeVersion,
};

/// What a decision record holds beyond its indexed columns, as read back.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DecisionDetail {
    pub model_version: Option<u32>,
    pub inputs: InputSnapshot,
    pub rules: Vec<RuleResult>,
    pub score: Option<Score>,
    pub eligible_members: Option<Vec<usize>>,
    pub ranked: Option<u32>,
    pub cut_off: Option<f64>,
    pub explanation: Explanation,
}

/// A record ready to store: the indexed columns and the encoded record.
#[derive(Debug, Clone, PartialEq)]
pub struct EncodedDecision {
    pub household: HouseholdId,
    pub outcome: Outcome,
    pub rank: Option<u32>,
    pub predicted: Option<f64>,
    pub entitlement: Option<Money>,
    pub cut_off: Option<f64>,
    pub record: String,
}

impl EncodedDecision {
    pub fn of(r: &DecisionRecord) -> Self {
        Self {
            household: r.household,
            outcome: r.outcome,
            rank: r.rank,
            predicted: r.score.as_ref().map(|s| s.predicted),
            entitlement: r.entitlement,
            cut_off: r.cut_off,
            record: encode(r),
        }
    }
}

/// The columns a stored record is read back with.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Columns {
    pub outcome: Outcome,
    pub predicted: Option<f64>,
    pub entitlement: Option<Money>,
}

/// Why a stored record cannot be read back.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct DecodeError(String);

/// The stored form of a record (format 2). Field names are short: they repeat a
/// million times per run.
#[derive(Serialize, Deserialize)]
struct V2<'a> {
    v: u8,
    /// Governorate.
    g: Cow<'a, str>,
    /// Members: `[age, sex, relationship, education, work, "WG answers"]`.
    p: Vec<Member>,
    /// Socio-economic: `[dwelling, tenure, rooms, income, source, "assets"]`.
    s: Socio,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    x: Cow<'a, BTreeMap<String, serde_json::Value>>,
    /// Per rule in `all`-then-`any` order: null (not needed), true, false or
    /// `{"e": error}`; empty when no rule was needed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    r: Vec<Option<Cell>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    sc: Option<StoredScore<'a>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    em: Option<Cow<'a, [usize]>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    n: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    c: Option<f64>,
    why: Cow<'a, Reason>,
}

const FORMAT: u8 = 2;
/// Every format-2 record starts so; format 1 started with `{"model_version"`.
const PREFIX: &str = "{\"v\":2,";

#[derive(Serialize, Deserialize)]
struct Member(
    i32,
    Sex,
    Relationship,
    Option<Education>,
    Option<WorkStatus>,
    #[serde(with = "answers")] WashingtonGroup,
);

#[derive(Serialize, Deserialize)]
struct Socio(
    Option<DwellingType>,
    Option<Tenure>,
    Option<i32>,
    Option<Money>,
    Option<IncomeSource>,
    #[serde(with = "flags")] Assets,
);

#[derive(Serialize, Deserialize)]
#[serde(untagged)]
enum Cell {
    Passed(bool),
    Error { e: String },
}

/// The score as the values of the model's variables, in the coefficient set's order,
/// and the adult equivalents: with the frozen model they give every component.
#[derive(Serialize, Deserialize)]
struct StoredScore<'a> {
    r: Cow<'a, str>,
    #[serde(serialize_with = "numbers")]
    x: Vec<f64>,
    ae: f64,
}

/// Encodes a record in format 2.
pub fn encode(r: &DecisionRecord) -> String {
    let stored = V2 {
        v: FORMAT,
        g: Cow::Borrowed(&r.inputs.governorate),
        p: r.inputs
            .members
            .iter()
            .map(|m| {
                Member(
                    m.age,
                    m.sex,
                    m.relationship,
                    m.education,
                    m.work_status,
                    m.disability,
                )
            })
            .collect(),
        s: Socio(
            r.inputs.socio.dwelling_type,
            r.inputs.socio.tenure,
            r.inputs.socio.rooms,
            r.inputs.socio.monthly_income,
            r.inputs.socio.main_income_source,
            r.inputs.socio.assets,
        ),
        x: Cow::Borrowed(&r.inputs.extra),
        r: if r.rules.iter().any(|x| x.evaluated) {
            r.rules
                .iter()
                .map(|x| match (x.evaluated, &x.error, x.passed) {
                    (false, _, _) => None,
                    (true, Some(e), _) => Some(Cell::Error { e: e.clone() }),
                    (true, None, p) => Some(Cell::Passed(p.unwrap_or(false))),
                })
                .collect()
        } else {
            Vec::new()
        },
        sc: r.score.as_ref().map(|s| StoredScore {
            r: Cow::Borrowed(&s.region),
            x: s.components
                .iter()
                .filter(|c| c.variable != ADULT_EQUIVALENTS)
                .map(|c| c.value)
                .collect(),
            ae: s.adult_equivalents,
        }),
        em: r.eligible_members.as_deref().map(Cow::Borrowed),
        n: r.ranked,
        c: r.cut_off,
        why: Cow::Borrowed(&r.explanation.reason),
    };
    serde_json::to_string(&stored).expect("a record always serialises")
}

/// Reads a stored record back under the version that made it.
pub fn decode(
    json: &str,
    definition: &ProgrammeVersion,
    columns: Columns,
) -> Result<DecisionDetail, DecodeError> {
    let bad = |what: &str| DecodeError(what.to_owned());
    if !json.starts_with(PREFIX) {
        return serde_json::from_str(json).map_err(|e| DecodeError(e.to_string()));
    }
    let s: V2 = serde_json::from_str(json).map_err(|e| DecodeError(e.to_string()))?;
    let defs: Vec<_> = definition
        .eligibility
        .all
        .iter()
        .chain(&definition.eligibility.any)
        .collect();
    if !s.r.is_empty() && s.r.len() != defs.len() {
        return Err(bad("its rule results do not match the programme's rules"));
    }
    let rules = defs
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let cell = s.r.get(i).and_then(Option::as_ref);
            RuleResult {
                rule: d.id.clone(),
                version: d.version,
                evaluated: cell.is_some(),
                passed: match cell {
                    Some(Cell::Passed(p)) => Some(*p),
                    _ => None,
                },
                error: match cell {
                    Some(Cell::Error { e }) => Some(e.clone()),
                    _ => None,
                },
            }
        })
        .collect();
    let score = match s.sc {
        None => None,
        Some(sc) => Some(rebuild_score(definition, sc, columns.predicted)?),
    };
    let explanation = Explanation {
        outcome: columns.outcome,
        top_contributions: score
            .as_ref()
            .map(|s| explain::top_contributions(&s.components, 3))
            .unwrap_or_default(),
        amount: columns.entitlement,
        reason: s.why.into_owned(),
    };
    Ok(DecisionDetail {
        model_version: definition.pmt.as_ref().map(|m| m.version),
        inputs: InputSnapshot {
            governorate: s.g.into_owned(),
            members: s
                .p
                .into_iter()
                .map(
                    |Member(age, sex, relationship, education, work_status, wg)| MemberSnapshot {
                        age,
                        sex,
                        relationship,
                        education,
                        work_status,
                        disability: wg,
                    },
                )
                .collect(),
            socio: {
                let Socio(dwelling_type, tenure, rooms, monthly_income, main_income_source, assets) =
                    s.s;
                SocioEconomic {
                    dwelling_type,
                    tenure,
                    rooms,
                    monthly_income,
                    main_income_source,
                    assets,
                }
            },
            extra: s.x.into_owned(),
        },
        rules,
        score,
        eligible_members: s.em.map(Cow::into_owned),
        ranked: s.n,
        cut_off: s.c,
        explanation,
    })
}

/// Components in the order `PmtModel::explain` makes them: the set's coefficients by
/// variable name, then the adult-equivalence term; each contribution is the same
/// product it was.
fn rebuild_score(
    definition: &ProgrammeVersion,
    sc: StoredScore,
    predicted: Option<f64>,
) -> Result<Score, DecodeError> {
    let bad = |what: &str| Err(DecodeError(what.to_owned()));
    let Some(model) = &definition.pmt else {
        return bad("it has a score but its programme has no PMT");
    };
    let Some(set) = model.sets.iter().find(|s| *s.region == *sc.r) else {
        return bad("its score names a region the model does not have");
    };
    if set.coefficients.len() != sc.x.len() {
        return bad("its score does not match the model's variables");
    }
    let Some(predicted) = predicted else {
        return bad("it has a score but no predicted consumption");
    };
    let mut components: Vec<Component> = set
        .coefficients
        .iter()
        .zip(&sc.x)
        .map(|((name, c), value)| Component {
            variable: crate::variables::VARIABLES
                .iter()
                .find(|(n, _, _)| n == name)
                .map_or_else(|| Cow::Owned(name.clone()), |(n, _, _)| Cow::Borrowed(*n)),
            value: *value,
            coefficient: *c,
            contribution: c * value,
        })
        .collect();
    components.push(Component {
        variable: Cow::Borrowed(ADULT_EQUIVALENTS),
        value: sc.ae,
        coefficient: -1.0,
        contribution: -sc.ae.ln(),
    });
    Ok(Score {
        region: sc.r.into_owned(),
        intercept: set.intercept,
        components,
        adult_equivalents: sc.ae,
        predicted,
    })
}

/// Whole numbers without the `.0`: most variables are counts and flags.
fn numbers<S: Serializer>(xs: &[f64], s: S) -> Result<S::Ok, S::Error> {
    let mut seq = s.serialize_seq(Some(xs.len()))?;
    for x in xs {
        let whole = x.fract() == 0.0 && x.abs() < 1e15 && !(*x == 0.0 && x.is_sign_negative());
        if whole {
            seq.serialize_element(&(*x as i64))?;
        } else {
            seq.serialize_element(x)?;
        }
    }
    seq.end()
}

mod answers {
    //! The six Washington Group answers as six characters, `1`–`4` or `-` when not asked.
    use super::*;

    pub fn serialize<S: Serializer>(wg: &WashingtonGroup, s: S) -> Result<S::Ok, S::Error> {
        let mut text = [b'-'; 6];
        for (c, a) in text.iter_mut().zip(wg.answers()) {
            if let Some(a) = a {
                *c = a.as_str().as_bytes()[0];
            }
        }
        s.serialize_str(std::str::from_utf8(&text).expect("ASCII"))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<WashingtonGroup, D::Error> {
        let text = Cow::<str>::deserialize(d)?;
        if text.len() != 6 {
            return Err(serde::de::Error::custom("six Washington Group answers"));
        }
        let mut answers = [None; 6];
        for (a, c) in answers.iter_mut().zip(text.chars()) {
            if c != '-' {
                *a = Some(Difficulty::parse(&c.to_string()).map_err(serde::de::Error::custom)?);
            }
        }
        Ok(WashingtonGroup::from_answers(answers))
    }
}

mod flags {
    //! The six assets as six `0`/`1` characters, in `Assets::NAMES` order.
    use super::*;

    fn bits(a: &Assets) -> [bool; 6] {
        [
            a.car,
            a.fridge,
            a.washing_machine,
            a.air_conditioner,
            a.computer,
            a.internet,
        ]
    }

    pub fn serialize<S: Serializer>(a: &Assets, s: S) -> Result<S::Ok, S::Error> {
        let text = bits(a).map(|b| if b { b'1' } else { b'0' });
        s.serialize_str(std::str::from_utf8(&text).expect("ASCII"))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Assets, D::Error> {
        let text = Cow::<str>::deserialize(d)?;
        let b: Vec<bool> = text.bytes().map(|c| c == b'1').collect();
        if b.len() != 6 || text.bytes().any(|c| c != b'0' && c != b'1') {
            return Err(serde::de::Error::custom("six asset flags"));
        }
        Ok(Assets {
            car: b[0],
            fridge: b[1],
            washing_machine: b[2],
            air_conditioner: b[3],
            computer: b[4],
            internet: b[5],
        })
    }
}
