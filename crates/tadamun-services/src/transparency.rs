//! The public transparency portal's content, assembled once and suppressed once, so
//! that the page and every CSV download publish exactly the same numbers.
//!
//! Each indicator count appears in one table only (a second copy would be a second
//! equation for an attacker): a table of coverage, one table per indicator that has a
//! breakdown (its parts, with the indicator as their row total), and one table of the
//! remaining indicators. Every table has the national total of each column. Rates and
//! grievance ages are published only beside counts that are themselves published.

use tadamun_domain::{
    area::GovernorateCode,
    country_pack::CountryPack,
    disclosure::{CountTable, ProtectedTable, Shown, Threshold, protect},
    indicator::{
        catalogue::{HOUSEHOLDS, IndicatorCatalogue, POPULATION},
        values::{GrievanceAge, IndicatorTable},
    },
};
use tadamun_store::{
    Store, StoreError, planning::portal::PublicDecision, transparency::PublishedPartner,
};
use tadamun_targeting::programme::ProgrammeVersion;
use time::Date;

/// One published cell.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Cell {
    pub shown: Shown,
    /// False where the indicator cannot be computed (no targeting run there yet).
    pub computed: bool,
    /// Per 1,000 people (or households) covered, beside a published count only.
    pub rate: Option<f64>,
}

/// One published table: governorates down, indicators across.
#[derive(Debug, Clone, PartialEq)]
pub struct PublishedTable {
    /// Stable name, used in the CSV file name.
    pub code: String,
    /// Indicator codes of the columns.
    pub columns: Vec<String>,
    /// When the columns are the parts of one indicator, that indicator: the row totals.
    pub total: Option<String>,
    pub governorates: Vec<GovernorateCode>,
    pub cells: Vec<Vec<Cell>>,
    pub row_totals: Option<Vec<Cell>>,
    pub national: Vec<Cell>,
    pub national_total: Option<Cell>,
}

/// Everything the portal shows.
#[derive(Debug, Clone)]
pub struct Portal {
    pub today: Date,
    pub threshold: Threshold,
    pub tables: Vec<PublishedTable>,
    /// Unsettled grievances' age, where their count is published.
    pub grievance_ages: Vec<(GovernorateCode, GrievanceAge)>,
    pub programmes: Vec<ProgrammeVersion>,
    pub partners: Vec<PublishedPartner>,
    /// Decisions the planning groups marked public, newest first.
    pub decisions: Vec<PublicDecision>,
}

/// The code of the table of indicators without a breakdown.
pub const OTHER_TABLE: &str = "indicators";
/// The code of the coverage table.
pub const COVERAGE_TABLE: &str = "coverage";

/// The tables to publish from one day's raw indicator counts.
pub fn published_tables(
    catalogue: &IndicatorCatalogue,
    values: &IndicatorTable,
    k: Threshold,
) -> Vec<PublishedTable> {
    let parts: Vec<&str> = catalogue
        .indicators
        .iter()
        .flat_map(|i| i.breakdown.iter().map(String::as_str))
        .collect();
    let mut tables = vec![table(
        COVERAGE_TABLE,
        vec![POPULATION.into(), HOUSEHOLDS.into()],
        None,
        values,
        k,
    )];
    for ind in catalogue
        .indicators
        .iter()
        .filter(|i| !i.breakdown.is_empty())
    {
        tables.push(table(
            &ind.code,
            ind.breakdown.clone(),
            Some(ind.code.clone()),
            values,
            k,
        ));
    }
    let others: Vec<String> = catalogue
        .indicators
        .iter()
        .filter(|i| i.breakdown.is_empty() && !parts.contains(&i.code.as_str()))
        .filter(|i| i.code != POPULATION && i.code != HOUSEHOLDS)
        .map(|i| i.code.clone())
        .collect();
    if !others.is_empty() {
        tables.push(table(OTHER_TABLE, others, None, values, k));
    }
    add_rates(&mut tables);
    tables
}

fn table(
    code: &str,
    columns: Vec<String>,
    total: Option<String>,
    values: &IndicatorTable,
    k: Threshold,
) -> PublishedTable {
    let governorates: Vec<GovernorateCode> = values
        .governorates
        .iter()
        .map(|g| g.governorate.clone())
        .collect();
    let computed: Vec<Vec<bool>> = values
        .governorates
        .iter()
        .map(|g| columns.iter().map(|c| g.count(c).is_some()).collect())
        .collect();
    // Not computed counts as zero for protection: the attacker knows nothing is there.
    let counts = CountTable {
        cells: values
            .governorates
            .iter()
            .map(|g| {
                columns
                    .iter()
                    .map(|c| g.count(c).unwrap_or(0).max(0) as u64)
                    .collect()
            })
            .collect(),
        row_totals: total.is_some(),
        column_totals: true,
    };
    let protected: ProtectedTable = protect(&counts, k);
    let cell = |shown: Shown, computed: bool| Cell {
        shown,
        computed,
        rate: None,
    };
    let column_computed: Vec<bool> = (0..columns.len())
        .map(|c| computed.iter().any(|row| row[c]))
        .collect();
    PublishedTable {
        code: code.to_owned(),
        cells: protected
            .cells
            .iter()
            .zip(&computed)
            .map(|(row, comp)| row.iter().zip(comp).map(|(s, c)| cell(*s, *c)).collect())
            .collect(),
        row_totals: protected.row_totals.map(|rt| {
            rt.into_iter()
                .zip(&computed)
                .map(|(s, comp)| cell(s, comp.iter().all(|c| *c)))
                .collect()
        }),
        national: protected
            .column_totals
            .unwrap_or_default()
            .into_iter()
            .zip(&column_computed)
            .map(|(s, c)| cell(s, *c))
            .collect(),
        national_total: protected
            .grand_total
            .map(|s| cell(s, column_computed.iter().all(|c| *c))),
        columns,
        total,
        governorates,
    }
}

/// Rates beside published counts, over the published coverage of the same row.
fn add_rates(tables: &mut [PublishedTable]) {
    let Some(coverage) = tables.iter().find(|t| t.code == COVERAGE_TABLE).cloned() else {
        return;
    };
    let catalogue = IndicatorCatalogue::builtin();
    let base = |row: Option<usize>, code: &str| -> Option<u64> {
        let unit = catalogue.get(code)?.unit;
        let col = usize::from(unit == tadamun_domain::indicator::catalogue::Unit::Household);
        let cell = match row {
            Some(r) => coverage.cells[r][col],
            None => coverage.national[col],
        };
        cell.shown.count().filter(|n| *n > 0)
    };
    let rate = |cell: &mut Cell, row: Option<usize>, code: &str| {
        if let (Some(n), Some(b), true) = (cell.shown.count(), base(row, code), cell.computed) {
            cell.rate = Some(n as f64 * 1000.0 / b as f64);
        }
    };
    for t in tables.iter_mut().filter(|t| t.code != COVERAGE_TABLE) {
        for (r, row) in t.cells.iter_mut().enumerate() {
            for (c, cell) in row.iter_mut().enumerate() {
                rate(cell, Some(r), &t.columns[c]);
            }
        }
        for (c, cell) in t.national.iter_mut().enumerate() {
            rate(cell, None, &t.columns[c]);
        }
        if let Some(total) = t.total.clone() {
            for (r, cell) in t.row_totals.iter_mut().flatten().enumerate() {
                rate(cell, Some(r), &total);
            }
            if let Some(cell) = t.national_total.as_mut() {
                rate(cell, None, &total);
            }
        }
    }
}

/// Grievance ages only where the count of unsettled grievances is published.
pub fn published_grievance_ages(
    tables: &[PublishedTable],
    values: &IndicatorTable,
) -> Vec<(GovernorateCode, GrievanceAge)> {
    let code = "open_grievances";
    let Some(t) = tables.iter().find(|t| t.columns.iter().any(|c| c == code)) else {
        return Vec::new();
    };
    let col = t.columns.iter().position(|c| c == code).unwrap_or(0);
    values
        .governorates
        .iter()
        .enumerate()
        .filter(|(r, _)| matches!(t.cells[*r][col].shown, Shown::Count(n) if n > 0))
        .filter_map(|(_, g)| g.grievance_age.map(|a| (g.governorate.clone(), a)))
        .collect()
}

/// A published table as CSV: one line per governorate and the national line, the
/// same suppression as the page ("<k" for small counts, "x" for withheld ones, empty
/// where not computed).
pub fn table_csv(
    t: &PublishedTable,
    k: Threshold,
    governorate_name: impl Fn(&GovernorateCode) -> String,
    column_label: impl Fn(&str) -> String,
    national_label: &str,
) -> String {
    let text = |c: &Cell| -> String {
        if !c.computed {
            return String::new();
        }
        match c.shown {
            Shown::Count(n) => n.to_string(),
            Shown::Small => format!("<{}", k.get()),
            Shown::Withheld => "x".into(),
        }
    };
    let mut out = String::new();
    let mut line = |fields: Vec<String>| {
        let quoted: Vec<String> = fields
            .into_iter()
            .map(|f| {
                if f.contains([',', '"', '\n']) {
                    format!("\"{}\"", f.replace('"', "\"\""))
                } else {
                    f
                }
            })
            .collect();
        out.push_str(&quoted.join(","));
        out.push_str("\r\n");
    };
    let mut header: Vec<String> = vec!["governorate_code".into(), column_label("governorate")];
    header.extend(t.columns.iter().map(|c| column_label(c)));
    if let Some(total) = &t.total {
        header.push(column_label(total));
    }
    line(header);
    for (r, g) in t.governorates.iter().enumerate() {
        let mut fields = vec![g.as_str().to_owned(), governorate_name(g)];
        fields.extend(t.cells[r].iter().map(text));
        if let Some(rt) = &t.row_totals {
            fields.push(text(&rt[r]));
        }
        line(fields);
    }
    let mut fields = vec![String::new(), national_label.to_owned()];
    fields.extend(t.national.iter().map(text));
    if let Some(total) = &t.national_total {
        fields.push(text(total));
    }
    line(fields);
    out
}

/// Reads and suppresses the portal's content for `today`.
pub async fn load(
    store: &Store,
    pack: &CountryPack,
    today: Date,
    k: Threshold,
) -> Result<Portal, StoreError> {
    let values = store
        .governorate_indicators(pack.country.code(), today)
        .await?;
    let programmes = store.published_programmes().await?;
    let partners = store.accredited_partners(today).await?;
    let mut portal = assemble(&values, programmes, partners, k);
    portal.decisions = store.public_decisions(pack.country).await?;
    Ok(portal)
}

/// The portal from its parts; the indicators are suppressed here.
pub fn assemble(
    values: &IndicatorTable,
    programmes: Vec<ProgrammeVersion>,
    partners: Vec<PublishedPartner>,
    k: Threshold,
) -> Portal {
    let tables = published_tables(IndicatorCatalogue::builtin(), values, k);
    Portal {
        today: values.today,
        threshold: k,
        grievance_ages: published_grievance_ages(&tables, values),
        tables,
        programmes,
        partners,
        decisions: Vec::new(),
    }
}

#[cfg(test)]
mod tests;
