-- Identity resolution in the registry: the review queue of possible duplicates, and
-- merges that can be undone. SQLite flavour; postgres/0005_duplicates.sql is its twin.

-- Undoing a merge is a change request of its own. SQLite cannot alter a check
-- constraint, so the table is rebuilt (nothing references it yet).
create table change_requests_new (
    id blob primary key,
    household_id blob not null references households (id),
    kind text not null check (kind in ('delete_person', 'merge_persons', 'change_head', 'move_household', 'correct_document', 'unmerge_person')),
    governorate_code text not null references areas (code),
    target_governorate_code text references areas (code),
    payload_json text not null,
    before_json text not null,
    after_json text not null,
    reason text not null,
    status text not null default 'pending' check (status in ('pending', 'approved', 'rejected')),
    requested_by blob not null references users (id),
    decided_by blob references users (id),
    decided_at text,
    decision_note text,
    created_at text not null,
    updated_at text not null,
    check (decided_by is null or decided_by <> requested_by)
) strict;
insert into change_requests_new select * from change_requests;
drop table change_requests;
alter table change_requests_new rename to change_requests;
create index change_requests_pending on change_requests (status, governorate_code, created_at);
create index change_requests_household on change_requests (household_id, created_at);

create table household_history_new (
    id integer primary key,
    household_id blob not null references households (id),
    person_id blob references persons (id),
    kind text not null check (kind in ('created', 'updated', 'imported', 'member_added', 'died', 'married', 'split', 'moved', 'document_added', 'head_changed', 'person_deleted', 'persons_merged', 'persons_unmerged', 'document_corrected', 'restricted', 'unrestricted')),
    actor_id blob references users (id),
    approved_by blob references users (id),
    before_json text,
    after_json text,
    created_at text not null,
    updated_at text not null
) strict;
insert into household_history_new select id, household_id, person_id, kind, actor_id, approved_by, before_json, after_json, created_at, updated_at from household_history;
drop table household_history;
alter table household_history_new rename to household_history;
create index household_history_household on household_history (household_id, id);

-- A pair the duplicate check or a batch run thought might be one person, until a clerk
-- says. The pair is stored in id order so it is found once whichever side came first;
-- a decided pair is never raised again.
create table duplicate_candidates (
    id blob primary key,
    person_a blob not null references persons (id),
    person_b blob not null references persons (id),
    score real not null,
    band text not null check (band in ('match', 'review')),
    reason_en text not null,
    reason_ar text not null,
    -- The same reasons as codes (`given.agrees`), space-separated, worded by the UI.
    reasons text not null default '',
    source text not null check (source in ('registration', 'import', 'batch')),
    status text not null default 'open' check (status in ('open', 'same', 'different')),
    change_request_id blob references change_requests (id),
    decided_by blob references users (id),
    decided_at text,
    created_at text not null,
    updated_at text not null,
    unique (person_a, person_b),
    check (person_a < person_b)
) strict;
create index duplicate_candidates_queue on duplicate_candidates (status, score, id);
create index duplicate_candidates_person_b on duplicate_candidates (person_b);
