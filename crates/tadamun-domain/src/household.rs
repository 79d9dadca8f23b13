//! Households: the unit of the registry, with a head, members, an address and contacts.
//! `RawHousehold` is what a form or a file row gives; `parse` turns it into a
//! `HouseholdDraft` or into every field error at once.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};

use crate::{
    FieldError, FieldErrors,
    area::GovernorateCode,
    country_pack::CountryPack,
    identity::{Document, DocumentType},
    ids::HouseholdId,
    money::{Currency, Money},
    person::{
        BirthDate, Difficulty, Education, MaritalStatus, Person, PersonDraft, PersonName,
        Relationship, Sex, WashingtonGroup, WorkStatus,
    },
    phone::Phone,
    socio::{Assets, DwellingType, IncomeSource, SocioEconomic, Tenure},
};

text_enum!(
    HouseholdStatus, "status" { Active => "active", Dissolved => "dissolved" }
);

/// A household ready to store.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct HouseholdDraft {
    pub governorate: GovernorateCode,
    pub district: Option<String>,
    pub address: String,
    pub phone: Option<Phone>,
    pub alt_phone: Option<Phone>,
    pub socio: SocioEconomic,
    /// Country-specific fields from the pack's field catalogue, already validated.
    #[schema(value_type = Object)]
    pub extra: BTreeMap<String, serde_json::Value>,
    /// Members; exactly one has the relationship `head`.
    pub members: Vec<PersonDraft>,
}

impl HouseholdDraft {
    pub fn head(&self) -> &PersonDraft {
        self.members
            .iter()
            .find(|m| m.relationship == Relationship::Head)
            .unwrap_or(&self.members[0])
    }
}

/// A stored household with its members.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Household {
    pub id: HouseholdId,
    pub status: HouseholdStatus,
    pub governorate: GovernorateCode,
    pub district: Option<String>,
    pub address: String,
    pub phone: Option<Phone>,
    pub alt_phone: Option<Phone>,
    pub socio: SocioEconomic,
    #[schema(value_type = Object)]
    pub extra: BTreeMap<String, serde_json::Value>,
    pub members: Vec<Person>,
    /// Need-to-know: only the users and roles granted on it may read it.
    pub restricted: bool,
    /// Optimistic-lock counter: an edit names the version it started from.
    pub version: i64,
    #[schema(value_type = String, format = DateTime)]
    pub created_at: OffsetDateTime,
    #[schema(value_type = String, format = DateTime)]
    pub updated_at: OffsetDateTime,
}

impl Household {
    pub fn head(&self) -> Option<&Person> {
        self.members
            .iter()
            .find(|m| m.draft.relationship == Relationship::Head && m.date_of_death.is_none())
    }

    /// Living members, head first.
    pub fn living_members(&self) -> impl Iterator<Item = &Person> {
        self.members.iter().filter(|m| m.date_of_death.is_none())
    }

    /// The household as a draft of its living members: what an edit form or an export
    /// starts from.
    pub fn to_draft(&self) -> HouseholdDraft {
        HouseholdDraft {
            governorate: self.governorate.clone(),
            district: self.district.clone(),
            address: self.address.clone(),
            phone: self.phone.clone(),
            alt_phone: self.alt_phone.clone(),
            socio: self.socio.clone(),
            extra: self.extra.clone(),
            members: self.living_members().map(|m| m.draft.clone()).collect(),
        }
    }
}

/// A person as typed into a form or a file row: every field is text.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct RawPerson {
    pub given_name: String,
    pub father_name: String,
    pub grandfather_name: String,
    pub family_name: String,
    pub latin_name: String,
    pub sex: String,
    pub birth_date: String,
    /// "1"/"true"/"yes" when only the year is known.
    pub birth_date_approx: String,
    pub relationship: String,
    pub marital_status: String,
    pub education: String,
    pub work_status: String,
    pub wg_seeing: String,
    pub wg_hearing: String,
    pub wg_walking: String,
    pub wg_cognition: String,
    pub wg_self_care: String,
    pub wg_communication: String,
    pub id_type: String,
    pub id_number: String,
}

/// A household as typed into a form or assembled from file rows.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct RawHousehold {
    pub governorate: String,
    pub district: String,
    pub address: String,
    pub phone: String,
    pub alt_phone: String,
    pub dwelling_type: String,
    pub tenure: String,
    pub rooms: String,
    pub monthly_income: String,
    pub main_income_source: String,
    /// Asset names owned, e.g. `["fridge", "car"]`.
    pub assets: Vec<String>,
    pub extra: BTreeMap<String, String>,
    pub members: Vec<RawPerson>,
}

fn optional<T>(
    raw: &str,
    parse: impl FnOnce(&str) -> Result<T, FieldError>,
) -> Result<Option<T>, FieldError> {
    if raw.trim().is_empty() {
        Ok(None)
    } else {
        parse(raw).map(Some)
    }
}

pub fn parse_flag(raw: &str) -> bool {
    matches!(
        raw.trim().to_lowercase().as_str(),
        "1" | "true" | "yes" | "y" | "on" | "نعم"
    )
}

impl RawPerson {
    pub fn parse(&self, pack: &CountryPack, today: Date) -> Result<PersonDraft, FieldErrors> {
        let mut errors = FieldErrors::default();
        let name = match PersonName::parse(
            &self.given_name,
            &self.father_name,
            &self.grandfather_name,
            &self.family_name,
        ) {
            Ok(n) => Some(n),
            Err(e) => {
                errors.0.extend(e.0);
                None
            }
        };
        let latin = self
            .latin_name
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        if latin.chars().count() > 120 {
            errors.push(FieldError::new(
                "latin_name",
                "too-long",
                "at most 120 characters",
            ));
        }
        let sex = errors.take(if self.sex.trim().is_empty() {
            Err(FieldError::required("sex"))
        } else {
            Sex::parse(&self.sex)
        });
        let birth_date = errors.take(if self.birth_date.trim().is_empty() {
            Err(FieldError::required("birth_date"))
        } else {
            BirthDate::parse(&self.birth_date, parse_flag(&self.birth_date_approx), today)
        });
        let relationship = errors.take(if self.relationship.trim().is_empty() {
            Err(FieldError::required("relationship"))
        } else {
            Relationship::parse(&self.relationship)
        });
        let marital_status = errors
            .take(optional(&self.marital_status, MaritalStatus::parse))
            .flatten();
        let education = errors
            .take(optional(&self.education, Education::parse))
            .flatten();
        let work_status = errors
            .take(optional(&self.work_status, WorkStatus::parse))
            .flatten();
        let wg_raw = [
            &self.wg_seeing,
            &self.wg_hearing,
            &self.wg_walking,
            &self.wg_cognition,
            &self.wg_self_care,
            &self.wg_communication,
        ];
        let mut wg = [None; 6];
        for (i, raw) in wg_raw.iter().enumerate() {
            let field = format!("wg_{}", WashingtonGroup::DOMAINS[i]);
            wg[i] = errors
                .take(optional(raw, Difficulty::parse).map_err(|e| FieldError { field, ..e }))
                .flatten();
        }
        let mut documents = Vec::new();
        match (
            self.id_type.trim().is_empty(),
            self.id_number.trim().is_empty(),
        ) {
            (_, true) => {}
            (true, false) => {
                if let Some(d) = errors.take(Document::parse(
                    DocumentType::national_for(pack.country),
                    &self.id_number,
                )) {
                    documents.push(d);
                }
            }
            (false, false) => {
                if let Some(t) = errors.take(DocumentType::parse(&self.id_type))
                    && let Some(d) = errors.take(Document::parse(t, &self.id_number))
                {
                    documents.push(d);
                }
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let (Some(name), Some(sex), Some(birth_date), Some(relationship)) =
            (name, sex, birth_date, relationship)
        else {
            return Err(errors);
        };
        Ok(PersonDraft {
            name,
            latin_name: (!latin.is_empty()).then_some(latin),
            sex,
            birth_date,
            relationship,
            marital_status,
            education,
            work_status,
            disability: WashingtonGroup::from_answers(wg),
            documents,
        })
    }
}

impl RawHousehold {
    /// Parses and checks the whole household against the country pack. All errors are
    /// returned together, members' fields prefixed `members[i].`.
    pub fn parse(&self, pack: &CountryPack, today: Date) -> Result<HouseholdDraft, FieldErrors> {
        let mut errors = FieldErrors::default();
        let currency = Currency::of(pack.country);
        let governorate = if self.governorate.trim().is_empty() {
            errors.push(FieldError::required("governorate"));
            None
        } else {
            errors.take(pack.governorate(&self.governorate))
        };
        let district = self.district.trim();
        if !district.is_empty()
            && governorate
                .as_ref()
                .is_some_and(|g| !pack.has_district(g, district))
        {
            errors.push(FieldError::new(
                "district",
                "unknown-district",
                format!("'{district}' is not a district of this governorate"),
            ));
        }
        let address = self
            .address
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        if address.is_empty() {
            errors.push(FieldError::required("address"));
        } else if address.chars().count() > 300 {
            errors.push(FieldError::new(
                "address",
                "too-long",
                "at most 300 characters",
            ));
        }
        let phone = errors
            .take(optional(&self.phone, |s| Phone::parse(pack.country, s)))
            .flatten();
        let alt_phone = errors
            .take(
                optional(&self.alt_phone, |s| Phone::parse(pack.country, s)).map_err(|e| {
                    FieldError {
                        field: "alt_phone".into(),
                        ..e
                    }
                }),
            )
            .flatten();
        let socio = SocioEconomic {
            dwelling_type: errors
                .take(optional(&self.dwelling_type, DwellingType::parse))
                .flatten(),
            tenure: errors.take(optional(&self.tenure, Tenure::parse)).flatten(),
            rooms: errors
                .take(optional(&self.rooms, |s| match s.trim().parse::<i32>() {
                    Ok(n) if (0..=50).contains(&n) => Ok(n),
                    _ => Err(FieldError::new(
                        "rooms",
                        "invalid-number",
                        format!("'{s}' is not a number of rooms between 0 and 50"),
                    )),
                }))
                .flatten(),
            monthly_income: errors
                .take(optional(&self.monthly_income, |s| {
                    Money::parse(currency, s, "monthly_income")
                }))
                .flatten(),
            main_income_source: errors
                .take(optional(&self.main_income_source, IncomeSource::parse))
                .flatten(),
            assets: {
                let mut flags = [false; 6];
                for a in &self.assets {
                    match Assets::NAMES.iter().position(|n| n == &a.trim()) {
                        Some(i) => flags[i] = true,
                        None if a.trim().is_empty() => {}
                        None => errors.push(FieldError::new(
                            "assets",
                            "unknown-choice",
                            format!("'{a}' is not an asset: {}", Assets::NAMES.join(", ")),
                        )),
                    }
                }
                Assets::from_flags(flags)
            },
        };
        let extra = match pack.validate_extra_fields(&self.extra) {
            Ok(v) => v,
            Err(e) => {
                errors.0.extend(e.0);
                BTreeMap::new()
            }
        };
        let mut members = Vec::new();
        if self.members.is_empty() {
            errors.push(FieldError::new(
                "members",
                "no-members",
                "a household needs at least its head",
            ));
        }
        for (i, m) in self.members.iter().enumerate() {
            match m.parse(pack, today) {
                Ok(p) => members.push(p),
                Err(e) => errors.extend_within(e, &format!("members[{i}]")),
            }
        }
        if errors.is_empty() {
            check_members(&members, &mut errors);
        }
        let Some(governorate) = governorate else {
            return Err(errors);
        };
        errors.into_result(|| HouseholdDraft {
            governorate,
            district: (!district.is_empty()).then(|| district.to_owned()),
            address,
            phone,
            alt_phone,
            socio,
            extra,
            members,
        })
    }
}

/// Rules across members: one head, adult head, no document twice.
fn check_members(members: &[PersonDraft], errors: &mut FieldErrors) {
    let heads = members
        .iter()
        .filter(|m| m.relationship == Relationship::Head)
        .count();
    if heads != 1 {
        errors.push(FieldError::new(
            "members",
            "one-head",
            format!("a household has exactly one head, this one has {heads}"),
        ));
    }
    let mut seen = std::collections::HashSet::new();
    for (i, m) in members.iter().enumerate() {
        for d in &m.documents {
            if !seen.insert((d.doc_type, d.number.clone())) {
                errors.push(FieldError::new(
                    format!("members[{i}].id_number"),
                    "duplicate-document",
                    format!("document {} appears twice in this household", d.number),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::country::Country;
    use time::macros::date;

    fn head() -> RawPerson {
        RawPerson {
            given_name: "محمد".into(),
            father_name: "أحمد".into(),
            grandfather_name: "علي".into(),
            family_name: "الزعبي".into(),
            sex: "M".into(),
            birth_date: "1980-03-15".into(),
            relationship: "head".into(),
            id_number: "9801012345".into(),
            ..Default::default()
        }
    }

    fn household() -> RawHousehold {
        RawHousehold {
            governorate: "JO-IR".into(),
            address: "الحي الشرقي".into(),
            phone: "0791234567".into(),
            members: vec![head()],
            ..Default::default()
        }
    }

    #[test]
    fn a_valid_household_parses() {
        let pack = CountryPack::builtin(Country::Jordan);
        let h = household().parse(&pack, date!(2026 - 11 - 23)).unwrap();
        assert_eq!(h.governorate.as_str(), "JO-IR");
        assert_eq!(
            h.head().documents[0].doc_type,
            DocumentType::JordanNationalNumber
        );
    }

    #[test]
    fn every_error_names_its_field() {
        let pack = CountryPack::builtin(Country::Jordan);
        let mut raw = household();
        raw.governorate = "JO-XX".into();
        raw.phone = "123".into();
        raw.members[0].birth_date = "yesterday".into();
        raw.members[0].id_number = "12".into();
        let errors = raw.parse(&pack, date!(2026 - 11 - 23)).unwrap_err();
        let fields: Vec<&str> = errors.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "governorate",
                "phone",
                "members[0].birth_date",
                "members[0].id_number"
            ]
        );
    }

    #[test]
    fn a_household_needs_exactly_one_head() {
        let pack = CountryPack::builtin(Country::Jordan);
        let mut raw = household();
        let mut second = head();
        second.id_number = "9801012346".into();
        raw.members.push(second);
        let errors = raw.parse(&pack, date!(2026 - 11 - 23)).unwrap_err();
        assert_eq!(errors.0[0].code, "one-head");
    }
}
