//! How the portal words and draws what it publishes: tables with their notes,
//! programme rules in plain language, partners, and the one chart.

use tadamun_domain::{
    area::GovernorateCode, disclosure::Threshold, indicator::catalogue::IndicatorCatalogue,
    indicator::values::GrievanceAge, indicator::words,
};
use tadamun_services::transparency::{Cell, Portal, PublishedTable};
use tadamun_store::{planning::portal::PublicDecision, transparency::PublishedPartner};
use tadamun_targeting::{
    entitlement::Formula,
    programme::{Cycle, ProgrammeVersion, SelectionMode},
    rules::RuleDef,
};

use super::{
    decisions::{amount, currency},
    households::governorate_name,
    partners::service_label,
    transparency::{cell_text, table_title},
};
use crate::{
    chart::{self, Series},
    i18n::Tr,
    state::AppState,
};

pub(crate) struct CellView {
    pub text: String,
    pub class: &'static str,
    pub rate: String,
}

pub(crate) struct RowView {
    pub name: String,
    pub cells: Vec<CellView>,
    /// Median and oldest age of unsettled grievances, where published.
    pub ages: String,
}

/// One indicator's note under a table: what it counts and how.
pub(crate) struct ColumnNote {
    pub label: String,
    pub description: String,
    pub formula: String,
}

pub(crate) struct TableView {
    pub id: String,
    pub title: String,
    pub headers: Vec<String>,
    pub rows: Vec<RowView>,
    pub national: RowView,
    pub notes: Vec<ColumnNote>,
    pub csv_href: String,
    pub has_ages: bool,
}

fn cell_view(tr: Tr, k: Threshold, c: &Cell) -> CellView {
    let (text, class) = cell_text(tr, k, c);
    CellView {
        text,
        class,
        rate: c
            .rate
            .map(|r| tr.digits(&format!("{r:.1}")))
            .unwrap_or_default(),
    }
}

fn ages_text(tr: Tr, age: Option<&GrievanceAge>) -> String {
    age.map(|a| {
        tr.t_args(
            "portal-grievance-age",
            &[
                ("median", tr.num(a.median_days)),
                ("oldest", tr.num(a.oldest_days)),
            ],
        )
    })
    .unwrap_or_default()
}

pub(crate) fn table_view(
    tr: Tr,
    state: &AppState,
    catalogue: &IndicatorCatalogue,
    k: Threshold,
    t: &PublishedTable,
    ages: &[(GovernorateCode, GrievanceAge)],
) -> TableView {
    let codes: Vec<&String> = t.columns.iter().chain(t.total.iter()).collect();
    let label = |code: &str| {
        catalogue
            .get(code)
            .map(|i| i.label(tr.is_arabic()).to_owned())
            .unwrap_or_else(|| code.to_owned())
    };
    let has_ages = t.columns.iter().any(|c| c == "open_grievances");
    let row = |name: String, cells: Vec<&Cell>, age: Option<&GrievanceAge>| RowView {
        name,
        cells: cells.into_iter().map(|c| cell_view(tr, k, c)).collect(),
        ages: if has_ages {
            ages_text(tr, age)
        } else {
            String::new()
        },
    };
    let rows = t
        .governorates
        .iter()
        .enumerate()
        .map(|(r, g)| {
            let mut cells: Vec<&Cell> = t.cells[r].iter().collect();
            cells.extend(t.row_totals.as_ref().map(|rt| &rt[r]));
            let age = ages.iter().find(|(code, _)| code == g).map(|(_, a)| a);
            row(governorate_name(state, tr, g.as_str()), cells, age)
        })
        .collect();
    let mut national: Vec<&Cell> = t.national.iter().collect();
    national.extend(t.national_total.as_ref());
    TableView {
        id: format!("portal-{}", t.code),
        title: table_title(tr, catalogue, t),
        headers: codes.iter().map(|c| label(c)).collect(),
        rows,
        national: row(tr.t("portal-national"), national, None),
        notes: codes
            .iter()
            .filter_map(|c| catalogue.get(c))
            .map(|i| ColumnNote {
                label: i.label(tr.is_arabic()).to_owned(),
                description: i.description(tr.is_arabic()).to_owned(),
                formula: words::formula(i, tr.is_arabic()),
            })
            .collect(),
        csv_href: format!("/transparency/{}.csv?lang={}", t.code, tr.lang()),
        has_ages,
    }
}

/// Households under the cut-off per 1,000 covered, by governorate, where published.
pub(crate) fn poverty_chart(tr: Tr, state: &AppState, portal: &Portal) -> String {
    let Some((t, col)) = portal.tables.iter().find_map(|t| {
        t.columns
            .iter()
            .position(|c| c == "poor_households")
            .map(|c| (t, c))
    }) else {
        return String::new();
    };
    let rows: Vec<chart::Row> = t
        .governorates
        .iter()
        .zip(&t.cells)
        .filter_map(|(g, cells)| {
            let rate = cells[col].rate?;
            Some(chart::Row {
                label: governorate_name(state, tr, g.as_str()),
                values: vec![(rate.round() as i64, tr.digits(&format!("{rate:.1}")))],
            })
        })
        .collect();
    if rows.is_empty() {
        return String::new();
    }
    chart::bars(
        tr,
        "portal-poverty-chart",
        &tr.t("portal-chart-poverty"),
        &[Series {
            class: "poor",
            fill: "#8a5a00",
            legend: None,
        }],
        &rows,
    )
}

pub(crate) struct ProgrammeView {
    pub name: String,
    pub illustrative: bool,
    pub selection: String,
    pub cycle: String,
    pub coverage: String,
    pub all_rules: Vec<String>,
    pub any_rules: Vec<String>,
    pub benefit: String,
    pub cut_off: String,
}

fn rule_text(tr: Tr, r: &RuleDef) -> String {
    let label = if tr.is_arabic() {
        r.label_ar.as_ref().or(r.label_en.as_ref())
    } else {
        r.label_en.as_ref().or(r.label_ar.as_ref())
    };
    match (label, r.category) {
        (Some(l), _) => l.clone(),
        (None, Some(c)) => tr.label(
            "portal-rule-category",
            serde_json::to_value(c)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default()
                .as_str(),
        ),
        (None, None) => r.id.clone(),
    }
}

fn benefit_text(tr: Tr, state: &AppState, f: &Formula) -> String {
    let money = |m| amount(tr, currency(state), m);
    match f {
        Formula::Flat { amount } => tr.t_args("portal-formula-flat", &[("amount", money(*amount))]),
        Formula::PerCapita {
            per_member,
            min,
            max,
        } => tr.t_args(
            "portal-formula-per-capita",
            &[
                ("per", money(*per_member)),
                ("min", money(*min)),
                ("max", money(*max)),
            ],
        ),
        Formula::PovertyGapShare { share_bp, min, max } => tr.t_args(
            "portal-formula-gap-share",
            &[
                (
                    "percent",
                    tr.digits(&format!("{}", f64::from(*share_bp) / 100.0)),
                ),
                ("min", money(*min)),
                ("max", money(*max)),
            ],
        ),
    }
}

pub(crate) fn programme_view(tr: Tr, state: &AppState, p: &ProgrammeVersion) -> ProgrammeView {
    ProgrammeView {
        name: tr.pick(&p.name_ar, &p.name_en).to_owned(),
        illustrative: p.illustrative,
        selection: tr.t(match p.selection {
            SelectionMode::Threshold => "programme-selection-threshold",
            SelectionMode::BudgetRanked => "programme-selection-budget-ranked",
        }),
        cycle: tr.t(match p.cycle {
            Cycle::Monthly => "programme-cycle-monthly",
            Cycle::Quarterly => "programme-cycle-quarterly",
        }),
        coverage: if p.coverage.is_empty() {
            tr.t("programme-coverage-national")
        } else {
            p.coverage
                .iter()
                .map(|g| governorate_name(state, tr, g))
                .collect::<Vec<_>>()
                .join(if tr.is_arabic() { "، " } else { ", " })
        },
        all_rules: p.eligibility.all.iter().map(|r| rule_text(tr, r)).collect(),
        any_rules: p.eligibility.any.iter().map(|r| rule_text(tr, r)).collect(),
        benefit: benefit_text(tr, state, &p.entitlement),
        cut_off: p
            .pmt
            .as_ref()
            .and_then(|m| m.cut_off)
            .map(|c| {
                tr.t_args(
                    "portal-cut-off",
                    &[("cut_off", tr.digits(&format!("{c:.2}")))],
                )
            })
            .unwrap_or_default(),
    }
}

pub(crate) struct DecisionView {
    pub group: String,
    pub governorate: String,
    pub held_on: String,
    pub text: String,
}

pub(crate) fn decision_view(tr: Tr, state: &AppState, d: &PublicDecision) -> DecisionView {
    DecisionView {
        group: match (&d.group_name_en, tr.is_arabic()) {
            (Some(en), false) if !en.is_empty() => en.clone(),
            _ => d.group_name_ar.clone(),
        },
        governorate: governorate_name(state, tr, d.governorate.as_str()),
        held_on: tr.date(d.held_on),
        text: d.text.clone(),
    }
}

pub(crate) struct PartnerView {
    pub name: String,
    pub kind: String,
    pub head_office: String,
    pub until: String,
    pub services: Vec<String>,
}

pub(crate) fn partner_view(tr: Tr, state: &AppState, p: &PublishedPartner) -> PartnerView {
    PartnerView {
        name: if tr.is_arabic() {
            p.name_ar.clone()
        } else {
            p.name_en.clone().unwrap_or_else(|| p.name_ar.clone())
        },
        kind: tr.label("partner-kind", p.kind.as_str()),
        head_office: governorate_name(state, tr, p.head_office.as_str()),
        until: p.accredited_until.map(|d| tr.date(d)).unwrap_or_default(),
        services: p
            .services
            .iter()
            .map(|s| {
                tr.t_args(
                    "portal-service",
                    &[
                        ("service", service_label(tr, &s.service)),
                        (
                            "governorate",
                            governorate_name(state, tr, s.governorate.as_str()),
                        ),
                        ("capacity", tr.num(s.capacity)),
                    ],
                )
            })
            .collect(),
    }
}
