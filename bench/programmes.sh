#!/usr/bin/env bash
# Benchmark for issue 5 (BENCHMARKS.md): a programme run over a stored registry —
# reading every household, scoring it (PMT and eligibility) and storing a decision
# record for each — on SQLite and PostgreSQL. The registry is imported once per
# database (not timed); `tadamun run-programme` is then run RUNS times (each run is a
# new run of the same frozen version) and prints its two phases; then `tadamun
# simulate` (the policy simulator over the stored registry: a raised cut-off against
# the newest version, nothing written) RUNS times.
#   HOUSEHOLDS=100000 bench/programmes.sh
# DBS=sqlite or DBS=postgres runs one database (a 1M registry with three runs' decisions
# takes about 7 GB on each; DROP=1 removes the database afterwards).
set -euo pipefail
cd "$(dirname "$0")/.."
HOUSEHOLDS=${HOUSEHOLDS:-100000}
SEED=${SEED:-11}
RUNS=${RUNS:-3}
KEY=${KEY:-unified-cash-transfer}
CHANGES=${CHANGES:-'[{"kind":"cut_off","value":4.9}]'}
PG=${TADAMUN_BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test}
OUT=${OUT:-target/bench}
DBS=${DBS:-sqlite postgres}
mkdir -p "$OUT"
[ -n "${NO_BUILD:-}" ] || cargo build --release -p tadamun --bin tadamun
BIN=target/release/tadamun
CSV="$OUT/programme-households-$HOUSEHOLDS.csv"
[ -f "$CSV" ] || $BIN synth "$CSV" --households "$HOUSEHOLDS" --seed "$SEED"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem/{print $2}') GiB, $(uname -sr)"
SQLITE="sqlite://$OUT/programmes-$HOUSEHOLDS.db"
PGDB="${PG%/*}/tadamun_programmes"
if [ -z "${KEEP:-}" ]; then
  for db in $DBS; do
    if [ $db = sqlite ]; then
      rm -f "$OUT/programmes-$HOUSEHOLDS.db"*
      $BIN import "$CSV" --database-url "$SQLITE" --batch-size 20000 > /dev/null
    else
      psql "$PG" -qc "drop database if exists tadamun_programmes with (force)" -c "create database tadamun_programmes"
      $BIN import "$CSV" --database-url "$PGDB" --batch-size 20000 > /dev/null
    fi
  done
fi
for run in $(seq "$RUNS"); do
  for db in $DBS; do
    url=$SQLITE; [ $db = postgres ] && url=$PGDB
    /usr/bin/time -o "$OUT/time.txt" -f "%e %M" "$BIN" run-programme --database-url "$url" --key "$KEY" > "$OUT/run.log"
    read -r wall kb < "$OUT/time.txt"
    echo "$db run=$run wall_s=$wall peak_rss_mb=$((kb / 1024)) $(cat "$OUT/run.log")"
  done
done
for run in $(seq "$RUNS"); do
  for db in $DBS; do
    url=$SQLITE; [ $db = postgres ] && url=$PGDB
    /usr/bin/time -o "$OUT/time.txt" -f "%e %M" "$BIN" simulate --database-url "$url" --key "$KEY" --changes "$CHANGES" > "$OUT/sim.log"
    read -r wall kb < "$OUT/time.txt"
    echo "$db simulate run=$run wall_s=$wall peak_rss_mb=$((kb / 1024)) $(tr '\n' ' ' < "$OUT/sim.log")"
  done
done
if [ -n "${DROP:-}" ]; then
  for db in $DBS; do
    if [ $db = sqlite ]; then rm -f "$OUT/programmes-$HOUSEHOLDS.db"*
    else psql "$PG" -qc "drop database if exists tadamun_programmes with (force)"; fi
  done
fi
