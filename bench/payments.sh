#!/usr/bin/env bash
# Benchmark for issue 5 (BENCHMARKS.md): generating a payment batch for about 200,000
# beneficiaries, on SQLite and PostgreSQL. Not timed: importing the registry, saving a
# benchmark programme (the Jordan example with its budget unlimited, its eligibility
# rules dropped and its PMT cut-off lifted, so nearly every household is funded),
# running it and enrolling the run. Timed (RUNS times): `tadamun payment-batch`, which
# reads the roster and every earlier relevant line, builds the batch and stores it in
# one transaction; each run pays the next month, so every run is a full batch.
#   HOUSEHOLDS=208000 bench/payments.sh
set -euo pipefail
cd "$(dirname "$0")/.."
HOUSEHOLDS=${HOUSEHOLDS:-208000}
SEED=${SEED:-7}
RUNS=${RUNS:-3}
PG=${TADAMUN_BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test}
OUT=${OUT:-target/bench}
mkdir -p "$OUT"
[ -n "${NO_BUILD:-}" ] || cargo build --release -p tadamun --bin tadamun
BIN=target/release/tadamun
CSV="$OUT/payments-households-$HOUSEHOLDS.csv"
[ -f "$CSV" ] || $BIN synth "$CSV" --households "$HOUSEHOLDS" --seed "$SEED" > /dev/null
PROGRAMME="$OUT/bench-cash.toml"
awk '/^\[\[programmes\]\]/{on=1} on' crates/tadamun-domain/packs/jo.toml \
  | awk '/^\[\[programmes.eligibility.all\]\]/{skip=1; next} skip && /^$/{skip=0; next} !skip' \
  | sed -e 's/^key = .*/key = "bench-cash"/' \
        -e 's/^budget_per_cycle = .*/budget_per_cycle = 900000000000000/' \
        -e 's/^cut_off = .*/cut_off = 99.0/' > "$PROGRAMME"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem/{print $2}') GiB, $(uname -sr)"
SQLITE="sqlite://$OUT/payments-$HOUSEHOLDS.db"
PGDB="${PG%/*}/tadamun_payments"
if [ -z "${KEEP:-}" ]; then
  rm -f "$OUT/payments-$HOUSEHOLDS.db"*
  psql "$PG" -qc "drop database if exists tadamun_payments with (force)" -c "create database tadamun_payments"
  for url in "$SQLITE" "$PGDB"; do
    $BIN import "$CSV" --database-url "$url" --batch-size 20000 > /dev/null
    $BIN save-programme "$PROGRAMME" --database-url "$url"
    $BIN run-programme --key bench-cash --enrol --database-url "$url"
    TADAMUN_NEW_PASSWORD=bench-password-long $BIN user add bench.maker --display-name "bench" \
      --role finance_officer --database-url "$url" > /dev/null
  done
fi
YEAR=$(date +%Y)
for run in $(seq "$RUNS"); do
  for db in sqlite postgres; do
    url=$SQLITE; [ $db = postgres ] && url=$PGDB
    # A month of next year per run, so each batch pays the whole roster again.
    cycle=$(printf "%d-%02d" $((YEAR + 1)) "$run")
    [ -n "${KEEP:-}" ] && cycle=$(printf "%d-%02d" $((YEAR + 2)) "$run")
    /usr/bin/time -o "$OUT/time.txt" -f "%e %M" "$BIN" payment-batch --key bench-cash --cycle "$cycle" \
      --provider e_wallet --maker bench.maker --database-url "$url" > "$OUT/batch.log"
    read -r wall kb < "$OUT/time.txt"
    echo "$db run=$run wall_s=$wall peak_rss_mb=$((kb / 1024)) $(cat "$OUT/batch.log")"
  done
done
