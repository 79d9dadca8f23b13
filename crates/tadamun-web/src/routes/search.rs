//! Finding a person from one box: name (any hamza or ta-marbuta spelling), ID number or
//! phone. Works as a plain GET form; with htmx it refreshes only the results as you type.

use askama::Template;
use axum::{
    extract::{Query, State},
    http::HeaderMap,
    response::Response,
};
use serde::Deserialize;
use tadamun_store::search::SearchCursor;

use super::query_string;
use crate::{
    error::{AppError, AppResult},
    i18n::Tr,
    session::PageUser,
    state::AppState,
    views::{Chrome, render},
};

const PAGE_SIZE: i64 = 25;

#[derive(Debug, Deserialize)]
pub(crate) struct SearchQuery {
    q: Option<String>,
    after: Option<String>,
}

pub(crate) struct ResultRow {
    pub href: String,
    pub name: String,
    pub relationship: String,
    pub governorate: String,
    pub id_number: String,
    pub birth_date: String,
    pub deceased: bool,
}

pub(crate) struct SearchResults {
    pub tr: Tr,
    pub searched: bool,
    pub rows: Vec<ResultRow>,
    pub next_href: Option<String>,
}

impl SearchResults {
    pub fn t(&self, key: &str) -> String {
        self.tr.t(key)
    }
}

#[derive(Template)]
#[template(path = "search.html")]
struct SearchPage {
    page: Chrome,
    q: String,
    results: SearchResults,
}

#[derive(Template)]
#[template(path = "partials/search_results.html")]
struct ResultsPartial {
    results: SearchResults,
}

#[tracing::instrument(skip_all, fields(user = %user.user.id))]
pub(crate) async fn page(
    State(state): State<AppState>,
    user: PageUser,
    headers: HeaderMap,
    Query(query): Query<SearchQuery>,
) -> AppResult<Response> {
    let q = query.q.unwrap_or_default();
    let after = match query.after.as_deref().filter(|a| !a.is_empty()) {
        None => None,
        Some(a) => Some(
            SearchCursor::decode(a)
                .ok_or_else(|| AppError::BadRequest("not a search cursor".into()))?,
        ),
    };
    let tr = user.tr;
    let mut results = SearchResults {
        tr,
        searched: !q.trim().is_empty(),
        rows: Vec::new(),
        next_href: None,
    };
    if results.searched {
        let found = state
            .store
            .search_persons(&user.access, &q, after.as_ref(), PAGE_SIZE)
            .await?;
        results.rows = found
            .hits
            .into_iter()
            .map(|h| ResultRow {
                href: format!("/households/{}", h.household_id),
                name: h.full_name,
                relationship: tr.label("relationship", &h.relationship),
                governorate: state
                    .pack
                    .governorates
                    .iter()
                    .find(|g| g.code == h.governorate)
                    .map(|g| tr.pick(&g.name_ar, &g.name_en).to_owned())
                    .unwrap_or(h.governorate),
                id_number: h.id_number.map(|n| tr.digits(&n)).unwrap_or_default(),
                birth_date: tr.date(h.birth_date),
                deceased: h.deceased,
            })
            .collect();
        results.next_href = found.next.map(|c| {
            format!(
                "/households/search?{}",
                query_string(&[("q", &q), ("after", &c.encode())])
            )
        });
    }
    if headers.contains_key("hx-request") && !headers.contains_key("hx-boosted") {
        return Ok(render(&ResultsPartial { results }));
    }
    let here = format!("/households/search?{}", query_string(&[("q", &q)]));
    Ok(render(&SearchPage {
        page: Chrome::for_user(&user, "search-title", "search", here),
        q,
        results,
    }))
}
