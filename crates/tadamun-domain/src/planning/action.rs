//! Action items' life: open, in progress, done or cancelled; overdue is a pure
//! function of the due date, the status and `today`, never stored.

use time::Date;

use crate::{FieldError, FieldErrors};

text_enum!(
    /// Where an action item stands.
    ActionStatus, "status" {
        Open => "open",
        InProgress => "in_progress",
        Done => "done",
        Cancelled => "cancelled",
    }
);

impl ActionStatus {
    /// Whether the item still waits for someone.
    pub fn is_pending(self) -> bool {
        matches!(self, Self::Open | Self::InProgress)
    }

    /// A status typed in the update form; the item's own status is no change.
    pub fn parse_change(raw: &str, current: ActionStatus) -> Result<Self, FieldErrors> {
        if raw.trim().is_empty() {
            return Err(FieldError::required("status").into());
        }
        let next = Self::parse(raw)?;
        if next == current {
            return Err(FieldError::new(
                "status",
                "status-unchanged",
                "the action item has this status already",
            )
            .into());
        }
        Ok(next)
    }
}

/// An item still pending after its due day.
pub fn is_overdue(due_on: Date, status: ActionStatus, today: Date) -> bool {
    status.is_pending() && due_on < today
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn only_a_pending_item_past_its_due_day_is_overdue() {
        let due = date!(2026 - 06 - 30);
        assert!(!is_overdue(due, ActionStatus::Open, date!(2026 - 06 - 30)));
        assert!(is_overdue(due, ActionStatus::Open, date!(2026 - 07 - 01)));
        assert!(is_overdue(
            due,
            ActionStatus::InProgress,
            date!(2026 - 07 - 01)
        ));
        assert!(!is_overdue(due, ActionStatus::Done, date!(2027 - 01 - 01)));
        assert!(!is_overdue(
            due,
            ActionStatus::Cancelled,
            date!(2027 - 01 - 01)
        ));
    }

    #[test]
    fn a_status_change_must_change_something() {
        assert_eq!(
            ActionStatus::parse_change("done", ActionStatus::Open).unwrap(),
            ActionStatus::Done
        );
        let e = ActionStatus::parse_change("open", ActionStatus::Open).unwrap_err();
        assert_eq!(e.0[0].code, "status-unchanged");
        let e = ActionStatus::parse_change("later", ActionStatus::Open).unwrap_err();
        assert_eq!(
            (e.0[0].field.as_str(), e.0[0].code),
            ("status", "unknown-choice")
        );
    }
}
