//! Scores a clustering against the synthetic truth: pairwise precision, recall and F1,
//! B-cubed F1, recall at precision ≥ 0.999 (from a scored pairs file), the false-merge
//! rate per hard-negative class and the miss rate per duplicate channel. Prints one
//! JSON object, so the benchmark script can tabulate tools side by side.
//!
//! `--truth truth.csv --clusters clusters.csv [--pairs pairs.csv]`

use std::collections::{BTreeMap, HashMap};

fn arg(args: &[String], name: &str) -> Option<String> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .cloned()
}

fn pairs_in(n: u64) -> u64 {
    n * n.saturating_sub(1) / 2
}

struct Truth {
    entity: u64,
    channel: String,
    hard_negative: String,
    anchor: Option<u64>,
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let mut truth: HashMap<String, Truth> = HashMap::new();
    for r in csv::Reader::from_path(arg(&args, "--truth").ok_or("--truth")?)?.records() {
        let r = r?;
        truth.insert(
            r[0].to_owned(),
            Truth {
                entity: r[1].parse()?,
                channel: r[2].to_owned(),
                hard_negative: r[3].to_owned(),
                anchor: r[4].parse().ok(),
            },
        );
    }
    let mut cluster_of: HashMap<String, String> = HashMap::new();
    for r in csv::Reader::from_path(arg(&args, "--clusters").ok_or("--clusters")?)?.records() {
        let r = r?;
        cluster_of.insert(r[0].to_owned(), r[1].to_owned());
    }
    if cluster_of.len() != truth.len() || truth.keys().any(|k| !cluster_of.contains_key(k)) {
        return Err(format!(
            "clusters cover {} of {} records",
            cluster_of.len(),
            truth.len()
        )
        .into());
    }
    let mut cluster_size: HashMap<&str, u64> = HashMap::new();
    let mut entity_size: HashMap<u64, u64> = HashMap::new();
    let mut both: HashMap<(&str, u64), u64> = HashMap::new();
    for (id, t) in &truth {
        let c = cluster_of[id].as_str();
        *cluster_size.entry(c).or_default() += 1;
        *entity_size.entry(t.entity).or_default() += 1;
        *both.entry((c, t.entity)).or_default() += 1;
    }
    let tp: u64 = both.values().map(|&n| pairs_in(n)).sum();
    let predicted: u64 = cluster_size.values().map(|&n| pairs_in(n)).sum();
    let actual: u64 = entity_size.values().map(|&n| pairs_in(n)).sum();
    let precision = tp as f64 / predicted.max(1) as f64;
    let recall = tp as f64 / actual.max(1) as f64;
    let f1 = 2.0 * precision * recall / (precision + recall).max(1e-12);
    let (mut bp, mut br) = (0.0, 0.0);
    for (id, t) in &truth {
        let c = cluster_of[id].as_str();
        let shared = both[&(c, t.entity)] as f64;
        bp += shared / cluster_size[c] as f64;
        br += shared / entity_size[&t.entity] as f64;
    }
    let n = truth.len() as f64;
    let (bp, br) = (bp / n, br / n);
    let b3 = 2.0 * bp * br / (bp + br);
    // Which entities each cluster holds, for merge and miss checks.
    let mut entities_in: HashMap<&str, Vec<u64>> = HashMap::new();
    for (id, t) in &truth {
        entities_in
            .entry(cluster_of[id].as_str())
            .or_default()
            .push(t.entity);
    }
    let mut originals: HashMap<u64, &str> = HashMap::new();
    for (id, t) in &truth {
        if t.channel == "original" {
            originals.insert(t.entity, id);
        }
    }
    let mut merges: BTreeMap<&str, (u64, u64)> = BTreeMap::new();
    let mut misses: BTreeMap<&str, (u64, u64)> = BTreeMap::new();
    for (id, t) in &truth {
        let c = cluster_of[id].as_str();
        if let Some(anchor) = t.anchor {
            let e = merges.entry(t.hard_negative.as_str()).or_default();
            e.1 += 1;
            if entities_in[c].contains(&anchor) {
                e.0 += 1;
            }
        }
        if t.channel != "original" {
            let e = misses.entry(t.channel.as_str()).or_default();
            e.1 += 1;
            if originals
                .get(&t.entity)
                .is_none_or(|o| cluster_of[*o] != cluster_of[id])
            {
                e.0 += 1;
            }
        }
    }
    let mut recall_at = serde_like_null();
    if let Some(p) = arg(&args, "--pairs") {
        let mut scored: Vec<(f64, bool)> = Vec::new();
        for r in csv::Reader::from_path(p)?.records() {
            let r = r?;
            let (Some(a), Some(b)) = (truth.get(&r[0]), truth.get(&r[1])) else {
                continue;
            };
            scored.push((r[2].parse()?, a.entity == b.entity));
        }
        scored.sort_by(|x, y| y.0.total_cmp(&x.0));
        let (mut hits, mut best) = (0u64, 0.0f64);
        for (i, &(s, is_match)) in scored.iter().enumerate() {
            hits += u64::from(is_match);
            // Only cut between different scores.
            let cut = scored.get(i + 1).is_none_or(|next| next.0 < s);
            if cut && hits as f64 / (i + 1) as f64 >= 0.999 {
                best = best.max(hits as f64 / actual.max(1) as f64);
            }
        }
        recall_at = format!("{best:.4}");
    }
    let rates = |m: &BTreeMap<&str, (u64, u64)>| {
        m.iter()
            .map(|(k, (bad, all))| format!("\"{k}\": {:.4}", *bad as f64 / (*all).max(1) as f64))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let counts = |m: &BTreeMap<&str, (u64, u64)>| {
        m.iter()
            .map(|(k, (_, all))| format!("\"{k}\": {all}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    println!(
        "{{\"records\": {}, \"true_pairs\": {actual}, \"predicted_pairs\": {predicted}, \"precision\": {precision:.4}, \"recall\": {recall:.4}, \"f1\": {f1:.4}, \"bcubed_f1\": {b3:.4}, \"recall_at_p999\": {recall_at}, \"false_merge_rate\": {{{}}}, \"hard_negatives\": {{{}}}, \"miss_rate\": {{{}}}, \"duplicates\": {{{}}}}}",
        truth.len(),
        rates(&merges),
        counts(&merges),
        rates(&misses),
        counts(&misses)
    );
    Ok(())
}

fn serde_like_null() -> String {
    "null".to_owned()
}
