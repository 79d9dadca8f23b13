//! Priority ranking: a planning group weights indicators and coverage gaps, and each
//! candidate priority (a service area in a governorate) gets a score it can explain:
//! per component the value, where it sits between the lowest and highest governorate
//! (normalised 0–1), the weight and the contribution. Pure; nothing stored here.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{
    catalogue::IndicatorCatalogue,
    values::{IndicatorTable, NeedSupply},
};
use crate::{FieldError, FieldErrors, area::GovernorateCode};

/// The largest weight a group may give one component.
pub const MAX_WEIGHT: u32 = 100;

/// Weights by component key (`indicator:<code>` or `gap:<service>`); absent is 0.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Weights(pub BTreeMap<String, u32>);

impl Weights {
    pub fn get(&self, component: &str) -> u32 {
        self.0.get(component).copied().unwrap_or(0)
    }

    /// Parses typed weights (whole numbers 0–100, Arabic-Indic digits accepted) for
    /// the components offered; each error names `weight.<component>`.
    pub fn parse(raw: &BTreeMap<String, String>, offered: &[String]) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::default();
        let mut weights = BTreeMap::new();
        for (key, text) in raw {
            let field = format!("weight.{key}");
            if !offered.contains(key) {
                errors.push(FieldError::new(
                    field,
                    "unknown-component",
                    format!("'{key}' is not a ranking component"),
                ));
                continue;
            }
            let digits: String = text
                .trim()
                .chars()
                .map(|c| crate::phone::to_ascii_digit(c).unwrap_or(c))
                .collect();
            if digits.is_empty() {
                continue;
            }
            match digits.parse::<u32>() {
                Ok(w) if w <= MAX_WEIGHT => {
                    if w > 0 {
                        weights.insert(key.clone(), w);
                    }
                }
                _ => errors.push(FieldError::new(
                    field,
                    "invalid-weight",
                    format!("'{text}' is not a whole number from 0 to {MAX_WEIGHT}"),
                )),
            }
        }
        if errors.is_empty() {
            Ok(Self(weights))
        } else {
            Err(errors)
        }
    }
}

/// One component of a candidate, with the range it is normalised over.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ComponentInput {
    pub component: String,
    pub value: f64,
    pub min: f64,
    pub max: f64,
}

/// A candidate priority before scoring.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct PriorityInput {
    /// The service code.
    pub key: String,
    pub components: Vec<ComponentInput>,
}

/// How one component made part of a score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ScoreComponent {
    pub component: String,
    pub value: f64,
    /// The lowest and highest value over the governorates it was normalised between.
    pub min: f64,
    pub max: f64,
    pub normalised: f64,
    pub weight: u32,
    pub contribution: f64,
}

/// A scored priority, with the components that explain its score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct RankedPriority {
    pub rank: usize,
    pub key: String,
    pub score: f64,
    pub components: Vec<ScoreComponent>,
}

/// Where `value` sits between `min` and `max`, 0–1; 0 when the range is empty (a
/// component that does not tell governorates apart ranks nobody higher).
pub fn normalise(value: f64, min: f64, max: f64) -> f64 {
    if max > min {
        ((value - min) / (max - min)).clamp(0.0, 1.0)
    } else {
        0.0
    }
}

/// Scores and ranks candidates: score = Σ weight × normalised value; highest first,
/// ties by key so the order is stable.
pub fn rank(candidates: Vec<PriorityInput>, weights: &Weights) -> Vec<RankedPriority> {
    let mut ranked: Vec<RankedPriority> = candidates
        .into_iter()
        .map(|c| {
            let components: Vec<ScoreComponent> = c
                .components
                .into_iter()
                .map(|i| {
                    let normalised = normalise(i.value, i.min, i.max);
                    let weight = weights.get(&i.component);
                    ScoreComponent {
                        contribution: f64::from(weight) * normalised,
                        component: i.component,
                        value: i.value,
                        min: i.min,
                        max: i.max,
                        normalised,
                        weight,
                    }
                })
                .collect();
            RankedPriority {
                rank: 0,
                score: components.iter().map(|c| c.contribution).sum(),
                key: c.key,
                components,
            }
        })
        .collect();
    ranked.sort_by(|a, b| b.score.total_cmp(&a.score).then_with(|| a.key.cmp(&b.key)));
    for (i, r) in ranked.iter_mut().enumerate() {
        r.rank = i + 1;
    }
    ranked
}

pub fn indicator_component(code: &str) -> String {
    format!("indicator:{code}")
}

pub fn gap_component(service: &str) -> String {
    format!("gap:{service}")
}

/// The components a group may weight: each need indicator's rate and each measured
/// service's gap.
pub fn offered_components(catalogue: &IndicatorCatalogue) -> Vec<String> {
    let mut out = Vec::new();
    for n in &catalogue.needs {
        if let Some(code) = &n.indicator {
            let c = indicator_component(code);
            if !out.contains(&c) {
                out.push(c);
            }
            out.push(gap_component(&n.service));
        }
    }
    out
}

/// The candidate priorities of one governorate: every service with a registry
/// measure, its need rate per 1,000 and its gap per 1,000 covered, each normalised
/// over all governorates of the table. `needs` holds each governorate's need rows.
pub fn governorate_candidates(
    catalogue: &IndicatorCatalogue,
    table: &IndicatorTable,
    needs: &BTreeMap<GovernorateCode, Vec<NeedSupply>>,
    governorate: &GovernorateCode,
) -> Vec<PriorityInput> {
    let rate =
        |g: &super::values::GovernorateIndicators, code: &str| g.rate_per_1000(catalogue, code);
    let gap_rate = |g: &super::values::GovernorateIndicators, service: &str| {
        let row = needs
            .get(&g.governorate)?
            .iter()
            .find(|r| r.service == service)?;
        let population = g.count(super::catalogue::POPULATION).filter(|p| *p > 0)?;
        Some(row.gap()? as f64 * 1000.0 / population as f64)
    };
    let range = |values: Vec<f64>| {
        values
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
                (lo.min(*v), hi.max(*v))
            })
    };
    let Some(own) = table.governorate(governorate) else {
        return Vec::new();
    };
    catalogue
        .needs
        .iter()
        .filter_map(|n| {
            let code = n.indicator.as_deref()?;
            let mut components = Vec::new();
            if let Some(value) = rate(own, code) {
                let (min, max) = range(
                    table
                        .governorates
                        .iter()
                        .filter_map(|g| rate(g, code))
                        .collect(),
                );
                components.push(ComponentInput {
                    component: indicator_component(code),
                    value,
                    min,
                    max,
                });
            }
            if let Some(value) = gap_rate(own, &n.service) {
                let (min, max) = range(
                    table
                        .governorates
                        .iter()
                        .filter_map(|g| gap_rate(g, &n.service))
                        .collect(),
                );
                components.push(ComponentInput {
                    component: gap_component(&n.service),
                    value,
                    min,
                    max,
                });
            }
            Some(PriorityInput {
                key: n.service.clone(),
                components,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn candidate(key: &str, values: &[(&str, f64)]) -> PriorityInput {
        PriorityInput {
            key: key.into(),
            components: values
                .iter()
                .map(|(c, v)| ComponentInput {
                    component: c.to_string(),
                    value: *v,
                    min: 0.0,
                    max: 100.0,
                })
                .collect(),
        }
    }

    #[test]
    fn each_score_is_explained_by_its_components() {
        let weights = Weights([("a".to_string(), 2), ("b".to_string(), 1)].into());
        let ranked = rank(
            vec![
                candidate("x", &[("a", 50.0), ("b", 40.0)]),
                candidate("y", &[("a", 100.0)]),
            ],
            &weights,
        );
        assert_eq!(ranked[0].key, "y");
        assert_eq!(ranked[0].score, 2.0);
        assert_eq!(ranked[1].rank, 2);
        let b = &ranked[1].components[1];
        assert_eq!(
            (b.value, b.normalised, b.weight, b.contribution),
            (40.0, 0.4, 1, 0.4)
        );
        assert_eq!(
            ranked[1].score,
            ranked[1]
                .components
                .iter()
                .map(|c| c.contribution)
                .sum::<f64>()
        );
    }

    #[test]
    fn weights_are_whole_numbers_up_to_100_naming_the_component() {
        let offered = vec!["gap:cash".to_string()];
        let raw = |k: &str, v: &str| BTreeMap::from([(k.to_string(), v.to_string())]);
        assert_eq!(
            Weights::parse(&raw("gap:cash", "٣٠"), &offered)
                .unwrap()
                .get("gap:cash"),
            30
        );
        let e = Weights::parse(&raw("gap:cash", "101"), &offered).unwrap_err();
        assert_eq!(
            (e.0[0].field.as_str(), e.0[0].code),
            ("weight.gap:cash", "invalid-weight")
        );
        assert_eq!(
            Weights::parse(&raw("gap:spa", "1"), &offered)
                .unwrap_err()
                .0[0]
                .code,
            "unknown-component"
        );
    }

    fn values() -> impl Strategy<Value = Vec<f64>> {
        prop::collection::vec(-1000.0f64..1000.0, 1..8)
    }

    /// Candidates whose one component is normalised over the candidates' own range.
    fn over_own_range(values: &[f64]) -> Vec<PriorityInput> {
        let min = values.iter().copied().fold(f64::INFINITY, f64::min);
        let max = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        values
            .iter()
            .enumerate()
            .map(|(i, v)| PriorityInput {
                key: format!("{i:02}"),
                components: vec![ComponentInput {
                    component: "c".into(),
                    value: *v,
                    min,
                    max,
                }],
            })
            .collect()
    }

    fn score_of(ranked: &[RankedPriority], key: &str) -> f64 {
        ranked.iter().find(|r| r.key == key).unwrap().score
    }

    proptest! {
        #[test]
        fn zero_weights_give_zero_scores(vs in values()) {
            for r in rank(over_own_range(&vs), &Weights::default()) {
                prop_assert_eq!(r.score, 0.0);
            }
        }

        #[test]
        fn a_higher_value_never_lowers_a_score(vs in values(), i in 0usize..8, up in 0.0f64..500.0, w in 0u32..=100) {
            let i = i % vs.len();
            let weights = Weights([("c".to_string(), w)].into());
            let before = score_of(&rank(over_own_range(&vs), &weights), &format!("{i:02}"));
            let mut raised = vs.clone();
            raised[i] += up;
            let after = score_of(&rank(over_own_range(&raised), &weights), &format!("{i:02}"));
            prop_assert!(after >= before - 1e-9, "{before} -> {after}");
        }

        #[test]
        fn normalised_values_lie_between_0_and_1(v in -1e6f64..1e6, a in -1e6f64..1e6, b in -1e6f64..1e6) {
            let n = normalise(v, a.min(b), a.max(b));
            prop_assert!((0.0..=1.0).contains(&n));
        }
    }
}
