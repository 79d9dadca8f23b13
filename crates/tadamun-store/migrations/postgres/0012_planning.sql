-- Social-services planning groups (مجموعات التخطيط): groups per governorate, their
-- members and terms, versioned bylaws, meetings with agenda and attendance, decisions
-- with votes, and action items. PostgreSQL flavour; sqlite/0012_planning.sql is its twin.
-- Other features build on planning_groups and planning_decisions: keep their ids.

create table planning_groups (
    id uuid primary key,
    country text not null,
    governorate_code text not null references areas (code),
    name_ar text not null,
    name_en text,
    created_at timestamptz not null,
    updated_at timestamptz not null
);
create index planning_groups_governorate on planning_groups (governorate_code);

-- A person on a group: the directorate's, a partner's (linked to the registry), the
-- private sector's or local government's. A linked user signs in and acts as them.
create table planning_members (
    id uuid primary key,
    group_id uuid not null references planning_groups (id),
    name text not null,
    kind text not null check (kind in ('directorate', 'partner', 'private_sector', 'local_government')),
    organisation_id uuid references organisations (id),
    user_id uuid references users (id),
    title text,
    created_at timestamptz not null,
    updated_at timestamptz not null,
    check (kind <> 'partner' or organisation_id is not null),
    unique (group_id, user_id)
);
create index planning_members_group on planning_members (group_id);
create index planning_members_user on planning_members (user_id);

-- Terms in a role; the domain refuses overlaps (per person, and per single seat).
create table planning_terms (
    id uuid primary key,
    group_id uuid not null references planning_groups (id),
    member_id uuid not null references planning_members (id),
    role text not null check (role in ('chair', 'deputy', 'secretary', 'member')),
    starts_on date not null,
    ends_on date,
    created_at timestamptz not null,
    updated_at timestamptz not null,
    check (ends_on is null or ends_on >= starts_on)
);
create index planning_terms_group on planning_terms (group_id, starts_on);

create table planning_meetings (
    id uuid primary key,
    group_id uuid not null references planning_groups (id),
    held_on date not null,
    minutes text,
    -- Worked out when recorded, from the bylaws in force and the members that day.
    members_on_day bigint not null,
    quorum_required bigint not null,
    attended bigint not null,
    quorum_met boolean not null,
    recorded_by uuid references users (id),
    created_at timestamptz not null,
    updated_at timestamptz not null
);
create index planning_meetings_group on planning_meetings (group_id, held_on);

create table planning_agenda_items (
    meeting_id uuid not null references planning_meetings (id),
    position bigint not null,
    text text not null,
    created_at timestamptz not null,
    updated_at timestamptz not null,
    primary key (meeting_id, position)
);

create table planning_attendance (
    meeting_id uuid not null references planning_meetings (id),
    member_id uuid not null references planning_members (id),
    created_at timestamptz not null,
    updated_at timestamptz not null,
    primary key (meeting_id, member_id)
);

-- A proposal is put to a vote at a meeting; one version per group is in force.
create table planning_bylaws (
    id uuid primary key,
    group_id uuid not null references planning_groups (id),
    version_number bigint not null,
    text text not null,
    quorum_percent bigint not null check (quorum_percent between 1 and 100),
    quorum_plus bigint not null check (quorum_plus between 0 and 10),
    meetings_per_year bigint not null check (meetings_per_year between 1 and 52),
    status text not null check (status in ('proposed', 'in_force', 'superseded', 'rejected')),
    proposed_on date not null,
    meeting_id uuid references planning_meetings (id),
    votes_for bigint,
    votes_against bigint,
    votes_abstain bigint,
    in_force_from date,
    in_force_until date,
    created_at timestamptz not null,
    updated_at timestamptz not null,
    unique (group_id, version_number),
    check ((status = 'proposed') = (meeting_id is null))
);
create unique index planning_bylaws_one_in_force on planning_bylaws (group_id) where status = 'in_force';

create table planning_decisions (
    id uuid primary key,
    group_id uuid not null references planning_groups (id),
    meeting_id uuid not null references planning_meetings (id),
    position bigint not null,
    text text not null,
    votes_for bigint not null,
    votes_against bigint not null,
    votes_abstain bigint not null,
    -- Shown on the transparency portal.
    is_public boolean not null,
    created_at timestamptz not null,
    updated_at timestamptz not null,
    unique (meeting_id, position)
);
create index planning_decisions_group on planning_decisions (group_id);
create index planning_decisions_public on planning_decisions (is_public, group_id);

-- Overdue is computed from due_on, status and today; never stored.
create table planning_action_items (
    id uuid primary key,
    group_id uuid not null references planning_groups (id),
    meeting_id uuid not null references planning_meetings (id),
    text text not null,
    owner_member_id uuid not null references planning_members (id),
    due_on date not null,
    status text not null check (status in ('open', 'in_progress', 'done', 'cancelled')),
    done_on date,
    version bigint not null default 1,
    created_at timestamptz not null,
    updated_at timestamptz not null,
    check ((status = 'done') = (done_on is not null))
);
create index planning_action_items_group on planning_action_items (group_id, due_on);
create index planning_action_items_owner on planning_action_items (owner_member_id, status);

-- Roles seeded before this migration lack the new permission (see 0007).
update roles set permissions = trim(permissions || ' planning.read') where code in ('system_admin') and (' ' || permissions || ' ') not like '% planning.read %';
update roles set permissions = trim(permissions || ' planning.manage') where code in ('system_admin') and (' ' || permissions || ' ') not like '% planning.manage %';
