-- Governorate indicators join each household to its decision in one run. Keyed by
-- household alone, the planner preferred `decisions_run` and read every decision of
-- the run for each person: 20,000 households took minutes on SQLite. Keyed by
-- (household, run) the join is one probe. The household page's few decisions are
-- sorted after the probe.
drop index decisions_household;
create index decisions_household on decisions (household_id, run_id);
-- "On a waiting list" asks by household; the primary key leads with the programme.
create index waiting_list_household on waiting_list (household_id);
