//! The policy simulator over the registry: a planner's changes (cut-off, poverty lines,
//! budget, a coefficient, a rule added or removed) are applied to a copy of the
//! programme's newest stored version, and both are run over the same households, read
//! once, on the blocking pool. Nothing is written. Saving the change is a separate
//! step that adds the next version as a draft; the stored versions are never edited.

use serde::{Deserialize, Serialize};
use tadamun_domain::{access::Access, country_pack::CountryPack, ids::HouseholdId, money::Money};
use tadamun_store::{Store, StoreError, programmes::StoredProgramme};
use tadamun_targeting::{
    assess::Applicant,
    programme::{CompiledProgramme, ProgrammeError, ProgrammeVersion},
    rules::RuleDef,
    simulate::{Comparison, Truth, simulate},
    variables,
};
use time::{Date, OffsetDateTime};
use uuid::Uuid;

use crate::programmes::ProgrammeFailure;

/// Ground-truth rows read per page.
const TRUTH_PAGE: i64 = 50_000;
/// Ids checked for visibility per round trip while filling a list of movers.
const VISIBILITY_BATCH: usize = 200;

/// Which list of rules a new rule joins.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RuleGroup {
    /// Every rule of `all` must hold.
    #[default]
    All,
    /// At least one rule of `any` must hold.
    Any,
}

/// One thing a planner changes. Changes apply in order to a copy of the definition.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Change {
    /// The PMT cut-off: predicted log consumption per adult equivalent.
    CutOff { value: f64 },
    /// Every poverty line (the default and each governorate's) times `factor`.
    PovertyLineFactor { factor: f64 },
    /// The budget per cycle, in minor units.
    Budget { per_cycle: i64 },
    /// One PMT coefficient, in the set of `region` or, without one, in every set. A
    /// variable the set does not use yet is added.
    Coefficient {
        variable: String,
        value: f64,
        #[serde(default)]
        region: Option<String>,
    },
    /// A CEL rule added to `all` or `any`.
    AddRule {
        #[serde(default)]
        group: RuleGroup,
        id: String,
        label_ar: String,
        label_en: String,
        cel: String,
    },
    /// A rule of either list taken out, by id.
    RemoveRule { id: String },
}

/// Why a change cannot be made: its position in the list, the field, a stable code
/// (`required`, `not-a-number`, `out-of-range`, `no-pmt`, `unknown-variable`,
/// `unknown-region`, `rule-id-used`, `unknown-rule`, `rule-does-not-compile`) and an
/// English message; for a rule that does not compile, the line and column of the first
/// problem in its text.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("change {index}, {field}: {message}")]
pub struct ChangeError {
    pub index: usize,
    pub field: &'static str,
    pub code: &'static str,
    pub message: String,
    pub position: Option<(u32, u32)>,
}

#[derive(Debug, thiserror::Error)]
pub enum SimulationFailure {
    #[error(transparent)]
    Change(#[from] ChangeError),
    /// Saving a "change" that changes nothing would only copy the version.
    #[error("nothing to save: no change was made")]
    NothingChanged,
    #[error(transparent)]
    Programme(#[from] ProgrammeFailure),
}

impl From<StoreError> for SimulationFailure {
    fn from(e: StoreError) -> Self {
        Self::Programme(e.into())
    }
}

fn refuse(
    index: usize,
    field: &'static str,
    code: &'static str,
    message: impl Into<String>,
) -> ChangeError {
    ChangeError {
        index,
        field,
        code,
        message: message.into(),
        position: None,
    }
}

/// The definition with `changes` applied, as the version that would follow it.
pub fn apply(base: &ProgrammeVersion, changes: &[Change]) -> Result<ProgrammeVersion, ChangeError> {
    let mut d = base.clone();
    d.version = base.version + 1;
    for (i, change) in changes.iter().enumerate() {
        match change {
            Change::CutOff { value } => {
                if !value.is_finite() {
                    return Err(refuse(
                        i,
                        "value",
                        "not-a-number",
                        "the cut-off must be a number",
                    ));
                }
                let pmt = d.pmt.as_mut().ok_or_else(|| {
                    refuse(i, "value", "no-pmt", "this programme has no PMT cut-off")
                })?;
                pmt.cut_off = Some(*value);
            }
            Change::PovertyLineFactor { factor } => {
                if !(factor.is_finite() && *factor > 0.0 && *factor <= 10.0) {
                    return Err(refuse(
                        i,
                        "factor",
                        "out-of-range",
                        "the factor must be a number above 0 and at most 10",
                    ));
                }
                let scale = |m: &mut Money| m.0 = ((m.0 as f64) * factor).round().max(1.0) as i64;
                scale(&mut d.poverty_line.per_capita);
                d.poverty_line.by_governorate.values_mut().for_each(scale);
            }
            Change::Budget { per_cycle } => {
                if *per_cycle < 0 {
                    return Err(refuse(
                        i,
                        "per_cycle",
                        "out-of-range",
                        "a budget cannot be negative",
                    ));
                }
                d.budget_per_cycle = Money(*per_cycle);
            }
            Change::Coefficient {
                variable,
                value,
                region,
            } => {
                if variables::index(variable).is_none() {
                    return Err(refuse(
                        i,
                        "variable",
                        "unknown-variable",
                        format!("'{variable}' is not a PMT variable"),
                    ));
                }
                if !value.is_finite() {
                    return Err(refuse(
                        i,
                        "value",
                        "not-a-number",
                        "a coefficient must be a number",
                    ));
                }
                let pmt = d
                    .pmt
                    .as_mut()
                    .ok_or_else(|| refuse(i, "variable", "no-pmt", "this programme has no PMT"))?;
                let mut touched = 0;
                for set in &mut pmt.sets {
                    if region.as_ref().is_none_or(|r| *r == set.region) {
                        set.coefficients.insert(variable.clone(), *value);
                        touched += 1;
                    }
                }
                if touched == 0 {
                    return Err(refuse(
                        i,
                        "region",
                        "unknown-region",
                        format!(
                            "the PMT has no coefficient set '{}'",
                            region.as_deref().unwrap_or_default()
                        ),
                    ));
                }
            }
            Change::AddRule {
                group,
                id,
                label_ar,
                label_en,
                cel,
            } => {
                let id = id.trim();
                if id.is_empty() {
                    return Err(refuse(i, "id", "required", "a rule needs an id"));
                }
                if d.eligibility
                    .all
                    .iter()
                    .chain(&d.eligibility.any)
                    .any(|r| r.id == id)
                {
                    return Err(refuse(
                        i,
                        "id",
                        "rule-id-used",
                        format!("rule id '{id}' is already used"),
                    ));
                }
                for (field, text) in [("label_ar", label_ar), ("label_en", label_en), ("cel", cel)]
                {
                    if text.trim().is_empty() {
                        return Err(refuse(i, field, "required", "required"));
                    }
                }
                let rule = RuleDef::cel(id, label_en.trim(), label_ar.trim(), cel);
                match group {
                    RuleGroup::All => d.eligibility.all.push(rule),
                    RuleGroup::Any => d.eligibility.any.push(rule),
                }
            }
            Change::RemoveRule { id } => {
                let before = d.eligibility.all.len() + d.eligibility.any.len();
                d.eligibility.all.retain(|r| r.id != *id);
                d.eligibility.any.retain(|r| r.id != *id);
                if d.eligibility.all.len() + d.eligibility.any.len() == before {
                    return Err(refuse(
                        i,
                        "id",
                        "unknown-rule",
                        format!("the programme has no rule '{id}'"),
                    ));
                }
            }
        }
    }
    Ok(d)
}

/// Compiles the changed definition; a rule that does not compile is blamed on the
/// change that added it, at its line and column.
fn compile_changed(
    pack: &CountryPack,
    changed: &ProgrammeVersion,
    changes: &[Change],
) -> Result<CompiledProgramme, SimulationFailure> {
    changed.compile(pack).map_err(|e| {
        if let ProgrammeError::Rule(invalid) = &e
            && let Some(index) = changes
                .iter()
                .position(|c| matches!(c, Change::AddRule { id, .. } if id.trim() == invalid.rule))
        {
            let first = invalid.errors.first();
            return ChangeError {
                index,
                field: "cel",
                code: "rule-does-not-compile",
                message: first.map(|r| r.message.clone()).unwrap_or_default(),
                position: first.map(|r| (r.line, r.column)),
            }
            .into();
        }
        ProgrammeFailure::Invalid(e).into()
    })
}

/// A household that enters or leaves, as a list shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct Mover {
    pub id: HouseholdId,
    pub governorate: String,
    pub head_name: String,
}

/// How the targeting errors were measured, when any household has ground truth.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GroundTruth {
    /// Households of the simulation with a synthetic true consumption.
    pub households: u64,
    /// Truly poor: true consumption per adult equivalent under this (major units a
    /// month): the exponential of the baseline's PMT cut-off, so the truth does not move
    /// with the change; without a cut-off, the baseline's poverty line per person.
    pub poverty_line_per_ae: f64,
}

/// What a simulation found.
#[derive(Debug, Clone)]
pub struct Simulation {
    pub baseline: StoredProgramme,
    /// The changed definition, numbered as the version it would be saved as.
    pub changed: ProgrammeVersion,
    pub comparison: Comparison,
    /// `None`: no household has ground truth (real data); no errors were measured.
    pub ground_truth: Option<GroundTruth>,
    /// The first households entering and leaving that the caller may see, in id order.
    pub entered: Vec<Mover>,
    pub left: Vec<Mover>,
    pub as_of: Date,
}

/// The line under which a household is truly poor, from the baseline (see
/// [`GroundTruth::poverty_line_per_ae`]).
fn truth_line(baseline: &CompiledProgramme) -> f64 {
    match baseline.definition.pmt.as_ref().and_then(|p| p.cut_off) {
        Some(cut_off) => cut_off.exp(),
        None => baseline.definition.poverty_line.per_capita.0 as f64 / baseline.minor_per_major(),
    }
}

/// Each applicant's true consumption (NaN where there is none), and how many have one.
async fn truth_for(
    store: &Store,
    access: &Access,
    applicants: &[Applicant],
) -> Result<(Vec<f64>, u64), StoreError> {
    let mut rows = Vec::new();
    let mut after = None;
    loop {
        let page = store
            .synthetic_truth_page(access, after, TRUTH_PAGE)
            .await?;
        let Some(last) = page.last() else { break };
        after = Some(last.0);
        rows.extend(page);
    }
    // Sorted here rather than trusting the database's uuid order to equal Rust's.
    rows.sort_unstable_by_key(|(id, _)| *id);
    let mut found = 0;
    let values = applicants
        .iter()
        .map(|a| match rows.binary_search_by_key(&a.id, |(id, _)| *id) {
            Ok(i) => {
                found += 1;
                rows[i].1
            }
            Err(_) => f64::NAN,
        })
        .collect();
    Ok((values, found))
}

/// The first `limit` of `ids` the caller may see, as movers.
async fn visible_movers(
    store: &Store,
    access: &Access,
    applicants: &[Applicant],
    ids: &[HouseholdId],
    limit: usize,
) -> Result<Vec<Mover>, StoreError> {
    let mut out = Vec::new();
    for chunk in ids.chunks(VISIBILITY_BATCH) {
        if out.len() >= limit {
            break;
        }
        let mut seen = store.visible_household_heads(access, chunk).await?;
        for id in chunk {
            if out.len() >= limit {
                break;
            }
            let Some(head_name) = seen.remove(id) else {
                continue;
            };
            // Applicants come in id order from the store.
            if let Ok(i) = applicants.binary_search_by_key(id, |a| a.id) {
                out.push(Mover {
                    id: *id,
                    governorate: applicants[i].household.governorate.as_str().to_owned(),
                    head_name,
                });
            }
        }
    }
    Ok(out)
}

/// Simulates `changes` to the newest version of `key` over every household it covers,
/// as of `as_of`, listing up to `show` visible households entering and leaving.
#[tracing::instrument(skip_all, fields(key, changes = changes.len()))]
pub async fn simulate_programme(
    store: &Store,
    access: &Access,
    pack: &CountryPack,
    key: &str,
    changes: &[Change],
    as_of: Date,
    show: usize,
) -> Result<Simulation, SimulationFailure> {
    let baseline = store.programme_version(access, key, None).await?;
    let changed = apply(&baseline.definition, changes)?;
    let b = baseline
        .definition
        .compile(pack)
        .map_err(ProgrammeFailure::from)?;
    let c = compile_changed(pack, &changed, changes)?;
    let mut applicants = crate::programmes::load_applicants(
        store,
        access,
        &baseline.definition,
        crate::programmes::ReadFor::Simulation,
    )
    .await?;
    applicants.sort_unstable_by_key(|a| a.id);
    let (truth, with_truth) = truth_for(store, access, &applicants).await?;
    let line = truth_line(&b);
    let span = tracing::Span::current();
    let (comparison, applicants) = tokio::task::spawn_blocking(move || {
        let _entered = span.enter();
        let t = (with_truth > 0).then_some(Truth {
            consumption_per_ae: &truth,
            poverty_line_per_ae: line,
        });
        (simulate(&applicants, &b, &c, as_of, t), applicants)
    })
    .await
    .map_err(|e| ProgrammeFailure::Interrupted(e.to_string()))?;
    let entered = visible_movers(store, access, &applicants, &comparison.entered, show).await?;
    let left = visible_movers(store, access, &applicants, &comparison.left, show).await?;
    // Freed on the pool, as after a run.
    tokio::task::spawn_blocking(move || drop(applicants));
    Ok(Simulation {
        baseline,
        changed,
        comparison,
        ground_truth: (with_truth > 0).then_some(GroundTruth {
            households: with_truth,
            poverty_line_per_ae: line,
        }),
        entered,
        left,
        as_of,
    })
}

/// Saves `changes` to version `base_version` of `key` as the next version, a draft.
/// Refused with `Conflict` when `base_version` is no longer the newest (someone saved
/// since the simulation): the planner simulates again against the new version. The
/// stored versions are untouched; the save is audited as `programme_saved`.
#[tracing::instrument(skip_all, fields(key, base_version))]
pub async fn save_as_new_version(
    store: &Store,
    access: &Access,
    pack: &CountryPack,
    key: &str,
    base_version: u32,
    changes: &[Change],
    now: OffsetDateTime,
) -> Result<(Uuid, u32), SimulationFailure> {
    if changes.is_empty() {
        return Err(SimulationFailure::NothingChanged);
    }
    let newest = store.programme_version(access, key, None).await?;
    if newest.definition.version != base_version {
        return Err(StoreError::Conflict.into());
    }
    let changed = apply(&newest.definition, changes)?;
    compile_changed(pack, &changed, changes)?;
    let id = store.add_programme_version(access, &changed, now).await?;
    Ok((id, changed.version))
}

#[cfg(test)]
mod tests {
    use super::*;
    use tadamun_domain::country::Country;
    use tadamun_targeting::programme::pack_programmes;

    fn palestine() -> ProgrammeVersion {
        pack_programmes(Country::Palestine).unwrap()[0].clone()
    }

    #[test]
    fn changes_apply_to_a_copy_numbered_as_the_next_version() {
        let base = palestine();
        let changed = apply(
            &base,
            &[
                Change::CutOff { value: 6.5 },
                Change::Budget { per_cycle: 100 },
                Change::PovertyLineFactor { factor: 1.5 },
                Change::Coefficient {
                    variable: "car".into(),
                    value: 0.5,
                    region: Some("gaza".into()),
                },
                Change::RemoveRule {
                    id: "elderly".into(),
                },
                Change::AddRule {
                    group: RuleGroup::Any,
                    id: "orphans-cel".into(),
                    label_ar: "أيتام".into(),
                    label_en: "orphans".into(),
                    cel: "household.orphans > 0".into(),
                },
            ],
        )
        .unwrap();
        assert_eq!(base, palestine(), "the base is not touched");
        assert_eq!(changed.version, base.version + 1);
        let pmt = changed.pmt.as_ref().unwrap();
        assert_eq!(pmt.cut_off, Some(6.5));
        assert_eq!(changed.budget_per_cycle, Money(100));
        assert_eq!(
            changed.poverty_line.per_capita.0,
            (base.poverty_line.per_capita.0 as f64 * 1.5).round() as i64
        );
        let gaza = pmt.sets.iter().find(|s| s.region == "gaza").unwrap();
        let west = pmt.sets.iter().find(|s| s.region == "west_bank").unwrap();
        assert_eq!(gaza.coefficients["car"], 0.5);
        assert_ne!(west.coefficients["car"], 0.5);
        assert!(!changed.eligibility.any.iter().any(|r| r.id == "elderly"));
        assert!(
            changed
                .eligibility
                .any
                .iter()
                .any(|r| r.id == "orphans-cel")
        );
        changed
            .compile(&CountryPack::builtin(Country::Palestine))
            .unwrap();
    }

    #[test]
    fn a_change_that_cannot_apply_names_its_position_and_field() {
        let base = palestine();
        let err = apply(
            &base,
            &[
                Change::Budget { per_cycle: 1 },
                Change::RemoveRule { id: "nope".into() },
            ],
        )
        .unwrap_err();
        assert_eq!((err.index, err.field), (1, "id"));
        let err = apply(
            &base,
            &[Change::Coefficient {
                variable: "cars".into(),
                value: 1.0,
                region: None,
            }],
        )
        .unwrap_err();
        assert_eq!(err.field, "variable");
        let err = apply(&base, &[Change::Budget { per_cycle: -1 }]).unwrap_err();
        assert_eq!(err.field, "per_cycle");
        let err = apply(
            &base,
            &[Change::AddRule {
                group: RuleGroup::All,
                id: "adult-head".into(),
                label_ar: "x".into(),
                label_en: "x".into(),
                cel: "true".into(),
            }],
        )
        .unwrap_err();
        assert_eq!(err.field, "id", "an id already used");
    }

    #[test]
    fn a_bad_rule_is_refused_at_its_line_and_column() {
        let base = palestine();
        let changes = [
            Change::Budget { per_cycle: 1 },
            Change::AddRule {
                group: RuleGroup::All,
                id: "broken".into(),
                label_ar: "قاعدة".into(),
                label_en: "rule".into(),
                cel: "household.size >\n  household.nonsense".into(),
            },
        ];
        let changed = apply(&base, &changes).unwrap();
        let Err(SimulationFailure::Change(e)) = compile_changed(
            &CountryPack::builtin(Country::Palestine),
            &changed,
            &changes,
        ) else {
            panic!("the rule should not compile");
        };
        assert_eq!((e.index, e.field), (1, "cel"));
        let (line, column) = e.position.expect("a position");
        assert_eq!(line, 2, "{e:?}");
        assert!(column > 1, "{e:?}");
    }

    #[test]
    fn changes_read_as_tagged_json_and_unknown_fields_are_refused() {
        let c: Vec<Change> = serde_json::from_str(
            r#"[{"kind":"cut_off","value":6.1},{"kind":"budget","per_cycle":5},
                {"kind":"add_rule","id":"x","label_ar":"س","label_en":"x","cel":"true"}]"#,
        )
        .unwrap();
        assert_eq!(c[0], Change::CutOff { value: 6.1 });
        assert!(matches!(
            &c[2],
            Change::AddRule {
                group: RuleGroup::All,
                ..
            }
        ));
        assert!(serde_json::from_str::<Change>(r#"{"kind":"cut_off","vlaue":6.1}"#).is_err());
        assert!(serde_json::from_str::<Change>(r#"{"kind":"cutoff","value":6.1}"#).is_err());
    }
}
