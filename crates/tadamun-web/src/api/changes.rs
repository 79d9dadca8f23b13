//! Maker-checker over JSON: file a change that needs a second person, list the queue,
//! decide. The store refuses self-approval and decisions outside the approver's area,
//! exactly as for the pages.

use axum::{
    Json,
    extract::{Path, Query, State},
    http::StatusCode,
    response::{IntoResponse, Response},
};
use serde::{Deserialize, Serialize};
use tadamun_domain::{
    change::{ChangePayload, ChangeRequest, ChangeRequestStatus},
    household::RawHousehold,
    ids::PersonId,
};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::{ApiError, ApiJson, household_id};
use crate::{
    error::{AppError, AppResult},
    session::ApiUser,
    state::AppState,
};

/// What to change. `edit` carries the whole household as for `PUT /households/{id}`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(tag = "type", rename_all = "snake_case")]
pub(crate) enum ChangeBody {
    Edit {
        version: i64,
        household: Box<RawHousehold>,
        #[serde(default)]
        member_ids: Vec<Option<Uuid>>,
    },
    DeletePerson {
        person: Uuid,
    },
    MergePersons {
        keep: Uuid,
        remove: Uuid,
    },
    /// Undoes a merge: `person` is the record that was merged away.
    UnmergePerson {
        person: Uuid,
    },
}

#[derive(Debug, Deserialize, ToSchema)]
pub(crate) struct FileRequest {
    change: ChangeBody,
    /// Why the change is needed; required.
    reason: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct Filed {
    #[schema(value_type = String, format = Uuid)]
    id: Uuid,
}

#[derive(Debug, Deserialize, ToSchema)]
pub(crate) struct Decision {
    approve: bool,
    #[serde(default)]
    note: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct Decided {
    /// `approved` or `rejected`.
    status: String,
}

#[derive(Debug, Deserialize, IntoParams)]
pub(crate) struct QueueQuery {
    /// `pending` (default), `approved` or `rejected`.
    status: Option<String>,
}

/// A change request as the API shows it.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct RequestView {
    #[schema(value_type = String, format = Uuid)]
    id: Uuid,
    #[schema(value_type = String, format = Uuid)]
    household_id: Uuid,
    kind: String,
    status: String,
    reason: String,
    requested_by: String,
    decided_by: Option<String>,
    #[schema(value_type = Object)]
    before: serde_json::Value,
    #[schema(value_type = Object)]
    after: serde_json::Value,
}

impl From<ChangeRequest> for RequestView {
    fn from(r: ChangeRequest) -> Self {
        Self {
            id: r.id,
            household_id: r.household_id.0,
            kind: r.kind.as_str().to_owned(),
            status: r.status.as_str().to_owned(),
            reason: r.reason,
            requested_by: r.requested_by_name,
            decided_by: r.decided_by_name,
            before: r.before,
            after: r.after,
        }
    }
}

/// Files a change that needs a supervisor's approval.
#[utoipa::path(
    post, path = "/api/v1/households/{id}/change-requests", tag = "registry", security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid, description = "Household id")),
    request_body = FileRequest,
    responses(
        (status = 201, description = "Filed", body = Filed),
        (status = 400, description = "Malformed JSON", body = ApiError),
        (status = 401, body = ApiError),
        (status = 403, body = ApiError),
        (status = 404, body = ApiError),
        (status = 422, description = "Field errors", body = ApiError),
    )
)]
pub(crate) async fn file(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<String>,
    ApiJson(req): ApiJson<FileRequest>,
) -> AppResult<Response> {
    let id = household_id(&id)?;
    let now = tadamun_store::now();
    let payload = match req.change {
        ChangeBody::Edit {
            version,
            household,
            member_ids,
        } => ChangePayload::Edit {
            version,
            draft: Box::new(
                household
                    .parse(&state.pack, now.date())
                    .map_err(AppError::Invalid)?,
            ),
            member_ids: member_ids.into_iter().map(|m| m.map(PersonId)).collect(),
        },
        ChangeBody::DeletePerson { person } => ChangePayload::DeletePerson {
            person: PersonId(person),
        },
        ChangeBody::MergePersons { keep, remove } => ChangePayload::MergePersons {
            keep: PersonId(keep),
            remove: PersonId(remove),
        },
        ChangeBody::UnmergePerson { person } => ChangePayload::UnmergePerson {
            person: PersonId(person),
        },
    };
    let filed = state
        .store
        .request_change(&user.access, id, &payload, &req.reason, now)
        .await?;
    Ok((StatusCode::CREATED, Json(Filed { id: filed })).into_response())
}

/// Change requests on households the caller may see.
#[utoipa::path(
    get, path = "/api/v1/change-requests", tag = "registry", security(("bearer" = [])),
    params(QueueQuery),
    responses((status = 200, body = Vec<RequestView>), (status = 401, body = ApiError), (status = 403, body = ApiError), (status = 422, body = ApiError))
)]
pub(crate) async fn queue(
    State(state): State<AppState>,
    user: ApiUser,
    Query(q): Query<QueueQuery>,
) -> AppResult<Json<Vec<RequestView>>> {
    let status = match q.status.as_deref() {
        None | Some("") => ChangeRequestStatus::Pending,
        Some(s) => ChangeRequestStatus::parse(s).map_err(|e| AppError::Invalid(e.into()))?,
    };
    let list = state
        .store
        .change_requests(&user.access, status, 200)
        .await?;
    Ok(Json(list.into_iter().map(RequestView::from).collect()))
}

/// Approves (and applies) or rejects a pending request; never the requester's own.
#[utoipa::path(
    post, path = "/api/v1/change-requests/{id}/decision", tag = "registry", security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid, description = "Change request id")),
    request_body = Decision,
    responses(
        (status = 200, body = Decided),
        (status = 400, body = ApiError),
        (status = 401, body = ApiError),
        (status = 403, description = "Own request, or outside the approver's area", body = ApiError),
        (status = 404, body = ApiError),
        (status = 409, description = "Already decided, or the household changed since", body = ApiError),
        (status = 422, body = ApiError),
    )
)]
pub(crate) async fn decide(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<String>,
    ApiJson(req): ApiJson<Decision>,
) -> AppResult<Json<Decided>> {
    let id = Uuid::parse_str(id.trim())
        .map_err(|_| AppError::invalid("id", "invalid-id", "not a valid identifier"))?;
    let status = state
        .store
        .decide_change_request(
            &user.access,
            id,
            req.approve,
            &req.note,
            tadamun_store::now(),
        )
        .await?;
    Ok(Json(Decided {
        status: status.as_str().to_owned(),
    }))
}
