#!/usr/bin/env bash
# Benchmark for issue 6 (BENCHMARKS.md): the public transparency portal over a stored
# registry of about 1M persons (HOUSEHOLDS=210000 synthetic households, 4.77 persons
# each), on SQLite and PostgreSQL, after one enrolling programme run so that every
# indicator can be computed.
# - indicators: indicators_timing times governorate_indicators alone, RUNS times.
# - cold: the server recounts on every request (portal_refresh_minutes = 0), so each
#   GET /transparency times the whole computation: every governorate indicator over
#   the registry, then suppression and rendering. RUNS requests.
# - warm: the server as deployed (figures kept 5 minutes); bench/portal_latency.py
#   sends REQUESTS requests over CONNECTIONS connections, RUNS times.
#   HOUSEHOLDS=210000 bench/portal.sh        (DBS=sqlite or DBS=postgres for one)
set -euo pipefail
cd "$(dirname "$0")/.."
HOUSEHOLDS=${HOUSEHOLDS:-210000}
SEED=${SEED:-11}
RUNS=${RUNS:-3}
PG=${TADAMUN_BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test}
OUT=${OUT:-target/bench}
DBS=${DBS:-sqlite postgres}
PORT=${PORT:-18088}
mkdir -p "$OUT"
[ -n "${NO_BUILD:-}" ] || cargo build --release -p tadamun --bin tadamun --example indicators_timing
BIN=target/release/tadamun
CSV="$OUT/portal-households-$HOUSEHOLDS.csv"
[ -f "$CSV" ] || $BIN synth "$CSV" --households "$HOUSEHOLDS" --seed "$SEED"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem/{print $2}') GiB, $(uname -sr)"
echo "persons: $(($(wc -l < "$CSV") - 1)) in $HOUSEHOLDS households"
SQLITE="sqlite://$OUT/portal-$HOUSEHOLDS.db"
PGDB="${PG%/*}/tadamun_portal"

serve() { # url refresh_minutes
  TADAMUN_ADDR="127.0.0.1:$PORT" TADAMUN_METRICS_ADDR="127.0.0.1:0" TADAMUN_SECURE_COOKIES=false \
    TADAMUN_PORTAL_REFRESH_MINUTES="$2" TADAMUN_LOG=warn "$BIN" serve --database-url "$1" > "$OUT/serve.log" 2>&1 &
  SERVER=$!
  for _ in $(seq 600); do
    curl -sf "http://127.0.0.1:$PORT/healthz" > /dev/null && return 0
    sleep 0.2
  done
  echo "server did not start"; cat "$OUT/serve.log"; exit 1
}

for db in $DBS; do
  url=$SQLITE; [ $db = postgres ] && url=$PGDB
  if [ -z "${KEEP:-}" ]; then
    if [ $db = sqlite ]; then
      rm -f "$OUT/portal-$HOUSEHOLDS.db"*
    else
      psql "$PG" -qc "drop database if exists tadamun_portal with (force)" -c "create database tadamun_portal"
    fi
    $BIN import "$CSV" --database-url "$url" --batch-size 20000 > /dev/null
    $BIN run-programme --database-url "$url" --key unified-cash-transfer --enrol > /dev/null
  fi
  # Every governorate indicator alone (the store function the portal calls).
  target/release/examples/indicators_timing "$url" "$RUNS" | sed "s/^/$db indicators /"
  serve "$url" 0
  for run in $(seq "$RUNS"); do
    t=$(curl -s -o /dev/null -w '%{http_code} %{time_total}' "http://127.0.0.1:$PORT/transparency")
    echo "$db cold run=$run status_and_seconds=$t"
  done
  kill $SERVER; wait $SERVER 2>/dev/null || true
  serve "$url" 5
  curl -s -o /dev/null "http://127.0.0.1:$PORT/transparency"
  for run in $(seq "$RUNS"); do
    echo "$db warm run=$run $(python3 bench/portal_latency.py "http://127.0.0.1:$PORT" /transparency /transparency/elderly_65.csv | tr '\n' ' ')"
  done
  kill $SERVER; wait $SERVER 2>/dev/null || true
  if [ -n "${DROP:-}" ]; then
    if [ $db = sqlite ]; then rm -f "$OUT/portal-$HOUSEHOLDS.db"*
    else psql "$PG" -qc "drop database if exists tadamun_portal with (force)"; fi
  fi
done
