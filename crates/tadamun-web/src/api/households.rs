//! Households over JSON: register, read, edit against a version, record life-cycle
//! events and read the history. Handlers parse, call the store, respond.

use axum::{
    Json,
    extract::{Path, State},
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use serde::{Deserialize, Serialize};
use tadamun_domain::{
    access::Access,
    history::HistoryEntry,
    household::{Household, RawHousehold},
    ids::{HouseholdId, PersonId},
};
use utoipa::ToSchema;
use uuid::Uuid;

use super::{ApiError, ApiJson, household_id};
use crate::{
    error::{AppError, AppResult},
    events::RawLifeEvent,
    session::ApiUser,
    state::AppState,
};

#[derive(Debug, Deserialize, ToSchema)]
pub(crate) struct UpdateRequest {
    /// The `version` of the household the edit started from.
    version: i64,
    household: RawHousehold,
    /// For each of `household.members`, the id of the stored person it edits, or null
    /// for a member added now.
    #[serde(default)]
    member_ids: Vec<Option<Uuid>>,
}

#[derive(Debug, Deserialize, ToSchema)]
pub(crate) struct EventRequest {
    /// The `version` of the household the event was entered against.
    version: i64,
    event: RawLifeEvent,
}

#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct EventResponse {
    household: Household,
    /// The household formed by a split.
    #[schema(value_type = Option<String>, format = Uuid)]
    new_household_id: Option<HouseholdId>,
}

async fn load(state: &AppState, access: &Access, id: HouseholdId) -> AppResult<Household> {
    state
        .store
        .get_household(access, id)
        .await?
        .ok_or(AppError::NotFound)
}

/// Registers a household.
#[utoipa::path(
    post, path = "/api/v1/households", tag = "registry", security(("bearer" = [])),
    request_body = RawHousehold,
    responses(
        (status = 201, description = "Registered; `Location` names it", body = Household),
        (status = 400, description = "Malformed JSON", body = ApiError),
        (status = 401, body = ApiError),
        (status = 422, description = "Field errors", body = ApiError),
    )
)]
#[tracing::instrument(skip_all, fields(user = %user.user.id))]
pub(crate) async fn create(
    State(state): State<AppState>,
    user: ApiUser,
    ApiJson(raw): ApiJson<RawHousehold>,
) -> AppResult<Response> {
    let now = tadamun_store::now();
    let draft = raw
        .parse(&state.pack, now.date())
        .map_err(AppError::Invalid)?;
    let id = state
        .store
        .create_household(&user.access, &draft, now)
        .await?;
    let household = load(&state, &user.access, id).await?;
    let mut response = (StatusCode::CREATED, Json(household)).into_response();
    if let Ok(v) = HeaderValue::from_str(&format!("/api/v1/households/{id}")) {
        response.headers_mut().insert(header::LOCATION, v);
    }
    Ok(response)
}

/// A household with all its members, deceased ones included.
#[utoipa::path(
    get, path = "/api/v1/households/{id}", tag = "registry", security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid, description = "Household id")),
    responses((status = 200, body = Household), (status = 401, body = ApiError), (status = 404, body = ApiError), (status = 422, description = "Malformed id", body = ApiError))
)]
#[tracing::instrument(skip_all, fields(household = %id))]
pub(crate) async fn get(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<String>,
) -> AppResult<Json<Household>> {
    Ok(Json(load(&state, &user.access, household_id(&id)?).await?))
}

/// Edits a household from the version the client read.
#[utoipa::path(
    put, path = "/api/v1/households/{id}", tag = "registry", security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid, description = "Household id")),
    request_body = UpdateRequest,
    responses(
        (status = 200, description = "Saved", body = Household),
        (status = 400, description = "Malformed JSON", body = ApiError),
        (status = 401, body = ApiError),
        (status = 404, body = ApiError),
        (status = 409, description = "Changed by someone else since `version`", body = ApiError),
        (status = 422, description = "Field errors", body = ApiError),
    )
)]
#[tracing::instrument(skip_all, fields(household = %id, user = %user.user.id))]
pub(crate) async fn update(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<String>,
    ApiJson(req): ApiJson<UpdateRequest>,
) -> AppResult<Json<Household>> {
    let id = household_id(&id)?;
    let now = tadamun_store::now();
    let draft = req
        .household
        .parse(&state.pack, now.date())
        .map_err(AppError::Invalid)?;
    let member_ids: Vec<Option<PersonId>> = req
        .member_ids
        .into_iter()
        .map(|m| m.map(PersonId))
        .collect();
    state
        .store
        .update_household(&user.access, id, req.version, &draft, &member_ids, now)
        .await?;
    Ok(Json(load(&state, &user.access, id).await?))
}

/// Records a birth, death, marriage, split or move.
#[utoipa::path(
    post, path = "/api/v1/households/{id}/events", tag = "registry", security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid, description = "Household id")),
    request_body = EventRequest,
    responses(
        (status = 201, description = "Recorded", body = EventResponse),
        (status = 400, description = "Malformed JSON", body = ApiError),
        (status = 401, body = ApiError),
        (status = 404, body = ApiError),
        (status = 409, description = "Changed by someone else since `version`", body = ApiError),
        (status = 422, description = "Field errors", body = ApiError),
    )
)]
#[tracing::instrument(skip_all, fields(household = %id, user = %user.user.id))]
pub(crate) async fn record_event(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<String>,
    ApiJson(req): ApiJson<EventRequest>,
) -> AppResult<(StatusCode, Json<EventResponse>)> {
    let id = household_id(&id)?;
    let now = tadamun_store::now();
    let event = req
        .event
        .parse(&state.pack, now.date())
        .map_err(AppError::Invalid)?;
    let new_household_id = state
        .store
        .record_event(&user.access, id, req.version, &event, now)
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(EventResponse {
            household: load(&state, &user.access, id).await?,
            new_household_id,
        }),
    ))
}

/// Every change to the household, oldest first, with who made it.
#[utoipa::path(
    get, path = "/api/v1/households/{id}/history", tag = "registry", security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid, description = "Household id")),
    responses((status = 200, body = Vec<HistoryEntry>), (status = 401, body = ApiError), (status = 404, body = ApiError), (status = 422, description = "Malformed id", body = ApiError))
)]
#[tracing::instrument(skip_all, fields(household = %id))]
pub(crate) async fn history(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<String>,
) -> AppResult<Json<Vec<HistoryEntry>>> {
    let id = household_id(&id)?;
    load(&state, &user.access, id).await?;
    Ok(Json(state.store.household_history(&user.access, id).await?))
}
