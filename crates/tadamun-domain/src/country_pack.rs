//! Country packs: a country's areas, ID documents, field catalogue and example
//! programmes, as data. The same binary serves Jordan, Palestine and the next state;
//! packs are embedded at compile time so the domain still performs no IO.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::{
    FieldError, FieldErrors,
    area::{Area, AreaLevel, GovernorateCode},
    country::Country,
    identity::DocumentType,
};

#[derive(Debug, Clone, Deserialize)]
pub struct CountryPack {
    #[serde(deserialize_with = "de_country")]
    pub country: Country,
    pub name_ar: String,
    pub name_en: String,
    pub document_types: Vec<DocumentType>,
    pub governorates: Vec<PackGovernorate>,
    #[serde(default)]
    pub fields: Vec<FieldDef>,
    #[serde(default)]
    pub programmes: Vec<ExampleProgramme>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct PackGovernorate {
    pub code: String,
    pub name_ar: String,
    pub name_en: String,
    pub population: i64,
    pub population_year: i32,
    /// Where the population figure comes from.
    pub source: String,
    #[serde(default)]
    pub districts: Vec<PackDistrict>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct PackDistrict {
    pub code: String,
    pub name_ar: String,
    pub name_en: String,
}

/// One country-specific household field from the catalogue.
#[derive(Debug, Clone, Deserialize)]
pub struct FieldDef {
    pub key: String,
    pub label_ar: String,
    pub label_en: String,
    #[serde(flatten)]
    pub kind: FieldKind,
    #[serde(default)]
    pub required: bool,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FieldKind {
    Text { max_len: usize },
    Integer { min: i64, max: i64 },
    Boolean,
    Choice { options: Vec<String> },
}

/// An example programme shipped with the pack: the keys the registry shows. The full
/// definition in the same table (rules, PMT, budget) is read by tadamun-targeting.
#[derive(Debug, Clone, Deserialize)]
pub struct ExampleProgramme {
    pub key: String,
    pub name_ar: String,
    pub name_en: String,
    /// `threshold` or `budget_ranked`.
    pub selection: String,
    /// The real formulas are not public; illustrative examples say so in the UI.
    pub illustrative: bool,
}

fn de_country<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Country, D::Error> {
    let s = String::deserialize(d)?;
    Country::parse(&s).map_err(serde::de::Error::custom)
}

impl CountryPack {
    /// The pack compiled into the binary for a country.
    pub fn builtin(country: Country) -> Self {
        Self::from_toml(Self::builtin_toml(country))
            .expect("built-in country packs are checked by tests")
    }

    /// The TOML text of a built-in pack, for crates that read sections of their own
    /// from it (tadamun-targeting reads the full programme definitions).
    pub fn builtin_toml(country: Country) -> &'static str {
        match country {
            Country::Jordan => include_str!("../packs/jo.toml"),
            Country::Palestine => include_str!("../packs/ps.toml"),
        }
    }

    /// Parses a pack from TOML text (a deployment may supply its own file).
    pub fn from_toml(text: &str) -> Result<Self, String> {
        let pack: Self = toml::from_str(text).map_err(|e| e.to_string())?;
        for g in &pack.governorates {
            let code = GovernorateCode::parse(&g.code).map_err(|e| e.to_string())?;
            if !code.belongs_to(pack.country) {
                return Err(format!(
                    "governorate {} does not belong to {}",
                    g.code, pack.country
                ));
            }
        }
        Ok(pack)
    }

    /// Parses a governorate code and checks it is one of this country's.
    pub fn governorate(&self, raw: &str) -> Result<GovernorateCode, FieldError> {
        let code = GovernorateCode::parse(raw)?;
        if self.governorates.iter().any(|g| g.code == code.as_str()) {
            Ok(code)
        } else {
            Err(FieldError::new(
                "governorate",
                "unknown-governorate",
                format!("{code} is not a governorate of {}", self.name_en),
            ))
        }
    }

    pub fn has_district(&self, governorate: &GovernorateCode, district: &str) -> bool {
        self.governorates
            .iter()
            .find(|g| g.code == governorate.as_str())
            .is_some_and(|g| g.districts.iter().any(|d| d.code == district))
    }

    /// Every area of the pack, governorates first, as rows for the areas table.
    pub fn areas(&self) -> Vec<Area> {
        let mut areas = Vec::new();
        for g in &self.governorates {
            areas.push(Area {
                code: g.code.clone(),
                country: self.country.code().to_owned(),
                level: AreaLevel::Governorate,
                parent_code: None,
                name_ar: g.name_ar.clone(),
                name_en: g.name_en.clone(),
                population: Some(g.population),
                population_year: Some(g.population_year),
            });
        }
        for g in &self.governorates {
            for d in &g.districts {
                areas.push(Area {
                    code: d.code.clone(),
                    country: self.country.code().to_owned(),
                    level: AreaLevel::District,
                    parent_code: Some(g.code.clone()),
                    name_ar: d.name_ar.clone(),
                    name_en: d.name_en.clone(),
                    population: None,
                    population_year: None,
                });
            }
        }
        areas
    }

    /// Checks the catalogue fields of a household; unknown keys are errors so a typo
    /// in an import header cannot silently drop data.
    pub fn validate_extra_fields(
        &self,
        raw: &BTreeMap<String, String>,
    ) -> Result<BTreeMap<String, serde_json::Value>, FieldErrors> {
        let mut errors = FieldErrors::default();
        let mut out = BTreeMap::new();
        for (key, value) in raw {
            if !self.fields.iter().any(|f| &f.key == key) {
                errors.push(FieldError::new(
                    key.clone(),
                    "unknown-field",
                    format!("'{key}' is not a field of the {} catalogue", self.name_en),
                ));
            }
            let _ = value;
        }
        for def in &self.fields {
            let value = raw.get(&def.key).map(|v| v.trim()).unwrap_or("");
            if value.is_empty() {
                if def.required {
                    errors.push(FieldError::required(def.key.clone()));
                }
                continue;
            }
            let parsed = match &def.kind {
                FieldKind::Text { max_len } if value.chars().count() <= *max_len => {
                    Ok(serde_json::Value::from(value))
                }
                FieldKind::Text { max_len } => Err(FieldError::new(
                    def.key.clone(),
                    "too-long",
                    format!("at most {max_len} characters"),
                )),
                FieldKind::Integer { min, max } => match value.parse::<i64>() {
                    Ok(n) if (*min..=*max).contains(&n) => Ok(serde_json::Value::from(n)),
                    _ => Err(FieldError::new(
                        def.key.clone(),
                        "invalid-number",
                        format!("'{value}' is not a whole number from {min} to {max}"),
                    )),
                },
                FieldKind::Boolean => {
                    Ok(serde_json::Value::from(crate::household::parse_flag(value)))
                }
                FieldKind::Choice { options } if options.iter().any(|o| o == value) => {
                    Ok(serde_json::Value::from(value))
                }
                FieldKind::Choice { options } => Err(FieldError::new(
                    def.key.clone(),
                    "unknown-choice",
                    format!("'{value}' is not one of: {}", options.join(", ")),
                )),
            };
            if let Some(v) = errors.take(parsed) {
                out.insert(def.key.clone(), v);
            }
        }
        errors.into_result(|| out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_packs_have_every_governorate() {
        let jo = CountryPack::builtin(Country::Jordan);
        let ps = CountryPack::builtin(Country::Palestine);
        assert_eq!(jo.governorates.len(), 12);
        assert_eq!(ps.governorates.len(), 16);
        assert!(
            jo.governorates
                .iter()
                .all(|g| g.population > 0 && !g.name_ar.is_empty())
        );
        assert!(jo.programmes.iter().all(|p| p.illustrative));
    }

    #[test]
    fn a_governorate_of_another_country_is_refused() {
        let jo = CountryPack::builtin(Country::Jordan);
        assert!(jo.governorate("jo-ir").is_ok());
        assert_eq!(
            jo.governorate("PS-NBS").unwrap_err().code,
            "unknown-governorate"
        );
    }

    #[test]
    fn catalogue_fields_are_typed() {
        let jo = CountryPack::builtin(Country::Jordan);
        let mut raw = BTreeMap::new();
        raw.insert("orphans_in_care".to_owned(), "3".to_owned());
        raw.insert("nationality".to_owned(), "syrian".to_owned());
        let ok = jo.validate_extra_fields(&raw).unwrap();
        assert_eq!(ok["orphans_in_care"], serde_json::json!(3));
        raw.insert("orphans_in_care".to_owned(), "many".to_owned());
        raw.insert("colour".to_owned(), "red".to_owned());
        let errors = jo.validate_extra_fields(&raw).unwrap_err();
        let fields: Vec<&str> = errors.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["colour", "orphans_in_care"]);
    }
}
