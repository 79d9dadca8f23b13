//! Programme definitions as versioned data, and the rule that a version which produced
//! decisions is frozen: an edit to it makes a new version instead. `compile` checks a
//! definition against its country pack, which is what saving one does.

use std::{collections::HashSet, sync::Arc};

use cel::Env;
use serde::{Deserialize, Serialize};
use tadamun_domain::{
    country::Country,
    country_pack::CountryPack,
    money::{Currency, Money},
};

use crate::{
    entitlement::Formula,
    pmt::{CompiledPmt, PmtError, PmtModel},
    poverty::PovertyLines,
    rules::{self, CompiledRule, Eligibility, InvalidRule, value::Needs},
};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TargetUnit {
    Household,
    /// Rules may name `person`; the household qualifies through its eligible members.
    Individual,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Benefit {
    Cash,
    InKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Cycle {
    Monthly,
    Quarterly,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SelectionMode {
    /// Everyone eligible and (with a PMT) under the cut-off.
    Threshold,
    /// Ranked by PMT score, the poorest funded until the cycle budget runs out; the rest
    /// wait in rank order.
    BudgetRanked,
}

/// One version of a programme, as shipped in a country pack or stored as JSON.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProgrammeVersion {
    pub key: String,
    pub version: u32,
    pub name_ar: String,
    pub name_en: String,
    /// The real formulas are not public; illustrative examples say so.
    #[serde(default)]
    pub illustrative: bool,
    pub target_unit: TargetUnit,
    pub benefit: Benefit,
    /// Governorate codes covered; empty covers the whole country.
    #[serde(default)]
    pub coverage: Vec<String>,
    /// Budget per cycle, in minor units.
    pub budget_per_cycle: Money,
    pub cycle: Cycle,
    pub recertification_months: u32,
    pub selection: SelectionMode,
    #[serde(default)]
    pub eligibility: Eligibility,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pmt: Option<PmtModel>,
    pub poverty_line: PovertyLines,
    pub entitlement: Formula,
}

/// Why a programme definition is refused.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ProgrammeError {
    #[error("{0}")]
    Rule(#[from] InvalidRule),
    #[error("pmt: {0}")]
    Pmt(#[from] PmtError),
    #[error("{field}: {message}")]
    Invalid { field: String, message: String },
    #[error(
        "programme {key} version {version} has produced decisions and cannot be edited; make a new version"
    )]
    Frozen { key: String, version: u32 },
    #[error("country pack: {0}")]
    Pack(String),
}

fn invalid(field: &str, message: impl Into<String>) -> ProgrammeError {
    ProgrammeError::Invalid {
        field: field.to_owned(),
        message: message.into(),
    }
}

/// Whether a version may still change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VersionState {
    Draft,
    /// It produced decisions: never edited again.
    Frozen,
}

/// A version with its state.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Versioned {
    pub definition: ProgrammeVersion,
    pub state: VersionState,
}

/// What an edit produced.
#[derive(Debug, Clone, PartialEq)]
pub enum Edit {
    /// The draft itself, changed.
    InPlace(Versioned),
    /// The frozen version is untouched; this is the next version, a draft.
    NewVersion(Versioned),
}

impl Versioned {
    pub fn draft(definition: ProgrammeVersion) -> Self {
        Self {
            definition,
            state: VersionState::Draft,
        }
    }

    /// Marks the version as having produced decisions.
    pub fn freeze(&mut self) {
        self.state = VersionState::Frozen;
    }

    /// Changes a draft in place; a frozen version is refused.
    pub fn edit_in_place(
        &mut self,
        change: impl FnOnce(&mut ProgrammeVersion),
    ) -> Result<(), ProgrammeError> {
        if self.state == VersionState::Frozen {
            return Err(ProgrammeError::Frozen {
                key: self.definition.key.clone(),
                version: self.definition.version,
            });
        }
        change(&mut self.definition);
        Ok(())
    }

    /// Applies a change: to the draft itself, or, when frozen, to a copy that becomes
    /// the next version. The key and version number are not the change's to set.
    pub fn edit(&self, change: impl FnOnce(&mut ProgrammeVersion)) -> Edit {
        let mut next = self.definition.clone();
        change(&mut next);
        next.key.clone_from(&self.definition.key);
        match self.state {
            VersionState::Draft => {
                next.version = self.definition.version;
                Edit::InPlace(Versioned::draft(next))
            }
            VersionState::Frozen => {
                next.version = self.definition.version + 1;
                Edit::NewVersion(Versioned::draft(next))
            }
        }
    }
}

/// A programme checked against its country and ready to run.
pub struct CompiledProgramme {
    pub definition: ProgrammeVersion,
    pub country: Country,
    pub currency: Currency,
    pub env: Arc<Env>,
    pub all: Vec<CompiledRule>,
    pub any: Vec<CompiledRule>,
    pub pmt: Option<CompiledPmt>,
    pub lines: Arc<PovertyLines>,
    /// Empty: the whole country.
    coverage: HashSet<String>,
    pub needs: Needs,
}

impl std::fmt::Debug for CompiledProgramme {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CompiledProgramme")
            .field("key", &self.definition.key)
            .field("version", &self.definition.version)
            .finish_non_exhaustive()
    }
}

impl CompiledProgramme {
    pub fn covers(&self, governorate: &str) -> bool {
        self.coverage.is_empty() || self.coverage.contains(governorate)
    }

    pub fn minor_per_major(&self) -> f64 {
        10f64.powi(self.currency.decimals as i32)
    }

    /// Every rule, `all` first.
    pub fn rules(&self) -> impl Iterator<Item = &CompiledRule> {
        self.all.iter().chain(&self.any)
    }
}

impl ProgrammeVersion {
    /// Checks the whole definition against the pack: what saving it does.
    pub fn compile(&self, pack: &CountryPack) -> Result<CompiledProgramme, ProgrammeError> {
        self.compile_with(pack, rules::env())
    }

    /// As `compile`, sharing one CEL environment between programmes.
    pub fn compile_with(
        &self,
        pack: &CountryPack,
        env: Arc<Env>,
    ) -> Result<CompiledProgramme, ProgrammeError> {
        if self.key.trim().is_empty() {
            return Err(invalid("key", "a programme needs a key"));
        }
        if self.version == 0 {
            return Err(invalid("version", "versions start at 1"));
        }
        let known: Vec<String> = pack.governorates.iter().map(|g| g.code.clone()).collect();
        for code in &self.coverage {
            if !known.contains(code) {
                return Err(invalid(
                    "coverage",
                    format!("{code} is not a governorate of {}", pack.name_en),
                ));
            }
        }
        if self.budget_per_cycle.0 < 0 {
            return Err(invalid("budget_per_cycle", "a budget cannot be negative"));
        }
        if self.recertification_months == 0 {
            return Err(invalid(
                "recertification_months",
                "recertification is due after at least one month",
            ));
        }
        self.poverty_line
            .check()
            .map_err(|m| invalid("poverty_line", m))?;
        if let Some(code) = self
            .poverty_line
            .by_governorate
            .keys()
            .find(|c| !known.contains(c))
        {
            return Err(invalid(
                "poverty_line.by_governorate",
                format!("{code} is not a governorate of {}", pack.name_en),
            ));
        }
        self.entitlement
            .check()
            .map_err(|m| invalid("entitlement", m))?;
        match (&self.selection, &self.pmt) {
            (SelectionMode::BudgetRanked, None) => {
                return Err(invalid(
                    "pmt",
                    "budget-ranked selection needs a PMT to rank by",
                ));
            }
            (SelectionMode::Threshold, Some(p)) if p.cut_off.is_none() => {
                return Err(invalid(
                    "pmt.cut_off",
                    "threshold selection needs a cut-off",
                ));
            }
            _ => {}
        }
        let extra: Vec<String> = pack.fields.iter().map(|f| f.key.clone()).collect();
        let person = self.target_unit == TargetUnit::Individual;
        let mut seen = HashSet::new();
        let mut compile = |defs: &[rules::RuleDef]| -> Result<Vec<CompiledRule>, ProgrammeError> {
            defs.iter()
                .map(|d| {
                    if !seen.insert(d.id.clone()) {
                        return Err(invalid(
                            "eligibility",
                            format!("rule id '{}' is used twice", d.id),
                        ));
                    }
                    Ok(d.compile(&env, &extra, person)?)
                })
                .collect()
        };
        let all = compile(&self.eligibility.all)?;
        let any = compile(&self.eligibility.any)?;
        let covered = if self.coverage.is_empty() {
            known.clone()
        } else {
            self.coverage.clone()
        };
        let pmt = self.pmt.as_ref().map(|p| p.compile(&covered)).transpose()?;
        let needs = all
            .iter()
            .chain(&any)
            .fold(Needs::default(), |n, r| n.union(r.needs));
        Ok(CompiledProgramme {
            definition: self.clone(),
            country: pack.country,
            currency: Currency::of(pack.country),
            env,
            all,
            any,
            pmt,
            lines: Arc::new(self.poverty_line.clone()),
            coverage: self.coverage.iter().cloned().collect(),
            needs,
        })
    }
}

#[derive(Deserialize)]
struct PackProgrammes {
    #[serde(default)]
    programmes: Vec<ProgrammeVersion>,
}

/// The example programmes of a pack's TOML text (its `[[programmes]]` tables).
pub fn pack_programmes_from_toml(text: &str) -> Result<Vec<ProgrammeVersion>, ProgrammeError> {
    toml::from_str::<PackProgrammes>(text)
        .map(|p| p.programmes)
        .map_err(|e| ProgrammeError::Pack(e.to_string()))
}

/// The example programmes shipped in a built-in country pack.
pub fn pack_programmes(country: Country) -> Result<Vec<ProgrammeVersion>, ProgrammeError> {
    pack_programmes_from_toml(CountryPack::builtin_toml(country))
}
