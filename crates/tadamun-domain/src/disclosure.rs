//! Small-count suppression for published tables: what the public portal may show.
//!
//! A count from 1 to k-1 is never published; it shows as "<10" (primary suppression).
//! Because tables carry totals, one hidden cell in a row could be worked out by
//! subtraction, and hidden cells with tight neighbours could be narrowed to one value.
//! So other cells are hidden too (complementary suppression): a count of at least k is
//! withheld, and a zero may be shown as "<10", which is still true. Cells are added
//! until, for every small cell, an attacker who knows every published number, that
//! "<10" means 0 to k-1 and that a withheld cell holds at least k, can no longer narrow
//! it within 0..k-1 at all; where no further cell helps, as far as the table allows.
//! `interval` computes exactly what such an attacker can learn.
//!
//! Each count must appear in one published table only; a second table repeating it
//! would be a second equation.

mod interval;
mod path;

use interval::attacker_interval;

use crate::FieldError;

/// The smallest count that may be published. Configurable; 10 by default.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Threshold(u64);

impl Threshold {
    pub const DEFAULT: Threshold = Threshold(10);

    pub fn new(k: u64) -> Result<Self, FieldError> {
        if k < 2 {
            return Err(FieldError::new(
                "k",
                "threshold-too-small",
                "the publication threshold must be at least 2",
            ));
        }
        Ok(Self(k))
    }

    pub fn get(self) -> u64 {
        self.0
    }

    fn is_small(self, count: u64) -> bool {
        count > 0 && count < self.0
    }
}

impl Default for Threshold {
    fn default() -> Self {
        Self::DEFAULT
    }
}

/// A table of counts as it would be published: rows by columns, with totals computed
/// from the cells. Row totals make sense only when the columns are parts of a whole
/// (elderly living alone and not alone); column totals when the rows are (governorates
/// adding up to the nation).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CountTable {
    pub cells: Vec<Vec<u64>>,
    pub row_totals: bool,
    pub column_totals: bool,
}

/// One published cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Shown {
    Count(u64),
    /// Under the threshold: shown as "<k".
    Small,
    /// At least the threshold, withheld so that a small cell cannot be worked out.
    Withheld,
}

impl Shown {
    pub fn count(self) -> Option<u64> {
        match self {
            Shown::Count(n) => Some(n),
            _ => None,
        }
    }
}

/// The table after suppression, the same shape as the `CountTable` it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProtectedTable {
    pub cells: Vec<Vec<Shown>>,
    pub row_totals: Option<Vec<Shown>>,
    pub column_totals: Option<Vec<Shown>>,
    /// Published only when both margins are.
    pub grand_total: Option<Shown>,
}

/// The table extended with its margins, one flat grid: the last row holds the column
/// totals and the last column the row totals, where published.
#[derive(Debug, Clone)]
pub(crate) struct Grid {
    pub rows: usize,
    pub cols: usize,
    /// Data rows and columns, without the margins.
    pub data_rows: usize,
    pub data_cols: usize,
    pub row_equations: bool,
    pub column_equations: bool,
    pub value: Vec<u64>,
    pub published: Vec<bool>,
    pub shown: Vec<Shown>,
}

impl Grid {
    fn new(table: &CountTable) -> Self {
        let data_rows = table.cells.len();
        let data_cols = table.cells.iter().map(Vec::len).max().unwrap_or(0);
        let rows = data_rows + usize::from(table.column_totals);
        let cols = data_cols + usize::from(table.row_totals);
        let mut value = vec![0u64; rows * cols];
        let mut published = vec![false; rows * cols];
        for (r, row) in table.cells.iter().enumerate() {
            for c in 0..data_cols {
                let v = row.get(c).copied().unwrap_or(0);
                value[r * cols + c] = v;
                published[r * cols + c] = true;
                if table.row_totals {
                    value[r * cols + data_cols] += v;
                }
                if table.column_totals {
                    value[data_rows * cols + c] += v;
                }
                if table.row_totals && table.column_totals {
                    value[data_rows * cols + data_cols] += v;
                }
            }
        }
        for r in 0..rows {
            for c in 0..cols {
                let margin_row = r >= data_rows;
                let margin_col = c >= data_cols;
                if margin_row || margin_col {
                    // A margin cell is published when its margin is; the grand total
                    // when both are.
                    published[r * cols + c] =
                        (!margin_row || table.column_totals) && (!margin_col || table.row_totals);
                }
            }
        }
        let shown = value.iter().map(|&v| Shown::Count(v)).collect();
        Self {
            rows,
            cols,
            data_rows,
            data_cols,
            row_equations: table.row_totals,
            column_equations: table.column_totals,
            value,
            published,
            shown,
        }
    }

    pub fn is_suppressed(&self, cell: usize) -> bool {
        self.published[cell] && !matches!(self.shown[cell], Shown::Count(_))
    }
}

/// Suppresses `table` for publication under threshold `k`.
pub fn protect(table: &CountTable, k: Threshold) -> ProtectedTable {
    let mut grid = Grid::new(table);
    for cell in 0..grid.value.len() {
        if grid.published[cell] && k.is_small(grid.value[cell]) {
            grid.shown[cell] = Shown::Small;
        }
    }
    // Small cells that no further hiding can protect better.
    let mut settled = vec![false; grid.value.len()];
    while let Some((exposed, short)) = first_exposed(&grid, k, &settled) {
        match best_complement(&grid, k, exposed) {
            Some((cell, left)) if left < short => hide(&mut grid, cell),
            _ => {
                let (low, _) = attacker_interval(&grid, k, exposed);
                let cycle = path::cheapest_cycle(&grid, k, exposed, low == 0);
                if cycle.is_empty() {
                    settled[exposed] = true;
                }
                for cell in cycle {
                    hide(&mut grid, cell);
                }
            }
        }
    }
    // A tiny table may still pin a small cell to one value: then it shows nothing.
    let pinned = (0..grid.value.len()).any(|c| {
        grid.shown[c] == Shown::Small && grid.value[c] > 0 && {
            let (low, high) = attacker_interval(&grid, k, c);
            low == high
        }
    });
    if pinned {
        for cell in 0..grid.value.len() {
            if grid.published[cell] && !grid.is_suppressed(cell) {
                hide(&mut grid, cell);
            }
        }
    }
    into_table(&grid)
}

/// Hides a cell that is not small itself: a zero as "<k" (still true), a larger count
/// as withheld.
fn hide(grid: &mut Grid, cell: usize) {
    grid.shown[cell] = if grid.value[cell] == 0 {
        Shown::Small
    } else {
        Shown::Withheld
    };
}

/// How far short of the whole band 0..k-1 an attacker's interval for `cell` falls.
fn shortfall(grid: &Grid, k: Threshold, cell: usize) -> u64 {
    let (low, high) = attacker_interval(grid, k, cell);
    low + (k.get() - 1).saturating_sub(high)
}

/// The first truly small cell (1..k-1) an attacker can narrow, with its shortfall.
fn first_exposed(grid: &Grid, k: Threshold, settled: &[bool]) -> Option<(usize, u64)> {
    (0..grid.value.len())
        .filter(|&c| grid.published[c] && grid.shown[c] == Shown::Small && !settled[c])
        .filter(|&c| grid.value[c] > 0)
        .map(|c| (c, shortfall(grid, k, c)))
        .find(|&(_, short)| short > 0)
}

/// The cell whose hiding best protects `exposed`, with the shortfall left: the
/// smallest shortfall, then the smallest count (the least information lost), then
/// data cells before totals, then the first in reading order.
fn best_complement(grid: &Grid, k: Threshold, exposed: usize) -> Option<(usize, u64)> {
    let mut best: Option<(u64, u64, bool, usize)> = None;
    let mut trial = grid.clone();
    for cell in 0..grid.value.len() {
        if !grid.published[cell] || grid.is_suppressed(cell) {
            continue;
        }
        hide(&mut trial, cell);
        let left = shortfall(&trial, k, exposed);
        trial.shown[cell] = grid.shown[cell];
        let is_margin = cell / grid.cols >= grid.data_rows || cell % grid.cols >= grid.data_cols;
        let key = (left, grid.value[cell], is_margin, cell);
        if best.is_none_or(|b| key < b) {
            best = Some(key);
        }
    }
    best.map(|(left, _, _, cell)| (cell, left))
}

fn into_table(grid: &Grid) -> ProtectedTable {
    let at = |r: usize, c: usize| grid.shown[r * grid.cols + c];
    let cells = (0..grid.data_rows)
        .map(|r| (0..grid.data_cols).map(|c| at(r, c)).collect())
        .collect();
    let row_totals = grid
        .row_equations
        .then(|| (0..grid.data_rows).map(|r| at(r, grid.data_cols)).collect());
    let column_totals = grid
        .column_equations
        .then(|| (0..grid.data_cols).map(|c| at(grid.data_rows, c)).collect());
    let grand_total =
        (grid.row_equations && grid.column_equations).then(|| at(grid.data_rows, grid.data_cols));
    ProtectedTable {
        cells,
        row_totals,
        column_totals,
        grand_total,
    }
}

#[cfg(test)]
mod tests;
