//! Accreditation on the organisation page, maker-checker: a clerk proposes a change
//! (status, expiry, reason), another authorised person approves or rejects it there
//! or from the queue of waiting changes. The store refuses the proposer's own approval.

use askama::Template;
use axum::{
    extract::{Path, State},
    http::Method,
    response::Response,
    routing::{get, post},
};
use tadamun_domain::{
    FieldErrors,
    access::Permission,
    change::ChangeRequestStatus,
    partner::{AccreditationChange, AccreditationStatus, Organisation},
};
use tadamun_store::{StoreError, partners::accreditation::AccreditationRequest};

use super::{
    FormPairs,
    households::governorate_name,
    partners::{detail_page, enum_options, organisation, organisation_id},
    see_other,
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
    use Permission as P;
    Routes::new("")
        .add(
            Method::POST,
            "/partners/{id}/accreditation",
            Rule::Needs(P::PartnerManage),
            post(propose),
        )
        .add(
            Method::GET,
            "/partners/accreditation",
            Rule::Needs(P::ChangeApprove),
            get(queue),
        )
        .add(
            Method::POST,
            "/partners/accreditation/{request}/decision",
            Rule::Needs(P::ChangeApprove),
            post(decide),
        )
}

/// The proposal form as typed, with its errors, to show again when refused.
#[derive(Debug, Clone, Default)]
pub(crate) struct Form {
    status: String,
    expires_on: String,
    reason: String,
    errors: FieldErrors,
}

/// One request as the page lists it.
pub(crate) struct RequestLine {
    pub id: String,
    pub href: String,
    pub organisation: String,
    pub governorate: String,
    pub proposed: String,
    pub renewal: bool,
    pub reason: String,
    pub by: String,
    pub status: String,
    pub decided: String,
    pub note: String,
    /// The viewer may decide it: pending, not theirs, and they approve changes.
    pub can_decide: bool,
}

/// The accreditation part of the organisation page.
pub(crate) struct Section {
    pub waiting: Option<RequestLine>,
    pub history: Vec<RequestLine>,
    /// The proposal form, for a clerk over the head office while nothing waits.
    pub form: Vec<FormField>,
}

impl Section {
    pub fn has_errors(&self) -> bool {
        self.form.iter().any(|f| f.error.is_some())
    }
}

fn proposed(tr: Tr, change: &AccreditationChange) -> String {
    let mut s = tr.t_args(
        "partner-accreditation-proposed",
        &[(
            "status",
            tr.label("accreditation-status", change.status.as_str()),
        )],
    );
    if let Some(d) = change.expires_on {
        s.push(' ');
        s.push_str(&tr.t_args("partner-expires-on", &[("date", tr.date(d))]));
    }
    s
}

pub(crate) fn line(state: &AppState, user: &PageUser, r: &AccreditationRequest) -> RequestLine {
    let tr = user.tr;
    let name = match (&r.organisation_name_en, tr.is_arabic()) {
        (Some(en), false) => en.clone(),
        _ => r.organisation_name_ar.clone(),
    };
    let pending = r.status == ChangeRequestStatus::Pending;
    RequestLine {
        id: r.id.to_string(),
        href: format!("/partners/{}", r.organisation_id),
        organisation: name,
        governorate: governorate_name(state, tr, r.governorate.as_str()),
        proposed: proposed(tr, &r.change),
        renewal: r.change.is_renewal(&r.before),
        reason: r.reason.clone(),
        by: tr.t_args(
            "partner-accreditation-by",
            &[
                ("name", r.requested_by_name.clone()),
                ("date", tr.date(r.created_at.date())),
            ],
        ),
        status: tr.label("change-status", r.status.as_str()),

        decided: match (&r.decided_by_name, r.decided_at) {
            (Some(n), Some(at)) => tr.t_args(
                "partner-accreditation-decided",
                &[("name", n.clone()), ("date", tr.date(at.date()))],
            ),
            _ => String::new(),
        },
        note: r.decision_note.clone().unwrap_or_default(),
        can_decide: pending
            && user.access.can(Permission::ChangeApprove)
            && r.requested_by != user.user.id
            && user.access.covers(&r.governorate),
    }
}

pub(crate) async fn section(
    state: &AppState,
    user: &PageUser,
    o: &Organisation,
    form: Form,
) -> AppResult<Section> {
    let tr = user.tr;
    let requests = state
        .store
        .accreditation_requests(&user.access, Some(o.id), None, 50)
        .await?;
    let waiting = requests
        .iter()
        .find(|r| r.status == ChangeRequestStatus::Pending)
        .map(|r| line(state, user, r));
    let history = requests
        .iter()
        .filter(|r| r.status != ChangeRequestStatus::Pending)
        .map(|r| line(state, user, r))
        .collect();
    let may_propose = user.access.can(Permission::PartnerManage)
        && user.access.covers(&o.draft.governorate)
        && waiting.is_none();
    let choices: Vec<AccreditationStatus> = [
        AccreditationStatus::Accredited,
        AccreditationStatus::Suspended,
        AccreditationStatus::Expired,
    ]
    .to_vec();
    let mut fields = if may_propose {
        vec![
            FormField::select(
                "status",
                tr.t("partner-accreditation-field-status"),
                &form.status,
                enum_options(tr, "accreditation-status", &choices, |s| s.as_str()),
                &tr,
            )
            .required(),
            FormField::new(
                "expires_on",
                tr.t("partner-accreditation-field-expires-on"),
                "date",
                &form.expires_on,
            )
            .ltr(),
            FormField::new(
                "reason",
                tr.t("partner-accreditation-field-reason"),
                "textarea",
                &form.reason,
            )
            .required(),
        ]
    } else {
        Vec::new()
    };
    for f in &mut fields {
        f.error = form.errors.for_field(&f.name).map(|e| tr.field_error(e));
    }
    Ok(Section {
        waiting,
        history,
        form: fields,
    })
}

async fn propose(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<String>,
    posted: FormPairs,
) -> AppResult<Response> {
    let id = organisation_id(&id)?;
    let o = organisation(&state, &user, id).await?;
    let mut form = Form {
        status: posted.value("status"),
        expires_on: posted.value("expires_on"),
        reason: posted.value("reason"),
        errors: FieldErrors::default(),
    };
    let today = tadamun_store::now().date();
    let result =
        match AccreditationChange::parse(&form.status, &form.expires_on, &o.accreditation, today) {
            Ok(change) => state
                .store
                .request_accreditation(
                    &user.access,
                    id,
                    &change,
                    &form.reason,
                    tadamun_store::now(),
                )
                .await
                .map(|_| ()),
            Err(errors) => Err(StoreError::Invalid(errors)),
        };
    match result {
        Ok(()) => Ok(see_other(&format!(
            "/partners/{id}?saved=accreditation#accreditation"
        ))),
        Err(StoreError::Invalid(errors)) => {
            form.errors = errors;
            detail_page(&state, &user, o, None, form, None).await
        }
        Err(e) => Err(e.into()),
    }
}

async fn decide(
    State(state): State<AppState>,
    user: PageUser,
    Path(request): Path<String>,
    posted: FormPairs,
) -> AppResult<Response> {
    let request = uuid::Uuid::parse_str(request.trim())
        .map_err(|_| AppError::invalid("id", "invalid-id", "not a valid identifier"))?;
    let found = state
        .store
        .accreditation_request(&user.access, request)
        .await?
        .ok_or(AppError::NotFound)?;
    let approve = match posted.value("decision").as_str() {
        "approve" => true,
        "reject" => false,
        _ => {
            return Err(AppError::invalid(
                "decision",
                "unknown-choice",
                "approve or reject",
            ));
        }
    };
    state
        .store
        .decide_accreditation(
            &user.access,
            request,
            approve,
            &posted.value("note"),
            tadamun_store::now(),
        )
        .await?;
    Ok(see_other(&format!(
        "/partners/{}#accreditation",
        found.organisation_id
    )))
}

#[derive(Template)]
#[template(path = "partner_queue.html")]
struct QueuePage {
    page: Chrome,
    rows: Vec<RequestLine>,
}

async fn queue(State(state): State<AppState>, user: PageUser) -> AppResult<Response> {
    let found = state
        .store
        .accreditation_requests(&user.access, None, Some(ChangeRequestStatus::Pending), 200)
        .await?;
    Ok(render(&QueuePage {
        page: Chrome::for_user(
            &user,
            "partner-queue-title",
            "partners",
            "/partners/accreditation",
        ),
        rows: found.iter().map(|r| line(&state, &user, r)).collect(),
    }))
}
