//! A planning group's annual plan (الخطة السنوية) as typed in its forms: objectives,
//! each serving one priority of the group's adopted ranking, and activities under an
//! objective with one responsible party (a partner organisation or the ministry's
//! directorate), a budget in the country's currency, a status, a progress of 0–100 %
//! and dates overlapping the plan year. Every error names its field.

use serde::{Deserialize, Serialize};
use time::{Date, Month};

use super::{count, parse_date, text};
use crate::{
    FieldError, FieldErrors,
    ids::{ObjectiveId, OrganisationId},
    money::{Currency, Money},
};

text_enum!(
    /// Where an activity of the plan stands.
    ActivityStatus, "status" {
        Planned => "planned",
        InProgress => "in_progress",
        Done => "done",
        Delayed => "delayed",
        Cancelled => "cancelled",
    }
);

/// The first and last plan year a form accepts.
pub const FIRST_YEAR: i64 = 2000;
pub const LAST_YEAR: i64 = 2100;

/// A plan year typed in a form or a query (Arabic-Indic digits accepted).
pub fn parse_year(raw: &str) -> Result<i32, FieldError> {
    count(raw, "year", FIRST_YEAR, LAST_YEAR).map(|y| y as i32)
}

/// Who carries an activity out: exactly one of the two.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ResponsibleParty {
    /// A partner organisation of the registry.
    Organisation(OrganisationId),
    /// The ministry's directorate in the governorate.
    Directorate,
}

/// An objective as the form sends it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RawObjective {
    /// The service code of the adopted priority it serves.
    pub priority: String,
    pub text: String,
}

/// A checked objective.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ObjectiveDraft {
    pub priority: String,
    pub text: String,
}

impl RawObjective {
    /// Checks the objective against the adopted ranking's candidates (service codes).
    pub fn parse(&self, candidates: &[String]) -> Result<ObjectiveDraft, FieldErrors> {
        let mut errors = FieldErrors::default();
        let text = errors.take(text(&self.text, "text", 500, true));
        let priority = self.priority.trim();
        if candidates.is_empty() {
            errors.push(FieldError::new(
                "priority",
                "no-adopted-priorities",
                "the group has not adopted priorities for this year",
            ));
        } else if priority.is_empty() {
            errors.push(FieldError::required("priority"));
        } else if !candidates.iter().any(|c| c == priority) {
            errors.push(FieldError::new(
                "priority",
                "not-an-adopted-priority",
                "not a priority of the adopted ranking",
            ));
        }
        let priority = priority.to_owned();
        errors.into_result(|| ObjectiveDraft {
            priority,
            text: text.flatten().unwrap_or_default(),
        })
    }
}

/// An activity as the form sends it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RawActivity {
    pub objective: String,
    pub text: String,
    /// An organisation id, or empty.
    pub organisation: String,
    /// A checkbox: the directorate itself is responsible.
    pub directorate: String,
    pub budget: String,
    pub status: String,
    pub progress: String,
    pub starts_on: String,
    pub ends_on: String,
}

/// A checked activity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivityDraft {
    pub objective: ObjectiveId,
    pub text: String,
    pub responsible: ResponsibleParty,
    pub budget: Money,
    pub progress: ActivityProgress,
    pub starts_on: Date,
    pub ends_on: Date,
}

/// A status with its progress, checked together.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivityProgress {
    pub status: ActivityStatus,
    /// Percent, 0–100.
    pub progress: i64,
}

/// The status and progress of the update form.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RawActivityProgress {
    pub status: String,
    pub progress: String,
}

impl RawActivityProgress {
    /// A status and a progress of 0–100 %; done means 100 %.
    pub fn parse(&self) -> Result<ActivityProgress, FieldErrors> {
        let mut errors = FieldErrors::default();
        let status = if self.status.trim().is_empty() {
            errors.push(FieldError::required("status"));
            None
        } else {
            errors.take(ActivityStatus::parse(&self.status))
        };
        let progress = errors.take(count(&self.progress, "progress", 0, 100));
        if let (Some(ActivityStatus::Done), Some(p)) = (status, progress)
            && p != 100
        {
            errors.push(FieldError::new(
                "progress",
                "done-not-complete",
                "a done activity is 100 % complete",
            ));
        }
        errors.into_result(|| ActivityProgress {
            status: status.expect("checked"),
            progress: progress.expect("checked"),
        })
    }
}

fn is_checked(raw: &str) -> bool {
    matches!(raw.trim(), "on" | "1" | "true" | "yes")
}

impl RawActivity {
    /// Checks every field: the budget in `currency`, the dates against `year`.
    pub fn parse(&self, currency: Currency, year: i32) -> Result<ActivityDraft, FieldErrors> {
        let mut errors = FieldErrors::default();
        let objective = match self.objective.trim() {
            "" => {
                errors.push(FieldError::required("objective"));
                None
            }
            raw => errors.take(ObjectiveId::parse(raw).map_err(|e| FieldError {
                field: "objective".into(),
                ..e
            })),
        };
        let text = errors.take(text(&self.text, "text", 500, true));
        let organisation = match self.organisation.trim() {
            "" => None,
            raw => errors.take(OrganisationId::parse(raw).map_err(|e| FieldError {
                field: "organisation".into(),
                ..e
            })),
        };
        let directorate = is_checked(&self.directorate);
        let responsible = match (self.organisation.trim().is_empty(), directorate) {
            (false, false) => organisation.map(ResponsibleParty::Organisation),
            (true, true) => Some(ResponsibleParty::Directorate),
            (false, true) => {
                errors.push(FieldError::new(
                    "organisation",
                    "two-responsible-parties",
                    "choose a partner organisation or the directorate, not both",
                ));
                None
            }
            (true, false) => {
                errors.push(FieldError::new(
                    "organisation",
                    "no-responsible-party",
                    "choose a partner organisation or the directorate",
                ));
                None
            }
        };
        let budget = if self.budget.trim().is_empty() {
            errors.push(FieldError::required("budget"));
            None
        } else {
            errors.take(Money::parse(currency, &self.budget, "budget"))
        };
        let progress = match (RawActivityProgress {
            status: self.status.clone(),
            progress: self.progress.clone(),
        })
        .parse()
        {
            Ok(p) => Some(p),
            Err(e) => {
                errors.0.extend(e.0);
                None
            }
        };
        let date = |errors: &mut FieldErrors, raw: &str, field: &str| {
            if raw.trim().is_empty() {
                errors.push(FieldError::required(field));
                None
            } else {
                errors.take(parse_date(raw, field))
            }
        };
        let starts_on = date(&mut errors, &self.starts_on, "starts_on");
        let ends_on = date(&mut errors, &self.ends_on, "ends_on");
        if let (Some(s), Some(e)) = (starts_on, ends_on) {
            if e < s {
                errors.push(FieldError::new(
                    "ends_on",
                    "activity-ends-before-start",
                    "the end is before the start",
                ));
            } else if let Some((first, last)) = year_bounds(year) {
                if s > last {
                    errors.push(FieldError::new(
                        "starts_on",
                        "outside-plan-year",
                        format!("starts after the plan year {year}"),
                    ));
                } else if e < first {
                    errors.push(FieldError::new(
                        "ends_on",
                        "outside-plan-year",
                        format!("ends before the plan year {year}"),
                    ));
                }
            }
        }
        errors.into_result(|| ActivityDraft {
            objective: objective.expect("checked"),
            text: text.flatten().unwrap_or_default(),
            responsible: responsible.expect("checked"),
            budget: budget.expect("checked"),
            progress: progress.expect("checked"),
            starts_on: starts_on.expect("checked"),
            ends_on: ends_on.expect("checked"),
        })
    }
}

/// The first and last day of a year.
pub fn year_bounds(year: i32) -> Option<(Date, Date)> {
    Some((
        Date::from_calendar_date(year, Month::January, 1).ok()?,
        Date::from_calendar_date(year, Month::December, 31).ok()?,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    const ILS: Currency = Currency {
        code: "ILS",
        decimals: 2,
    };

    fn raw() -> RawActivity {
        RawActivity {
            objective: ObjectiveId::new().to_string(),
            text: "زيارات منزلية لكبار السن".into(),
            organisation: String::new(),
            directorate: "on".into(),
            budget: "١٢٬٥٠٠٫٥٠".into(),
            status: "in_progress".into(),
            progress: "٤٠".into(),
            starts_on: "2026-02-01".into(),
            ends_on: "2026-06-30".into(),
        }
    }

    fn first_error(r: &RawActivity) -> (String, &'static str) {
        let e = r.parse(ILS, 2026).unwrap_err();
        (e.0[0].field.clone(), e.0[0].code)
    }

    #[test]
    fn an_activity_parses_with_arabic_digits_in_the_countrys_currency() {
        let a = raw().parse(ILS, 2026).unwrap();
        assert_eq!(a.budget, Money(1_250_050));
        assert_eq!(a.progress.progress, 40);
        assert_eq!(a.responsible, ResponsibleParty::Directorate);
    }

    #[test]
    fn exactly_one_responsible_party() {
        let org = OrganisationId::new();
        let both = RawActivity {
            organisation: org.to_string(),
            ..raw()
        };
        assert_eq!(
            first_error(&both),
            ("organisation".into(), "two-responsible-parties")
        );
        let neither = RawActivity {
            directorate: String::new(),
            ..raw()
        };
        assert_eq!(
            first_error(&neither),
            ("organisation".into(), "no-responsible-party")
        );
        let partner = RawActivity {
            organisation: org.to_string(),
            directorate: String::new(),
            ..raw()
        };
        assert_eq!(
            partner.parse(ILS, 2026).unwrap().responsible,
            ResponsibleParty::Organisation(org)
        );
    }

    #[test]
    fn progress_is_a_percentage_and_done_is_complete() {
        for bad in ["101", "-1", "x"] {
            let r = RawActivity {
                progress: bad.into(),
                ..raw()
            };
            assert_eq!(
                first_error(&r),
                ("progress".into(), "out-of-range"),
                "{bad}"
            );
        }
        let r = RawActivity {
            status: "done".into(),
            progress: "90".into(),
            ..raw()
        };
        assert_eq!(first_error(&r), ("progress".into(), "done-not-complete"));
        let r = RawActivity {
            status: "later".into(),
            ..raw()
        };
        assert_eq!(first_error(&r), ("status".into(), "unknown-choice"));
    }

    #[test]
    fn dates_run_forward_and_overlap_the_plan_year() {
        let r = RawActivity {
            ends_on: "2026-01-31".into(),
            ..raw()
        };
        assert_eq!(
            first_error(&r),
            ("ends_on".into(), "activity-ends-before-start")
        );
        let r = RawActivity {
            starts_on: "2025-11-01".into(),
            ends_on: "2025-12-31".into(),
            ..raw()
        };
        assert_eq!(first_error(&r), ("ends_on".into(), "outside-plan-year"));
        let r = RawActivity {
            starts_on: "2027-01-01".into(),
            ends_on: "2027-02-01".into(),
            ..raw()
        };
        assert_eq!(first_error(&r), ("starts_on".into(), "outside-plan-year"));
        // Overlapping the year is enough.
        let r = RawActivity {
            starts_on: "2025-11-01".into(),
            ends_on: "2026-01-15".into(),
            ..raw()
        };
        assert!(r.parse(ILS, 2026).is_ok());
        let r = RawActivity {
            starts_on: "2026-13-01".into(),
            ..raw()
        };
        assert_eq!(first_error(&r), ("starts_on".into(), "invalid-date"));
    }

    #[test]
    fn a_bad_budget_names_the_budget_field() {
        for bad in ["", "abc", "1.234", "-5"] {
            let r = RawActivity {
                budget: bad.into(),
                ..raw()
            };
            assert_eq!(first_error(&r).0, "budget", "{bad}");
        }
    }

    #[test]
    fn an_objective_serves_a_priority_of_the_adopted_ranking() {
        let candidates = vec!["elderly_care".to_string(), "cash".to_string()];
        let ok = RawObjective {
            priority: "cash".into(),
            text: "  رفع  التغطية ".into(),
        }
        .parse(&candidates)
        .unwrap();
        assert_eq!(ok.text, "رفع التغطية");
        let e = RawObjective {
            priority: "spa".into(),
            text: "x".into(),
        }
        .parse(&candidates)
        .unwrap_err();
        assert_eq!(e.0[0].code, "not-an-adopted-priority");
        let e = RawObjective {
            priority: "cash".into(),
            text: "x".into(),
        }
        .parse(&[])
        .unwrap_err();
        assert_eq!(
            (e.0[0].field.as_str(), e.0[0].code),
            ("priority", "no-adopted-priorities")
        );
        assert_eq!(parse_year("٢٠٢٦").unwrap(), 2026);
        assert_eq!(parse_year("1999").unwrap_err().field, "year");
    }
}
