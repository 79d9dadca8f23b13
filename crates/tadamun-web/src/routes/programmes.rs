//! Programme pages: the programmes with their versions and runs, running one over the
//! registry, and a run's results by outcome in rank order (beneficiaries, waiting
//! list, not eligible, not decidable).

use askama::Template;
use axum::{
    extract::{Path, Query, State},
    http::Method,
    response::Response,
    routing::{get, post},
};
use serde::Deserialize;
use tadamun_domain::access::Permission;
use tadamun_store::programmes::{DecisionRun, RankCursor, StoredProgramme};
use tadamun_targeting::{
    decision::Outcome,
    programme::{Cycle, SelectionMode, VersionState},
};
use uuid::Uuid;

use super::{
    decisions::{amount, currency, explain, outcome_label},
    query_string, see_other,
};
use crate::{
    authz::{Routes, Rule},
    error::{AppError, AppResult},
    i18n::Tr,
    session::PageUser,
    state::AppState,
    views::{Chrome, render},
};

const PAGE_SIZE: i64 = 50;

pub(crate) fn routes() -> Routes {
    use Permission as P;
    Routes::new("")
        .add(
            Method::GET,
            "/programmes",
            Rule::Needs(P::ProgrammeRead),
            get(list),
        )
        .add(
            Method::POST,
            "/programmes/{key}/run",
            Rule::Needs(P::ProgrammeManage),
            post(run),
        )
        .add(
            Method::GET,
            "/programmes/runs/{id}",
            Rule::Needs(P::ProgrammeRead),
            get(run_page),
        )
}

/// A run as the pages list it.
pub(crate) struct RunLine {
    pub href: String,
    pub when: String,
    pub as_of: String,
    pub households: String,
    pub eligible: String,
    pub waiting_list: String,
    pub not_eligible: String,
    pub not_decidable: String,
    pub cost: String,
    pub enrolled: bool,
}

fn run_line(tr: Tr, state: &AppState, r: &DecisionRun) -> RunLine {
    RunLine {
        href: format!("/programmes/runs/{}", r.id),
        when: tr.datetime(r.created_at),
        as_of: tr.date(r.as_of),
        households: tr.num(r.households),
        eligible: tr.num(r.eligible),
        waiting_list: tr.num(r.waiting_list),
        not_eligible: tr.num(r.not_eligible),
        not_decidable: tr.num(r.not_decidable),
        cost: amount(
            tr,
            currency(state),
            tadamun_domain::money::Money(r.total_entitlement),
        ),
        enrolled: r.enrolled_at.is_some(),
    }
}

/// A programme version as the list shows it.
pub(crate) struct ProgrammeCard {
    pub key: String,
    pub name: String,
    pub version: String,
    pub frozen: bool,
    pub illustrative: bool,
    pub selection: String,
    pub cycle: String,
    pub budget: String,
    pub coverage: String,
    pub older_versions: Vec<String>,
    pub runs: Vec<RunLine>,
}

#[derive(Template)]
#[template(path = "programmes.html")]
struct ListPage {
    page: Chrome,
    programmes: Vec<ProgrammeCard>,
    can_run: bool,
}

fn card(
    tr: Tr,
    state: &AppState,
    p: &StoredProgramme,
    older: Vec<String>,
    runs: Vec<RunLine>,
) -> ProgrammeCard {
    let d = &p.definition;
    ProgrammeCard {
        key: d.key.clone(),
        name: tr.pick(&d.name_ar, &d.name_en).to_owned(),
        version: tr.num(i64::from(d.version)),
        frozen: p.state == VersionState::Frozen,
        illustrative: d.illustrative,
        selection: tr.t(match d.selection {
            SelectionMode::Threshold => "programme-selection-threshold",
            SelectionMode::BudgetRanked => "programme-selection-budget-ranked",
        }),
        cycle: tr.t(match d.cycle {
            Cycle::Monthly => "programme-cycle-monthly",
            Cycle::Quarterly => "programme-cycle-quarterly",
        }),
        budget: amount(tr, currency(state), d.budget_per_cycle),
        coverage: if d.coverage.is_empty() {
            tr.t("programme-coverage-national")
        } else {
            d.coverage
                .iter()
                .map(|g| super::households::governorate_name(state, tr, g))
                .collect::<Vec<_>>()
                .join(if tr.is_arabic() { "، " } else { ", " })
        },
        older_versions: older,
        runs,
    }
}

async fn list(State(state): State<AppState>, user: PageUser) -> AppResult<Response> {
    let tr = user.tr;
    let versions = state.store.programme_versions(&user.access).await?;
    let mut programmes = Vec::new();
    // Versions come by key, newest first: the first of each key is the current one.
    let mut i = 0;
    while i < versions.len() {
        let key = &versions[i].definition.key;
        let same: Vec<&StoredProgramme> = versions[i..]
            .iter()
            .take_while(|v| &v.definition.key == key)
            .collect();
        let runs = state
            .store
            .decision_runs(&user.access, key)
            .await?
            .iter()
            .map(|r| run_line(tr, &state, r))
            .collect();
        let older = same[1..]
            .iter()
            .map(|v| tr.num(i64::from(v.definition.version)))
            .collect();
        programmes.push(card(tr, &state, same[0], older, runs));
        i += same.len();
    }
    Ok(render(&ListPage {
        page: Chrome::for_user(&user, "programmes-title", "programmes", "/programmes"),
        programmes,
        can_run: user.access.can(Permission::ProgrammeManage),
    }))
}

/// Runs the newest version over the registry, then shows the run.
async fn run(
    State(state): State<AppState>,
    user: PageUser,
    Path(key): Path<String>,
) -> AppResult<Response> {
    let today = tadamun_store::now().date();
    let report = tadamun_services::programmes::run_programme(
        &state.store,
        &user.access,
        &state.pack,
        &key,
        today,
    )
    .await
    .map_err(AppError::from_programme)?;
    Ok(see_other(&format!("/programmes/runs/{}", report.run_id)))
}

/// One decision in a run's list.
pub(crate) struct RunRow {
    pub href: String,
    pub rank: String,
    pub predicted: String,
    pub entitlement: String,
    pub explanation: String,
}

#[derive(Template)]
#[template(path = "programme_run.html")]
struct RunPage {
    page: Chrome,
    id: Uuid,
    key: String,
    can_enrol: bool,
    programme: String,
    illustrative: bool,
    run: RunLine,
    tabs: Vec<(String, String, bool)>,
    rows: Vec<RunRow>,
    next_href: Option<String>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct RunQuery {
    outcome: Option<String>,
    after: Option<String>,
}

fn decode_cursor(s: &str) -> Option<RankCursor> {
    let (rank, id) = s.split_once('.')?;
    Some(RankCursor {
        rank: rank.parse().ok()?,
        id: Uuid::parse_str(id).ok()?,
    })
}

async fn run_page(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<String>,
    Query(q): Query<RunQuery>,
) -> AppResult<Response> {
    let id = Uuid::parse_str(&id).map_err(|_| AppError::NotFound)?;
    let tr = user.tr;
    let outcome = match q.outcome.as_deref() {
        None | Some("") => Outcome::Eligible,
        Some(s) => Outcome::parse(s).ok_or_else(|| {
            AppError::invalid(
                "outcome",
                "unknown-choice",
                "eligible, waiting_list, not_eligible or not_decidable",
            )
        })?,
    };
    let run = state.store.decision_run(&user.access, id).await?;
    let after = q.after.as_deref().and_then(decode_cursor);
    let decisions = state
        .store
        .run_decisions_page(&user.access, id, outcome, after, PAGE_SIZE)
        .await?;
    let (programme, illustrative, key) = decisions
        .first()
        .map(|d| {
            (
                tr.pick(&d.programme_name_ar, &d.programme_name_en)
                    .to_owned(),
                d.illustrative,
                d.programme_key.clone(),
            )
        })
        .unwrap_or_default();
    let next_href = (decisions.len() as i64 == PAGE_SIZE)
        .then(|| decisions.last())
        .flatten()
        .map(|d| {
            let c = RankCursor::after(d);
            format!(
                "/programmes/runs/{id}?{}",
                query_string(&[
                    ("outcome", outcome.as_str()),
                    ("after", &format!("{}.{}", c.rank, c.id.simple()))
                ])
            )
        });
    let tabs = Outcome::ALL
        .into_iter()
        .map(|o| {
            (
                format!("/programmes/runs/{id}?outcome={}", o.as_str()),
                outcome_label(tr, o),
                o == outcome,
            )
        })
        .collect();
    let rows = decisions
        .iter()
        .map(|d| RunRow {
            href: format!("/households/{}", d.household_id),
            rank: d.rank.map(|r| tr.num(i64::from(r))).unwrap_or_default(),
            predicted: d
                .predicted
                .map(|p| tr.digits(&format!("{p:.2}")))
                .unwrap_or_default(),
            entitlement: d
                .entitlement
                .map(|m| amount(tr, currency(&state), m))
                .unwrap_or_default(),
            explanation: explain(tr, &state, currency(&state), &d.detail.explanation),
        })
        .collect();
    Ok(render(&RunPage {
        page: Chrome::for_user(
            &user,
            "programme-run-title",
            "programmes",
            format!("/programmes/runs/{id}"),
        ),
        id,
        key,
        can_enrol: user.access.can(Permission::ProgrammeManage) && run.enrolled_at.is_none(),
        programme,
        illustrative,
        run: run_line(tr, &state, &run),
        tabs,
        rows,
        next_href,
    }))
}
