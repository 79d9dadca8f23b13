//! Newtype ids for every entity, so a person id can never be passed as a household id.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

macro_rules! entity_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, utoipa::ToSchema)]
        #[serde(transparent)]
        #[schema(value_type = String, format = Uuid)]
        pub struct $name(pub Uuid);

        impl $name {
            /// A new time-ordered (v7) id, so inserts stay append-friendly in B-trees.
            pub fn new() -> Self {
                Self(Uuid::now_v7())
            }

            pub fn parse(s: &str) -> Result<Self, crate::FieldError> {
                Uuid::parse_str(s.trim())
                    .map(Self)
                    .map_err(|_| crate::FieldError::new("id", "invalid-id", "not a valid identifier"))
            }
        }

        impl Default for $name {
            fn default() -> Self {
                Self::new()
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }
    };
}

entity_id!(
    /// A household (أسرة).
    HouseholdId
);
entity_id!(
    /// A person, member of exactly one household at a time.
    PersonId
);
entity_id!(
    /// An identity document held by a person.
    DocumentId
);
entity_id!(
    /// A staff user of the system.
    UserId
);
entity_id!(
    /// One run of an import file.
    ImportRunId
);
entity_id!(
    /// One life-cycle event (birth, death, marriage, split, move).
    EventId
);
entity_id!(
    /// One payment batch: the lines of one programme's cycle, approved maker-checker.
    PaymentBatchId
);
entity_id!(
    /// A grievance or appeal (شكوى / تظلم).
    GrievanceId
);
entity_id!(
    /// A partner organisation (charity, NGO, volunteer centre…) in the partner registry.
    OrganisationId
);
entity_id!(
    /// One service an organisation offers in one governorate.
    ServiceOfferId
);
entity_id!(
    /// A social-services planning group (مجموعة تخطيط) of one governorate.
    PlanningGroupId
);
entity_id!(
    /// A person who sits on a planning group, with their terms.
    PlanningMemberId
);
entity_id!(
    /// One term of a planning-group member in one role.
    PlanningTermId
);
entity_id!(
    /// One version of a planning group's bylaws (النظام الداخلي).
    BylawsId
);
entity_id!(
    /// A meeting of a planning group.
    MeetingId
);
entity_id!(
    /// A decision taken at a planning-group meeting.
    DecisionId
);
entity_id!(
    /// An action item a meeting gave to one member.
    ActionItemId
);
entity_id!(
    /// One adoption of priority weights by a planning group, with its ranking snapshot.
    AdoptionId
);
entity_id!(
    /// An objective of a planning group's annual plan, serving one adopted priority.
    ObjectiveId
);
entity_id!(
    /// An activity of an annual plan's objective: who, what budget, how far along.
    ActivityId
);
entity_id!(
    /// A training course in the staff capacity-building catalogue.
    CourseId
);
entity_id!(
    /// One session (dates, place, trainer) of a training course.
    TrainingSessionId
);
entity_id!(
    /// One staff user's enrolment in one training session.
    EnrolmentId
);
