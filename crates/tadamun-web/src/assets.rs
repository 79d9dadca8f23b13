//! Static files compiled into the binary: the stylesheet, htmx and the Arabic font.
//! Nothing is fetched from a CDN; the binary is the whole deployment.

use std::sync::LazyLock;

use axum::{
    Router,
    extract::Path,
    http::{Method, StatusCode, header},
    response::{IntoResponse, Response},
    routing::get,
};
use sha2::{Digest, Sha256};

use crate::{
    authz::{Routes, Rule},
    state::AppState,
};

const APP_CSS: &str = include_str!("../static/app.css");
const HTMX: &[u8] = include_bytes!("../assets/htmx.min.js");
const NASKH_REGULAR: &[u8] = include_bytes!("../assets/fonts/NotoNaskhArabic-Regular.ttf");
const NASKH_BOLD: &[u8] = include_bytes!("../assets/fonts/NotoNaskhArabic-Bold.ttf");

/// Files whose name carries their version never change: cache them for a year.
const IMMUTABLE: &str = "public, max-age=31536000, immutable";

/// A short hash of the stylesheet for its URL, so a new release is fetched at once
/// even though the stylesheet is cached for a year.
static CSS_VERSION: LazyLock<String> = LazyLock::new(|| {
    Sha256::digest(APP_CSS.as_bytes())
        .iter()
        .take(6)
        .map(|b| format!("{b:02x}"))
        .collect()
});

pub(crate) fn css_href() -> String {
    format!("/static/app.css?v={}", *CSS_VERSION)
}

pub(crate) const HTMX_HREF: &str = "/static/htmx-2.0.11.min.js";

pub(crate) fn routes() -> Routes {
    Routes::new("")
        .add(Method::GET, "/static/{name}", Rule::Public, get(serve))
        .add(
            Method::GET,
            "/static/fonts/{name}",
            Rule::Public,
            get(serve_font),
        )
}

pub(crate) fn router() -> Router<AppState> {
    routes().router
}

async fn serve(Path(name): Path<String>) -> Response {
    match name.as_str() {
        "app.css" => (
            [
                (header::CONTENT_TYPE, "text/css; charset=utf-8"),
                (header::CACHE_CONTROL, IMMUTABLE),
            ],
            APP_CSS,
        )
            .into_response(),
        "htmx-2.0.11.min.js" => (
            [
                (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
                (header::CACHE_CONTROL, IMMUTABLE),
            ],
            HTMX,
        )
            .into_response(),
        _ => StatusCode::NOT_FOUND.into_response(),
    }
}

async fn serve_font(Path(name): Path<String>) -> Response {
    let bytes = match name.as_str() {
        "NotoNaskhArabic-Regular.ttf" => NASKH_REGULAR,
        "NotoNaskhArabic-Bold.ttf" => NASKH_BOLD,
        _ => return StatusCode::NOT_FOUND.into_response(),
    };
    (
        [
            (header::CONTENT_TYPE, "font/ttf"),
            (header::CACHE_CONTROL, IMMUTABLE),
        ],
        bytes,
    )
        .into_response()
}
