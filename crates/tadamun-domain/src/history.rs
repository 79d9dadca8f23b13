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
        HeadChanged => "head_changed",
        PersonDeleted => "person_deleted",
        PersonsMerged => "persons_merged",
        PersonsUnmerged => "persons_unmerged",
        DocumentCorrected => "document_corrected",
        Restricted => "restricted",
        Unrestricted => "unrestricted",
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
    /// The second person of a maker-checker change, who approved it.
    pub approved_by_name: Option<String>,
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
    Move {
        governorate: GovernorateCode,
        district: Option<String>,
        address: String,
    },
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

impl LifeEvent {
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Birth { .. } => "birth",
            Self::Death { .. } => "death",
            Self::Marriage { .. } => "marriage",
            Self::Split { .. } => "split",
            Self::Move { .. } => "move",
        }
    }

    /// Checks the event against the household as it stands, before anything is written.
    pub fn check(
        &self,
        household: &crate::household::Household,
        today: Date,
    ) -> Result<(), crate::FieldError> {
        use crate::FieldError;
        let living = |id: &PersonId, field: &str| -> Result<(), FieldError> {
            match household.members.iter().find(|m| m.id == *id) {
                None => Err(FieldError::new(
                    field,
                    "not-a-member",
                    "this person is not a member of the household",
                )),
                Some(m) if m.date_of_death.is_some() => Err(FieldError::new(
                    field,
                    "deceased",
                    "this person is recorded as deceased",
                )),
                Some(_) => Ok(()),
            }
        };
        let not_future = |d: &Date| {
            if *d > today {
                Err(FieldError::new(
                    "date",
                    "date-in-future",
                    "the date is in the future",
                ))
            } else {
                Ok(())
            }
        };
        match self {
            Self::Birth { child } => {
                if today.year() - child.birth_date.date.year() > 1 {
                    return Err(FieldError::new(
                        "birth_date",
                        "not-a-birth",
                        "a birth event is for a child born within the last year; add older members by editing",
                    ));
                }
                Ok(())
            }
            Self::Death { person_id, date } => {
                living(person_id, "person_id")?;
                not_future(date)
            }
            Self::Marriage {
                person_id, date, ..
            } => {
                living(person_id, "person_id")?;
                not_future(date)
            }
            Self::Split {
                members, new_head, ..
            } => {
                if !members.contains(new_head) {
                    return Err(FieldError::new(
                        "new_head",
                        "head-not-leaving",
                        "the new head must be one of the members who leave",
                    ));
                }
                for m in members {
                    living(m, "members")?;
                }
                if household.head().is_some_and(|h| members.contains(&h.id)) {
                    return Err(FieldError::new(
                        "members",
                        "head-cannot-leave",
                        "the head cannot leave by a split; change the head first",
                    ));
                }
                if household.living_members().all(|m| members.contains(&m.id)) {
                    return Err(FieldError::new(
                        "members",
                        "nobody-left",
                        "at least one member must stay",
                    ));
                }
                Ok(())
            }
            // The governorate was parsed against the country pack by the caller.
            Self::Move { .. } => Ok(()),
        }
    }
}
