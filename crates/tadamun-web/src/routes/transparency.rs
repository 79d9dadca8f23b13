//! The public transparency portal at `/transparency`, with no login: indicators by
//! governorate with small counts suppressed, programme rules in plain language,
//! accredited partners and their services, and CSV downloads of the same tables.
//! Arabic by default (`?lang=en` for English), cacheable by anyone.

use askama::Template;
use axum::{
    extract::{Path, Query, State},
    http::{HeaderMap, HeaderValue, Method, StatusCode, header},
    response::{IntoResponse, Response},
    routing::get,
};
use serde::Deserialize;
use tadamun_domain::{
    disclosure::{Shown, Threshold},
    indicator::catalogue::IndicatorCatalogue,
    user::Locale,
};
use tadamun_services::transparency::{
    COVERAGE_TABLE, Cell, OTHER_TABLE, Portal, PublishedTable, table_csv,
};

use super::{households::governorate_name, transparency_views as views};
use crate::{
    authz::{Routes, Rule},
    error::{AppError, AppResult},
    i18n::Tr,
    session::Visitor,
    state::AppState,
    views::{Chrome, render},
};

pub(crate) fn routes() -> Routes {
    Routes::new("")
        .add(Method::GET, "/transparency", Rule::Public, get(page))
        .add(Method::GET, "/transparency/{file}", Rule::Public, get(csv))
}

#[derive(Debug, Default, Deserialize)]
pub(crate) struct PortalQuery {
    #[serde(default)]
    lang: String,
}

/// The reader's language: `?lang=` first, so a link can be shared and cached, then
/// the preference cookie; Arabic otherwise.
fn reader(visitor: Tr, q: &PortalQuery) -> Tr {
    match Locale::parse(q.lang.trim()) {
        Ok(locale) => Tr::new(locale, visitor.digits),
        Err(_) => visitor,
    }
}

/// One table cell as text: the count, "<10", "×" withheld, or "—" not computed.
pub(crate) fn cell_text(tr: Tr, k: Threshold, c: &Cell) -> (String, &'static str) {
    if !c.computed {
        return ("—".into(), "not-computed");
    }
    match c.shown {
        Shown::Count(n) => (tr.num(n as i64), ""),
        Shown::Small => (tr.digits(&format!("<{}", k.get())), "small"),
        Shown::Withheld => ("×".into(), "withheld"),
    }
}

#[derive(Template)]
#[template(path = "transparency.html")]
struct PortalPage {
    page: Chrome,
    as_of: String,
    threshold: String,
    tables: Vec<views::TableView>,
    chart: String,
    programmes: Vec<views::ProgrammeView>,
    partners: Vec<views::PartnerView>,
    decisions: Vec<views::DecisionView>,
    english_href: &'static str,
    arabic_href: &'static str,
}

/// Whether the client already holds this version; the headers every answer carries.
fn cache_headers(r: &mut Response, etag: &str) {
    let h = r.headers_mut();
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=300"),
    );
    h.insert(header::VARY, HeaderValue::from_static("Cookie"));
    if let Ok(v) = HeaderValue::from_str(etag) {
        h.insert(header::ETAG, v);
    }
}

fn not_modified(headers: &HeaderMap, etag: &str) -> Option<Response> {
    let sent = headers.get(header::IF_NONE_MATCH)?.to_str().ok()?;
    sent.split(',').any(|t| t.trim() == etag).then(|| {
        let mut r = StatusCode::NOT_MODIFIED.into_response();
        cache_headers(&mut r, etag);
        r
    })
}

fn etag(portal_tag: &str, tr: Tr, what: &str) -> String {
    format!(
        "\"{portal_tag}-{what}-{}-{}\"",
        tr.lang(),
        tr.digits.as_str()
    )
}

async fn page(
    State(state): State<AppState>,
    Visitor(visitor): Visitor,
    Query(q): Query<PortalQuery>,
    headers: HeaderMap,
) -> AppResult<Response> {
    let tr = reader(visitor, &q);
    let (portal, tag) = state.portal.get(&state.store, &state.pack).await?;
    let etag = etag(&tag, tr, "page");
    if let Some(r) = not_modified(&headers, &etag) {
        return Ok(r);
    }
    let page = portal_page(tr, &state, &portal);
    let mut r = render(&page);
    cache_headers(&mut r, &etag);
    Ok(r)
}

fn portal_page(tr: Tr, state: &AppState, portal: &Portal) -> PortalPage {
    let k = portal.threshold;
    let catalogue = IndicatorCatalogue::builtin();
    PortalPage {
        page: Chrome::new(
            tr,
            tr.t("portal-title"),
            None,
            "transparency",
            "/transparency",
        ),
        as_of: tr.date(portal.today),
        threshold: tr.num(k.get() as i64),
        tables: portal
            .tables
            .iter()
            .map(|t| views::table_view(tr, state, catalogue, k, t, &portal.grievance_ages))
            .collect(),
        chart: views::poverty_chart(tr, state, portal),
        programmes: portal
            .programmes
            .iter()
            .map(|p| views::programme_view(tr, state, p))
            .collect(),
        partners: portal
            .partners
            .iter()
            .map(|p| views::partner_view(tr, state, p))
            .collect(),
        decisions: portal
            .decisions
            .iter()
            .map(|d| views::decision_view(tr, state, d))
            .collect(),
        english_href: "/transparency?lang=en",
        arabic_href: "/transparency?lang=ar",
    }
}

/// The table's title: coverage, an indicator with its breakdown, or the others.
pub(crate) fn table_title(tr: Tr, catalogue: &IndicatorCatalogue, t: &PublishedTable) -> String {
    match t.code.as_str() {
        COVERAGE_TABLE => tr.t("portal-table-coverage"),
        OTHER_TABLE => tr.t("portal-table-others"),
        code => catalogue
            .get(code)
            .map(|i| i.label(tr.is_arabic()).to_owned())
            .unwrap_or_else(|| code.to_owned()),
    }
}

async fn csv(
    State(state): State<AppState>,
    Visitor(visitor): Visitor,
    Query(q): Query<PortalQuery>,
    Path(file): Path<String>,
    headers: HeaderMap,
) -> AppResult<Response> {
    let tr = reader(visitor, &q);
    let Some(code) = file.strip_suffix(".csv") else {
        return Err(AppError::NotFound);
    };
    let (portal, tag) = state.portal.get(&state.store, &state.pack).await?;
    let Some(table) = portal.tables.iter().find(|t| t.code == code) else {
        return Err(AppError::NotFound);
    };
    let etag = etag(&tag, tr, code);
    if let Some(r) = not_modified(&headers, &etag) {
        return Ok(r);
    }
    let catalogue = IndicatorCatalogue::builtin();
    let body = table_csv(
        table,
        portal.threshold,
        |g| governorate_name(&state, tr, g.as_str()),
        |c| match c {
            "governorate" => tr.t("portal-governorate"),
            code => catalogue
                .get(code)
                .map(|i| i.label(tr.is_arabic()).to_owned())
                .unwrap_or_else(|| code.to_owned()),
        },
        &tr.t("portal-national"),
    );
    // A byte-order mark so spreadsheet programs read the Arabic as UTF-8.
    let mut r = (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!(
                    "attachment; filename=\"tadamun-{code}-{}.csv\"",
                    portal.today
                ),
            ),
        ],
        format!("\u{feff}{body}"),
    )
        .into_response();
    cache_headers(&mut r, &etag);
    Ok(r)
}
