//! Staff capacity building: training courses, their sessions, who enrolled, attended
//! and completed, the certificates completion issues and how long they stay valid,
//! the courses each role must hold, and who is missing which. Pure: parsed here from
//! raw input with every error naming its field; the store keeps it.

pub mod compliance;
pub mod course;
pub mod session;

pub use compliance::{Gap, Requirement, missing_trainings};
pub use course::{
    Course, CourseCode, CourseDraft, RawCourse, Validity, certificate_expiry, certificate_number,
};
pub use session::{EnrolmentStatus, RawSession, SessionDraft, parse_completion_date};

/// Collapses runs of white space; `None` when blank. Too long is a field error.
pub(crate) fn text(
    raw: &str,
    field: &str,
    required: bool,
    max: usize,
) -> Result<Option<String>, crate::FieldError> {
    let t = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    if t.is_empty() {
        return if required {
            Err(crate::FieldError::required(field))
        } else {
            Ok(None)
        };
    }
    if t.chars().count() > max {
        return Err(crate::FieldError::new(
            field,
            "too-long",
            format!("at most {max} characters"),
        ));
    }
    Ok(Some(t))
}

/// A whole number typed with Western or Arabic-Indic digits, inside `range`.
pub(crate) fn whole_number(
    raw: &str,
    field: &str,
    range: std::ops::RangeInclusive<i64>,
) -> Result<i64, crate::FieldError> {
    let ascii: String = raw
        .trim()
        .chars()
        .map(|c| crate::phone::to_ascii_digit(c).unwrap_or(c))
        .collect();
    if ascii.is_empty() {
        return Err(crate::FieldError::required(field));
    }
    match ascii.parse::<i64>() {
        Ok(n) if range.contains(&n) => Ok(n),
        _ => Err(crate::FieldError::new(
            field,
            "out-of-range",
            format!(
                "'{raw}' must be a whole number from {} to {}",
                range.start(),
                range.end()
            ),
        )),
    }
}
