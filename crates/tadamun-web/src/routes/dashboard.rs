//! The home page: households and persons per governorate, with a bar each, and the
//! signed-in user's own open planning-group action items.

use askama::Template;
use axum::{extract::State, response::Response};

use crate::{
    error::AppResult,
    session::PageUser,
    state::AppState,
    views::{Chrome, render},
};

pub(crate) struct GovernorateLine {
    pub name: String,
    pub households: String,
    pub persons: String,
    /// Bar length in percent of the largest governorate, and where it starts so it
    /// grows from the start edge in either direction.
    pub bar_x: String,
    pub bar_width: String,
}

#[derive(Template)]
#[template(path = "dashboard.html")]
struct DashboardPage {
    page: Chrome,
    lines: Vec<GovernorateLine>,
    total_households: String,
    total_persons: String,
    /// The user's own open planning-group action items, overdue flagged.
    actions: Vec<super::planning::ActionLine>,
    status_options: Vec<(String, String)>,
}

#[tracing::instrument(skip_all, fields(user = %user.user.id))]
pub(crate) async fn page(State(state): State<AppState>, user: PageUser) -> AppResult<Response> {
    let counts = state
        .store
        .counts_by_governorate(&user.access, state.pack.country.code())
        .await?;
    let tr = user.tr;
    let max = counts
        .iter()
        .map(|c| c.households)
        .max()
        .unwrap_or(0)
        .max(1);
    let lines = counts
        .iter()
        .map(|c| {
            let width = c.households as f64 * 100.0 / max as f64;
            let x = if tr.dir() == "rtl" {
                100.0 - width
            } else {
                0.0
            };
            GovernorateLine {
                name: tr.pick(&c.name_ar, &c.name_en).to_owned(),
                households: tr.num(c.households),
                persons: tr.num(c.persons),
                bar_x: format!("{x:.2}"),
                bar_width: format!("{width:.2}"),
            }
        })
        .collect();
    let today = tadamun_store::now().date();
    let actions = state
        .store
        .my_action_items(&user.access, today)
        .await?
        .iter()
        .map(|a| super::planning::action_line(tr, a))
        .collect();
    let page = DashboardPage {
        page: Chrome::for_user(&user, "dashboard-title", "dashboard", "/"),
        lines,
        total_households: tr.count(
            "households-count",
            counts.iter().map(|c| c.households).sum(),
        ),
        total_persons: tr.count("persons-count", counts.iter().map(|c| c.persons).sum()),
        actions,
        status_options: super::planning_forms::status_options(tr),
    };
    Ok(render(&page))
}
