-- The tamper-evident audit log. SQLite flavour; migrations/postgres/0003_audit.sql is its
-- twin and must keep the same tables, columns, indexes and trigger names.
--
-- Each entry carries the hash of the one before (computed in Rust by
-- tadamun_domain::audit::chain_hash), so an edited, deleted, inserted or reordered entry
-- breaks the chain; `tadamun audit verify` reports the first break. Triggers refuse
-- updates and deletes; someone who drops them is still caught by the hashes.

-- One row per entry, numbered 1, 2, 3… without gaps. No foreign key on actor_id: the log
-- must outlive the users it names. No check on action: new actions must not need a
-- migration of an append-only table; the Rust enum is the one list.
create table audit_log (
    seq integer primary key check (seq >= 1),
    at text not null,
    actor_id blob,
    actor_name text not null,
    source_ip text,
    action text not null,
    object_type text not null,
    object_id text,
    before_json text,
    after_json text,
    prev_hash text not null,
    hash text not null,
    created_at text not null,
    updated_at text not null
) strict;
-- The auditor's searches, each walking its index in seq order (keyset pages).
create index audit_log_actor_name on audit_log (actor_name, seq);
create index audit_log_actor_id on audit_log (actor_id, seq);
create index audit_log_action on audit_log (action, seq);
create index audit_log_object on audit_log (object_type, object_id, seq);
create index audit_log_at on audit_log (at);

-- The chain head: the last entry's number and hash, in one row. Appending locks this row
-- first, so appends are serialised; and it tells a log cut short at the end (whose
-- remaining chain is still valid) from an intact one. Created by the first append.
create table audit_head (
    id integer primary key check (id = 1),
    seq integer not null check (seq >= 0),
    hash text not null,
    created_at text not null,
    updated_at text not null
) strict;

create trigger audit_log_no_update before update on audit_log
begin
    select raise(abort, 'audit_log is append-only');
end;
create trigger audit_log_no_delete before delete on audit_log
begin
    select raise(abort, 'audit_log is append-only');
end;
create trigger audit_head_no_delete before delete on audit_head
begin
    select raise(abort, 'audit_head cannot be deleted');
end;
-- The head only stays put (while an append holds it) or moves on by one entry.
create trigger audit_head_moves_forward before update on audit_head
when new.seq < old.seq or new.seq > old.seq + 1
begin
    select raise(abort, 'audit_head only moves forward one entry at a time');
end;
