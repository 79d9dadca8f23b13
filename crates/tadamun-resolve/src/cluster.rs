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
    /// The members of root `r`, taken out (a singleton's list is made on demand).
    fn take(&mut self, r: u32) -> Vec<u32> {
        let m = std::mem::take(&mut self.members[r as usize]);
        if m.is_empty() { vec![r] } else { m }
    }

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
    // Only records with a match edge ever join a cluster, so only pairs between two
    // of them are ever consulted: the adjacency leaves out the rest (most pairs).
    let mut active = vec![false; n];
    for e in edges.iter().filter(|e| e.band == Band::Match) {
        active[e.a as usize] = true;
        active[e.b as usize] = true;
    }
    let kept = |e: &&Edge| active[e.a as usize] && active[e.b as usize];
    // Adjacency in compressed rows: the kept pairs, both ways.
    let mut degree = vec![0u32; n + 1];
    for e in edges.iter().filter(kept) {
        degree[e.a as usize] += 1;
        degree[e.b as usize] += 1;
    }
    let mut start = vec![0usize; n + 1];
    for i in 0..n {
        start[i + 1] = start[i] + degree[i] as usize;
    }
    let mut fill = start.clone();
    let mut adj: Vec<(u32, bool)> = vec![(0, false); start[n]];
    for e in edges.iter().filter(kept) {
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
        // Empty stands for the singleton itself: no allocation per record.
        members: vec![Vec::new(); n],
    };
    for e in order {
        let (ra, rb) = (sets.find(e.a), sets.find(e.b));
        if ra == rb {
            continue;
        }
        let size = |sets: &Sets, r: u32| sets.members[r as usize].len().max(1);
        let (small, large) = if size(&sets, ra) <= size(&sets, rb) {
            (ra, rb)
        } else {
            (rb, ra)
        };
        let (ns, nl) = (size(&sets, small), size(&sets, large));
        if ns + nl > MAX_CLUSTER {
            continue;
        }
        let mut links = 0usize;
        let mut conflict = false;
        let small_members = sets.take(small);
        for &m in &small_members {
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
            sets.members[small as usize] = small_members;
            continue;
        }
        let mut large_members = sets.take(large);
        large_members.extend(small_members);
        sets.members[large as usize] = large_members;
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
    fn pairs_with_a_record_that_has_no_match_are_left_out_without_changing_the_result() {
        let edges = [
            e(0, 1, 25.0, Band::Match),
            e(0, 2, -10.0, Band::NonMatch),
            e(1, 2, 5.0, Band::Review),
            e(2, 3, 5.0, Band::Review),
        ];
        assert_eq!(cluster(4, &edges), [0, 0, 2, 3]);
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
