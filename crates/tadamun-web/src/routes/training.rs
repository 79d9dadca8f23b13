//! Staff training pages: the course catalogue and its add/edit form, a course with
//! its sessions, the courses each role must hold, and the missing-training report
//! (with its CSV). Sessions, trainees and certificates are in `training_sessions`.

use std::collections::BTreeSet;

use askama::Template;
use axum::{
    extract::{Path, Query, State},
    http::{Method, StatusCode, header},
    response::{IntoResponse, Response},
    routing::{get, post},
};
use tadamun_domain::{
    FieldErrors,
    access::Permission,
    area::GovernorateCode,
    ids::CourseId,
    training::{Course, Gap, RawCourse},
};
use tadamun_store::{StoreError, training::records::MissingFilter};

use super::{
    FormPairs, households::governorate_name, partners::governorate_options, see_other,
    training_sessions,
};
use crate::{
    authz::{Routes, Rule},
    error::{AppError, AppResult},
    i18n::Tr,
    session::PageUser,
    state::AppState,
    views::{Chrome, FormField, render},
};

pub(crate) fn routes() -> Routes {
    let read = Rule::Needs(Permission::TrainingRead);
    let manage = Rule::Needs(Permission::TrainingManage);
    Routes::new("")
        .add(Method::GET, "/training", read, get(courses_page))
        .add(Method::GET, "/training/courses/new", manage, get(new_page))
        .add(Method::POST, "/training/courses/new", manage, post(create))
        .add(
            Method::GET,
            "/training/courses/{id}",
            read,
            get(course_page),
        )
        .add(
            Method::GET,
            "/training/courses/{id}/edit",
            manage,
            get(edit_page),
        )
        .add(
            Method::POST,
            "/training/courses/{id}/edit",
            manage,
            post(update),
        )
        .add(
            Method::GET,
            "/training/requirements",
            read,
            get(requirements_page),
        )
        .add(
            Method::POST,
            "/training/requirements",
            manage,
            post(save_requirements),
        )
        .add(Method::GET, "/training/report", read, get(report_page))
        .add(Method::GET, "/training/report.csv", read, get(report_csv))
        .merge(training_sessions::routes())
}

/// A course in a list.
pub(crate) struct CourseLine {
    pub href: String,
    pub code: String,
    pub title: String,
    pub hours: String,
    pub validity: String,
}

fn validity(tr: Tr, c: &Course) -> String {
    match c.draft.validity.months() {
        Some(m) => tr.count("training-validity-months", m),
        None => tr.t("training-no-expiry"),
    }
}

fn line(tr: Tr, c: &Course) -> CourseLine {
    CourseLine {
        href: format!("/training/courses/{}", c.id),
        code: c.draft.code.as_str().to_owned(),
        title: c.title(tr.is_arabic()).to_owned(),
        hours: tr.num(c.draft.hours),
        validity: validity(tr, c),
    }
}

pub(crate) fn course_id(raw: &str) -> AppResult<CourseId> {
    CourseId::parse(raw).map_err(|_| AppError::NotFound)
}

async fn course(state: &AppState, user: &PageUser, id: &str) -> AppResult<Course> {
    state
        .store
        .get_course(&user.access, course_id(id)?)
        .await?
        .ok_or(AppError::NotFound)
}

#[derive(Template)]
#[template(path = "training_courses.html")]
struct CoursesPage {
    page: Chrome,
    courses: Vec<CourseLine>,
}

async fn courses_page(State(state): State<AppState>, user: PageUser) -> AppResult<Response> {
    let tr = user.tr;
    let courses = state.store.list_courses(&user.access).await?;
    Ok(render(&CoursesPage {
        page: Chrome::for_user(&user, "training-title", "training", "/training"),
        courses: courses.iter().map(|c| line(tr, c)).collect(),
    }))
}

#[derive(Template)]
#[template(path = "training_course_form.html")]
struct FormPage {
    page: Chrome,
    action: String,
    fields: Vec<FormField>,
}

fn form_page(
    user: &PageUser,
    action: String,
    title: &str,
    raw: &RawCourse,
    version: Option<i64>,
    errors: &FieldErrors,
) -> Response {
    let tr = user.tr;
    let text = |name: &str, kind: &'static str, value: &str| {
        FormField::new(name, tr.t(&format!("training-field-{name}")), kind, value)
    };
    let mut fields = vec![
        text("code", "text", &raw.code).ltr().required(),
        text("title_ar", "text", &raw.title_ar).required(),
        text("title_en", "text", &raw.title_en),
        text("description", "textarea", &raw.description),
        text("hours", "text", &raw.hours).ltr().required(),
        text("validity_months", "text", &raw.validity_months).ltr(),
    ];
    if let Some(v) = version {
        fields.push(FormField::new(
            "version",
            String::new(),
            "hidden",
            v.to_string(),
        ));
    }
    for f in &mut fields {
        f.error = errors.for_field(&f.name).map(|e| tr.field_error(e));
    }
    let mut r = render(&FormPage {
        page: Chrome::for_user(user, title, "training", action.clone()),
        action,
        fields,
    });
    if !errors.is_empty() {
        *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    r
}

fn raw_course(form: &FormPairs) -> RawCourse {
    RawCourse {
        code: form.value("code"),
        title_ar: form.value("title_ar"),
        title_en: form.value("title_en"),
        description: form.value("description"),
        hours: form.value("hours"),
        validity_months: form.value("validity_months"),
    }
}

async fn new_page(user: PageUser) -> AppResult<Response> {
    Ok(form_page(
        &user,
        "/training/courses/new".into(),
        "training-course-new-title",
        &RawCourse::default(),
        None,
        &FieldErrors::default(),
    ))
}

async fn create(
    State(state): State<AppState>,
    user: PageUser,
    form: FormPairs,
) -> AppResult<Response> {
    let raw = raw_course(&form);
    let refused = |e: &FieldErrors| {
        form_page(
            &user,
            "/training/courses/new".into(),
            "training-course-new-title",
            &raw,
            None,
            e,
        )
    };
    let draft = match raw.parse() {
        Ok(d) => d,
        Err(e) => return Ok(refused(&e)),
    };
    match state
        .store
        .create_course(&user.access, &draft, tadamun_store::now())
        .await
    {
        Ok(id) => Ok(see_other(&format!("/training/courses/{id}"))),
        Err(StoreError::Invalid(e)) => Ok(refused(&e)),
        Err(e) => Err(e.into()),
    }
}

async fn edit_page(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let c = course(&state, &user, &id).await?;
    Ok(form_page(
        &user,
        format!("/training/courses/{}/edit", c.id),
        "training-course-edit-title",
        &c.draft.to_raw(),
        Some(c.version),
        &FieldErrors::default(),
    ))
}

async fn update(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<String>,
    form: FormPairs,
) -> AppResult<Response> {
    let c = course(&state, &user, &id).await?;
    let raw = raw_course(&form);
    let version = form.value("version").parse().unwrap_or(c.version);
    let action = format!("/training/courses/{}/edit", c.id);
    let refused = |e: &FieldErrors| {
        form_page(
            &user,
            action.clone(),
            "training-course-edit-title",
            &raw,
            Some(version),
            e,
        )
    };
    let draft = match raw.parse() {
        Ok(d) => d,
        Err(e) => return Ok(refused(&e)),
    };
    match state
        .store
        .update_course(&user.access, c.id, version, &draft, tadamun_store::now())
        .await
    {
        Ok(()) => Ok(see_other(&format!("/training/courses/{}", c.id))),
        Err(StoreError::Invalid(e)) => Ok(refused(&e)),
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "training_course.html")]
struct CoursePage {
    page: Chrome,
    id: String,
    course: CourseLine,
    description: String,
    sessions: Vec<training_sessions::SessionLine>,
}

async fn course_page(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let c = course(&state, &user, &id).await?;
    let sessions = state
        .store
        .list_training_sessions(&user.access, Some(c.id))
        .await?;
    let tr = user.tr;
    Ok(render(&CoursePage {
        page: Chrome::for_user(
            &user,
            "training-course-title",
            "training",
            format!("/training/courses/{}", c.id),
        ),
        id: c.id.to_string(),
        course: line(tr, &c),
        description: c.draft.description.clone(),
        sessions: sessions
            .iter()
            .map(|s| training_sessions::SessionLine::new(&state, tr, s))
            .collect(),
    }))
}

/// One role with a checkbox per course.
struct RoleRequirements {
    code: String,
    name: String,
    courses: Vec<(String, String, bool)>,
}

#[derive(Template)]
#[template(path = "training_requirements.html")]
struct RequirementsPage {
    page: Chrome,
    roles: Vec<RoleRequirements>,
    error: Option<String>,
}

async fn requirements_view(
    state: &AppState,
    user: &PageUser,
    error: Option<String>,
) -> AppResult<Response> {
    let tr = user.tr;
    let courses = state.store.list_courses(&user.access).await?;
    let required: BTreeSet<(String, CourseId)> = state
        .store
        .training_requirements(&user.access)
        .await?
        .into_iter()
        .map(|r| (r.role_code, r.course))
        .collect();
    let roles = state
        .store
        .roles()
        .await?
        .into_iter()
        .map(|r| RoleRequirements {
            courses: courses
                .iter()
                .map(|c| {
                    (
                        c.id.to_string(),
                        format!("{} · {}", c.draft.code.as_str(), c.title(tr.is_arabic())),
                        required.contains(&(r.code.clone(), c.id)),
                    )
                })
                .collect(),
            name: tr.pick(&r.name_ar, &r.name_en).to_owned(),
            code: r.code,
        })
        .collect();
    let failed = error.is_some();
    let mut r = render(&RequirementsPage {
        page: Chrome::for_user(
            user,
            "training-requirements-title",
            "training",
            "/training/requirements",
        ),
        roles,
        error,
    });
    if failed {
        *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(r)
}

async fn requirements_page(State(state): State<AppState>, user: PageUser) -> AppResult<Response> {
    requirements_view(&state, &user, None).await
}

/// Saves one role's courses: the form posts `role` and a `course` per ticked box.
async fn save_requirements(
    State(state): State<AppState>,
    user: PageUser,
    form: FormPairs,
) -> AppResult<Response> {
    let mut courses = BTreeSet::new();
    for c in form.all("course") {
        match CourseId::parse(&c) {
            Ok(id) => {
                courses.insert(id);
            }
            Err(_) => {
                let msg = user.tr.error_code("unknown-course", "no such course");
                return requirements_view(&state, &user, Some(msg)).await;
            }
        }
    }
    match state
        .store
        .set_role_requirements(
            &user.access,
            &form.value("role"),
            &courses,
            tadamun_store::now(),
        )
        .await
    {
        Ok(()) => Ok(see_other("/training/requirements")),
        Err(StoreError::Invalid(e)) => {
            let msg = e.0.first().map(|e| user.tr.field_error(e));
            requirements_view(&state, &user, msg).await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub(crate) struct ReportQuery {
    role: String,
    governorate: String,
}

impl ReportQuery {
    fn filter(&self) -> AppResult<MissingFilter> {
        let governorate = match self.governorate.trim() {
            "" => None,
            g => Some(GovernorateCode::parse(g).map_err(|e| AppError::Invalid(e.into()))?),
        };
        Ok(MissingFilter {
            role: Some(self.role.trim().to_owned()).filter(|r| !r.is_empty()),
            governorate,
        })
    }
}

/// One row of the report, as shown and as written to the CSV.
pub(crate) struct GapLine {
    pub username: String,
    pub display_name: String,
    pub governorates: String,
    pub roles: String,
    pub course_code: String,
    pub course: String,
    pub gap: String,
    pub expired: bool,
}

async fn report_lines(
    state: &AppState,
    user: &PageUser,
    query: &ReportQuery,
) -> AppResult<Vec<GapLine>> {
    let tr = user.tr;
    let rows = state
        .store
        .missing_training_report(&user.access, &query.filter()?, tadamun_store::now().date())
        .await?;
    let roles = state.store.roles().await?;
    let role_name = |code: &str| {
        roles
            .iter()
            .find(|r| r.code == code)
            .map(|r| tr.pick(&r.name_ar, &r.name_en).to_owned())
            .unwrap_or_else(|| code.to_owned())
    };
    let sep = tr.t("partner-list-separator");
    Ok(rows
        .into_iter()
        .map(|r| GapLine {
            governorates: r
                .governorates
                .iter()
                .map(|g| governorate_name(state, tr, g))
                .collect::<Vec<_>>()
                .join(&sep),
            roles: r
                .roles
                .iter()
                .map(|c| role_name(c))
                .collect::<Vec<_>>()
                .join(&sep),
            course_code: r.course_code.clone(),
            course: r.course_title(tr.is_arabic()).to_owned(),
            expired: matches!(r.gap, Gap::ExpiredOn(_)),
            gap: match r.gap {
                Gap::NeverTaken => tr.t("training-gap-never"),
                Gap::ExpiredOn(d) => tr.t_args("training-gap-expired", &[("date", tr.date(d))]),
            },
            username: r.username,
            display_name: r.display_name,
        })
        .collect())
}

#[derive(Template)]
#[template(path = "training_report.html")]
struct ReportPage {
    page: Chrome,
    rows: Vec<GapLine>,
    roles: Vec<(String, String)>,
    governorates: Vec<(String, String)>,
    role: String,
    governorate: String,
    csv_href: String,
}

async fn report_page(
    State(state): State<AppState>,
    user: PageUser,
    Query(query): Query<ReportQuery>,
) -> AppResult<Response> {
    let tr = user.tr;
    let rows = report_lines(&state, &user, &query).await?;
    let roles = state
        .store
        .roles()
        .await?
        .into_iter()
        .map(|r| (tr.pick(&r.name_ar, &r.name_en).to_owned(), r.code))
        .map(|(name, code)| (code, name))
        .collect();
    Ok(render(&ReportPage {
        page: Chrome::for_user(
            &user,
            "training-report-title",
            "training",
            "/training/report",
        ),
        rows,
        roles,
        governorates: governorate_options(&state, tr),
        csv_href: format!(
            "/training/report.csv?{}",
            super::query_string(&[("role", &query.role), ("governorate", &query.governorate)])
        ),
        role: query.role,
        governorate: query.governorate,
    }))
}

async fn report_csv(
    State(state): State<AppState>,
    user: PageUser,
    Query(query): Query<ReportQuery>,
) -> AppResult<Response> {
    let tr = user.tr;
    let rows = report_lines(&state, &user, &query).await?;
    let mut w = csv::Writer::from_writer(Vec::new());
    let header: Vec<String> = [
        "training-col-username",
        "training-col-name",
        "training-col-governorates",
        "training-col-roles",
        "training-col-code",
        "training-col-course",
        "training-col-gap",
    ]
    .iter()
    .map(|k| tr.t(k))
    .collect();
    let internal = |e: csv::Error| AppError::Internal(e.into());
    w.write_record(&header).map_err(internal)?;
    for r in rows {
        w.write_record([
            &r.username,
            &r.display_name,
            &r.governorates,
            &r.roles,
            &r.course_code,
            &r.course,
            &strip_isolates(&r.gap),
        ])
        .map_err(internal)?;
    }
    let body = w
        .into_inner()
        .map_err(|e| AppError::Internal(anyhow::anyhow!("{e}")))?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"missing-trainings.csv\"",
            ),
        ],
        body,
    )
        .into_response())
}

/// Fluent's bidi isolation marks help a page but clutter a spreadsheet cell.
fn strip_isolates(s: &str) -> String {
    s.chars()
        .filter(|c| !matches!(c, '\u{2068}' | '\u{2069}'))
        .collect()
}
