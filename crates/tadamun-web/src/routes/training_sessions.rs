//! Training sessions over the web: scheduling a session of a course, its page with
//! the trainees (enrol, mark attendance, complete), a user's own trainings, and the
//! printable certificate page (Arabic first, like the decision letter).

use askama::Template;
use axum::{
    extract::{Path, State},
    http::{Method, StatusCode},
    response::Response,
    routing::{get, post},
};
use tadamun_domain::{
    FieldErrors,
    access::Permission,
    ids::{TrainingSessionId, UserId},
    training::{EnrolmentStatus, RawSession, parse_completion_date},
};
use tadamun_store::{StoreError, training::sessions::TrainingSession};

use super::{
    FormPairs, households::governorate_name, partners::governorate_options, see_other,
    training::course_id,
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
        .add(
            Method::GET,
            "/training/courses/{id}/sessions/new",
            manage,
            get(new_page),
        )
        .add(
            Method::POST,
            "/training/courses/{id}/sessions/new",
            manage,
            post(create),
        )
        .add(Method::GET, "/training/sessions/{id}", read, get(page))
        .add(
            Method::POST,
            "/training/sessions/{id}/enrol",
            manage,
            post(enrol),
        )
        .add(
            Method::POST,
            "/training/sessions/{id}/attendance",
            manage,
            post(attend),
        )
        .add(
            Method::POST,
            "/training/sessions/{id}/complete",
            manage,
            post(complete),
        )
        .add(Method::GET, "/training/mine", Rule::SignedIn, get(mine))
        .add(
            Method::GET,
            "/training/certificates/{number}",
            Rule::SignedIn,
            get(certificate),
        )
}

/// A session in a list or at the head of its page.
pub(crate) struct SessionLine {
    pub href: String,
    pub course: String,
    pub dates: String,
    pub place: String,
    pub governorate: String,
    pub trainer: String,
    pub seats: String,
}

impl SessionLine {
    pub fn new(state: &AppState, tr: Tr, s: &TrainingSession) -> Self {
        Self {
            href: format!("/training/sessions/{}", s.id),
            course: format!("{} · {}", s.course_code, s.course_title(tr.is_arabic())),
            dates: dates(tr, s.draft.starts_on, s.draft.ends_on),
            place: s.draft.place.clone(),
            governorate: governorate_name(state, tr, s.draft.governorate.as_str()),
            trainer: s.draft.trainer.clone(),
            seats: tr.t_args(
                "training-seats",
                &[
                    ("enrolled", tr.num(s.enrolled)),
                    ("capacity", tr.num(s.draft.capacity)),
                ],
            ),
        }
    }
}

fn dates(tr: Tr, from: time::Date, to: time::Date) -> String {
    if from == to {
        tr.date(from)
    } else {
        format!("{} – {}", tr.date(from), tr.date(to))
    }
}

fn session_id(raw: &str) -> AppResult<TrainingSessionId> {
    TrainingSessionId::parse(raw).map_err(|_| AppError::NotFound)
}

#[derive(Template)]
#[template(path = "training_session_form.html")]
struct FormPage {
    page: Chrome,
    course: String,
    back: String,
    action: String,
    fields: Vec<FormField>,
}

fn form_page(
    state: &AppState,
    user: &PageUser,
    course: &tadamun_domain::training::Course,
    raw: &RawSession,
    errors: &FieldErrors,
) -> Response {
    let tr = user.tr;
    let label = |name: &str| tr.t(&format!("training-field-{name}"));
    let mut fields = vec![
        FormField::new("starts_on", label("starts_on"), "date", &raw.starts_on).required(),
        FormField::new("ends_on", label("ends_on"), "date", &raw.ends_on).required(),
        FormField::new("place", label("place"), "text", &raw.place).required(),
        FormField::select(
            "governorate",
            label("governorate"),
            &raw.governorate,
            // Only where the manager may hold a session.
            governorate_options(state, tr)
                .into_iter()
                .filter(|(code, _)| {
                    tadamun_domain::area::GovernorateCode::parse(code)
                        .is_ok_and(|g| user.access.covers(&g))
                })
                .collect(),
            &tr,
        )
        .required(),
        FormField::new("trainer", label("trainer"), "text", &raw.trainer).required(),
        FormField::new("capacity", label("capacity"), "text", &raw.capacity)
            .ltr()
            .required(),
    ];
    for f in &mut fields {
        f.error = errors.for_field(&f.name).map(|e| tr.field_error(e));
    }
    let action = format!("/training/courses/{}/sessions/new", course.id);
    let mut r = render(&FormPage {
        page: Chrome::for_user(
            user,
            "training-session-new-title",
            "training",
            action.clone(),
        ),
        course: format!(
            "{} · {}",
            course.draft.code.as_str(),
            course.title(tr.is_arabic())
        ),
        back: format!("/training/courses/{}", course.id),
        action,
        fields,
    });
    if !errors.is_empty() {
        *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    r
}

async fn course_of(
    state: &AppState,
    user: &PageUser,
    id: &str,
) -> AppResult<tadamun_domain::training::Course> {
    state
        .store
        .get_course(&user.access, course_id(id)?)
        .await?
        .ok_or(AppError::NotFound)
}

async fn new_page(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let c = course_of(&state, &user, &id).await?;
    Ok(form_page(
        &state,
        &user,
        &c,
        &RawSession::default(),
        &FieldErrors::default(),
    ))
}

async fn create(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<String>,
    form: FormPairs,
) -> AppResult<Response> {
    let c = course_of(&state, &user, &id).await?;
    let raw = RawSession {
        starts_on: form.value("starts_on"),
        ends_on: form.value("ends_on"),
        place: form.value("place"),
        governorate: form.value("governorate"),
        trainer: form.value("trainer"),
        capacity: form.value("capacity"),
    };
    let draft = match raw.parse(&state.pack) {
        Ok(d) if !user.access.covers(&d.governorate) => {
            let e = tadamun_domain::FieldError::new(
                "governorate",
                "governorate-out-of-scope",
                "this governorate is outside your area",
            );
            return Ok(form_page(&state, &user, &c, &raw, &e.into()));
        }
        Ok(d) => d,
        Err(e) => return Ok(form_page(&state, &user, &c, &raw, &e)),
    };
    match state
        .store
        .create_training_session(&user.access, c.id, &draft, tadamun_store::now())
        .await
    {
        Ok(s) => Ok(see_other(&format!("/training/sessions/{s}"))),
        Err(StoreError::Invalid(e)) => Ok(form_page(&state, &user, &c, &raw, &e)),
        Err(e) => Err(e.into()),
    }
}

struct TraineeLine {
    user: String,
    username: String,
    display_name: String,
    status: String,
    status_code: &'static str,
    certificate: Option<String>,
}

#[derive(Template)]
#[template(path = "training_session.html")]
struct SessionPage {
    page: Chrome,
    id: String,
    session: SessionLine,
    course_href: String,
    trainees: Vec<TraineeLine>,
    can_manage: bool,
    today: String,
    /// A refused action, as "field: error".
    error: Option<String>,
}

async fn session_view(
    state: &AppState,
    user: &PageUser,
    id: TrainingSessionId,
    errors: &FieldErrors,
) -> AppResult<Response> {
    let tr = user.tr;
    let s = state
        .store
        .get_training_session(&user.access, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let trainees = state
        .store
        .session_enrolments(&user.access, id)
        .await?
        .into_iter()
        .map(|e| TraineeLine {
            user: e.user.to_string(),
            username: e.username,
            display_name: e.display_name,
            status: tr.label("training-status", e.status.as_str()),
            status_code: e.status.as_str(),
            certificate: e.certificate,
        })
        .collect();
    let error = errors.0.first().map(|e| {
        format!(
            "{}: {}",
            tr.t(&format!("training-field-{}", e.field)),
            tr.field_error(e)
        )
    });
    let mut r = render(&SessionPage {
        page: Chrome::for_user(
            user,
            "training-session-title",
            "training",
            format!("/training/sessions/{id}"),
        ),
        id: id.to_string(),
        course_href: format!("/training/courses/{}", s.course),
        session: SessionLine::new(state, tr, &s),
        trainees,
        can_manage: user.access.can(Permission::TrainingManage)
            && user.access.covers(&s.draft.governorate),
        today: tadamun_store::now().date().to_string(),
        error,
    });
    if !errors.is_empty() {
        *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(r)
}

async fn page(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<String>,
) -> AppResult<Response> {
    session_view(&state, &user, session_id(&id)?, &FieldErrors::default()).await
}

/// Runs one action on a session's trainee: back to the page, or the page with the
/// refusal naming its field.
async fn after(
    state: &AppState,
    user: &PageUser,
    id: TrainingSessionId,
    result: Result<(), StoreError>,
) -> AppResult<Response> {
    match result {
        Ok(()) => Ok(see_other(&format!("/training/sessions/{id}#trainees"))),
        Err(StoreError::Invalid(e)) => session_view(state, user, id, &e).await,
        Err(e) => Err(e.into()),
    }
}

fn trainee(form: &FormPairs) -> Result<UserId, StoreError> {
    UserId::parse(&form.value("user")).map_err(|e| {
        StoreError::Invalid(
            tadamun_domain::FieldError {
                field: "username".into(),
                ..e
            }
            .into(),
        )
    })
}

async fn enrol(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<String>,
    form: FormPairs,
) -> AppResult<Response> {
    let id = session_id(&id)?;
    let username = form.value("username");
    let result = if username.trim().is_empty() {
        Err(StoreError::Invalid(
            tadamun_domain::FieldError::required("username").into(),
        ))
    } else {
        state
            .store
            .enrol_trainee(&user.access, id, &username, tadamun_store::now())
            .await
            .map(|_| ())
    };
    after(&state, &user, id, result).await
}

async fn attend(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<String>,
    form: FormPairs,
) -> AppResult<Response> {
    let id = session_id(&id)?;
    let result = match trainee(&form) {
        Ok(u) => {
            state
                .store
                .mark_attended(&user.access, id, u, tadamun_store::now())
                .await
        }
        Err(e) => Err(e),
    };
    after(&state, &user, id, result).await
}

async fn complete(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<String>,
    form: FormPairs,
) -> AppResult<Response> {
    let id = session_id(&id)?;
    let on = match form.value("completed_on").trim() {
        "" => Ok(tadamun_store::now().date()),
        raw => parse_completion_date(raw).map_err(|e| StoreError::Invalid(e.into())),
    };
    let result = match (trainee(&form), on) {
        (Ok(u), Ok(on)) => state
            .store
            .complete_training(&user.access, id, u, on, tadamun_store::now())
            .await
            .map(|_| ()),
        (Err(e), _) | (_, Err(e)) => Err(e),
    };
    after(&state, &user, id, result).await
}

struct OwnLine {
    course: String,
    dates: String,
    place: String,
    status: String,
    certificate: Option<String>,
    validity: String,
}

#[derive(Template)]
#[template(path = "training_mine.html")]
struct MinePage {
    page: Chrome,
    rows: Vec<OwnLine>,
}

/// The signed-in user's own trainings and certificates.
async fn mine(State(state): State<AppState>, user: PageUser) -> AppResult<Response> {
    let tr = user.tr;
    let today = tadamun_store::now().date();
    let rows = state
        .store
        .own_trainings(&user.access)
        .await?
        .into_iter()
        .map(|r| OwnLine {
            course: format!(
                "{} · {}",
                r.course_code,
                match (&r.course_title_en, tr.is_arabic()) {
                    (Some(en), false) => en.clone(),
                    _ => r.course_title_ar.clone(),
                }
            ),
            dates: dates(tr, r.starts_on, r.ends_on),
            place: r.place,
            status: tr.label("training-status", r.status.as_str()),
            validity: match (r.status, r.expires_on) {
                (EnrolmentStatus::Completed, None) => tr.t("training-no-expiry"),
                (EnrolmentStatus::Completed, Some(d)) if today < d => {
                    tr.t_args("training-valid-until", &[("date", tr.date(d))])
                }
                (EnrolmentStatus::Completed, Some(d)) => {
                    tr.t_args("training-gap-expired", &[("date", tr.date(d))])
                }
                _ => String::new(),
            },
            certificate: r.certificate,
        })
        .collect();
    Ok(render(&MinePage {
        page: Chrome::for_user(
            &user,
            "training-mine-title",
            "training-mine",
            "/training/mine",
        ),
        rows,
    }))
}

#[derive(Template)]
#[template(path = "training_certificate.html")]
struct CertificatePage {
    page: Chrome,
    number: String,
    holder: String,
    organisation: Option<String>,
    course: String,
    hours: String,
    dates: String,
    place: String,
    trainer: String,
    issued: String,
    expires: String,
}

/// The printable certificate, for its holder or a training reader whose area holds
/// the holder; 404 for anyone else.
async fn certificate(
    State(state): State<AppState>,
    user: PageUser,
    Path(number): Path<String>,
) -> AppResult<Response> {
    let tr = user.tr;
    let c = state
        .store
        .certificate(&user.access, &number)
        .await?
        .ok_or(AppError::NotFound)?;
    let course = match (&c.course_title_en, tr.is_arabic()) {
        (Some(en), false) => en.clone(),
        _ => c.course_title_ar.clone(),
    };
    Ok(render(&CertificatePage {
        page: Chrome::for_user(
            &user,
            "training-certificate-title",
            "training-mine",
            format!("/training/certificates/{}", c.number),
        ),
        holder: c.display_name,
        organisation: c.organisation,
        course: format!("{course} ({})", c.course_code),
        hours: tr.count("training-hours-count", c.hours),
        dates: dates(tr, c.starts_on, c.ends_on),
        place: format!(
            "{} · {}",
            c.place,
            governorate_name(&state, tr, &c.governorate_code)
        ),
        trainer: c.trainer,
        issued: tr.date(c.issued_on),
        expires: match c.expires_on {
            Some(d) => tr.date(d),
            None => tr.t("training-no-expiry"),
        },
        number: c.number,
    }))
}
