//! A planning group's health over the twelve months up to `today`, from plain facts:
//! meetings held against the bylaws' schedule, the attendance rate, the share of
//! action items done by their due day, and partner turnover. Each part is shown with
//! its numbers, so the score can be explained; a part without data is left out.

use serde::{Deserialize, Serialize};
use time::{Date, Duration};

use super::ActionStatus;

/// One meeting: its day, who attended, and how many were members that day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MeetingFacts {
    pub held_on: Date,
    pub attended: i64,
    pub members_on_day: i64,
}

/// One action item's due day, status and (when done) the day it was done.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ActionFacts {
    pub due_on: Date,
    pub status: ActionStatus,
    pub done_on: Option<Date>,
}

/// One partner member's time on the group (their terms, first start to last end).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PartnerSpan {
    pub starts_on: Date,
    pub ends_on: Option<Date>,
}

/// Everything the health needs.
#[derive(Debug, Clone, Default)]
pub struct HealthInput {
    /// Meetings a year under the bylaws in force; `None` without bylaws.
    pub meetings_per_year: Option<i64>,
    pub meetings: Vec<MeetingFacts>,
    pub actions: Vec<ActionFacts>,
    pub partners: Vec<PartnerSpan>,
}

/// The parts of a group's health and an overall score (0–100), each a percentage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupHealth {
    pub since: Date,
    pub meetings_held: i64,
    pub meetings_expected: Option<i64>,
    pub schedule_percent: Option<i64>,
    pub attended: i64,
    pub expected_attendance: i64,
    pub attendance_percent: Option<i64>,
    pub actions_due: i64,
    pub actions_on_time: i64,
    pub on_time_percent: Option<i64>,
    pub partners_active: i64,
    pub partners_left: i64,
    pub turnover_percent: Option<i64>,
    /// The mean of the parts, turnover counted as its complement (100 − turnover).
    pub score: Option<i64>,
}

fn percent(part: i64, whole: i64) -> Option<i64> {
    (whole > 0).then(|| (part * 100 + whole / 2) / whole)
}

/// The health over the 365 days up to and including `today`.
pub fn group_health(input: &HealthInput, today: Date) -> GroupHealth {
    let since = today - Duration::days(364);
    let within = |d: Date| since <= d && d <= today;
    let meetings: Vec<_> = input
        .meetings
        .iter()
        .filter(|m| within(m.held_on))
        .collect();
    let meetings_held = meetings.len() as i64;
    let schedule_percent = input
        .meetings_per_year
        .and_then(|n| percent(meetings_held.min(n), n));
    let attended: i64 = meetings.iter().map(|m| m.attended).sum();
    let expected_attendance: i64 = meetings.iter().map(|m| m.members_on_day).sum();
    // Items due in the window and not cancelled; on time when done by the due day.
    let due: Vec<_> = input
        .actions
        .iter()
        .filter(|a| within(a.due_on) && a.status != ActionStatus::Cancelled)
        .collect();
    let on_time = due
        .iter()
        .filter(|a| a.status == ActionStatus::Done && a.done_on.is_some_and(|d| d <= a.due_on))
        .count() as i64;
    let active: Vec<_> = input
        .partners
        .iter()
        .filter(|p| p.starts_on <= today && p.ends_on.is_none_or(|e| e >= since))
        .collect();
    let left = active
        .iter()
        .filter(|p| p.ends_on.is_some_and(|e| e < today))
        .count() as i64;
    let mut h = GroupHealth {
        since,
        meetings_held,
        meetings_expected: input.meetings_per_year,
        schedule_percent,
        attended,
        expected_attendance,
        attendance_percent: percent(attended, expected_attendance),
        actions_due: due.len() as i64,
        actions_on_time: on_time,
        on_time_percent: percent(on_time, due.len() as i64),
        partners_active: active.len() as i64,
        partners_left: left,
        turnover_percent: percent(left, active.len() as i64),
        score: None,
    };
    let parts: Vec<i64> = [
        h.schedule_percent,
        h.attendance_percent,
        h.on_time_percent,
        h.turnover_percent.map(|t| 100 - t),
    ]
    .into_iter()
    .flatten()
    .collect();
    h.score = (!parts.is_empty()).then(|| parts.iter().sum::<i64>() / parts.len() as i64);
    h
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn each_part_counts_only_the_last_twelve_months() {
        let today = date!(2026 - 12 - 01);
        let input = HealthInput {
            meetings_per_year: Some(4),
            meetings: vec![
                MeetingFacts {
                    held_on: date!(2026 - 03 - 01),
                    attended: 4,
                    members_on_day: 5,
                },
                MeetingFacts {
                    held_on: date!(2026 - 09 - 01),
                    attended: 3,
                    members_on_day: 5,
                },
                MeetingFacts {
                    held_on: date!(2025 - 06 - 01),
                    attended: 0,
                    members_on_day: 5,
                },
            ],
            actions: vec![
                ActionFacts {
                    due_on: date!(2026 - 04 - 01),
                    status: ActionStatus::Done,
                    done_on: Some(date!(2026 - 03 - 20)),
                },
                ActionFacts {
                    due_on: date!(2026 - 05 - 01),
                    status: ActionStatus::Done,
                    done_on: Some(date!(2026 - 06 - 01)),
                },
                ActionFacts {
                    due_on: date!(2026 - 10 - 01),
                    status: ActionStatus::Open,
                    done_on: None,
                },
                ActionFacts {
                    due_on: date!(2026 - 10 - 01),
                    status: ActionStatus::Cancelled,
                    done_on: None,
                },
                ActionFacts {
                    due_on: date!(2027 - 01 - 01),
                    status: ActionStatus::Open,
                    done_on: None,
                },
            ],
            partners: vec![
                PartnerSpan {
                    starts_on: date!(2024 - 01 - 01),
                    ends_on: None,
                },
                PartnerSpan {
                    starts_on: date!(2024 - 01 - 01),
                    ends_on: Some(date!(2026 - 06 - 30)),
                },
                PartnerSpan {
                    starts_on: date!(2020 - 01 - 01),
                    ends_on: Some(date!(2023 - 12 - 31)),
                },
            ],
        };
        let h = group_health(&input, today);
        assert_eq!((h.meetings_held, h.schedule_percent), (2, Some(50)));
        assert_eq!((h.attended, h.expected_attendance), (7, 10));
        assert_eq!(h.attendance_percent, Some(70));
        assert_eq!((h.actions_due, h.actions_on_time), (3, 1));
        assert_eq!(h.on_time_percent, Some(33));
        assert_eq!((h.partners_active, h.partners_left), (2, 1));
        assert_eq!(h.turnover_percent, Some(50));
        assert_eq!(h.score, Some((50 + 70 + 33 + 50) / 4));
    }

    #[test]
    fn a_group_without_data_has_no_score() {
        let h = group_health(&HealthInput::default(), date!(2026 - 12 - 01));
        assert_eq!(h.score, None);
        assert_eq!(h.meetings_held, 0);
    }
}
