//! The duplicate check and the review queue over JSON: check a household before
//! registering it, list the queue, and settle a pair, with the same scope rules as the
//! pages (a candidate outside the caller's view is reported by governorate only).

use axum::{
    Json,
    extract::{Path, Query, State},
};
use serde::{Deserialize, Serialize};
use tadamun_domain::{
    duplicate::{DuplicateBand, DuplicateDecision, DuplicateStatus},
    household::RawHousehold,
    ids::PersonId,
};
use tadamun_services::duplicates::check_household;
use tadamun_store::duplicates::{DuplicateCandidate, QueueCursor};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::{ApiError, ApiJson};
use crate::{
    error::{AppError, AppResult},
    session::ApiUser,
    state::AppState,
};

/// One registry record that may be a member of the checked household.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct CandidateView {
    governorate: String,
    score: f64,
    band: DuplicateBand,
    /// False when the record is outside the caller's view: only its governorate is
    /// given, and it is queued for a reviewer who can see both.
    visible: bool,
    #[schema(value_type = Option<String>, format = Uuid)]
    person_id: Option<Uuid>,
    #[schema(value_type = Option<String>, format = Uuid)]
    household_id: Option<Uuid>,
    full_name: Option<String>,
    #[schema(value_type = Option<String>, format = Date)]
    birth_date: Option<time::Date>,
    national_id: Option<String>,
    reason_en: Option<String>,
    reason_ar: Option<String>,
    /// The reasons as codes (`given.agrees`, `birth_date.nearly`, `context.siblings`).
    reasons: Vec<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct MemberCandidates {
    /// Index of the member in the request's `members`.
    member: usize,
    candidates: Vec<CandidateView>,
}

/// Checks a household against the registry without saving anything.
#[utoipa::path(
    post, path = "/api/v1/duplicate-check", tag = "registry", security(("bearer" = [])),
    request_body = RawHousehold,
    responses(
        (status = 200, description = "Members with possible registry records; empty when none", body = Vec<MemberCandidates>),
        (status = 400, body = ApiError), (status = 401, body = ApiError), (status = 403, body = ApiError),
        (status = 422, description = "Field errors", body = ApiError),
    )
)]
pub(crate) async fn check(
    State(state): State<AppState>,
    user: ApiUser,
    ApiJson(raw): ApiJson<RawHousehold>,
) -> AppResult<Json<Vec<MemberCandidates>>> {
    let draft = raw
        .parse(&state.pack, tadamun_store::now().date())
        .map_err(AppError::Invalid)?;
    let found = check_household(&state.store, &user.access, &draft, None).await?;
    Ok(Json(
        found
            .into_iter()
            .map(|m| MemberCandidates {
                member: m.member,
                candidates: m
                    .found
                    .into_iter()
                    .map(|f| {
                        let seen = f.seen;
                        CandidateView {
                            governorate: f.governorate,
                            score: f.score,
                            band: f.band,
                            visible: seen.is_some(),
                            person_id: seen.as_ref().map(|_| f.person_id.0),
                            household_id: seen.as_ref().map(|_| f.household_id.0),
                            full_name: seen.as_ref().map(|s| s.full_name.clone()),
                            birth_date: seen.as_ref().map(|s| s.birth_date),
                            national_id: seen.as_ref().and_then(|s| s.national_id.clone()),
                            reason_en: seen.as_ref().map(|s| s.reason_en.clone()),
                            reasons: seen.as_ref().map(|s| s.reasons.clone()).unwrap_or_default(),
                            reason_ar: seen.map(|s| s.reason_ar),
                        }
                    })
                    .collect(),
            })
            .collect(),
    ))
}

#[derive(Debug, Deserialize, IntoParams)]
pub(crate) struct QueueQuery {
    /// `open` (default), `same` or `different`.
    status: Option<String>,
    /// The `next` of the previous page.
    after: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct QueuePage {
    pairs: Vec<DuplicateCandidate>,
    /// Pass as `after` for the next page; absent on the last.
    next: Option<String>,
}

const PAGE: i64 = 50;

/// Queued pairs whose two records the caller may see, highest score first.
#[utoipa::path(
    get, path = "/api/v1/duplicates", tag = "registry", security(("bearer" = [])),
    params(QueueQuery),
    responses((status = 200, body = QueuePage), (status = 401, body = ApiError), (status = 403, body = ApiError), (status = 422, body = ApiError))
)]
pub(crate) async fn queue(
    State(state): State<AppState>,
    user: ApiUser,
    Query(q): Query<QueueQuery>,
) -> AppResult<Json<QueuePage>> {
    let status = match q.status.as_deref() {
        None | Some("") => DuplicateStatus::Open,
        Some(s) => DuplicateStatus::parse(s).map_err(|e| AppError::Invalid(e.into()))?,
    };
    let after = match q.after.as_deref() {
        None | Some("") => None,
        Some(a) => Some(QueueCursor::decode(a).ok_or_else(|| {
            AppError::invalid("after", "invalid-cursor", "not a cursor from this list")
        })?),
    };
    let pairs = state
        .store
        .duplicate_queue(&user.access, status, after, PAGE)
        .await?;
    let next = (pairs.len() as i64 == PAGE)
        .then(|| pairs.last())
        .flatten()
        .map(|c| {
            QueueCursor {
                score: c.score,
                id: c.id,
            }
            .encode()
        });
    Ok(Json(QueuePage { pairs, next }))
}

#[derive(Debug, Deserialize, ToSchema)]
pub(crate) struct DecisionBody {
    /// `same` or `different`.
    decision: String,
    /// With `same`: the record to keep.
    #[schema(value_type = Option<String>, format = Uuid)]
    keep: Option<Uuid>,
    /// Required with `same` (it files a change request).
    #[serde(default)]
    reason: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct DecisionResult {
    /// The merge request filed by `same`.
    #[schema(value_type = Option<String>, format = Uuid)]
    change_request: Option<Uuid>,
}

/// Settles an open pair: `different` closes it; `same` files a merge request.
#[utoipa::path(
    post, path = "/api/v1/duplicates/{id}/decision", tag = "registry", security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid, description = "Queued pair id")),
    request_body = DecisionBody,
    responses(
        (status = 200, body = DecisionResult),
        (status = 400, body = ApiError), (status = 401, body = ApiError), (status = 403, body = ApiError),
        (status = 404, body = ApiError),
        (status = 409, description = "Already decided", body = ApiError),
        (status = 422, body = ApiError),
    )
)]
pub(crate) async fn decide(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<String>,
    ApiJson(req): ApiJson<DecisionBody>,
) -> AppResult<Json<DecisionResult>> {
    let id = Uuid::parse_str(id.trim()).map_err(|_| AppError::NotFound)?;
    state
        .store
        .duplicate_candidate(&user.access, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let decision = match (req.decision.as_str(), req.keep) {
        ("different", _) => DuplicateDecision::Different,
        ("same", Some(keep)) => DuplicateDecision::Same {
            keep: PersonId(keep),
        },
        ("same", None) => {
            return Err(AppError::invalid(
                "keep",
                "required",
                "choose the record to keep",
            ));
        }
        _ => {
            return Err(AppError::invalid(
                "decision",
                "unknown-choice",
                "same or different",
            ));
        }
    };
    let change_request = state
        .store
        .decide_duplicate(
            &user.access,
            id,
            decision,
            &req.reason,
            tadamun_store::now(),
        )
        .await?;
    Ok(Json(DecisionResult { change_request }))
}
