//! The priorities page: weights entered over need indicators and coverage gaps, and
//! one governorate's ranked priorities previewed with how each score was made (value,
//! range, normalised value, weight, contribution). Opened for a planning group
//! (`?group=`), it also shows the priorities the group adopted for the year, read from
//! the stored snapshot (never recomputed) with the decision that adopted them, and to
//! a planner of the group a form to adopt the previewed weights (`planning_adoption`).

use std::collections::BTreeMap;

use askama::Template;
use axum::{
    extract::{Query, State},
    http::{Method, StatusCode},
    response::Response,
    routing::get,
};
use tadamun_domain::{
    FieldErrors,
    access::Permission,
    area::GovernorateCode,
    indicator::{IndicatorCatalogue, RankedPriority, Weights, ranking::offered_components},
    planning::parse_year,
};
use tadamun_store::planning::adoption::Adoption;

use super::{
    partners::service_label, planning::group_id, planning_adoption, planning_indicators::run_note,
};
use crate::{
    authz::{Routes, Rule},
    error::{AppError, AppResult},
    i18n::Tr,
    session::PageUser,
    state::AppState,
    views::{Chrome, render},
};

pub(crate) fn routes() -> Routes {
    Routes::new("")
        .add(
            Method::GET,
            "/planning/priorities",
            Rule::Needs(Permission::PlanningRead),
            get(page),
        )
        .merge(planning_adoption::routes())
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
    range: String,
    normalised: String,
    weight: String,
    contribution: String,
}

pub(crate) struct PriorityLine {
    pub rank: String,
    pub service: String,
    pub score: String,
    components: Vec<ComponentLine>,
}

/// The adopted priorities as stored, with what adopted them.
struct AdoptedView {
    decision: String,
    meta: String,
    basis: String,
    superseded: String,
    ranking: Vec<PriorityLine>,
}

/// The adopt form: the previewed weights carried along, a decision and the year.
struct AdoptForm {
    action: String,
    weights: Vec<(String, String)>,
    decisions: Vec<(String, String, bool)>,
    year: String,
    decision_error: Option<String>,
    year_error: Option<String>,
}

#[derive(Template)]
#[template(path = "planning_priorities.html")]
struct PrioritiesPage {
    page: Chrome,
    governorates: Vec<(String, String, bool)>,
    group: Option<(String, String)>,
    year: String,
    plan_href: Option<String>,
    notice: Option<String>,
    weights: Vec<WeightField>,
    has_errors: bool,
    run_note: String,
    ranking: Vec<PriorityLine>,
    chosen: bool,
    adopted: Option<AdoptedView>,
    no_adoption: String,
    adopt: Option<AdoptForm>,
}

fn decimal(tr: Tr, v: f64, places: usize) -> String {
    tr.digits(&format!("{v:.places$}"))
}

pub(crate) fn priority_lines(tr: Tr, ranking: &[RankedPriority]) -> Vec<PriorityLine> {
    ranking
        .iter()
        .map(|r| PriorityLine {
            rank: tr.num(r.rank as i64),
            service: service_label(tr, &r.key),
            score: decimal(tr, r.score, 2),
            components: r
                .components
                .iter()
                .map(|c| ComponentLine {
                    label: component_label(tr, &c.component),
                    value: decimal(tr, c.value, 1),
                    range: tr.t_args(
                        "planning-range",
                        &[
                            ("min", decimal(tr, c.min, 1)),
                            ("max", decimal(tr, c.max, 1)),
                        ],
                    ),
                    normalised: decimal(tr, c.normalised, 2),
                    weight: tr.num(i64::from(c.weight)),
                    contribution: decimal(tr, c.contribution, 2),
                })
                .collect(),
        })
        .collect()
}

/// What the page was asked: the query of the GET, or the adopt form's fields.
#[derive(Debug, Default, Clone)]
pub(crate) struct Asked {
    pub governorate: String,
    pub group: String,
    pub year: String,
    pub saved: String,
    /// Typed weights by component.
    pub weights: BTreeMap<String, String>,
}

impl Asked {
    pub(crate) fn from_pairs<'a>(pairs: impl Iterator<Item = (&'a str, &'a str)>) -> Self {
        let mut a = Asked::default();
        for (k, v) in pairs {
            match k {
                "governorate" => a.governorate = v.to_owned(),
                "group" => a.group = v.to_owned(),
                "year" => a.year = v.to_owned(),
                "saved" => a.saved = v.to_owned(),
                k => {
                    if let Some(c) = k.strip_prefix("weight.") {
                        a.weights.insert(c.to_owned(), v.to_owned());
                    }
                }
            }
        }
        a
    }
}

async fn page(
    State(state): State<AppState>,
    user: PageUser,
    Query(q): Query<Vec<(String, String)>>,
) -> AppResult<Response> {
    let asked = Asked::from_pairs(q.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    render_page(&state, &user, asked, &FieldErrors::default(), "").await
}

/// Renders the page; `adopt_errors` (with `chosen_decision`) come from a refused
/// adoption, and make the answer 422.
pub(crate) async fn render_page(
    state: &AppState,
    user: &PageUser,
    mut asked: Asked,
    adopt_errors: &FieldErrors,
    chosen_decision: &str,
) -> AppResult<Response> {
    let tr = user.tr;
    let store = &state.store;
    let today = tadamun_store::now().date();
    let catalogue = IndicatorCatalogue::builtin();
    let offered = offered_components(catalogue);
    let year = match asked.year.trim() {
        "" => today.year(),
        raw => parse_year(raw).map_err(|e| AppError::Invalid(e.into()))?,
    };
    // A group fixes the governorate; what the group adopted is shown and prefills.
    let mut group_view = None;
    let mut adoptions: Vec<Adoption> = Vec::new();
    let mut can_adopt = false;
    let mut decisions = Vec::new();
    if !asked.group.trim().is_empty() {
        let id = group_id(&asked.group)?;
        let group = store
            .get_planning_group(&user.access, id)
            .await?
            .ok_or(AppError::NotFound)?;
        asked.governorate = group.draft.governorate.as_str().to_owned();
        adoptions = store
            .priority_adoptions(&user.access, id, Some(year))
            .await?;
        if asked.weights.is_empty()
            && let Some(a) = adoptions.first()
        {
            asked.weights = a
                .weights
                .0
                .iter()
                .map(|(k, w)| (k.clone(), w.to_string()))
                .collect();
        }
        can_adopt = store.planning_rights(&user.access, id, today).await?.manage;
        if can_adopt {
            decisions = store.planning_decisions(&user.access, id).await?;
        }
        group_view = Some((id, group.name(tr.is_arabic()).to_owned()));
    }
    let parsed = Weights::parse(&asked.weights, &offered);
    let chosen_code = match asked.governorate.trim() {
        "" => None,
        s => Some(GovernorateCode::parse(s).map_err(|e| AppError::Invalid(e.into()))?),
    };
    if let Some(c) = &chosen_code
        && !user.access.covers(c)
    {
        return Err(AppError::NotFound);
    }
    let weights_view = offered
        .iter()
        .map(|c| WeightField {
            name: format!("weight.{c}"),
            label: component_label(tr, c),
            value: asked.weights.get(c).cloned().unwrap_or_default(),
            error: parsed
                .as_ref()
                .err()
                .or(Some(adopt_errors))
                .and_then(|e| e.for_field(&format!("weight.{c}")))
                .map(|e| tr.field_error(e)),
        })
        .collect();
    let mut ranking = Vec::new();
    let mut note = String::new();
    if let (Some(code), Ok(weights)) = (&chosen_code, &parsed) {
        let (table, ranked) = store
            .priority_ranking(&user.access, code, weights, today)
            .await?;
        note = run_note(tr, &table);
        ranking = priority_lines(tr, &ranked);
    }
    let adopted = adoptions.first().map(|a| AdoptedView {
        decision: tr.t_args(
            "planning-adopted-by-decision",
            &[
                ("decision", a.decision_text.clone()),
                ("date", tr.date(a.meeting_held_on)),
            ],
        ),
        meta: tr.t_args(
            "planning-adopted-meta",
            &[
                ("who", a.adopted_by_name.clone().unwrap_or_default()),
                ("when", tr.datetime(a.adopted_at)),
            ],
        ),
        basis: tr.t_args("planning-adopted-basis", &[("day", tr.date(a.table_day))]),
        superseded: if adoptions.len() > 1 {
            tr.count("planning-adopted-superseded", adoptions.len() as i64 - 1)
        } else {
            String::new()
        },
        ranking: priority_lines(tr, &a.ranking),
    });
    let adopt = match (&group_view, &parsed) {
        (Some((id, _)), Ok(weights)) if can_adopt => Some(AdoptForm {
            action: format!("/planning/{id}/priorities/adopt"),
            weights: weights
                .0
                .iter()
                .map(|(k, w)| (format!("weight.{k}"), w.to_string()))
                .collect(),
            decisions: decisions
                .iter()
                .map(|d| {
                    let id = d.id.to_string();
                    let selected = id == chosen_decision;
                    (id, format!("{} — {}", tr.date(d.held_on), d.text), selected)
                })
                .collect(),
            year: tr.num(i64::from(year)),
            decision_error: adopt_errors
                .for_field("decision")
                .map(|e| tr.field_error(e)),
            year_error: adopt_errors.for_field("year").map(|e| tr.field_error(e)),
        }),
        _ => None,
    };
    let here = match &group_view {
        Some((id, _)) => format!("/planning/priorities?group={id}"),
        None => "/planning/priorities".to_owned(),
    };
    let mut r = render(&PrioritiesPage {
        page: Chrome::for_user(user, "planning-priorities-title", "planning", here),
        governorates: state
            .pack
            .governorates
            .iter()
            .filter_map(|g| {
                let code = GovernorateCode::parse(&g.code).ok()?;
                user.access.covers(&code).then(|| {
                    (
                        g.code.clone(),
                        tr.pick(&g.name_ar, &g.name_en).to_owned(),
                        Some(&code) == chosen_code.as_ref(),
                    )
                })
            })
            .collect(),
        plan_href: group_view
            .as_ref()
            .map(|(id, _)| format!("/planning/{id}/plan?year={year}")),
        group: group_view.map(|(id, name)| (id.to_string(), name)),
        year: tr.num(i64::from(year)),
        notice: match asked.saved.as_str() {
            "" => None,
            what => tr.try_t(&format!("planning-saved-{what}")),
        },
        weights: weights_view,
        has_errors: parsed.is_err(),
        chosen: chosen_code.is_some(),
        run_note: note,
        ranking,
        no_adoption: tr.t_args(
            "planning-adopted-none",
            &[("year", tr.num(i64::from(year)))],
        ),
        adopted,
        adopt,
    });
    if !adopt_errors.is_empty() {
        *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(r)
}
