#!/usr/bin/env python3
"""Lists the false merges of a clustering: record pairs in one cluster that the truth
says are different people, classed (hard-negative class, or "stranger"), with both
records' fields and the pair's score, so a guard can be aimed at what goes wrong.

  false_merges.py persons.csv truth.csv clusters.csv pairs.csv [limit]
"""
import csv
import sys
from collections import Counter, defaultdict
from itertools import combinations

persons_path, truth_path, clusters_path, pairs_path = sys.argv[1:5]
limit = int(sys.argv[5]) if len(sys.argv) > 5 else 40

truth = {}
with open(truth_path, newline="") as f:
    for r in csv.DictReader(f):
        truth[r["record_id"]] = r
clusters = defaultdict(list)
with open(clusters_path, newline="") as f:
    for r in csv.DictReader(f):
        clusters[r["cluster_id"]].append(r["record_id"])

bad = []
for members in clusters.values():
    if len(members) < 2:
        continue
    for a, b in combinations(members, 2):
        ta, tb = truth[a], truth[b]
        if ta["entity_id"] == tb["entity_id"]:
            continue
        cls = "stranger"
        for x, y in ((ta, tb), (tb, ta)):
            if x["hard_negative"] and x["anchor_entity"] == y["entity_id"]:
                cls = x["hard_negative"]
        bad.append((cls, a, b))

need = {r for _, a, b in bad for r in (a, b)}
rows = {}
with open(persons_path, newline="") as f:
    for r in csv.DictReader(f):
        if r["record_id"] in need:
            rows[r["record_id"]] = r
scores = {}
with open(pairs_path, newline="") as f:
    for r in csv.DictReader(f):
        if r["left_id"] in need and r["right_id"] in need:
            scores[frozenset((r["left_id"], r["right_id"]))] = (r["score"], r["band"])

print("false pairs:", len(bad), dict(Counter(c for c, _, _ in bad)))
chan = Counter()
for _, a, b in bad:
    chan[tuple(sorted((truth[a]["channel"], truth[b]["channel"])))] += 1
print("channels:", dict(chan))
cols = ["given_name", "father_name", "grandfather_name", "family_name", "full_name",
        "sex", "birth_date", "national_id", "phone", "governorate", "household_id"]
for cls, a, b in bad[:limit]:
    s = scores.get(frozenset((a, b)), ("-", "not compared"))
    print(f"--- {cls} score {s[0]} {s[1]}")
    for r in (a, b):
        t = truth[r]
        print("  ", t["entity_id"], t["channel"], "|", " | ".join(rows[r][c] for c in cols))
