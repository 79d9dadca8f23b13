//! The indicator catalogue shipped as data (`data/indicators.toml`): each indicator's
//! unit and filter from a small closed vocabulary, so the store can compile it into SQL
//! aggregates and the pages can word it, both from the same definition.

use std::{collections::BTreeSet, sync::OnceLock};

use serde::Deserialize;

use crate::{FieldError, FieldErrors, partner::ServiceCatalogue};

text_enum!(
    /// What an indicator counts.
    Unit, "unit" {
        Person => "person",
        Household => "household",
        Grievance => "grievance",
    }
);

text_enum!(
    /// A Washington Group answer level, as a threshold (1 is "no difficulty").
    Severity, "severity" {
        SomeDifficulty => "some",
        ALot => "a_lot",
        Cannot => "cannot",
    }
);

impl Severity {
    /// The stored answer (`wg_*` columns hold 1–4).
    pub fn level(self) -> i64 {
        match self {
            Severity::SomeDifficulty => 2,
            Severity::ALot => 3,
            Severity::Cannot => 4,
        }
    }
}

text_enum!(
    /// A decision outcome in the latest targeting run.
    RunOutcome, "latest_run_outcome" {
        Eligible => "eligible",
        WaitingList => "waiting_list",
        NotEligible => "not_eligible",
        NotDecidable => "not_decidable",
    }
);

text_enum!(
    /// Sex of a person or of a household's head.
    SexFilter, "sex" { Male => "M", Female => "F" }
);

/// The closed vocabulary of conditions; every one is optional and they all hold at
/// once. Ages are whole years on the `today` the indicators are computed for.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Filter {
    /// Aged at least this many years.
    pub age_min: Option<u8>,
    /// Younger than this many years.
    pub age_below: Option<u8>,
    pub sex: Option<SexFilter>,
    /// The most severe Washington Group answer is at least this.
    pub wg_at_least: Option<Severity>,
    /// The most severe Washington Group answer is exactly this.
    pub wg_exactly: Option<Severity>,
    /// The household has one living member (true) or more (false).
    pub lives_alone: Option<bool>,
    pub head_sex: Option<SexFilter>,
    /// On (true) or not on (false) any programme's waiting list.
    pub on_waiting_list: Option<bool>,
    /// The household's decision in the latest registry targeting run is one of these.
    pub latest_run_outcome: Option<Vec<RunOutcome>>,
}

impl Filter {
    /// Conditions only a person has: not allowed on a household indicator.
    fn person_only(&self) -> bool {
        self.age_min.is_some()
            || self.age_below.is_some()
            || self.sex.is_some()
            || self.wg_at_least.is_some()
            || self.wg_exactly.is_some()
    }

    fn is_empty(&self) -> bool {
        *self == Filter::default()
    }

    /// Whether every condition of `parent` holds in `self` too (a breakdown part).
    fn refines(&self, parent: &Filter) -> bool {
        fn same<T: PartialEq>(parent: &Option<T>, child: &Option<T>) -> bool {
            parent.is_none() || parent == child
        }
        let wg_ok = match (parent.wg_at_least, self.wg_at_least, self.wg_exactly) {
            (None, _, _) => true,
            (Some(p), Some(c), _) => c >= p,
            (Some(p), None, Some(c)) => c >= p,
            _ => false,
        };
        same(&parent.age_min, &self.age_min)
            && same(&parent.age_below, &self.age_below)
            && same(&parent.sex, &self.sex)
            && wg_ok
            && same(&parent.wg_exactly, &self.wg_exactly)
            && same(&parent.lives_alone, &self.lives_alone)
            && same(&parent.head_sex, &self.head_sex)
            && same(&parent.on_waiting_list, &self.on_waiting_list)
            && same(&parent.latest_run_outcome, &self.latest_run_outcome)
    }

    /// Whether the value depends on a targeting run (absent where none has run).
    pub fn needs_run(&self) -> bool {
        self.latest_run_outcome.is_some()
    }
}

/// One indicator, defined once.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Indicator {
    pub code: String,
    pub unit: Unit,
    pub label_ar: String,
    pub label_en: String,
    pub description_ar: String,
    pub description_en: String,
    #[serde(default)]
    pub filter: Filter,
    /// Indicators that add up exactly to this one.
    #[serde(default)]
    pub breakdown: Vec<String>,
}

impl Indicator {
    pub fn label(&self, arabic: bool) -> &str {
        if arabic {
            &self.label_ar
        } else {
            &self.label_en
        }
    }

    pub fn description(&self, arabic: bool) -> &str {
        if arabic {
            &self.description_ar
        } else {
            &self.description_en
        }
    }
}

/// A service type and the indicator measuring its need, if the registry has one.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NeedMeasure {
    pub service: String,
    pub indicator: Option<String>,
}

/// Every indicator in catalogue order, and the need mapping.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndicatorCatalogue {
    pub indicators: Vec<Indicator>,
    #[serde(default)]
    pub needs: Vec<NeedMeasure>,
}

/// The codes of the two denominators of rates.
pub const POPULATION: &str = "population";
pub const HOUSEHOLDS: &str = "households";

impl IndicatorCatalogue {
    /// The catalogue compiled into the binary.
    pub fn builtin() -> &'static Self {
        static CATALOGUE: OnceLock<IndicatorCatalogue> = OnceLock::new();
        CATALOGUE.get_or_init(|| {
            Self::parse(include_str!("../../data/indicators.toml"))
                .expect("the built-in indicator catalogue is checked by tests")
        })
    }

    /// Reads and checks a catalogue, with every error naming its entry and field.
    pub fn parse(text: &str) -> Result<Self, FieldErrors> {
        let catalogue: IndicatorCatalogue = toml::from_str(text).map_err(|e| {
            FieldErrors(vec![FieldError::new(
                "indicators",
                "invalid-catalogue",
                e.message().to_owned(),
            )])
        })?;
        let errors = catalogue.check(ServiceCatalogue::builtin());
        if errors.is_empty() {
            Ok(catalogue)
        } else {
            Err(errors)
        }
    }

    fn check(&self, services: &ServiceCatalogue) -> FieldErrors {
        let mut errors = FieldErrors::default();
        let mut seen = BTreeSet::new();
        for (i, ind) in self.indicators.iter().enumerate() {
            let at = format!("indicators[{i}]");
            let err = |field: &str, code: &'static str, msg: String| {
                FieldError::new(
                    format!("{at}.{field}"),
                    code,
                    format!("{}: {msg}", ind.code),
                )
            };
            if ind.code.is_empty()
                || !ind
                    .code
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
            {
                errors.push(err(
                    "code",
                    "invalid-code",
                    "codes are lower-case ASCII, digits and _".into(),
                ));
            }
            if !seen.insert(ind.code.as_str()) {
                errors.push(err(
                    "code",
                    "duplicate-code",
                    "the code is used twice".into(),
                ));
            }
            for (field, text) in [
                ("label_ar", &ind.label_ar),
                ("label_en", &ind.label_en),
                ("description_ar", &ind.description_ar),
                ("description_en", &ind.description_en),
            ] {
                if text.trim().is_empty() {
                    errors.push(FieldError::required(format!("{at}.{field}")));
                }
            }
            let f = &ind.filter;
            match ind.unit {
                Unit::Household if f.person_only() => errors.push(err(
                    "filter",
                    "person-filter-on-household",
                    "age, sex and disability apply to persons only".into(),
                )),
                Unit::Grievance if !f.is_empty() => errors.push(err(
                    "filter",
                    "filter-on-grievance",
                    "a grievance indicator takes no filter".into(),
                )),
                _ => {}
            }
            if f.wg_at_least.is_some() && f.wg_exactly.is_some() {
                errors.push(err(
                    "filter",
                    "conflicting-filter",
                    "give wg_at_least or wg_exactly, not both".into(),
                ));
            }
            if let (Some(min), Some(below)) = (f.age_min, f.age_below)
                && min >= below
            {
                errors.push(err(
                    "filter.age_below",
                    "empty-age-range",
                    format!("no age is at least {min} and below {below}"),
                ));
            }
            if f.latest_run_outcome.as_ref().is_some_and(Vec::is_empty) {
                errors.push(err(
                    "filter.latest_run_outcome",
                    "required",
                    "name at least one outcome".into(),
                ));
            }
        }
        for (i, ind) in self.indicators.iter().enumerate() {
            for part in &ind.breakdown {
                let field = format!("indicators[{i}].breakdown");
                match self.get(part) {
                    None => errors.push(FieldError::new(
                        field,
                        "unknown-indicator",
                        format!("{}: no indicator '{part}'", ind.code),
                    )),
                    Some(p)
                        if p.unit != ind.unit
                            || !p.filter.refines(&ind.filter)
                            || p.code == ind.code =>
                    {
                        errors.push(FieldError::new(
                            field,
                            "not-a-part",
                            format!(
                                "{}: '{part}' must count the same unit and refine the filter",
                                ind.code
                            ),
                        ))
                    }
                    Some(_) => {}
                }
            }
        }
        let mut listed = BTreeSet::new();
        for (i, need) in self.needs.iter().enumerate() {
            let at = format!("needs[{i}]");
            if services.get(&need.service).is_none() {
                errors.push(FieldError::new(
                    format!("{at}.service"),
                    "unknown-service",
                    format!("'{}' is not in the service catalogue", need.service),
                ));
            }
            if !listed.insert(need.service.as_str()) {
                errors.push(FieldError::new(
                    format!("{at}.service"),
                    "duplicate-code",
                    format!("'{}' is listed twice", need.service),
                ));
            }
            if let Some(code) = &need.indicator {
                match self.get(code) {
                    None => errors.push(FieldError::new(
                        format!("{at}.indicator"),
                        "unknown-indicator",
                        format!("no indicator '{code}'"),
                    )),
                    Some(ind) if ind.unit != Unit::Person => errors.push(FieldError::new(
                        format!("{at}.indicator"),
                        "need-not-persons",
                        format!("'{code}' must count persons, as capacity does"),
                    )),
                    Some(_) => {}
                }
            }
        }
        errors
    }

    pub fn get(&self, code: &str) -> Option<&Indicator> {
        self.indicators.iter().find(|i| i.code == code)
    }

    /// The indicator whose parts `code` is, if any.
    pub fn parent_of(&self, code: &str) -> Option<&Indicator> {
        self.indicators
            .iter()
            .find(|i| i.breakdown.iter().any(|p| p == code))
    }

    /// The indicator measuring a service's need; `None` when the registry has none.
    pub fn need_for(&self, service: &str) -> Option<&Indicator> {
        self.needs
            .iter()
            .find(|n| n.service == service)
            .and_then(|n| n.indicator.as_deref())
            .and_then(|c| self.get(c))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_catalogue_parses_with_the_issues_indicators() {
        let c = IndicatorCatalogue::builtin();
        for code in [
            "population",
            "households",
            "poor_households",
            "disability",
            "disability_a_lot",
            "disability_cannot",
            "elderly_65",
            "elderly_65_alone",
            "elderly_65_not_alone",
            "female_headed",
            "children_under_5",
            "waiting_list",
            "open_grievances",
        ] {
            assert!(c.get(code).is_some(), "{code}");
        }
        assert_eq!(c.parent_of("elderly_65_alone").unwrap().code, "elderly_65");
        assert_eq!(c.parent_of("disability_cannot").unwrap().code, "disability");
    }

    #[test]
    fn every_service_has_one_need_entry_and_some_say_the_registry_has_no_measure() {
        let c = IndicatorCatalogue::builtin();
        for s in &ServiceCatalogue::builtin().services {
            assert_eq!(
                c.needs.iter().filter(|n| n.service == s.code).count(),
                1,
                "{}",
                s.code
            );
        }
        assert_eq!(c.need_for("elderly_care").unwrap().code, "elderly_65_alone");
        assert!(c.need_for("legal_aid").is_none());
    }

    fn one(extra: &str) -> String {
        format!(
            "[[indicators]]\ncode = \"x\"\nunit = \"household\"\nlabel_ar = \"س\"\nlabel_en = \"X\"\n\
             description_ar = \"س\"\ndescription_en = \"X\"\n{extra}"
        )
    }

    #[test]
    fn a_person_condition_on_a_household_indicator_is_refused_naming_the_entry() {
        let errs =
            IndicatorCatalogue::parse(&one("[indicators.filter]\nage_min = 65\n")).unwrap_err();
        assert_eq!(errs.0[0].field, "indicators[0].filter");
        assert_eq!(errs.0[0].code, "person-filter-on-household");
    }

    #[test]
    fn an_unknown_condition_or_level_is_refused() {
        let errs =
            IndicatorCatalogue::parse(&one("[indicators.filter]\nincome_below = 3\n")).unwrap_err();
        assert_eq!(errs.0[0].code, "invalid-catalogue");
        assert!(
            errs.0[0].message.contains("income_below"),
            "{}",
            errs.0[0].message
        );
        let errs =
            IndicatorCatalogue::parse(&one("[indicators.filter]\nhead_sex = \"X\"\n")).unwrap_err();
        assert_eq!(errs.0[0].code, "invalid-catalogue");
    }

    #[test]
    fn a_breakdown_part_must_refine_its_parent() {
        let text = format!(
            "{}breakdown = [\"y\"]\n[indicators.filter]\nhead_sex = \"F\"\n\n{}",
            one(""),
            one("[indicators.filter]\nhead_sex = \"M\"\n").replace("code = \"x\"", "code = \"y\"")
        );
        let errs = IndicatorCatalogue::parse(&text).unwrap_err();
        assert_eq!(errs.0[0].code, "not-a-part");
        assert_eq!(errs.0[0].field, "indicators[0].breakdown");
    }

    #[test]
    fn a_need_must_name_a_known_service_and_a_person_indicator() {
        let text = format!(
            "{}\n[[needs]]\nservice = \"spa\"\n\n[[needs]]\nservice = \"cash\"\nindicator = \"x\"\n",
            one("")
        );
        let errs = IndicatorCatalogue::parse(&text).unwrap_err();
        let codes: Vec<_> = errs.0.iter().map(|e| (e.field.as_str(), e.code)).collect();
        assert_eq!(
            codes,
            [
                ("needs[0].service", "unknown-service"),
                ("needs[1].indicator", "need-not-persons")
            ]
        );
    }
}
