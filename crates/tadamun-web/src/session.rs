//! Sessions: a random 32-byte token in a cookie (pages) or a bearer header (API); the
//! database keeps only its SHA-256. Extractors resolve the current user, or refuse.

use std::{collections::BTreeSet, net::SocketAddr};

use axum::{
    extract::{ConnectInfo, FromRequestParts, OriginalUri},
    http::{HeaderMap, HeaderValue, Method, header, request::Parts},
};
use sha2::{Digest, Sha256};
use tadamun_domain::{
    access::{Access, Permission},
    login::{SessionKind, SessionStage},
    user::{DigitStyle, Locale, User},
};
use tadamun_store::sessions::{NewSession, Session};
use time::OffsetDateTime;

use crate::{
    error::{AppError, AppResult},
    i18n::Tr,
    state::AppState,
};

/// The cookie that remembers the language before login (and mirrors it after).
pub(crate) const LANG_COOKIE: &str = "tadamun_lang";

/// Browsers accept a `__Host-` cookie only with `Secure`, so plain-HTTP deployments
/// (localhost) use an ordinary name.
pub(crate) fn session_cookie_name(secure: bool) -> &'static str {
    if secure {
        "__Host-tadamun"
    } else {
        "tadamun_session"
    }
}

/// A new random session token, hex-encoded.
pub(crate) fn new_token() -> String {
    let mut bytes = [0u8; 32];
    rand::fill(&mut bytes);
    hex(&bytes)
}

/// What the database stores for a token.
pub(crate) fn token_hash(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The value of a named cookie from the `Cookie` headers.
pub(crate) fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_owned())
}

fn cookie_header(name: &str, value: &str, max_age_secs: i64, secure: bool) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    let text =
        format!("{name}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age_secs}{secure}");
    HeaderValue::from_str(&text).unwrap_or_else(|_| HeaderValue::from_static("invalid=1"))
}

pub(crate) fn session_cookie(state: &AppState, token: &str) -> HeaderValue {
    cookie_header(
        session_cookie_name(state.secure_cookies),
        token,
        state.session_ttl.as_secs() as i64,
        state.secure_cookies,
    )
}

pub(crate) fn clear_session_cookie(state: &AppState) -> HeaderValue {
    cookie_header(
        session_cookie_name(state.secure_cookies),
        "",
        0,
        state.secure_cookies,
    )
}

pub(crate) fn lang_cookie(state: &AppState, tr: Tr) -> HeaderValue {
    cookie_header(
        LANG_COOKIE,
        &format!("{}.{}", tr.locale.as_str(), tr.digits.as_str()),
        365 * 24 * 3600,
        state.secure_cookies,
    )
}

/// The language of a request from its cookie; Arabic when absent or unreadable.
pub(crate) fn tr_from_headers(headers: &HeaderMap) -> Tr {
    let Some(value) = cookie(headers, LANG_COOKIE) else {
        return Tr::default();
    };
    let (locale, digits) = value.split_once('.').unwrap_or((&value, "western"));
    Tr::new(
        Locale::parse(locale).unwrap_or(Locale::Arabic),
        DigitStyle::parse(digits).unwrap_or(DigitStyle::Western),
    )
}

/// How long a half-finished login (second step or enrolment still due) lives.
const PARTIAL_TTL: time::Duration = time::Duration::minutes(15);

/// Where a new session comes from and what it may do.
#[derive(Debug, Clone, Default)]
pub(crate) struct Origin {
    pub source_ip: Option<String>,
    pub user_agent: Option<String>,
}

impl Origin {
    pub fn of(ip: &ClientIp, headers: &HeaderMap) -> Self {
        let user_agent = headers
            .get(header::USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .map(|ua| ua.chars().take(200).collect());
        Self {
            source_ip: ip.0.clone(),
            user_agent,
        }
    }
}

/// Opens a session at `stage`, deleting the one whose token it `replaces` (the id
/// rotates at every login step); returns the token (shown once) and its expiry.
pub(crate) async fn start_session(
    state: &AppState,
    user: &User,
    kind: SessionKind,
    stage: SessionStage,
    permissions: Option<BTreeSet<Permission>>,
    replaces: Option<&str>,
    origin: &Origin,
) -> AppResult<(String, OffsetDateTime)> {
    let token = new_token();
    let now = tadamun_store::now();
    let expires_at = match stage {
        SessionStage::Full => now + state.session_ttl,
        _ => now + PARTIAL_TTL,
    };
    let replaced = replaces.map(token_hash);
    state
        .store
        .create_session(
            &NewSession {
                token_hash: token_hash(&token),
                user: user.id,
                kind,
                stage,
                permissions,
                user_agent: origin.user_agent.clone(),
                source_ip: origin.source_ip.clone(),
                absolute_expires_at: expires_at,
            },
            replaced.as_deref(),
            now,
        )
        .await?;
    Ok((token, expires_at))
}

/// The browser session of the request's cookie, whatever its stage, with its token.
pub(crate) async fn cookie_session(
    state: &AppState,
    headers: &HeaderMap,
) -> AppResult<Option<(String, Session)>> {
    let Some(token) = cookie(headers, session_cookie_name(state.secure_cookies)) else {
        return Ok(None);
    };
    let found = state
        .store
        .live_session(&token_hash(&token), tadamun_store::now(), idle(state))
        .await?;
    Ok(found
        .filter(|s| s.kind == SessionKind::Browser)
        .map(|s| (token, s)))
}

fn idle(state: &AppState) -> time::Duration {
    time::Duration::try_from(state.session_idle).unwrap_or(time::Duration::minutes(30))
}

/// Only same-site relative paths may be a post-login destination (no open redirect).
pub(crate) fn safe_next(next: &str) -> &str {
    if next.starts_with('/') && !next.starts_with("//") && !next.starts_with("/\\") {
        next
    } else {
        "/"
    }
}

/// A signed-in user and what they may do, as the route's rule found them.
#[derive(Debug, Clone)]
pub(crate) struct Caller {
    pub user: User,
    pub access: Access,
}

/// The client address for the audit log, when the server knows it.
fn source_ip(parts: &Parts) -> Option<String> {
    parts
        .extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip().to_string())
}

/// The client's address as a handler argument (for the audit log and sessions).
#[derive(Debug, Clone)]
pub(crate) struct ClientIp(pub Option<String>);

impl<S: Send + Sync> FromRequestParts<S> for ClientIp {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(Self(source_ip(parts)))
    }
}

fn bearer(parts: &Parts) -> Option<&str> {
    parts
        .headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            v.strip_prefix("Bearer ")
                .or_else(|| v.strip_prefix("bearer "))
        })
        .map(str::trim)
        .filter(|t| !t.is_empty())
}

/// Finds the caller: API paths by `Authorization: Bearer` only (cookies are ignored, so
/// a browser session can never be used cross-site against the API), pages by the
/// session cookie. A token works only in its own channel, and only a `full` session
/// passes: a half-finished login is sent to the login page, which forwards it to its
/// second step or to enrolment. Access is read fresh, so a revoked role takes effect
/// at once; an API token narrowed to some permissions keeps only those.
pub(crate) async fn authenticate(parts: &mut Parts, state: &AppState) -> Result<Caller, AppError> {
    // Inside the nested API router the path has lost its prefix; the original has not.
    let api = parts
        .extensions
        .get::<OriginalUri>()
        .map(|u| u.0.path().to_owned())
        .unwrap_or_else(|| parts.uri.path().to_owned())
        .starts_with("/api/");
    let next = (!api && parts.method == Method::GET).then(|| {
        parts
            .uri
            .path_and_query()
            .map(|p| p.as_str().to_owned())
            .unwrap_or_else(|| "/".into())
    });
    let unauthorized = || AppError::Unauthorized { next: next.clone() };
    let token = if api {
        bearer(parts).map(str::to_owned)
    } else {
        cookie(&parts.headers, session_cookie_name(state.secure_cookies))
    }
    .ok_or_else(unauthorized)?;
    let now = tadamun_store::now();
    let kind = if api {
        SessionKind::Api
    } else {
        SessionKind::Browser
    };
    let session = state
        .store
        .live_session(&token_hash(&token), now, idle(state))
        .await?
        .filter(|s| s.kind == kind && s.stage == SessionStage::Full)
        .ok_or_else(unauthorized)?;
    let access = state
        .store
        .user_access(session.user_id, source_ip(parts))
        .await?
        .ok_or_else(unauthorized)?;
    let user = state
        .store
        .user_by_id(session.user_id)
        .await?
        .ok_or_else(unauthorized)?;
    state.store.touch_session(&session, now).await?;
    Ok(Caller {
        user,
        access: session.narrow(access),
    })
}

/// The caller the route's rule authenticated, or authenticate now.
async fn caller(parts: &mut Parts, state: &AppState) -> Result<Caller, AppError> {
    match crate::authz::caller_of(parts) {
        Some(c) => Ok(c),
        None => authenticate(parts, state).await,
    }
}

/// A signed-in staff user on a page, with the translator of their preferences.
#[derive(Debug, Clone)]
pub(crate) struct PageUser {
    pub user: User,
    pub tr: Tr,
    pub access: Access,
}

impl FromRequestParts<AppState> for PageUser {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let Caller { user, access } = caller(parts, state).await?;
        let tr = Tr::new(user.locale, user.digits);
        Ok(Self { user, tr, access })
    }
}

/// Anyone, signed in or not: only the language from the cookie.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Visitor(pub Tr);

impl<S: Send + Sync> FromRequestParts<S> for Visitor {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(Self(tr_from_headers(&parts.headers)))
    }
}

/// An API caller authenticated by `Authorization: Bearer <token>`.
#[derive(Debug, Clone)]
pub(crate) struct ApiUser {
    pub user: User,
    pub access: Access,
}

impl FromRequestParts<AppState> for ApiUser {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let Caller { user, access } = caller(parts, state).await?;
        Ok(Self { user, access })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_and_hashes_stable() {
        let a = new_token();
        assert_eq!(a.len(), 64);
        assert_ne!(a, new_token());
        assert_eq!(token_hash(&a), token_hash(&a));
        assert_ne!(token_hash(&a), a);
    }

    #[test]
    fn only_local_paths_are_followed_after_login() {
        assert_eq!(
            safe_next("/households/search?q=x"),
            "/households/search?q=x"
        );
        assert_eq!(safe_next("//evil.example"), "/");
        assert_eq!(safe_next("https://evil.example"), "/");
    }

    #[test]
    fn cookies_are_found_among_others() {
        let mut h = HeaderMap::new();
        h.insert(
            header::COOKIE,
            HeaderValue::from_static("a=1; tadamun_lang=en.arabic_indic; b=2"),
        );
        let tr = tr_from_headers(&h);
        assert_eq!(tr.locale, Locale::English);
        assert_eq!(tr.digits, DigitStyle::ArabicIndic);
    }
}
