-- Security: roles as data, each user's roles and area scope, need-to-know records and
-- maker-checker change requests. SQLite flavour; postgres/0002_security.sql is its twin.

-- Permissions are named actions, stored space-separated (see tadamun_domain::access).
create table roles (
    code text primary key,
    name_ar text not null,
    name_en text not null,
    permissions text not null,
    requires_two_factor integer not null default 0 check (requires_two_factor in (0, 1)),
    created_at text not null,
    updated_at text not null
) strict;

create table user_roles (
    user_id blob not null references users (id),
    role_code text not null references roles (code),
    created_at text not null,
    updated_at text not null,
    primary key (user_id, role_code)
) strict;
create index user_roles_role on user_roles (role_code);

-- A user sees the whole country, or only the governorates listed for them.
alter table users add column national_scope integer not null default 0 check (national_scope in (0, 1));
alter table users add column active integer not null default 1 check (active in (0, 1));
alter table users drop column is_admin;

create table user_governorates (
    user_id blob not null references users (id),
    governorate_code text not null references areas (code),
    created_at text not null,
    updated_at text not null,
    primary key (user_id, governorate_code)
) strict;

-- Need-to-know: a restricted household is visible only to the users and roles granted
-- here (and within their scope); to everyone else it does not exist.
alter table households add column restricted integer not null default 0 check (restricted in (0, 1));

create table record_grants (
    id integer primary key,
    household_id blob not null references households (id),
    user_id blob references users (id),
    role_code text references roles (code),
    created_at text not null,
    updated_at text not null,
    check ((user_id is null) <> (role_code is null))
) strict;
create index record_grants_household on record_grants (household_id);

-- Persons are never destroyed: deletion and merging mark them, history keeps them.
alter table persons add column deleted_at text;
alter table persons add column merged_into blob references persons (id);

-- Changes a role may not make alone wait here for a second person's decision.
create table change_requests (
    id blob primary key,
    household_id blob not null references households (id),
    kind text not null check (kind in ('delete_person', 'merge_persons', 'change_head', 'move_household', 'correct_document')),
    -- The governorates the decision touches; the approver's scope must cover both.
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
create index change_requests_pending on change_requests (status, governorate_code, created_at);
create index change_requests_household on change_requests (household_id, created_at);

-- History names the approver of a maker-checker change next to its maker, and knows
-- the kinds of change that approval applies. SQLite cannot alter a check constraint,
-- so the table is rebuilt (nothing references it).
create table household_history_new (
    id integer primary key,
    household_id blob not null references households (id),
    person_id blob references persons (id),
    kind text not null check (kind in ('created', 'updated', 'imported', 'member_added', 'died', 'married', 'split', 'moved', 'document_added', 'head_changed', 'person_deleted', 'persons_merged', 'document_corrected', 'restricted', 'unrestricted')),
    actor_id blob references users (id),
    approved_by blob references users (id),
    before_json text,
    after_json text,
    created_at text not null,
    updated_at text not null
) strict;
insert into household_history_new (id, household_id, person_id, kind, actor_id, before_json, after_json, created_at, updated_at)
    select id, household_id, person_id, kind, actor_id, before_json, after_json, created_at, updated_at from household_history;
drop table household_history;
alter table household_history_new rename to household_history;
create index household_history_household on household_history (household_id, id);
