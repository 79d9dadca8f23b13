-- A national run scores every household and needs each one's living members. Folding
-- them from `persons` at run time (one ordered aggregate per household) was half of
-- the run: 13.6 s of 33.6 s at 1,000,000 households. The folded text is kept here
-- instead, by triggers, so no write path can forget it, and a run reads one row per
-- household. `tadamun_store::scoring` parses the text: members `;`-separated, each
-- `position,id,sex,birth_date,approx,relationship,marital,education,work,wg`, the six
-- Washington Group answers as one number, a digit each (0: not asked). The reader puts
-- members in (position, id) order: the schema has no ordered aggregate, which the
-- sqlite3 shells of Debian 12 and older (before 3.44) cannot parse.
-- Derived data with no foreign key: it is rebuilt from `persons` by the triggers.
create view scoring_member_text as
select p.household_id,
       p.position || ',' || hex(p.id) || ',' || p.sex || ',' || p.birth_date || ',' || p.birth_date_approx || ',' || p.relationship || ',' ||
       coalesce(p.marital_status, '') || ',' || coalesce(p.education, '') || ',' || coalesce(p.work_status, '') || ',' ||
       (coalesce(p.wg_seeing, 0) * 100000 + coalesce(p.wg_hearing, 0) * 10000 + coalesce(p.wg_walking, 0) * 1000 +
        coalesce(p.wg_cognition, 0) * 100 + coalesce(p.wg_self_care, 0) * 10 + coalesce(p.wg_communication, 0)) as text
from persons p
where p.deleted_at is null and p.date_of_death is null;

create table scoring_members (
    household_id blob primary key,
    -- Null when the household has no living member.
    members text
) strict, without rowid;

insert into scoring_members (household_id, members)
select h.id, (select group_concat(m.text, ';') from scoring_member_text m where m.household_id = h.id)
from households h where true
on conflict (household_id) do update set members = excluded.members;

create trigger persons_scoring_insert after insert on persons begin
    insert into scoring_members (household_id, members)
    values (new.household_id, (select group_concat(m.text, ';') from scoring_member_text m where m.household_id = new.household_id))
    on conflict (household_id) do update set members = excluded.members;
end;

create trigger persons_scoring_update after update of household_id, position, sex, birth_date, birth_date_approx, relationship, marital_status, education, work_status, wg_seeing, wg_hearing, wg_walking, wg_cognition, wg_self_care, wg_communication, date_of_death, deleted_at on persons begin
    insert into scoring_members (household_id, members)
    values (new.household_id, (select group_concat(m.text, ';') from scoring_member_text m where m.household_id = new.household_id))
    on conflict (household_id) do update set members = excluded.members;
    -- A member who moved leaves the old household's text too.
    insert into scoring_members (household_id, members)
    select old.household_id, (select group_concat(m.text, ';') from scoring_member_text m where m.household_id = old.household_id)
    where old.household_id <> new.household_id
    on conflict (household_id) do update set members = excluded.members;
end;

create trigger persons_scoring_delete after delete on persons begin
    insert into scoring_members (household_id, members)
    values (old.household_id, (select group_concat(m.text, ';') from scoring_member_text m where m.household_id = old.household_id))
    on conflict (household_id) do update set members = excluded.members;
end;
