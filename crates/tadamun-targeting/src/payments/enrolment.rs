//! Enrolment: who a programme pays, from its decision records. An eligible household
//! joins (or is recertified), a household on the waiting list waits in rank order, and
//! an enrolled household found no longer eligible leaves. Recertification falls due
//! `recertification_months` after the last certification.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use tadamun_domain::{ids::HouseholdId, money::Money};
use time::{Date, Month};

use crate::decision::{DecisionRecord, Outcome};

/// A household on a programme's roster.
/// What enrolment needs of one decision: the store reads these light rows of a run
/// rather than whole decision records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunOutcome {
    pub household: HouseholdId,
    pub as_of: Date,
    pub outcome: Outcome,
    pub rank: Option<u32>,
    pub entitlement: Option<Money>,
}

impl From<&DecisionRecord> for RunOutcome {
    fn from(r: &DecisionRecord) -> Self {
        Self {
            household: r.household,
            as_of: r.as_of,
            outcome: r.outcome,
            rank: r.rank,
            entitlement: r.entitlement,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Enrolment {
    pub household: HouseholdId,
    pub programme: String,
    pub enrolled_on: Date,
    /// The decision that last found it eligible; `enrolled_on` at first.
    pub certified_on: Date,
    /// What each cycle pays, from that decision.
    pub entitlement: Money,
}

/// A place on the waiting list; 1 is the next to be funded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct WaitingPlace {
    pub household: HouseholdId,
    pub rank: u32,
}

/// An enrolled household the run found no longer eligible (not eligible, or ranked
/// beyond the budget).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Leaving {
    pub household: HouseholdId,
    pub outcome: Outcome,
    pub on: Date,
}

/// The roster after a run, and what changed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RosterUpdate {
    /// Everyone enrolled after the run, by household id.
    pub roster: Vec<Enrolment>,
    pub joined: Vec<HouseholdId>,
    pub recertified: Vec<HouseholdId>,
    pub left: Vec<Leaving>,
    /// Enrolled, but the run could not decide (missing data, a rule error): they stay
    /// enrolled, uncertified, and so come up as due; a data gap stops no payment.
    pub held: Vec<HouseholdId>,
    /// In rank order (ties by household id).
    pub waiting: Vec<WaitingPlace>,
}

/// Applies one run of `programme` to its current roster (enrolments of other
/// programmes are ignored). Enrolled households the run did not cover stay as they
/// were; for a household with several outcomes, the latest (by `as_of`, then by
/// position) counts.
pub fn apply_run(programme: &str, current: &[Enrolment], outcomes: &[RunOutcome]) -> RosterUpdate {
    let mut latest: BTreeMap<HouseholdId, &RunOutcome> = BTreeMap::new();
    for r in outcomes {
        match latest.get(&r.household) {
            Some(seen) if seen.as_of > r.as_of => {}
            _ => {
                latest.insert(r.household, r);
            }
        }
    }
    let mut roster: BTreeMap<HouseholdId, Enrolment> = current
        .iter()
        .filter(|e| e.programme == programme)
        .map(|e| (e.household, e.clone()))
        .collect();
    let mut update = RosterUpdate::default();
    let mut waiting = Vec::new();
    for (household, r) in latest {
        let enrolled = roster.get_mut(&household);
        match (r.outcome, enrolled) {
            (Outcome::Eligible, Some(e)) => {
                e.certified_on = e.certified_on.max(r.as_of);
                e.entitlement = r.entitlement.unwrap_or(e.entitlement);
                update.recertified.push(household);
            }
            (Outcome::Eligible, None) => {
                roster.insert(
                    household,
                    Enrolment {
                        household,
                        programme: programme.to_owned(),
                        enrolled_on: r.as_of,
                        certified_on: r.as_of,
                        entitlement: r.entitlement.unwrap_or_default(),
                    },
                );
                update.joined.push(household);
            }
            (Outcome::NotDecidable, Some(_)) => update.held.push(household),
            (Outcome::NotDecidable, None) => {}
            (outcome @ (Outcome::NotEligible | Outcome::WaitingList), enrolled) => {
                if enrolled.is_some() {
                    roster.remove(&household);
                    update.left.push(Leaving {
                        household,
                        outcome,
                        on: r.as_of,
                    });
                }
                if outcome == Outcome::WaitingList {
                    waiting.push((r.rank.unwrap_or(u32::MAX), household));
                }
            }
        }
    }
    waiting.sort();
    update.waiting = waiting
        .into_iter()
        .map(|(rank, household)| WaitingPlace { household, rank })
        .collect();
    update.roster = roster.into_values().collect();
    update
}

/// The day recertification falls due: `months` after the last certification, on the
/// same day of the month or the month's last day (31 January + 1 = 28/29 February).
pub fn recertification_due(e: &Enrolment, months: u32) -> Date {
    add_months(e.certified_on, months)
}

/// A household whose recertification is due.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Due {
    pub household: HouseholdId,
    pub due_on: Date,
}

/// Everyone on the roster due for recertification on `on` (due that day or before),
/// most overdue first.
pub fn due_for_recertification(roster: &[Enrolment], months: u32, on: Date) -> Vec<Due> {
    let mut due: Vec<Due> = roster
        .iter()
        .map(|e| Due {
            household: e.household,
            due_on: recertification_due(e, months),
        })
        .filter(|d| d.due_on <= on)
        .collect();
    due.sort_by_key(|d| (d.due_on, d.household));
    due
}

fn add_months(date: Date, months: u32) -> Date {
    let index =
        i64::from(date.year()) * 12 + i64::from(u8::from(date.month())) - 1 + i64::from(months);
    let year = i32::try_from(index.div_euclid(12)).expect("a year in range");
    let month = Month::try_from(index.rem_euclid(12) as u8 + 1).expect("1..=12");
    let day = date.day().min(time::util::days_in_month(month, year));
    Date::from_calendar_date(year, month, day).expect("day clamped to the month")
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;
    use uuid::Uuid;

    pub(crate) fn record(
        household: u128,
        outcome: Outcome,
        rank: Option<u32>,
        as_of: Date,
    ) -> RunOutcome {
        RunOutcome {
            household: HouseholdId(Uuid::from_u128(household)),
            as_of,
            outcome,
            rank,
            entitlement: (outcome == Outcome::Eligible).then_some(Money(50_000)),
        }
    }

    fn h(n: u128) -> HouseholdId {
        HouseholdId(Uuid::from_u128(n))
    }

    #[test]
    fn a_run_enrols_keeps_removes_and_ranks_the_waiting_list() {
        let first = apply_run(
            "cash",
            &[],
            &[
                record(1, Outcome::Eligible, Some(1), date!(2026 - 01 - 10)),
                record(2, Outcome::Eligible, Some(2), date!(2026 - 01 - 10)),
                record(3, Outcome::WaitingList, Some(4), date!(2026 - 01 - 10)),
                record(4, Outcome::WaitingList, Some(3), date!(2026 - 01 - 10)),
                record(5, Outcome::NotEligible, None, date!(2026 - 01 - 10)),
            ],
        );
        assert_eq!(first.joined, vec![h(1), h(2)]);
        assert_eq!(
            first
                .waiting
                .iter()
                .map(|w| w.household)
                .collect::<Vec<_>>(),
            vec![h(4), h(3)]
        );
        assert_eq!(first.roster[0].entitlement, Money(50_000));

        let second = apply_run(
            "cash",
            &first.roster,
            &[
                record(1, Outcome::Eligible, Some(1), date!(2026 - 07 - 01)),
                record(2, Outcome::WaitingList, Some(3), date!(2026 - 07 - 01)),
                record(4, Outcome::Eligible, Some(2), date!(2026 - 07 - 01)),
            ],
        );
        assert_eq!(second.recertified, vec![h(1)]);
        assert_eq!(second.joined, vec![h(4)]);
        assert_eq!(
            second.left,
            vec![Leaving {
                household: h(2),
                outcome: Outcome::WaitingList,
                on: date!(2026 - 07 - 01)
            }]
        );
        assert_eq!(
            second.waiting,
            vec![WaitingPlace {
                household: h(2),
                rank: 3
            }]
        );
        let one = &second.roster[0];
        assert_eq!(
            (one.enrolled_on, one.certified_on),
            (date!(2026 - 01 - 10), date!(2026 - 07 - 01))
        );
    }

    #[test]
    fn an_undecidable_run_holds_an_enrolled_household_rather_than_dropping_it() {
        let first = apply_run(
            "cash",
            &[],
            &[record(1, Outcome::Eligible, None, date!(2026 - 01 - 10))],
        );
        let second = apply_run(
            "cash",
            &first.roster,
            &[record(
                1,
                Outcome::NotDecidable,
                None,
                date!(2026 - 07 - 01),
            )],
        );
        assert_eq!(second.held, vec![h(1)]);
        assert_eq!(second.roster, first.roster);
    }

    #[test]
    fn recertification_is_due_after_the_interval_clamped_to_month_end() {
        let mut e = apply_run(
            "cash",
            &[],
            &[record(1, Outcome::Eligible, None, date!(2026 - 01 - 31))],
        )
        .roster;
        assert_eq!(recertification_due(&e[0], 1), date!(2026 - 02 - 28));
        assert_eq!(recertification_due(&e[0], 24), date!(2028 - 01 - 31));
        e.extend(
            apply_run(
                "cash",
                &[],
                &[record(2, Outcome::Eligible, None, date!(2025 - 06 - 15))],
            )
            .roster,
        );
        assert!(due_for_recertification(&e, 12, date!(2026 - 06 - 14)).is_empty());
        let due = due_for_recertification(&e, 12, date!(2027 - 02 - 01));
        assert_eq!(
            due.iter().map(|d| d.household).collect::<Vec<_>>(),
            vec![h(2), h(1)]
        );
    }
}
