//! What an attacker can learn about one hidden cell: its exact feasible interval.
//!
//! Every row and column of a table with totals is an equation, and every equation has
//! only +1 coefficients once margin cells are counted negatively. Changing hidden cells
//! without breaking any published total is then a circulation on the bipartite graph
//! of equations (row side, column side), one arc each way per hidden cell, with the
//! room each cell has within its bounds as capacity. The most a cell can rise is the
//! maximum flow back around from its column to its row; the most it can fall, the
//! reverse. Integral capacities give integral answers, so the interval is exact.

use super::{Grid, Shown, Threshold};

/// Stands for "no upper bound" on a withheld cell; far above any count we publish.
const UNBOUNDED: i64 = 1 << 50;

/// The values a hidden cell could take, given every published number and the bounds an
/// attacker knows ("<k" cells 0..k-1, withheld cells at least k). A published cell's
/// interval is its value.
pub(crate) fn attacker_interval(grid: &Grid, k: Threshold, cell: usize) -> (u64, u64) {
    let value = grid.value[cell];
    if !grid.is_suppressed(cell) {
        return (value, value);
    }
    let (low, high) = bounds(grid.shown[cell], k);
    if !grid.row_equations && !grid.column_equations {
        return (low as u64, high.min(UNBOUNDED) as u64);
    }
    let nodes = Nodes::of(grid);
    let mut capacity = vec![vec![0i64; nodes.count]; nodes.count];
    for other in 0..grid.value.len() {
        if other == cell || !grid.is_suppressed(other) {
            continue;
        }
        let (up, down) = room(grid, k, other);
        let (row, col) = nodes.ends(grid, other);
        capacity[row][col] += up;
        capacity[col][row] += down;
    }
    let (row, col) = nodes.ends(grid, cell);
    let (up, down) = room(grid, k, cell);
    let rise = up.min(max_flow(capacity.clone(), col, row));
    let fall = down.min(max_flow(capacity, row, col));
    let v = value as i64;
    let (low, high) = if sign(grid, cell) > 0 {
        (v - fall, v + rise)
    } else {
        (v - rise, v + fall)
    };
    (low.max(0) as u64, high.min(UNBOUNDED) as u64)
}

fn bounds(shown: Shown, k: Threshold) -> (i64, i64) {
    let k = k.get() as i64;
    match shown {
        Shown::Small => (0, k - 1),
        Shown::Withheld => (k, UNBOUNDED),
        Shown::Count(n) => (n as i64, n as i64),
    }
}

/// Margin cells (but not the grand total) enter their equations negatively.
fn sign(grid: &Grid, cell: usize) -> i64 {
    let margin_row = cell / grid.cols >= grid.data_rows;
    let margin_col = cell % grid.cols >= grid.data_cols;
    if margin_row != margin_col { -1 } else { 1 }
}

/// How far the signed variable of `cell` can move up and down within its bounds.
pub(super) fn room(grid: &Grid, k: Threshold, cell: usize) -> (i64, i64) {
    let (low, high) = bounds(grid.shown[cell], k);
    let v = grid.value[cell] as i64;
    let (up, down) = (high - v, v - low);
    if sign(grid, cell) > 0 {
        (up, down)
    } else {
        (down, up)
    }
}

/// Equation nodes: one per row and per column that has a published total, or a single
/// node for a side without equations (nothing constrains it, and conservation there
/// follows from the other side's).
pub(super) struct Nodes {
    pub count: usize,
    columns_from: usize,
}

impl Nodes {
    pub fn of(grid: &Grid) -> Self {
        let row_nodes = if grid.row_equations { grid.rows } else { 1 };
        let col_nodes = if grid.column_equations { grid.cols } else { 1 };
        Self {
            count: row_nodes + col_nodes,
            columns_from: row_nodes,
        }
    }

    pub fn ends(&self, grid: &Grid, cell: usize) -> (usize, usize) {
        let row = if grid.row_equations {
            cell / grid.cols
        } else {
            0
        };
        let col = if grid.column_equations {
            cell % grid.cols
        } else {
            0
        };
        (row, self.columns_from + col)
    }
}

/// Edmonds–Karp on a dense matrix; the graphs have a few dozen nodes.
fn max_flow(mut capacity: Vec<Vec<i64>>, source: usize, sink: usize) -> i64 {
    let n = capacity.len();
    let mut total = 0i64;
    loop {
        let mut parent = vec![usize::MAX; n];
        parent[source] = source;
        let mut queue = std::collections::VecDeque::from([source]);
        while let Some(u) = queue.pop_front() {
            if u == sink {
                break;
            }
            for v in 0..n {
                if parent[v] == usize::MAX && capacity[u][v] > 0 {
                    parent[v] = u;
                    queue.push_back(v);
                }
            }
        }
        if parent[sink] == usize::MAX {
            return total;
        }
        let mut bottleneck = i64::MAX;
        let mut v = sink;
        while v != source {
            let u = parent[v];
            bottleneck = bottleneck.min(capacity[u][v]);
            v = u;
        }
        let mut v = sink;
        while v != source {
            let u = parent[v];
            capacity[u][v] -= bottleneck;
            capacity[v][u] += bottleneck;
            v = u;
        }
        total += bottleneck;
        if total >= UNBOUNDED {
            return UNBOUNDED;
        }
    }
}
