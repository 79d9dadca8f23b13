-- Staff capacity building: training courses, their sessions, who enrolled, attended
-- and completed, the certificates completion issues, and the courses each role must
-- hold. PostgreSQL flavour; sqlite/0014_training.sql is its twin.

create table training_courses (
    id uuid primary key,
    -- Stable, upper-case (tadamun_domain::training::CourseCode).
    code text not null unique,
    title_ar text not null,
    title_en text,
    description text not null default '',
    hours bigint not null check (hours > 0),
    -- Null: a certificate of this course never expires.
    validity_months bigint check (validity_months is null or validity_months > 0),
    version bigint not null default 1,
    created_at timestamptz not null,
    updated_at timestamptz not null
);

-- The governorate says whose directorate runs the session and who may manage it.
create table training_sessions (
    id uuid primary key,
    course_id uuid not null references training_courses (id),
    starts_on date not null,
    ends_on date not null,
    place text not null,
    governorate_code text not null references areas (code),
    trainer text not null,
    capacity bigint not null check (capacity > 0),
    created_at timestamptz not null,
    updated_at timestamptz not null,
    check (ends_on >= starts_on)
);
create index training_sessions_course on training_sessions (course_id, starts_on);
create index training_sessions_governorate on training_sessions (governorate_code, starts_on);

-- One row per trainee and session; the status only moves forward.
create table training_enrolments (
    id uuid primary key,
    session_id uuid not null references training_sessions (id),
    user_id uuid not null references users (id),
    status text not null default 'enrolled' check (status in ('enrolled', 'attended', 'completed')),
    completed_on date,
    created_at timestamptz not null,
    updated_at timestamptz not null,
    unique (session_id, user_id),
    check ((status = 'completed') = (completed_on is not null))
);
create index training_enrolments_user on training_enrolments (user_id);

-- Issued once per completed enrolment. expires_on is computed from the course's
-- validity when issued (tadamun_domain::training::certificate_expiry) and kept, so a
-- later change of validity does not rewrite certificates already given.
create table training_certificates (
    id uuid primary key,
    number text not null unique,
    enrolment_id uuid not null unique references training_enrolments (id),
    user_id uuid not null references users (id),
    course_id uuid not null references training_courses (id),
    issued_on date not null,
    -- The first day it is no longer valid; null never expires.
    expires_on date,
    created_at timestamptz not null,
    updated_at timestamptz not null
);
create index training_certificates_user on training_certificates (user_id, course_id);

create table training_requirements (
    role_code text not null references roles (code),
    course_id uuid not null references training_courses (id),
    created_at timestamptz not null,
    updated_at timestamptz not null,
    primary key (role_code, course_id)
);

-- Roles seeded before this migration lack the new permissions (see 0010).
update roles set permissions = trim(permissions || ' training.read') where code in ('system_admin', 'registry_supervisor', 'case_supervisor', 'auditor') and (' ' || permissions || ' ') not like '% training.read %';
update roles set permissions = trim(permissions || ' training.manage') where code in ('system_admin', 'registry_supervisor') and (' ' || permissions || ' ') not like '% training.manage %';
