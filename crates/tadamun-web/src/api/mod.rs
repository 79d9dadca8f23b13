//! The JSON API under `/api/v1`, documented by an OpenAPI 3.1 document built from the
//! handlers' annotations. It authenticates by bearer token only and never reads
//! cookies. Every route is added through [`Routes::add`] with its rule, which also records it, so
//! a test can check that the document lists exactly the routes the router serves.

use axum::{
    Json, Router,
    extract::{FromRequest, Request},
    http::{HeaderValue, Method, StatusCode, header},
    middleware::{self, Next},
    response::{IntoResponse, Response},
    routing::{get, post},
};
use serde::{Serialize, de::DeserializeOwned};
use tadamun_domain::{FieldError, FieldErrors};
use utoipa::{
    Modify, OpenApi, ToSchema,
    openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme},
};

use tadamun_domain::access::Permission;

use crate::{
    authz::{Routes, Rule},
    error::{AppError, ErrorReport},
    state::AppState,
};

mod changes;
mod duplicates;
mod grievances;
mod households;
mod partners;
mod programmes;
mod registry;
mod search;
mod sessions;
mod simulator;

/// The API's error body.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiError {
    /// Stable code: `not-found`, `conflict`, `invalid`, `bad-request`, `unauthorized`,
    /// `denied`, `too-many-requests`, `internal`.
    pub error: String,
    /// English explanation, safe to show.
    pub message: String,
    /// Field errors, each with its dotted path (`members[2].birth_date`) and code.
    pub fields: Vec<FieldError>,
}

#[derive(OpenApi)]
#[openapi(
    info(title = "tadamun social registry API", description = "Households, persons, life-cycle events and search. Authenticate with POST /api/v1/sessions, then send `Authorization: Bearer <token>`."),
    paths(
        openapi_json,
        sessions::create,
        registry::areas,
        registry::dashboard,
        search::search,
        households::create,
        households::get,
        households::update,
        households::record_event,
        households::history,
        changes::file,
        changes::queue,
        changes::decide,
        duplicates::check,
        duplicates::queue,
        duplicates::decide,
        programmes::list,
        programmes::run,
        programmes::household,
        simulator::simulate,
        grievances::file,
        grievances::list,
        grievances::get,
        grievances::assign,
        grievances::status,
        partners::list,
        partners::get,
        partners::create,
        partners::add_service,
        partners::map,
        partners::propose,
        partners::decide,
    ),
    components(schemas(ApiError, crate::events::RawLifeEvent)),
    modifiers(&BearerAuth),
    tags((name = "registry", description = "The social registry"), (name = "programmes", description = "Programmes, targeting and decisions"), (name = "auth", description = "Sessions"), (name = "grievances", description = "Grievances and appeals"), (name = "partners", description = "The partner registry and the service map"))
)]
pub struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// Every API route with the permission it needs, built together with the router.
pub(crate) fn routes() -> Routes {
    use Permission as P;
    use Rule::{Needs, Public};
    Routes::new("/api/v1")
        .add(Method::GET, "/openapi.json", Public, get(openapi_json))
        .add(
            Method::POST,
            "/sessions",
            Public,
            post(sessions::create).layer(middleware::from_fn(crate::ratelimit::limit_logins)),
        )
        .add(
            Method::GET,
            "/areas",
            Needs(P::HouseholdRead),
            get(registry::areas),
        )
        .add(
            Method::GET,
            "/dashboard",
            Needs(P::DashboardRead),
            get(registry::dashboard),
        )
        .add(
            Method::GET,
            "/search",
            Needs(P::HouseholdRead),
            get(search::search),
        )
        .add(
            Method::POST,
            "/households",
            Needs(P::HouseholdCreate),
            post(households::create),
        )
        .add(
            Method::GET,
            "/households/{id}",
            Needs(P::HouseholdRead),
            get(households::get),
        )
        .add(
            Method::PUT,
            "/households/{id}",
            Needs(P::HouseholdEdit),
            axum::routing::put(households::update),
        )
        .add(
            Method::POST,
            "/households/{id}/events",
            Needs(P::HouseholdEvent),
            post(households::record_event),
        )
        .add(
            Method::GET,
            "/households/{id}/history",
            Needs(P::HouseholdRead),
            get(households::history),
        )
        .add(
            Method::POST,
            "/households/{id}/change-requests",
            Needs(P::ChangeRequest),
            post(changes::file),
        )
        .add(
            Method::GET,
            "/change-requests",
            Needs(P::ChangeApprove),
            get(changes::queue),
        )
        .add(
            Method::POST,
            "/change-requests/{id}/decision",
            Needs(P::ChangeApprove),
            post(changes::decide),
        )
        .add(
            Method::POST,
            "/duplicate-check",
            Needs(P::HouseholdCreate),
            post(duplicates::check),
        )
        .add(
            Method::GET,
            "/duplicates",
            Needs(P::HouseholdRead),
            get(duplicates::queue),
        )
        .add(
            Method::POST,
            "/duplicates/{id}/decision",
            Needs(P::HouseholdEdit),
            post(duplicates::decide),
        )
        .add(
            Method::GET,
            "/programmes",
            Needs(P::ProgrammeRead),
            get(programmes::list),
        )
        .add(
            Method::POST,
            "/programmes/{key}/runs",
            Needs(P::ProgrammeManage),
            post(programmes::run),
        )
        .add(
            Method::POST,
            "/programmes/{key}/simulations",
            Needs(P::ProgrammeRead),
            post(simulator::simulate),
        )
        .add(
            Method::GET,
            "/households/{id}/decisions",
            Needs(P::HouseholdRead),
            get(programmes::household),
        )
        .add(
            Method::POST,
            "/grievances",
            Needs(P::GrievanceHandle),
            post(grievances::file),
        )
        .add(
            Method::GET,
            "/grievances",
            Needs(P::GrievanceHandle),
            get(grievances::list),
        )
        .add(
            Method::GET,
            "/grievances/{id}",
            Needs(P::GrievanceHandle),
            get(grievances::get),
        )
        .add(
            Method::POST,
            "/grievances/{id}/assignment",
            Needs(P::GrievanceHandle),
            post(grievances::assign),
        )
        .add(
            Method::POST,
            "/grievances/{id}/status",
            Needs(P::GrievanceHandle),
            post(grievances::status),
        )
        .add(
            Method::GET,
            "/partners",
            Needs(P::PartnerRead),
            get(partners::list),
        )
        .add(
            Method::POST,
            "/partners",
            Needs(P::PartnerManage),
            post(partners::create),
        )
        .add(
            Method::GET,
            "/partners/map",
            Needs(P::PartnerRead),
            get(partners::map),
        )
        .add(
            Method::GET,
            "/partners/{id}",
            Needs(P::PartnerRead),
            get(partners::get),
        )
        .add(
            Method::POST,
            "/partners/{id}/services",
            Needs(P::PartnerSubmit),
            post(partners::add_service),
        )
        .add(
            Method::POST,
            "/partners/{id}/accreditation-requests",
            Needs(P::PartnerManage),
            post(partners::propose),
        )
        .add(
            Method::POST,
            "/accreditation-requests/{id}/decision",
            Needs(P::ChangeApprove),
            post(partners::decide),
        )
}

pub(crate) fn router() -> Router<AppState> {
    routes()
        .router
        .layer(middleware::from_fn(render_errors_as_json))
}

/// Every `(method, path)` the API router serves, with the `/api/v1` prefix.
pub fn registered_routes() -> Vec<(String, String)> {
    routes()
        .table
        .into_iter()
        .map(|r| (r.method.as_str().to_owned(), r.path))
        .collect()
}

/// The OpenAPI document.
#[utoipa::path(get, path = "/api/v1/openapi.json", tag = "registry", responses((status = 200, description = "This OpenAPI 3.1 document", content_type = "application/json")))]
async fn openapi_json() -> Response {
    Json(ApiDoc::openapi()).into_response()
}

async fn render_errors_as_json(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    match response.extensions().get::<ErrorReport>() {
        Some(report) => error_json(report),
        None => response,
    }
}

pub(crate) fn error_json(report: &ErrorReport) -> Response {
    let body = ApiError {
        error: report.code.to_owned(),
        message: report.message.clone(),
        fields: report.fields.clone(),
    };
    let mut response = (report.status, Json(body)).into_response();
    if report.status == StatusCode::UNAUTHORIZED {
        response
            .headers_mut()
            .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
    }
    response
}

/// A JSON body whose errors name the field: malformed JSON is a 400, a value of the
/// wrong type a 422 naming its path (`members[0].sex`).
pub(crate) struct ApiJson<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for ApiJson<T> {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, AppError> {
        let is_json = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("application/json") || v.contains("+json"));
        if !is_json {
            return Err(AppError::BadRequest(
                "expected a body with Content-Type: application/json".into(),
            ));
        }
        let bytes = axum::body::Bytes::from_request(req, state)
            .await
            .map_err(|e| match e.status() {
                StatusCode::PAYLOAD_TOO_LARGE => AppError::TooLarge,
                _ => AppError::BadRequest(e.body_text()),
            })?;
        let mut de = serde_json::Deserializer::from_slice(&bytes);
        let value = serde_path_to_error::deserialize(&mut de).map_err(|e| {
            let path = e.path().to_string();
            let inner = e.into_inner();
            if inner.is_data() {
                AppError::Invalid(FieldErrors::from(FieldError::new(
                    path,
                    "invalid-json",
                    inner.to_string(),
                )))
            } else {
                AppError::BadRequest(format!("malformed JSON: {inner}"))
            }
        })?;
        de.end()
            .map_err(|e| AppError::BadRequest(format!("malformed JSON: {e}")))?;
        Ok(Self(value))
    }
}

/// Parses a household id from the path; a malformed one is a field error.
pub(crate) fn household_id(raw: &str) -> Result<tadamun_domain::ids::HouseholdId, AppError> {
    tadamun_domain::ids::HouseholdId::parse(raw).map_err(|e| AppError::Invalid(e.into()))
}
