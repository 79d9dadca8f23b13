//! Programmes and decisions over JSON: list the programmes, run one over the registry,
//! and read a household's decisions with their explanations in Arabic and English.

use axum::{
    Json,
    extract::{Path, State},
};
use serde::Serialize;
use tadamun_domain::money::Currency;
use tadamun_store::programmes::StoredDecision;
use tadamun_targeting::{decision::Outcome, explain::Explanation, programme::VersionState};
use utoipa::ToSchema;
use uuid::Uuid;

use super::ApiError;
use crate::{
    error::{AppError, AppResult},
    session::ApiUser,
    state::AppState,
};

#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct ProgrammeSummary {
    key: String,
    version: u32,
    name_ar: String,
    name_en: String,
    /// The real formula is not public: an example to show how the system works.
    illustrative: bool,
    /// `draft`, or `frozen` once the version has produced decisions.
    state: String,
}

/// Every programme version, newest first within each programme.
#[utoipa::path(
    get, path = "/api/v1/programmes", tag = "programmes", security(("bearer" = [])),
    responses((status = 200, body = Vec<ProgrammeSummary>), (status = 401, body = ApiError), (status = 403, body = ApiError))
)]
pub(crate) async fn list(
    State(state): State<AppState>,
    user: ApiUser,
) -> AppResult<Json<Vec<ProgrammeSummary>>> {
    let all = state.store.programme_versions(&user.access).await?;
    Ok(Json(
        all.into_iter()
            .map(|p| ProgrammeSummary {
                key: p.definition.key,
                version: p.definition.version,
                name_ar: p.definition.name_ar,
                name_en: p.definition.name_en,
                illustrative: p.definition.illustrative,
                state: match p.state {
                    VersionState::Draft => "draft",
                    VersionState::Frozen => "frozen",
                }
                .to_owned(),
            })
            .collect(),
    ))
}

#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct RunSummary {
    #[schema(value_type = String, format = Uuid)]
    run_id: Uuid,
    programme_key: String,
    programme_version: u32,
    households: i64,
    eligible: i64,
    waiting_list: i64,
    not_eligible: i64,
    not_decidable: i64,
    /// Funded households' entitlements per cycle, in minor units.
    total_entitlement: i64,
}

/// Scores every covered household with the programme's newest version.
#[utoipa::path(
    post, path = "/api/v1/programmes/{key}/runs", tag = "programmes", security(("bearer" = [])),
    params(("key" = String, Path, description = "Programme key")),
    responses(
        (status = 200, body = RunSummary),
        (status = 401, body = ApiError), (status = 403, body = ApiError), (status = 404, body = ApiError),
        (status = 422, description = "The programme does not check", body = ApiError),
    )
)]
pub(crate) async fn run(
    State(state): State<AppState>,
    user: ApiUser,
    Path(key): Path<String>,
) -> AppResult<Json<RunSummary>> {
    let r = tadamun_services::programmes::run_programme(
        &state.store,
        &user.access,
        &state.pack,
        &key,
        tadamun_store::now().date(),
    )
    .await
    .map_err(AppError::from_programme)?;
    Ok(Json(RunSummary {
        run_id: r.run_id,
        programme_key: r.programme_key,
        programme_version: r.programme_version,
        households: r.totals.households,
        eligible: r.totals.eligible,
        waiting_list: r.totals.waiting_list,
        not_eligible: r.totals.not_eligible,
        not_decidable: r.totals.not_decidable,
        total_entitlement: r.totals.total_entitlement,
    }))
}

#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct DecisionView {
    #[schema(value_type = String, format = Uuid)]
    id: Uuid,
    programme_key: String,
    programme_version: u32,
    illustrative: bool,
    #[schema(value_type = String, format = Date)]
    as_of: time::Date,
    /// `eligible`, `not_eligible`, `waiting_list` or `not_decidable`.
    outcome: String,
    rank: Option<u32>,
    predicted: Option<f64>,
    /// Per cycle, in minor units.
    entitlement: Option<i64>,
    explanation_ar: String,
    explanation_en: String,
    /// The record: inputs, rules, score components, cut-off, structured explanation.
    #[schema(value_type = Object)]
    detail: serde_json::Value,
}

fn view(currency: Currency, d: StoredDecision) -> DecisionView {
    let e: &Explanation = &d.detail.explanation;
    DecisionView {
        id: d.id,
        explanation_ar: e.arabic(currency),
        explanation_en: e.english(currency),
        programme_key: d.programme_key,
        programme_version: d.programme_version,
        illustrative: d.illustrative,
        as_of: d.as_of,
        outcome: Outcome::as_str(d.outcome).to_owned(),
        rank: d.rank,
        predicted: d.predicted,
        entitlement: d.entitlement.map(|m| m.0),
        detail: serde_json::to_value(&d.detail).unwrap_or_default(),
    }
}

/// Every decision ever made about a household, newest first.
#[utoipa::path(
    get, path = "/api/v1/households/{id}/decisions", tag = "programmes", security(("bearer" = [])),
    params(("id" = String, Path, description = "Household id")),
    responses((status = 200, body = Vec<DecisionView>), (status = 401, body = ApiError), (status = 404, body = ApiError))
)]
pub(crate) async fn household(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<String>,
) -> AppResult<Json<Vec<DecisionView>>> {
    let id = tadamun_domain::ids::HouseholdId::parse(&id).map_err(|_| AppError::NotFound)?;
    let currency = Currency::of(state.pack.country);
    let all = state.store.household_decisions(&user.access, id).await?;
    Ok(Json(all.into_iter().map(|d| view(currency, d)).collect()))
}
