//! Adopting priority weights: a planner of the group posts the previewed weights with
//! one of the group's decisions and the year; the store recomputes the ranking and
//! stores it with the decision. A refusal (weights, decision of another group, year)
//! comes back on the priorities page with the field named.

use axum::{
    extract::{Path, State},
    http::Method,
    response::Response,
    routing::post,
};
use tadamun_domain::{
    FieldError, FieldErrors, ids::DecisionId, indicator::Weights,
    indicator::ranking::offered_components, planning::parse_year,
};
use tadamun_store::StoreError;

use super::{
    FormPairs,
    planning::group_id,
    planning_priorities::{Asked, render_page},
    see_other,
};
use crate::{
    authz::{Routes, Rule},
    error::{AppError, AppResult},
    session::PageUser,
    state::AppState,
};

pub(crate) fn routes() -> Routes {
    // The store decides who may adopt (planners of the group's governorate).
    Routes::new("").add(
        Method::POST,
        "/planning/{id}/priorities/adopt",
        Rule::SignedIn,
        post(adopt),
    )
}

async fn adopt(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<String>,
    form: FormPairs,
) -> AppResult<Response> {
    let group = group_id(&id)?;
    state
        .store
        .get_planning_group(&user.access, group)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut asked = Asked::from_pairs(form.0.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    asked.group = group.to_string();
    let decision_raw = form.value("decision");
    let mut errors = FieldErrors::default();
    let offered = offered_components(tadamun_domain::indicator::IndicatorCatalogue::builtin());
    let weights = match Weights::parse(&asked.weights, &offered) {
        Ok(w) => Some(w),
        Err(e) => {
            errors.0.extend(e.0);
            None
        }
    };
    let decision = match decision_raw.trim() {
        "" => {
            errors.push(FieldError::required("decision"));
            None
        }
        raw => errors.take(DecisionId::parse(raw).map_err(|e| FieldError {
            field: "decision".into(),
            ..e
        })),
    };
    let year = errors.take(parse_year(&asked.year));
    let (Some(weights), Some(decision), Some(year)) = (weights, decision, year) else {
        // Show the page for the year asked only when it reads as one.
        if errors.for_field("year").is_some() {
            asked.year = String::new();
        }
        return render_page(&state, &user, asked, &errors, &decision_raw).await;
    };
    let now = tadamun_store::now();
    match state
        .store
        .adopt_priority_weights(&user.access, group, year, decision, &weights, now)
        .await
    {
        Ok(_) => Ok(see_other(&format!(
            "/planning/priorities?group={group}&year={year}&saved=adopted"
        ))),
        Err(StoreError::Invalid(errors)) => {
            render_page(&state, &user, asked, &errors, &decision_raw).await
        }
        Err(e) => Err(e.into()),
    }
}
