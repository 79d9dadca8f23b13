//! The grievance pages for staff: the work queue by status with overdue ones marked,
//! filing a grievance for a citizen (the receipt code is shown once, on the answer to
//! the filing), and one grievance with its history, assignment and status changes.

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
    grievance::{
        GrievanceCategory, GrievanceChannel, GrievanceRef, GrievanceStatus, RawGrievance,
        ReceiptCode,
    },
    ids::{GrievanceId, HouseholdId, UserId},
};
use tadamun_store::grievances::{Grievance, GrievanceCursor, GrievanceFilter};

use super::{FormPairs, households::governorate_name, query_string, see_other};
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
    let handle = Rule::Needs(Permission::GrievanceHandle);
    Routes::new("")
        .add(Method::GET, "/grievances", handle, get(list))
        .add(Method::GET, "/grievances/new", handle, get(new_page))
        .add(Method::POST, "/grievances/new", handle, post(file))
        .add(Method::GET, "/grievances/{id}", handle, get(detail))
        .add(
            Method::POST,
            "/grievances/{id}/assign",
            handle,
            post(assign),
        )
        .add(Method::POST, "/grievances/{id}/notes", handle, post(note))
        .add(
            Method::POST,
            "/grievances/{id}/status",
            handle,
            post(status),
        )
}

/// One grievance as a list row.
pub(crate) struct Row {
    pub href: String,
    pub reference: String,
    pub category: String,
    pub status: String,
    pub governorate: String,
    pub complainant: String,
    pub assignee: String,
    pub due: String,
    pub overdue: bool,
    pub restricted: bool,
}

pub(crate) fn row(state: &AppState, tr: Tr, g: &Grievance) -> Row {
    Row {
        href: format!("/grievances/{}", g.id),
        reference: tr.digits(&g.reference),
        category: tr.label("grievance-category", g.category.as_str()),
        status: tr.label("grievance-status", g.status.as_str()),
        governorate: governorate_name(state, tr, &g.governorate),
        complainant: g.complainant_name.clone(),
        assignee: g.assigned_to_name.clone().unwrap_or_default(),
        due: tr.date(g.due_at.date()),
        overdue: g.is_overdue(tadamun_store::now()),
        restricted: g.restricted,
    }
}

/// The household page's grievances (empty for a user who does not handle them).
pub(crate) async fn household_section(
    state: &AppState,
    user: &PageUser,
    household: HouseholdId,
) -> AppResult<Vec<Row>> {
    if !user.access.can(Permission::GrievanceHandle) {
        return Ok(Vec::new());
    }
    let filter = GrievanceFilter {
        household: Some(household),
        ..Default::default()
    };
    let found = state
        .store
        .list_grievances(&user.access, &filter, None, 50)
        .await?;
    Ok(found.iter().map(|g| row(state, user.tr, g)).collect())
}

#[derive(Template)]
#[template(path = "grievances.html")]
struct ListPage {
    page: Chrome,
    tabs: Vec<(String, String, bool)>,
    rows: Vec<Row>,
    next_href: Option<String>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct ListQuery {
    status: Option<String>,
    after: Option<String>,
}

async fn list(
    State(state): State<AppState>,
    user: PageUser,
    Query(q): Query<ListQuery>,
) -> AppResult<Response> {
    let tr = user.tr;
    // `overdue` is a tab of its own; otherwise a status, or every grievance.
    let tab = q.status.clone().unwrap_or_default();
    let mut filter = GrievanceFilter::default();
    match tab.as_str() {
        "" => {}
        "overdue" => filter.overdue_at = Some(tadamun_store::now()),
        s => {
            filter.status =
                Some(GrievanceStatus::parse(s).map_err(|e| AppError::Invalid(e.into()))?)
        }
    }
    let after = q.after.as_deref().and_then(GrievanceCursor::decode);
    let found = state
        .store
        .list_grievances(&user.access, &filter, after, PAGE_SIZE)
        .await?;
    let next_href = (found.len() as i64 == PAGE_SIZE)
        .then(|| found.last())
        .flatten()
        .map(|g| {
            let cursor = GrievanceCursor {
                due_at: g.due_at,
                id: g.id.0,
            }
            .encode();
            format!(
                "/grievances?{}",
                query_string(&[("status", &tab), ("after", &cursor)])
            )
        });
    let mut tabs = vec![(
        "/grievances".to_owned(),
        tr.t("grievances-all"),
        tab.is_empty(),
    )];
    tabs.push((
        "/grievances?status=overdue".to_owned(),
        tr.t("grievances-overdue"),
        tab == "overdue",
    ));
    tabs.extend(GrievanceStatus::ALL.iter().map(|s| {
        (
            format!("/grievances?status={}", s.as_str()),
            tr.label("grievance-status", s.as_str()),
            tab == s.as_str(),
        )
    }));
    Ok(render(&ListPage {
        page: Chrome::for_user(&user, "grievances-title", "grievances", "/grievances"),
        tabs,
        rows: found.iter().map(|g| row(&state, tr, g)).collect(),
        next_href,
    }))
}

#[derive(Template)]
#[template(path = "grievance_new.html")]
struct NewPage {
    page: Chrome,
    fields: Vec<FormField>,
}

#[derive(Template)]
#[template(path = "grievance_receipt.html")]
struct ReceiptPage {
    page: Chrome,
    href: String,
    reference: String,
    code: String,
}

fn options<T: Copy>(
    tr: Tr,
    prefix: &str,
    all: &[T],
    name: impl Fn(T) -> &'static str,
) -> Vec<(String, String)> {
    all.iter()
        .map(|v| (name(*v).to_owned(), tr.label(prefix, name(*v))))
        .collect()
}

fn form_fields(
    state: &AppState,
    tr: Tr,
    raw: &RawGrievance,
    errors: &FieldErrors,
) -> Vec<FormField> {
    let governorates = state
        .pack
        .governorates
        .iter()
        .map(|g| (g.code.clone(), tr.pick(&g.name_ar, &g.name_en).to_owned()))
        .collect();
    let label = |f: &str| tr.t(&format!("grievance-field-{}", f.replace('_', "-")));
    let mut fields = vec![
        FormField::select(
            "channel",
            label("channel"),
            &raw.channel,
            options(tr, "grievance-channel", GrievanceChannel::ALL, |c| {
                c.as_str()
            }),
            &tr,
        )
        .required(),
        FormField::select(
            "category",
            label("category"),
            &raw.category,
            options(tr, "grievance-category", GrievanceCategory::ALL, |c| {
                c.as_str()
            }),
            &tr,
        )
        .required(),
        FormField::select(
            "governorate",
            label("governorate"),
            &raw.governorate,
            governorates,
            &tr,
        ),
        FormField::new(
            "household_id",
            label("household_id"),
            "text",
            &raw.household_id,
        )
        .ltr(),
        FormField::new(
            "decision_id",
            label("decision_id"),
            "text",
            &raw.decision_id,
        )
        .ltr(),
        FormField::new(
            "complainant_name",
            label("complainant_name"),
            "text",
            &raw.complainant_name,
        )
        .required(),
        FormField::new(
            "complainant_id_number",
            label("complainant_id_number"),
            "text",
            &raw.complainant_id_number,
        )
        .ltr(),
        FormField::new(
            "complainant_phone",
            label("complainant_phone"),
            "tel",
            &raw.complainant_phone,
        )
        .ltr(),
        FormField::new(
            "description",
            label("description"),
            "textarea",
            &raw.description,
        )
        .required(),
        FormField::checkbox("restricted", label("restricted"), raw.restricted),
    ];
    for f in &mut fields {
        f.error = errors.for_field(&f.name).map(|e| tr.field_error(e));
    }
    fields
}

#[derive(Debug, Deserialize)]
pub(crate) struct NewQuery {
    household: Option<String>,
    decision: Option<String>,
    category: Option<String>,
}

async fn new_page(
    State(state): State<AppState>,
    user: PageUser,
    Query(q): Query<NewQuery>,
) -> AppResult<Response> {
    let raw = RawGrievance {
        channel: "office".into(),
        household_id: q.household.unwrap_or_default(),
        decision_id: q.decision.unwrap_or_default(),
        category: q.category.unwrap_or_default(),
        ..Default::default()
    };
    Ok(render(&NewPage {
        page: Chrome::for_user(
            &user,
            "grievance-new-title",
            "grievances",
            "/grievances/new",
        ),
        fields: form_fields(&state, user.tr, &raw, &FieldErrors::default()),
    }))
}

/// A new receipt code from the operating system's generator.
pub(crate) fn new_receipt_code() -> ReceiptCode {
    let mut bytes = [0u8; 16];
    rand::fill(&mut bytes);
    ReceiptCode::from_random(bytes)
}

async fn file(
    State(state): State<AppState>,
    user: PageUser,
    form: FormPairs,
) -> AppResult<Response> {
    let raw = RawGrievance {
        channel: form.value("channel"),
        category: form.value("category"),
        governorate: form.value("governorate"),
        household_id: form.value("household_id"),
        decision_id: form.value("decision_id"),
        complainant_name: form.value("complainant_name"),
        complainant_id_number: form.value("complainant_id_number"),
        complainant_phone: form.value("complainant_phone"),
        description: form.value("description"),
        restricted: form.get("restricted").is_some(),
    };
    let refused = |errors: FieldErrors| {
        let mut r = render(&NewPage {
            page: Chrome::for_user(
                &user,
                "grievance-new-title",
                "grievances",
                "/grievances/new",
            ),
            fields: form_fields(&state, user.tr, &raw, &errors),
        });
        *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
        r
    };
    let draft = match raw.parse(state.pack.country) {
        Ok(d) => d,
        Err(errors) => return Ok(refused(errors)),
    };
    let code = new_receipt_code();
    let filed = match state
        .store
        .file_grievance(&user.access, &draft, &code, tadamun_store::now())
        .await
    {
        Ok(f) => f,
        Err(tadamun_store::StoreError::Invalid(errors)) => return Ok(refused(errors)),
        Err(e) => return Err(e.into()),
    };
    // Shown once, here: only the hash is kept. The page is not cached.
    let mut r = render(&ReceiptPage {
        page: Chrome::for_user(
            &user,
            "grievance-receipt-title",
            "grievances",
            "/grievances",
        ),
        href: format!("/grievances/{}", filed.id),
        reference: user.tr.digits(&filed.reference.to_string()),
        code: user.tr.digits(&code.grouped()),
    });
    r.headers_mut().insert(
        axum::http::header::CACHE_CONTROL,
        axum::http::HeaderValue::from_static("no-store"),
    );
    Ok(r)
}

struct EventLine {
    when: String,
    who: String,
    what: String,
    body: String,
}

#[derive(Template)]
#[template(path = "grievance.html")]
struct DetailPage {
    page: Chrome,
    id: String,
    row: Row,
    channel: String,
    household_href: Option<String>,
    decision: String,
    phone: String,
    id_number: String,
    description: String,
    resolution: String,
    events: Vec<EventLine>,
    moves: Vec<(String, String)>,
    can_take: bool,
    can_assign: bool,
    done: Option<String>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct Done {
    done: Option<String>,
}

fn parse_id(raw: &str) -> AppResult<GrievanceId> {
    GrievanceId::parse(raw).map_err(|_| AppError::NotFound)
}

/// The grievance the caller may see, or 404.
async fn visible(state: &AppState, user: &PageUser, id: &str) -> AppResult<Grievance> {
    let id = parse_id(id)?;
    state
        .store
        .get_grievance(&user.access, id)
        .await?
        .ok_or(AppError::NotFound)
}

async fn detail(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<String>,
    Query(done): Query<Done>,
) -> AppResult<Response> {
    let g = visible(&state, &user, &id).await?;
    let tr = user.tr;
    let events = state.store.grievance_events(&user.access, g.id).await?;
    let status_label = |s: &Option<String>| {
        s.as_deref()
            .map(|s| tr.label("grievance-status", s))
            .unwrap_or_default()
    };
    let events = events
        .iter()
        .map(|e| EventLine {
            when: tr.datetime(e.created_at),
            who: e.actor_name.clone(),
            what: match e.kind.as_str() {
                "assigned" => tr.t_args(
                    "grievance-event-assigned",
                    &[("name", e.assigned_to_name.clone().unwrap_or_default())],
                ),
                "status" | "escalated" => tr.t_args(
                    "grievance-event-status",
                    &[
                        ("from", status_label(&e.from_status)),
                        ("to", status_label(&e.to_status)),
                    ],
                ),
                kind => tr.label("grievance-event", kind),
            },
            body: e.body.clone().unwrap_or_default(),
        })
        .collect();
    let moves = GrievanceStatus::ALL
        .iter()
        .filter(|s| g.status.can_move_to(**s))
        .map(|s| {
            (
                s.as_str().to_owned(),
                tr.label("grievance-status", s.as_str()),
            )
        })
        .collect();
    let page = DetailPage {
        page: Chrome::new(
            tr,
            tr.t_args("grievance-title", &[("reference", tr.digits(&g.reference))]),
            Some(&user),
            "grievances",
            format!("/grievances/{}", g.id),
        ),
        id: g.id.to_string(),
        row: row(&state, tr, &g),
        channel: tr.label("grievance-channel", g.channel.as_str()),
        household_href: g.household_id.map(|h| format!("/households/{h}")),
        decision: g.decision_id.map(|d| d.to_string()).unwrap_or_default(),
        phone: g.complainant_phone.clone().unwrap_or_default(),
        id_number: g
            .complainant_id_number
            .as_deref()
            .map(|n| tr.digits(n))
            .unwrap_or_default(),
        description: g.description.clone(),
        resolution: g.resolution.clone().unwrap_or_default(),
        events,
        moves,
        can_take: g.assigned_to.is_none() && !g.status.is_settled(),
        can_assign: user.access.can(Permission::GrievanceSupervise) && !g.status.is_settled(),
        done: done.done.map(|d| tr.label("grievance-done", &d)),
    };
    Ok(render(&page))
}

async fn assign(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<String>,
    form: FormPairs,
) -> AppResult<Response> {
    let g = visible(&state, &user, &id).await?;
    let assignee = match form.value("assignee").trim() {
        "me" => user.access.user_id.ok_or(AppError::NotFound)?,
        other => UserId::parse(other)
            .map_err(|_| AppError::invalid("assignee", "required", "choose who handles it"))?,
    };
    state
        .store
        .assign_grievance(&user.access, g.id, assignee, tadamun_store::now())
        .await?;
    Ok(see_other(&format!("/grievances/{}?done=assigned", g.id)))
}

async fn note(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<String>,
    form: FormPairs,
) -> AppResult<Response> {
    let g = visible(&state, &user, &id).await?;
    state
        .store
        .add_grievance_note(
            &user.access,
            g.id,
            &form.value("note"),
            tadamun_store::now(),
        )
        .await?;
    Ok(see_other(&format!("/grievances/{}?done=noted", g.id)))
}

async fn status(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<String>,
    form: FormPairs,
) -> AppResult<Response> {
    let g = visible(&state, &user, &id).await?;
    let to =
        GrievanceStatus::parse(&form.value("status")).map_err(|e| AppError::Invalid(e.into()))?;
    state
        .store
        .change_grievance_status(
            &user.access,
            g.id,
            to,
            &form.value("text"),
            tadamun_store::now(),
        )
        .await?;
    Ok(see_other(&format!("/grievances/{}?done=status", g.id)))
}

/// For the lookup page: a reference as the citizen should type it.
pub(crate) fn reference_text(tr: Tr, r: GrievanceRef) -> String {
    tr.digits(&r.to_string())
}
