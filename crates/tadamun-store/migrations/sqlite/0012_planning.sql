-- Social-services planning groups (مجموعات التخطيط): groups per governorate, their
-- members and terms, versioned bylaws, meetings with agenda and attendance, decisions
-- with votes, and action items. SQLite flavour; postgres/0012_planning.sql is its twin.
-- Other features build on planning_groups and planning_decisions: keep their ids.

create table planning_groups (
    id blob primary key,
    country text not null,
    governorate_code text not null references areas (code),
    name_ar text not null,
    name_en text,
    created_at text not null,
    updated_at text not null
) strict;
create index planning_groups_governorate on planning_groups (governorate_code);

-- A person on a group: the directorate's, a partner's (linked to the registry), the
-- private sector's or local government's. A linked user signs in and acts as them.
create table planning_members (
    id blob primary key,
    group_id blob not null references planning_groups (id),
    name text not null,
    kind text not null check (kind in ('directorate', 'partner', 'private_sector', 'local_government')),
    organisation_id blob references organisations (id),
    user_id blob references users (id),
    title text,
    created_at text not null,
    updated_at text not null,
    check (kind <> 'partner' or organisation_id is not null),
    unique (group_id, user_id)
) strict;
create index planning_members_group on planning_members (group_id);
create index planning_members_user on planning_members (user_id);

-- Terms in a role; the domain refuses overlaps (per person, and per single seat).
create table planning_terms (
    id blob primary key,
    group_id blob not null references planning_groups (id),
    member_id blob not null references planning_members (id),
    role text not null check (role in ('chair', 'deputy', 'secretary', 'member')),
    starts_on text not null,
    ends_on text,
    created_at text not null,
    updated_at text not null,
    check (ends_on is null or ends_on >= starts_on)
) strict;
create index planning_terms_group on planning_terms (group_id, starts_on);

create table planning_meetings (
    id blob primary key,
    group_id blob not null references planning_groups (id),
    held_on text not null,
    minutes text,
    -- Worked out when recorded, from the bylaws in force and the members that day.
    members_on_day integer not null,
    quorum_required integer not null,
    attended integer not null,
    quorum_met integer not null check (quorum_met in (0, 1)),
    recorded_by blob references users (id),
    created_at text not null,
    updated_at text not null
) strict;
create index planning_meetings_group on planning_meetings (group_id, held_on);

create table planning_agenda_items (
    meeting_id blob not null references planning_meetings (id),
    position integer not null,
    text text not null,
    created_at text not null,
    updated_at text not null,
    primary key (meeting_id, position)
) strict;

create table planning_attendance (
    meeting_id blob not null references planning_meetings (id),
    member_id blob not null references planning_members (id),
    created_at text not null,
    updated_at text not null,
    primary key (meeting_id, member_id)
) strict;

-- A proposal is put to a vote at a meeting; one version per group is in force.
create table planning_bylaws (
    id blob primary key,
    group_id blob not null references planning_groups (id),
    version_number integer not null,
    text text not null,
    quorum_percent integer not null check (quorum_percent between 1 and 100),
    quorum_plus integer not null check (quorum_plus between 0 and 10),
    meetings_per_year integer not null check (meetings_per_year between 1 and 52),
    status text not null check (status in ('proposed', 'in_force', 'superseded', 'rejected')),
    proposed_on text not null,
    meeting_id blob references planning_meetings (id),
    votes_for integer,
    votes_against integer,
    votes_abstain integer,
    in_force_from text,
    in_force_until text,
    created_at text not null,
    updated_at text not null,
    unique (group_id, version_number),
    check ((status = 'proposed') = (meeting_id is null))
) strict;
create unique index planning_bylaws_one_in_force on planning_bylaws (group_id) where status = 'in_force';

create table planning_decisions (
    id blob primary key,
    group_id blob not null references planning_groups (id),
    meeting_id blob not null references planning_meetings (id),
    position integer not null,
    text text not null,
    votes_for integer not null,
    votes_against integer not null,
    votes_abstain integer not null,
    -- Shown on the transparency portal.
    is_public integer not null check (is_public in (0, 1)),
    created_at text not null,
    updated_at text not null,
    unique (meeting_id, position)
) strict;
create index planning_decisions_group on planning_decisions (group_id);
create index planning_decisions_public on planning_decisions (is_public, group_id);

-- Overdue is computed from due_on, status and today; never stored.
create table planning_action_items (
    id blob primary key,
    group_id blob not null references planning_groups (id),
    meeting_id blob not null references planning_meetings (id),
    text text not null,
    owner_member_id blob not null references planning_members (id),
    due_on text not null,
    status text not null check (status in ('open', 'in_progress', 'done', 'cancelled')),
    done_on text,
    version integer not null default 1,
    created_at text not null,
    updated_at text not null,
    check ((status = 'done') = (done_on is not null))
) strict;
create index planning_action_items_group on planning_action_items (group_id, due_on);
create index planning_action_items_owner on planning_action_items (owner_member_id, status);

-- Roles seeded before this migration lack the new permission (see 0007).
update roles set permissions = trim(permissions || ' planning.read') where code in ('system_admin') and (' ' || permissions || ' ') not like '% planning.read %';
update roles set permissions = trim(permissions || ' planning.manage') where code in ('system_admin') and (' ' || permissions || ' ') not like '% planning.manage %';
