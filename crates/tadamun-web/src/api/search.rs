//! Person search: by name (any hamza or ta-marbuta spelling), ID number or phone, with
//! an opaque keyset cursor for the next page.

use axum::{
    Json,
    extract::{Query, State},
};
use serde::{Deserialize, Serialize};
use tadamun_domain::FieldError;
use tadamun_store::search::{SearchCursor, SearchHit};
use utoipa::{IntoParams, ToSchema};

use super::ApiError;
use crate::{
    error::{AppError, AppResult},
    session::ApiUser,
    state::AppState,
};

#[derive(Debug, Deserialize, IntoParams)]
pub(crate) struct SearchParams {
    /// Name, ID number or phone number.
    q: Option<String>,
    /// The `next` value of the previous page.
    after: Option<String>,
    /// Results per page, 1 to 200 (default 50).
    limit: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct SearchResponse {
    hits: Vec<SearchHit>,
    /// Pass as `after` for the next page; absent on the last page.
    next: Option<String>,
}

/// Finds persons.
#[utoipa::path(
    get, path = "/api/v1/search", tag = "registry", security(("bearer" = [])),
    params(SearchParams),
    responses((status = 200, body = SearchResponse), (status = 401, body = ApiError), (status = 422, description = "Bad cursor or limit", body = ApiError))
)]
#[tracing::instrument(skip_all)]
pub(crate) async fn search(
    State(state): State<AppState>,
    user: ApiUser,
    Query(params): Query<SearchParams>,
) -> AppResult<Json<SearchResponse>> {
    let limit = match params
        .limit
        .as_deref()
        .map(str::trim)
        .filter(|l| !l.is_empty())
    {
        None => 50,
        Some(l) => l
            .parse::<i64>()
            .ok()
            .filter(|n| (1..=200).contains(n))
            .ok_or_else(|| {
                AppError::invalid(
                    "limit",
                    "invalid-number",
                    "limit is a whole number from 1 to 200",
                )
            })?,
    };
    let after = match params.after.as_deref().filter(|a| !a.is_empty()) {
        None => None,
        Some(a) => Some(SearchCursor::decode(a).ok_or_else(|| {
            AppError::Invalid(
                FieldError::new(
                    "after",
                    "invalid-cursor",
                    "not a cursor from a previous page",
                )
                .into(),
            )
        })?),
    };
    let page = state
        .store
        .search_persons(
            &user.access,
            params.q.as_deref().unwrap_or_default(),
            after.as_ref(),
            limit,
        )
        .await?;
    Ok(Json(SearchResponse {
        hits: page.hits,
        next: page.next.map(|c| c.encode()),
    }))
}
