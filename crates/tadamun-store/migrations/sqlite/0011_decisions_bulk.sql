-- PostgreSQL drops the per-row foreign-key triggers on `decisions` here (see its
-- 0011) and checks each chunk's households in one statement. SQLite keeps its
-- foreign keys: its checks are index probes in the same statement and cheap, and
-- dropping them would mean rebuilding the table. Nothing to change.
select 1;
