//! The server-rendered pages. Every page but `/login` needs a session; unsafe
//! requests must come from this site; errors render as pages in the visitor's language.

use axum::{
    Router,
    extract::{DefaultBodyLimit, FromRequest, Request},
    http::{HeaderValue, Method, StatusCode, header},
    middleware::{self, Next},
    response::{IntoResponse, Response},
    routing::{get, post},
};

use tadamun_domain::access::Permission;

use crate::{
    authz::{Routes, Rule},
    error::{AppError, ErrorReport},
    security, session,
    state::AppState,
    views,
};

mod account;
mod admin_users;
mod audit_log;
mod changes;
mod dashboard;
mod decisions;
mod duplicates;
mod enrol;
mod events;
mod export;
mod forms;
mod grievances;
mod households;
mod import;
mod login;
mod lookup;
mod partner_accreditation;
mod partner_map;
mod partner_services;
mod partners;
mod payments;
mod planning;
mod planning_adoption;
mod planning_forms;
mod planning_indicators;
mod planning_plan;
mod planning_plan_forms;
mod planning_priorities;
mod planning_rollup;
mod prefs;
mod programmes;
mod rosters;
mod search;
mod simulator;
mod training;
mod training_sessions;
mod transparency;
mod transparency_views;

pub(crate) use grievances::new_receipt_code;
pub(crate) use simulator::failure as simulation_failure;

/// Upload limit of the import page: a national file can be large.
const IMPORT_BODY_LIMIT: usize = 200 * 1024 * 1024;

/// Every page with the permission it needs. Household pages also need the household
/// to be in the caller's area; the store answers 404 otherwise.
pub(crate) fn routes() -> Routes {
    use Permission as P;
    use Rule::{Needs, Public};
    Routes::new("")
        .merge(login::routes())
        .merge(account::routes())
        .merge(admin_users::routes())
        .add(Method::POST, "/preferences", Public, post(prefs::save))
        .add(
            Method::GET,
            "/",
            Needs(P::DashboardRead),
            get(dashboard::page),
        )
        .add(
            Method::GET,
            "/households/search",
            Needs(P::HouseholdRead),
            get(search::page),
        )
        .add(
            Method::GET,
            "/households/new",
            Needs(P::HouseholdCreate),
            get(forms::new_page),
        )
        .add(
            Method::POST,
            "/households/new",
            Needs(P::HouseholdCreate),
            post(forms::create),
        )
        .add(
            Method::GET,
            "/households/{id}",
            Needs(P::HouseholdRead),
            get(households::page),
        )
        .add(
            Method::GET,
            "/households/{id}/edit",
            Needs(P::HouseholdEdit),
            get(forms::edit_page),
        )
        .add(
            Method::POST,
            "/households/{id}/edit",
            Needs(P::HouseholdEdit),
            post(forms::update),
        )
        .add(
            Method::POST,
            "/households/{id}/events/{kind}",
            Needs(P::HouseholdEvent),
            post(events::record),
        )
        .add(
            Method::GET,
            "/import",
            Needs(P::HouseholdImport),
            get(import::page),
        )
        .add(
            Method::POST,
            "/import",
            Needs(P::HouseholdImport),
            post(import::upload).layer(DefaultBodyLimit::max(IMPORT_BODY_LIMIT)),
        )
        .add(
            Method::GET,
            "/import/{run_id}",
            Needs(P::HouseholdImport),
            get(import::run_page),
        )
        .add(
            Method::GET,
            "/import/{run_id}/errors.csv",
            Needs(P::HouseholdImport),
            get(import::errors_csv),
        )
        .add(
            Method::GET,
            "/export",
            Needs(P::HouseholdExport),
            get(export::page),
        )
        .add(
            Method::GET,
            "/export.csv",
            Needs(P::HouseholdExport),
            get(export::csv),
        )
        .add(
            Method::GET,
            "/export.xlsx",
            Needs(P::HouseholdExport),
            get(export::xlsx),
        )
        .merge(changes::routes())
        .merge(duplicates::routes())
        .merge(programmes::routes())
        .merge(simulator::routes())
        .merge(decisions::routes())
        .merge(audit_log::routes())
        .merge(grievances::routes())
        .merge(lookup::routes())
        .merge(rosters::routes())
        .merge(payments::routes())
        .merge(partners::routes())
        .merge(transparency::routes())
        .merge(planning_indicators::routes())
        .merge(planning_priorities::routes())
        .merge(planning_plan::routes())
        .merge(planning::routes())
        .merge(training::routes())
}

pub(crate) fn router() -> Router<AppState> {
    routes()
        .router
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
