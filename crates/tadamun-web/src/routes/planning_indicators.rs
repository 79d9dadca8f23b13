//! Governorate indicators for planning: the table of every governorate in scope ×
//! every indicator (count and rate per 1,000 covered, with each indicator's
//! description and formula in words), and one governorate's page: its indicators,
//! need against partner supply with the gaps, and a chart of both.

use askama::Template;
use axum::{
    extract::{Path, Query, State},
    http::Method,
    response::Response,
    routing::get,
};
use serde::Deserialize;
use tadamun_domain::{
    access::Permission,
    area::GovernorateCode,
    indicator::{GovernorateIndicators, IndicatorCatalogue, IndicatorTable, words},
};

use super::partners::service_label;
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
            "/planning/indicators",
            Rule::Needs(Permission::PlanningRead),
            get(table_page),
        )
        .add(
            Method::GET,
            "/planning/indicators/{governorate}",
            Rule::Needs(Permission::PlanningRead),
            get(governorate_page),
        )
}

/// One indicator as the pages describe it.
pub(crate) struct IndicatorView {
    pub code: String,
    pub label: String,
    pub description: String,
    pub formula: String,
    /// The parent, for a breakdown part.
    pub part_of: Option<String>,
}

pub(crate) fn indicator_views(tr: Tr) -> Vec<IndicatorView> {
    let c = IndicatorCatalogue::builtin();
    let ar = tr.is_arabic();
    c.indicators
        .iter()
        .map(|i| IndicatorView {
            code: i.code.clone(),
            label: i.label(ar).to_owned(),
            description: i.description(ar).to_owned(),
            formula: words::formula(i, ar),
            part_of: c.parent_of(&i.code).map(|p| p.label(ar).to_owned()),
        })
        .collect()
}

/// A rate per 1,000 with one decimal, in the reader's digits.
pub(crate) fn rate_text(tr: Tr, rate: Option<f64>) -> String {
    rate.map(|r| tr.digits(&format!("{r:.1}")))
        .unwrap_or_default()
}

/// One cell: the count (empty where not computed), the rate, and for grievances the
/// median and oldest age.
struct Cell {
    count: String,
    rate: String,
    computed: bool,
}

fn cells(tr: Tr, g: &GovernorateIndicators) -> Vec<Cell> {
    let c = IndicatorCatalogue::builtin();
    c.indicators
        .iter()
        .map(|i| match g.count(&i.code) {
            Some(n) => Cell {
                count: tr.num(n),
                rate: rate_text(tr, g.rate_per_1000(c, &i.code)),
                computed: true,
            },
            None => Cell {
                count: String::new(),
                rate: String::new(),
                computed: false,
            },
        })
        .collect()
}

struct TableRow {
    code: String,
    name: String,
    cells: Vec<Cell>,
    grievance_age: String,
}

fn grievance_age_text(tr: Tr, g: &GovernorateIndicators) -> String {
    g.grievance_age
        .map(|a| {
            tr.t_args(
                "planning-grievance-age",
                &[
                    ("median", tr.num(a.median_days)),
                    ("oldest", tr.num(a.oldest_days)),
                ],
            )
        })
        .unwrap_or_default()
}

#[derive(Template)]
#[template(path = "planning_indicators.html")]
struct TablePage {
    page: Chrome,
    today: String,
    run_note: String,
    indicators: Vec<IndicatorView>,
    rows: Vec<TableRow>,
    chart_title: String,
    chart: String,
    chart_options: Vec<(String, String, bool)>,
}

#[derive(Debug, Default, Deserialize)]
pub(crate) struct TableQuery {
    #[serde(default)]
    chart: String,
}

pub(crate) fn run_note(tr: Tr, table: &IndicatorTable) -> String {
    match &table.latest_run {
        Some(r) => tr.t_args(
            "planning-run-basis",
            &[
                ("programme", r.programme_key.clone()),
                ("date", tr.date(r.as_of)),
            ],
        ),
        None => tr.t("planning-run-none"),
    }
}

pub(crate) async fn table_for(state: &AppState, user: &PageUser) -> AppResult<IndicatorTable> {
    Ok(state
        .store
        .indicators_for(
            &user.access,
            state.pack.country.code(),
            tadamun_store::now().date(),
        )
        .await?)
}

async fn table_page(
    State(state): State<AppState>,
    user: PageUser,
    Query(q): Query<TableQuery>,
) -> AppResult<Response> {
    let tr = user.tr;
    let catalogue = IndicatorCatalogue::builtin();
    let chart_code = match q.chart.trim() {
        "" => "elderly_65".to_owned(),
        c if catalogue.get(c).is_some() => c.to_owned(),
        c => {
            return Err(AppError::invalid(
                "chart",
                "unknown-indicator",
                &format!("no indicator '{c}'"),
            ));
        }
    };
    let table = table_for(&state, &user).await?;
    let rows = table
        .governorates
        .iter()
        .map(|g| TableRow {
            code: g.governorate.as_str().to_owned(),
            name: tr.pick(&g.name_ar, &g.name_en).to_owned(),
            cells: cells(tr, g),
            grievance_age: grievance_age_text(tr, g),
        })
        .collect();
    let ind = catalogue.get(&chart_code).expect("checked above");
    let chart_title = tr.t_args(
        "planning-chart-rate",
        &[("indicator", ind.label(tr.is_arabic()).to_owned())],
    );
    let bars: Vec<crate::chart::Row> = table
        .governorates
        .iter()
        .map(|g| {
            let rate = g.rate_per_1000(catalogue, &chart_code);
            crate::chart::Row {
                label: tr.pick(&g.name_ar, &g.name_en).to_owned(),
                // Tenths, so the bars keep the decimal's order.
                values: vec![(
                    rate.map_or(0, |r| (r * 10.0).round() as i64),
                    rate_text(tr, rate),
                )],
            }
        })
        .collect();
    let series = [crate::chart::Series {
        class: "rate",
        fill: "#0b6e4f",
        legend: None,
    }];
    let chart = crate::chart::bars(tr, "indicator-chart", &chart_title, &series, &bars);
    Ok(render(&TablePage {
        page: Chrome::for_user(
            &user,
            "planning-indicators-title",
            "planning",
            "/planning/indicators",
        ),
        today: tr.date(table.today),
        run_note: run_note(tr, &table),
        chart_options: catalogue
            .indicators
            .iter()
            .map(|i| {
                (
                    i.code.clone(),
                    i.label(tr.is_arabic()).to_owned(),
                    i.code == chart_code,
                )
            })
            .collect(),
        indicators: indicator_views(tr),
        rows,
        chart_title,
        chart,
    }))
}

struct IndicatorLine {
    view: IndicatorView,
    count: String,
    rate: String,
    computed: bool,
}

struct NeedLine {
    service: String,
    measure: String,
    need: String,
    capacity: String,
    organisations: String,
    gap: String,
    coverage: String,
    measured: bool,
}

#[derive(Template)]
#[template(path = "planning_governorate.html")]
struct GovernoratePage {
    page: Chrome,
    code: String,
    today: String,
    run_note: String,
    grievance_age: String,
    indicators: Vec<IndicatorLine>,
    needs: Vec<NeedLine>,
    chart_title: String,
    chart: String,
}

async fn governorate_page(
    State(state): State<AppState>,
    user: PageUser,
    Path(code): Path<String>,
) -> AppResult<Response> {
    let tr = user.tr;
    let code = GovernorateCode::parse(&code).map_err(|e| AppError::Invalid(e.into()))?;
    let table = table_for(&state, &user).await?;
    let Some(g) = table.governorate(&code) else {
        return Err(AppError::NotFound);
    };
    let rows = state
        .store
        .need_against_supply(&user.access, &table, &code, true)
        .await?;
    let catalogue = IndicatorCatalogue::builtin();
    let indicators = indicator_views(tr)
        .into_iter()
        .zip(cells(tr, g))
        .map(|(view, c)| IndicatorLine {
            view,
            count: c.count,
            rate: c.rate,
            computed: c.computed,
        })
        .collect();
    let label = |code: &str| {
        catalogue
            .get(code)
            .map(|i| i.label(tr.is_arabic()).to_owned())
            .unwrap_or_default()
    };
    let needs = rows
        .iter()
        .map(|r| NeedLine {
            service: service_label(tr, &r.service),
            measure: r
                .indicator
                .as_deref()
                .map(label)
                .unwrap_or_else(|| tr.t("planning-no-measure")),
            need: r.need.map(|n| tr.num(n)).unwrap_or_default(),
            capacity: tr.num(r.capacity),
            organisations: tr.num(r.organisations),
            gap: r.gap().map(|n| tr.num(n)).unwrap_or_default(),
            coverage: r
                .coverage_percent()
                .map(|p| tr.digits(&format!("{p}%")))
                .unwrap_or_default(),
            measured: r.indicator.is_some(),
        })
        .collect();
    let series = [
        crate::chart::Series {
            class: "need",
            fill: "#b5452a",
            legend: Some(tr.t("planning-need")),
        },
        crate::chart::Series {
            class: "capacity",
            fill: "#0b6e4f",
            legend: Some(tr.t("planning-capacity")),
        },
    ];
    let bars: Vec<crate::chart::Row> = rows
        .iter()
        .filter_map(|r| {
            let need = r.need?;
            Some(crate::chart::Row {
                label: service_label(tr, &r.service),
                values: vec![(need, tr.num(need)), (r.capacity, tr.num(r.capacity))],
            })
        })
        .collect();
    let name = tr.pick(&g.name_ar, &g.name_en).to_owned();
    let chart_title = tr.t_args("planning-chart-need", &[("governorate", name.clone())]);
    let chart = crate::chart::bars(tr, "need-chart", &chart_title, &series, &bars);
    let mut page = Chrome::for_user(
        &user,
        "planning-governorate-title",
        "planning",
        format!("/planning/indicators/{}", code.as_str()),
    );
    page.title = format!("{} · {name}", page.title);
    Ok(render(&GovernoratePage {
        page,
        code: code.as_str().to_owned(),
        today: tr.date(table.today),
        run_note: run_note(tr, &table),
        grievance_age: grievance_age_text(tr, g),
        indicators,
        needs,
        chart_title,
        chart,
    }))
}
