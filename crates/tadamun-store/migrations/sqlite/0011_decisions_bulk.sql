-- PostgreSQL drops the per-row foreign-key triggers on `decisions` here (see its
-- 0011) and checks a run's references set-wise when it commits. SQLite keeps its
-- foreign keys: its checks are index probes in the same statement and cheap, and
-- dropping them would mean rebuilding the table. Nothing to change.
select 1;
