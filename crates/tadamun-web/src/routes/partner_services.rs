//! The services an organisation offers, on its page and in the add/edit form: a
//! catalogue service, a governorate it serves, capacity and eligibility notes.

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
    ids::{OrganisationId, ServiceOfferId},
    partner::{Organisation, RawServiceOffer, ServiceCatalogue},
};
use tadamun_store::StoreError;

use super::{
    FormPairs,
    households::governorate_name,
    partners::{can_edit, organisation, organisation_id, service_label, service_options},
    see_other,
};
use crate::{
    authz::{Routes, Rule},
    error::{AppError, AppResult},
    session::PageUser,
    state::AppState,
    views::{Chrome, FormField, render},
};

pub(crate) fn routes() -> Routes {
    let submit = Rule::Needs(Permission::PartnerSubmit);
    Routes::new("")
        .add(
            Method::GET,
            "/partners/{id}/services/new",
            submit,
            get(new_page),
        )
        .add(
            Method::POST,
            "/partners/{id}/services/new",
            submit,
            post(create),
        )
        .add(
            Method::GET,
            "/partners/{id}/services/{service}/edit",
            submit,
            get(edit_page),
        )
        .add(
            Method::POST,
            "/partners/{id}/services/{service}/edit",
            submit,
            post(update),
        )
        .add(
            Method::POST,
            "/partners/{id}/services/{service}/remove",
            submit,
            post(remove),
        )
}

/// One offer on the organisation page.
pub(crate) struct ServiceLine {
    pub id: String,
    pub service: String,
    pub governorate: String,
    pub capacity: String,
    pub notes: String,
}

pub(crate) async fn lines(
    state: &AppState,
    user: &PageUser,
    id: OrganisationId,
) -> AppResult<Vec<ServiceLine>> {
    let tr = user.tr;
    Ok(state
        .store
        .organisation_services(&user.access, id)
        .await?
        .into_iter()
        .map(|s| ServiceLine {
            id: s.id.to_string(),
            service: service_label(tr, &s.draft.service),
            governorate: governorate_name(state, tr, s.draft.governorate.as_str()),
            capacity: tr.count("partner-capacity-per-year", s.draft.capacity),
            notes: s.draft.eligibility_notes,
        })
        .collect())
}

#[derive(Template)]
#[template(path = "partner_service_form.html")]
struct FormPage {
    page: Chrome,
    organisation: String,
    back: String,
    action: String,
    fields: Vec<FormField>,
}

fn form_page(
    state: &AppState,
    user: &PageUser,
    o: &Organisation,
    action: String,
    title: &str,
    raw: &RawServiceOffer,
    errors: &FieldErrors,
) -> Response {
    let tr = user.tr;
    // Only the governorates the organisation serves can be chosen.
    let governorates = o
        .draft
        .governorates_served
        .iter()
        .map(|g| {
            (
                g.as_str().to_owned(),
                governorate_name(state, tr, g.as_str()),
            )
        })
        .collect();
    let mut fields = vec![
        FormField::select(
            "service",
            tr.t("partner-service-field-service"),
            &raw.service,
            service_options(tr),
            &tr,
        )
        .required(),
        FormField::select(
            "governorate",
            tr.t("partner-service-field-governorate"),
            &raw.governorate,
            governorates,
            &tr,
        )
        .required(),
        FormField::new(
            "capacity",
            tr.t("partner-service-field-capacity"),
            "text",
            &raw.capacity,
        )
        .ltr()
        .required(),
        FormField::new(
            "eligibility_notes",
            tr.t("partner-service-field-eligibility-notes"),
            "textarea",
            &raw.eligibility_notes,
        ),
    ];
    for f in &mut fields {
        f.error = errors.for_field(&f.name).map(|e| tr.field_error(e));
    }
    let mut r = render(&FormPage {
        page: Chrome::for_user(user, title, "partners", action.clone()),
        organisation: o.name(tr.is_arabic()).to_owned(),
        back: format!("/partners/{}", o.id),
        action,
        fields,
    });
    if !errors.is_empty() {
        *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    r
}

fn raw_from_form(form: &FormPairs) -> RawServiceOffer {
    RawServiceOffer {
        service: form.value("service"),
        governorate: form.value("governorate"),
        capacity: form.value("capacity"),
        eligibility_notes: form.value("eligibility_notes"),
    }
}

/// The organisation, if the user may edit its services (403 otherwise).
async fn editable(state: &AppState, user: &PageUser, id: &str) -> AppResult<Organisation> {
    let o = organisation(state, user, organisation_id(id)?).await?;
    if !can_edit(state, user, &o).await? {
        return Err(AppError::Denied(
            "this organisation is edited elsewhere".into(),
        ));
    }
    Ok(o)
}

fn offer_id(raw: &str) -> AppResult<ServiceOfferId> {
    ServiceOfferId::parse(raw).map_err(|e| AppError::Invalid(e.into()))
}

async fn new_page(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let o = editable(&state, &user, &id).await?;
    let raw = RawServiceOffer {
        governorate: o.draft.governorate.as_str().to_owned(),
        ..Default::default()
    };
    Ok(form_page(
        &state,
        &user,
        &o,
        format!("/partners/{}/services/new", o.id),
        "partner-service-new-title",
        &raw,
        &FieldErrors::default(),
    ))
}

async fn save(
    state: &AppState,
    user: &PageUser,
    o: &Organisation,
    existing: Option<ServiceOfferId>,
    form: &FormPairs,
) -> AppResult<Response> {
    let raw = raw_from_form(form);
    let (action, title) = match existing {
        Some(s) => (
            format!("/partners/{}/services/{s}/edit", o.id),
            "partner-service-edit-title",
        ),
        None => (
            format!("/partners/{}/services/new", o.id),
            "partner-service-new-title",
        ),
    };
    let refused =
        |errors: FieldErrors| form_page(state, user, o, action.clone(), title, &raw, &errors);
    let draft = match raw.parse(&state.pack, ServiceCatalogue::builtin(), o) {
        Ok(d) => d,
        Err(errors) => return Ok(refused(errors)),
    };
    match state
        .store
        .save_service_offer(&user.access, o.id, existing, &draft, tadamun_store::now())
        .await
    {
        Ok(_) => Ok(see_other(&format!("/partners/{}#services", o.id))),
        Err(StoreError::Invalid(errors)) => Ok(refused(errors)),
        Err(e) => Err(e.into()),
    }
}

async fn create(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<String>,
    form: FormPairs,
) -> AppResult<Response> {
    let o = editable(&state, &user, &id).await?;
    save(&state, &user, &o, None, &form).await
}

async fn edit_page(
    State(state): State<AppState>,
    user: PageUser,
    Path((id, service)): Path<(String, String)>,
) -> AppResult<Response> {
    let o = editable(&state, &user, &id).await?;
    let service = offer_id(&service)?;
    let offer = state
        .store
        .organisation_services(&user.access, o.id)
        .await?
        .into_iter()
        .find(|s| s.id == service)
        .ok_or(AppError::NotFound)?;
    Ok(form_page(
        &state,
        &user,
        &o,
        format!("/partners/{}/services/{service}/edit", o.id),
        "partner-service-edit-title",
        &offer.draft.to_raw(),
        &FieldErrors::default(),
    ))
}

async fn update(
    State(state): State<AppState>,
    user: PageUser,
    Path((id, service)): Path<(String, String)>,
    form: FormPairs,
) -> AppResult<Response> {
    let o = editable(&state, &user, &id).await?;
    let service = offer_id(&service)?;
    save(&state, &user, &o, Some(service), &form).await
}

async fn remove(
    State(state): State<AppState>,
    user: PageUser,
    Path((id, service)): Path<(String, String)>,
) -> AppResult<Response> {
    let o = editable(&state, &user, &id).await?;
    let service = offer_id(&service)?;
    state
        .store
        .remove_service_offer(&user.access, o.id, service, tadamun_store::now())
        .await?;
    Ok(see_other(&format!("/partners/{}#services", o.id)))
}
