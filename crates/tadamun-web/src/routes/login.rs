//! Signing in and out. A new token is issued at every login (the session id rotates),
//! and the password check runs off the async runtime.

use askama::Template;
use axum::{
    extract::{Query, State},
    http::{HeaderMap, StatusCode, header},
    response::{IntoResponse, Response},
};
use serde::Deserialize;

use super::{FormPairs, see_other};
use crate::{
    auth,
    error::{AppError, AppResult},
    i18n::Tr,
    session::{self, Visitor},
    state::AppState,
    views::{Chrome, render},
};

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    page: Chrome,
    next: String,
    username: String,
    failed: bool,
}

#[derive(Debug, Deserialize)]
pub(crate) struct LoginQuery {
    next: Option<String>,
}

fn login_page(tr: Tr, next: &str, username: String, failed: bool) -> Response {
    let here = format!("/login?{}", super::query_string(&[("next", next)]));
    let page = LoginPage {
        page: Chrome::new(tr, tr.t("login-title"), None, "login", here),
        next: next.to_owned(),
        username,
        failed,
    };
    let mut response = render(&page);
    if failed {
        *response.status_mut() = StatusCode::UNAUTHORIZED;
    }
    response
}

#[tracing::instrument(skip_all)]
pub(crate) async fn page(Visitor(tr): Visitor, Query(query): Query<LoginQuery>) -> Response {
    let next = query.next.unwrap_or_else(|| "/".into());
    login_page(tr, session::safe_next(&next), String::new(), false)
}

#[tracing::instrument(skip_all, fields(username))]
pub(crate) async fn submit(
    State(state): State<AppState>,
    Visitor(tr): Visitor,
    form: FormPairs,
) -> AppResult<Response> {
    let username = form.value("username").trim().to_ascii_lowercase();
    let password = form.value("password");
    let next = session::safe_next(form.get("next").unwrap_or("/")).to_owned();
    tracing::Span::current().record("username", username.as_str());
    let found = state.store.user_by_username(&username).await?;
    let hash = found
        .as_ref()
        .map(|u| u.password_hash.clone())
        .unwrap_or_else(|| auth::dummy_hash().to_owned());
    let ok = tokio::task::spawn_blocking(move || auth::verify_password(&hash, &password))
        .await
        .map_err(|e| AppError::Internal(e.into()))?;
    let Some(found) = found.filter(|_| ok) else {
        tracing::info!("login refused");
        return Ok(login_page(tr, &next, username, true));
    };
    let (token, _) = session::start_session(&state, &found.user).await?;
    let mut response = see_other(&next);
    let headers = response.headers_mut();
    headers.append(header::SET_COOKIE, session::session_cookie(&state, &token));
    headers.append(
        header::SET_COOKIE,
        session::lang_cookie(&state, Tr::new(found.user.locale, found.user.digits)),
    );
    tracing::info!(user = %found.user.id, "signed in");
    Ok(response)
}

#[tracing::instrument(skip_all)]
pub(crate) async fn logout(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> AppResult<Response> {
    if let Some(token) =
        session::cookie(&headers, session::session_cookie_name(state.secure_cookies))
    {
        state
            .store
            .delete_session(&session::token_hash(&token))
            .await?;
    }
    let mut response = see_other("/login");
    response
        .headers_mut()
        .append(header::SET_COOKIE, session::clear_session_cookie(&state));
    Ok(response.into_response())
}
