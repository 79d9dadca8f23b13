//! The proxy means test as versioned data: coefficient sets by region (West Bank and
//! Gaza, say), each with an intercept, an adult-equivalence scale and a cut-off. The
//! score is predicted log consumption per adult equivalent: the linear predictor of log
//! household consumption, less the log of the household's adult equivalents.

use std::{
    borrow::Cow,
    collections::{BTreeMap, HashMap},
};

use serde::{Deserialize, Serialize};
use tadamun_domain::{household::HouseholdDraft, person::PersonDraft};
use time::Date;

use crate::variables::{self, Features, VARIABLES};

/// An adult-equivalence scale (OECD-modified by default: 1, 0.5, 0.3).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EquivalenceScale {
    pub first_adult: f64,
    pub other_adult: f64,
    pub child: f64,
    /// Members up to this age count as children.
    pub child_max_age: u32,
}

impl Default for EquivalenceScale {
    fn default() -> Self {
        Self {
            first_adult: 1.0,
            other_adult: 0.5,
            child: 0.3,
            child_max_age: 13,
        }
    }
}

impl EquivalenceScale {
    pub fn adult_equivalents(&self, members: &[PersonDraft], as_of: Date) -> f64 {
        let children = members
            .iter()
            .filter(|m| m.birth_date.age_on(as_of) <= self.child_max_age as i32)
            .count();
        let adults = members.len() - children;
        // A household of children alone still has someone counted as its first adult.
        let (adults, children) = if adults == 0 {
            (1, children.saturating_sub(1))
        } else {
            (adults, children)
        };
        self.first_adult + self.other_adult * (adults - 1) as f64 + self.child * children as f64
    }
}

/// The coefficients of one region.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CoefficientSet {
    pub region: String,
    pub intercept: f64,
    /// Variable name → coefficient on log household consumption.
    pub coefficients: BTreeMap<String, f64>,
}

/// A PMT model as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PmtModel {
    pub version: u32,
    /// Households predicted under this log consumption per adult equivalent (in major
    /// units a month) are poor. Required for threshold selection; a ceiling when ranked.
    #[serde(default)]
    pub cut_off: Option<f64>,
    #[serde(default)]
    pub equivalence: EquivalenceScale,
    /// Region → its governorates. Empty when one coefficient set serves everyone.
    #[serde(default)]
    pub regions: BTreeMap<String, Vec<String>>,
    pub sets: Vec<CoefficientSet>,
}

/// Why a model cannot be loaded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PmtError {
    #[error(
        "coefficient set '{region}' names '{variable}', which is not a PMT variable (known: {known})"
    )]
    UnknownVariable {
        region: String,
        variable: String,
        known: String,
    },
    #[error("{0}")]
    Invalid(String),
}

/// A model checked against the programme's governorates.
#[derive(Debug, Clone)]
pub struct CompiledPmt {
    pub model: PmtModel,
    /// Governorate code → set index.
    region_of: HashMap<String, usize>,
    sets: Vec<(f64, Vec<(usize, f64)>)>,
}

/// One term of a score: the variable, its value, coefficient and contribution.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Component {
    /// Borrowed from the catalogue: a million records need not own the names.
    pub variable: Cow<'static, str>,
    pub value: f64,
    pub coefficient: f64,
    pub contribution: f64,
}

/// A household's score with every term that made it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Score {
    pub region: String,
    pub intercept: f64,
    pub components: Vec<Component>,
    pub adult_equivalents: f64,
    /// Predicted log consumption per adult equivalent.
    pub predicted: f64,
}

impl PmtModel {
    /// Checks every variable name, region and governorate. `governorates` are the codes
    /// the programme covers.
    pub fn compile(&self, governorates: &[String]) -> Result<CompiledPmt, PmtError> {
        let invalid = |m: String| Err(PmtError::Invalid(m));
        if self.sets.is_empty() {
            return invalid("a PMT model needs at least one coefficient set".into());
        }
        let e = self.equivalence;
        if e.first_adult <= 0.0 || e.other_adult < 0.0 || e.child < 0.0 {
            return invalid("adult-equivalence weights must be positive".into());
        }
        let mut sets = Vec::new();
        for set in &self.sets {
            let mut coeffs = Vec::new();
            for (name, c) in &set.coefficients {
                let Some(i) = variables::index(name) else {
                    return Err(PmtError::UnknownVariable {
                        region: set.region.clone(),
                        variable: name.clone(),
                        known: VARIABLES
                            .iter()
                            .map(|(n, _, _)| *n)
                            .collect::<Vec<_>>()
                            .join(", "),
                    });
                };
                if !c.is_finite() {
                    return invalid(format!(
                        "coefficient '{name}' of set '{}' is not a number",
                        set.region
                    ));
                }
                coeffs.push((i, *c));
            }
            sets.push((set.intercept, coeffs));
        }
        let set_of = |region: &str| self.sets.iter().position(|s| s.region == region);
        let mut region_of = HashMap::new();
        if self.regions.is_empty() {
            if self.sets.len() > 1 {
                return invalid("several coefficient sets need a `regions` table".into());
            }
            for g in governorates {
                region_of.insert(g.clone(), 0);
            }
        } else {
            for (region, govs) in &self.regions {
                let Some(i) = set_of(region) else {
                    return invalid(format!("region '{region}' has no coefficient set"));
                };
                for g in govs {
                    if region_of.insert(g.clone(), i).is_some() {
                        return invalid(format!("governorate {g} is in two regions"));
                    }
                }
            }
            if let Some(set) = self
                .sets
                .iter()
                .find(|s| !self.regions.contains_key(&s.region))
            {
                return invalid(format!(
                    "coefficient set '{}' is not a region of the `regions` table",
                    set.region
                ));
            }
            if let Some(g) = governorates.iter().find(|g| !region_of.contains_key(*g)) {
                return invalid(format!("governorate {g} is in no region of the model"));
            }
        }
        Ok(CompiledPmt {
            model: self.clone(),
            region_of,
            sets,
        })
    }
}

impl CompiledPmt {
    pub fn set_for(&self, governorate: &str) -> Option<usize> {
        self.region_of.get(governorate).copied()
    }

    /// The predicted log consumption per adult equivalent, or the first variable the
    /// household lacks data for.
    pub fn predict(&self, set: usize, f: &Features, ae: f64) -> Result<f64, &'static str> {
        let (intercept, coeffs) = &self.sets[set];
        let mut total = *intercept;
        for (i, c) in coeffs {
            if f.missing & (1 << i) != 0 {
                return Err(VARIABLES[*i].0);
            }
            total += c * f.values[*i];
        }
        Ok(total - ae.ln())
    }

    /// The same score with every term, for the decision record.
    pub fn explain(&self, set: usize, f: &Features, ae: f64) -> Result<Score, &'static str> {
        let predicted = self.predict(set, f, ae)?;
        let (intercept, coeffs) = &self.sets[set];
        let mut components: Vec<Component> = coeffs
            .iter()
            .map(|(i, c)| Component {
                variable: Cow::Borrowed(VARIABLES[*i].0),
                value: f.values[*i],
                coefficient: *c,
                contribution: c * f.values[*i],
            })
            .collect();
        components.push(Component {
            variable: Cow::Borrowed(ADULT_EQUIVALENTS),
            value: ae,
            coefficient: -1.0,
            contribution: -ae.ln(),
        });
        Ok(Score {
            region: self.model.sets[set].region.clone(),
            intercept: *intercept,
            components,
            adult_equivalents: ae,
            predicted,
        })
    }

    /// Features, adult equivalents and set of a household, ready for `predict`.
    pub fn prepare(
        &self,
        h: &HouseholdDraft,
        as_of: Date,
        minor_per_major: f64,
    ) -> Option<(usize, Features, f64)> {
        let set = self.set_for(h.governorate.as_str())?;
        let f = variables::features(h, as_of, minor_per_major);
        let ae = self.model.equivalence.adult_equivalents(&h.members, as_of);
        Some((set, f, ae))
    }
}

/// The name of the adult-equivalence term in score components (`-ln(AE)`).
pub const ADULT_EQUIVALENTS: &str = "adult_equivalents";

#[cfg(test)]
mod tests {
    use super::*;

    fn model() -> PmtModel {
        PmtModel {
            version: 3,
            cut_off: Some(4.0),
            equivalence: EquivalenceScale::default(),
            regions: BTreeMap::new(),
            sets: vec![CoefficientSet {
                region: "all".into(),
                intercept: 5.0,
                coefficients: BTreeMap::from([
                    ("car".to_owned(), 0.5),
                    ("members".to_owned(), 0.1),
                ]),
            }],
        }
    }

    fn features(car: f64, members: f64) -> Features {
        let mut values = [0.0; variables::COUNT];
        values[variables::index("car").unwrap()] = car;
        values[variables::index("members").unwrap()] = members;
        Features { values, missing: 0 }
    }

    #[test]
    fn the_score_is_the_linear_predictor_less_log_adult_equivalents() {
        let m = model().compile(&["JO-AM".to_owned()]).unwrap();
        let set = m.set_for("JO-AM").unwrap();
        let p = m.predict(set, &features(1.0, 4.0), 2.0).unwrap();
        assert!((p - (5.0 + 0.5 + 0.4 - 2f64.ln())).abs() < 1e-12);
        let s = m.explain(set, &features(1.0, 4.0), 2.0).unwrap();
        assert_eq!(s.predicted, p);
        assert_eq!(s.components.last().unwrap().variable, ADULT_EQUIVALENTS);
    }

    #[test]
    fn a_missing_variable_is_named_when_scoring() {
        let m = model().compile(&["JO-AM".to_owned()]).unwrap();
        let mut f = features(1.0, 4.0);
        f.missing = 1 << variables::index("car").unwrap();
        assert_eq!(m.predict(0, &f, 1.0), Err("car"));
    }

    #[test]
    fn the_oecd_modified_scale_counts_one_first_adult() {
        let e = EquivalenceScale::default();
        // 1 + 0.5 + 3 × 0.3
        let ae = e.first_adult + e.other_adult + 3.0 * e.child;
        assert!((ae - 2.4).abs() < 1e-12);
    }

    #[test]
    fn several_sets_need_a_regions_table() {
        let mut m = model();
        let mut second = m.sets[0].clone();
        second.region = "gaza".into();
        m.sets.push(second);
        let err = m.compile(&["PS-GZA".to_owned()]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "several coefficient sets need a `regions` table"
        );
    }

    #[test]
    fn a_region_without_a_set_is_refused() {
        let mut m = model();
        m.regions = BTreeMap::from([("gaza".to_owned(), vec!["PS-GZA".to_owned()])]);
        let err = m.compile(&["PS-GZA".to_owned()]).unwrap_err();
        assert_eq!(err.to_string(), "region 'gaza' has no coefficient set");
    }
}
