//! Maker-checker: the changes one person may not make alone, and how an edit is found
//! to contain one. Such a change waits as a request until a different user, with the
//! approver's permission and scope, approves or rejects it.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::{
    area::GovernorateCode,
    household::{Household, HouseholdDraft},
    ids::{HouseholdId, OrganisationId, PersonId, UserId},
    partner::AccreditationChange,
    person::Relationship,
};

text_enum!(
    /// Kinds of change that need a second person's approval.
    ChangeRequestKind, "kind" {
        DeletePerson => "delete_person",
        MergePersons => "merge_persons",
        ChangeHead => "change_head",
        MoveHousehold => "move_household",
        CorrectDocument => "correct_document",
        UnmergePerson => "unmerge_person",
        Accreditation => "accreditation",
    }
);

text_enum!(
    /// Where a request stands.
    ChangeRequestStatus, "status" {
        Pending => "pending",
        Approved => "approved",
        Rejected => "rejected",
    }
);

/// What applying the request will do.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ChangePayload {
    /// An edit of the household form, made from `version`.
    Edit {
        version: i64,
        draft: Box<HouseholdDraft>,
        member_ids: Vec<Option<PersonId>>,
    },
    /// A person registered by mistake: marked deleted, kept in history.
    DeletePerson { person: PersonId },
    /// Two records of one person: documents move to `keep`, `remove` is marked merged.
    /// `keep` may belong to another household (a family registered at two offices);
    /// the request is filed on `remove`'s household.
    MergePersons { keep: PersonId, remove: PersonId },
    /// Undoes a merge: the merged record returns with the documents it gave.
    UnmergePerson { person: PersonId },
    /// A partner organisation's accreditation changes (accredited until a date,
    /// renewed, suspended, ended). Filed on the organisation, not a household.
    Accreditation {
        organisation: OrganisationId,
        change: AccreditationChange,
    },
}

/// A stored change request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChangeRequest {
    pub id: uuid::Uuid,
    pub household_id: HouseholdId,
    pub kind: ChangeRequestKind,
    pub governorate: GovernorateCode,
    pub target_governorate: Option<GovernorateCode>,
    pub payload: ChangePayload,
    /// JSON snapshots for the before/after diff shown to the approver.
    pub before: serde_json::Value,
    pub after: serde_json::Value,
    pub reason: String,
    pub status: ChangeRequestStatus,
    pub requested_by: UserId,
    pub requested_by_name: String,
    pub decided_by: Option<UserId>,
    pub decided_by_name: Option<String>,
    pub decided_at: Option<OffsetDateTime>,
    pub decision_note: Option<String>,
    pub created_at: OffsetDateTime,
}

/// The changes in an edit that need approval, most consequential first. An edit with
/// none of them is saved at once.
pub fn sensitive_changes(
    before: &Household,
    draft: &HouseholdDraft,
    member_ids: &[Option<PersonId>],
) -> Vec<ChangeRequestKind> {
    let mut kinds = Vec::new();
    if before.governorate != draft.governorate {
        kinds.push(ChangeRequestKind::MoveHousehold);
    }
    let head_before = before.head().map(|p| p.id);
    let head_after = draft
        .members
        .iter()
        .enumerate()
        .find(|(_, m)| m.relationship == Relationship::Head)
        .map(|(i, _)| member_ids.get(i).copied().flatten());
    let head_changed = match (head_before, head_after) {
        (Some(b), Some(Some(a))) => a != b,
        (Some(_), Some(None)) => true,
        _ => false,
    };
    if head_changed {
        kinds.push(ChangeRequestKind::ChangeHead);
    }
    let corrects_document = draft.members.iter().enumerate().any(|(i, m)| {
        let Some(Some(pid)) = member_ids.get(i) else {
            return false;
        };
        let Some(stored) = before.members.iter().find(|p| p.id == *pid) else {
            return false;
        };
        m.documents.iter().any(|d| {
            stored
                .draft
                .documents
                .iter()
                .any(|s| s.doc_type == d.doc_type && s.number != d.number)
        })
    });
    if corrects_document {
        kinds.push(ChangeRequestKind::CorrectDocument);
    }
    kinds
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::identity::Document;

    fn household() -> Household {
        use crate::{
            country::Country,
            country_pack::CountryPack,
            household::{HouseholdStatus, RawHousehold, RawPerson},
            person::Person,
        };
        let person = |given: &str, sex: &str, relationship: &str, id: &str| RawPerson {
            given_name: given.into(),
            father_name: "أحمد".into(),
            grandfather_name: "علي".into(),
            family_name: "الزعبي".into(),
            sex: sex.into(),
            birth_date: "1980-03-15".into(),
            relationship: relationship.into(),
            id_number: id.into(),
            ..Default::default()
        };
        let raw = RawHousehold {
            governorate: "JO-IR".into(),
            address: "الحي الشرقي".into(),
            members: vec![
                person("محمد", "M", "head", "9801012345"),
                person("فاطمة", "F", "spouse", ""),
            ],
            ..Default::default()
        };
        let pack = CountryPack::builtin(Country::Jordan);
        let today = time::macros::date!(2026 - 11 - 23);
        let draft = raw.parse(&pack, today).unwrap();
        let now = time::OffsetDateTime::UNIX_EPOCH;
        Household {
            id: HouseholdId::new(),
            status: HouseholdStatus::Active,
            governorate: draft.governorate,
            district: draft.district,
            address: draft.address,
            phone: draft.phone,
            alt_phone: draft.alt_phone,
            socio: draft.socio,
            extra: draft.extra,
            members: draft
                .members
                .into_iter()
                .map(|m| Person {
                    id: PersonId::new(),
                    draft: m,
                    date_of_death: None,
                    version: 1,
                })
                .collect(),
            restricted: false,
            version: 1,
            created_at: now,
            updated_at: now,
        }
    }

    fn ids(h: &Household) -> Vec<Option<PersonId>> {
        h.members.iter().map(|m| Some(m.id)).collect()
    }

    #[test]
    fn an_edit_of_the_address_needs_no_approval() {
        let h = household();
        let mut d = h.to_draft();
        d.address = "حي نزال".into();
        assert!(sensitive_changes(&h, &d, &ids(&h)).is_empty());
    }

    #[test]
    fn moving_to_another_governorate_needs_approval() {
        let h = household();
        let mut d = h.to_draft();
        d.governorate = GovernorateCode::parse("JO-AM").unwrap();
        assert_eq!(
            sensitive_changes(&h, &d, &ids(&h)),
            vec![ChangeRequestKind::MoveHousehold]
        );
    }

    #[test]
    fn swapping_the_head_needs_approval() {
        let h = household();
        let mut d = h.to_draft();
        d.members[0].relationship = Relationship::Spouse;
        d.members[1].relationship = Relationship::Head;
        assert_eq!(
            sensitive_changes(&h, &d, &ids(&h)),
            vec![ChangeRequestKind::ChangeHead]
        );
    }

    #[test]
    fn correcting_a_document_number_needs_approval_but_adding_one_does_not() {
        let h = household();
        let mut d = h.to_draft();
        let doc = d.members[0].documents[0].clone();
        let other = Document::parse(doc.doc_type, "9871234567").unwrap();
        d.members[0].documents = vec![other];
        assert_eq!(
            sensitive_changes(&h, &d, &ids(&h)),
            vec![ChangeRequestKind::CorrectDocument]
        );
        let mut d = h.to_draft();
        d.members[1].documents.clear();
        d.members[1].documents.push(doc);
        assert!(sensitive_changes(&h, &d, &ids(&h)).is_empty());
    }
}
