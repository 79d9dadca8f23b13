//! Required trainings: the courses each role must hold, and the rule that finds,
//! for one user, every required course without a valid certificate on a given day,
//! telling "expired on" from "never taken".

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};
use time::Date;

use crate::ids::CourseId;

/// One role must hold one course.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Requirement {
    pub role_code: String,
    pub course: CourseId,
}

/// Why a required course is missing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Gap {
    NeverTaken,
    /// The latest certificate stopped being valid on this day.
    ExpiredOn(Date),
}

/// The required courses a user lacks on `today`, in course order. `required` are the
/// courses of the user's roles; `certificates` every certificate the user holds, as
/// (course, expiry; `None` never expires). One valid certificate is enough; otherwise
/// the latest expiry is the one reported.
pub fn missing_trainings(
    required: &BTreeSet<CourseId>,
    certificates: &[(CourseId, Option<Date>)],
    today: Date,
) -> Vec<(CourseId, Gap)> {
    // Per course: `None` = one never expires, else the latest expiry.
    let mut best: BTreeMap<CourseId, Option<Date>> = BTreeMap::new();
    for (course, expires) in certificates {
        let slot = best.entry(*course).or_insert(*expires);
        *slot = match (*slot, *expires) {
            (None, _) | (_, None) => None,
            (Some(a), Some(b)) => Some(a.max(b)),
        };
    }
    required
        .iter()
        .filter_map(|course| match best.get(course) {
            None => Some((*course, Gap::NeverTaken)),
            Some(None) => None,
            Some(Some(expiry)) if today < *expiry => None,
            Some(Some(expiry)) => Some((*course, Gap::ExpiredOn(*expiry))),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn a_required_course_is_missing_when_never_taken_or_only_expired() {
        let (a, b, c, d) = (
            CourseId::new(),
            CourseId::new(),
            CourseId::new(),
            CourseId::new(),
        );
        let required: BTreeSet<_> = [a, b, c, d].into();
        let today = date!(2026 - 12 - 03);
        let certs = vec![
            (a, Some(date!(2027 - 01 - 01))),
            (b, Some(date!(2025 - 01 - 01))),
            (b, Some(date!(2026 - 12 - 03))),
            (c, None),
            (c, Some(date!(2020 - 01 - 01))),
        ];
        let mut want = vec![
            (b, Gap::ExpiredOn(date!(2026 - 12 - 03))),
            (d, Gap::NeverTaken),
        ];
        want.sort_by_key(|(c, _)| *c);
        assert_eq!(missing_trainings(&required, &certs, today), want);
        assert!(missing_trainings(&BTreeSet::new(), &certs, today).is_empty());
    }
}
