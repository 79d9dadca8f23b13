//! API login: a username and password give a bearer token (only its hash is stored).

use axum::{Json, extract::State, http::StatusCode};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{ApiError, ApiJson};
use crate::{
    auth,
    error::{AppError, AppResult},
    session,
    state::AppState,
};

#[derive(Debug, Deserialize, ToSchema)]
pub(crate) struct LoginRequest {
    username: String,
    password: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct SessionResponse {
    /// Send as `Authorization: Bearer <token>`.
    token: String,
    /// RFC 3339 time after which the token no longer works.
    expires_at: String,
}

/// Opens an API session.
#[utoipa::path(
    post, path = "/api/v1/sessions", tag = "auth",
    request_body = LoginRequest,
    responses(
        (status = 201, description = "Signed in", body = SessionResponse),
        (status = 400, description = "Malformed JSON", body = ApiError),
        (status = 401, description = "Wrong username or password", body = ApiError),
        (status = 422, description = "A field has the wrong type", body = ApiError),
    )
)]
#[tracing::instrument(skip_all)]
pub(crate) async fn create(
    State(state): State<AppState>,
    ApiJson(req): ApiJson<LoginRequest>,
) -> AppResult<(StatusCode, Json<SessionResponse>)> {
    let username = req.username.trim().to_ascii_lowercase();
    let found = state.store.user_by_username(&username).await?;
    let hash = found
        .as_ref()
        .map(|u| u.password_hash.clone())
        .unwrap_or_else(|| auth::dummy_hash().to_owned());
    let password = req.password;
    let ok = tokio::task::spawn_blocking(move || auth::verify_password(&hash, &password))
        .await
        .map_err(|e| AppError::Internal(e.into()))?;
    let user = found
        .filter(|_| ok)
        .ok_or(AppError::Unauthorized { next: None })?
        .user;
    let (token, expires_at) = session::start_session(&state, &user).await?;
    let expires_at = expires_at
        .format(&time::format_description::well_known::Rfc3339)
        .map_err(|e| AppError::Internal(e.into()))?;
    Ok((
        StatusCode::CREATED,
        Json(SessionResponse { token, expires_at }),
    ))
}
