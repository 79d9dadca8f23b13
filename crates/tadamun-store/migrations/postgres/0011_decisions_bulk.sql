-- A national run writes a million decisions in one transaction. PostgreSQL checks a
-- foreign key with a trigger per row, which cost more than the rows themselves
-- (1.1 s of 1.9 s per 100,000 rows, measured). The run's writer instead checks both
-- references set-wise before it commits (`RunWriter::finish`): a run that names an
-- unknown household or run is rolled back whole, as before.
alter table decisions drop constraint if exists decisions_run_id_fkey;
alter table decisions drop constraint if exists decisions_household_id_fkey;
