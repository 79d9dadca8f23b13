//! Accreditation: the ministry's standing of a partner (pending, accredited,
//! suspended, expired) with its expiry date. Whether it has expired is a pure
//! function of `today`; a change to it is maker-checker (see `change.rs`).

use serde::{Deserialize, Serialize};
use time::Date;

use crate::{FieldError, FieldErrors};

text_enum!(
    /// Where an organisation stands with the ministry.
    AccreditationStatus, "accreditation_status" {
        Pending => "pending",
        Accredited => "accredited",
        Suspended => "suspended",
        Expired => "expired",
    }
);

/// The stored standing: a status and, for an accreditation, the last day it holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Accreditation {
    pub status: AccreditationStatus,
    /// The last day the accreditation is valid; it reads as expired from the next day.
    #[schema(value_type = Option<String>, format = Date)]
    pub expires_on: Option<Date>,
}

impl Accreditation {
    /// A newly registered organisation: pending, no expiry.
    pub const PENDING: Self = Self {
        status: AccreditationStatus::Pending,
        expires_on: None,
    };

    /// The status as it reads on `today`: an accreditation past its expiry is expired.
    pub fn effective(&self, today: Date) -> AccreditationStatus {
        match (self.status, self.expires_on) {
            (AccreditationStatus::Accredited, Some(last)) if last < today => {
                AccreditationStatus::Expired
            }
            (status, _) => status,
        }
    }

    /// Days from `today` until the last valid day, while it is accredited and not past.
    pub fn days_left(&self, today: Date) -> Option<i64> {
        match (self.effective(today), self.expires_on) {
            (AccreditationStatus::Accredited, Some(last)) => Some((last - today).whole_days()),
            _ => None,
        }
    }
}

/// A proposed change of accreditation, waiting for a second person: accredit (or
/// renew) until a date, suspend, or end it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct AccreditationChange {
    pub status: AccreditationStatus,
    #[schema(value_type = Option<String>, format = Date)]
    pub expires_on: Option<Date>,
}

impl AccreditationChange {
    /// Checks a proposal against the current standing on `today`. An accreditation
    /// needs an expiry after today; pending is where organisations start, not a change;
    /// a proposal that changes nothing is refused.
    pub fn parse(
        status: &str,
        expires_on: &str,
        current: &Accreditation,
        today: Date,
    ) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::default();
        let status = errors.take(AccreditationStatus::parse(status).map_err(|e| {
            if status.trim().is_empty() {
                FieldError::required("status")
            } else {
                FieldError {
                    field: "status".into(),
                    ..e
                }
            }
        }));
        let expires_on = match expires_on.trim() {
            "" => None,
            raw => errors.take(parse_date(raw, "expires_on")),
        };
        let Some(status) = status else {
            return Err(errors);
        };
        if status == AccreditationStatus::Pending {
            errors.push(FieldError::new(
                "status",
                "accreditation-not-a-change",
                "an organisation starts as pending; choose accredited, suspended or expired",
            ));
        }
        let expires_on = match status {
            AccreditationStatus::Accredited => match expires_on {
                None if errors.for_field("expires_on").is_none() => {
                    errors.push(FieldError::required("expires_on"));
                    None
                }
                Some(d) if d <= today => {
                    errors.push(FieldError::new(
                        "expires_on",
                        "expiry-not-in-future",
                        "an accreditation must run until a day after today",
                    ));
                    None
                }
                d => d,
            },
            // A suspension keeps the date it would have run to; an end keeps the old one.
            _ => current.expires_on,
        };
        let change = Self { status, expires_on };
        if errors.is_empty()
            && current.effective(today) == status
            && current.expires_on == expires_on
        {
            errors.push(FieldError::new(
                "status",
                "accreditation-unchanged",
                "this is the organisation's accreditation already",
            ));
        }
        errors.into_result(|| change)
    }

    /// Whether this proposal extends an accreditation that exists (or lapsed).
    pub fn is_renewal(&self, current: &Accreditation) -> bool {
        self.status == AccreditationStatus::Accredited
            && current.expires_on.is_some()
            && matches!(
                current.status,
                AccreditationStatus::Accredited | AccreditationStatus::Expired
            )
    }

    pub fn applied(&self) -> Accreditation {
        Accreditation {
            status: self.status,
            expires_on: self.expires_on,
        }
    }
}

/// A date typed as `YYYY-MM-DD`, with Arabic-Indic digits accepted.
pub(crate) fn parse_date(raw: &str, field: &str) -> Result<Date, FieldError> {
    let ascii: String = raw
        .trim()
        .chars()
        .map(|c| crate::phone::to_ascii_digit(c).unwrap_or(c))
        .collect();
    let format = time::macros::format_description!("[year]-[month]-[day]");
    Date::parse(&ascii, &format).map_err(|_| {
        FieldError::new(
            field,
            "invalid-date",
            format!("'{raw}' is not a date like 2027-06-30"),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    const TODAY: Date = date!(2026 - 12 - 03);

    fn accredited_until(d: Date) -> Accreditation {
        Accreditation {
            status: AccreditationStatus::Accredited,
            expires_on: Some(d),
        }
    }

    #[test]
    fn an_accreditation_reads_as_expired_only_after_its_last_day() {
        let a = accredited_until(TODAY);
        assert_eq!(a.effective(TODAY), AccreditationStatus::Accredited);
        assert_eq!(a.days_left(TODAY), Some(0));
        assert_eq!(
            a.effective(TODAY.next_day().unwrap()),
            AccreditationStatus::Expired
        );
        assert_eq!(a.days_left(TODAY.next_day().unwrap()), None);
        let suspended = Accreditation {
            status: AccreditationStatus::Suspended,
            expires_on: Some(date!(2020 - 01 - 01)),
        };
        assert_eq!(suspended.effective(TODAY), AccreditationStatus::Suspended);
        assert_eq!(
            Accreditation::PENDING.effective(TODAY),
            AccreditationStatus::Pending
        );
    }

    #[test]
    fn accrediting_needs_an_expiry_after_today() {
        let p = &Accreditation::PENDING;
        let e = AccreditationChange::parse("accredited", "", p, TODAY).unwrap_err();
        assert_eq!(e.0[0].field, "expires_on");
        assert_eq!(e.0[0].code, "required");
        let e = AccreditationChange::parse("accredited", "2026-12-03", p, TODAY).unwrap_err();
        assert_eq!(e.0[0].code, "expiry-not-in-future");
        let e = AccreditationChange::parse("accredited", "3/12/2027", p, TODAY).unwrap_err();
        assert_eq!(e.0[0].code, "invalid-date");
        let c = AccreditationChange::parse("accredited", "٢٠٢٧-١٢-٣١", p, TODAY).unwrap();
        assert_eq!(c.expires_on, Some(date!(2027 - 12 - 31)));
        assert!(!c.is_renewal(p));
    }

    #[test]
    fn renewing_a_lapsed_accreditation_is_a_renewal_and_a_no_op_is_refused() {
        let lapsed = accredited_until(date!(2026 - 06 - 30));
        let c = AccreditationChange::parse("accredited", "2027-06-30", &lapsed, TODAY).unwrap();
        assert!(c.is_renewal(&lapsed));
        let current = accredited_until(date!(2027 - 06 - 30));
        let e =
            AccreditationChange::parse("accredited", "2027-06-30", &current, TODAY).unwrap_err();
        assert_eq!(e.0[0].code, "accreditation-unchanged");
        // Marking a lapsed one expired changes nothing: it reads expired already.
        let e = AccreditationChange::parse("expired", "", &lapsed, TODAY).unwrap_err();
        assert_eq!(e.0[0].code, "accreditation-unchanged");
    }

    #[test]
    fn a_suspension_keeps_the_expiry_and_pending_or_garbage_is_refused() {
        let current = accredited_until(date!(2027 - 06 - 30));
        let c = AccreditationChange::parse("suspended", "", &current, TODAY).unwrap();
        assert_eq!(c.expires_on, current.expires_on);
        let e = AccreditationChange::parse("pending", "", &current, TODAY).unwrap_err();
        assert_eq!(e.0[0].code, "accreditation-not-a-change");
        let e = AccreditationChange::parse("gold", "", &current, TODAY).unwrap_err();
        assert_eq!(
            (e.0[0].field.as_str(), e.0[0].code),
            ("status", "unknown-choice")
        );
        let e = AccreditationChange::parse(" ", "", &current, TODAY).unwrap_err();
        assert_eq!(e.0[0].code, "required");
    }
}
