//! Row shapes as the database returns them, and their conversion into domain types.
//! A stored value that no longer parses is `StoreError::Corrupt`, never a panic.

use std::collections::BTreeMap;

use tadamun_domain::{
    area::GovernorateCode,
    household::{Household, HouseholdStatus},
    identity::{Document, DocumentType},
    ids::{HouseholdId, PersonId},
    money::Money,
    person::{
        BirthDate, Difficulty, Education, MaritalStatus, NamePart, Person, PersonDraft, PersonName,
        Relationship, Sex, WashingtonGroup, WorkStatus,
    },
    phone::Phone,
    socio::{Assets, DwellingType, IncomeSource, SocioEconomic, Tenure},
};
use time::{Date, OffsetDateTime};
use uuid::Uuid;

use crate::error::{Result, StoreError};

pub(crate) fn corrupt(what: &str, e: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(format!("{what}: {e}"))
}

fn opt<T, E: std::fmt::Display>(
    v: Option<String>,
    what: &str,
    parse: impl FnOnce(&str) -> std::result::Result<T, E>,
) -> Result<Option<T>> {
    v.map(|s| parse(&s).map_err(|e| corrupt(what, e)))
        .transpose()
}

#[derive(sqlx::FromRow)]
pub(crate) struct HouseholdRow {
    pub id: Uuid,
    pub status: String,
    pub governorate_code: String,
    pub district_code: Option<String>,
    pub address: String,
    pub phone: Option<String>,
    pub alt_phone: Option<String>,
    pub dwelling_type: Option<String>,
    pub tenure: Option<String>,
    pub rooms: Option<i64>,
    pub monthly_income: Option<i64>,
    pub main_income_source: Option<String>,
    pub has_car: bool,
    pub has_fridge: bool,
    pub has_washing_machine: bool,
    pub has_air_conditioner: bool,
    pub has_computer: bool,
    pub has_internet: bool,
    pub extra: String,
    pub restricted: bool,
    pub version: i64,
    pub created_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
}

#[derive(sqlx::FromRow)]
pub(crate) struct PersonRow {
    pub id: Uuid,
    pub household_id: Uuid,
    pub given_name: String,
    pub father_name: String,
    pub grandfather_name: Option<String>,
    pub family_name: String,
    pub latin_name: Option<String>,
    pub sex: String,
    pub birth_date: Date,
    pub birth_date_approx: bool,
    pub relationship: String,
    pub marital_status: Option<String>,
    pub education: Option<String>,
    pub work_status: Option<String>,
    pub wg_seeing: Option<i64>,
    pub wg_hearing: Option<i64>,
    pub wg_walking: Option<i64>,
    pub wg_cognition: Option<i64>,
    pub wg_self_care: Option<i64>,
    pub wg_communication: Option<i64>,
    pub date_of_death: Option<Date>,
    pub version: i64,
}

#[derive(sqlx::FromRow)]
pub(crate) struct DocumentRow {
    pub person_id: Uuid,
    pub doc_type: String,
    pub number: String,
}

fn difficulty(v: Option<i64>) -> Result<Option<Difficulty>> {
    v.map(|n| Difficulty::parse(&n.to_string()).map_err(|e| corrupt("washington group", e)))
        .transpose()
}

pub(crate) fn difficulty_code(d: Option<Difficulty>) -> Option<i64> {
    d.map(|d| d.as_str().parse().unwrap_or(1))
}

impl PersonRow {
    pub fn into_person(self, documents: Vec<Document>) -> Result<Person> {
        let part = |field: &str, s: &str| NamePart::parse(field, s).map_err(|e| corrupt("name", e));
        let name = PersonName {
            given: part("given_name", &self.given_name)?,
            father: part("father_name", &self.father_name)?,
            grandfather: self
                .grandfather_name
                .as_deref()
                .map(|g| part("grandfather_name", g))
                .transpose()?,
            family: part("family_name", &self.family_name)?,
        };
        Ok(Person {
            id: PersonId(self.id),
            draft: PersonDraft {
                name,
                latin_name: self.latin_name,
                sex: Sex::parse(&self.sex).map_err(|e| corrupt("sex", e))?,
                birth_date: BirthDate {
                    date: self.birth_date,
                    approximate: self.birth_date_approx,
                },
                relationship: Relationship::parse(&self.relationship)
                    .map_err(|e| corrupt("relationship", e))?,
                marital_status: opt(self.marital_status, "marital_status", MaritalStatus::parse)?,
                education: opt(self.education, "education", Education::parse)?,
                work_status: opt(self.work_status, "work_status", WorkStatus::parse)?,
                disability: WashingtonGroup::from_answers([
                    difficulty(self.wg_seeing)?,
                    difficulty(self.wg_hearing)?,
                    difficulty(self.wg_walking)?,
                    difficulty(self.wg_cognition)?,
                    difficulty(self.wg_self_care)?,
                    difficulty(self.wg_communication)?,
                ]),
                documents,
            },
            date_of_death: self.date_of_death,
            version: self.version,
        })
    }
}

impl DocumentRow {
    pub fn into_document(self) -> Result<Document> {
        Ok(Document {
            doc_type: DocumentType::parse(&self.doc_type).map_err(|e| corrupt("doc_type", e))?,
            number: self.number,
        })
    }
}

impl HouseholdRow {
    pub fn into_household(self, members: Vec<Person>) -> Result<Household> {
        let phone = |p: Option<String>| opt(p, "phone", |s| Phone::try_from(s.to_owned()));
        let extra: BTreeMap<String, serde_json::Value> =
            serde_json::from_str(&self.extra).map_err(|e| corrupt("extra", e))?;
        Ok(Household {
            id: HouseholdId(self.id),
            status: HouseholdStatus::parse(&self.status).map_err(|e| corrupt("status", e))?,
            governorate: GovernorateCode::parse(&self.governorate_code)
                .map_err(|e| corrupt("governorate", e))?,
            district: self.district_code,
            address: self.address,
            phone: phone(self.phone)?,
            alt_phone: phone(self.alt_phone)?,
            socio: SocioEconomic {
                dwelling_type: opt(self.dwelling_type, "dwelling_type", DwellingType::parse)?,
                tenure: opt(self.tenure, "tenure", Tenure::parse)?,
                rooms: self.rooms.map(|r| r as i32),
                monthly_income: self.monthly_income.map(Money),
                main_income_source: opt(
                    self.main_income_source,
                    "main_income_source",
                    IncomeSource::parse,
                )?,
                assets: Assets::from_flags([
                    self.has_car,
                    self.has_fridge,
                    self.has_washing_machine,
                    self.has_air_conditioner,
                    self.has_computer,
                    self.has_internet,
                ]),
            },
            extra,
            members,
            restricted: self.restricted,
            version: self.version,
            created_at: self.created_at,
            updated_at: self.updated_at,
        })
    }
}
