"""Turns results-N.jsonl into a Markdown table of medians (time, memory, metrics)."""

import json
import statistics
import sys
from collections import defaultdict

rows = [json.loads(line) for line in open(sys.argv[1])]
groups = defaultdict(list)
for r in rows:
    groups[(r["tier"], r["tool"])].append(r)

med = statistics.median
print("| tier | tool | runs | wall s | peak RSS MiB | precision | recall | F1 | B³ F1 | recall @ P≥0.999 |")
print("|---|---|---|---|---|---|---|---|---|---|")
for (tier, tool), rs in groups.items():
    m = lambda k: med(r["metrics"][k] for r in rs if r["metrics"][k] is not None)
    print(f"| {tier} | {tool} | {len(rs)} | {med(r['wall_s'] for r in rs):.1f} | {med(r['peak_rss_kb'] for r in rs) / 1024:.0f} | "
          f"{m('precision'):.4f} | {m('recall'):.4f} | {m('f1'):.4f} | {m('bcubed_f1'):.4f} | {m('recall_at_p999'):.4f} |")
print()
print("False-merge rate per hard-negative class, and miss rate per duplicate channel (median of runs):")
print()
classes = sorted({k for r in rows for k in r["metrics"]["false_merge_rate"]})
channels = sorted({k for r in rows for k in r["metrics"]["miss_rate"]})
print("| tier | tool | " + " | ".join(f"merged {c}" for c in classes) + " | " + " | ".join(f"missed {c}" for c in channels) + " |")
print("|---|---|" + "---|" * (len(classes) + len(channels)))
for (tier, tool), rs in groups.items():
    fm = [med(r["metrics"]["false_merge_rate"].get(c, 0) for r in rs) for c in classes]
    mr = [med(r["metrics"]["miss_rate"].get(c, 0) for r in rs) for c in channels]
    print(f"| {tier} | {tool} | " + " | ".join(f"{x:.4f}" for x in fm + mr) + " |")
