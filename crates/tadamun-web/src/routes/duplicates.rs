//! The duplicate review queue: pairs the registration check, imports or a registry
//! scan found, each with both records and the resolver's reasons. A clerk says "one
//! person" (filing a merge request a supervisor approves) or "two people"; a merge
//! that was wrong is undone from the same page, again through a request.

use askama::Template;
use axum::{
    extract::{Path, Query, State},
    http::Method,
    response::Response,
    routing::{get, post},
};
use serde::Deserialize;
use tadamun_domain::{
    access::Permission,
    change::ChangePayload,
    duplicate::{DuplicateDecision, DuplicateStatus},
    ids::{HouseholdId, PersonId},
};
use tadamun_store::duplicates::{CandidatePerson, DuplicateCandidate, QueueCursor};
use uuid::Uuid;

use super::{FormPairs, households::governorate_name, query_string, see_other};
use crate::{
    authz::{Routes, Rule},
    error::{AppError, AppResult},
    i18n::Tr,
    session::PageUser,
    state::AppState,
    views::{Chrome, render},
};

const PAGE_SIZE: i64 = 25;

pub(crate) fn routes() -> Routes {
    use Permission as P;
    Routes::new("")
        .add(
            Method::GET,
            "/duplicates",
            Rule::Needs(P::HouseholdRead),
            get(queue),
        )
        .add(
            Method::POST,
            "/duplicates/{id}/decision",
            Rule::Needs(P::HouseholdEdit),
            post(decide),
        )
        .add(
            Method::POST,
            "/duplicates/{id}/unmerge",
            Rule::Needs(P::ChangeRequest),
            post(unmerge),
        )
}

/// One side of a pair as the page shows it.
pub(crate) struct Side {
    pub person_id: String,
    pub href: String,
    pub name: String,
    pub birth: String,
    pub sex: String,
    pub governorate: String,
    pub id_number: String,
    pub merged: bool,
}

/// One pair as the page shows it.
pub(crate) struct PairView {
    pub id: String,
    pub score: String,
    pub band: String,
    pub source: String,
    pub status: String,
    pub open: bool,
    pub reason: String,
    pub a: Side,
    pub b: Side,
    pub change_href: Option<String>,
    /// The merged record, when an unmerge can be asked for.
    pub merged_person: Option<String>,
}

fn side(state: &AppState, tr: Tr, p: &CandidatePerson) -> Side {
    Side {
        person_id: p.person_id.to_string(),
        href: format!("/households/{}", p.household_id),
        name: p.full_name.clone(),
        birth: tr.date(p.birth_date),
        sex: tr.label("sex", &p.sex),
        governorate: governorate_name(state, tr, &p.governorate),
        id_number: p
            .id_number
            .clone()
            .map(|n| tr.digits(&n))
            .unwrap_or_default(),
        merged: p.merged,
    }
}

/// Words the resolver's reason codes (`given.agrees`, `context.siblings`) in the
/// reader's language; an unknown code is shown as it is.
pub(crate) fn word_reasons(tr: Tr, codes: &[String]) -> String {
    let parts: Vec<String> = codes
        .iter()
        .map(|code| match code.split_once('.') {
            Some(("context", what)) => tr
                .try_t(&format!("duplicate-context-{what}"))
                .unwrap_or_else(|| code.clone()),
            Some((field, level)) => match (
                tr.try_t(&format!("duplicate-field-{}", field.replace('_', "-"))),
                tr.try_t(&format!("duplicate-level-{level}")),
            ) {
                (Some(field), Some(level)) => {
                    tr.t_args("duplicate-reason", &[("field", field), ("level", level)])
                }
                _ => code.clone(),
            },
            None => code.clone(),
        })
        .collect();
    parts.join(if tr.is_arabic() { "، " } else { "; " })
}

pub(crate) fn pair_view(state: &AppState, tr: Tr, c: &DuplicateCandidate) -> PairView {
    let worded = word_reasons(tr, &c.reasons);
    let reason = if c.reasons.is_empty() {
        tr.pick(&c.reason_ar, &c.reason_en)
    } else {
        &worded
    };
    PairView {
        id: c.id.to_string(),
        score: tr.digits(&format!("{:.1}", c.score)),
        band: tr.label("duplicate-band", c.band.as_str()),
        source: tr.label("duplicate-source", c.source.as_str()),
        status: tr.label("duplicate-status", c.status.as_str()),
        open: c.status == DuplicateStatus::Open,
        reason: if reason.is_empty() {
            tr.t("duplicate-no-reason")
        } else {
            reason.to_owned()
        },
        a: side(state, tr, &c.a),
        b: side(state, tr, &c.b),
        change_href: c.change_request_id.map(|id| format!("/changes/{id}")),
        merged_person: [&c.a, &c.b]
            .into_iter()
            .find(|p| p.merged)
            .map(|p| p.person_id.to_string()),
    }
}

#[derive(Template)]
#[template(path = "duplicates.html")]
struct QueuePage {
    page: Chrome,
    tabs: Vec<(String, String, bool)>,
    pairs: Vec<PairView>,
    next_href: Option<String>,
    can_decide: bool,
    can_request: bool,
}

#[derive(Debug, Deserialize)]
pub(crate) struct QueueQuery {
    status: Option<String>,
    after: Option<String>,
}

async fn queue(
    State(state): State<AppState>,
    user: PageUser,
    Query(q): Query<QueueQuery>,
) -> AppResult<Response> {
    let status = match q.status.as_deref() {
        None | Some("") => DuplicateStatus::Open,
        Some(s) => DuplicateStatus::parse(s).map_err(|_| {
            AppError::invalid("status", "unknown-choice", "open, same or different")
        })?,
    };
    let after = q.after.as_deref().and_then(QueueCursor::decode);
    let pairs = state
        .store
        .duplicate_queue(&user.access, status, after, PAGE_SIZE)
        .await?;
    let tr = user.tr;
    let next_href = (pairs.len() as i64 == PAGE_SIZE)
        .then(|| pairs.last())
        .flatten()
        .map(|c| {
            let cursor = QueueCursor {
                score: c.score,
                id: c.id,
            }
            .encode();
            format!(
                "/duplicates?{}",
                query_string(&[("status", status.as_str()), ("after", &cursor)])
            )
        });
    let tabs = [
        DuplicateStatus::Open,
        DuplicateStatus::Same,
        DuplicateStatus::Different,
    ]
    .into_iter()
    .map(|s| {
        (
            format!("/duplicates?status={}", s.as_str()),
            tr.label("duplicate-status", s.as_str()),
            s == status,
        )
    })
    .collect();
    Ok(render(&QueuePage {
        page: Chrome::for_user(&user, "duplicates-title", "duplicates", "/duplicates"),
        tabs,
        pairs: pairs.iter().map(|c| pair_view(&state, tr, c)).collect(),
        next_href,
        can_decide: user.access.can(Permission::HouseholdEdit),
        can_request: user.access.can(Permission::ChangeRequest),
    }))
}

fn parse_uuid(raw: &str) -> AppResult<Uuid> {
    Uuid::parse_str(raw).map_err(|_| AppError::NotFound)
}

/// "Same person, keep this record" or "two different people".
async fn decide(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<String>,
    form: FormPairs,
) -> AppResult<Response> {
    let id = parse_uuid(&id)?;
    // A pair outside the caller's view is not found, whatever the form says.
    state
        .store
        .duplicate_candidate(&user.access, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let decision = match form.value("decision").as_str() {
        "different" => DuplicateDecision::Different,
        "same" => DuplicateDecision::Same {
            keep: PersonId::parse(&form.value("keep"))
                .map_err(|_| AppError::invalid("keep", "required", "choose the record to keep"))?,
        },
        _ => {
            return Err(AppError::invalid(
                "decision",
                "unknown-choice",
                "choose same or different",
            ));
        }
    };
    let request = state
        .store
        .decide_duplicate(
            &user.access,
            id,
            decision,
            &form.value("reason"),
            tadamun_store::now(),
        )
        .await?;
    Ok(match request {
        Some(r) => see_other(&format!("/changes/{r}")),
        None => see_other("/duplicates?done=decided"),
    })
}

/// Asks for a wrong merge to be undone; a supervisor approves it like any change.
async fn unmerge(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<String>,
    form: FormPairs,
) -> AppResult<Response> {
    let id = parse_uuid(&id)?;
    let candidate = state
        .store
        .duplicate_candidate(&user.access, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let merged = [&candidate.a, &candidate.b]
        .into_iter()
        .find(|p| p.merged)
        .ok_or_else(|| AppError::invalid("person", "not-merged", "nothing here was merged"))?;
    let request = state
        .store
        .request_change(
            &user.access,
            HouseholdId(merged.household_id),
            &ChangePayload::UnmergePerson {
                person: PersonId(merged.person_id),
            },
            &form.value("reason"),
            tadamun_store::now(),
        )
        .await?;
    Ok(see_other(&format!("/changes/{request}")))
}
