#!/usr/bin/env bash
# Side by side on one registry (issue 5, BENCHMARKS.md): a programme run with the code
# before migration 0017 ($OLD, a release binary of 0257c14), then with this checkout's
# code after `tadamun migrate` (so the same households, the same machine, minutes
# apart). Build the old binary first:
#   git worktree add /tmp/old 0257c14 && (cd /tmp/old && cargo build --release -p tadamun --bin tadamun)
#   OLD=/tmp/old/target/release/tadamun bench/programmes_ab.sh sqlite     # or postgres
# Needs the 1M file bench/programmes.sh writes (HOUSEHOLDS=1000000, seed 11).
set -uo pipefail
cd "$(dirname "$0")/.."
OUT=${OUT:-target/bench}
NEW=target/release/tadamun
OLD=${OLD:?a release binary of 0257c14}
PG=${TADAMUN_BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test}
CSV=$OUT/programme-households-1000000.csv
db=$1
if [ "$db" = sqlite ]; then
  url=sqlite://$OUT/ab.db
  rm -f "$OUT"/ab.db*
else
  url=${PG%/*}/tadamun_ab
  psql "$PG" -qc "drop database if exists tadamun_ab with (force)" -c "create database tadamun_ab"
fi
echo "$db: import (old code) $(date -u +%H:%M)"
"$OLD" import "$CSV" --database-url "$url" --batch-size 20000 > /dev/null 2>&1
run() { # label binary
  /usr/bin/time -o "$OUT/ab-time.txt" -f "%e %M" "$2" run-programme --database-url "$url" --key unified-cash-transfer > "$OUT/ab-run.log" 2>/dev/null
  read -r wall kb < "$OUT/ab-time.txt"
  echo "$db $1 wall_s=$wall peak_rss_mb=$((kb / 1024)) $(cat "$OUT/ab-run.log")"
}
for i in 1 2 3; do run "old run=$i" "$OLD"; done
/usr/bin/time -o "$OUT/ab-time.txt" -f "%e" "$NEW" migrate --database-url "$url" > /dev/null 2>&1
echo "$db migrate to 0017 wall_s=$(cat "$OUT/ab-time.txt")"
for i in 1 2 3; do run "new run=$i" "$NEW"; done
for i in 1 2 3; do
  /usr/bin/time -o "$OUT/ab-time.txt" -f "%e" "$NEW" simulate --database-url "$url" --key unified-cash-transfer --changes '[{"kind":"cut_off","value":4.9}]' > /dev/null 2>&1
  echo "$db new simulate run=$i wall_s=$(cat "$OUT/ab-time.txt")"
done
if [ "$db" = sqlite ]; then rm -f "$OUT"/ab.db*; else psql "$PG" -qc "drop database if exists tadamun_ab with (force)"; fi
echo "done $(date -u +%H:%M)"
