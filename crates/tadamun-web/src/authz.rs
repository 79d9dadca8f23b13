//! Who may reach which route. Every page and API route is added with its rule through
//! [`Routes::add`], so the router and the rule table cannot drift apart. The rule runs
//! as the route's own middleware: it authenticates the caller, loads their `Access`
//! fresh from the database, and refuses a missing permission before any handler runs.
//! Area scope and need-to-know are enforced again, per record, in the store.

use axum::{
    RequestPartsExt, Router,
    extract::{RawPathParams, Request},
    http::Method,
    middleware::{self, Next},
    response::{IntoResponse, Response},
    routing::MethodRouter,
};
use tadamun_domain::{access::Permission, ids::HouseholdId};

use crate::{
    error::AppError,
    session::{self, Caller},
    state::AppState,
};

/// What a route demands of its caller.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// Anyone, signed in or not (login page, assets, health).
    Public,
    /// Any signed-in user (their own preferences, logout).
    SignedIn,
    /// A signed-in user whose roles grant this permission.
    Needs(Permission),
}

/// One row of the route table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RouteRule {
    pub method: Method,
    /// The full path as the router matches it, e.g. `/api/v1/households/{id}`.
    pub path: String,
    pub rule: Rule,
}

/// A router built together with its rule table.
pub(crate) struct Routes {
    pub router: Router<AppState>,
    pub table: Vec<RouteRule>,
    prefix: &'static str,
}

impl Routes {
    /// `prefix` is where the router will be nested (`""` or `/api/v1`), for the table.
    pub fn new(prefix: &'static str) -> Self {
        Self {
            router: Router::new(),
            table: Vec::new(),
            prefix,
        }
    }

    pub fn add(
        mut self,
        method: Method,
        path: &'static str,
        rule: Rule,
        handler: MethodRouter<AppState>,
    ) -> Self {
        self.table.push(RouteRule {
            method,
            path: format!("{}{path}", self.prefix),
            rule,
        });
        // Routes about one household also check, before the handler runs, that the
        // caller may see it: outside their area it does not exist for them (404).
        let household_route = path.starts_with("/households/{id}");
        let guarded = handler.layer(middleware::from_fn(move |request: Request, next: Next| {
            enforce(rule, household_route, request, next)
        }));
        self.router = self.router.route(path, guarded);
        self
    }
}

impl Routes {
    /// Adds another module's routes (same prefix) to these.
    pub fn merge(mut self, other: Routes) -> Self {
        self.table.extend(other.table);
        self.router = self.router.merge(other.router);
        self
    }
}

/// Authenticates (for every rule but `Public`) and checks the permission. The caller
/// is left in the request's extensions for the handler's extractor.
async fn enforce(rule: Rule, household_route: bool, request: Request, next: Next) -> Response {
    if rule == Rule::Public {
        return next.run(request).await;
    }
    let Some(state) = request.extensions().get::<AppState>().cloned() else {
        return AppError::Internal(anyhow::anyhow!("application state missing")).into_response();
    };
    let (mut parts, body) = request.into_parts();
    let caller = match session::authenticate(&mut parts, &state).await {
        Ok(caller) => caller,
        Err(e) => return e.into_response(),
    };
    if let Rule::Needs(permission) = rule
        && !caller.access.can(permission)
    {
        return AppError::Denied(format!("needs permission {}", permission.as_str()))
            .into_response();
    }
    if household_route {
        let id = match parts.extract::<RawPathParams>().await {
            Ok(params) => params
                .iter()
                .find(|(k, _)| *k == "id")
                .and_then(|(_, v)| HouseholdId::parse(v).ok()),
            Err(_) => None,
        };
        // A malformed id is left to the handler, which names the field.
        if let Some(id) = id {
            match state.store.household_visible(&caller.access, id).await {
                Ok(true) => {}
                Ok(false) => return AppError::NotFound.into_response(),
                Err(e) => return AppError::from(e).into_response(),
            }
        }
    }
    parts.extensions.insert(caller);
    next.run(Request::from_parts(parts, body)).await
}

/// Every route the application serves, with its rule: pages, API, assets and health.
pub fn route_table() -> Vec<RouteRule> {
    let mut table = crate::routes::routes().table;
    table.extend(crate::api::routes().table);
    table.extend(crate::assets::routes().table);
    table.push(RouteRule {
        method: Method::GET,
        path: "/healthz".into(),
        rule: Rule::Public,
    });
    table
}

/// The caller a guarded route was entered with.
pub(crate) fn caller_of(parts: &axum::http::request::Parts) -> Option<Caller> {
    parts.extensions.get::<Caller>().cloned()
}
