-- The partner registry: organisations (charities, NGOs, volunteer centres…), the
-- governorates they serve, their contacts, the services they offer by governorate,
-- the staff of a partner who may edit it, and accreditation changes as maker-checker
-- change requests. SQLite flavour; postgres/0010_partners.sql is its twin.

create table organisations (
    id blob primary key,
    -- The registration number is unique per country (two states may reuse one).
    country text not null,
    kind text not null check (kind in ('charity', 'volunteer_centre', 'ngo', 'cooperative', 'private_company', 'union', 'government_body')),
    registration_number text not null,
    name_ar text not null,
    name_en text,
    -- Normalised names and number (tadamun_arabic::normalize_letters), for search.
    search_key text not null,
    -- The head office: whose directorate registers, edits and accredits it.
    governorate_code text not null references areas (code),
    -- Written only through an approved accreditation change request. An accredited
    -- organisation past its expiry reads as expired (computed, never stored).
    accreditation_status text not null default 'pending' check (accreditation_status in ('pending', 'accredited', 'suspended', 'expired')),
    accreditation_expires_on text,
    version integer not null default 1,
    created_at text not null,
    updated_at text not null,
    unique (country, registration_number)
) strict;
create index organisations_name on organisations (search_key, id);
create index organisations_governorate on organisations (governorate_code);

create table organisation_governorates (
    organisation_id blob not null references organisations (id),
    governorate_code text not null references areas (code),
    created_at text not null,
    updated_at text not null,
    primary key (organisation_id, governorate_code)
) strict;
create index organisation_governorates_governorate on organisation_governorates (governorate_code);

-- Replaced whole on each edit of the organisation, in its order.
create table organisation_contacts (
    organisation_id blob not null references organisations (id),
    position integer not null,
    name text not null,
    -- E.164.
    phone text,
    email text,
    created_at text not null,
    updated_at text not null,
    primary key (organisation_id, position),
    check (phone is not null or email is not null)
) strict;

-- No check on service_code: the catalogue is data (tadamun-domain's
-- data/service-catalogue.toml) and grows without a migration; the domain checks it.
-- One offer per service and governorate, so the service map never counts one twice.
create table organisation_services (
    id blob primary key,
    organisation_id blob not null references organisations (id),
    service_code text not null,
    governorate_code text not null references areas (code),
    capacity integer not null check (capacity > 0),
    eligibility_notes text not null default '',
    created_at text not null,
    updated_at text not null,
    unique (organisation_id, service_code, governorate_code)
) strict;
create index organisation_services_map on organisation_services (governorate_code, service_code);

-- A partner's staff member acts for one organisation and sees only it.
create table partner_users (
    user_id blob primary key references users (id),
    organisation_id blob not null references organisations (id),
    created_at text not null,
    updated_at text not null
) strict;
create index partner_users_organisation on partner_users (organisation_id);

-- Change requests may now be about an organisation (an accreditation change) instead
-- of a household: exactly one of the two is set. SQLite cannot alter a column or a
-- check, so the table is rebuilt. duplicate_candidates references it: foreign keys are
-- deferred to the commit, and the rows are copied out and back so every reference
-- finds its row again by then.
pragma defer_foreign_keys = on;
create table change_requests_copy as select * from change_requests;
drop table change_requests;
create table change_requests (
    id blob primary key,
    household_id blob references households (id),
    organisation_id blob references organisations (id),
    kind text not null check (kind in ('delete_person', 'merge_persons', 'change_head', 'move_household', 'correct_document', 'unmerge_person', 'accreditation')),
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
    check (decided_by is null or decided_by <> requested_by),
    check ((household_id is null) <> (organisation_id is null)),
    check ((kind = 'accreditation') = (organisation_id is not null))
) strict;
insert into change_requests (id, household_id, kind, governorate_code, target_governorate_code, payload_json, before_json, after_json, reason, status, requested_by, decided_by, decided_at, decision_note, created_at, updated_at)
    select id, household_id, kind, governorate_code, target_governorate_code, payload_json, before_json, after_json, reason, status, requested_by, decided_by, decided_at, decision_note, created_at, updated_at from change_requests_copy;
drop table change_requests_copy;
create index change_requests_pending on change_requests (status, governorate_code, created_at);
create index change_requests_household on change_requests (household_id, created_at);
create index change_requests_organisation on change_requests (organisation_id, created_at);
-- One open accreditation proposal per organisation: a second waits for the first.
create unique index change_requests_one_pending_accreditation on change_requests (organisation_id) where status = 'pending' and organisation_id is not null;

-- Roles seeded before this migration lack the new permissions (see 0007).
update roles set permissions = trim(permissions || ' partner.read') where code in ('system_admin', 'registrar', 'registry_supervisor', 'programme_officer', 'case_worker', 'case_supervisor', 'planning_member', 'partner_user', 'auditor') and (' ' || permissions || ' ') not like '% partner.read %';
update roles set permissions = trim(permissions || ' partner.submit') where code in ('system_admin', 'registrar', 'registry_supervisor') and (' ' || permissions || ' ') not like '% partner.submit %';
update roles set permissions = trim(permissions || ' partner.manage') where code in ('system_admin', 'registrar', 'registry_supervisor') and (' ' || permissions || ' ') not like '% partner.manage %';
