//! The partner registry's pages: the list with search and filters, one
//! organisation (facts, accreditation, services, linked users), and the forms to
//! register and edit one. Services, accreditation and the service map have their own
//! modules beside this one; the store decides who sees and edits what.

use askama::Template;
use axum::{
    extract::{Path, Query, State},
    http::{Method, StatusCode},
    response::Response,
    routing::{get, post},
};
use serde::Deserialize;
use tadamun_domain::{
    FieldErrors,
    access::Permission,
    ids::OrganisationId,
    partner::{
        AccreditationStatus, Organisation, OrganisationKind, RawContact, RawOrganisation,
        ServiceCatalogue, organisation::MAX_CONTACTS,
    },
};
use tadamun_store::{
    StoreError,
    partners::{OrganisationCursor, OrganisationFilter, OrganisationSummary},
};

use super::{
    FormPairs, households::governorate_name, partner_accreditation, partner_map, partner_services,
    query_string, see_other,
};
use crate::{
    authz::{Routes, Rule},
    error::{AppError, AppResult},
    i18n::Tr,
    session::PageUser,
    state::AppState,
    views::{Chrome, FormField, render},
};

const PAGE_SIZE: i64 = 25;

pub(crate) fn routes() -> Routes {
    use Permission as P;
    let read = Rule::Needs(P::PartnerRead);
    let manage = Rule::Needs(P::PartnerManage);
    let submit = Rule::Needs(P::PartnerSubmit);
    Routes::new("")
        .add(Method::GET, "/partners", read, get(list))
        .add(Method::GET, "/partners/new", manage, get(new_page))
        .add(Method::POST, "/partners/new", manage, post(create))
        .add(Method::GET, "/partners/{id}", read, get(detail))
        .add(Method::GET, "/partners/{id}/edit", submit, get(edit_page))
        .add(Method::POST, "/partners/{id}/edit", submit, post(update))
        .add(
            Method::POST,
            "/partners/{id}/users",
            manage,
            post(link_user),
        )
        .add(
            Method::POST,
            "/partners/{id}/users/{user}/remove",
            manage,
            post(unlink_user),
        )
        .merge(partner_services::routes())
        .merge(partner_accreditation::routes())
        .merge(partner_map::routes())
}

/// An organisation id from the path; a malformed one names the field.
pub(crate) fn organisation_id(raw: &str) -> AppResult<OrganisationId> {
    OrganisationId::parse(raw).map_err(|e| AppError::Invalid(e.into()))
}

/// The organisation or 404 (outside the caller's view it does not exist).
pub(crate) async fn organisation(
    state: &AppState,
    user: &PageUser,
    id: OrganisationId,
) -> AppResult<Organisation> {
    state
        .store
        .get_organisation(&user.access, id)
        .await?
        .ok_or(AppError::NotFound)
}

/// Whether the user may edit this organisation: their own, or registered in their area.
pub(crate) async fn can_edit(
    state: &AppState,
    user: &PageUser,
    o: &Organisation,
) -> AppResult<bool> {
    if !user.access.can(Permission::PartnerSubmit) {
        return Ok(false);
    }
    let link = state.store.partner_organisation_of(user.user.id).await?;
    Ok(match link {
        Some(own) => own == o.id,
        None => {
            user.access.can(Permission::PartnerManage) && user.access.covers(&o.draft.governorate)
        }
    })
}

/// The accreditation as it reads today: status label, and the expiry with days left.
pub(crate) fn accreditation_text(
    tr: Tr,
    a: &tadamun_domain::partner::Accreditation,
) -> (String, String, String) {
    let today = tadamun_store::now().date();
    let status = a.effective(today);
    let until = a
        .expires_on
        .map(|d| tr.t_args("partner-expires-on", &[("date", tr.date(d))]))
        .unwrap_or_default();
    let left = a
        .days_left(today)
        .map(|n| tr.count("partner-days-left", n))
        .unwrap_or_default();
    (
        tr.label("accreditation-status", status.as_str()),
        until,
        left,
    )
}

pub(crate) fn service_label(tr: Tr, code: &str) -> String {
    ServiceCatalogue::builtin()
        .get(code)
        .map(|s| s.label(tr.is_arabic()).to_owned())
        .unwrap_or_else(|| code.to_owned())
}

/// `(value, label)` options of a text enumeration.
pub(crate) fn enum_options<T: Copy>(
    tr: Tr,
    prefix: &str,
    all: &[T],
    name: impl Fn(T) -> &'static str,
) -> Vec<(String, String)> {
    all.iter()
        .map(|v| (name(*v).to_owned(), tr.label(prefix, name(*v))))
        .collect()
}

pub(crate) fn governorate_options(state: &AppState, tr: Tr) -> Vec<(String, String)> {
    state
        .pack
        .governorates
        .iter()
        .map(|g| (g.code.clone(), tr.pick(&g.name_ar, &g.name_en).to_owned()))
        .collect()
}

pub(crate) fn service_options(tr: Tr) -> Vec<(String, String)> {
    ServiceCatalogue::builtin()
        .services
        .iter()
        .map(|s| (s.code.clone(), s.label(tr.is_arabic()).to_owned()))
        .collect()
}

struct ListRow {
    href: String,
    name: String,
    kind: String,
    number: String,
    governorate: String,
    status: String,
    status_code: &'static str,
    until: String,
    services: String,
    capacity: String,
}

fn list_row(state: &AppState, tr: Tr, o: &OrganisationSummary) -> ListRow {
    let (status, until, _) = accreditation_text(tr, &o.accreditation);
    let name = match (&o.name_en, tr.is_arabic()) {
        (Some(en), false) => en.clone(),
        _ => o.name_ar.clone(),
    };
    ListRow {
        href: format!("/partners/{}", o.id),
        name,
        kind: tr.label("partner-kind", o.kind.as_str()),
        number: tr.digits(&o.registration_number),
        governorate: governorate_name(state, tr, o.governorate.as_str()),
        status,
        status_code: o
            .accreditation
            .effective(tadamun_store::now().date())
            .as_str(),
        until,
        services: tr.count("partner-services-count", o.services),
        capacity: tr.count("partner-capacity-per-year", o.capacity),
    }
}

#[derive(Template)]
#[template(path = "partners.html")]
struct ListPage {
    page: Chrome,
    q: String,
    filters: Vec<FormField>,
    rows: Vec<ListRow>,
    next_href: Option<String>,
    can_register: bool,
    can_approve: bool,
}

/// The rows alone, for htmx refreshing them as the clerk types or filters.
#[derive(Template)]
#[template(path = "partials/partner_results.html")]
struct ResultsPartial {
    page: Chrome,
    rows: Vec<ListRow>,
    next_href: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
pub(crate) struct ListQuery {
    #[serde(default)]
    q: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    status: String,
    #[serde(default)]
    governorate: String,
    #[serde(default)]
    service: String,
    after: Option<String>,
}

async fn list(
    State(state): State<AppState>,
    user: PageUser,
    headers: axum::http::HeaderMap,
    Query(q): Query<ListQuery>,
) -> AppResult<Response> {
    let tr = user.tr;
    // A partner's staff member has one organisation: go straight to it.
    if let Some(own) = state.store.partner_organisation_of(user.user.id).await?
        && q.q.is_empty()
    {
        return Ok(see_other(&format!("/partners/{own}")));
    }
    let bad = |e: tadamun_domain::FieldError| AppError::Invalid(e.into());
    let filter = OrganisationFilter {
        query: Some(q.q.clone()).filter(|s| !s.trim().is_empty()),
        kind: (!q.kind.is_empty())
            .then(|| OrganisationKind::parse(&q.kind))
            .transpose()
            .map_err(bad)?,
        status: (!q.status.is_empty())
            .then(|| AccreditationStatus::parse(&q.status))
            .transpose()
            .map_err(bad)?,
        governorate: (!q.governorate.is_empty())
            .then(|| state.pack.governorate(&q.governorate))
            .transpose()
            .map_err(bad)?,
        service: (!q.service.is_empty())
            .then(|| {
                ServiceCatalogue::builtin()
                    .parse(&q.service)
                    .map(|s| s.code.clone())
            })
            .transpose()
            .map_err(bad)?,
    };
    let after = q.after.as_deref().and_then(OrganisationCursor::decode);
    let found = state
        .store
        .list_organisations(
            &user.access,
            &filter,
            tadamun_store::now().date(),
            after.as_ref(),
            PAGE_SIZE,
        )
        .await?;
    let next_href = found.next.map(|c| {
        format!(
            "/partners?{}",
            query_string(&[
                ("q", &q.q),
                ("kind", &q.kind),
                ("status", &q.status),
                ("governorate", &q.governorate),
                ("service", &q.service),
                ("after", &c.encode()),
            ])
        )
    });
    let filters = vec![
        FormField::select(
            "kind",
            tr.t("partners-filter-kind"),
            &q.kind,
            enum_options(tr, "partner-kind", OrganisationKind::ALL, |k| k.as_str()),
            &tr,
        ),
        FormField::select(
            "status",
            tr.t("partners-filter-status"),
            &q.status,
            enum_options(tr, "accreditation-status", AccreditationStatus::ALL, |s| {
                s.as_str()
            }),
            &tr,
        ),
        FormField::select(
            "governorate",
            tr.t("partners-filter-governorate"),
            &q.governorate,
            governorate_options(&state, tr),
            &tr,
        ),
        FormField::select(
            "service",
            tr.t("partners-filter-service"),
            &q.service,
            service_options(tr),
            &tr,
        ),
    ];
    let rows: Vec<ListRow> = found.rows.iter().map(|o| list_row(&state, tr, o)).collect();
    let here = format!(
        "/partners?{}",
        query_string(&[
            ("q", &q.q),
            ("kind", &q.kind),
            ("status", &q.status),
            ("governorate", &q.governorate),
            ("service", &q.service),
        ])
    );
    let page = Chrome::for_user(&user, "partners-title", "partners", here);
    if headers.contains_key("hx-request") && !headers.contains_key("hx-boosted") {
        return Ok(render(&ResultsPartial {
            page,
            rows,
            next_href,
        }));
    }
    Ok(render(&ListPage {
        page,
        q: q.q.clone(),
        filters,
        rows,
        next_href,
        can_register: user.access.can(Permission::PartnerManage),
        can_approve: user.access.can(Permission::ChangeApprove),
    }))
}

struct ContactLine {
    name: String,
    phone: String,
    email: String,
}

#[derive(Template)]
#[template(path = "partner.html")]
struct DetailPage {
    page: Chrome,
    id: String,
    name: String,
    other_name: String,
    kind: String,
    number: String,
    governorate: String,
    served: String,
    contacts: Vec<ContactLine>,
    status: String,
    status_code: &'static str,
    until: String,
    days_left: String,
    can_edit: bool,
    can_manage: bool,
    services: Vec<partner_services::ServiceLine>,
    accreditation: partner_accreditation::Section,
    /// Linked partner staff: user id and username.
    users: Vec<(String, String)>,
    link_error: Option<String>,
    notice: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
pub(crate) struct NoticeQuery {
    #[serde(default)]
    saved: String,
}

async fn detail(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<String>,
    Query(q): Query<NoticeQuery>,
) -> AppResult<Response> {
    let id = organisation_id(&id)?;
    let o = organisation(&state, &user, id).await?;
    let notice = match q.saved.as_str() {
        "organisation" => Some(user.tr.t("partner-saved")),
        "accreditation" => Some(user.tr.t("partner-accreditation-requested")),
        _ => None,
    };
    detail_page(
        &state,
        &user,
        o,
        None,
        partner_accreditation::Form::default(),
        notice,
    )
    .await
}

/// The organisation page, with a refused link or accreditation form shown again.
pub(crate) async fn detail_page(
    state: &AppState,
    user: &PageUser,
    o: Organisation,
    link_error: Option<String>,
    accreditation_form: partner_accreditation::Form,
    notice: Option<String>,
) -> AppResult<Response> {
    let tr = user.tr;
    let (status, until, days_left) = accreditation_text(tr, &o.accreditation);
    let can_edit = can_edit(state, user, &o).await?;
    let can_manage =
        user.access.can(Permission::PartnerManage) && user.access.covers(&o.draft.governorate);
    let services = partner_services::lines(state, user, o.id).await?;
    let accreditation = partner_accreditation::section(state, user, &o, accreditation_form).await?;
    let users = if can_manage {
        state
            .store
            .partner_users(&user.access, o.id)
            .await?
            .into_iter()
            .map(|(id, n)| (id.to_string(), n))
            .collect()
    } else {
        Vec::new()
    };
    let arabic = tr.is_arabic();
    let refused = link_error.is_some() || accreditation.has_errors();
    let mut r = render(&DetailPage {
        page: Chrome::for_user(
            user,
            "partners-title",
            "partners",
            format!("/partners/{}", o.id),
        ),
        id: o.id.to_string(),
        name: o.name(arabic).to_owned(),
        other_name: if arabic {
            o.draft.name_en.clone().unwrap_or_default()
        } else {
            String::new()
        },
        kind: tr.label("partner-kind", o.draft.kind.as_str()),
        number: tr.digits(o.draft.registration_number.as_str()),
        governorate: governorate_name(state, tr, o.draft.governorate.as_str()),
        served: o
            .draft
            .governorates_served
            .iter()
            .map(|g| governorate_name(state, tr, g.as_str()))
            .collect::<Vec<_>>()
            .join(&tr.t("partner-list-separator")),
        contacts: o
            .draft
            .contacts
            .iter()
            .map(|c| ContactLine {
                name: c.name.clone(),
                phone: c
                    .phone
                    .as_ref()
                    .map(|p| p.as_str().to_owned())
                    .unwrap_or_default(),
                email: c
                    .email
                    .as_ref()
                    .map(|e| e.as_str().to_owned())
                    .unwrap_or_default(),
            })
            .collect(),
        status,
        status_code: o
            .accreditation
            .effective(tadamun_store::now().date())
            .as_str(),
        until,
        days_left,
        can_edit,
        can_manage,
        services,
        accreditation,
        users,
        link_error,
        notice,
    });
    if refused {
        *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(r)
}

#[derive(Template)]
#[template(path = "partner_form.html")]
struct FormPage {
    page: Chrome,
    action: String,
    submit: String,
    fields: Vec<FormField>,
    /// What only the ministry changes, shown to a partner's staff as text.
    ministry: Vec<(String, String)>,
    served: Vec<(String, String, bool)>,
    served_error: Option<String>,
    contacts: Vec<Vec<FormField>>,
    contacts_error: Option<String>,
    summary: Vec<String>,
}

fn form_page(
    state: &AppState,
    user: &PageUser,
    title: &str,
    action: String,
    version: Option<i64>,
    raw: &RawOrganisation,
    errors: &FieldErrors,
) -> Response {
    let tr = user.tr;
    let mut fields = vec![
        FormField::select(
            "kind",
            tr.t("partner-field-kind"),
            &raw.kind,
            enum_options(tr, "partner-kind", OrganisationKind::ALL, |k| k.as_str()),
            &tr,
        )
        .required(),
        FormField::new(
            "registration_number",
            tr.t("partner-field-registration-number"),
            "text",
            &raw.registration_number,
        )
        .ltr()
        .required(),
        FormField::new(
            "name_ar",
            tr.t("partner-field-name-ar"),
            "text",
            &raw.name_ar,
        )
        .required(),
        FormField::new(
            "name_en",
            tr.t("partner-field-name-en"),
            "text",
            &raw.name_en,
        )
        .ltr(),
        FormField::select(
            "governorate",
            tr.t("partner-field-governorate"),
            &raw.governorate,
            governorate_options(state, tr),
            &tr,
        )
        .required(),
    ];
    if let Some(v) = version {
        fields.push(FormField::new(
            "version",
            String::new(),
            "hidden",
            v.to_string(),
        ));
    }
    // A partner's staff see what the ministry registered but do not edit it.
    let partner_only =
        user.access.can(Permission::PartnerSubmit) && !user.access.can(Permission::PartnerManage);
    let mut ministry = Vec::new();
    if partner_only {
        for f in fields.iter_mut().filter(|f| {
            matches!(
                f.name.as_str(),
                "kind" | "registration_number" | "governorate"
            )
        }) {
            let shown = match f.name.as_str() {
                "kind" => tr.label("partner-kind", &raw.kind),
                "governorate" => governorate_name(state, tr, &raw.governorate),
                _ => tr.digits(&raw.registration_number),
            };
            ministry.push((f.label.clone(), shown));
            f.kind = "hidden";
        }
    }
    for f in &mut fields {
        f.error = errors.for_field(&f.name).map(|e| tr.field_error(e));
    }
    let first_error = |prefix: &str| {
        errors
            .0
            .iter()
            .find(|e| {
                e.field == prefix
                    || e.field.starts_with(&format!("{prefix}[")) && !e.field.contains('.')
            })
            .map(|e| tr.field_error(e))
    };
    let served = state
        .pack
        .governorates
        .iter()
        .map(|g| {
            (
                g.code.clone(),
                tr.pick(&g.name_ar, &g.name_en).to_owned(),
                raw.governorates_served
                    .iter()
                    .any(|s| s.eq_ignore_ascii_case(&g.code)),
            )
        })
        .collect();
    let rows = (raw.contacts.len() + 1).clamp(2, MAX_CONTACTS);
    let contacts = (0..rows)
        .map(|i| {
            let c = raw.contacts.get(i).cloned().unwrap_or_default();
            let mut row = vec![
                FormField::new(
                    format!("contacts[{i}].name"),
                    tr.t("partner-field-contact-name"),
                    "text",
                    c.name,
                ),
                FormField::new(
                    format!("contacts[{i}].phone"),
                    tr.t("partner-field-contact-phone"),
                    "tel",
                    c.phone,
                )
                .ltr(),
                FormField::new(
                    format!("contacts[{i}].email"),
                    tr.t("partner-field-contact-email"),
                    "email",
                    c.email,
                )
                .ltr(),
            ];
            for f in &mut row {
                f.error = errors.for_field(&f.name).map(|e| tr.field_error(e));
            }
            row
        })
        .collect();
    let summary = errors
        .0
        .iter()
        .map(|e| {
            format!(
                "{}: {}",
                tr.field_label(e.field.split(['[', '.']).next().unwrap_or("")),
                tr.field_error(e)
            )
        })
        .collect();
    let mut r = render(&FormPage {
        page: Chrome::for_user(user, title, "partners", action.clone()),
        action,
        submit: tr.t(if version.is_some() {
            "partner-save"
        } else {
            "partner-register"
        }),
        fields,
        ministry,
        served,
        served_error: first_error("governorates_served"),
        contacts,
        contacts_error: first_error("contacts"),
        summary,
    });
    if !errors.is_empty() {
        *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    r
}

/// The organisation fields of a posted form.
fn raw_from_form(form: &FormPairs) -> RawOrganisation {
    let contacts = (0..MAX_CONTACTS + 1)
        .take_while(|i| form.get(&format!("contacts[{i}].name")).is_some())
        .map(|i| RawContact {
            name: form.value(&format!("contacts[{i}].name")),
            phone: form.value(&format!("contacts[{i}].phone")),
            email: form.value(&format!("contacts[{i}].email")),
        })
        .collect();
    RawOrganisation {
        kind: form.value("kind"),
        registration_number: form.value("registration_number"),
        name_ar: form.value("name_ar"),
        name_en: form.value("name_en"),
        governorate: form.value("governorate"),
        governorates_served: form.all("governorates_served"),
        contacts,
    }
}

async fn new_page(State(state): State<AppState>, user: PageUser) -> AppResult<Response> {
    let raw = RawOrganisation {
        kind: "charity".into(),
        ..Default::default()
    };
    Ok(form_page(
        &state,
        &user,
        "partner-new-title",
        "/partners/new".into(),
        None,
        &raw,
        &FieldErrors::default(),
    ))
}

async fn create(
    State(state): State<AppState>,
    user: PageUser,
    form: FormPairs,
) -> AppResult<Response> {
    let raw = raw_from_form(&form);
    let refused = |errors: FieldErrors| {
        form_page(
            &state,
            &user,
            "partner-new-title",
            "/partners/new".into(),
            None,
            &raw,
            &errors,
        )
    };
    let draft = match raw.parse(&state.pack) {
        Ok(d) => d,
        Err(errors) => return Ok(refused(errors)),
    };
    match state
        .store
        .create_organisation(&user.access, &draft, tadamun_store::now())
        .await
    {
        Ok(id) => Ok(see_other(&format!("/partners/{id}?saved=organisation"))),
        Err(StoreError::Invalid(errors)) => Ok(refused(errors)),
        Err(e) => Err(e.into()),
    }
}

async fn edit_page(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let id = organisation_id(&id)?;
    let o = organisation(&state, &user, id).await?;
    if !can_edit(&state, &user, &o).await? {
        return Err(AppError::Denied(
            "this organisation is edited elsewhere".into(),
        ));
    }
    Ok(form_page(
        &state,
        &user,
        "partner-edit-title",
        format!("/partners/{id}/edit"),
        Some(o.version),
        &o.draft.to_raw(),
        &FieldErrors::default(),
    ))
}

async fn update(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<String>,
    form: FormPairs,
) -> AppResult<Response> {
    let id = organisation_id(&id)?;
    // Visible first: outside the caller's view the organisation does not exist.
    organisation(&state, &user, id).await?;
    let version: i64 = form.value("version").trim().parse().map_err(|_| {
        AppError::invalid(
            "version",
            "invalid-version",
            "the form lost its version; reload it",
        )
    })?;
    let raw = raw_from_form(&form);
    let action = format!("/partners/{id}/edit");
    let refused = |errors: FieldErrors| {
        form_page(
            &state,
            &user,
            "partner-edit-title",
            action.clone(),
            Some(version),
            &raw,
            &errors,
        )
    };
    let draft = match raw.parse(&state.pack) {
        Ok(d) => d,
        Err(errors) => return Ok(refused(errors)),
    };
    match state
        .store
        .update_organisation(&user.access, id, version, &draft, tadamun_store::now())
        .await
    {
        Ok(()) => Ok(see_other(&format!("/partners/{id}?saved=organisation"))),
        Err(StoreError::Invalid(errors)) => Ok(refused(errors)),
        Err(e) => Err(e.into()),
    }
}

async fn link_user(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<String>,
    form: FormPairs,
) -> AppResult<Response> {
    let id = organisation_id(&id)?;
    let o = organisation(&state, &user, id).await?;
    match state
        .store
        .link_partner_user(
            &user.access,
            id,
            &form.value("username"),
            tadamun_store::now(),
        )
        .await
    {
        Ok(_) => Ok(see_other(&format!("/partners/{id}#users"))),
        Err(StoreError::Invalid(errors)) => {
            let message = errors.0.first().map(|e| user.tr.field_error(e));
            detail_page(
                &state,
                &user,
                o,
                message,
                partner_accreditation::Form::default(),
                None,
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}

async fn unlink_user(
    State(state): State<AppState>,
    user: PageUser,
    Path((id, linked)): Path<(String, String)>,
) -> AppResult<Response> {
    let id = organisation_id(&id)?;
    let linked =
        tadamun_domain::ids::UserId::parse(&linked).map_err(|e| AppError::Invalid(e.into()))?;
    state
        .store
        .unlink_partner_user(&user.access, id, linked, tadamun_store::now())
        .await?;
    Ok(see_other(&format!("/partners/{id}#users")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use tadamun_domain::user::{DigitStyle, Locale};

    #[test]
    fn every_partner_error_code_and_label_is_translated_in_both_languages() {
        let codes = [
            "unknown-service",
            "governorate-not-served",
            "capacity-not-positive",
            "capacity-too-large",
            "invalid-registration-number",
            "duplicate-registration-number",
            "arabic-name-required",
            "invalid-email",
            "phone-or-email",
            "too-many",
            "set-by-ministry",
            "governorate-has-services",
            "duplicate-service-offer",
            "accreditation-not-a-change",
            "accreditation-unchanged",
            "accreditation-pending",
            "expiry-not-in-future",
            "unknown-user",
            "not-a-household-change",
            "not-a-partner-user",
        ];
        for locale in [Locale::Arabic, Locale::English] {
            let tr = Tr::new(locale, DigitStyle::Western);
            for code in codes {
                assert!(
                    tr.try_t(&format!("err-{code}")).is_some(),
                    "err-{code} in {locale:?}"
                );
            }
            for k in OrganisationKind::ALL {
                assert!(
                    tr.try_t(&format!("partner-kind-{}", k.as_str().replace('_', "-")))
                        .is_some(),
                    "{k:?}"
                );
            }
            for s in AccreditationStatus::ALL {
                assert!(
                    tr.try_t(&format!("accreditation-status-{}", s.as_str()))
                        .is_some(),
                    "{s:?}"
                );
            }
            assert!(tr.try_t("change-kind-accreditation").is_some());
        }
    }
}
