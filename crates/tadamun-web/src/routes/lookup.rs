//! The citizen's status lookup, with no login: a grievance reference or national ID
//! number, and the grievance's receipt code or the code printed on a decision letter.
//! Rate-limited per address; a wrong code and an unknown reference read the same.

use askama::Template;
use axum::{
    extract::State,
    http::{HeaderValue, Method, header},
    middleware,
    response::Response,
    routing::{get, post},
};
use tadamun_domain::lookup::LookupKey;
use tadamun_store::lookup::LookupAnswer;

use super::FormPairs;
use crate::{
    authz::{Routes, Rule},
    error::AppResult,
    i18n::Tr,
    ratelimit,
    session::{ClientIp, Visitor},
    state::AppState,
    views::{Chrome, render},
};

pub(crate) fn routes() -> Routes {
    Routes::new("")
        .add(Method::GET, "/lookup", Rule::Public, get(page))
        .add(
            Method::POST,
            "/lookup",
            Rule::Public,
            post(submit).layer(middleware::from_fn(ratelimit::limit_lookups)),
        )
}

/// A grievance's status as the public page shows it.
struct GrievanceAnswer {
    reference: String,
    status: String,
    category: String,
    filed: String,
    due: String,
    updated: String,
    resolution: String,
}

#[derive(Template)]
#[template(path = "lookup.html")]
struct LookupPage {
    page: Chrome,
    key: String,
    key_error: Option<String>,
    code_error: Option<String>,
    not_found: bool,
    grievance: Option<GrievanceAnswer>,
    decision: Option<DecisionAnswer>,
}

/// The household's latest decision in a programme, as the public page shows it: the
/// outcome and its explanation, no names.
struct DecisionAnswer {
    programme: String,
    illustrative: bool,
    as_of: String,
    outcome: String,
    explanation: String,
}

fn lookup_page(tr: Tr, page: LookupPage) -> Response {
    let _ = tr;
    let mut r = render(&page);
    // The answer is personal: no cache may keep it.
    r.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

fn empty(tr: Tr) -> LookupPage {
    LookupPage {
        page: Chrome::new(tr, tr.t("lookup-title"), None, "lookup", "/lookup"),
        key: String::new(),
        key_error: None,
        code_error: None,
        not_found: false,
        grievance: None,
        decision: None,
    }
}

async fn page(Visitor(tr): Visitor) -> Response {
    lookup_page(tr, empty(tr))
}

async fn submit(
    State(state): State<AppState>,
    Visitor(tr): Visitor,
    ip: ClientIp,
    form: FormPairs,
) -> AppResult<Response> {
    let mut page = empty(tr);
    page.key = form.value("key");
    let code = form.value("code");
    let key = LookupKey::parse(&page.key, state.pack.country);
    if let Err(e) = &key {
        page.key_error = Some(tr.field_error(e));
    }
    if code.trim().is_empty() {
        page.code_error = Some(tr.error_code("required", "this field is required"));
    }
    let Ok(key) = key else {
        return Ok(refused(tr, page));
    };
    if page.code_error.is_some() {
        return Ok(refused(tr, page));
    }
    let found = state
        .store
        .citizen_lookup(&key, &code, ip.0, tadamun_store::now())
        .await?;
    match found {
        None => page.not_found = true,
        Some(LookupAnswer::Grievance(g)) => {
            page.grievance = Some(GrievanceAnswer {
                reference: super::grievances::reference_text(tr, g.reference),
                status: tr.label("grievance-status", g.status.as_str()),
                category: g
                    .category
                    .map(|c| tr.label("grievance-category", c.as_str()))
                    .unwrap_or_else(|| tr.t("grievance-restricted")),
                filed: tr.date(g.filed_at.date()),
                due: tr.date(g.due_at.date()),
                updated: tr.date(g.updated_at.date()),
                resolution: g.resolution.unwrap_or_default(),
            })
        }
        Some(LookupAnswer::Decision(d)) => {
            let v = super::decisions::decision_view(tr, &state, &d);
            page.decision = Some(DecisionAnswer {
                programme: v.programme,
                illustrative: v.illustrative,
                as_of: v.as_of,
                outcome: v.outcome,
                explanation: v.explanation,
            })
        }
    }
    Ok(lookup_page(tr, page))
}

fn refused(tr: Tr, page: LookupPage) -> Response {
    let mut r = lookup_page(tr, page);
    *r.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
    r
}
