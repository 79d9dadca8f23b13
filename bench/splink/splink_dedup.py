"""Splink 5 (DuckDB) on a `tadamun dedup` input file, given its best fair chance:
blocking rules checked for size before predicting, u by random sampling, m by EM on
training blocks chosen for this domain, term-frequency adjustments on given and family
names. The household id is not compared: Splink learns "same household" as evidence
of a match (duplicates share it more often than strangers), which merges siblings.

usage: splink_dedup.py persons.csv clusters.csv pairs.csv
Writes clusters (record_id,cluster_id) and pairs (left_id,right_id,score,band) in the
same layout as tadamun, so one evaluator scores both.
"""

import os
import sys
import time

import duckdb

import pandas as pd
import splink.comparison_library as cl
from splink import DuckDBAPI, Linker, SettingsCreator, block_on
from splink.blocking_analysis import count_comparisons_from_blocking_rules

MATCH = 0.95  # clustering threshold (match probability), fixed before looking at results
REVIEW = 0.5

src, clusters_out, pairs_out = sys.argv[1:4]
t0 = time.time()
df = pd.read_csv(src, dtype=str, keep_default_na=False)
for c in df.columns:
    df[c] = df[c].replace("", None)
df["birth_year"] = df["birth_date"].str[:4]
con = duckdb.connect(":memory:", config={"threads": int(os.environ.get("THREADS", "2"))})
db = DuckDBAPI(connection=con)
sdf = db.register(df)

rules = [
    block_on("national_id"),
    block_on("phone"),
    block_on("given_name", "family_name", "birth_year"),
    block_on("given_name", "father_name", "grandfather_name"),
    block_on("given_name", "father_name", "family_name"),
    block_on("family_name", "birth_date"),
    block_on("given_name", "birth_date"),
]
counts = count_comparisons_from_blocking_rules(
    sdf, blocking_rules=rules, link_type="dedupe_only", unique_id_column_name="record_id"
)
for r in counts:
    print(f"  block {r['blocking_rule']}: +{r['marginal_comparison_count']:,} (total {r['cumulative_comparison_count']:,})", file=sys.stderr)

name = lambda c, tf: cl.JaroWinklerAtThresholds(c, [0.92, 0.8]).configure(term_frequency_adjustments=tf)
settings = SettingsCreator(
    link_type="dedupe_only",
    unique_id_column_name="record_id",
    blocking_rules_to_generate_predictions=rules,
    comparisons=[
        name("given_name", True),
        name("father_name", False),
        name("grandfather_name", False),
        name("family_name", True),
        cl.DateOfBirthComparison("birth_date", input_is_string=True),
        cl.LevenshteinAtThresholds("national_id", [1, 2]),
        cl.LevenshteinAtThresholds("phone", [1]),
        cl.ExactMatch("sex"),
        cl.ExactMatch("governorate"),
    ],
    retain_intermediate_calculation_columns=False,
)
linker = Linker(sdf, settings, log_level="WARNING")
linker.training.estimate_probability_two_random_records_match(
    [block_on("given_name", "father_name", "family_name", "birth_date")], recall=0.6
)
linker.training.estimate_u_using_random_sampling(max_pairs=2e6)
linker.training.estimate_parameters_using_expectation_maximisation(block_on("given_name", "family_name"))
# Blocking EM on the birth date alone lets twins (same date, father, household) train
# the given name's m towards "may differ"; pairing it with the given name does not.
linker.training.estimate_parameters_using_expectation_maximisation(block_on("given_name", "birth_date"))
if df["national_id"].notna().any():
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("national_id"))

pred = linker.inference.predict(threshold_match_probability=0.01)
clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(pred, MATCH)
c = clusters.as_pandas_dataframe()[["record_id", "cluster_id"]]
c.to_csv(clusters_out, index=False)
p = pred.as_pandas_dataframe()[["record_id_l", "record_id_r", "match_weight", "match_probability"]]
p["band"] = "non-match"
p.loc[p.match_probability >= REVIEW, "band"] = "review"
p.loc[p.match_probability >= MATCH, "band"] = "match"
p = p.rename(columns={"record_id_l": "left_id", "record_id_r": "right_id", "match_weight": "score"})
p[["left_id", "right_id", "score", "band"]].to_csv(pairs_out, index=False)
print(f"splink: {len(df)} records, {len(p)} pairs, {time.time() - t0:.1f} s", file=sys.stderr)
if os.environ.get("SPLINK_SHOW_MODEL"):
    import json
    model = linker.misc.save_model_to_json()
    for c in model["comparisons"]:
        print(c["output_column_name"], [(l.get("label_for_charts"), round(l.get("m_probability", 0) or 0, 4), round(l.get("u_probability", 0) or 0, 6)) for l in c["comparison_levels"] if not l.get("is_null_level")], file=sys.stderr)
