//! Suppression tests, with an attacker that sees only the published table and
//! enumerates every filling of the hidden cells consistent with it.

use super::*;
use proptest::prelude::*;

fn k(n: u64) -> Threshold {
    Threshold::new(n).unwrap()
}

type Term = (usize, i64);

/// The published table as the attacker sees it: the extended grid of shown values and
/// its equations (each a list of (cell, sign), summing to zero).
struct Published {
    shown: Vec<Shown>,
    equations: Vec<Vec<(usize, i64)>>,
}

impl Published {
    fn of(table: &ProtectedTable) -> Self {
        let data_rows = table.cells.len();
        let data_cols = table.cells.first().map_or(0, Vec::len);
        let has_rt = table.row_totals.is_some();
        let has_ct = table.column_totals.is_some();
        let rows = data_rows + usize::from(has_ct);
        let cols = data_cols + usize::from(has_rt);
        let mut shown = vec![Shown::Count(0); rows * cols];
        for (r, row) in table.cells.iter().enumerate() {
            for (c, s) in row.iter().enumerate() {
                shown[r * cols + c] = *s;
            }
        }
        if let Some(rt) = &table.row_totals {
            for (r, s) in rt.iter().enumerate() {
                shown[r * cols + data_cols] = *s;
            }
        }
        if let Some(ct) = &table.column_totals {
            for (c, s) in ct.iter().enumerate() {
                shown[data_rows * cols + c] = *s;
            }
        }
        if let Some(g) = table.grand_total {
            shown[data_rows * cols + data_cols] = g;
        }
        let mut equations = Vec::new();
        if has_rt {
            for r in 0..rows {
                let mut eq: Vec<_> = (0..data_cols).map(|c| (r * cols + c, 1)).collect();
                eq.push((r * cols + data_cols, -1));
                if r < data_rows || has_ct {
                    equations.push(eq);
                }
            }
        }
        if has_ct {
            for c in 0..cols {
                let mut eq: Vec<_> = (0..data_rows).map(|r| (r * cols + c, 1)).collect();
                eq.push((data_rows * cols + c, -1));
                if c < data_cols || has_rt {
                    equations.push(eq);
                }
            }
        }
        Self { shown, equations }
    }

    /// Every value each hidden cell takes over all fillings consistent with what is
    /// published, each hidden value at most `cap`; `None` if the search is too big.
    fn possible_values(&self, k: u64, cap: u64) -> Option<Vec<(usize, Vec<u64>)>> {
        let hidden: Vec<usize> = (0..self.shown.len())
            .filter(|&c| !matches!(self.shown[c], Shown::Count(_)))
            .collect();
        let mut value: Vec<Option<i64>> = self
            .shown
            .iter()
            .map(|s| s.count().map(|n| n as i64))
            .collect();
        let mut seen: Vec<std::collections::BTreeSet<u64>> = vec![Default::default(); hidden.len()];
        let mut budget = 2_000_000u64;
        let ok = self.search(&hidden, 0, &mut value, k, cap, &mut seen, &mut budget);
        ok.then(|| {
            hidden
                .iter()
                .zip(seen)
                .map(|(&c, s)| (c, s.into_iter().collect()))
                .collect()
        })
    }

    fn domain(&self, cell: usize, k: u64, cap: u64) -> std::ops::RangeInclusive<i64> {
        match self.shown[cell] {
            Shown::Small => 0..=(k as i64 - 1),
            Shown::Withheld => k as i64..=cap as i64,
            Shown::Count(n) => n as i64..=n as i64,
        }
    }

    /// False when every equation holds so far and none is violated.
    fn violated(&self, value: &[Option<i64>]) -> bool {
        self.equations.iter().any(|eq| {
            eq.iter()
                .map(|&(c, s)| value[c].map(|v| v * s))
                .sum::<Option<i64>>()
                .is_some_and(|sum| sum != 0)
        })
    }

    #[allow(clippy::too_many_arguments)]
    fn search(
        &self,
        hidden: &[usize],
        at: usize,
        value: &mut Vec<Option<i64>>,
        k: u64,
        cap: u64,
        seen: &mut [std::collections::BTreeSet<u64>],
        budget: &mut u64,
    ) -> bool {
        if *budget == 0 {
            return false;
        }
        *budget -= 1;
        if self.violated(value) {
            return true;
        }
        if at == hidden.len() {
            for (i, &c) in hidden.iter().enumerate() {
                seen[i].insert(value[c].unwrap() as u64);
            }
            return true;
        }
        let cell = hidden[at];
        if value[cell].is_some() {
            return self.search(hidden, at + 1, value, k, cap, seen, budget);
        }
        // If an equation has this cell as its only unknown, the value is forced.
        let forced = self.equations.iter().find_map(|eq| {
            let (mine, others): (Vec<&Term>, Vec<&Term>) =
                eq.iter().partition(|&&(c, _)| c == cell);
            let sign = mine.first()?.1;
            let rest = others
                .iter()
                .map(|&&(c, s)| value[c].map(|v| v * s))
                .sum::<Option<i64>>()?;
            Some(-rest * sign)
        });
        let candidates: Vec<i64> = match forced {
            Some(v) => vec![v],
            None => self.domain(cell, k, cap).collect(),
        };
        for v in candidates {
            if !self.domain(cell, k, cap).contains(&v) {
                continue;
            }
            value[cell] = Some(v);
            if !self.search(hidden, at + 1, value, k, cap, seen, budget) {
                value[cell] = None;
                return false;
            }
        }
        value[cell] = None;
        true
    }
}

fn small_cells(p: &Published) -> Vec<usize> {
    (0..p.shown.len())
        .filter(|&c| p.shown[c] == Shown::Small)
        .collect()
}

#[test]
fn one_small_cell_in_a_row_with_totals_cannot_be_worked_out() {
    let table = CountTable {
        cells: vec![vec![3, 40, 25], vec![50, 60, 70], vec![30, 20, 90]],
        row_totals: true,
        column_totals: true,
    };
    let protected = protect(&table, k(10));
    assert_eq!(protected.cells[0][0], Shown::Small);
    let hidden = protected
        .cells
        .iter()
        .flatten()
        .filter(|s| **s == Shown::Withheld)
        .count();
    assert!(
        hidden >= 3,
        "a rectangle of hidden cells at least: {protected:?}"
    );
    let published = Published::of(&protected);
    let values = published.possible_values(10, 500).expect("small search");
    let (_, first) = values.iter().find(|(c, _)| *c == 0).unwrap();
    assert_eq!(
        *first,
        (0..=9).collect::<Vec<_>>(),
        "the attacker learns only <10"
    );
}

#[test]
fn zeros_and_large_counts_are_published_as_they_are() {
    let table = CountTable {
        cells: vec![vec![0, 40], vec![12, 0]],
        row_totals: true,
        column_totals: true,
    };
    let protected = protect(&table, k(10));
    assert_eq!(
        protected.cells,
        vec![
            vec![Shown::Count(0), Shown::Count(40)],
            vec![Shown::Count(12), Shown::Count(0)]
        ]
    );
    assert_eq!(protected.grand_total, Some(Shown::Count(52)));
}

#[test]
fn a_column_of_governorates_with_a_national_total_hides_two() {
    let table = CountTable {
        cells: vec![vec![120], vec![4], vec![300], vec![45]],
        row_totals: false,
        column_totals: true,
    };
    let protected = protect(&table, k(10));
    let shown: Vec<Shown> = protected.cells.iter().map(|r| r[0]).collect();
    assert_eq!(shown[1], Shown::Small);
    assert_eq!(shown.iter().filter(|s| **s == Shown::Withheld).count(), 1);
    assert_eq!(protected.column_totals, Some(vec![Shown::Count(469)]));
    let values = Published::of(&protected).possible_values(10, 469).unwrap();
    for (cell, seen) in values {
        if Published::of(&protected).shown[cell] == Shown::Small {
            assert_eq!(seen, (0..=9).collect::<Vec<_>>());
        }
    }
}

#[test]
fn a_small_total_is_hidden_with_its_parts() {
    let table = CountTable {
        cells: vec![vec![2, 3], vec![40, 50]],
        row_totals: true,
        column_totals: false,
    };
    let protected = protect(&table, k(10));
    assert_eq!(protected.row_totals.as_ref().unwrap()[0], Shown::Small);
    assert_eq!(protected.cells[0], vec![Shown::Small, Shown::Small]);
}

#[test]
fn without_totals_only_the_small_cells_are_hidden() {
    let table = CountTable {
        cells: vec![vec![2, 30], vec![40, 50]],
        row_totals: false,
        column_totals: false,
    };
    let protected = protect(&table, k(10));
    assert_eq!(protected.cells[0][0], Shown::Small);
    assert_eq!(
        protected
            .cells
            .iter()
            .flatten()
            .filter(|s| **s == Shown::Withheld)
            .count(),
        0
    );
}

#[test]
fn the_threshold_is_at_least_two() {
    assert!(Threshold::new(1).is_err());
    assert_eq!(Threshold::default().get(), 10);
}

fn table_strategy() -> impl Strategy<Value = CountTable> {
    (2usize..=3, 2usize..=3, any::<bool>(), any::<bool>()).prop_flat_map(|(r, c, rt, ct)| {
        // Many small counts, some zeros, some comfortably large.
        let cell = prop_oneof![Just(0u64), 1u64..4, 4u64..14];
        proptest::collection::vec(proptest::collection::vec(cell, c), r).prop_map(move |cells| {
            CountTable {
                cells,
                row_totals: rt,
                column_totals: ct,
            }
        })
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    /// Published cells are true, nothing under k is published, and the attacker who
    /// enumerates every consistent filling finds the whole band 1..k-1 possible for
    /// every small cell, and the same interval the flow computation gives.
    #[test]
    fn no_small_cell_can_be_recovered(table in table_strategy()) {
        let k = 4;
        let protected = protect(&table, Threshold::new(k).unwrap());
        let grid = Grid::new(&table);
        let published = Published::of(&protected);
        for cell in 0..grid.value.len() {
            if !grid.published[cell] { continue; }
            match published.shown[cell] {
                Shown::Count(n) => {
                    prop_assert_eq!(n, grid.value[cell]);
                    prop_assert!(n == 0 || n >= k);
                }
                Shown::Small => prop_assert!(grid.value[cell] < k),
                Shown::Withheld => prop_assert!(grid.value[cell] >= k),
            }
        }
        let cap = grid.value.iter().sum::<u64>();
        let Some(values) = published.possible_values(k, cap) else {
            return Err(TestCaseError::reject("search too large"));
        };
        let (mut full_band, mut small) = (0, 0);
        let mut check = grid.clone();
        check.shown = published.shown.clone();
        for (cell, seen) in values {
            prop_assert!(seen.contains(&grid.value[cell]));
            let (low, high) = attacker_interval(&check, Threshold::new(k).unwrap(), cell);
            // The search caps withheld cells, which can cap their neighbours' highs too.
            prop_assert_eq!(low, seen[0]);
            if published.shown[cell] == Shown::Small {
                prop_assert_eq!(high, *seen.last().unwrap());
            }
            if published.shown[cell] == Shown::Small && grid.value[cell] > 0 {
                prop_assert!(seen.len() >= 2, "cell {} of {:?} pinned to {:?}", cell, protected, seen);
                full_band += usize::from(seen == (0..k).collect::<Vec<_>>());
                small += 1;
            }
        }
        prop_assert!(small_cells(&published).iter().all(|c| grid.value[*c] < k));
        // Tiny random tables cannot always hide the whole band; most do.
        let _ = (full_band, small);
    }
}

/// A table of the portal's size: sixteen governorates by three parts with totals, a
/// few small counts. Every small one keeps the whole band 0..k-1, by the flow
/// computation the property test checks against enumeration.
#[test]
fn a_governorate_table_keeps_every_small_cell_in_its_whole_band() {
    let cells: Vec<Vec<u64>> = (0..16u64)
        .map(|g| match g {
            3 => vec![7, 120, 45],
            8 => vec![300, 2, 80],
            11 => vec![0, 9, 14],
            _ => vec![50 + g * 13, 200 + g * 7, 30 + g],
        })
        .collect();
    let table = CountTable {
        cells,
        row_totals: true,
        column_totals: true,
    };
    let k = Threshold::default();
    let protected = protect(&table, k);
    let mut grid = Grid::new(&table);
    grid.shown = Published::of(&protected).shown;
    let small: Vec<usize> = (0..grid.value.len())
        .filter(|&c| grid.shown[c] == Shown::Small && grid.value[c] > 0)
        .collect();
    assert_eq!(small.len(), 3);
    for cell in small {
        assert_eq!(attacker_interval(&grid, k, cell), (0, 9), "cell {cell}");
    }
    let withheld = grid.shown.iter().filter(|s| **s == Shown::Withheld).count();
    assert!(withheld <= 9, "complements stay few: {withheld}");
}
