#!/usr/bin/env bash
# Benchmark for the registration-time duplicate check (BENCHMARKS.md): p99 of one
# person checked against a registry of ~1,000,000 persons, on SQLite and PostgreSQL,
# RUNS times (default 3; report the median). Loads the registry once per backend with
# `tadamun import` (KEEP=1 reuses databases a previous run loaded).
set -euo pipefail
cd "$(dirname "$0")/.."
HOUSEHOLDS=${HOUSEHOLDS:-208000}
SEED=${SEED:-7}
RUNS=${RUNS:-3}
CHECKS=${CHECKS:-2000}
PG=${TADAMUN_BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test}
OUT=${OUT:-target/bench}
mkdir -p "$OUT"
[ -n "${NO_BUILD:-}" ] || cargo build --release -p tadamun --example duplicate_check_latency --bin tadamun
BIN=target/release/tadamun
CSV="$OUT/households-$HOUSEHOLDS.csv"
[ -f "$CSV" ] || $BIN synth "$CSV" --households "$HOUSEHOLDS" --seed "$SEED"
echo "file: $CSV, $(($(wc -l < "$CSV") - 1)) persons; machine: $(nproc) cores, $(uname -sr)"
DB="$OUT/dupcheck.db"
PGDB="${PG%/*}/tadamun_dupcheck"
if [ -z "${KEEP:-}" ]; then
  rm -f "$DB" "$DB-wal" "$DB-shm"
  $BIN import "$CSV" --database-url "sqlite://$DB" --batch-size 20000 > /dev/null
  psql "$PG" -qc "drop database if exists tadamun_dupcheck with (force)" -c "create database tadamun_dupcheck"
  $BIN import "$CSV" --database-url "$PGDB" --batch-size 20000 > /dev/null
fi
for run in $(seq "$RUNS"); do
  echo "check sqlite run=$run $(target/release/examples/duplicate_check_latency "sqlite://$DB" "$HOUSEHOLDS" "$SEED" "$CHECKS")"
  echo "check postgres run=$run $(target/release/examples/duplicate_check_latency "$PGDB" "$HOUSEHOLDS" "$SEED" "$CHECKS")"
done
