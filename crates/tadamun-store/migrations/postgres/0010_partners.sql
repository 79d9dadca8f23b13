-- The partner registry: organisations (charities, NGOs, volunteer centres…), the
-- governorates they serve, their contacts, the services they offer by governorate,
-- the staff of a partner who may edit it, and accreditation changes as maker-checker
-- change requests. PostgreSQL flavour; sqlite/0010_partners.sql is its twin.

create table organisations (
    id uuid primary key,
    -- The registration number is unique per country (two states may reuse one).
    country text not null,
    kind text not null check (kind in ('charity', 'volunteer_centre', 'ngo', 'cooperative', 'private_company', 'union', 'government_body')),
    registration_number text not null,
    name_ar text not null,
    name_en text,
    -- Normalised names and number (tadamun_arabic::normalize_letters), for search.
    search_key text collate "C" not null,
    -- The head office: whose directorate registers, edits and accredits it.
    governorate_code text not null references areas (code),
    -- Written only through an approved accreditation change request. An accredited
    -- organisation past its expiry reads as expired (computed, never stored).
    accreditation_status text not null default 'pending' check (accreditation_status in ('pending', 'accredited', 'suspended', 'expired')),
    accreditation_expires_on date,
    version bigint not null default 1,
    created_at timestamptz not null,
    updated_at timestamptz not null,
    unique (country, registration_number)
);
create index organisations_name on organisations (search_key, id);
create index organisations_governorate on organisations (governorate_code);

create table organisation_governorates (
    organisation_id uuid not null references organisations (id),
    governorate_code text not null references areas (code),
    created_at timestamptz not null,
    updated_at timestamptz not null,
    primary key (organisation_id, governorate_code)
);
create index organisation_governorates_governorate on organisation_governorates (governorate_code);

-- Replaced whole on each edit of the organisation, in its order.
create table organisation_contacts (
    organisation_id uuid not null references organisations (id),
    position bigint not null,
    name text not null,
    -- E.164.
    phone text,
    email text,
    created_at timestamptz not null,
    updated_at timestamptz not null,
    primary key (organisation_id, position),
    check (phone is not null or email is not null)
);

-- No check on service_code: the catalogue is data (tadamun-domain's
-- data/service-catalogue.toml) and grows without a migration; the domain checks it.
-- One offer per service and governorate, so the service map never counts one twice.
create table organisation_services (
    id uuid primary key,
    organisation_id uuid not null references organisations (id),
    service_code text not null,
    governorate_code text not null references areas (code),
    capacity bigint not null check (capacity > 0),
    eligibility_notes text not null default '',
    created_at timestamptz not null,
    updated_at timestamptz not null,
    unique (organisation_id, service_code, governorate_code)
);
create index organisation_services_map on organisation_services (governorate_code, service_code);

-- A partner's staff member acts for one organisation and sees only it.
create table partner_users (
    user_id uuid primary key references users (id),
    organisation_id uuid not null references organisations (id),
    created_at timestamptz not null,
    updated_at timestamptz not null
);
create index partner_users_organisation on partner_users (organisation_id);

-- Change requests may now be about an organisation (an accreditation change) instead
-- of a household: exactly one of the two is set.
alter table change_requests alter column household_id drop not null;
alter table change_requests add column organisation_id uuid references organisations (id);
alter table change_requests drop constraint change_requests_kind_check;
alter table change_requests add constraint change_requests_kind_check check (kind in ('delete_person', 'merge_persons', 'change_head', 'move_household', 'correct_document', 'unmerge_person', 'accreditation'));
alter table change_requests add constraint change_requests_one_subject check ((household_id is null) <> (organisation_id is null));
alter table change_requests add constraint change_requests_accreditation_subject check ((kind = 'accreditation') = (organisation_id is not null));
create index change_requests_organisation on change_requests (organisation_id, created_at);
-- One open accreditation proposal per organisation: a second waits for the first.
create unique index change_requests_one_pending_accreditation on change_requests (organisation_id) where status = 'pending' and organisation_id is not null;

-- Roles seeded before this migration lack the new permissions (see 0007).
update roles set permissions = trim(permissions || ' partner.read') where code in ('system_admin', 'registrar', 'registry_supervisor', 'programme_officer', 'case_worker', 'case_supervisor', 'planning_member', 'partner_user', 'auditor') and (' ' || permissions || ' ') not like '% partner.read %';
update roles set permissions = trim(permissions || ' partner.submit') where code in ('system_admin', 'registrar', 'registry_supervisor') and (' ' || permissions || ' ') not like '% partner.submit %';
update roles set permissions = trim(permissions || ' partner.manage') where code in ('system_admin', 'registrar', 'registry_supervisor') and (' ' || permissions || ' ') not like '% partner.manage %';
