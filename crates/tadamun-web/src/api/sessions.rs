//! API login: a username, password and (when enrolled) a TOTP or recovery code give
//! an expiring bearer token of kind `api`, optionally narrowed to some permissions;
//! only its hash is stored. The same delay, lockout, rate limit and audit as the login
//! page apply. A user whose roles demand 2FA must enrol in the web interface first.

use std::collections::BTreeSet;

use axum::{
    Json,
    extract::State,
    http::{HeaderMap, StatusCode},
};
use serde::{Deserialize, Serialize};
use tadamun_domain::{
    access::Permission,
    login::{SessionKind, SessionStage},
};
use utoipa::ToSchema;

use super::{ApiError, ApiJson};
use crate::{
    error::{AppError, AppResult},
    session::{self, ClientIp, Origin},
    signin::{self, PasswordStep},
    state::AppState,
};

#[derive(Debug, Deserialize, ToSchema)]
pub(crate) struct LoginRequest {
    username: String,
    password: String,
    /// A TOTP code or a recovery code, for users with two-factor login.
    #[serde(default)]
    code: Option<String>,
    /// Permissions to narrow the token to (e.g. `household.read`); all the user's when
    /// absent. A permission the user lacks is never gained.
    #[serde(default)]
    scopes: Option<Vec<String>>,
}

#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct SessionResponse {
    /// Send as `Authorization: Bearer <token>`.
    token: String,
    /// RFC 3339 time after which the token no longer works.
    expires_at: String,
    /// The permissions the token is narrowed to; absent when not narrowed.
    scopes: Option<Vec<String>>,
}

fn parse_scopes(raw: Option<Vec<String>>) -> AppResult<Option<BTreeSet<Permission>>> {
    raw.map(|list| {
        list.iter()
            .map(|p| {
                Permission::parse(p).map_err(|mut e| {
                    e.field = "scopes".into();
                    AppError::Invalid(e.into())
                })
            })
            .collect()
    })
    .transpose()
}

/// Opens an API session.
#[utoipa::path(
    post, path = "/api/v1/sessions", tag = "auth",
    request_body = LoginRequest,
    responses(
        (status = 201, description = "Signed in", body = SessionResponse),
        (status = 400, description = "Malformed JSON", body = ApiError),
        (status = 401, description = "Wrong username, password or code, or the account is locked or paused after failures", body = ApiError),
        (status = 403, description = "Two-factor code missing, or enrolment required first (in the web interface)", body = ApiError),
        (status = 422, description = "A field has the wrong type, or an unknown scope", body = ApiError),
        (status = 429, description = "Too many sign-in attempts from this address", body = ApiError),
    )
)]
#[tracing::instrument(skip_all)]
pub(crate) async fn create(
    State(state): State<AppState>,
    ip: ClientIp,
    headers: HeaderMap,
    ApiJson(req): ApiJson<LoginRequest>,
) -> AppResult<(StatusCode, Json<SessionResponse>)> {
    let scopes = parse_scopes(req.scopes)?;
    let username = req.username.trim().to_ascii_lowercase();
    let step = signin::password_step(&state, &username, req.password, ip.0.clone()).await?;
    let PasswordStep::Passed { record, stage } = step else {
        return Err(AppError::Unauthorized { next: None });
    };
    match stage {
        SessionStage::Full => {}
        SessionStage::Enrol => {
            return Err(AppError::Denied(
                "two-factor enrolment required: sign in to the web interface and enrol first"
                    .into(),
            ));
        }
        SessionStage::PasswordOk => {
            let Some(code) = req.code.filter(|c| !c.trim().is_empty()) else {
                return Err(AppError::Denied(
                    "two-factor code required: send a TOTP or recovery code in `code`".into(),
                ));
            };
            if signin::second_step(&state, &record, &code, ip.0.clone())
                .await?
                .is_none()
            {
                return Err(AppError::Unauthorized { next: None });
            }
        }
    }
    let (token, expires_at) = session::start_session(
        &state,
        &record.user,
        SessionKind::Api,
        SessionStage::Full,
        scopes.clone(),
        None,
        &Origin::of(&ip, &headers),
    )
    .await?;
    let expires_at = expires_at
        .format(&time::format_description::well_known::Rfc3339)
        .map_err(|e| AppError::Internal(e.into()))?;
    Ok((
        StatusCode::CREATED,
        Json(SessionResponse {
            token,
            expires_at,
            scopes: scopes.map(|s| s.iter().map(|p| p.as_str().to_owned()).collect()),
        }),
    ))
}
