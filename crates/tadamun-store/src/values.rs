//! Column values of households, persons and documents, in one order shared by single
//! inserts, edits and bulk loads, so a new column is added in one place.

use tadamun_domain::{
    household::HouseholdDraft,
    identity::Document,
    ids::{HouseholdId, PersonId, UserId},
    person::PersonDraft,
};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::{
    db::{Arg, args},
    rows::difficulty_code,
};

pub(crate) const HOUSEHOLD_COLUMNS: &[&str] = &[
    "id",
    "status",
    "governorate_code",
    "district_code",
    "address",
    "phone",
    "alt_phone",
    "dwelling_type",
    "tenure",
    "rooms",
    "monthly_income",
    "main_income_source",
    "has_car",
    "has_fridge",
    "has_washing_machine",
    "has_air_conditioner",
    "has_computer",
    "has_internet",
    "extra",
    "living_members",
    "version",
    "source_sha256",
    "source_row",
    "created_by",
    "updated_by",
    "created_at",
    "updated_at",
];

pub(crate) const PERSON_COLUMNS: &[&str] = &[
    "id",
    "household_id",
    "given_name",
    "father_name",
    "grandfather_name",
    "family_name",
    "latin_name",
    "name_key",
    "given_family_key",
    "family_given_key",
    "sex",
    "birth_date",
    "birth_date_approx",
    "relationship",
    "marital_status",
    "education",
    "work_status",
    "wg_seeing",
    "wg_hearing",
    "wg_walking",
    "wg_cognition",
    "wg_self_care",
    "wg_communication",
    "position",
    "version",
    "created_at",
    "updated_at",
];

pub(crate) const DOCUMENT_COLUMNS: &[&str] = &[
    "id",
    "person_id",
    "doc_type",
    "number",
    "created_at",
    "updated_at",
];

/// The editable household fields, `governorate_code` to `extra` in `HOUSEHOLD_COLUMNS`.
pub(crate) fn household_fields(h: &HouseholdDraft) -> Vec<Arg> {
    let a = h.socio.assets;
    args![
        h.governorate.as_str(),
        h.district.as_deref(),
        h.address.as_str(),
        h.phone.as_ref().map(|p| p.as_str()),
        h.alt_phone.as_ref().map(|p| p.as_str()),
        h.socio.dwelling_type.map(|d| d.as_str()),
        h.socio.tenure.map(|t| t.as_str()),
        h.socio.rooms.map(i64::from),
        h.socio.monthly_income.map(|m| m.0),
        h.socio.main_income_source.map(|s| s.as_str()),
        a.car,
        a.fridge,
        a.washing_machine,
        a.air_conditioner,
        a.computer,
        a.internet,
        serde_json::to_string(&h.extra).unwrap_or_else(|_| "{}".into()),
    ]
}

/// Where an imported household came from, so a re-run of the same file skips it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Source<'a> {
    pub sha256: &'a str,
    pub row: i64,
}

/// A whole new household row, in `HOUSEHOLD_COLUMNS` order.
pub(crate) fn household_row(
    id: HouseholdId,
    h: &HouseholdDraft,
    actor: Option<UserId>,
    now: OffsetDateTime,
    source: Option<Source<'_>>,
) -> Vec<Arg> {
    let actor = actor.map(|u| u.0);
    let mut row = args![id.0, "active"];
    row.extend(household_fields(h));
    row.extend(args![
        h.members.len() as i64,
        1_i64,
        source.map(|s| s.sha256),
        source.map(|s| s.row),
        actor,
        actor,
        now,
        now
    ]);
    row
}

/// The editable person fields, `given_name` to `wg_communication` in `PERSON_COLUMNS`.
pub(crate) fn person_fields(p: &PersonDraft) -> Vec<Arg> {
    let wg = p.disability.answers();
    args![
        p.name.given.as_str(),
        p.name.father.as_str(),
        p.name.grandfather.as_ref().map(|g| g.as_str()),
        p.name.family.as_str(),
        p.latin_name.as_deref(),
        p.name.full_key(),
        p.name.given_family_key(),
        p.name.family_given_key(),
        p.sex.as_str(),
        p.birth_date.date,
        p.birth_date.approximate,
        p.relationship.as_str(),
        p.marital_status.map(|m| m.as_str()),
        p.education.map(|e| e.as_str()),
        p.work_status.map(|w| w.as_str()),
        difficulty_code(wg[0]),
        difficulty_code(wg[1]),
        difficulty_code(wg[2]),
        difficulty_code(wg[3]),
        difficulty_code(wg[4]),
        difficulty_code(wg[5]),
    ]
}

/// A whole new person row, in `PERSON_COLUMNS` order.
pub(crate) fn person_row(
    id: PersonId,
    household: HouseholdId,
    position: i64,
    p: &PersonDraft,
    now: OffsetDateTime,
) -> Vec<Arg> {
    let mut row = args![id.0, household.0];
    row.extend(person_fields(p));
    row.extend(args![position, 1_i64, now, now]);
    row
}

/// A new document row, in `DOCUMENT_COLUMNS` order.
pub(crate) fn document_row(person: PersonId, d: &Document, now: OffsetDateTime) -> Vec<Arg> {
    args![
        Uuid::now_v7(),
        person.0,
        d.doc_type.as_str(),
        d.number.as_str(),
        now,
        now
    ]
}
