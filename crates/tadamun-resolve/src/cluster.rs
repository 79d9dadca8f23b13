//! Clustering without chaining. Plain connected components let A≈B and B≈C merge A
//! with a C it contradicts, and a chain of such steps can swallow a clan. Here match
//! edges are taken strongest first, and two clusters join only when a strict majority
//! of the pairs between them scored at least `review` and none was compared and judged
//! a non-match: every member must agree with most of the cluster, not with one bridge.

use crate::score::Band;

/// A compared pair, as the clusterer needs it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Edge {
    pub a: u32,
    pub b: u32,
    pub score: f32,
    pub band: Band,
}

/// Largest cluster the clusterer builds; a person is not registered fifty times.
pub const MAX_CLUSTER: usize = 16;

struct Sets {
    parent: Vec<u32>,
    members: Vec<Vec<u32>>,
}

impl Sets {
    fn find(&mut self, mut x: u32) -> u32 {
        while self.parent[x as usize] != x {
            let p = self.parent[x as usize];
            self.parent[x as usize] = self.parent[p as usize];
            x = p;
        }
        x
    }
}

/// The cluster of each record: the index of its cluster's first record.
pub fn cluster(n: usize, edges: &[Edge]) -> Vec<u32> {
    // Adjacency in compressed rows: every compared pair, both ways.
    let mut degree = vec![0u32; n + 1];
    for e in edges {
        degree[e.a as usize] += 1;
        degree[e.b as usize] += 1;
    }
    let mut start = vec![0usize; n + 1];
    for i in 0..n {
        start[i + 1] = start[i] + degree[i] as usize;
    }
    let mut fill = start.clone();
    let mut adj: Vec<(u32, bool)> = vec![(0, false); start[n]];
    for e in edges {
        let linked = e.band != Band::NonMatch;
        adj[fill[e.a as usize]] = (e.b, linked);
        fill[e.a as usize] += 1;
        adj[fill[e.b as usize]] = (e.a, linked);
        fill[e.b as usize] += 1;
    }
    let mut order: Vec<&Edge> = edges.iter().filter(|e| e.band == Band::Match).collect();
    order.sort_by(|x, y| {
        y.score
            .total_cmp(&x.score)
            .then((x.a, x.b).cmp(&(y.a, y.b)))
    });
    let mut sets = Sets {
        parent: (0..n as u32).collect(),
        members: (0..n as u32).map(|i| vec![i]).collect(),
    };
    for e in order {
        let (ra, rb) = (sets.find(e.a), sets.find(e.b));
        if ra == rb {
            continue;
        }
        let (small, large) = if sets.members[ra as usize].len() <= sets.members[rb as usize].len() {
            (ra, rb)
        } else {
            (rb, ra)
        };
        let (ns, nl) = (
            sets.members[small as usize].len(),
            sets.members[large as usize].len(),
        );
        if ns + nl > MAX_CLUSTER {
            continue;
        }
        let mut links = 0usize;
        let mut conflict = false;
        for &m in &sets.members[small as usize].clone() {
            for &(o, linked) in &adj[start[m as usize]..start[m as usize + 1]] {
                if sets.find(o) == large {
                    if linked {
                        links += 1;
                    } else {
                        conflict = true;
                    }
                }
            }
        }
        if conflict || links * 2 <= ns * nl {
            continue;
        }
        let moved = std::mem::take(&mut sets.members[small as usize]);
        sets.members[large as usize].extend(moved);
        sets.parent[small as usize] = large;
    }
    let mut first = vec![u32::MAX; n];
    let mut out = vec![0u32; n];
    for i in 0..n as u32 {
        let r = sets.find(i) as usize;
        if first[r] == u32::MAX {
            first[r] = i;
        }
        out[i as usize] = first[r];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn e(a: u32, b: u32, score: f32, band: Band) -> Edge {
        Edge { a, b, score, band }
    }

    #[test]
    fn a_strong_pair_merges() {
        assert_eq!(cluster(3, &[e(0, 1, 20.0, Band::Match)]), [0, 0, 2]);
    }

    #[test]
    fn a_bridge_does_not_chain_two_people_who_contradict_each_other() {
        // 0≈1, 1≈2, but 0 and 2 were compared and differ: 2 stays out.
        let edges = [
            e(0, 1, 25.0, Band::Match),
            e(1, 2, 20.0, Band::Match),
            e(0, 2, -10.0, Band::NonMatch),
        ];
        assert_eq!(cluster(3, &edges), [0, 0, 2]);
    }

    #[test]
    fn a_record_that_matches_only_one_member_of_a_trio_stays_out() {
        let edges = [
            e(0, 1, 25.0, Band::Match),
            e(0, 2, 25.0, Band::Match),
            e(1, 2, 25.0, Band::Match),
            e(2, 3, 15.0, Band::Match),
        ];
        assert_eq!(cluster(4, &edges), [0, 0, 0, 3]);
    }

    #[test]
    fn a_record_that_agrees_with_most_of_a_cluster_joins_it() {
        let edges = [
            e(0, 1, 25.0, Band::Match),
            e(1, 2, 20.0, Band::Match),
            e(0, 2, 5.0, Band::Review),
        ];
        assert_eq!(cluster(3, &edges), [0, 0, 0]);
    }
}
