//! When no single extra cell protects a small one (a lone small cell needs a whole
//! rectangle around it), hide the cheapest cycle of cells through it at once.

use super::{Grid, Shown, Threshold, interval};

/// The cells not yet hidden on the cheapest path of cells from the exposed cell's
/// column back to its row (so that it can rise) or the reverse (so that it can fall),
/// through cells that would have room in that direction once hidden. Hidden cells cost
/// nothing; others cost their count, so small counts are spent first. Empty when no
/// path adds a cell.
pub(super) fn cheapest_cycle(grid: &Grid, k: Threshold, exposed: usize, rise: bool) -> Vec<usize> {
    let nodes = interval::Nodes::of(grid);
    let mut trial = grid.clone();
    // arcs[u] = (v, cost, cell)
    let mut arcs: Vec<Vec<(usize, u64, usize)>> = vec![Vec::new(); nodes.count];
    for cell in 0..grid.value.len() {
        if cell == exposed || !grid.published[cell] {
            continue;
        }
        let hidden = grid.is_suppressed(cell);
        if !hidden {
            trial.shown[cell] = if grid.value[cell] == 0 {
                Shown::Small
            } else {
                Shown::Withheld
            };
        }
        let (up, down) = interval::room(&trial, k, cell);
        trial.shown[cell] = grid.shown[cell];
        let cost = if hidden { 0 } else { grid.value[cell] + 1 };
        let (row, col) = nodes.ends(grid, cell);
        if up > 0 {
            arcs[row].push((col, cost, cell));
        }
        if down > 0 {
            arcs[col].push((row, cost, cell));
        }
    }
    let (row, col) = nodes.ends(grid, exposed);
    let (source, target) = if rise { (col, row) } else { (row, col) };
    let mut best = vec![u64::MAX; nodes.count];
    let mut via: Vec<Option<(usize, usize)>> = vec![None; nodes.count];
    let mut queue = std::collections::BinaryHeap::new();
    best[source] = 0;
    queue.push(std::cmp::Reverse((0u64, source)));
    while let Some(std::cmp::Reverse((d, u))) = queue.pop() {
        if d > best[u] {
            continue;
        }
        for &(v, cost, cell) in &arcs[u] {
            let next = d + cost;
            if next < best[v] {
                best[v] = next;
                via[v] = Some((u, cell));
                queue.push(std::cmp::Reverse((next, v)));
            }
        }
    }
    let mut cells = Vec::new();
    let mut at = target;
    while let Some((from, cell)) = via[at] {
        if !grid.is_suppressed(cell) {
            cells.push(cell);
        }
        at = from;
        if at == source {
            break;
        }
    }
    cells
}
