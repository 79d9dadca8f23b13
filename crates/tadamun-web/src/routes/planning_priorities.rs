//! The priorities page: a planning group enters weights over need indicators and
//! coverage gaps, and previews one governorate's ranked priorities with how each score
//! was made (value, normalised value, weight, contribution). Nothing is stored here.

use std::collections::BTreeMap;

use askama::Template;
use axum::{
    extract::{Query, State},
    http::Method,
    response::Response,
    routing::get,
};
use tadamun_domain::{
    access::Permission,
    area::GovernorateCode,
    indicator::{
        IndicatorCatalogue, Weights, rank,
        ranking::{governorate_candidates, offered_components},
    },
};

use super::{partners::service_label, planning_indicators::table_for};
use crate::{
    authz::{Routes, Rule},
    error::{AppError, AppResult},
    i18n::Tr,
    session::PageUser,
    state::AppState,
    views::{Chrome, render},
};

pub(crate) fn routes() -> Routes {
    Routes::new("").add(
        Method::GET,
        "/planning/priorities",
        Rule::Needs(Permission::PlanningRead),
        get(page),
    )
}

/// A component's name: "Need: Elderly people living alone" or "Gap: Elderly care".
fn component_label(tr: Tr, component: &str) -> String {
    let c = IndicatorCatalogue::builtin();
    match component.split_once(':') {
        Some(("indicator", code)) => tr.t_args(
            "planning-component-indicator",
            &[(
                "name",
                c.get(code)
                    .map(|i| i.label(tr.is_arabic()).to_owned())
                    .unwrap_or_else(|| code.to_owned()),
            )],
        ),
        Some(("gap", service)) => tr.t_args(
            "planning-component-gap",
            &[("name", service_label(tr, service))],
        ),
        _ => component.to_owned(),
    }
}

struct WeightField {
    name: String,
    label: String,
    value: String,
    error: Option<String>,
}

struct ComponentLine {
    label: String,
    value: String,
    normalised: String,
    weight: String,
    contribution: String,
}

struct PriorityLine {
    rank: String,
    service: String,
    score: String,
    components: Vec<ComponentLine>,
}

#[derive(Template)]
#[template(path = "planning_priorities.html")]
struct PrioritiesPage {
    page: Chrome,
    governorates: Vec<(String, String, bool)>,
    weights: Vec<WeightField>,
    has_errors: bool,
    ranking: Vec<PriorityLine>,
    chosen: bool,
}

fn decimal(tr: Tr, v: f64, places: usize) -> String {
    tr.digits(&format!("{v:.places$}"))
}

async fn page(
    State(state): State<AppState>,
    user: PageUser,
    Query(q): Query<BTreeMap<String, String>>,
) -> AppResult<Response> {
    let tr = user.tr;
    let catalogue = IndicatorCatalogue::builtin();
    let offered = offered_components(catalogue);
    let raw: BTreeMap<String, String> = q
        .iter()
        .filter_map(|(k, v)| k.strip_prefix("weight.").map(|c| (c.to_owned(), v.clone())))
        .collect();
    let parsed = Weights::parse(&raw, &offered);
    let table = table_for(&state, &user).await?;
    let chosen_code = match q
        .get("governorate")
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
    {
        Some(s) => Some(GovernorateCode::parse(s).map_err(|e| AppError::Invalid(e.into()))?),
        None => None,
    };
    if let Some(c) = &chosen_code
        && table.governorate(c).is_none()
    {
        return Err(AppError::NotFound);
    }
    let weights_view = offered
        .iter()
        .map(|c| WeightField {
            name: format!("weight.{c}"),
            label: component_label(tr, c),
            value: raw.get(c).cloned().unwrap_or_default(),
            error: parsed
                .as_ref()
                .err()
                .and_then(|e| e.for_field(&format!("weight.{c}")))
                .map(|e| tr.field_error(e)),
        })
        .collect();
    let mut ranking = Vec::new();
    if let (Some(code), Ok(weights)) = (&chosen_code, &parsed) {
        let mut needs = BTreeMap::new();
        for g in &table.governorates {
            let rows = state
                .store
                .need_against_supply(&user.access, &table, &g.governorate, true)
                .await?;
            needs.insert(g.governorate.clone(), rows);
        }
        for r in rank(
            governorate_candidates(catalogue, &table, &needs, code),
            weights,
        ) {
            ranking.push(PriorityLine {
                rank: tr.num(r.rank as i64),
                service: service_label(tr, &r.key),
                score: decimal(tr, r.score, 2),
                components: r
                    .components
                    .iter()
                    .map(|c| ComponentLine {
                        label: component_label(tr, &c.component),
                        value: decimal(tr, c.value, 1),
                        normalised: decimal(tr, c.normalised, 2),
                        weight: tr.num(i64::from(c.weight)),
                        contribution: decimal(tr, c.contribution, 2),
                    })
                    .collect(),
            });
        }
    }
    Ok(render(&PrioritiesPage {
        page: Chrome::for_user(
            &user,
            "planning-priorities-title",
            "planning",
            "/planning/priorities",
        ),
        governorates: table
            .governorates
            .iter()
            .map(|g| {
                (
                    g.governorate.as_str().to_owned(),
                    tr.pick(&g.name_ar, &g.name_en).to_owned(),
                    Some(&g.governorate) == chosen_code.as_ref(),
                )
            })
            .collect(),
        weights: weights_view,
        has_errors: parsed.is_err(),
        chosen: chosen_code.is_some(),
        ranking,
    }))
}
