//! Registering and editing a household through a plain HTML form: fixed member rows
//! (more via a button or `?rows=N`), values kept and errors shown beside each input
//! on refusal, and the version seen carried in a hidden field so edits never collide.

use askama::Template;
use axum::{
    extract::{Path, Query, State},
    http::StatusCode,
    response::Response,
};
use serde::Deserialize;
use tadamun_domain::{FieldError, change::ChangePayload, ids::PersonId};
use tadamun_store::StoreError;

use super::{FormPairs, households::parse_id, see_other};
use crate::{
    error::{AppError, AppResult},
    forms::{Fieldset, HouseholdForm, errors_by_input, fieldsets, summary},
    session::PageUser,
    state::AppState,
    views::{Chrome, render},
};

/// Empty member rows offered beyond those already filled.
const SPARE_ROWS: usize = 2;
const MAX_ROWS: usize = 40;

#[derive(Template)]
#[template(path = "household_form.html")]
struct FormPage {
    page: Chrome,
    action: String,
    version: Option<String>,
    alert: Option<String>,
    errors: Vec<(String, String)>,
    sets: Vec<Fieldset>,
    more_rows_href: String,
}

#[derive(Debug, Deserialize)]
pub(crate) struct Rows {
    rows: Option<usize>,
}

struct Draw<'a> {
    user: &'a PageUser,
    form: HouseholdForm,
    edit_of: Option<(String, i64)>,
    errors: Vec<(String, FieldError)>,
    alert: Option<String>,
    status: StatusCode,
}

fn draw(state: &AppState, d: Draw<'_>) -> Response {
    let tr = d.user.tr;
    let (title, action, here) = match &d.edit_of {
        Some((id, _)) => (
            "form-edit-title",
            format!("/households/{id}/edit"),
            format!("/households/{id}/edit"),
        ),
        None => (
            "form-new-title",
            "/households/new".to_owned(),
            "/households/new".to_owned(),
        ),
    };
    let rows = d.form.rows.len();
    let page = FormPage {
        page: Chrome::for_user(
            d.user,
            title,
            if d.edit_of.is_some() { "" } else { "new" },
            here.clone(),
        ),
        action,
        version: d.edit_of.as_ref().map(|(_, v)| v.to_string()),
        alert: d.alert,
        errors: summary(&tr, &d.errors),
        sets: fieldsets(&d.form, &state.pack, &tr, &d.errors),
        more_rows_href: format!("{here}?rows={}", (rows + 1).min(MAX_ROWS)),
    };
    let mut response = render(&page);
    *response.status_mut() = d.status;
    response
}

fn row_count(requested: Option<usize>, filled: usize) -> usize {
    requested
        .unwrap_or(filled + SPARE_ROWS)
        .clamp(filled.max(1), MAX_ROWS)
}

#[tracing::instrument(skip_all, fields(user = %user.user.id))]
pub(crate) async fn new_page(
    State(state): State<AppState>,
    user: PageUser,
    Query(q): Query<Rows>,
) -> Response {
    let form = HouseholdForm::default().with_rows(row_count(q.rows.or(Some(3)), 0));
    draw(
        &state,
        Draw {
            user: &user,
            form,
            edit_of: None,
            errors: Vec::new(),
            alert: None,
            status: StatusCode::OK,
        },
    )
}

#[tracing::instrument(skip_all, fields(household = %id, user = %user.user.id))]
pub(crate) async fn edit_page(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<String>,
    Query(q): Query<Rows>,
) -> AppResult<Response> {
    let id = parse_id(&id)?;
    let household = state
        .store
        .get_household(&user.access, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let form = HouseholdForm::from_household(&household, &state.pack);
    let filled = form.rows.len();
    let form = form.with_rows(row_count(q.rows, filled));
    Ok(draw(
        &state,
        Draw {
            user: &user,
            form,
            edit_of: Some((id.to_string(), household.version)),
            errors: Vec::new(),
            alert: None,
            status: StatusCode::OK,
        },
    ))
}

/// The "add a row" button re-draws the form with one more empty row and nothing saved.
fn wants_more_rows(pairs: &FormPairs) -> bool {
    pairs.get("add_row").is_some()
}

#[tracing::instrument(skip_all, fields(user = %user.user.id))]
pub(crate) async fn create(
    State(state): State<AppState>,
    user: PageUser,
    pairs: FormPairs,
) -> AppResult<Response> {
    let form = HouseholdForm::from_pairs(&pairs.0);
    if wants_more_rows(&pairs) {
        let rows = (form.rows.len() + 1).min(MAX_ROWS);
        return Ok(draw(
            &state,
            Draw {
                user: &user,
                form: form.with_rows(rows),
                edit_of: None,
                errors: Vec::new(),
                alert: None,
                status: StatusCode::OK,
            },
        ));
    }
    let (raw, rows, _) = form.to_raw();
    let now = tadamun_store::now();
    let result = match raw.parse(&state.pack, now.date()) {
        Ok(draft) => state
            .store
            .create_household(&user.access, &draft, now)
            .await
            .map_err(AppError::from),
        Err(e) => Err(AppError::Invalid(e)),
    };
    match result {
        Ok(id) => Ok(see_other(&format!("/households/{id}?done=saved"))),
        Err(AppError::Invalid(errors)) => {
            let errors = errors_by_input(&errors, &rows, &state.pack);
            let alert = Some(user.tr.count("form-errors-summary", errors.len() as i64));
            Ok(draw(
                &state,
                Draw {
                    user: &user,
                    form,
                    edit_of: None,
                    errors,
                    alert,
                    status: StatusCode::UNPROCESSABLE_ENTITY,
                },
            ))
        }
        Err(e) => Err(e),
    }
}

#[tracing::instrument(skip_all, fields(household = %id, user = %user.user.id))]
pub(crate) async fn update(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<String>,
    pairs: FormPairs,
) -> AppResult<Response> {
    let id = parse_id(&id)?;
    let version: i64 = pairs
        .value("version")
        .trim()
        .parse()
        .map_err(|_| AppError::BadRequest("the form has no household version".into()))?;
    let form = HouseholdForm::from_pairs(&pairs.0);
    let edit_of = Some((id.to_string(), version));
    if wants_more_rows(&pairs) {
        let rows = (form.rows.len() + 1).min(MAX_ROWS);
        return Ok(draw(
            &state,
            Draw {
                user: &user,
                form: form.with_rows(rows),
                edit_of,
                errors: Vec::new(),
                alert: None,
                status: StatusCode::OK,
            },
        ));
    }
    let (raw, rows, ids) = form.to_raw();
    let member_ids: Result<Vec<Option<PersonId>>, AppError> = ids
        .iter()
        .map(|m| {
            if m.trim().is_empty() {
                Ok(None)
            } else {
                PersonId::parse(m)
                    .map(Some)
                    .map_err(|_| AppError::BadRequest("bad member id".into()))
            }
        })
        .collect();
    let member_ids = member_ids?;
    let now = tadamun_store::now();
    let reason = pairs.value("change_reason");
    let result = match raw.parse(&state.pack, now.date()) {
        Ok(draft) => match state
            .store
            .update_household(&user.access, id, version, &draft, &member_ids, now)
            .await
        {
            // Moving, changing the head or correcting an ID number waits for a
            // supervisor; with a reason given it is filed as a request.
            Err(StoreError::NeedsApproval(_)) if !reason.trim().is_empty() => {
                let payload = ChangePayload::Edit {
                    version,
                    draft: Box::new(draft),
                    member_ids: member_ids.clone(),
                };
                state
                    .store
                    .request_change(&user.access, id, &payload, &reason, now)
                    .await?;
                return Ok(see_other(&format!("/households/{id}?done=requested")));
            }
            other => other.map_err(AppError::from),
        },
        Err(e) => Err(AppError::Invalid(e)),
    };
    let tr = user.tr;
    match result {
        Ok(()) => Ok(see_other(&format!("/households/{id}?done=saved"))),
        Err(AppError::NeedsApproval(_)) => {
            let alert = Some(tr.t("change-reason-needed"));
            Ok(draw(
                &state,
                Draw {
                    user: &user,
                    form,
                    edit_of,
                    errors: Vec::new(),
                    alert,
                    status: StatusCode::CONFLICT,
                },
            ))
        }
        Err(AppError::Conflict) => {
            let alert = Some(tr.t("error-conflict"));
            Ok(draw(
                &state,
                Draw {
                    user: &user,
                    form,
                    edit_of,
                    errors: Vec::new(),
                    alert,
                    status: StatusCode::CONFLICT,
                },
            ))
        }
        Err(AppError::Invalid(errors)) => {
            let errors = errors_by_input(&errors, &rows, &state.pack);
            let alert = Some(tr.count("form-errors-summary", errors.len() as i64));
            Ok(draw(
                &state,
                Draw {
                    user: &user,
                    form,
                    edit_of,
                    errors,
                    alert,
                    status: StatusCode::UNPROCESSABLE_ENTITY,
                },
            ))
        }
        Err(e) => Err(e),
    }
}
