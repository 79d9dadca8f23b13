-- Identity resolution in the registry: the review queue of possible duplicates, and
-- merges that can be undone. PostgreSQL flavour; sqlite/0005_duplicates.sql is its twin.

alter table change_requests drop constraint change_requests_kind_check;
alter table change_requests add constraint change_requests_kind_check check (kind in ('delete_person', 'merge_persons', 'change_head', 'move_household', 'correct_document', 'unmerge_person'));

alter table household_history drop constraint household_history_kind_check;
alter table household_history add constraint household_history_kind_check check (kind in ('created', 'updated', 'imported', 'member_added', 'died', 'married', 'split', 'moved', 'document_added', 'head_changed', 'person_deleted', 'persons_merged', 'persons_unmerged', 'document_corrected', 'restricted', 'unrestricted'));

-- A pair the duplicate check or a batch run thought might be one person, until a clerk
-- says. The pair is stored in id order so it is found once whichever side came first;
-- a decided pair is never raised again.
create table duplicate_candidates (
    id uuid primary key,
    person_a uuid not null references persons (id),
    person_b uuid not null references persons (id),
    score double precision not null,
    band text not null check (band in ('match', 'review')),
    reason_en text not null,
    reason_ar text not null,
    -- The same reasons as codes (`given.agrees`), space-separated, worded by the UI.
    reasons text not null default '',
    source text not null check (source in ('registration', 'import', 'batch')),
    status text not null default 'open' check (status in ('open', 'same', 'different')),
    change_request_id uuid references change_requests (id),
    decided_by uuid references users (id),
    decided_at timestamptz,
    created_at timestamptz not null,
    updated_at timestamptz not null,
    unique (person_a, person_b),
    check (person_a < person_b)
);
create index duplicate_candidates_queue on duplicate_candidates (status, score, id);
create index duplicate_candidates_person_b on duplicate_candidates (person_b);
