//! Browser-facing protections: security headers on every response, and refusal of
//! cross-site unsafe requests to pages (a first CSRF defence until tokens arrive).

use axum::{
    extract::Request,
    http::{HeaderName, HeaderValue, Method, header},
    middleware::Next,
    response::{IntoResponse, Response},
};
use tower_http::set_header::SetResponseHeaderLayer;

use crate::error::AppError;

/// No inline scripts or styles: CSS and htmx are served files.
const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

pub(crate) fn header_layers() -> [SetResponseHeaderLayer<HeaderValue>; 4] {
    let set = |name: HeaderName, value: &'static str| {
        SetResponseHeaderLayer::if_not_present(name, HeaderValue::from_static(value))
    };
    [
        set(header::CONTENT_SECURITY_POLICY, CSP),
        set(header::X_FRAME_OPTIONS, "DENY"),
        set(header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        set(header::REFERRER_POLICY, "same-origin"),
    ]
}

fn is_safe(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// Refuses unsafe page requests that a browser marks as cross-site, or whose `Origin`
/// is not this host. Requests without those headers (old browsers, curl) pass.
pub(crate) async fn reject_cross_site(request: Request, next: Next) -> Response {
    if !is_safe(request.method()) && !same_site(&request) {
        tracing::warn!(method = %request.method(), path = %request.uri().path(), "cross-site request refused");
        return AppError::Forbidden.into_response();
    }
    next.run(request).await
}

fn same_site(request: &Request) -> bool {
    let headers = request.headers();
    let fetch_site = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok());
    if !matches!(fetch_site, None | Some("same-origin") | Some("none")) {
        return false;
    }
    match headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) {
        None => true,
        Some(origin) => {
            let host = headers
                .get(header::HOST)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default();
            origin
                .split_once("://")
                .is_some_and(|(_, rest)| rest == host)
        }
    }
}
