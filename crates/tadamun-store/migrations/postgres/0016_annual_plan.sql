-- The annual plan of a planning group: adopted priority weights, each recorded with
-- the decision that adopted them and the ranking exactly as computed then, and the
-- plan's objectives and activities. PostgreSQL flavour; sqlite/0016_annual_plan.sql is
-- its twin.

-- Never edited: a newer adoption for the same group and year supersedes an older one
-- (the newest is in force). The JSON columns hold tadamun_domain types verbatim, as
-- text so the numbers come back exactly as written.
create table planning_priority_adoptions (
    id uuid primary key,
    group_id uuid not null references planning_groups (id),
    governorate_code text not null references areas (code),
    year bigint not null check (year between 2000 and 2100),
    -- tadamun_domain::indicator::Weights
    weights_json text not null,
    -- Vec<tadamun_domain::indicator::RankedPriority>, every component explained.
    ranking_json text not null,
    -- The indicator basis: the table's day and the latest registry run, if any.
    table_day date not null,
    run_id uuid references decision_runs (id),
    decision_id uuid not null references planning_decisions (id),
    adopted_by uuid references users (id),
    adopted_at timestamptz not null,
    created_at timestamptz not null,
    updated_at timestamptz not null
);
create index planning_priority_adoptions_group on planning_priority_adoptions (group_id, year, adopted_at);

create function planning_priority_adoptions_refuse_update() returns trigger
language plpgsql as $$
begin
    raise exception 'adoptions are never edited';
end;
$$;
create trigger planning_priority_adoptions_no_update before update on planning_priority_adoptions
    for each row execute function planning_priority_adoptions_refuse_update();

-- An objective serves one priority (a service code) of the adoption in force.
create table planning_objectives (
    id uuid primary key,
    group_id uuid not null references planning_groups (id),
    year bigint not null check (year between 2000 and 2100),
    adoption_id uuid not null references planning_priority_adoptions (id),
    priority text not null,
    text text not null,
    created_by uuid references users (id),
    created_at timestamptz not null,
    updated_at timestamptz not null
);
create index planning_objectives_group on planning_objectives (group_id, year);

-- Exactly one responsible party: a partner organisation or the directorate.
-- Overdue is computed from ends_on, status and today; never stored.
create table planning_activities (
    id uuid primary key,
    objective_id uuid not null references planning_objectives (id),
    group_id uuid not null references planning_groups (id),
    text text not null,
    organisation_id uuid references organisations (id),
    directorate boolean not null,
    budget_minor bigint not null check (budget_minor >= 0),
    status text not null check (status in ('planned', 'in_progress', 'done', 'delayed', 'cancelled')),
    progress bigint not null check (progress between 0 and 100),
    starts_on date not null,
    ends_on date not null,
    version bigint not null default 1,
    created_at timestamptz not null,
    updated_at timestamptz not null,
    check ((organisation_id is not null) <> directorate),
    check (ends_on >= starts_on),
    check (status <> 'done' or progress = 100)
);
create index planning_activities_objective on planning_activities (objective_id);
create index planning_activities_group on planning_activities (group_id);
