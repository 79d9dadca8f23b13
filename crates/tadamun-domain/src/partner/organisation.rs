//! An organisation in the partner registry: its kind, registration number (unique per
//! country), names, head-office governorate, the governorates it serves (checked
//! against the country pack) and its contacts. `RawOrganisation` is what a form or
//! API call sends; `parse` gives an `OrganisationDraft` or every field error at once.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::accreditation::Accreditation;
use crate::{
    FieldError, FieldErrors, area::GovernorateCode, country_pack::CountryPack, ids::OrganisationId,
    phone::Phone,
};

text_enum!(
    /// What kind of body a partner is.
    OrganisationKind, "kind" {
        Charity => "charity",
        VolunteerCentre => "volunteer_centre",
        Ngo => "ngo",
        Cooperative => "cooperative",
        PrivateCompany => "private_company",
        Union => "union",
        GovernmentBody => "government_body",
    }
);

/// The longest name, note or contact field kept.
const MAX_TEXT: usize = 200;
/// At most this many contacts per organisation.
pub const MAX_CONTACTS: usize = 10;

/// The number the registering authority gave: letters, digits, `-` and `/`, folded
/// to ASCII digits and upper case so "ج/١٢٣" and "ج/123" meet.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(try_from = "String", into = "String")]
#[schema(value_type = String, example = "IR-1234")]
pub struct RegistrationNumber(String);

impl RegistrationNumber {
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        let field = "registration_number";
        let folded: String = raw
            .trim()
            .chars()
            .map(|c| crate::phone::to_ascii_digit(c).unwrap_or(c))
            .flat_map(char::to_uppercase)
            .collect();
        if folded.is_empty() {
            return Err(FieldError::required(field));
        }
        if folded.chars().count() > 30 {
            return Err(FieldError::new(field, "too-long", "at most 30 characters"));
        }
        let ok = folded
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '/'));
        if ok {
            Ok(Self(folded))
        } else {
            Err(FieldError::new(
                field,
                "invalid-registration-number",
                format!("'{raw}' may hold only letters, digits, '-' and '/'"),
            ))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for RegistrationNumber {
    type Error = FieldError;
    fn try_from(s: String) -> Result<Self, FieldError> {
        Self::parse(&s)
    }
}

impl From<RegistrationNumber> for String {
    fn from(r: RegistrationNumber) -> String {
        r.0
    }
}

/// An e-mail address, checked for shape only (one `@`, a dotted domain, no spaces)
/// and lower-cased.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(try_from = "String", into = "String")]
#[schema(value_type = String, example = "info@example.org")]
pub struct Email(String);

impl Email {
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        let s = raw.trim().to_lowercase();
        let err = || {
            FieldError::new(
                "email",
                "invalid-email",
                format!("'{raw}' is not an e-mail address"),
            )
        };
        let (local, domain) = s.split_once('@').ok_or_else(err)?;
        let ok = !local.is_empty()
            && s.len() <= 254
            && !domain.contains('@')
            && domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !s.chars().any(|c| c.is_whitespace() || c.is_control());
        if ok { Ok(Self(s)) } else { Err(err()) }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Email {
    type Error = FieldError;
    fn try_from(s: String) -> Result<Self, FieldError> {
        Self::parse(&s)
    }
}

impl From<Email> for String {
    fn from(e: Email) -> String {
        e.0
    }
}

/// A person to reach at the organisation: a name and a phone or an e-mail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Contact {
    pub name: String,
    pub phone: Option<Phone>,
    pub email: Option<Email>,
}

/// A contact as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct RawContact {
    pub name: String,
    pub phone: String,
    pub email: String,
}

/// An organisation as a form or the API sends it: every value a string.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct RawOrganisation {
    pub kind: String,
    pub registration_number: String,
    pub name_ar: String,
    pub name_en: String,
    /// The governorate of the head office, where the organisation is registered.
    pub governorate: String,
    pub governorates_served: Vec<String>,
    pub contacts: Vec<RawContact>,
}

/// A checked organisation, ready to store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct OrganisationDraft {
    pub kind: OrganisationKind,
    pub registration_number: RegistrationNumber,
    pub name_ar: String,
    pub name_en: Option<String>,
    pub governorate: GovernorateCode,
    #[schema(value_type = Vec<String>)]
    pub governorates_served: BTreeSet<GovernorateCode>,
    pub contacts: Vec<Contact>,
}

/// A stored organisation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Organisation {
    pub id: OrganisationId,
    #[serde(flatten)]
    pub draft: OrganisationDraft,
    pub accreditation: Accreditation,
    pub version: i64,
    #[schema(value_type = String, format = DateTime)]
    pub created_at: OffsetDateTime,
    #[schema(value_type = String, format = DateTime)]
    pub updated_at: OffsetDateTime,
}

impl Organisation {
    /// The name in the reader's language; the Arabic when there is no English.
    pub fn name(&self, arabic: bool) -> &str {
        match (&self.draft.name_en, arabic) {
            (Some(en), false) => en,
            _ => &self.draft.name_ar,
        }
    }

    pub fn serves(&self, governorate: &GovernorateCode) -> bool {
        self.draft.governorates_served.contains(governorate)
    }
}

fn text(raw: &str, field: &str, required: bool) -> Result<Option<String>, FieldError> {
    let t = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    if t.is_empty() {
        return if required {
            Err(FieldError::required(field))
        } else {
            Ok(None)
        };
    }
    if t.chars().count() > MAX_TEXT {
        return Err(FieldError::new(
            field,
            "too-long",
            format!("at most {MAX_TEXT} characters"),
        ));
    }
    Ok(Some(t))
}

fn has_arabic_letter(s: &str) -> bool {
    s.chars().any(|c| ('\u{0621}'..='\u{064A}').contains(&c))
}

impl RawContact {
    fn is_blank(&self) -> bool {
        self.name.trim().is_empty() && self.phone.trim().is_empty() && self.email.trim().is_empty()
    }

    fn parse(&self, pack: &CountryPack) -> Result<Contact, FieldErrors> {
        let mut errors = FieldErrors::default();
        let name = errors.take(text(&self.name, "name", true)).flatten();
        let phone = match self.phone.trim() {
            "" => None,
            p => errors.take(Phone::parse(pack.country, p)),
        };
        let email = match self.email.trim() {
            "" => None,
            e => errors.take(Email::parse(e)),
        };
        if errors.is_empty() && phone.is_none() && email.is_none() {
            errors.push(FieldError::new(
                "phone",
                "phone-or-email",
                "give a phone number or an e-mail address",
            ));
        }
        errors.into_result(|| Contact {
            name: name.unwrap_or_default(),
            phone,
            email,
        })
    }
}

impl RawOrganisation {
    /// Checks every field against the country pack; blank contact rows are dropped.
    pub fn parse(&self, pack: &CountryPack) -> Result<OrganisationDraft, FieldErrors> {
        let mut errors = FieldErrors::default();
        let kind = if self.kind.trim().is_empty() {
            errors.push(FieldError::required("kind"));
            None
        } else {
            errors.take(OrganisationKind::parse(&self.kind))
        };
        let registration_number = errors.take(RegistrationNumber::parse(&self.registration_number));
        let name_ar = errors.take(text(&self.name_ar, "name_ar", true)).flatten();
        if name_ar.as_deref().is_some_and(|n| !has_arabic_letter(n)) {
            errors.push(FieldError::new(
                "name_ar",
                "arabic-name-required",
                "the Arabic name must be written in Arabic letters",
            ));
        }
        let name_en = errors.take(text(&self.name_en, "name_en", false)).flatten();
        let governorate = if self.governorate.trim().is_empty() {
            errors.push(FieldError::required("governorate"));
            None
        } else {
            errors.take(pack.governorate(&self.governorate))
        };
        let mut served = BTreeSet::new();
        for (i, g) in self.governorates_served.iter().enumerate() {
            if g.trim().is_empty() {
                continue;
            }
            match pack.governorate(g) {
                Ok(code) => {
                    served.insert(code);
                }
                Err(e) => errors.push(FieldError {
                    field: format!("governorates_served[{i}]"),
                    ..e
                }),
            }
        }
        if served.is_empty()
            && errors
                .0
                .iter()
                .all(|e| !e.field.starts_with("governorates_served"))
        {
            errors.push(FieldError::new(
                "governorates_served",
                "required",
                "choose at least one governorate the organisation serves",
            ));
        }
        let mut contacts = Vec::new();
        let rows: Vec<(usize, &RawContact)> = self
            .contacts
            .iter()
            .enumerate()
            .filter(|(_, c)| !c.is_blank())
            .collect();
        if rows.len() > MAX_CONTACTS {
            errors.push(FieldError::new(
                "contacts",
                "too-many",
                format!("at most {MAX_CONTACTS} contacts"),
            ));
        }
        for (i, c) in rows {
            match c.parse(pack) {
                Ok(contact) => contacts.push(contact),
                Err(e) => errors.extend_within(e, &format!("contacts[{i}]")),
            }
        }
        if contacts.is_empty() && errors.0.iter().all(|e| !e.field.starts_with("contacts")) {
            errors.push(FieldError::new(
                "contacts",
                "required",
                "give at least one contact",
            ));
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(OrganisationDraft {
            kind: kind.expect("checked"),
            registration_number: registration_number.expect("checked"),
            name_ar: name_ar.expect("checked"),
            name_en,
            governorate: governorate.expect("checked"),
            governorates_served: served,
            contacts,
        })
    }
}

impl OrganisationDraft {
    /// Back to raw form, to fill an edit form.
    pub fn to_raw(&self) -> RawOrganisation {
        RawOrganisation {
            kind: self.kind.as_str().to_owned(),
            registration_number: self.registration_number.as_str().to_owned(),
            name_ar: self.name_ar.clone(),
            name_en: self.name_en.clone().unwrap_or_default(),
            governorate: self.governorate.as_str().to_owned(),
            governorates_served: self
                .governorates_served
                .iter()
                .map(|g| g.as_str().to_owned())
                .collect(),
            contacts: self
                .contacts
                .iter()
                .map(|c| RawContact {
                    name: c.name.clone(),
                    phone: c
                        .phone
                        .as_ref()
                        .map(|p| p.as_str().to_owned())
                        .unwrap_or_default(),
                    email: c
                        .email
                        .as_ref()
                        .map(|e| e.as_str().to_owned())
                        .unwrap_or_default(),
                })
                .collect(),
        }
    }

    /// The text a name search matches: both names and the registration number,
    /// normalised like registry names (hamza seats, ta marbuta, case).
    pub fn search_key(&self) -> String {
        tadamun_arabic::normalize_letters(&format!(
            "{} {} {}",
            self.name_ar,
            self.name_en.as_deref().unwrap_or(""),
            self.registration_number.as_str()
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::country::Country;

    fn raw() -> RawOrganisation {
        RawOrganisation {
            kind: "charity".into(),
            registration_number: " ir-١٢٣٤ ".into(),
            name_ar: "جمعية  الإحسان الخيرية".into(),
            name_en: "Al-Ihsan Charity".into(),
            governorate: "jo-ir".into(),
            governorates_served: vec!["JO-IR".into(), "JO-AJ".into(), "".into()],
            contacts: vec![
                RawContact {
                    name: "سعاد الخطيب".into(),
                    phone: "0791234567".into(),
                    email: "".into(),
                },
                RawContact::default(),
            ],
        }
    }

    #[test]
    fn a_well_formed_organisation_parses_with_numbers_folded_and_blank_rows_dropped() {
        let d = raw().parse(&CountryPack::builtin(Country::Jordan)).unwrap();
        assert_eq!(d.registration_number.as_str(), "IR-1234");
        assert_eq!(d.name_ar, "جمعية الإحسان الخيرية");
        assert_eq!(d.governorate.as_str(), "JO-IR");
        assert_eq!(d.governorates_served.len(), 2);
        assert_eq!(d.contacts.len(), 1);
        assert_eq!(
            d.contacts[0].phone.as_ref().unwrap().as_str(),
            "+962791234567"
        );
        assert_eq!(
            d.to_raw()
                .parse(&CountryPack::builtin(Country::Jordan))
                .unwrap(),
            d
        );
        assert!(d.search_key().contains("الاحسان"), "{}", d.search_key());
    }

    #[test]
    fn every_bad_field_is_named_at_once() {
        let mut r = raw();
        r.kind = "club".into();
        r.registration_number = "12 34".into();
        r.name_ar = "Ihsan".into();
        r.governorate = "".into();
        r.governorates_served = vec!["PS-NBS".into()];
        r.contacts = vec![RawContact {
            name: "".into(),
            phone: "123".into(),
            email: "not-mail".into(),
        }];
        let e = r.parse(&CountryPack::builtin(Country::Jordan)).unwrap_err();
        let fields: Vec<(&str, &str)> = e.0.iter().map(|e| (e.field.as_str(), e.code)).collect();
        assert_eq!(
            fields,
            vec![
                ("kind", "unknown-choice"),
                ("registration_number", "invalid-registration-number"),
                ("name_ar", "arabic-name-required"),
                ("governorate", "required"),
                ("governorates_served[0]", "unknown-governorate"),
                ("contacts[0].name", "required"),
                ("contacts[0].phone", "invalid-phone"),
                ("contacts[0].email", "invalid-email"),
            ]
        );
    }

    #[test]
    fn a_contact_needs_a_phone_or_an_email_and_the_organisation_a_contact() {
        let mut r = raw();
        r.contacts = vec![RawContact {
            name: "سعاد".into(),
            ..Default::default()
        }];
        let e = r.parse(&CountryPack::builtin(Country::Jordan)).unwrap_err();
        assert_eq!(
            (e.0[0].field.as_str(), e.0[0].code),
            ("contacts[0].phone", "phone-or-email")
        );
        r.contacts.clear();
        r.governorates_served.clear();
        let e = r.parse(&CountryPack::builtin(Country::Jordan)).unwrap_err();
        let fields: Vec<&str> = e.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, vec!["governorates_served", "contacts"]);
    }

    #[test]
    fn emails_are_checked_for_shape_and_lower_cased() {
        assert_eq!(
            Email::parse(" Info@Ihsan.JO ").unwrap().as_str(),
            "info@ihsan.jo"
        );
        for bad in ["a@b", "@b.jo", "a b@c.jo", "a@@c.jo", "a@.jo"] {
            assert!(Email::parse(bad).is_err(), "{bad}");
        }
    }
}
