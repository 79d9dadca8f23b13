-- Login: lockout counters, TOTP two-factor, recovery codes, and sessions that know
-- their stage, kind, device and idle time. PostgreSQL flavour; sqlite/0004_login.sql is
-- its twin and must keep the same tables, columns and indexes.

-- Consecutive failures since the last full login; the progressive delay and the
-- lockout (tadamun_domain::login::penalty) are stored as the times they end.
alter table users add column failed_logins bigint not null default 0 check (failed_logins >= 0);
alter table users add column next_login_at timestamptz;
alter table users add column locked_until timestamptz;
-- TOTP (RFC 6238) secret, base32, stored as given (encryption at rest is future work).
-- The pending secret is the one shown during enrolment until a code confirms it.
alter table users add column totp_secret text;
alter table users add column totp_pending_secret text;
alter table users add column totp_enabled_at timestamptz;
-- The last accepted time step, so a code is never accepted twice.
alter table users add column totp_last_step bigint;

-- One-time recovery codes; only a SHA-256 of each (salted with the user id) is kept.
create table recovery_codes (
    id bigint generated always as identity primary key,
    user_id uuid not null references users (id),
    code_hash text not null,
    used_at timestamptz,
    created_at timestamptz not null,
    updated_at timestamptz not null,
    unique (user_id, code_hash)
);

-- Sessions are rebuilt: everyone signs in again once after this upgrade.
drop table sessions;
create table sessions (
    -- Public id, shown on the account page to revoke a session; never the token.
    id uuid primary key,
    token_hash text not null unique,
    user_id uuid not null references users (id),
    kind text not null check (kind in ('browser', 'api')),
    stage text not null check (stage in ('password_ok', 'enrol', 'full')),
    -- An API token may be narrowed to some permissions (space-separated); null: all
    -- the user's.
    permissions text,
    user_agent text,
    source_ip text,
    -- Idle timeout counts from here; refreshed at most once a minute.
    last_seen_at timestamptz not null,
    absolute_expires_at timestamptz not null,
    created_at timestamptz not null,
    updated_at timestamptz not null
);
create index sessions_user on sessions (user_id, created_at);
create index sessions_expiry on sessions (absolute_expires_at);
