//! Maker-checker pages: the approver's queue, one request with its before/after diff
//! and the decision, and the household page's forms that file deletions and merges.
//! The store refuses self-approval and out-of-scope decisions; these pages only ask.

use askama::Template;
use axum::{
    extract::{Path, State},
    http::Method,
    response::Response,
    routing::{get, post},
};
use serde_json::Value;
use tadamun_domain::{
    access::Permission,
    change::{ChangePayload, ChangeRequest, ChangeRequestStatus},
    ids::PersonId,
};
use uuid::Uuid;

use super::{FormPairs, households::parse_id, see_other};
use crate::{
    authz::{Routes, Rule},
    error::{AppError, AppResult},
    i18n::Tr,
    session::PageUser,
    state::AppState,
    views::{Chrome, render},
};

pub(crate) fn routes() -> Routes {
    use Permission as P;
    Routes::new("")
        .add(
            Method::GET,
            "/changes",
            Rule::Needs(P::ChangeApprove),
            get(queue),
        )
        .add(
            Method::GET,
            "/changes/{id}",
            Rule::Needs(P::ChangeApprove),
            get(detail),
        )
        .add(
            Method::POST,
            "/changes/{id}/decision",
            Rule::Needs(P::ChangeApprove),
            post(decide),
        )
        .add(
            Method::POST,
            "/households/{id}/change-requests",
            Rule::Needs(P::ChangeRequest),
            post(file),
        )
        .add(
            Method::POST,
            "/households/{id}/restriction",
            Rule::Needs(P::HouseholdRestrict),
            post(restrict),
        )
}

/// One request as a line of the queue or the household page.
pub(crate) struct RequestLine {
    pub href: String,
    pub kind: String,
    pub status: String,
    pub requested_by: String,
    pub when: String,
    pub reason: String,
}

pub(crate) fn request_line(tr: Tr, r: &ChangeRequest) -> RequestLine {
    RequestLine {
        href: format!("/changes/{}", r.id),
        kind: tr.label("change-kind", r.kind.as_str()),
        status: tr.label("change-status", r.status.as_str()),
        requested_by: r.requested_by_name.clone(),
        when: tr.datetime(r.created_at),
        reason: r.reason.clone(),
    }
}

#[derive(Template)]
#[template(path = "changes.html")]
struct QueuePage {
    page: Chrome,
    requests: Vec<RequestLine>,
}

async fn queue(State(state): State<AppState>, user: PageUser) -> AppResult<Response> {
    let pending = state
        .store
        .change_requests(&user.access, ChangeRequestStatus::Pending, 200)
        .await?;
    Ok(render(&QueuePage {
        page: Chrome::for_user(&user, "changes-title", "changes", "/changes"),
        requests: pending.iter().map(|r| request_line(user.tr, r)).collect(),
    }))
}

/// One changed value: where, before, after.
struct DiffRow {
    path: String,
    before: String,
    after: String,
}

/// Leaves of a JSON value by path (`members[1].relationship`).
fn leaves(prefix: &str, value: &Value, out: &mut Vec<(String, String)>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                let p = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                leaves(&p, v, out);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                leaves(&format!("{prefix}[{i}]"), v, out);
            }
        }
        Value::Null => out.push((prefix.to_owned(), String::new())),
        Value::String(s) => out.push((prefix.to_owned(), s.clone())),
        other => out.push((prefix.to_owned(), other.to_string())),
    }
}

/// Only what differs, in the order of the "before" record, then additions.
fn diff(before: &Value, after: &Value) -> Vec<DiffRow> {
    let (mut b, mut a) = (Vec::new(), Vec::new());
    leaves("", before, &mut b);
    leaves("", after, &mut a);
    let after_map: std::collections::BTreeMap<_, _> = a.iter().cloned().collect();
    let before_map: std::collections::BTreeMap<_, _> = b.iter().cloned().collect();
    let mut rows: Vec<DiffRow> = b
        .iter()
        .filter(|(p, v)| after_map.get(p) != Some(v))
        .map(|(p, v)| DiffRow {
            path: p.clone(),
            before: v.clone(),
            after: after_map.get(p).cloned().unwrap_or_default(),
        })
        .collect();
    rows.extend(
        a.iter()
            .filter(|(p, _)| !before_map.contains_key(p))
            .map(|(p, v)| DiffRow {
                path: p.clone(),
                before: String::new(),
                after: v.clone(),
            }),
    );
    rows
}

#[derive(Template)]
#[template(path = "change.html")]
struct DetailPage {
    page: Chrome,
    line: RequestLine,
    household_href: String,
    diff: Vec<DiffRow>,
    pending: bool,
    own: bool,
    decided: Option<String>,
    note: String,
    action: String,
}

async fn detail(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let id = Uuid::parse_str(id.trim()).map_err(|_| AppError::NotFound)?;
    let r = state
        .store
        .change_request(&user.access, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let tr = user.tr;
    let decided = r.decided_by_name.as_ref().map(|name| {
        tr.t_args(
            "change-decided-by",
            &[
                ("name", name.clone()),
                (
                    "when",
                    r.decided_at.map(|t| tr.datetime(t)).unwrap_or_default(),
                ),
            ],
        )
    });
    Ok(render(&DetailPage {
        page: Chrome::new(
            tr,
            tr.label("change-kind", r.kind.as_str()),
            Some(&user),
            "changes",
            format!("/changes/{id}"),
        ),
        line: request_line(tr, &r),
        household_href: format!("/households/{}", r.household_id),
        diff: diff(&r.before, &r.after),
        pending: r.status == ChangeRequestStatus::Pending,
        own: user.access.user_id == Some(r.requested_by),
        decided,
        note: r.decision_note.clone().unwrap_or_default(),
        action: format!("/changes/{id}/decision"),
    }))
}

async fn decide(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<String>,
    form: FormPairs,
) -> AppResult<Response> {
    let id = Uuid::parse_str(id.trim()).map_err(|_| AppError::NotFound)?;
    let approve = match form.value("decision").as_str() {
        "approve" => true,
        "reject" => false,
        _ => {
            return Err(AppError::invalid(
                "decision",
                "unknown-choice",
                "choose approve or reject",
            ));
        }
    };
    state
        .store
        .decide_change_request(
            &user.access,
            id,
            approve,
            &form.value("note"),
            tadamun_store::now(),
        )
        .await?;
    Ok(see_other(&format!("/changes/{id}")))
}

fn person(form: &FormPairs, field: &str) -> AppResult<PersonId> {
    PersonId::parse(&form.value(field))
        .map_err(|_| AppError::invalid(field, "required", "choose a member"))
}

/// Files a deletion or merge from the household page.
async fn file(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<String>,
    form: FormPairs,
) -> AppResult<Response> {
    let id = parse_id(&id)?;
    let payload = match form.value("kind").as_str() {
        "delete_person" => ChangePayload::DeletePerson {
            person: person(&form, "person")?,
        },
        "merge_persons" => ChangePayload::MergePersons {
            keep: person(&form, "keep")?,
            remove: person(&form, "remove")?,
        },
        _ => {
            return Err(AppError::invalid(
                "kind",
                "unknown-choice",
                "delete_person or merge_persons",
            ));
        }
    };
    state
        .store
        .request_change(
            &user.access,
            id,
            &payload,
            &form.value("reason"),
            tadamun_store::now(),
        )
        .await?;
    Ok(see_other(&format!("/households/{id}?done=requested")))
}

/// Marks the household need-to-know (or lifts it). The user who restricts it keeps
/// sight of it; the roles ticked on the form are granted too.
async fn restrict(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<String>,
    form: FormPairs,
) -> AppResult<Response> {
    let id = parse_id(&id)?;
    let restricted = form.value("restricted") == "on";
    let known: Vec<String> = state
        .store
        .roles()
        .await?
        .into_iter()
        .map(|r| r.code)
        .collect();
    let roles = form.all("roles");
    if let Some(bad) = roles.iter().find(|r| !known.contains(r)) {
        return Err(AppError::invalid(
            "roles",
            "unknown-choice",
            &format!("unknown role {bad}"),
        ));
    }
    let me: Vec<_> = user.access.user_id.into_iter().collect();
    state
        .store
        .set_restriction(
            &user.access,
            id,
            restricted,
            &me,
            &roles,
            tadamun_store::now(),
        )
        .await?;
    Ok(see_other(&format!("/households/{id}?done=saved")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_diff_lists_only_changed_values_by_path() {
        let before =
            serde_json::json!({"governorate": "JO-IR", "members": [{"n": "1"}], "same": 1});
        let after = serde_json::json!({"governorate": "JO-AM", "members": [{"n": "1"}, {"n": "2"}], "same": 1});
        let rows = diff(&before, &after);
        let paths: Vec<_> = rows.iter().map(|r| r.path.as_str()).collect();
        assert_eq!(paths, ["governorate", "members[1].n"]);
        assert_eq!(
            (rows[0].before.as_str(), rows[0].after.as_str()),
            ("JO-IR", "JO-AM")
        );
    }
}
