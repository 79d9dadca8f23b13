//! The national roll-up of the annual plans (`/planning/national-plan?year=`): one row
//! per governorate with plans (objectives, activities by status, budget, budget-weighted
//! progress, overdue activities), a total row worked out from the sums, and the
//! progress bars as inline SVG. A governorate-scoped user sees only their governorates.

use askama::Template;
use axum::{
    extract::{Query, State},
    http::Method,
    response::Response,
    routing::get,
};
use tadamun_domain::{access::Permission, money::Currency, planning::PlanFigures};

use super::planning_plan::{FiguresView, YearQuery, figures_view, progress_chart, year_of};
use crate::{
    authz::{Routes, Rule},
    error::AppResult,
    session::PageUser,
    state::AppState,
    views::{Chrome, render},
};

pub(crate) fn routes() -> Routes {
    Routes::new("").add(
        Method::GET,
        "/planning/national-plan",
        Rule::Needs(Permission::PlanningRead),
        get(page),
    )
}

struct RollupLine {
    code: String,
    name: String,
    figures: FiguresView,
}

#[derive(Template)]
#[template(path = "planning_rollup.html")]
struct RollupPage {
    page: Chrome,
    year: String,
    prev_href: String,
    next_href: String,
    statuses: Vec<String>,
    lines: Vec<RollupLine>,
    total: FiguresView,
    chart: String,
}

async fn page(
    State(state): State<AppState>,
    user: PageUser,
    Query(q): Query<YearQuery>,
) -> AppResult<Response> {
    let tr = user.tr;
    let year = year_of(&q.year)?;
    let today = tadamun_store::now().date();
    let rows = state
        .store
        .national_plan_rollup(&user.access, year, today)
        .await?;
    let currency = Currency::of(state.pack.country);
    let mut total = PlanFigures::default();
    let mut chart_rows = Vec::new();
    let mut lines = Vec::new();
    for r in &rows {
        total.add(&r.figures);
        let name = tr.pick(&r.name_ar, &r.name_en).to_owned();
        chart_rows.push((name.clone(), r.figures.progress()));
        lines.push(RollupLine {
            code: r.governorate.as_str().to_owned(),
            name,
            figures: figures_view(tr, currency, &r.figures),
        });
    }
    if !rows.is_empty() {
        chart_rows.push((tr.t("plan-total"), total.progress()));
    }
    let title = tr.t_args("plan-national-chart", &[("year", tr.num(i64::from(year)))]);
    Ok(render(&RollupPage {
        page: Chrome::for_user(
            &user,
            "plan-national-title",
            "planning",
            format!("/planning/national-plan?year={year}"),
        ),
        year: tr.num(i64::from(year)),
        prev_href: format!("/planning/national-plan?year={}", year - 1),
        next_href: format!("/planning/national-plan?year={}", year + 1),
        statuses: tadamun_domain::planning::ActivityStatus::ALL
            .iter()
            .map(|s| tr.label("plan-status", s.as_str()))
            .collect(),
        chart: if rows.is_empty() {
            String::new()
        } else {
            progress_chart(tr, "national-progress", &title, &chart_rows)
        },
        total: figures_view(tr, currency, &total),
        lines,
    }))
}
