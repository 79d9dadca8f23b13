//! Signing in and out. The password step, then (when enrolled) a TOTP or recovery
//! code; a user whose roles demand 2FA but who has none is sent to enrol. The session
//! id rotates at every step, each attempt is rate-limited per address and audited,
//! and a refusal reads the same whether the name, the password or the lock was wrong.

use askama::Template;
use axum::{
    extract::{Query, State},
    http::{HeaderMap, Method, StatusCode, header},
    middleware,
    response::{IntoResponse, Response},
    routing::{get, post},
};
use serde::Deserialize;
use tadamun_domain::login::{SessionKind, SessionStage};

use super::{FormPairs, query_string, see_other};
use crate::{
    authz::{Routes, Rule},
    error::AppResult,
    i18n::Tr,
    ratelimit,
    session::{self, ClientIp, Origin, Visitor},
    signin::{self, PasswordStep},
    state::AppState,
    views::{Chrome, render},
};

/// The sign-in pages. They are `Public` because a half-signed-in session does not pass
/// the rules; each handler checks the session stage it needs itself.
pub(crate) fn routes() -> Routes {
    let limited = || middleware::from_fn(ratelimit::limit_logins);
    Routes::new("")
        .add(Method::GET, "/login", Rule::Public, get(page))
        .add(
            Method::POST,
            "/login",
            Rule::Public,
            post(submit).layer(limited()),
        )
        .add(
            Method::GET,
            "/login/two-factor",
            Rule::Public,
            get(second_page),
        )
        .add(
            Method::POST,
            "/login/two-factor",
            Rule::Public,
            post(second_submit).layer(limited()),
        )
        .add(Method::POST, "/logout", Rule::Public, post(logout))
}

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    page: Chrome,
    next: String,
    username: String,
    failed: bool,
}

#[derive(Template)]
#[template(path = "login_two_factor.html")]
struct SecondStepPage {
    page: Chrome,
    next: String,
    failed: bool,
}

#[derive(Debug, Deserialize)]
pub(crate) struct LoginQuery {
    next: Option<String>,
}

fn login_page(tr: Tr, next: &str, username: String, failed: bool) -> Response {
    let here = format!("/login?{}", query_string(&[("next", next)]));
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

/// Where a session at `stage` continues, keeping the page the user asked for.
fn continue_at(stage: SessionStage, next: &str) -> String {
    match stage {
        SessionStage::Full => next.to_owned(),
        SessionStage::PasswordOk => {
            format!("/login/two-factor?{}", query_string(&[("next", next)]))
        }
        SessionStage::Enrol => format!("/account/two-factor?{}", query_string(&[("next", next)])),
    }
}

/// Where a login without a destination lands: the dashboard, or the partner registry
/// for a partner's staff, who have no dashboard.
async fn home_for(
    state: &AppState,
    user: &tadamun_domain::user::User,
    next: String,
) -> AppResult<String> {
    use tadamun_domain::access::Permission;
    if next != "/" {
        return Ok(next);
    }
    let access = state.store.user_access(user.id, None).await?;
    Ok(match access {
        Some(a) if !a.can(Permission::DashboardRead) && a.can(Permission::PartnerRead) => {
            "/partners".to_owned()
        }
        _ => next,
    })
}

/// A redirect that also sets the session cookie.
fn with_session(state: &AppState, location: &str, token: &str) -> Response {
    let mut response = see_other(location);
    response
        .headers_mut()
        .append(header::SET_COOKIE, session::session_cookie(state, token));
    response
}

/// The login form; a half-finished login is sent on to its next step instead.
#[tracing::instrument(skip_all)]
pub(crate) async fn page(
    State(state): State<AppState>,
    Visitor(tr): Visitor,
    headers: HeaderMap,
    Query(query): Query<LoginQuery>,
) -> AppResult<Response> {
    let next = session::safe_next(query.next.as_deref().unwrap_or("/")).to_owned();
    if let Some((_, s)) = session::cookie_session(&state, &headers).await?
        && s.stage != SessionStage::Full
    {
        return Ok(see_other(&continue_at(s.stage, &next)));
    }
    Ok(login_page(tr, &next, String::new(), false))
}

#[tracing::instrument(skip_all, fields(username))]
pub(crate) async fn submit(
    State(state): State<AppState>,
    Visitor(tr): Visitor,
    ip: ClientIp,
    headers: HeaderMap,
    form: FormPairs,
) -> AppResult<Response> {
    let username = form.value("username").trim().to_ascii_lowercase();
    let next = session::safe_next(form.get("next").unwrap_or("/")).to_owned();
    tracing::Span::current().record("username", username.as_str());
    let step =
        signin::password_step(&state, &username, form.value("password"), ip.0.clone()).await?;
    let PasswordStep::Passed { record, stage } = step else {
        tracing::info!("login refused");
        return Ok(login_page(tr, &next, username, true));
    };
    let old = session::cookie(&headers, session::session_cookie_name(state.secure_cookies));
    let (token, _) = session::start_session(
        &state,
        &record.user,
        SessionKind::Browser,
        stage,
        None,
        old.as_deref(),
        &Origin::of(&ip, &headers),
    )
    .await?;
    let next = home_for(&state, &record.user, next).await?;
    let mut response = with_session(&state, &continue_at(stage, &next), &token);
    response.headers_mut().append(
        header::SET_COOKIE,
        session::lang_cookie(&state, Tr::new(record.user.locale, record.user.digits)),
    );
    tracing::info!(user = %record.user.id, stage = %stage, "password accepted");
    Ok(response)
}

fn second_form(tr: Tr, next: &str, failed: bool) -> Response {
    let here = format!("/login/two-factor?{}", query_string(&[("next", next)]));
    let page = SecondStepPage {
        page: Chrome::new(tr, tr.t("twofa-login-title"), None, "login", here),
        next: next.to_owned(),
        failed,
    };
    let mut response = render(&page);
    if failed {
        *response.status_mut() = StatusCode::UNAUTHORIZED;
    }
    response
}

fn back_to_login(next: &str) -> Response {
    see_other(&format!("/login?{}", query_string(&[("next", next)])))
}

/// The second step's form, for a session whose password passed.
#[tracing::instrument(skip_all)]
pub(crate) async fn second_page(
    State(state): State<AppState>,
    Visitor(tr): Visitor,
    headers: HeaderMap,
    Query(query): Query<LoginQuery>,
) -> AppResult<Response> {
    let next = session::safe_next(query.next.as_deref().unwrap_or("/")).to_owned();
    match session::cookie_session(&state, &headers).await? {
        Some((_, s)) if s.stage == SessionStage::PasswordOk => Ok(second_form(tr, &next, false)),
        _ => Ok(back_to_login(&next)),
    }
}

/// Checks the TOTP or recovery code; on success the half session is replaced by a
/// full one (a new token). Once the account locks, the half session is ended too.
#[tracing::instrument(skip_all)]
pub(crate) async fn second_submit(
    State(state): State<AppState>,
    Visitor(tr): Visitor,
    ip: ClientIp,
    headers: HeaderMap,
    form: FormPairs,
) -> AppResult<Response> {
    let next = session::safe_next(form.get("next").unwrap_or("/")).to_owned();
    let Some((token, s)) = session::cookie_session(&state, &headers).await? else {
        return Ok(back_to_login(&next));
    };
    if s.stage != SessionStage::PasswordOk {
        return Ok(back_to_login(&next));
    }
    let Some(record) = state.store.login_record_by_id(s.user_id).await? else {
        return Ok(back_to_login(&next));
    };
    let passed = signin::second_step(&state, &record, &form.value("code"), ip.0.clone()).await?;
    if passed.is_none() {
        let now = tadamun_store::now();
        let locked = state
            .store
            .login_record_by_id(s.user_id)
            .await?
            .is_some_and(|r| r.is_locked(now));
        if locked {
            state
                .store
                .delete_session(&session::token_hash(&token))
                .await?;
            return Ok(back_to_login(&next));
        }
        return Ok(second_form(tr, &next, true));
    }
    let (token, _) = session::start_session(
        &state,
        &record.user,
        SessionKind::Browser,
        SessionStage::Full,
        None,
        Some(&token),
        &Origin::of(&ip, &headers),
    )
    .await?;
    Ok(with_session(&state, &next, &token))
}

/// Ends the cookie's session at whatever stage (so a half-finished login can be
/// abandoned too) and records `logout`.
#[tracing::instrument(skip_all)]
pub(crate) async fn logout(
    State(state): State<AppState>,
    ip: ClientIp,
    headers: HeaderMap,
) -> AppResult<Response> {
    if let Some(token) =
        session::cookie(&headers, session::session_cookie_name(state.secure_cookies))
    {
        state
            .store
            .logout(&session::token_hash(&token), ip.0, tadamun_store::now())
            .await?;
    }
    let mut response = see_other("/login");
    response
        .headers_mut()
        .append(header::SET_COOKIE, session::clear_session_cookie(&state));
    Ok(response.into_response())
}
