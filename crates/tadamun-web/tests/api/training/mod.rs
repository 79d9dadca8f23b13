//! Staff training over the web, on SQLite and PostgreSQL: a manager adds a course,
//! schedules a session, enrols, marks attendance and completes trainees (issuing
//! certificates), requires the course of two roles and reads who is missing it (an
//! expired certificate counts as missing, a valid one does not); the holder finds the
//! certificate under their own trainings. Bad input through the real forms names its
//! field in Arabic and English and writes nothing.

mod flow;
mod input;

use tadamun_domain::{
    audit::AuditAction,
    ids::{CourseId, TrainingSessionId},
};
use tadamun_store::audit::AuditFilter;

use crate::helpers::TestApp;

pub(super) async fn audited(app: &TestApp, action: AuditAction) -> i64 {
    app.store
        .count_audit_entries(&AuditFilter {
            action: Some(action),
            ..Default::default()
        })
        .await
        .unwrap()
}

pub(super) fn course_form<'a>(
    code: &'a str,
    title_ar: &'a str,
    hours: &'a str,
) -> Vec<(&'a str, &'a str)> {
    vec![
        ("code", code),
        ("title_ar", title_ar),
        ("title_en", "Case management"),
        ("description", "أساسيات إدارة الحالة"),
        ("hours", hours),
        ("validity_months", "12"),
    ]
}

pub(super) fn session_form<'a>(
    starts: &'a str,
    ends: &'a str,
    capacity: &'a str,
) -> Vec<(&'a str, &'a str)> {
    vec![
        ("starts_on", starts),
        ("ends_on", ends),
        ("place", "قاعة مديرية إربد"),
        ("governorate", "JO-IR"),
        ("trainer", "ليلى حداد"),
        ("capacity", capacity),
    ]
}

/// Adds a course through the form as the clerk; its id.
pub(super) async fn course_through_form(app: &TestApp, code: &str) -> CourseId {
    let (status, at, html) = app
        .post_as(
            &app.browser,
            "/training/courses/new",
            &course_form(code, "إدارة الحالة", "12"),
        )
        .await;
    assert_eq!(status, 200, "{html}");
    CourseId::parse(at.trim_start_matches("/training/courses/")).expect("the course page")
}

/// Schedules a session through the form as the clerk; its id.
pub(super) async fn session_through_form(
    app: &TestApp,
    course: CourseId,
    starts: &str,
    capacity: &str,
) -> TrainingSessionId {
    let (status, at, html) = app
        .post_as(
            &app.browser,
            &format!("/training/courses/{course}/sessions/new"),
            &session_form(starts, starts, capacity),
        )
        .await;
    assert_eq!(status, 200, "{html}");
    TrainingSessionId::parse(at.trim_start_matches("/training/sessions/"))
        .expect("the session page")
}

/// The refusal a session page shows, as "field: error".
pub(super) fn session_error(html: &str) -> String {
    let marker = "id=\"training-error\" role=\"alert\">";
    let start = html
        .find(marker)
        .unwrap_or_else(|| panic!("no refusal shown: {html}"))
        + marker.len();
    html[start..].split("</p>").next().unwrap().to_owned()
}
