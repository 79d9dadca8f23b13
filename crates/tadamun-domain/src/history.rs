//! History and life-cycle events: nothing is overwritten, every change says who,
//! when and what, before and after.

use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};

use crate::{
    area::GovernorateCode,
    ids::{EventId, HouseholdId, PersonId, UserId},
    person::PersonDraft,
};

text_enum!(
    /// What a history entry records.
    ChangeKind, "action" {
        Created => "created",
        Updated => "updated",
        Imported => "imported",
        MemberAdded => "member_added",
        Died => "died",
        Married => "married",
        Split => "split",
        Moved => "moved",
        DocumentAdded => "document_added",
    }
);

/// One immutable line of a household's history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct HistoryEntry {
    pub id: i64,
    pub household_id: HouseholdId,
    pub person_id: Option<PersonId>,
    pub kind: ChangeKind,
    pub actor: Option<UserId>,
    pub actor_name: Option<String>,
    #[schema(value_type = String, format = DateTime)]
    pub at: OffsetDateTime,
    /// The record before the change, as JSON; `None` on creation.
    #[schema(value_type = Option<Object>)]
    pub before: Option<serde_json::Value>,
    #[schema(value_type = Option<Object>)]
    pub after: Option<serde_json::Value>,
}

/// A life-cycle event a clerk records. Each becomes one atomic store operation and one
/// or more history entries.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum LifeEvent {
    /// A child is born into the household.
    Birth { child: Box<PersonDraft> },
    /// A member died; the person stays on record, marked deceased.
    Death {
        person_id: PersonId,
        #[schema(value_type = String, format = Date)]
        date: Date,
    },
    /// A member married; the marital status changes, and a spouse joining from
    /// outside is added.
    Marriage {
        person_id: PersonId,
        #[schema(value_type = String, format = Date)]
        date: Date,
        incoming_spouse: Option<Box<PersonDraft>>,
    },
    /// Members leave to form a new household (often after a marriage).
    Split {
        members: Vec<PersonId>,
        new_head: PersonId,
        governorate: GovernorateCode,
        address: String,
    },
    /// The household moves, possibly to another governorate.
    Move { governorate: GovernorateCode, district: Option<String>, address: String },
}

/// A recorded life-cycle event, as listed on the household page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct RecordedEvent {
    pub id: EventId,
    pub household_id: HouseholdId,
    pub event: LifeEvent,
    pub recorded_by: Option<UserId>,
    #[schema(value_type = String, format = DateTime)]
    pub recorded_at: OffsetDateTime,
}
