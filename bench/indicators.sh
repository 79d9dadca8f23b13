#!/usr/bin/env bash
# Benchmark: computing every governorate indicator (tadamun_store::indicators::
# governorate_indicators) over a synthetic registry on SQLite and PostgreSQL; the goal
# is under 5 s at 1M persons. The registry is made with `tadamun synth` (about 4.8
# persons per household: PERSONS=1000000 means about 208,000 households) and imported
# once per database (not timed); the example `indicators_timing` then times RUNS calls.
#   PERSONS=100000 bench/indicators.sh
# DBS=sqlite or DBS=postgres runs one database; KEEP=1 reuses the imported databases;
# DROP=1 removes them afterwards; PROFILE=debug uses a debug build (shared machines).
set -euo pipefail
cd "$(dirname "$0")/.."
PERSONS=${PERSONS:-100000}
HOUSEHOLDS=${HOUSEHOLDS:-$((PERSONS * 208 / 1000))}
SEED=${SEED:-13}
RUNS=${RUNS:-3}
PG=${TADAMUN_BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test}
OUT=${OUT:-target/bench}
DBS=${DBS:-sqlite postgres}
PROFILE=${PROFILE:-release}
mkdir -p "$OUT"
if [ "$PROFILE" = release ]; then FLAG=--release; DIR=release; else FLAG=; DIR=debug; fi
[ -n "${NO_BUILD:-}" ] || cargo build $FLAG -p tadamun --bin tadamun --example indicators_timing
BIN=target/$DIR/tadamun
TIMING=target/$DIR/examples/indicators_timing
CSV="$OUT/indicator-households-$HOUSEHOLDS.csv"
[ -f "$CSV" ] || $BIN synth "$CSV" --households "$HOUSEHOLDS" --seed "$SEED"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem/{print $2}') GiB, $(uname -sr); profile $PROFILE"
SQLITE="sqlite://$OUT/indicators-$HOUSEHOLDS.db"
PGDB="${PG%/*}/tadamun_indicators"
if [ -z "${KEEP:-}" ]; then
  for db in $DBS; do
    if [ $db = sqlite ]; then
      rm -f "$OUT/indicators-$HOUSEHOLDS.db"*
      $BIN import "$CSV" --database-url "$SQLITE" --batch-size 20000 > /dev/null
    else
      psql "$PG" -qc "drop database if exists tadamun_indicators with (force)" -c "create database tadamun_indicators"
      $BIN import "$CSV" --database-url "$PGDB" --batch-size 20000 > /dev/null
    fi
  done
fi
for db in $DBS; do
  url=$SQLITE; [ $db = postgres ] && url=$PGDB
  "$TIMING" "$url" "$RUNS" | sed "s/^/$db households=$HOUSEHOLDS /"
done
if [ -n "${DROP:-}" ]; then
  for db in $DBS; do
    if [ $db = sqlite ]; then rm -f "$OUT/indicators-$HOUSEHOLDS.db"*
    else psql "$PG" -qc "drop database if exists tadamun_indicators with (force)"; fi
  done
fi
