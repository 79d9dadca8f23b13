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
use tadamun_domain::{
    FieldError,
    change::ChangePayload,
    duplicate::DuplicateSource,
    ids::{HouseholdId, PersonId},
};
use tadamun_services::duplicates::{MemberDuplicates, check_household, queue_found};
use tadamun_store::StoreError;

use super::{
    FormPairs,
    households::{governorate_name, parse_id},
    see_other,
};
use crate::{
    error::{AppError, AppResult},
    forms::{Fieldset, HouseholdForm, errors_by_input, fieldsets, summary},
    i18n::Tr,
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
    duplicates: Vec<MemberDuplicatesView>,
}

/// Possible registry records for one member of the household being registered.
struct MemberDuplicatesView {
    member: String,
    found: Vec<FoundView>,
}

struct FoundView {
    band: String,
    /// `None` outside the clerk's area: only the governorate is named.
    seen: Option<SeenView>,
    hidden: String,
}

struct SeenView {
    name: String,
    href: String,
    birth: String,
    id_number: String,
    reason: String,
}

fn duplicates_view(
    state: &AppState,
    tr: Tr,
    found: &[MemberDuplicates],
) -> Vec<MemberDuplicatesView> {
    found
        .iter()
        .map(|m| MemberDuplicatesView {
            member: tr.t_args(
                "form-duplicates-member",
                &[("n", tr.num(m.member as i64 + 1))],
            ),
            found: m
                .found
                .iter()
                .map(|f| FoundView {
                    band: tr.label("duplicate-band", f.band.as_str()),
                    seen: f.seen.as_ref().map(|s| SeenView {
                        name: s.full_name.clone(),
                        href: format!("/households/{}", f.household_id),
                        birth: tr.date(s.birth_date),
                        id_number: s
                            .national_id
                            .as_deref()
                            .map(|n| tr.digits(n))
                            .unwrap_or_default(),
                        reason: super::duplicates::word_reasons(tr, &s.reasons),
                    }),
                    hidden: tr.t_args(
                        "form-duplicates-hidden",
                        &[("governorate", governorate_name(state, tr, &f.governorate))],
                    ),
                })
                .collect(),
        })
        .collect()
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
    duplicates: Vec<MemberDuplicatesView>,
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
        duplicates: d.duplicates,
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
            duplicates: Vec::new(),
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
            duplicates: Vec::new(),
        },
    ))
}

/// Checks a stored household's members (all, or those marked in `only`) and queues
/// what is found. After "different people, register anyway" the pairs still go to the
/// review queue: a clerk outside the other record's area could not compare them.
async fn queue_checked(
    state: &AppState,
    user: &PageUser,
    draft: &tadamun_domain::household::HouseholdDraft,
    id: HouseholdId,
    only: Option<&[bool]>,
) -> AppResult<()> {
    let mut found = check_household(&state.store, &user.access, draft, Some(id)).await?;
    if let Some(only) = only {
        found.retain(|m| only.get(m.member).copied().unwrap_or(false));
    }
    if found.is_empty() {
        return Ok(());
    }
    let stored = state
        .store
        .get_household(&user.access, id)
        .await?
        .ok_or(AppError::NotFound)?;
    queue_found(
        &state.store,
        &user.access,
        &stored,
        &found,
        DuplicateSource::Registration,
        tadamun_store::now(),
    )
    .await?;
    Ok(())
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
                duplicates: Vec::new(),
            },
        ));
    }
    let (raw, rows, _) = form.to_raw();
    let now = tadamun_store::now();
    let confirmed = pairs.get("confirm_distinct") == Some("1");
    let result = match raw.parse(&state.pack, now.date()) {
        Ok(draft) => {
            if !confirmed {
                let found = check_household(&state.store, &user.access, &draft, None).await?;
                if !found.is_empty() {
                    // Nothing is saved until the clerk has looked at the candidates.
                    return Ok(draw(
                        &state,
                        Draw {
                            user: &user,
                            form,
                            edit_of: None,
                            errors: Vec::new(),
                            alert: None,
                            status: StatusCode::CONFLICT,
                            duplicates: duplicates_view(&state, user.tr, &found),
                        },
                    ));
                }
            }
            match state
                .store
                .create_household(&user.access, &draft, now)
                .await
            {
                Ok(id) if confirmed => {
                    queue_checked(&state, &user, &draft, id, None).await?;
                    Ok(id)
                }
                other => other.map_err(AppError::from),
            }
        }
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
                    duplicates: Vec::new(),
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
                duplicates: Vec::new(),
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
            // A member added by the edit is registered too: check it, and queue what
            // the check finds for review (the edit itself is not held up).
            Ok(()) if member_ids.iter().any(Option::is_none) => {
                let new: Vec<bool> = member_ids.iter().map(Option::is_none).collect();
                queue_checked(&state, &user, &draft, id, Some(&new)).await?;
                Ok(())
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
                    duplicates: Vec::new(),
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
                    duplicates: Vec::new(),
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
                    duplicates: Vec::new(),
                },
            ))
        }
        Err(e) => Err(e),
    }
}
