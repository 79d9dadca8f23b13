//! Reference data and counts: the country's areas and the dashboard figures.

use axum::{Json, extract::State};
use serde::Serialize;
use tadamun_domain::area::Area;
use tadamun_store::dashboard::GovernorateCount;
use utoipa::ToSchema;

use super::ApiError;
use crate::{error::AppResult, session::ApiUser, state::AppState};

/// The country's governorates and districts.
#[utoipa::path(
    get, path = "/api/v1/areas", tag = "registry", security(("bearer" = [])),
    responses((status = 200, body = Vec<Area>), (status = 401, body = ApiError))
)]
#[tracing::instrument(skip_all)]
pub(crate) async fn areas(
    State(state): State<AppState>,
    _user: ApiUser,
) -> AppResult<Json<Vec<Area>>> {
    Ok(Json(
        state.store.list_areas(state.pack.country.code()).await?,
    ))
}

#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct DashboardResponse {
    governorates: Vec<GovernorateCount>,
    total_households: i64,
    total_persons: i64,
}

/// Active households and living persons per governorate.
#[utoipa::path(
    get, path = "/api/v1/dashboard", tag = "registry", security(("bearer" = [])),
    responses((status = 200, body = DashboardResponse), (status = 401, body = ApiError))
)]
#[tracing::instrument(skip_all)]
pub(crate) async fn dashboard(
    State(state): State<AppState>,
    user: ApiUser,
) -> AppResult<Json<DashboardResponse>> {
    let governorates = state
        .store
        .counts_by_governorate(&user.access, state.pack.country.code())
        .await?;
    let total_households = governorates.iter().map(|g| g.households).sum();
    let total_persons = governorates.iter().map(|g| g.persons).sum();
    Ok(Json(DashboardResponse {
        governorates,
        total_households,
        total_persons,
    }))
}
