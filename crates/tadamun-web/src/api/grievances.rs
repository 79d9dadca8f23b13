//! Grievances over JSON for staff: file one (the answer carries the receipt code, once),
//! list the queue, read one, assign it, and move it along its life cycle, with the
//! same scope and need-to-know rules as the pages.

use axum::{
    Json,
    extract::{Path, Query, State},
    http::StatusCode,
};
use serde::{Deserialize, Serialize};
use tadamun_domain::{
    grievance::{GrievanceCategory, GrievanceStatus, RawGrievance},
    ids::{GrievanceId, UserId},
};
use tadamun_store::grievances::{Grievance, GrievanceCursor, GrievanceEvent, GrievanceFilter};
use utoipa::{IntoParams, ToSchema};

use super::{ApiError, ApiJson};
use crate::{
    error::{AppError, AppResult},
    session::ApiUser,
    state::AppState,
};

#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct FiledGrievance {
    id: GrievanceId,
    /// The citizen's reference, `2026-000123`.
    reference: String,
    /// The receipt code for the citizen. Returned only here: it is stored hashed.
    receipt_code: String,
}

/// Files a grievance for a citizen.
#[utoipa::path(
    post, path = "/api/v1/grievances", tag = "grievances", security(("bearer" = [])),
    request_body = RawGrievance,
    responses(
        (status = 201, body = FiledGrievance),
        (status = 400, body = ApiError), (status = 401, body = ApiError), (status = 403, body = ApiError),
        (status = 422, description = "Field errors", body = ApiError),
    )
)]
pub(crate) async fn file(
    State(state): State<AppState>,
    user: ApiUser,
    ApiJson(raw): ApiJson<RawGrievance>,
) -> AppResult<(StatusCode, Json<FiledGrievance>)> {
    let draft = raw.parse(state.pack.country).map_err(AppError::Invalid)?;
    let code = crate::routes::new_receipt_code();
    let filed = state
        .store
        .file_grievance(&user.access, &draft, &code, tadamun_store::now())
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(FiledGrievance {
            id: filed.id,
            reference: filed.reference.to_string(),
            receipt_code: code.grouped(),
        }),
    ))
}

#[derive(Debug, Deserialize, IntoParams)]
pub(crate) struct ListQuery {
    /// A status (`open`, `assigned`, `in_progress`, `escalated`, `resolved`, `rejected`, `closed`).
    status: Option<String>,
    /// A category (`payment`, `targeting_decision`, …).
    category: Option<String>,
    /// `true`: only unsettled grievances past their due time.
    overdue: Option<bool>,
    /// The `next` of the previous page.
    after: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct GrievancePage {
    grievances: Vec<Grievance>,
    /// Pass as `after` for the next page; absent on the last.
    next: Option<String>,
}

const PAGE: i64 = 50;

/// Grievances the caller may see, earliest due first.
#[utoipa::path(
    get, path = "/api/v1/grievances", tag = "grievances", security(("bearer" = [])),
    params(ListQuery),
    responses((status = 200, body = GrievancePage), (status = 401, body = ApiError), (status = 403, body = ApiError), (status = 422, body = ApiError))
)]
pub(crate) async fn list(
    State(state): State<AppState>,
    user: ApiUser,
    Query(q): Query<ListQuery>,
) -> AppResult<Json<GrievancePage>> {
    let parse_opt = |v: &Option<String>| {
        v.as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
    };
    let filter = GrievanceFilter {
        status: parse_opt(&q.status)
            .map(|s| GrievanceStatus::parse(&s))
            .transpose()
            .map_err(|e| AppError::Invalid(e.into()))?,
        category: parse_opt(&q.category)
            .map(|s| GrievanceCategory::parse(&s))
            .transpose()
            .map_err(|e| AppError::Invalid(e.into()))?,
        overdue_at: q.overdue.unwrap_or(false).then(tadamun_store::now),
        household: None,
    };
    let after = match parse_opt(&q.after) {
        None => None,
        Some(a) => Some(GrievanceCursor::decode(&a).ok_or_else(|| {
            AppError::invalid("after", "invalid-cursor", "not a cursor from this list")
        })?),
    };
    let grievances = state
        .store
        .list_grievances(&user.access, &filter, after, PAGE)
        .await?;
    let next = (grievances.len() as i64 == PAGE)
        .then(|| grievances.last())
        .flatten()
        .map(|g| {
            GrievanceCursor {
                due_at: g.due_at,
                id: g.id.0,
            }
            .encode()
        });
    Ok(Json(GrievancePage { grievances, next }))
}

#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct GrievanceDetail {
    grievance: Grievance,
    history: Vec<GrievanceEvent>,
}

fn grievance_id(raw: &str) -> AppResult<GrievanceId> {
    GrievanceId::parse(raw).map_err(|_| AppError::NotFound)
}

async fn visible(state: &AppState, user: &ApiUser, raw: &str) -> AppResult<Grievance> {
    state
        .store
        .get_grievance(&user.access, grievance_id(raw)?)
        .await?
        .ok_or(AppError::NotFound)
}

/// One grievance with its history.
#[utoipa::path(
    get, path = "/api/v1/grievances/{id}", tag = "grievances", security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid, description = "Grievance id")),
    responses((status = 200, body = GrievanceDetail), (status = 401, body = ApiError), (status = 403, body = ApiError), (status = 404, body = ApiError))
)]
pub(crate) async fn get(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<String>,
) -> AppResult<Json<GrievanceDetail>> {
    let grievance = visible(&state, &user, &id).await?;
    let history = state
        .store
        .grievance_events(&user.access, grievance.id)
        .await?;
    Ok(Json(GrievanceDetail { grievance, history }))
}

#[derive(Debug, Deserialize, ToSchema)]
pub(crate) struct AssignBody {
    /// The staff member who will handle it (a user id).
    #[schema(value_type = String, format = Uuid)]
    assignee: String,
}

/// Assigns a grievance to staff whose scope covers its governorate.
#[utoipa::path(
    post, path = "/api/v1/grievances/{id}/assignment", tag = "grievances", security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid, description = "Grievance id")),
    request_body = AssignBody,
    responses(
        (status = 204), (status = 400, body = ApiError), (status = 401, body = ApiError), (status = 403, body = ApiError),
        (status = 404, body = ApiError), (status = 409, body = ApiError), (status = 422, body = ApiError),
    )
)]
pub(crate) async fn assign(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<AssignBody>,
) -> AppResult<StatusCode> {
    let g = visible(&state, &user, &id).await?;
    let assignee = UserId::parse(&body.assignee)
        .map_err(|_| AppError::invalid("assignee", "invalid-id", "not a user identifier"))?;
    state
        .store
        .assign_grievance(&user.access, g.id, assignee, tadamun_store::now())
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Deserialize, ToSchema)]
pub(crate) struct StatusBody {
    /// The new status.
    status: String,
    /// The answer for the citizen (required to resolve or reject), or a note.
    #[serde(default)]
    text: String,
}

/// Moves a grievance along its life cycle.
#[utoipa::path(
    post, path = "/api/v1/grievances/{id}/status", tag = "grievances", security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid, description = "Grievance id")),
    request_body = StatusBody,
    responses(
        (status = 204), (status = 400, body = ApiError), (status = 401, body = ApiError), (status = 403, body = ApiError),
        (status = 404, body = ApiError), (status = 409, body = ApiError), (status = 422, body = ApiError),
    )
)]
pub(crate) async fn status(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<StatusBody>,
) -> AppResult<StatusCode> {
    let g = visible(&state, &user, &id).await?;
    let to = GrievanceStatus::parse(&body.status).map_err(|e| AppError::Invalid(e.into()))?;
    state
        .store
        .change_grievance_status(&user.access, g.id, to, &body.text, tadamun_store::now())
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
