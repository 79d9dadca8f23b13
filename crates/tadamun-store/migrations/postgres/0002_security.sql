-- Security: roles as data, each user's roles and area scope, need-to-know records and
-- maker-checker change requests. PostgreSQL flavour; sqlite/0002_security.sql is its twin.

-- Permissions are named actions, stored space-separated (see tadamun_domain::access).
create table roles (
    code text primary key,
    name_ar text not null,
    name_en text not null,
    permissions text not null,
    requires_two_factor boolean not null default false,
    created_at timestamptz not null,
    updated_at timestamptz not null
);

create table user_roles (
    user_id uuid not null references users (id),
    role_code text not null references roles (code),
    created_at timestamptz not null,
    updated_at timestamptz not null,
    primary key (user_id, role_code)
);
create index user_roles_role on user_roles (role_code);

-- A user sees the whole country, or only the governorates listed for them.
alter table users add column national_scope boolean not null default false;
alter table users add column active boolean not null default true;
alter table users drop column is_admin;

create table user_governorates (
    user_id uuid not null references users (id),
    governorate_code text not null references areas (code),
    created_at timestamptz not null,
    updated_at timestamptz not null,
    primary key (user_id, governorate_code)
);

-- Need-to-know: a restricted household is visible only to the users and roles granted
-- here (and within their scope); to everyone else it does not exist.
alter table households add column restricted boolean not null default false;

create table record_grants (
    id bigint generated always as identity primary key,
    household_id uuid not null references households (id),
    user_id uuid references users (id),
    role_code text references roles (code),
    created_at timestamptz not null,
    updated_at timestamptz not null,
    check ((user_id is null) <> (role_code is null))
);
create index record_grants_household on record_grants (household_id);

-- Persons are never destroyed: deletion and merging mark them, history keeps them.
alter table persons add column deleted_at timestamptz;
alter table persons add column merged_into uuid references persons (id);

-- Changes a role may not make alone wait here for a second person's decision.
create table change_requests (
    id uuid primary key,
    household_id uuid not null references households (id),
    kind text not null check (kind in ('delete_person', 'merge_persons', 'change_head', 'move_household', 'correct_document')),
    -- The governorates the decision touches; the approver's scope must cover both.
    governorate_code text not null references areas (code),
    target_governorate_code text references areas (code),
    payload_json text not null,
    before_json text not null,
    after_json text not null,
    reason text not null,
    status text not null default 'pending' check (status in ('pending', 'approved', 'rejected')),
    requested_by uuid not null references users (id),
    decided_by uuid references users (id),
    decided_at timestamptz,
    decision_note text,
    created_at timestamptz not null,
    updated_at timestamptz not null,
    check (decided_by is null or decided_by <> requested_by)
);
create index change_requests_pending on change_requests (status, governorate_code, created_at);
create index change_requests_household on change_requests (household_id, created_at);

-- History names the approver of a maker-checker change next to its maker, and knows
-- the kinds of change that approval applies.
alter table household_history add column approved_by uuid references users (id);
alter table household_history drop constraint household_history_kind_check;
alter table household_history add constraint household_history_kind_check check (kind in ('created', 'updated', 'imported', 'member_added', 'died', 'married', 'split', 'moved', 'document_added', 'head_changed', 'person_deleted', 'persons_merged', 'document_corrected', 'restricted', 'unrestricted'));
