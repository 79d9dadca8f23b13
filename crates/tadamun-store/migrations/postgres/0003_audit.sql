-- The tamper-evident audit log. PostgreSQL flavour; migrations/sqlite/0003_audit.sql is
-- its twin and must keep the same tables, columns, indexes and trigger names.
--
-- Each entry carries the hash of the one before (computed in Rust by
-- tadamun_domain::audit::chain_hash), so an edited, deleted, inserted or reordered entry
-- breaks the chain; `tadamun audit verify` reports the first break. Triggers refuse
-- updates, deletes and truncation; someone who drops them is still caught by the hashes.

-- One row per entry, numbered 1, 2, 3… without gaps. No foreign key on actor_id: the log
-- must outlive the users it names. No check on action: new actions must not need a
-- migration of an append-only table; the Rust enum is the one list.
create table audit_log (
    seq bigint primary key check (seq >= 1),
    at timestamptz not null,
    actor_id uuid,
    actor_name text not null,
    source_ip text,
    action text not null,
    object_type text not null,
    object_id text,
    before_json text,
    after_json text,
    prev_hash text not null,
    hash text not null,
    created_at timestamptz not null,
    updated_at timestamptz not null
);
-- The auditor's searches, each walking its index in seq order (keyset pages).
create index audit_log_actor_name on audit_log (actor_name, seq);
create index audit_log_actor_id on audit_log (actor_id, seq);
create index audit_log_action on audit_log (action, seq);
create index audit_log_object on audit_log (object_type, object_id, seq);
create index audit_log_at on audit_log (at);

-- The chain head: the last entry's number and hash, in one row. Appending locks this row
-- first (`update … returning`), so concurrent writers queue on it and each computes its
-- entry from the head the previous one left; and it tells a log cut short at the end
-- (whose remaining chain is still valid) from an intact one. Created by the first append.
create table audit_head (
    id integer primary key check (id = 1),
    seq bigint not null check (seq >= 0),
    hash text not null,
    created_at timestamptz not null,
    updated_at timestamptz not null
);

create function audit_log_refuse_change() returns trigger language plpgsql as $$
begin
    raise exception 'audit_log is append-only (% refused)', tg_op;
end
$$;
create trigger audit_log_no_update before update on audit_log
    for each row execute function audit_log_refuse_change();
create trigger audit_log_no_delete before delete on audit_log
    for each row execute function audit_log_refuse_change();
-- Truncation skips delete triggers, so it has its own.
create trigger audit_log_no_truncate before truncate on audit_log
    for each statement execute function audit_log_refuse_change();

create function audit_head_guard() returns trigger language plpgsql as $$
begin
    if tg_op <> 'UPDATE' then
        raise exception 'audit_head cannot be deleted (% refused)', tg_op;
    end if;
    -- The head only stays put (while an append holds it) or moves on by one entry.
    if new.seq < old.seq or new.seq > old.seq + 1 then
        raise exception 'audit_head only moves forward one entry at a time';
    end if;
    return new;
end
$$;
create trigger audit_head_no_delete before delete on audit_head
    for each row execute function audit_head_guard();
create trigger audit_head_no_truncate before truncate on audit_head
    for each statement execute function audit_head_guard();
create trigger audit_head_moves_forward before update on audit_head
    for each row execute function audit_head_guard();
