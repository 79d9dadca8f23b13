//! Social-services planning groups (مجموعات التخطيط): groups per governorate, their
//! members and terms, versioned bylaws that set the quorum and the meeting schedule,
//! meetings with attendance, decisions with votes, action items, and the group's
//! health. Parsed here from raw input with every error naming its field; every rule
//! (term overlap, quorum, overdue, health) is a pure function of plain data.

pub mod action;
pub mod bylaws;
pub mod group;
pub mod health;
pub mod meeting;
pub mod plan;
pub mod rollup;

pub use action::{ActionStatus, is_overdue};
pub use bylaws::{BylawsDraft, BylawsStatus, BylawsVote, Quorum, RawBylaws, RawBylawsVote};
pub use group::{
    GroupDraft, MemberDraft, MemberKind, MemberRole, RawGroup, RawMember, RawTerm, Term, TermDraft,
    check_term,
};
pub use health::{ActionFacts, GroupHealth, HealthInput, MeetingFacts, PartnerSpan, group_health};
pub use meeting::{
    ActionDraft, DecisionDraft, MeetingContext, MeetingDraft, RawAction, RawDecision, RawMeeting,
    Votes,
};
pub use plan::{
    ActivityDraft, ActivityProgress, ActivityStatus, ObjectiveDraft, RawActivity,
    RawActivityProgress, RawObjective, ResponsibleParty, parse_year,
};
pub use rollup::{ActivityFacts, PlanFigures, is_activity_overdue};

use crate::FieldError;

/// Collapses white space and checks the length; `None` for blank optional text.
pub(crate) fn text(
    raw: &str,
    field: &str,
    max: usize,
    required: bool,
) -> Result<Option<String>, FieldError> {
    let t = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    if t.is_empty() {
        return if required {
            Err(FieldError::required(field))
        } else {
            Ok(None)
        };
    }
    if t.chars().count() > max {
        return Err(FieldError::new(
            field,
            "too-long",
            format!("at most {max} characters"),
        ));
    }
    Ok(Some(t))
}

/// Long text (bylaws, minutes): keeps line breaks, trims the ends.
pub(crate) fn long_text(
    raw: &str,
    field: &str,
    max: usize,
    required: bool,
) -> Result<Option<String>, FieldError> {
    let t = raw.trim().replace("\r\n", "\n");
    if t.is_empty() {
        return if required {
            Err(FieldError::required(field))
        } else {
            Ok(None)
        };
    }
    if t.chars().count() > max {
        return Err(FieldError::new(
            field,
            "too-long",
            format!("at most {max} characters"),
        ));
    }
    Ok(Some(t))
}

/// A whole number typed in a form (Arabic-Indic digits accepted) within `min..=max`.
pub(crate) fn count(raw: &str, field: &str, min: i64, max: i64) -> Result<i64, FieldError> {
    let ascii: String = raw
        .trim()
        .chars()
        .map(|c| crate::phone::to_ascii_digit(c).unwrap_or(c))
        .collect();
    if ascii.is_empty() {
        return Err(FieldError::required(field));
    }
    match ascii.parse::<i64>() {
        Ok(n) if (min..=max).contains(&n) => Ok(n),
        _ => Err(FieldError::new(
            field,
            "out-of-range",
            format!("a whole number from {min} to {max}"),
        )),
    }
}

pub(crate) use crate::partner::accreditation::parse_date;
