-- A national run scores every household and needs each one's living members. Folding
-- them from `persons` at run time (one ordered aggregate per household) was a third
-- of the run: 10.5 s of 29.6 s at 1,000,000 households. The folded text is kept here
-- instead, by triggers, so no write path can forget it, and a run reads one row per
-- household. `tadamun_store::scoring` parses the text: members `;`-separated, each
-- `position,id,sex,birth_date,approx,relationship,marital,education,work,wg`, the
-- birth date as days since 1970-01-01 and the six Washington Group answers as one
-- number, a digit each (0: not asked). The reader puts members in (position, id)
-- order, as on SQLite. Derived data with no foreign key: the triggers rebuild it from
-- `persons`, once per statement (a COPY of a whole import batch is one refresh).
create view scoring_member_text as
select p.household_id,
       p.position || ',' || p.id || ',' || p.sex || ',' || (p.birth_date - date '1970-01-01') || ',' || cast(p.birth_date_approx as int) || ',' || p.relationship || ',' ||
       coalesce(p.marital_status, '') || ',' || coalesce(p.education, '') || ',' || coalesce(p.work_status, '') || ',' ||
       (coalesce(p.wg_seeing, 0) * 100000 + coalesce(p.wg_hearing, 0) * 10000 + coalesce(p.wg_walking, 0) * 1000 +
        coalesce(p.wg_cognition, 0) * 100 + coalesce(p.wg_self_care, 0) * 10 + coalesce(p.wg_communication, 0)) as text
from persons p
where p.deleted_at is null and p.date_of_death is null;

create table scoring_members (
    household_id uuid primary key,
    -- Null when the household has no living member.
    members text
);

create function refresh_scoring_members(ids uuid[]) returns void language plpgsql as $$
begin
    -- Lock the rows first: the next statement then reads persons after any concurrent
    -- change to the same households has committed (read committed takes a snapshot
    -- per statement), so two transactions cannot leave the older text behind.
    perform 1 from scoring_members where household_id = any(ids) order by household_id for update;
    insert into scoring_members (household_id, members)
    select h.id, (select string_agg(m.text, ';') from scoring_member_text m where m.household_id = h.id)
    from unnest(ids) as h(id)
    on conflict (household_id) do update set members = excluded.members;
end $$;

select refresh_scoring_members(array(select id from households));

create function persons_scoring_inserted() returns trigger language plpgsql as $$
begin
    perform refresh_scoring_members(array(select distinct household_id from new_rows));
    return null;
end $$;

create function persons_scoring_updated() returns trigger language plpgsql as $$
begin
    perform refresh_scoring_members(array(
        select household_id from new_rows union select household_id from old_rows));
    return null;
end $$;

create function persons_scoring_deleted() returns trigger language plpgsql as $$
begin
    perform refresh_scoring_members(array(select distinct household_id from old_rows));
    return null;
end $$;

create trigger persons_scoring_insert after insert on persons
    referencing new table as new_rows for each statement execute function persons_scoring_inserted();
create trigger persons_scoring_update after update on persons
    referencing old table as old_rows new table as new_rows for each statement execute function persons_scoring_updated();
create trigger persons_scoring_delete after delete on persons
    referencing old table as old_rows for each statement execute function persons_scoring_deleted();
