//! The server-rendered pages. Every page but `/login` needs a session; unsafe
//! requests must come from this site; errors render as pages in the visitor's language.

use axum::{
    Router,
    extract::{DefaultBodyLimit, FromRequest, Request},
    http::{HeaderValue, StatusCode, header},
    middleware::{self, Next},
    response::{IntoResponse, Response},
    routing::{get, post},
};

use crate::{
    error::{AppError, ErrorReport},
    security, session,
    state::AppState,
    views,
};

mod dashboard;
mod events;
mod export;
mod forms;
mod households;
mod import;
mod login;
mod prefs;
mod search;

/// Upload limit of the import page: a national file can be large.
const IMPORT_BODY_LIMIT: usize = 200 * 1024 * 1024;

pub(crate) fn router() -> Router<AppState> {
    Router::new()
        .route("/login", get(login::page).post(login::submit))
        .route("/logout", post(login::logout))
        .route("/preferences", post(prefs::save))
        .route("/", get(dashboard::page))
        .route("/households/search", get(search::page))
        .route("/households/new", get(forms::new_page).post(forms::create))
        .route("/households/{id}", get(households::page))
        .route(
            "/households/{id}/edit",
            get(forms::edit_page).post(forms::update),
        )
        .route("/households/{id}/events/{kind}", post(events::record))
        .route(
            "/import",
            get(import::page)
                .post(import::upload)
                .layer(DefaultBodyLimit::max(IMPORT_BODY_LIMIT)),
        )
        .route("/import/{run_id}", get(import::run_page))
        .route("/import/{run_id}/errors.csv", get(import::errors_csv))
        .route("/export", get(export::page))
        .route("/export.csv", get(export::csv))
        .route("/export.xlsx", get(export::xlsx))
        .layer(middleware::from_fn(security::reject_cross_site))
        .layer(middleware::from_fn(render_errors_as_pages))
}

/// Turns an [`ErrorReport`] into a page (or a redirect to the login page).
async fn render_errors_as_pages(request: Request, next: Next) -> Response {
    let tr = session::tr_from_headers(request.headers());
    let htmx = request.headers().contains_key("hx-request");
    let response = next.run(request).await;
    let Some(report) = response.extensions().get::<ErrorReport>().cloned() else {
        return response;
    };
    if let Some(next) = report.login_next {
        let location = format!(
            "/login?next={}",
            form_urlencoded::byte_serialize(next.as_bytes()).collect::<String>()
        );
        if htmx {
            // htmx follows redirects in place; ask it to load the login page instead.
            let mut r = StatusCode::UNAUTHORIZED.into_response();
            r.headers_mut().insert(
                "hx-redirect",
                HeaderValue::from_str(&location).unwrap_or(HeaderValue::from_static("/login")),
            );
            return r;
        }
        let mut r = StatusCode::SEE_OTHER.into_response();
        r.headers_mut().insert(
            header::LOCATION,
            HeaderValue::from_str(&location).unwrap_or(HeaderValue::from_static("/login")),
        );
        return r;
    }
    views::error_page(tr, &report)
}

/// A urlencoded form as ordered pairs, so repeated and indexed names
/// (`members[0].given_name`) survive; a malformed body is a 400.
pub(crate) struct FormPairs(pub Vec<(String, String)>);

impl<S: Send + Sync> FromRequest<S> for FormPairs {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, AppError> {
        let axum::Form(pairs) = axum::Form::<Vec<(String, String)>>::from_request(req, state)
            .await
            .map_err(|e| AppError::BadRequest(e.body_text()))?;
        Ok(Self(pairs))
    }
}

impl FormPairs {
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn value(&self, name: &str) -> String {
        self.get(name).unwrap_or_default().to_owned()
    }

    pub fn all(&self, name: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .collect()
    }
}

/// A 303 to a page after a successful POST, so a reload does not resubmit.
pub(crate) fn see_other(location: &str) -> Response {
    let mut r = StatusCode::SEE_OTHER.into_response();
    if let Ok(v) = HeaderValue::from_str(location) {
        r.headers_mut().insert(header::LOCATION, v);
    }
    r
}

/// Query strings for links, percent-encoded.
pub(crate) fn query_string(pairs: &[(&str, &str)]) -> String {
    form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs)
        .finish()
}
