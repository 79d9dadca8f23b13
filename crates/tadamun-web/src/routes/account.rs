//! The signed-in user's own account: their active sessions and API tokens (each
//! revocable, or all but this one at once), their two-factor status, and a password
//! change that applies the policy and ends every other session.

use askama::Template;
use axum::{
    extract::{Path, Query, State},
    http::{HeaderMap, Method, StatusCode},
    middleware,
    response::Response,
    routing::{get, post},
};
use tadamun_domain::{FieldErrors, login::SessionKind};
use tadamun_store::sessions::Session;
use uuid::Uuid;

use super::{FormPairs, enrol, see_other};
use crate::{
    auth,
    authz::{Routes, Rule},
    error::{AppError, AppResult},
    i18n::Tr,
    ratelimit,
    session::{self, PageUser},
    state::AppState,
    views::{Chrome, FormField, render},
};

pub(crate) fn routes() -> Routes {
    use Rule::{Public, SignedIn};
    Routes::new("")
        .add(Method::GET, "/account", SignedIn, get(page))
        .add(
            Method::POST,
            "/account/password",
            SignedIn,
            post(change_password).layer(middleware::from_fn(ratelimit::limit_logins)),
        )
        .add(
            Method::POST,
            "/account/sessions/{id}/revoke",
            SignedIn,
            post(revoke),
        )
        .add(
            Method::POST,
            "/account/sessions/revoke-others",
            SignedIn,
            post(revoke_others),
        )
        // Public in the rule table because a session still at the enrolment stage must
        // reach them; the handlers accept only full or enrolling sessions.
        .add(Method::GET, "/account/two-factor", Public, get(enrol::page))
        .add(
            Method::POST,
            "/account/two-factor",
            Public,
            post(enrol::confirm),
        )
}

/// One row of the sessions table.
pub(crate) struct SessionLine {
    pub id: String,
    pub device: String,
    pub address: String,
    pub kind: String,
    pub started: String,
    pub last_seen: String,
    pub expires: String,
    pub current: bool,
}

impl SessionLine {
    pub fn new(tr: Tr, s: &Session, current: Option<Uuid>) -> Self {
        Self {
            id: s.id.to_string(),
            device: s
                .user_agent
                .clone()
                .unwrap_or_else(|| tr.t("account-unknown-device")),
            address: s.source_ip.clone().unwrap_or_default(),
            kind: tr.t(match s.kind {
                SessionKind::Browser => "session-kind-browser",
                SessionKind::Api => "session-kind-api",
            }),
            started: tr.datetime(s.created_at),
            last_seen: tr.datetime(s.last_seen_at),
            expires: tr.datetime(s.absolute_expires_at),
            current: Some(s.id) == current,
        }
    }
}

#[derive(Template)]
#[template(path = "account.html")]
struct AccountPage {
    page: Chrome,
    username: String,
    sessions: Vec<SessionLine>,
    two_factor: bool,
    notice: Option<String>,
    fields: Vec<FormField>,
}

#[derive(Debug, serde::Deserialize)]
pub(crate) struct Done {
    done: Option<String>,
}

async fn current_session(state: &AppState, headers: &HeaderMap) -> AppResult<Option<Uuid>> {
    Ok(session::cookie_session(state, headers)
        .await?
        .map(|(_, s)| s.id))
}

async fn render_account(
    state: &AppState,
    user: &PageUser,
    headers: &HeaderMap,
    notice: Option<String>,
    errors: &FieldErrors,
) -> AppResult<Response> {
    let tr = user.tr;
    let current = current_session(state, headers).await?;
    let idle = time::Duration::try_from(state.session_idle).unwrap_or(time::Duration::minutes(30));
    let sessions = state
        .store
        .user_sessions(user.user.id, tadamun_store::now(), idle)
        .await?
        .iter()
        .map(|s| SessionLine::new(tr, s, current))
        .collect();
    let two_factor = state.store.totp_secret(user.user.id).await?.is_some();
    let mut fields = vec![
        FormField::new(
            "current_password",
            tr.t("account-current-password"),
            "password",
            "",
        )
        .ltr(),
        FormField::new("password", tr.t("account-new-password"), "password", "").ltr(),
    ];
    for f in &mut fields {
        f.required = true;
        f.error = errors.for_field(&f.name).map(|e| tr.field_error(e));
    }
    let page = AccountPage {
        page: Chrome::for_user(user, "account-title", "account", "/account"),
        username: user.user.username.clone(),
        sessions,
        two_factor,
        notice,
        fields,
    };
    let mut response = render(&page);
    if !errors.is_empty() {
        *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(response)
}

#[tracing::instrument(skip_all, fields(user = %user.user.id))]
pub(crate) async fn page(
    State(state): State<AppState>,
    user: PageUser,
    headers: HeaderMap,
    Query(done): Query<Done>,
) -> AppResult<Response> {
    let notice = match done.done.as_deref() {
        Some("password") => Some(user.tr.t("account-password-changed")),
        Some("revoked") => Some(user.tr.t("account-sessions-revoked")),
        _ => None,
    };
    render_account(&state, &user, &headers, notice, &FieldErrors::default()).await
}

/// Changes the password: the current one must be right and the new one pass the
/// policy. Every other session and API token of the user ends.
#[tracing::instrument(skip_all, fields(user = %user.user.id))]
pub(crate) async fn change_password(
    State(state): State<AppState>,
    user: PageUser,
    headers: HeaderMap,
    form: FormPairs,
) -> AppResult<Response> {
    let mut errors = FieldErrors::default();
    let hash = state
        .store
        .user_by_username(&user.user.username)
        .await?
        .ok_or(AppError::NotFound)?
        .password_hash;
    if !auth::verify_blocking(hash, form.value("current_password")).await? {
        errors.push(tadamun_domain::FieldError::new(
            "current_password",
            "wrong-password",
            "the current password is not right",
        ));
    }
    let new = errors.take(tadamun_domain::password::NewPassword::parse(
        &form.value("password"),
    ));
    let Some(new) = new.filter(|_| errors.is_empty()) else {
        return render_account(&state, &user, &headers, None, &errors).await;
    };
    let hash = auth::hash_blocking(&new).await?;
    let now = tadamun_store::now();
    state
        .store
        .change_password(&user.access, user.user.id, &hash, now)
        .await?;
    let current = current_session(&state, &headers).await?;
    state
        .store
        .revoke_user_sessions(&user.access, user.user.id, current, now)
        .await?;
    Ok(see_other("/account?done=password"))
}

fn session_id(raw: &str) -> AppResult<Uuid> {
    Uuid::parse_str(raw).map_err(|_| AppError::NotFound)
}

#[tracing::instrument(skip_all, fields(user = %user.user.id))]
pub(crate) async fn revoke(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<String>,
) -> AppResult<Response> {
    state
        .store
        .revoke_session(
            &user.access,
            user.user.id,
            session_id(&id)?,
            tadamun_store::now(),
        )
        .await?;
    Ok(see_other("/account?done=revoked"))
}

#[tracing::instrument(skip_all, fields(user = %user.user.id))]
pub(crate) async fn revoke_others(
    State(state): State<AppState>,
    user: PageUser,
    headers: HeaderMap,
) -> AppResult<Response> {
    let current = current_session(&state, &headers).await?;
    state
        .store
        .revoke_user_sessions(&user.access, user.user.id, current, tadamun_store::now())
        .await?;
    Ok(see_other("/account?done=revoked"))
}
