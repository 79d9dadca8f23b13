//! The policy simulator over JSON: a list of changes to a programme's newest version
//! in, the comparison's summary out (figures of both, by governorate, who enters and
//! who leaves, targeting errors when there is ground truth). Nothing is written.

use axum::{
    Json,
    extract::{Path, State},
};
use serde::{Deserialize, Serialize};
use tadamun_services::simulator::{self, Change, Mover};
use tadamun_targeting::simulate::Summary;
use utoipa::ToSchema;
use uuid::Uuid;

use super::{ApiError, ApiJson};
use crate::{error::AppResult, routes::simulation_failure, session::ApiUser, state::AppState};

/// The most households listed as entering, and as leaving.
const MAX_SHOWN: usize = 100;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct SimulationRequest {
    /// Applied in order to a copy of the newest version. Each is one of
    /// `{"kind": "cut_off", "value": 6.4}`,
    /// `{"kind": "poverty_line_factor", "factor": 1.1}`,
    /// `{"kind": "budget", "per_cycle": 5000000}` (minor units),
    /// `{"kind": "coefficient", "variable": "car", "value": 0.3, "region": "gaza"}`
    /// (without `region`: every coefficient set),
    /// `{"kind": "add_rule", "group": "all", "id": "…", "label_ar": "…", "label_en": "…", "cel": "…"}`
    /// (`group` is `all` or `any`), `{"kind": "remove_rule", "id": "…"}`.
    #[schema(value_type = Vec<Object>)]
    #[serde(default)]
    changes: Vec<Change>,
    /// Visible households to list as entering and leaving (default 20, at most 100).
    #[serde(default)]
    show: Option<usize>,
}

#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct GovernorateFigures {
    governorate: String,
    households: u64,
    beneficiaries: u64,
    /// Per cycle, in minor units.
    cost: i64,
    coverage: f64,
}

#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct Figures {
    version: u32,
    households: u64,
    beneficiaries: u64,
    waiting: u64,
    not_decidable: u64,
    /// Per cycle, in minor units.
    cost: i64,
    budget: i64,
    over_budget: bool,
    /// Beneficiaries as a share of households.
    coverage: f64,
    /// Beneficiaries not truly poor, as a share of beneficiaries with ground truth.
    inclusion_error: Option<f64>,
    /// Truly poor households left out, as a share of the truly poor.
    exclusion_error: Option<f64>,
    by_governorate: Vec<GovernorateFigures>,
}

impl From<&Summary> for Figures {
    fn from(s: &Summary) -> Self {
        Self {
            version: s.version,
            households: s.households,
            beneficiaries: s.beneficiaries,
            waiting: s.waiting,
            not_decidable: s.not_decidable,
            cost: s.cost.0,
            budget: s.budget.0,
            over_budget: s.over_budget,
            coverage: s.coverage,
            inclusion_error: s.errors.as_ref().map(|e| e.inclusion_error),
            exclusion_error: s.errors.as_ref().map(|e| e.exclusion_error),
            by_governorate: s
                .by_governorate
                .iter()
                .map(|(g, f)| GovernorateFigures {
                    governorate: g.clone(),
                    households: f.households,
                    beneficiaries: f.beneficiaries,
                    cost: f.cost.0,
                    coverage: f.coverage,
                })
                .collect(),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct GroundTruthUsed {
    /// Households with a synthetic true consumption.
    households: u64,
    /// Truly poor: true consumption per adult equivalent under this, in major units a
    /// month (the exponential of the current cut-off).
    poverty_line_per_ae: f64,
}

#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct MoverView {
    #[schema(value_type = String, format = Uuid)]
    id: Uuid,
    governorate: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct SimulationResult {
    programme_key: String,
    /// The newest stored version, compared against.
    baseline_version: u32,
    #[schema(value_type = String, format = Date)]
    as_of: time::Date,
    baseline: Figures,
    /// Numbered as the version the change would be saved as.
    changed: Figures,
    /// How many households become beneficiaries, and how many stop being ones.
    entered: u64,
    left: u64,
    /// The first of them the caller may see.
    entered_households: Vec<MoverView>,
    left_households: Vec<MoverView>,
    /// Absent when no household has ground truth (real data): no errors are measured.
    ground_truth: Option<GroundTruthUsed>,
}

fn movers(m: &[Mover]) -> Vec<MoverView> {
    m.iter()
        .map(|m| MoverView {
            id: m.id.0,
            governorate: m.governorate.clone(),
        })
        .collect()
}

/// Compares the programme's newest version with the changes applied, over every
/// household it covers. Nothing is written.
#[utoipa::path(
    post, path = "/api/v1/programmes/{key}/simulations", tag = "programmes", security(("bearer" = [])),
    params(("key" = String, Path, description = "Programme key")),
    request_body = SimulationRequest,
    responses(
        (status = 200, body = SimulationResult),
        (status = 401, body = ApiError), (status = 403, body = ApiError), (status = 404, body = ApiError),
        (status = 422, description = "A change cannot be made; `fields` names it as `changes[i].field` (a rule at its line and column)", body = ApiError),
    )
)]
pub(crate) async fn simulate(
    State(state): State<AppState>,
    user: ApiUser,
    Path(key): Path<String>,
    ApiJson(body): ApiJson<SimulationRequest>,
) -> AppResult<Json<SimulationResult>> {
    let sim = simulator::simulate_programme(
        &state.store,
        &user.access,
        &state.pack,
        &key,
        &body.changes,
        tadamun_store::now().date(),
        body.show.unwrap_or(20).min(MAX_SHOWN),
    )
    .await
    .map_err(simulation_failure)?;
    Ok(Json(SimulationResult {
        programme_key: sim.baseline.definition.key.clone(),
        baseline_version: sim.baseline.definition.version,
        as_of: sim.as_of,
        baseline: (&sim.comparison.baseline).into(),
        changed: (&sim.comparison.changed).into(),
        entered: sim.comparison.entered.len() as u64,
        left: sim.comparison.left.len() as u64,
        entered_households: movers(&sim.entered),
        left_households: movers(&sim.left),
        ground_truth: sim.ground_truth.map(|t| GroundTruthUsed {
            households: t.households,
            poverty_line_per_ae: t.poverty_line_per_ae,
        }),
    }))
}
