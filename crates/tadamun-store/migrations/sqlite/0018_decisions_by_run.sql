-- A run's decisions were indexed by (household, run): each run's entries went between
-- every earlier run's, so a run rewrote every leaf page of an index that grows with
-- history, and each run stored slower than the last. Keyed (run, household), a run
-- appends. Inserting one run of 200,000 decisions after six took 1.852 s with the old
-- key and 1.369 s with this one (SQLite, bench/decision_index_experiment.sh). Reads
-- by household reach the decisions through `decision_runs`: one probe per run.
drop index decisions_household;
create index decisions_run_household on decisions (run_id, household_id);
