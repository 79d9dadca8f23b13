//! A service an organisation offers: a catalogue code, the governorate it is offered
//! in (one the organisation serves), its capacity in people per year and eligibility
//! notes. The service map adds offers up into `SupplyCell`s.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::{catalogue::ServiceCatalogue, organisation::Organisation};
use crate::{
    FieldError, FieldErrors,
    area::GovernorateCode,
    country_pack::CountryPack,
    ids::{OrganisationId, ServiceOfferId},
};

/// The largest capacity accepted: above any governorate's population.
pub const MAX_CAPACITY: i64 = 10_000_000;
const MAX_NOTES: usize = 2_000;

/// An offer as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct RawServiceOffer {
    pub service: String,
    pub governorate: String,
    /// People per year, a positive whole number.
    pub capacity: String,
    pub eligibility_notes: String,
}

/// A checked offer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ServiceOfferDraft {
    pub service: String,
    pub governorate: GovernorateCode,
    pub capacity: i64,
    pub eligibility_notes: String,
}

/// A stored offer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ServiceOffer {
    pub id: ServiceOfferId,
    pub organisation_id: OrganisationId,
    #[serde(flatten)]
    pub draft: ServiceOfferDraft,
    #[schema(value_type = String, format = DateTime)]
    pub created_at: OffsetDateTime,
    #[schema(value_type = String, format = DateTime)]
    pub updated_at: OffsetDateTime,
}

/// Supply of one service type in one governorate: how many organisations offer it
/// and their total capacity (people per year).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct SupplyCell {
    pub governorate: GovernorateCode,
    pub service: String,
    pub organisations: i64,
    pub capacity: i64,
}

/// A whole number typed with Western or Arabic-Indic digits and optional separators.
fn parse_capacity(raw: &str) -> Result<i64, FieldError> {
    let field = "capacity";
    let digits: String = raw
        .trim()
        .chars()
        .filter(|c| !matches!(c, ',' | '٬' | ' '))
        .map(|c| crate::phone::to_ascii_digit(c).unwrap_or(c))
        .collect();
    if digits.is_empty() {
        return Err(FieldError::required(field));
    }
    let n: i64 = digits.parse().map_err(|_| {
        FieldError::new(
            field,
            "invalid-number",
            format!("'{raw}' is not a whole number"),
        )
    })?;
    if n <= 0 {
        return Err(FieldError::new(
            field,
            "capacity-not-positive",
            "the capacity must be at least 1",
        ));
    }
    if n > MAX_CAPACITY {
        return Err(FieldError::new(
            field,
            "capacity-too-large",
            format!("at most {MAX_CAPACITY}"),
        ));
    }
    Ok(n)
}

impl RawServiceOffer {
    /// Checks the offer for this organisation: a catalogue service, in a governorate of
    /// the country that the organisation serves.
    pub fn parse(
        &self,
        pack: &CountryPack,
        catalogue: &ServiceCatalogue,
        organisation: &Organisation,
    ) -> Result<ServiceOfferDraft, FieldErrors> {
        let mut errors = FieldErrors::default();
        let service = errors
            .take(catalogue.parse(&self.service))
            .map(|s| s.code.clone());
        let governorate = if self.governorate.trim().is_empty() {
            errors.push(FieldError::required("governorate"));
            None
        } else {
            errors.take(pack.governorate(&self.governorate))
        };
        if let Some(g) = &governorate
            && !organisation.serves(g)
        {
            errors.push(FieldError::new(
                "governorate",
                "governorate-not-served",
                "the organisation does not serve this governorate; add it to the organisation first",
            ));
        }
        let capacity = errors.take(parse_capacity(&self.capacity));
        let notes = self.eligibility_notes.trim().to_owned();
        if notes.chars().count() > MAX_NOTES {
            errors.push(FieldError::new(
                "eligibility_notes",
                "too-long",
                format!("at most {MAX_NOTES} characters"),
            ));
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(ServiceOfferDraft {
            service: service.expect("checked"),
            governorate: governorate.expect("checked"),
            capacity: capacity.expect("checked"),
            eligibility_notes: notes,
        })
    }
}

impl ServiceOfferDraft {
    pub fn to_raw(&self) -> RawServiceOffer {
        RawServiceOffer {
            service: self.service.clone(),
            governorate: self.governorate.as_str().to_owned(),
            capacity: self.capacity.to_string(),
            eligibility_notes: self.eligibility_notes.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{
        country::Country,
        partner::{Accreditation, RawContact, RawOrganisation},
    };
    use proptest::prelude::*;

    fn organisation() -> Organisation {
        let pack = CountryPack::builtin(Country::Jordan);
        let draft = RawOrganisation {
            kind: "ngo".into(),
            registration_number: "77".into(),
            name_ar: "مركز النور".into(),
            governorate: "JO-IR".into(),
            governorates_served: vec!["JO-IR".into()],
            contacts: vec![RawContact {
                name: "هالة".into(),
                email: "hala@nour.jo".into(),
                ..Default::default()
            }],
            ..Default::default()
        }
        .parse(&pack)
        .unwrap();
        Organisation {
            id: OrganisationId::new(),
            draft,
            accreditation: Accreditation::PENDING,
            version: 1,
            created_at: OffsetDateTime::UNIX_EPOCH,
            updated_at: OffsetDateTime::UNIX_EPOCH,
        }
    }

    fn offer(service: &str, governorate: &str, capacity: &str) -> RawServiceOffer {
        RawServiceOffer {
            service: service.into(),
            governorate: governorate.into(),
            capacity: capacity.into(),
            eligibility_notes: " أسر فقيرة ".into(),
        }
    }

    #[test]
    fn an_offer_in_a_served_governorate_parses() {
        let pack = CountryPack::builtin(Country::Jordan);
        let d = offer("food", "jo-ir", "١٬٢٠٠")
            .parse(&pack, ServiceCatalogue::builtin(), &organisation())
            .unwrap();
        assert_eq!(
            (d.capacity, d.eligibility_notes.as_str()),
            (1200, "أسر فقيرة")
        );
    }

    #[test]
    fn bad_offers_name_their_fields() {
        let pack = CountryPack::builtin(Country::Jordan);
        let o = organisation();
        let codes = |r: RawServiceOffer| -> Vec<(String, &'static str)> {
            r.parse(&pack, ServiceCatalogue::builtin(), &o)
                .unwrap_err()
                .0
                .into_iter()
                .map(|e| (e.field, e.code))
                .collect()
        };
        assert_eq!(
            codes(offer("spa", "JO-AM", "0")),
            vec![
                ("service".to_owned(), "unknown-service"),
                ("governorate".to_owned(), "governorate-not-served"),
                ("capacity".to_owned(), "capacity-not-positive"),
            ]
        );
        assert_eq!(codes(offer("food", "JO-IR", "2.5"))[0].1, "invalid-number");
        assert_eq!(
            codes(offer("food", "JO-IR", "99999999"))[0].1,
            "capacity-too-large"
        );
        assert_eq!(
            codes(offer("food", "", ""))[0],
            ("governorate".to_owned(), "required")
        );
    }

    proptest! {
        #[test]
        fn any_capacity_in_range_round_trips(n in 1i64..=MAX_CAPACITY) {
            prop_assert_eq!(parse_capacity(&n.to_string()).unwrap(), n);
        }
    }
}
