//! The service catalogue shipped as data (`data/service-catalogue.toml`): each service
//! type has a stable code and Arabic and English labels. Offers name a code from it.

use std::sync::OnceLock;

use serde::Deserialize;

use crate::FieldError;

/// One kind of service a partner may offer.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct ServiceType {
    pub code: String,
    pub label_ar: String,
    pub label_en: String,
}

impl ServiceType {
    pub fn label(&self, arabic: bool) -> &str {
        if arabic {
            &self.label_ar
        } else {
            &self.label_en
        }
    }
}

/// Every service type, in catalogue order.
#[derive(Debug, Clone, Deserialize)]
pub struct ServiceCatalogue {
    pub services: Vec<ServiceType>,
}

impl ServiceCatalogue {
    /// The catalogue compiled into the binary.
    pub fn builtin() -> &'static Self {
        static CATALOGUE: OnceLock<ServiceCatalogue> = OnceLock::new();
        CATALOGUE.get_or_init(|| {
            toml::from_str(include_str!("../../data/service-catalogue.toml"))
                .expect("the built-in service catalogue is checked by tests")
        })
    }

    pub fn get(&self, code: &str) -> Option<&ServiceType> {
        self.services.iter().find(|s| s.code == code)
    }

    /// Parses a code typed or posted, naming the field `service` when unknown.
    pub fn parse(&self, raw: &str) -> Result<&ServiceType, FieldError> {
        let code = raw.trim();
        if code.is_empty() {
            return Err(FieldError::required("service"));
        }
        self.get(code).ok_or_else(|| {
            FieldError::new(
                "service",
                "unknown-service",
                format!("'{code}' is not in the service catalogue"),
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn the_catalogue_has_the_issues_services_with_unique_codes_and_both_labels() {
        let c = ServiceCatalogue::builtin();
        let codes: BTreeSet<_> = c.services.iter().map(|s| s.code.as_str()).collect();
        assert_eq!(codes.len(), c.services.len(), "codes are unique");
        for code in [
            "cash",
            "food",
            "housing_repair",
            "disability_rehabilitation",
            "assistive_devices",
            "elderly_care",
            "childcare",
            "legal_aid",
            "psychosocial_support",
            "shelter",
            "vocational_training",
            "womens_economic_empowerment",
        ] {
            assert!(codes.contains(code), "{code}");
        }
        for s in &c.services {
            assert!(
                !s.label_ar.is_empty() && !s.label_en.is_empty(),
                "{}",
                s.code
            );
            assert!(
                s.code.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'),
                "{}",
                s.code
            );
        }
    }

    #[test]
    fn an_unknown_or_missing_code_names_the_service_field() {
        let c = ServiceCatalogue::builtin();
        assert_eq!(c.parse(" food ").unwrap().label_en, "Food assistance");
        assert_eq!(c.parse("spa").unwrap_err().code, "unknown-service");
        assert_eq!(c.parse("").unwrap_err().field, "service");
    }
}
