-- The household registry: areas, households, persons, documents, history, events.
-- SQLite flavour; migrations/postgres/0001_registry.sql is its twin and must keep the
-- same tables, columns and constraints. Booleans are integer 0/1, ids are 16-byte uuid
-- blobs (v7, time-ordered), money is integer minor units, times are UTC text from Rust.

create table areas (
    code text primary key,
    country text not null,
    level text not null check (level in ('governorate', 'district')),
    parent_code text references areas (code),
    name_ar text not null,
    name_en text not null,
    population integer,
    population_year integer,
    created_at text not null,
    updated_at text not null
) strict;

create table users (
    id blob primary key,
    username text not null unique,
    display_name text not null,
    password_hash text not null,
    locale text not null default 'ar' check (locale in ('ar', 'en')),
    digits text not null default 'western' check (digits in ('western', 'arabic_indic')),
    is_admin integer not null default 0 check (is_admin in (0, 1)),
    created_at text not null,
    updated_at text not null
) strict;

-- Server-side sessions; only a hash of the cookie token is stored.
create table sessions (
    token_hash text primary key,
    user_id blob not null references users (id),
    expires_at text not null,
    created_at text not null,
    updated_at text not null
) strict;
create index sessions_user on sessions (user_id);

create table import_runs (
    id blob primary key,
    file_name text not null,
    file_sha256 text not null,
    mode text not null check (mode in ('all_or_nothing', 'valid_rows')),
    status text not null check (status in ('running', 'completed', 'rejected', 'failed')),
    total_rows integer not null default 0,
    imported_households integer not null default 0,
    skipped_households integer not null default 0,
    error_rows integer not null default 0,
    actor_id blob references users (id),
    created_at text not null,
    updated_at text not null
) strict;
create index import_runs_recent on import_runs (created_at);

create table import_errors (
    id integer primary key,
    run_id blob not null references import_runs (id),
    row_number integer not null,
    column_name text not null,
    household_ref text,
    code text not null,
    message text not null,
    created_at text not null,
    updated_at text not null
) strict;
create index import_errors_run on import_errors (run_id, row_number);

create table households (
    id blob primary key,
    status text not null default 'active' check (status in ('active', 'dissolved')),
    governorate_code text not null references areas (code),
    district_code text references areas (code),
    address text not null,
    phone text,
    alt_phone text,
    dwelling_type text,
    tenure text,
    rooms integer,
    monthly_income integer,
    main_income_source text,
    has_car integer not null default 0 check (has_car in (0, 1)),
    has_fridge integer not null default 0 check (has_fridge in (0, 1)),
    has_washing_machine integer not null default 0 check (has_washing_machine in (0, 1)),
    has_air_conditioner integer not null default 0 check (has_air_conditioner in (0, 1)),
    has_computer integer not null default 0 check (has_computer in (0, 1)),
    has_internet integer not null default 0 check (has_internet in (0, 1)),
    -- Country catalogue fields, validated against the country pack, as a JSON object.
    extra text not null default '{}',
    -- Living members, kept by every write so dashboards need not scan persons.
    living_members integer not null default 0,
    version integer not null default 1,
    -- Idempotent imports: a file (by content hash) and its row create one household.
    source_sha256 text,
    source_row integer,
    created_by blob references users (id),
    updated_by blob references users (id),
    created_at text not null,
    updated_at text not null,
    unique (source_sha256, source_row)
) strict;
create index households_governorate on households (governorate_code, status, living_members);
create index households_phone on households (phone);
create index households_alt_phone on households (alt_phone);

create table persons (
    id blob primary key,
    household_id blob not null references households (id),
    given_name text not null,
    father_name text not null,
    grandfather_name text,
    family_name text not null,
    latin_name text,
    -- Normalised search keys (hamza, ta marbuta, alef maqsura, diacritics folded).
    name_key text not null,
    given_family_key text not null,
    family_given_key text not null,
    sex text not null check (sex in ('M', 'F')),
    birth_date text not null,
    birth_date_approx integer not null default 0 check (birth_date_approx in (0, 1)),
    relationship text not null check (relationship in ('head', 'spouse', 'son', 'daughter', 'father', 'mother', 'brother', 'sister', 'grandchild', 'grandparent', 'child_in_law', 'other_relative', 'non_relative')),
    marital_status text check (marital_status in ('single', 'married', 'divorced', 'widowed')),
    education text check (education in ('none', 'literate', 'primary', 'secondary', 'diploma', 'university')),
    work_status text check (work_status in ('employed', 'self_employed', 'unemployed', 'student', 'homemaker', 'retired', 'unable_to_work', 'child')),
    wg_seeing integer check (wg_seeing between 1 and 4),
    wg_hearing integer check (wg_hearing between 1 and 4),
    wg_walking integer check (wg_walking between 1 and 4),
    wg_cognition integer check (wg_cognition between 1 and 4),
    wg_self_care integer check (wg_self_care between 1 and 4),
    wg_communication integer check (wg_communication between 1 and 4),
    date_of_death text,
    position integer not null default 0,
    version integer not null default 1,
    created_at text not null,
    updated_at text not null
) strict;
create index persons_household on persons (household_id, position);
create index persons_name_key on persons (name_key, id);
create index persons_given_family_key on persons (given_family_key, id);
create index persons_family_given_key on persons (family_given_key, id);

create table person_documents (
    id blob primary key,
    person_id blob not null references persons (id),
    doc_type text not null check (doc_type in ('jordan_national_number', 'palestinian_id', 'unrwa_refugee_card', 'unhcr_certificate', 'foreigner_id', 'passport')),
    number text not null,
    created_at text not null,
    updated_at text not null,
    -- Number first, so a search by number alone uses this index too.
    unique (number, doc_type)
) strict;
create index person_documents_person on person_documents (person_id);

-- Append-only: rows are inserted, never updated or deleted.
create table household_history (
    id integer primary key,
    household_id blob not null references households (id),
    person_id blob references persons (id),
    kind text not null check (kind in ('created', 'updated', 'imported', 'member_added', 'died', 'married', 'split', 'moved', 'document_added')),
    actor_id blob references users (id),
    before_json text,
    after_json text,
    created_at text not null,
    updated_at text not null
) strict;
create index household_history_household on household_history (household_id, id);

create table life_events (
    id blob primary key,
    household_id blob not null references households (id),
    kind text not null check (kind in ('birth', 'death', 'marriage', 'split', 'move')),
    event_json text not null,
    recorded_by blob references users (id),
    created_at text not null,
    updated_at text not null
) strict;
create index life_events_household on life_events (household_id, created_at);
