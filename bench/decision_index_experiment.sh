#!/usr/bin/env bash
# An experiment behind BENCHMARKS.md (issue 5): what each index on `decisions` costs a
# run's insert on SQLite, with history. Copies DB (a registry that has had several runs,
# e.g. bench/programmes.sh's with KEEP=1, or a 200k one) once per variant, and times
# inserting one earlier run's decisions again as a new run, in household order, in the
# sqlite3 shell. Nothing in DB changes.
#   bench/decision_index_experiment.sh target/bench/p200k.db
set -euo pipefail
SRC=${1:?a SQLite registry with runs}
TMP=${TMPDIR:-/tmp}/decision-index-experiment.db
for variant in current no_run_index no_household_index without_rowid run_household; do
  cp $SRC $TMP; rm -f $TMP-wal $TMP-shm
  case $variant in
    no_run_index) sqlite3 $TMP "drop index decisions_run" ;;
    no_household_index) sqlite3 $TMP "drop index decisions_household" ;;
    run_household) sqlite3 $TMP "drop index decisions_household; create index decisions_household on decisions (run_id, household_id)" ;;
    without_rowid) sqlite3 $TMP "pragma foreign_keys=off; create table d2 (id blob primary key, run_id blob not null references decision_runs (id), household_id blob not null references households (id), outcome text not null, rank integer, predicted real, entitlement integer, record text not null, supersedes blob references decisions (id), letter_code_sha256 text, letter_issued_at text, created_at text not null, updated_at text not null) strict, without rowid; insert into d2 select id, run_id, household_id, outcome, rank, predicted, entitlement, record, supersedes, letter_code_sha256, letter_issued_at, created_at, updated_at from decisions; drop table decisions; alter table d2 rename to decisions; create index decisions_household on decisions (household_id, run_id); create index decisions_run on decisions (run_id, outcome, rank);" ;;
  esac
  sqlite3 $TMP "insert into decision_runs (id, programme_version_id, kind, as_of, households, eligible, waiting_list, not_eligible, not_decidable, total_entitlement, created_at, updated_at) select x'0000000000000000000000000000aaaa', programme_version_id, kind, as_of, 0, 0, 0, 0, 0, 0, created_at, updated_at from decision_runs limit 1"
  sqlite3 $TMP "create table src as select * from decisions where run_id = (select run_id from decisions limit 1) order by household_id"
  sqlite3 $TMP "pragma wal_checkpoint(truncate)" >/dev/null
  start=$(date +%s.%N)
  sqlite3 $TMP "pragma cache_size=-262144; pragma journal_mode=wal; pragma synchronous=normal; pragma foreign_keys=on; begin; insert into decisions (id, run_id, household_id, outcome, rank, predicted, entitlement, record, supersedes, created_at, updated_at) select cast(x'ff' || printf('%015d', rowid) as blob), x'0000000000000000000000000000aaaa', household_id, outcome, rank, predicted, entitlement, record, null, created_at, updated_at from src order by rowid; commit;" >/dev/null
  end=$(date +%s.%N)
  echo "$variant: $(echo "$end - $start" | bc) s"
done
rm -f "$TMP" "$TMP-wal" "$TMP-shm"
