//! Two-factor enrolment: a new secret shown as an inline-SVG QR code and as text, a
//! code from the app to confirm it, then ten recovery codes shown once. Reachable by a
//! full session and by a session at the `enrol` stage (a user whose roles demand 2FA),
//! for whom it is the only page open; confirming promotes that session to full, with
//! a new token.

use askama::Template;
use axum::{
    extract::{Query, State},
    http::{HeaderMap, StatusCode},
    response::Response,
};
use tadamun_domain::login::{SessionKind, SessionStage};
use tadamun_store::sessions::Session;

use super::{FormPairs, query_string, see_other};
use crate::{
    error::{AppError, AppResult},
    i18n::Tr,
    session::{self, ClientIp, Origin},
    state::AppState,
    two_factor,
    views::{Chrome, render},
};

#[derive(Template)]
#[template(path = "enrol.html")]
struct EnrolPage {
    page: Chrome,
    /// The user must enrol before anything else.
    required: bool,
    /// Already enrolled: how many recovery codes are left, as a sentence.
    enrolled: Option<String>,
    qr_svg: String,
    secret: String,
    next: String,
    failed: bool,
}

#[derive(Template)]
#[template(path = "recovery_codes.html")]
struct CodesPage {
    page: Chrome,
    codes: Vec<String>,
    next: String,
}

#[derive(Debug, serde::Deserialize)]
pub(crate) struct NextQuery {
    next: Option<String>,
}

/// The cookie's session if it may enrol (full, or at the `enrol` stage), with its
/// token; otherwise the way to the login page.
async fn enrolling(
    state: &AppState,
    headers: &HeaderMap,
    next: &str,
) -> AppResult<Result<(String, Session), Response>> {
    match session::cookie_session(state, headers).await? {
        Some((token, s)) if matches!(s.stage, SessionStage::Full | SessionStage::Enrol) => {
            Ok(Ok((token, s)))
        }
        _ => Ok(Err(see_other(&format!(
            "/login?{}",
            query_string(&[("next", next)])
        )))),
    }
}

/// The layout; `user_name` is `None` while enrolment is the only page open, which
/// hides the navigation.
fn chrome(tr: Tr, user_name: Option<String>, next: &str) -> Chrome {
    let mut c = Chrome::new(
        tr,
        tr.t("enrol-title"),
        None,
        "account",
        format!("/account/two-factor?{}", query_string(&[("next", next)])),
    );
    c.user_name = user_name;
    c
}

#[tracing::instrument(skip_all)]
pub(crate) async fn page(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(query): Query<NextQuery>,
) -> AppResult<Response> {
    let next = session::safe_next(query.next.as_deref().unwrap_or("/")).to_owned();
    let (_, s) = match enrolling(&state, &headers, &next).await? {
        Ok(found) => found,
        Err(redirect) => return Ok(redirect),
    };
    show(&state, &s, &next, false).await
}

async fn show(state: &AppState, s: &Session, next: &str, failed: bool) -> AppResult<Response> {
    let user = state
        .store
        .user_by_id(s.user_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let tr = Tr::new(user.locale, user.digits);
    let mut page = EnrolPage {
        page: chrome(
            tr,
            (s.stage == SessionStage::Full).then(|| user.display_name.clone()),
            next,
        ),
        required: s.stage == SessionStage::Enrol,
        enrolled: None,
        qr_svg: String::new(),
        secret: String::new(),
        next: next.to_owned(),
        failed,
    };
    if state.store.totp_secret(user.id).await?.is_some() {
        let left = state.store.unused_recovery_codes(user.id).await?;
        page.enrolled = Some(tr.count("recovery-codes-left", left));
        return Ok(render(&page));
    }
    let secret = match state.store.pending_totp_secret(user.id).await? {
        Some(secret) => secret,
        None => {
            let secret = two_factor::new_secret();
            state
                .store
                .set_pending_totp_secret(user.id, &secret, tadamun_store::now())
                .await?;
            secret
        }
    };
    page.qr_svg = two_factor::qr_svg(&secret, &user.username)
        .ok_or_else(|| AppError::Internal(anyhow::anyhow!("cannot draw the QR code")))?;
    page.secret = secret;
    let mut response = render(&page);
    if failed {
        *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(response)
}

/// Confirms the pending secret with a code from the app, issues recovery codes and
/// shows them once (this response only; they are stored hashed).
#[tracing::instrument(skip_all)]
pub(crate) async fn confirm(
    State(state): State<AppState>,
    ip: ClientIp,
    headers: HeaderMap,
    form: FormPairs,
) -> AppResult<Response> {
    let next = session::safe_next(form.get("next").unwrap_or("/")).to_owned();
    let (token, s) = match enrolling(&state, &headers, &next).await? {
        Ok(found) => found,
        Err(redirect) => return Ok(redirect),
    };
    let user = state
        .store
        .user_by_id(s.user_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let Some(secret) = state.store.pending_totp_secret(user.id).await? else {
        return show(&state, &s, &next, false).await;
    };
    let now = tadamun_store::now();
    let Some(step) = two_factor::check(&secret, &form.value("code"), now.unix_timestamp()) else {
        return show(&state, &s, &next, true).await;
    };
    let codes = two_factor::new_recovery_codes();
    let hashes: Vec<String> = codes
        .iter()
        .map(|c| two_factor::recovery_hash(user.id, c))
        .collect();
    state
        .store
        .enable_totp(&user, &secret, step, &hashes, ip.0.clone(), now)
        .await?;
    if s.stage == SessionStage::Enrol {
        state
            .store
            .record_login_success(&user, "enrolment", true, ip.0.clone(), now)
            .await?;
    }
    // A new token for the now fully signed-in (or newly protected) session.
    let (new_token, _) = session::start_session(
        &state,
        &user,
        SessionKind::Browser,
        SessionStage::Full,
        None,
        Some(&token),
        &Origin::of(&ip, &headers),
    )
    .await?;
    let tr = Tr::new(user.locale, user.digits);
    let mut page_chrome = chrome(tr, Some(user.display_name.clone()), &next);
    page_chrome.title = tr.t("recovery-codes-title");
    let mut response = render(&CodesPage {
        page: page_chrome,
        codes,
        next,
    });
    response.headers_mut().append(
        axum::http::header::SET_COOKIE,
        session::session_cookie(&state, &new_token),
    );
    response.headers_mut().insert(
        axum::http::header::CACHE_CONTROL,
        axum::http::HeaderValue::from_static("no-store"),
    );
    Ok(response)
}
