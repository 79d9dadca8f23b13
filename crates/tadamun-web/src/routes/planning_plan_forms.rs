//! The annual plan's forms: an objective (a priority of the adopted ranking and its
//! text), an activity (objective, responsible party, budget, status, progress, dates)
//! and an activity's status and progress, edited under its version. A refused form
//! comes back with every field named (422; a stale version 409); the store checks who
//! may write.

use askama::Template;
use axum::{
    extract::{Path, Query, State},
    http::{Method, StatusCode},
    response::Response,
    routing::get,
};
use tadamun_domain::{
    FieldError, FieldErrors,
    ids::{ActivityId, PlanningGroupId},
    money::Currency,
    planning::{ActivityStatus, RawActivity, RawActivityProgress, RawObjective, parse_year},
};
use tadamun_store::StoreError;

use super::{
    FormPairs, partners::enum_options, partners::service_label, planning::group_id,
    planning_forms::organisation_options, planning_plan::YearQuery, planning_plan::year_of,
    see_other,
};
use crate::{
    authz::{Routes, Rule},
    error::{AppError, AppResult},
    i18n::Tr,
    session::PageUser,
    state::AppState,
    views::{Chrome, FormField, render},
};

pub(crate) fn routes() -> Routes {
    // The store decides: planners of the governorate and the group's secretary.
    let signed_in = Rule::SignedIn;
    Routes::new("")
        .add(
            Method::GET,
            "/planning/{id}/plan/objectives/new",
            signed_in,
            get(objective_page),
        )
        .add(
            Method::POST,
            "/planning/{id}/plan/objectives/new",
            signed_in,
            axum::routing::post(add_objective),
        )
        .add(
            Method::GET,
            "/planning/{id}/plan/activities/new",
            signed_in,
            get(activity_page),
        )
        .add(
            Method::POST,
            "/planning/{id}/plan/activities/new",
            signed_in,
            axum::routing::post(add_activity),
        )
        .add(
            Method::GET,
            "/planning/activities/{activity}/edit",
            signed_in,
            get(edit_page),
        )
        .add(
            Method::POST,
            "/planning/activities/{activity}/edit",
            signed_in,
            axum::routing::post(update_activity),
        )
}

#[derive(Template)]
#[template(path = "planning_plan_form.html")]
struct FormPage {
    page: Chrome,
    lead: String,
    action: String,
    back: String,
    fields: Vec<FormField>,
    summary: Vec<String>,
    submit: String,
}

fn label(tr: Tr, name: &str) -> String {
    tr.label("plan-field", name)
}

fn field(tr: Tr, name: &str, kind: &'static str, value: &str) -> FormField {
    FormField::new(name, label(tr, name), kind, value)
}

fn select(tr: Tr, name: &str, value: &str, options: Vec<(String, String)>) -> FormField {
    FormField::select(name, label(tr, name), value, options, &tr)
}

struct Form<'a> {
    user: &'a PageUser,
    title: &'static str,
    lead: String,
    action: String,
    back: String,
    submit: &'static str,
}

impl Form<'_> {
    fn show(
        &self,
        mut fields: Vec<FormField>,
        errors: &FieldErrors,
        status: StatusCode,
    ) -> Response {
        let tr = self.user.tr;
        for f in &mut fields {
            f.error = errors.for_field(&f.name).map(|e| tr.field_error(e));
        }
        let mut r = render(&FormPage {
            page: Chrome::for_user(self.user, self.title, "planning", self.action.clone()),
            lead: self.lead.clone(),
            action: self.action.clone(),
            back: self.back.clone(),
            fields,
            summary: errors
                .0
                .iter()
                .map(|e| format!("{}: {}", label(tr, &e.field), tr.field_error(e)))
                .collect(),
            submit: tr.t(self.submit),
        });
        if !errors.is_empty() {
            *r.status_mut() = status;
        }
        r
    }
}

/// The group must be one the caller sees before any form is read: otherwise 404.
async fn group_name(state: &AppState, user: &PageUser, id: PlanningGroupId) -> AppResult<String> {
    let g = state
        .store
        .get_planning_group(&user.access, id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(g.name(user.tr.is_arabic()).to_owned())
}

fn plan_href(id: PlanningGroupId, year: i32) -> String {
    format!("/planning/{id}/plan?year={year}")
}

// ---- objectives ----

async fn objective_fields(
    state: &AppState,
    user: &PageUser,
    id: PlanningGroupId,
    year: i32,
    raw: &RawObjective,
) -> AppResult<Vec<FormField>> {
    let tr = user.tr;
    let adoption = state
        .store
        .adoption_in_force(&user.access, id, year)
        .await?;
    let options = adoption
        .map(|a| {
            a.ranking
                .iter()
                .map(|r| {
                    (
                        r.key.clone(),
                        tr.t_args(
                            "plan-priority-ranked",
                            &[
                                ("rank", tr.num(r.rank as i64)),
                                ("service", service_label(tr, &r.key)),
                            ],
                        ),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    Ok(vec![
        field(tr, "year", "hidden", &year.to_string()),
        select(tr, "priority", &raw.priority, options).required(),
        field(tr, "text", "textarea", &raw.text).required(),
    ])
}

fn objective_form(user: &PageUser, id: PlanningGroupId, year: i32, name: String) -> Form<'_> {
    Form {
        user,
        title: "plan-add-objective",
        lead: name,
        action: format!("/planning/{id}/plan/objectives/new"),
        back: plan_href(id, year),
        submit: "planning-add",
    }
}

async fn objective_page(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<String>,
    Query(q): Query<YearQuery>,
) -> AppResult<Response> {
    let id = group_id(&id)?;
    let name = group_name(&state, &user, id).await?;
    let year = year_of(&q.year)?;
    let fields = objective_fields(&state, &user, id, year, &RawObjective::default()).await?;
    Ok(objective_form(&user, id, year, name).show(fields, &FieldErrors::default(), StatusCode::OK))
}

async fn add_objective(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<String>,
    form: FormPairs,
) -> AppResult<Response> {
    let id = group_id(&id)?;
    let name = group_name(&state, &user, id).await?;
    let year = parse_year(&form.value("year")).map_err(|e| AppError::Invalid(e.into()))?;
    let raw = RawObjective {
        priority: form.value("priority"),
        text: form.value("text"),
    };
    let now = tadamun_store::now();
    match state
        .store
        .add_plan_objective(&user.access, id, year, &raw, now.date(), now)
        .await
    {
        Ok(_) => Ok(see_other(&format!(
            "{}&saved=objective",
            plan_href(id, year)
        ))),
        Err(StoreError::Invalid(errors)) => {
            let fields = objective_fields(&state, &user, id, year, &raw).await?;
            Ok(objective_form(&user, id, year, name).show(
                fields,
                &errors,
                StatusCode::UNPROCESSABLE_ENTITY,
            ))
        }
        Err(e) => Err(e.into()),
    }
}

// ---- activities ----

fn status_options(tr: Tr) -> Vec<(String, String)> {
    enum_options(tr, "plan-status", ActivityStatus::ALL, |s| s.as_str())
}

async fn activity_fields(
    state: &AppState,
    user: &PageUser,
    id: PlanningGroupId,
    year: i32,
    raw: &RawActivity,
) -> AppResult<Vec<FormField>> {
    let tr = user.tr;
    let plan = state
        .store
        .annual_plan(&user.access, id, year, tadamun_store::now().date())
        .await?;
    let objectives = plan
        .objectives
        .iter()
        .map(|o| (o.id.to_string(), o.draft.text.clone()))
        .collect();
    Ok(vec![
        field(tr, "year", "hidden", &year.to_string()),
        select(tr, "objective", &raw.objective, objectives).required(),
        field(tr, "text", "text", &raw.text).required(),
        select(
            tr,
            "organisation",
            &raw.organisation,
            organisation_options(state, user).await?,
        ),
        FormField::checkbox(
            "directorate",
            label(tr, "directorate"),
            !raw.directorate.trim().is_empty(),
        ),
        field(tr, "budget", "text", &raw.budget).ltr().required(),
        select(tr, "status", &raw.status, status_options(tr)).required(),
        field(tr, "progress", "number", &raw.progress)
            .ltr()
            .required(),
        field(tr, "starts_on", "date", &raw.starts_on)
            .ltr()
            .required(),
        field(tr, "ends_on", "date", &raw.ends_on).ltr().required(),
    ])
}

fn activity_form(user: &PageUser, id: PlanningGroupId, year: i32, name: String) -> Form<'_> {
    Form {
        user,
        title: "plan-add-activity",
        lead: name,
        action: format!("/planning/{id}/plan/activities/new"),
        back: plan_href(id, year),
        submit: "planning-add",
    }
}

async fn activity_page(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<String>,
    Query(q): Query<YearQuery>,
) -> AppResult<Response> {
    let id = group_id(&id)?;
    let name = group_name(&state, &user, id).await?;
    let year = year_of(&q.year)?;
    let raw = RawActivity {
        status: "planned".into(),
        progress: "0".into(),
        ..Default::default()
    };
    let fields = activity_fields(&state, &user, id, year, &raw).await?;
    Ok(activity_form(&user, id, year, name).show(fields, &FieldErrors::default(), StatusCode::OK))
}

async fn add_activity(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<String>,
    form: FormPairs,
) -> AppResult<Response> {
    let id = group_id(&id)?;
    let name = group_name(&state, &user, id).await?;
    let year = parse_year(&form.value("year")).map_err(|e| AppError::Invalid(e.into()))?;
    let raw = RawActivity {
        objective: form.value("objective"),
        text: form.value("text"),
        organisation: form.value("organisation"),
        directorate: form.value("directorate"),
        budget: form.value("budget"),
        status: form.value("status"),
        progress: form.value("progress"),
        starts_on: form.value("starts_on"),
        ends_on: form.value("ends_on"),
    };
    let now = tadamun_store::now();
    let result = match raw.parse(Currency::of(state.pack.country), year) {
        Ok(draft) => {
            state
                .store
                .add_plan_activity(&user.access, id, year, &draft, now.date(), now)
                .await
        }
        Err(errors) => Err(StoreError::Invalid(errors)),
    };
    match result {
        Ok(_) => Ok(see_other(&format!(
            "{}&saved=activity",
            plan_href(id, year)
        ))),
        Err(StoreError::Invalid(errors)) => {
            let fields = activity_fields(&state, &user, id, year, &raw).await?;
            Ok(activity_form(&user, id, year, name).show(
                fields,
                &errors,
                StatusCode::UNPROCESSABLE_ENTITY,
            ))
        }
        Err(e) => Err(e.into()),
    }
}

// ---- an activity's status and progress ----

fn activity_id(raw: &str) -> AppResult<ActivityId> {
    ActivityId::parse(raw).map_err(|e| AppError::Invalid(e.into()))
}

fn progress_fields(tr: Tr, raw: &RawActivityProgress, version: i64) -> Vec<FormField> {
    vec![
        field(tr, "version", "hidden", &version.to_string()),
        select(tr, "status", &raw.status, status_options(tr)).required(),
        field(tr, "progress", "number", &raw.progress)
            .ltr()
            .required(),
    ]
}

fn edit_form(user: &PageUser, activity: ActivityId, lead: String, back: String) -> Form<'_> {
    Form {
        user,
        title: "plan-update-activity",
        lead,
        action: format!("/planning/activities/{activity}/edit"),
        back,
        submit: "plan-save",
    }
}

async fn edit_page(
    State(state): State<AppState>,
    user: PageUser,
    Path(activity): Path<String>,
) -> AppResult<Response> {
    let activity = activity_id(&activity)?;
    let today = tadamun_store::now().date();
    let a = state
        .store
        .plan_activity(&user.access, activity, today)
        .await?;
    let year = plan_year(&state, &user, &a).await?;
    let raw = RawActivityProgress {
        status: a.status.as_str().to_owned(),
        progress: a.progress.to_string(),
    };
    Ok(
        edit_form(&user, activity, a.text.clone(), plan_href(a.group, year)).show(
            progress_fields(user.tr, &raw, a.version),
            &FieldErrors::default(),
            StatusCode::OK,
        ),
    )
}

/// The plan year of an activity's objective.
async fn plan_year(
    state: &AppState,
    user: &PageUser,
    a: &tadamun_store::planning::plan::ActivityView,
) -> AppResult<i32> {
    state
        .store
        .objective_year(&user.access, a.objective)
        .await
        .map_err(Into::into)
}

async fn update_activity(
    State(state): State<AppState>,
    user: PageUser,
    Path(activity): Path<String>,
    form: FormPairs,
) -> AppResult<Response> {
    let activity = activity_id(&activity)?;
    let now = tadamun_store::now();
    let a = state
        .store
        .plan_activity(&user.access, activity, now.date())
        .await?;
    let year = plan_year(&state, &user, &a).await?;
    let back = plan_href(a.group, year);
    let raw = RawActivityProgress {
        status: form.value("status"),
        progress: form.value("progress"),
    };
    let version_raw = form.value("version");
    let show = |errors: FieldErrors, status: StatusCode, version: i64| {
        edit_form(&user, activity, a.text.clone(), back.clone()).show(
            progress_fields(user.tr, &raw, version),
            &errors,
            status,
        )
    };
    let Ok(version) = version_raw.trim().parse::<i64>() else {
        return Ok(show(
            FieldError::new("version", "invalid-version", "the form lost its version").into(),
            StatusCode::UNPROCESSABLE_ENTITY,
            a.version,
        ));
    };
    let progress = match raw.parse() {
        Ok(p) => p,
        Err(errors) => return Ok(show(errors, StatusCode::UNPROCESSABLE_ENTITY, version)),
    };
    match state
        .store
        .update_activity_progress(&user.access, activity, version, &progress, now.date(), now)
        .await
    {
        Ok(()) => Ok(see_other(&format!("{back}&saved=progress"))),
        Err(StoreError::Conflict) => Ok(show(
            FieldError::new(
                "version",
                "activity-changed",
                "someone changed the activity since you opened it; reload it",
            )
            .into(),
            StatusCode::CONFLICT,
            version,
        )),
        Err(StoreError::Invalid(errors)) => {
            Ok(show(errors, StatusCode::UNPROCESSABLE_ENTITY, version))
        }
        Err(e) => Err(e.into()),
    }
}
