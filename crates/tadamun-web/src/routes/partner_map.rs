//! The service map: partner supply (total capacity and number of organisations) by
//! governorate and service type, as a table and a bar chart drawn here as inline SVG
//! (the simulator's approach: mirrored for right-to-left, in the reader's digits).

use std::collections::BTreeMap;

use askama::Template;
use axum::{
    extract::{Query, State},
    http::Method,
    response::Response,
    routing::get,
};
use serde::Deserialize;
use tadamun_domain::{access::Permission, partner::ServiceCatalogue};

use super::partners::{service_label, service_options};
use crate::{
    authz::{Routes, Rule},
    error::{AppError, AppResult},
    i18n::Tr,
    session::PageUser,
    state::AppState,
    views::{Chrome, FormField, render},
};

pub(crate) fn routes() -> Routes {
    Routes::new("").add(
        Method::GET,
        "/partners/map",
        Rule::Needs(Permission::PartnerRead),
        get(page),
    )
}

/// One governorate's row: per shown service, capacity and organisations.
struct MapRow {
    governorate: String,
    cells: Vec<(String, String)>,
    total: String,
}

#[derive(Template)]
#[template(path = "partner_map.html")]
struct MapPage {
    page: Chrome,
    service_field: FormField,
    accredited_only: bool,
    services: Vec<String>,
    rows: Vec<MapRow>,
    chart_title: String,
    chart: String,
}

#[derive(Debug, Default, Deserialize)]
pub(crate) struct MapQuery {
    #[serde(default)]
    service: String,
    /// `all` counts every organisation; otherwise only those accredited today.
    #[serde(default)]
    scope: String,
}

async fn page(
    State(state): State<AppState>,
    user: PageUser,
    Query(q): Query<MapQuery>,
) -> AppResult<Response> {
    let tr = user.tr;
    let service = match q.service.trim() {
        "" => None,
        s => Some(
            ServiceCatalogue::builtin()
                .parse(s)
                .map_err(|e| AppError::Invalid(e.into()))?
                .code
                .clone(),
        ),
    };
    let accredited_only = q.scope != "all";
    let cells = state
        .store
        .service_supply(&user.access, tadamun_store::now().date(), accredited_only)
        .await?;
    // Columns: the catalogue's services that have supply, in catalogue order.
    let shown: Vec<&str> = ServiceCatalogue::builtin()
        .services
        .iter()
        .map(|s| s.code.as_str())
        .filter(|c| cells.iter().any(|x| x.service == *c))
        .collect();
    let mut by_gov: BTreeMap<&str, BTreeMap<&str, (i64, i64)>> = BTreeMap::new();
    for c in &cells {
        by_gov
            .entry(c.governorate.as_str())
            .or_default()
            .insert(c.service.as_str(), (c.capacity, c.organisations));
    }
    let mut rows = Vec::new();
    let mut bars = Vec::new();
    for g in &state.pack.governorates {
        let Some(supply) = by_gov.get(g.code.as_str()) else {
            continue;
        };
        let name = tr.pick(&g.name_ar, &g.name_en).to_owned();
        let cells = shown
            .iter()
            .map(|s| match supply.get(s) {
                Some((cap, n)) => (tr.num(*cap), tr.num(*n)),
                None => (String::new(), String::new()),
            })
            .collect();
        let total_capacity: i64 = supply.values().map(|(c, _)| c).sum();
        // Organisations are counted per service; the total is capacity only.
        rows.push(MapRow {
            governorate: name.clone(),
            cells,
            total: tr.num(total_capacity),
        });
        let (capacity, organisations) = match &service {
            Some(s) => supply.get(s.as_str()).copied().unwrap_or((0, 0)),
            None => (total_capacity, 0),
        };
        bars.push((name, capacity, organisations));
    }
    let chart_title = tr.t_args(
        "partner-map-chart-title",
        &[(
            "service",
            service
                .as_deref()
                .map(|s| service_label(tr, s))
                .unwrap_or_else(|| tr.t("partner-map-total")),
        )],
    );
    let chart = supply_chart(tr, &chart_title, &bars);
    Ok(render(&MapPage {
        page: Chrome::for_user(&user, "partner-map-title", "partners", "/partners/map"),
        service_field: FormField::select(
            "service",
            tr.t("partner-map-service"),
            service.as_deref().unwrap_or(""),
            service_options(tr),
            &tr,
        ),
        accredited_only,
        services: shown.iter().map(|s| service_label(tr, s)).collect(),
        rows,
        chart_title,
        chart,
    }))
}

/// Capacity by governorate, each bar labelled with its capacity (and, for one service,
/// how many organisations give it).
pub(crate) fn supply_chart(tr: Tr, title: &str, rows: &[(String, i64, i64)]) -> String {
    let series = [crate::chart::Series {
        class: "supply",
        fill: "#0b6e4f",
        legend: None,
    }];
    let rows: Vec<crate::chart::Row> = rows
        .iter()
        .map(|(name, capacity, organisations)| {
            let text = if *organisations > 0 {
                format!("{} ({})", tr.num(*capacity), tr.num(*organisations))
            } else {
                tr.num(*capacity)
            };
            crate::chart::Row {
                label: name.clone(),
                values: vec![(*capacity, text)],
            }
        })
        .collect();
    crate::chart::bars(tr, "supply-chart", title, &series, &rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use tadamun_domain::user::{DigitStyle, Locale};

    #[test]
    fn the_supply_chart_mirrors_for_arabic_and_writes_the_readers_digits() {
        let rows = vec![("إربد".to_owned(), 1200, 2), ("<x>".to_owned(), 0, 0)];
        let ar = supply_chart(Tr::new(Locale::Arabic, DigitStyle::ArabicIndic), "t", &rows);
        let en = supply_chart(Tr::new(Locale::English, DigitStyle::Western), "t", &rows);
        assert!(ar.starts_with("<svg") && ar.ends_with("</svg>"));
        assert!(ar.contains("١٢٠٠ (٢)") && !ar.contains("1200"), "{ar}");
        assert!(en.contains(">1200 (2)<"), "{en}");
        assert!(
            ar.contains("&lt;x&gt;") && !ar.contains("<x>"),
            "labels are escaped"
        );
        // Names sit at the right edge in Arabic, the left in English; bars grow away.
        assert!(
            ar.contains(r#"<text x="712" y="27" text-anchor="end""#),
            "{ar}"
        );
        assert!(
            en.contains(r#"<text x="8" y="27" text-anchor="start""#),
            "{en}"
        );
        assert!(
            ar.contains(r#"x="128.0" y="14" width="442.0""#),
            "the longest bar ends at the inline end: {ar}"
        );
        assert!(en.contains(r#"width="0.0""#), "a zero bar has no width");
    }
}
