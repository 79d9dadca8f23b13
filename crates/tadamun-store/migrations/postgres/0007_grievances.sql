-- Grievances and appeals: what citizens complain about, who handles it, every step
-- of it, and the new permissions for the roles that exist already. PostgreSQL flavour;
-- sqlite/0007_grievances.sql is its twin. (0006 is the programmes migration.)

-- The number in a citizen's reference (2026-000123), counted per year. One row per
-- year, bumped by an upsert in the filing transaction, so two filings never share one.
create table grievance_counters (
    year bigint primary key,
    last_number bigint not null,
    created_at timestamptz not null,
    updated_at timestamptz not null
);

create table grievances (
    id uuid primary key,
    ref_year bigint not null,
    ref_number bigint not null,
    channel text not null check (channel in ('office', 'phone', 'web')),
    category text not null check (category in ('targeting_decision', 'payment', 'registration_data', 'staff_conduct', 'protection', 'other')),
    status text not null default 'open' check (status in ('open', 'assigned', 'in_progress', 'escalated', 'resolved', 'rejected', 'closed')),
    -- Scope: whoever does not cover this governorate does not see the grievance.
    governorate_code text not null references areas (code),
    -- Optional: a citizen may complain without being registered.
    household_id uuid references households (id),
    -- The decision appealed against (an appeal); a re-score after corrected data keeps
    -- it and adds a new decision.
    decision_id uuid references decisions (id),
    complainant_name text not null,
    -- The national ID number, so the citizen can look the grievance up by it.
    complainant_id_number text,
    complainant_phone text,
    description text not null,
    -- Need-to-know: only the assignee, the filer and holders of grievance.restricted.
    restricted boolean not null,
    -- SHA-256 of the receipt code, salted with the id; the code itself is never kept.
    receipt_code_sha256 text not null,
    filed_by uuid references users (id),
    assigned_to uuid references users (id),
    -- filed time + the category's SLA, fixed at filing.
    due_at timestamptz not null,
    -- Set once, when the SLA passed unsettled and it went to the supervisor level.
    escalated_at timestamptz,
    -- The answer shown to the citizen in the status lookup.
    resolution text,
    settled_at timestamptz,
    version bigint not null default 1,
    created_at timestamptz not null,
    updated_at timestamptz not null,
    unique (ref_year, ref_number)
);
create index grievances_queue on grievances (status, due_at, id);
create index grievances_overdue on grievances (due_at) where escalated_at is null;
create index grievances_household on grievances (household_id, created_at);
create index grievances_complainant on grievances (complainant_id_number) where complainant_id_number is not null;
create index grievances_assignee on grievances (assigned_to, status);

-- Everything that happened to a grievance, append-only: filing, notes, assignment,
-- status changes, escalation. Never updated or deleted.
create table grievance_events (
    id bigint generated always as identity primary key,
    grievance_id uuid not null references grievances (id),
    kind text not null check (kind in ('filed', 'note', 'assigned', 'status', 'escalated')),
    actor_id uuid references users (id),
    actor_name text not null,
    from_status text,
    to_status text,
    assigned_to uuid references users (id),
    body text,
    created_at timestamptz not null,
    updated_at timestamptz not null
);
create index grievance_events_grievance on grievance_events (grievance_id, id);

-- Roles seeded before this migration lack the new permissions (the seeding leaves
-- existing rows alone). Add each to the built-in roles that now carry it, unless an
-- administrator already did. `updated_at` is left as it was: a migration has no clock
-- from Rust, and the role's last human edit stays visible.
update roles set permissions = trim(permissions || ' grievance.handle') where code in ('system_admin', 'registrar', 'registry_supervisor', 'programme_officer', 'finance_officer', 'case_worker', 'case_supervisor') and (' ' || permissions || ' ') not like '% grievance.handle %';
update roles set permissions = trim(permissions || ' grievance.supervise') where code in ('registry_supervisor', 'programme_officer', 'case_supervisor') and (' ' || permissions || ' ') not like '% grievance.supervise %';
update roles set permissions = trim(permissions || ' grievance.restricted') where code in ('case_supervisor') and (' ' || permissions || ' ') not like '% grievance.restricted %';
