//! An annual plan's figures, for one group and added up over governorates: objectives,
//! activities by status, the budget, budget-weighted progress and the overdue
//! activities. Cancelled activities are counted by status only: their money is not
//! planned spending and their progress says nothing. Pure arithmetic on plain facts.

use serde::Serialize;
use time::Date;

use super::ActivityStatus;
use crate::money::Money;

/// What the figures need of one activity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ActivityFacts {
    pub status: ActivityStatus,
    pub progress: i64,
    pub budget: Money,
    pub ends_on: Date,
}

/// An activity past its end day and neither done nor cancelled.
pub fn is_activity_overdue(ends_on: Date, status: ActivityStatus, today: Date) -> bool {
    !matches!(status, ActivityStatus::Done | ActivityStatus::Cancelled) && ends_on < today
}

/// A plan's (or several plans') figures. Add them with [`PlanFigures::add`]; the
/// progress of a sum is worked out from the sums, never averaged from averages.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct PlanFigures {
    pub objectives: i64,
    pub activities: i64,
    /// Counts in the order of `ActivityStatus::ALL`.
    pub by_status: [i64; 5],
    /// The budget of the activities not cancelled.
    pub budget: Money,
    pub overdue: i64,
    /// Σ budget × progress over the activities not cancelled.
    weighted: i128,
    /// Σ progress and how many, for plans whose budgets are all zero.
    progress_sum: i64,
    counted: i64,
}

impl PlanFigures {
    pub fn of(objectives: i64, activities: &[ActivityFacts], today: Date) -> Self {
        let mut f = Self {
            objectives,
            ..Self::default()
        };
        for a in activities {
            f.activities += 1;
            let i = ActivityStatus::ALL
                .iter()
                .position(|s| *s == a.status)
                .expect("every status is listed");
            f.by_status[i] += 1;
            if is_activity_overdue(a.ends_on, a.status, today) {
                f.overdue += 1;
            }
            if a.status != ActivityStatus::Cancelled {
                f.budget = Money(f.budget.0 + a.budget.0);
                f.weighted += i128::from(a.budget.0) * i128::from(a.progress);
                f.progress_sum += a.progress;
                f.counted += 1;
            }
        }
        f
    }

    pub fn add(&mut self, other: &PlanFigures) {
        self.objectives += other.objectives;
        self.activities += other.activities;
        for (a, b) in self.by_status.iter_mut().zip(other.by_status) {
            *a += b;
        }
        self.budget = Money(self.budget.0 + other.budget.0);
        self.overdue += other.overdue;
        self.weighted += other.weighted;
        self.progress_sum += other.progress_sum;
        self.counted += other.counted;
    }

    pub fn with_status(&self, status: ActivityStatus) -> i64 {
        ActivityStatus::ALL
            .iter()
            .position(|s| *s == status)
            .map_or(0, |i| self.by_status[i])
    }

    /// Budget-weighted progress in percent (the plain mean when every budget is zero);
    /// `None` without an activity that is not cancelled.
    pub fn progress(&self) -> Option<f64> {
        if self.counted == 0 {
            None
        } else if self.budget.0 > 0 {
            Some(self.weighted as f64 / self.budget.0 as f64)
        } else {
            Some(self.progress_sum as f64 / self.counted as f64)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn a(status: ActivityStatus, progress: i64, budget: i64, ends_on: Date) -> ActivityFacts {
        ActivityFacts {
            status,
            progress,
            budget: Money(budget),
            ends_on,
        }
    }

    const TODAY: Date = date!(2026 - 07 - 01);

    #[test]
    fn progress_is_weighted_by_budget_and_cancelled_work_is_left_out() {
        let f = PlanFigures::of(
            2,
            &[
                a(ActivityStatus::Done, 100, 3_000, date!(2026 - 03 - 01)),
                a(ActivityStatus::InProgress, 20, 1_000, date!(2026 - 12 - 01)),
                a(ActivityStatus::Cancelled, 0, 50_000, date!(2026 - 02 - 01)),
            ],
            TODAY,
        );
        assert_eq!(f.activities, 3);
        assert_eq!(f.budget, Money(4_000));
        // (3000 × 100 + 1000 × 20) / 4000 = 80.
        assert_eq!(f.progress(), Some(80.0));
        assert_eq!(f.with_status(ActivityStatus::Cancelled), 1);
        assert_eq!(f.overdue, 0, "done and cancelled are never overdue");
    }

    #[test]
    fn overdue_is_past_the_end_day_and_not_done() {
        assert!(is_activity_overdue(
            date!(2026 - 06 - 30),
            ActivityStatus::Delayed,
            TODAY
        ));
        assert!(!is_activity_overdue(TODAY, ActivityStatus::Planned, TODAY));
        assert!(!is_activity_overdue(
            date!(2026 - 06 - 30),
            ActivityStatus::Done,
            TODAY
        ));
    }

    #[test]
    fn a_total_is_worked_out_from_the_sums() {
        let mut total = PlanFigures::of(
            1,
            &[a(ActivityStatus::Planned, 0, 9_000, date!(2026 - 12 - 31))],
            TODAY,
        );
        let other = PlanFigures::of(
            1,
            &[a(
                ActivityStatus::Delayed,
                100,
                1_000,
                date!(2026 - 05 - 01),
            )],
            TODAY,
        );
        assert_eq!(other.progress(), Some(100.0));
        total.add(&other);
        assert_eq!(total.objectives, 2);
        assert_eq!(total.overdue, 1);
        // Not the mean of 0 and 100: the larger budget weighs more.
        assert_eq!(total.progress(), Some(10.0));
        assert_eq!(PlanFigures::default().progress(), None);
        let zero_budgets = PlanFigures::of(
            1,
            &[
                a(ActivityStatus::Planned, 10, 0, TODAY),
                a(ActivityStatus::Planned, 30, 0, TODAY),
            ],
            TODAY,
        );
        assert_eq!(zero_budgets.progress(), Some(20.0));
    }
}
