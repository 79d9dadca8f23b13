//! A household draft as the text cells of its rows, exactly as the reader expects them,
//! so that writing then reading gives back the same draft.

use std::collections::HashSet;

use tadamun_domain::{
    country_pack::CountryPack, household::HouseholdDraft, money::Currency, person::PersonDraft,
    socio::Assets,
};

use crate::{
    cells::phone_cell,
    documents::other_documents_cell,
    error::WriteError,
    layout::{Column, Field, LIST_SEPARATOR, columns},
};

/// Renders households row by row, checking the refs the file will group by.
pub(crate) struct Renderer<'p> {
    pub(crate) columns: Vec<Column>,
    pack: &'p CountryPack,
    currency: Currency,
    refs: HashSet<String>,
}

impl<'p> Renderer<'p> {
    pub(crate) fn new(pack: &'p CountryPack) -> Self {
        Self {
            columns: columns(pack),
            pack,
            currency: Currency::of(pack.country),
            refs: HashSet::new(),
        }
    }

    /// The rows of one household, one per member, household columns repeated on each
    /// so a filtered sheet still shows them.
    pub(crate) fn rows(
        &mut self,
        household_ref: &str,
        h: &HouseholdDraft,
    ) -> Result<Vec<Vec<String>>, WriteError> {
        if household_ref.trim().is_empty() {
            return Err(WriteError::EmptyRef);
        }
        if h.members.is_empty() {
            return Err(WriteError::NoMembers {
                household_ref: household_ref.to_owned(),
            });
        }
        // The reader trims refs and groups by them, so two refs that trim alike collide.
        if !self.refs.insert(household_ref.trim().to_owned()) {
            return Err(WriteError::DuplicateRef {
                household_ref: household_ref.to_owned(),
            });
        }
        Ok(h.members
            .iter()
            .map(|m| {
                self.columns
                    .iter()
                    .map(|c| self.cell(c, household_ref, h, m))
                    .collect()
            })
            .collect())
    }

    fn cell(
        &self,
        column: &Column,
        household_ref: &str,
        h: &HouseholdDraft,
        m: &PersonDraft,
    ) -> String {
        let opt = |o: Option<&str>| o.unwrap_or_default().to_owned();
        let field = match column {
            Column::Extra(key) => {
                return h
                    .extra
                    .get(key)
                    .map(|v| {
                        if v.is_null() {
                            String::new()
                        } else {
                            v.as_str().map_or_else(|| v.to_string(), str::to_owned)
                        }
                    })
                    .unwrap_or_default();
            }
            Column::Fixed(field) => *field,
        };
        let wg = m.disability.answers();
        let document = m.documents.first();
        match field {
            Field::HouseholdRef => household_ref.trim().to_owned(),
            Field::Governorate => h.governorate.as_str().to_owned(),
            Field::District => opt(h.district.as_deref()),
            Field::Address => h.address.clone(),
            Field::Phone => h
                .phone
                .as_ref()
                .map(|p| phone_cell(p, self.pack.country))
                .unwrap_or_default(),
            Field::AltPhone => h
                .alt_phone
                .as_ref()
                .map(|p| phone_cell(p, self.pack.country))
                .unwrap_or_default(),
            Field::DwellingType => opt(h.socio.dwelling_type.map(|d| d.as_str())),
            Field::Tenure => opt(h.socio.tenure.map(|t| t.as_str())),
            Field::Rooms => h.socio.rooms.map(|r| r.to_string()).unwrap_or_default(),
            Field::MonthlyIncome => h
                .socio
                .monthly_income
                .map(|m| m.format(self.currency))
                .unwrap_or_default(),
            Field::MainIncomeSource => opt(h.socio.main_income_source.map(|s| s.as_str())),
            Field::Assets => {
                let owned = Assets::NAMES
                    .iter()
                    .zip(h.socio.assets.flags())
                    .filter(|(_, has)| *has)
                    .map(|(name, _)| *name);
                owned.collect::<Vec<_>>().join(&LIST_SEPARATOR.to_string())
            }
            Field::GivenName => m.name.given.as_str().to_owned(),
            Field::FatherName => m.name.father.as_str().to_owned(),
            Field::GrandfatherName => opt(m.name.grandfather.as_ref().map(|g| g.as_str())),
            Field::FamilyName => m.name.family.as_str().to_owned(),
            Field::LatinName => opt(m.latin_name.as_deref()),
            Field::Sex => m.sex.as_str().to_owned(),
            // The full date with the flag, rather than the year alone, keeps the day of an
            // approximate date that was not 1 July.
            Field::BirthDate => {
                let d = m.birth_date.date;
                format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
            }
            Field::BirthDateApprox => if m.birth_date.approximate { "1" } else { "" }.to_owned(),
            Field::Relationship => m.relationship.as_str().to_owned(),
            Field::MaritalStatus => opt(m.marital_status.map(|s| s.as_str())),
            Field::Education => opt(m.education.map(|e| e.as_str())),
            Field::WorkStatus => opt(m.work_status.map(|w| w.as_str())),
            Field::WgSeeing => opt(wg[0].map(|d| d.as_str())),
            Field::WgHearing => opt(wg[1].map(|d| d.as_str())),
            Field::WgWalking => opt(wg[2].map(|d| d.as_str())),
            Field::WgCognition => opt(wg[3].map(|d| d.as_str())),
            Field::WgSelfCare => opt(wg[4].map(|d| d.as_str())),
            Field::WgCommunication => opt(wg[5].map(|d| d.as_str())),
            Field::IdType => opt(document.map(|d| d.doc_type.as_str())),
            Field::IdNumber => opt(document.map(|d| d.number.as_str())),
            Field::OtherDocuments => other_documents_cell(m),
        }
    }
}
