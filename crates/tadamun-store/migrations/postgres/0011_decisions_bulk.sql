-- A national run writes a million decisions in one transaction. PostgreSQL checks a
-- foreign key with a trigger per row, which cost more than the rows themselves
-- (1.1 s of 1.9 s per 100,000 rows, measured). The run's writer instead checks each
-- chunk's households in one statement (`RunWriter::check_households`), and writes
-- only its own run's id: a run that names an unknown household is rolled back whole,
-- as before.
alter table decisions drop constraint if exists decisions_run_id_fkey;
alter table decisions drop constraint if exists decisions_household_id_fkey;
