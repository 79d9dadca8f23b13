#!/usr/bin/env bash
# Benchmarks for the registry (BENCHMARKS.md): importing ~1,000,000 persons from CSV into
# SQLite and PostgreSQL, and name-search latency at that size. Each figure is run RUNS
# times (default 3); report the median. Needs /usr/bin/time and, for PostgreSQL, a server
# at $TADAMUN_BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test).
set -euo pipefail
cd "$(dirname "$0")/.."
HOUSEHOLDS=${HOUSEHOLDS:-208000}
SEED=${SEED:-7}
RUNS=${RUNS:-3}
# Households per committed batch; fewer, larger commits rewrite fewer index pages.
BATCH=${BATCH:-20000}
PG=${TADAMUN_BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test}
OUT=${OUT:-target/bench}
mkdir -p "$OUT"
[ -n "${NO_BUILD:-}" ] || cargo build --release -p tadamun --examples --bin tadamun
BIN=target/release/tadamun
CSV="$OUT/households-$HOUSEHOLDS.csv"
[ -f "$CSV" ] || $BIN synth "$CSV" --households "$HOUSEHOLDS" --seed "$SEED"
echo "file: $CSV, $(($(wc -l < "$CSV") - 1)) persons, $(du -h "$CSV" | cut -f1)"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem/{print $2}') GiB, $(uname -sr)"

timed_import() { # label url
  /usr/bin/time -o "$OUT/time.txt" -f "%e %M" "$BIN" import "$CSV" --database-url "$2" --batch-size "$BATCH" > "$OUT/import.log"
  read -r wall kb < "$OUT/time.txt"
  echo "$1 wall_s=$wall peak_rss_mb=$((kb / 1024)) $(grep -o '[0-9]* households imported' "$OUT/import.log")"
}

for run in $(seq "$RUNS"); do
  rm -f "$OUT/bench.db" "$OUT/bench.db-wal" "$OUT/bench.db-shm"
  timed_import "import sqlite run=$run" "sqlite://$OUT/bench.db"
done
for run in $(seq "$RUNS"); do
  psql "$PG" -qc "drop database if exists tadamun_bench with (force)" -c "create database tadamun_bench"
  timed_import "import postgres run=$run" "${PG%/*}/tadamun_bench"
done
for run in $(seq "$RUNS"); do
  echo "search sqlite run=$run $(target/release/examples/search_latency "sqlite://$OUT/bench.db" "$HOUSEHOLDS" "$SEED" 2000)"
  echo "search postgres run=$run $(target/release/examples/search_latency "${PG%/*}/tadamun_bench" "$HOUSEHOLDS" "$SEED" 2000)"
done
