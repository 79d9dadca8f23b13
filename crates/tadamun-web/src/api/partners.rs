//! The partner registry over JSON: list and read organisations, register one, add a
//! service, read the service map, and propose and decide accreditation changes, with
//! the same scope, partner-staff and maker-checker rules as the pages.

use axum::{
    Json,
    extract::{Path, Query, State},
    http::StatusCode,
};
use serde::{Deserialize, Serialize};
use tadamun_domain::{
    change::ChangeRequestStatus,
    ids::{OrganisationId, ServiceOfferId},
    partner::{
        AccreditationChange, AccreditationStatus, Organisation, OrganisationKind, RawOrganisation,
        RawServiceOffer, ServiceCatalogue, ServiceOffer, SupplyCell,
    },
};
use tadamun_store::partners::{
    OrganisationCursor, OrganisationFilter, OrganisationSummary,
    accreditation::AccreditationRequest,
};
use utoipa::{IntoParams, ToSchema};

use super::{ApiError, ApiJson};
use crate::{
    error::{AppError, AppResult},
    session::ApiUser,
    state::AppState,
};

const PAGE: i64 = 50;

fn organisation_id(raw: &str) -> AppResult<OrganisationId> {
    OrganisationId::parse(raw).map_err(|e| AppError::Invalid(e.into()))
}

fn optional(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

#[derive(Debug, Deserialize, IntoParams)]
pub(crate) struct ListQuery {
    /// Words of a name, or the registration number.
    q: Option<String>,
    /// `charity`, `volunteer_centre`, `ngo`, `cooperative`, `private_company`, `union`, `government_body`.
    kind: Option<String>,
    /// Accreditation as it reads today: `pending`, `accredited`, `suspended`, `expired`.
    status: Option<String>,
    /// Registered in or serving this governorate (`JO-IR`).
    governorate: Option<String>,
    /// Offering this catalogue service (`food`).
    service: Option<String>,
    /// The `next` of the previous page.
    after: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct OrganisationPage {
    organisations: Vec<OrganisationSummary>,
    next: Option<String>,
}

/// Organisations the caller may see, by name.
#[utoipa::path(
    get, path = "/api/v1/partners", tag = "partners", security(("bearer" = [])),
    params(ListQuery),
    responses((status = 200, body = OrganisationPage), (status = 401, body = ApiError), (status = 403, body = ApiError), (status = 422, body = ApiError))
)]
pub(crate) async fn list(
    State(state): State<AppState>,
    user: ApiUser,
    Query(q): Query<ListQuery>,
) -> AppResult<Json<OrganisationPage>> {
    let bad = |e: tadamun_domain::FieldError| AppError::Invalid(e.into());
    let filter = OrganisationFilter {
        query: optional(&q.q).map(str::to_owned),
        kind: optional(&q.kind)
            .map(OrganisationKind::parse)
            .transpose()
            .map_err(bad)?,
        status: optional(&q.status)
            .map(AccreditationStatus::parse)
            .transpose()
            .map_err(bad)?,
        governorate: optional(&q.governorate)
            .map(|g| state.pack.governorate(g))
            .transpose()
            .map_err(bad)?,
        service: optional(&q.service)
            .map(|s| ServiceCatalogue::builtin().parse(s).map(|s| s.code.clone()))
            .transpose()
            .map_err(bad)?,
    };
    let after = match optional(&q.after) {
        None => None,
        Some(a) => Some(OrganisationCursor::decode(a).ok_or_else(|| {
            AppError::invalid("after", "invalid-cursor", "not a cursor from this list")
        })?),
    };
    let page = state
        .store
        .list_organisations(
            &user.access,
            &filter,
            tadamun_store::now().date(),
            after.as_ref(),
            PAGE,
        )
        .await?;
    Ok(Json(OrganisationPage {
        organisations: page.rows,
        next: page.next.map(|c| c.encode()),
    }))
}

#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct OrganisationDetail {
    organisation: Organisation,
    /// The accreditation as it reads today (an accreditation past its expiry is `expired`).
    accreditation_today: AccreditationStatus,
    services: Vec<ServiceOffer>,
    accreditation_requests: Vec<AccreditationRequest>,
}

/// One organisation with its services and accreditation requests.
#[utoipa::path(
    get, path = "/api/v1/partners/{id}", tag = "partners", security(("bearer" = [])),
    params(("id" = String, Path, description = "Organisation id")),
    responses((status = 200, body = OrganisationDetail), (status = 401, body = ApiError), (status = 403, body = ApiError), (status = 404, body = ApiError))
)]
pub(crate) async fn get(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<String>,
) -> AppResult<Json<OrganisationDetail>> {
    let id = organisation_id(&id)?;
    let organisation = state
        .store
        .get_organisation(&user.access, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let services = state.store.organisation_services(&user.access, id).await?;
    let accreditation_requests = state
        .store
        .accreditation_requests(&user.access, Some(id), None, 50)
        .await?;
    Ok(Json(OrganisationDetail {
        accreditation_today: organisation
            .accreditation
            .effective(tadamun_store::now().date()),
        organisation,
        services,
        accreditation_requests,
    }))
}

#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct Created {
    id: uuid::Uuid,
}

/// Registers an organisation, pending accreditation.
#[utoipa::path(
    post, path = "/api/v1/partners", tag = "partners", security(("bearer" = [])),
    request_body = RawOrganisation,
    responses((status = 201, body = Created), (status = 401, body = ApiError), (status = 403, body = ApiError), (status = 422, description = "Field errors", body = ApiError))
)]
pub(crate) async fn create(
    State(state): State<AppState>,
    user: ApiUser,
    ApiJson(raw): ApiJson<RawOrganisation>,
) -> AppResult<(StatusCode, Json<Created>)> {
    let draft = raw.parse(&state.pack).map_err(AppError::Invalid)?;
    let id = state
        .store
        .create_organisation(&user.access, &draft, tadamun_store::now())
        .await?;
    Ok((StatusCode::CREATED, Json(Created { id: id.0 })))
}

/// Adds a service the organisation offers in one of its governorates.
#[utoipa::path(
    post, path = "/api/v1/partners/{id}/services", tag = "partners", security(("bearer" = [])),
    params(("id" = String, Path, description = "Organisation id")),
    request_body = RawServiceOffer,
    responses((status = 201, body = Created), (status = 401, body = ApiError), (status = 403, body = ApiError), (status = 404, body = ApiError), (status = 422, body = ApiError))
)]
pub(crate) async fn add_service(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<String>,
    ApiJson(raw): ApiJson<RawServiceOffer>,
) -> AppResult<(StatusCode, Json<Created>)> {
    let id = organisation_id(&id)?;
    let organisation = state
        .store
        .get_organisation(&user.access, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let draft = raw
        .parse(&state.pack, ServiceCatalogue::builtin(), &organisation)
        .map_err(AppError::Invalid)?;
    let saved: ServiceOfferId = state
        .store
        .save_service_offer(&user.access, id, None, &draft, tadamun_store::now())
        .await?;
    Ok((StatusCode::CREATED, Json(Created { id: saved.0 })))
}

#[derive(Debug, Deserialize, IntoParams)]
pub(crate) struct MapQuery {
    /// `false` counts every organisation; by default only those accredited today.
    accredited_only: Option<bool>,
}

#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct ServiceMap {
    supply: Vec<SupplyCell>,
}

/// Supply by governorate and service type over what the caller may see.
#[utoipa::path(
    get, path = "/api/v1/partners/map", tag = "partners", security(("bearer" = [])),
    params(MapQuery),
    responses((status = 200, body = ServiceMap), (status = 401, body = ApiError), (status = 403, body = ApiError))
)]
pub(crate) async fn map(
    State(state): State<AppState>,
    user: ApiUser,
    Query(q): Query<MapQuery>,
) -> AppResult<Json<ServiceMap>> {
    let supply = state
        .store
        .service_supply(
            &user.access,
            tadamun_store::now().date(),
            q.accredited_only.unwrap_or(true),
        )
        .await?;
    Ok(Json(ServiceMap { supply }))
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub(crate) struct ProposedAccreditation {
    /// `accredited`, `suspended` or `expired`.
    status: String,
    /// `YYYY-MM-DD`; required to accredit or renew.
    expires_on: String,
    reason: String,
}

/// Proposes an accreditation change; another authorised person decides it.
#[utoipa::path(
    post, path = "/api/v1/partners/{id}/accreditation-requests", tag = "partners", security(("bearer" = [])),
    params(("id" = String, Path, description = "Organisation id")),
    request_body = ProposedAccreditation,
    responses((status = 201, body = Created), (status = 401, body = ApiError), (status = 403, body = ApiError), (status = 404, body = ApiError), (status = 422, body = ApiError))
)]
pub(crate) async fn propose(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<ProposedAccreditation>,
) -> AppResult<(StatusCode, Json<Created>)> {
    let id = organisation_id(&id)?;
    let organisation = state
        .store
        .get_organisation(&user.access, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let change = AccreditationChange::parse(
        &body.status,
        &body.expires_on,
        &organisation.accreditation,
        tadamun_store::now().date(),
    )
    .map_err(AppError::Invalid)?;
    let request = state
        .store
        .request_accreditation(
            &user.access,
            id,
            &change,
            &body.reason,
            tadamun_store::now(),
        )
        .await?;
    Ok((StatusCode::CREATED, Json(Created { id: request })))
}

#[derive(Debug, Deserialize, ToSchema)]
pub(crate) struct Decision {
    approve: bool,
    #[serde(default)]
    note: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct Decided {
    status: ChangeRequestStatus,
}

/// Approves (applying it) or rejects a pending accreditation change.
#[utoipa::path(
    post, path = "/api/v1/accreditation-requests/{id}/decision", tag = "partners", security(("bearer" = [])),
    params(("id" = String, Path, description = "Request id")),
    request_body = Decision,
    responses((status = 200, body = Decided), (status = 401, body = ApiError), (status = 403, body = ApiError), (status = 404, body = ApiError), (status = 409, body = ApiError))
)]
pub(crate) async fn decide(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<Decision>,
) -> AppResult<Json<Decided>> {
    let id = uuid::Uuid::parse_str(id.trim())
        .map_err(|_| AppError::invalid("id", "invalid-id", "not a valid identifier"))?;
    let status = state
        .store
        .decide_accreditation(
            &user.access,
            id,
            body.approve,
            &body.note,
            tadamun_store::now(),
        )
        .await?;
    Ok(Json(Decided { status }))
}
