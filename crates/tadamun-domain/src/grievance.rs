//! Grievances and appeals (شكاوى وتظلمات): channels, categories and their service-level
//! days, the status life cycle, the escalation rule, the citizen's reference and the
//! receipt code shown once at filing. Pure: the clock and the random bytes are arguments.

use std::fmt;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use time::{Duration, OffsetDateTime};

use crate::{
    FieldError, FieldErrors,
    area::GovernorateCode,
    country::Country,
    identity::{Document, DocumentType},
    ids::{GrievanceId, HouseholdId},
    phone::{Phone, to_ascii_digit},
};

text_enum!(
    /// How the grievance reached the ministry.
    GrievanceChannel, "channel" {
        Office => "office",
        Phone => "phone",
        Web => "web",
    }
);

text_enum!(
    /// What the grievance is about. An appeal against a targeting decision is a
    /// grievance of the first category, linked to the decision.
    GrievanceCategory, "category" {
        TargetingDecision => "targeting_decision",
        Payment => "payment",
        RegistrationData => "registration_data",
        StaffConduct => "staff_conduct",
        Protection => "protection",
        Other => "other",
    }
);

impl GrievanceCategory {
    /// Days to settle a grievance of this category before it is escalated. Protection
    /// cannot wait; an appeal needs a re-assessment, which takes longest.
    pub const fn sla_days(self) -> i64 {
        match self {
            Self::TargetingDecision => 30,
            Self::Payment => 14,
            Self::RegistrationData => 14,
            Self::StaffConduct => 14,
            Self::Protection => 3,
            Self::Other => 30,
        }
    }

    /// Complaints about staff or about protection matters are need-to-know: the
    /// complainant may be at risk from the very people who would read them.
    pub const fn is_restricted(self) -> bool {
        matches!(self, Self::StaffConduct | Self::Protection)
    }

    /// When a grievance of this category filed at `filed_at` is due.
    pub fn due_at(self, filed_at: OffsetDateTime) -> OffsetDateTime {
        filed_at + Duration::days(self.sla_days())
    }
}

text_enum!(
    /// Where a grievance is in its life: open → assigned → in_progress →
    /// resolved/rejected → closed; `escalated` when its SLA passed unsettled.
    GrievanceStatus, "status" {
        Open => "open",
        Assigned => "assigned",
        InProgress => "in_progress",
        Escalated => "escalated",
        Resolved => "resolved",
        Rejected => "rejected",
        Closed => "closed",
    }
);

impl GrievanceStatus {
    /// Settled: an answer was given (or the file closed); the SLA no longer runs.
    pub const fn is_settled(self) -> bool {
        matches!(self, Self::Resolved | Self::Rejected | Self::Closed)
    }

    /// The moves a person may make. Assignment (to `assigned`) is its own action, and
    /// `escalated` is reached only by the escalation rule.
    pub fn can_move_to(self, to: GrievanceStatus) -> bool {
        use GrievanceStatus as S;
        matches!(
            (self, to),
            (S::Open | S::Assigned | S::Escalated, S::InProgress)
                | (
                    S::Open | S::Assigned | S::InProgress | S::Escalated,
                    S::Resolved | S::Rejected
                )
                | (S::Resolved | S::Rejected, S::Closed)
                // Reopened: the citizen came back with more.
                | (S::Resolved | S::Rejected, S::InProgress)
        )
    }

    /// `can_move_to` as a field error for the form.
    pub fn check_move(self, to: GrievanceStatus) -> Result<(), FieldError> {
        if self.can_move_to(to) {
            Ok(())
        } else {
            Err(FieldError::new(
                "status",
                "invalid-transition",
                format!("a grievance cannot go from {self} to {to}"),
            ))
        }
    }

    /// Whether assigning keeps or changes the status: an unsettled grievance becomes
    /// `assigned` unless work has begun; a settled one cannot be assigned.
    pub fn after_assignment(self) -> Result<GrievanceStatus, FieldError> {
        match self {
            Self::Open | Self::Assigned | Self::Escalated => Ok(Self::Assigned),
            Self::InProgress => Ok(Self::InProgress),
            _ => Err(FieldError::new(
                "assignee",
                "grievance-settled",
                "a settled grievance cannot be assigned",
            )),
        }
    }
}

/// Past its due time and not yet settled.
pub fn is_overdue(status: GrievanceStatus, due_at: OffsetDateTime, now: OffsetDateTime) -> bool {
    !status.is_settled() && now >= due_at
}

/// The escalation rule: an unsettled grievance whose SLA has passed goes to the
/// supervisor level, once. `now` is the caller's clock.
pub fn needs_escalation(
    status: GrievanceStatus,
    due_at: OffsetDateTime,
    already_escalated: bool,
    now: OffsetDateTime,
) -> bool {
    !already_escalated && is_overdue(status, due_at, now)
}

/// The reference a citizen quotes: the year filed and a number within it
/// (`2026-000123`). Not secret; the receipt code is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct GrievanceRef {
    pub year: i32,
    pub number: i64,
}

impl GrievanceRef {
    /// Accepts `2026-000123`, `2026/123`, Arabic-Indic digits and spaces.
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        let err = || {
            FieldError::new(
                "reference",
                "invalid-grievance-reference",
                "a grievance reference looks like 2026-000123",
            )
        };
        let folded: String = raw
            .trim()
            .chars()
            .map(|c| to_ascii_digit(c).unwrap_or(c))
            .collect();
        let (year, number) = folded
            .split_once(['-', '/', ' ', '\u{2010}', '\u{2013}'])
            .ok_or_else(err)?;
        let (year, number) = (year.trim(), number.trim());
        let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        if year.len() != 4 || !digits(year) || !digits(number) || number.len() > 12 {
            return Err(err());
        }
        let year: i32 = year.parse().map_err(|_| err())?;
        let number: i64 = number.parse().map_err(|_| err())?;
        if number == 0 {
            return Err(err());
        }
        Ok(Self { year, number })
    }
}

impl fmt::Display for GrievanceRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{:06}", self.year, self.number)
    }
}

/// The secret a citizen gets on the receipt, with the reference: twelve digits (digits
/// because they read the same in Arabic and can be typed on any phone). Shown once and
/// stored only as a salted SHA-256. A fast hash is enough: the code is random with
/// about 40 bits, the lookup is rate-limited, and whoever could read the hash could
/// read the grievance itself.
#[derive(Clone, PartialEq, Eq)]
pub struct ReceiptCode(String);

const RECEIPT_DIGITS: usize = 12;
const RECEIPT_HASH_TAG: &[u8] = b"tadamun grievance receipt v1\0";

impl ReceiptCode {
    /// A code from 16 random bytes (the caller draws them from the OS). 2^128 is so much
    /// larger than 10^12 that the modulo bias is nil.
    pub fn from_random(bytes: [u8; 16]) -> Self {
        let n = u128::from_be_bytes(bytes) % 10u128.pow(RECEIPT_DIGITS as u32);
        Self(format!("{n:012}"))
    }

    /// What the citizen typed: spaces and dashes ignored, Arabic-Indic digits folded.
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        let digits: String = raw
            .chars()
            .filter(|c| !c.is_whitespace() && !matches!(c, '-' | '\u{2010}' | '\u{2013}'))
            .map(|c| to_ascii_digit(c).unwrap_or(c))
            .collect();
        if digits.len() != RECEIPT_DIGITS || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(FieldError::new(
                "code",
                "invalid-receipt-code",
                "the receipt code has 12 digits",
            ));
        }
        Ok(Self(digits))
    }

    /// For the receipt: `1234 5678 9012`.
    pub fn grouped(&self) -> String {
        let b = self.0.as_bytes();
        b.chunks(4)
            .map(|c| String::from_utf8_lossy(c).into_owned())
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// The stored form: SHA-256 over a version tag, the grievance id (a per-record salt,
    /// so one table of guesses does not serve every row) and the code; lower-case hex.
    pub fn hash(&self, grievance: GrievanceId) -> String {
        let mut h = Sha256::new();
        h.update(RECEIPT_HASH_TAG);
        h.update(grievance.0.as_bytes());
        h.update(self.0.as_bytes());
        hex(&h.finalize())
    }

    /// Whether this code is the one stored for `grievance`, compared in constant time.
    pub fn matches(&self, grievance: GrievanceId, stored_hash: &str) -> bool {
        let ours = self.hash(grievance);
        ours.len() == stored_hash.len()
            && ours
                .bytes()
                .zip(stored_hash.bytes())
                .fold(0u8, |acc, (a, b)| acc | (a ^ b))
                == 0
    }
}

/// Never print the secret, even in logs.
impl fmt::Debug for ReceiptCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ReceiptCode(***)")
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A grievance as typed by staff on the form or sent to the API: every field text.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct RawGrievance {
    /// `office`, `phone` or `web`.
    pub channel: String,
    /// `targeting_decision`, `payment`, `registration_data`, `staff_conduct`,
    /// `protection` or `other`.
    pub category: String,
    /// A governorate code such as `JO-IR`; may be left empty when a household is given.
    pub governorate: String,
    /// The household concerned, if registered (a uuid).
    pub household_id: String,
    /// The decision appealed against (a uuid).
    pub decision_id: String,
    pub complainant_name: String,
    /// The complainant's national ID number, so they can look the grievance up by it.
    pub complainant_id_number: String,
    pub complainant_phone: String,
    pub description: String,
    /// Mark restricted even if the category is not (sensitive categories always are).
    pub restricted: bool,
}

/// A grievance that parsed. The governorate is `None` only when a household is given:
/// the store takes the household's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GrievanceDraft {
    pub channel: GrievanceChannel,
    pub category: GrievanceCategory,
    pub governorate: Option<GovernorateCode>,
    pub household: Option<HouseholdId>,
    pub decision: Option<uuid::Uuid>,
    pub complainant_name: String,
    pub complainant_id_number: Option<String>,
    pub complainant_phone: Option<Phone>,
    pub description: String,
    pub restricted: bool,
}

const NAME_MAX: usize = 200;
const DESCRIPTION_MAX: usize = 4000;

fn text(errors: &mut FieldErrors, field: &str, raw: &str, max: usize) -> String {
    let t = raw.trim();
    if t.is_empty() {
        errors.push(FieldError::required(field));
    } else if t.chars().count() > max {
        errors.push(FieldError::new(
            field,
            "too-long",
            format!("at most {max} characters"),
        ));
    }
    t.to_owned()
}

fn optional<T>(
    raw: &str,
    parse: impl FnOnce(&str) -> Result<T, FieldError>,
) -> Result<Option<T>, FieldError> {
    let t = raw.trim();
    if t.is_empty() {
        Ok(None)
    } else {
        parse(t).map(Some)
    }
}

impl RawGrievance {
    /// Parses every field, reporting all errors at once, each under its field name.
    pub fn parse(&self, country: Country) -> Result<GrievanceDraft, FieldErrors> {
        let mut e = FieldErrors::default();
        let channel = e.take(GrievanceChannel::parse(&self.channel));
        let category = e.take(GrievanceCategory::parse(&self.category));
        let household = e.take(optional(&self.household_id, |s| {
            HouseholdId::parse(s).map_err(|_| {
                FieldError::new("household_id", "invalid-id", "not a household identifier")
            })
        }));
        let governorate = e.take(optional(&self.governorate, GovernorateCode::parse));
        if matches!((&governorate, &household), (Some(None), Some(None))) {
            e.push(FieldError::required("governorate"));
        }
        let decision = e.take(optional(&self.decision_id, |s| {
            uuid::Uuid::parse_str(s).map_err(|_| {
                FieldError::new("decision_id", "invalid-id", "not a decision identifier")
            })
        }));
        let national = DocumentType::national_for(country);
        let id_number = e.take(optional(&self.complainant_id_number, |s| {
            Document::parse(national, s)
                .map(|d| d.number)
                .map_err(|err| FieldError {
                    field: "complainant_id_number".into(),
                    ..err
                })
        }));
        let phone = e.take(optional(&self.complainant_phone, |s| {
            Phone::parse(country, s).map_err(|err| FieldError {
                field: "complainant_phone".into(),
                ..err
            })
        }));
        let name = text(&mut e, "complainant_name", &self.complainant_name, NAME_MAX);
        let description = text(&mut e, "description", &self.description, DESCRIPTION_MAX);
        match (
            channel,
            category,
            governorate,
            household,
            decision,
            id_number,
            phone,
        ) {
            (
                Some(channel),
                Some(category),
                Some(governorate),
                Some(household),
                Some(decision),
                Some(id),
                Some(phone),
            ) if e.is_empty() => Ok(GrievanceDraft {
                channel,
                category,
                governorate,
                household,
                decision,
                complainant_name: name,
                complainant_id_number: id,
                complainant_phone: phone,
                description,
                restricted: self.restricted || category.is_restricted(),
            }),
            _ => Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::datetime;

    fn raw() -> RawGrievance {
        RawGrievance {
            channel: "office".into(),
            category: "payment".into(),
            governorate: "JO-IR".into(),
            complainant_name: "أحمد محمد الزعبي".into(),
            complainant_id_number: "9801234567".into(),
            description: "لم تصل الدفعة".into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_complete_grievance_parses_and_sensitive_categories_are_restricted() {
        let d = raw().parse(Country::Jordan).unwrap();
        assert_eq!(d.category, GrievanceCategory::Payment);
        assert!(!d.restricted);
        let mut r = raw();
        r.category = "protection".into();
        assert!(r.parse(Country::Jordan).unwrap().restricted);
    }

    #[test]
    fn every_bad_field_is_named() {
        let r = RawGrievance {
            channel: "fax".into(),
            category: "weather".into(),
            household_id: "nope".into(),
            complainant_id_number: "12".into(),
            ..Default::default()
        };
        let e = r.parse(Country::Jordan).unwrap_err();
        for f in [
            "channel",
            "category",
            "household_id",
            "complainant_id_number",
            "complainant_name",
            "description",
        ] {
            assert!(e.for_field(f).is_some(), "{f}: {e:?}");
        }
    }

    #[test]
    fn a_governorate_is_needed_only_without_a_household() {
        let mut r = raw();
        r.governorate.clear();
        assert!(
            r.parse(Country::Jordan)
                .unwrap_err()
                .for_field("governorate")
                .is_some()
        );
        r.household_id = HouseholdId::new().to_string();
        assert_eq!(r.parse(Country::Jordan).unwrap().governorate, None);
    }

    #[test]
    fn the_life_cycle_allows_only_its_moves() {
        use GrievanceStatus as S;
        assert!(S::Open.can_move_to(S::InProgress));
        assert!(S::InProgress.can_move_to(S::Resolved));
        assert!(S::Resolved.can_move_to(S::Closed));
        assert!(
            !S::Open.can_move_to(S::Closed),
            "closing needs an answer first"
        );
        assert!(!S::Closed.can_move_to(S::InProgress), "closed is final");
        assert!(
            !S::Open.can_move_to(S::Escalated),
            "only the rule escalates"
        );
        assert_eq!(S::Closed.after_assignment().unwrap_err().field, "assignee");
        assert_eq!(S::Escalated.after_assignment().unwrap(), S::Assigned);
        assert_eq!(S::Open.check_move(S::Closed).unwrap_err().field, "status");
    }

    #[test]
    fn a_grievance_escalates_once_when_its_sla_passes_unsettled() {
        let filed = datetime!(2026-03-01 09:00 UTC);
        let due = GrievanceCategory::Protection.due_at(filed);
        assert_eq!(due, datetime!(2026-03-04 09:00 UTC));
        let before = due - Duration::seconds(1);
        assert!(!needs_escalation(GrievanceStatus::Open, due, false, before));
        assert!(needs_escalation(GrievanceStatus::Open, due, false, due));
        assert!(needs_escalation(
            GrievanceStatus::InProgress,
            due,
            false,
            due
        ));
        assert!(
            !needs_escalation(GrievanceStatus::Open, due, true, due),
            "once"
        );
        assert!(!needs_escalation(
            GrievanceStatus::Resolved,
            due,
            false,
            due
        ));
        assert!(is_overdue(GrievanceStatus::Escalated, due, due));
    }

    #[test]
    fn references_parse_in_either_script_and_print_padded() {
        let r = GrievanceRef::parse("٢٠٢٦-١٢٣").unwrap();
        assert_eq!(
            r,
            GrievanceRef {
                year: 2026,
                number: 123
            }
        );
        assert_eq!(r.to_string(), "2026-000123");
        assert_eq!(GrievanceRef::parse(" 2026/000123 ").unwrap(), r);
        for bad in ["", "2026", "26-1", "2026-", "2026-0", "abcd-12", "2026-1x"] {
            assert_eq!(
                GrievanceRef::parse(bad).unwrap_err().field,
                "reference",
                "{bad}"
            );
        }
    }

    #[test]
    fn a_receipt_code_matches_only_its_own_grievance_and_never_prints() {
        let code = ReceiptCode::from_random([7; 16]);
        let g = GrievanceId::new();
        let stored = code.hash(g);
        assert!(code.matches(g, &stored));
        assert!(
            !code.matches(GrievanceId::new(), &stored),
            "salted by the id"
        );
        let typed = ReceiptCode::parse(&code.grouped()).unwrap();
        assert!(typed.matches(g, &stored));
        assert_eq!(format!("{code:?}"), "ReceiptCode(***)");
        assert_eq!(ReceiptCode::parse("1234").unwrap_err().field, "code");
        let arabic = ReceiptCode::parse("١٢٣٤ ٥٦٧٨ ٩٠١٢").unwrap();
        assert_eq!(arabic, ReceiptCode::parse("123456789012").unwrap());
    }

    proptest! {
        #[test]
        fn every_random_code_has_twelve_digits_and_reparses(bytes in any::<[u8; 16]>()) {
            let code = ReceiptCode::from_random(bytes);
            prop_assert_eq!(code.0.len(), 12);
            prop_assert_eq!(ReceiptCode::parse(&code.grouped()).unwrap(), code);
        }

        #[test]
        fn references_round_trip(year in 2000i32..2100, number in 1i64..10_000_000) {
            let r = GrievanceRef { year, number };
            prop_assert_eq!(GrievanceRef::parse(&r.to_string()).unwrap(), r);
        }
    }
}
