-- The annual plan of a planning group: adopted priority weights, each recorded with
-- the decision that adopted them and the ranking exactly as computed then, and the
-- plan's objectives and activities. SQLite flavour; postgres/0016_annual_plan.sql is
-- its twin.

-- Never edited: a newer adoption for the same group and year supersedes an older one
-- (the newest is in force). The JSON columns hold tadamun_domain types verbatim.
create table planning_priority_adoptions (
    id blob primary key,
    group_id blob not null references planning_groups (id),
    governorate_code text not null references areas (code),
    year integer not null check (year between 2000 and 2100),
    -- tadamun_domain::indicator::Weights
    weights_json text not null,
    -- Vec<tadamun_domain::indicator::RankedPriority>, every component explained.
    ranking_json text not null,
    -- The indicator basis: the table's day and the latest registry run, if any.
    table_day text not null,
    run_id blob references decision_runs (id),
    decision_id blob not null references planning_decisions (id),
    adopted_by blob references users (id),
    adopted_at text not null,
    created_at text not null,
    updated_at text not null
) strict;
create index planning_priority_adoptions_group on planning_priority_adoptions (group_id, year, adopted_at);

create trigger planning_priority_adoptions_no_update before update on planning_priority_adoptions
begin
    select raise(abort, 'adoptions are never edited');
end;

-- An objective serves one priority (a service code) of the adoption in force.
create table planning_objectives (
    id blob primary key,
    group_id blob not null references planning_groups (id),
    year integer not null check (year between 2000 and 2100),
    adoption_id blob not null references planning_priority_adoptions (id),
    priority text not null,
    text text not null,
    created_by blob references users (id),
    created_at text not null,
    updated_at text not null
) strict;
create index planning_objectives_group on planning_objectives (group_id, year);

-- Exactly one responsible party: a partner organisation or the directorate.
-- Overdue is computed from ends_on, status and today; never stored.
create table planning_activities (
    id blob primary key,
    objective_id blob not null references planning_objectives (id),
    group_id blob not null references planning_groups (id),
    text text not null,
    organisation_id blob references organisations (id),
    directorate integer not null check (directorate in (0, 1)),
    budget_minor integer not null check (budget_minor >= 0),
    status text not null check (status in ('planned', 'in_progress', 'done', 'delayed', 'cancelled')),
    progress integer not null check (progress between 0 and 100),
    starts_on text not null,
    ends_on text not null,
    version integer not null default 1,
    created_at text not null,
    updated_at text not null,
    check ((organisation_id is not null) <> (directorate = 1)),
    check (ends_on >= starts_on),
    check (status <> 'done' or progress = 100)
) strict;
create index planning_activities_objective on planning_activities (objective_id);
create index planning_activities_group on planning_activities (group_id);
