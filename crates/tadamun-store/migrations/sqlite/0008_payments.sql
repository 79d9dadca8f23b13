-- Enrolment and payments: who each programme pays and who waits, payment batches per
-- cycle with their lines, and the provider files imported back. SQLite flavour;
-- postgres/0008_payments.sql is its twin.

-- A household's place on a programme's roster. A household that leaves keeps its
-- row (left_on, left_outcome) so its history stays; a later eligible run reopens it.
create table enrolments (
    programme_key text not null,
    household_id blob not null references households (id),
    enrolled_on text not null,
    -- The as-of date of the run that last found it eligible: recertification counts
    -- from here.
    certified_on text not null,
    -- Per cycle, in minor units.
    entitlement integer not null check (entitlement >= 0),
    -- The run that last changed this row.
    run_id blob not null references decision_runs (id),
    left_on text,
    left_outcome text check (left_outcome in ('not_eligible', 'waiting_list')),
    -- Where a bank pays the household (an IBAN or account number); e-wallets pay the
    -- household's phone.
    payee_account text,
    created_at text not null,
    updated_at text not null,
    primary key (programme_key, household_id)
) strict;
create index enrolments_roster on enrolments (programme_key, left_on, certified_on);

-- What each enrolled run changed on the roster, household by household: the history
-- of who joined, was recertified, left or was held, and why (the run's decision).
create table enrolment_changes (
    run_id blob not null references decision_runs (id),
    programme_key text not null,
    household_id blob not null references households (id),
    change text not null check (change in ('joined', 'recertified', 'left', 'held')),
    on_date text not null,
    entitlement integer,
    left_outcome text check (left_outcome in ('not_eligible', 'waiting_list')),
    created_at text not null,
    updated_at text not null,
    primary key (run_id, household_id)
) strict;
create index enrolment_changes_household on enrolment_changes (household_id, created_at);

-- A budget-ranked programme's waiting list, in rank order, as the latest enrolled
-- run left it.
create table waiting_list (
    programme_key text not null,
    household_id blob not null references households (id),
    rank integer not null,
    run_id blob not null references decision_runs (id),
    created_at text not null,
    updated_at text not null,
    primary key (programme_key, household_id)
) strict;
create index waiting_list_rank on waiting_list (programme_key, rank);

-- A run's outcomes are applied to the roster once, and never after a later run.
alter table decision_runs add column enrolled_at text;

-- One programme's payments for one cycle ('2026-12' or '2026-Q4'), through one kind
-- of provider. The maker cannot be the checker.
create table payment_batches (
    id blob primary key,
    programme_key text not null,
    programme_version integer not null,
    cycle text not null,
    provider text not null check (provider in ('bank', 'e_wallet')),
    state text not null check (state in ('draft', 'submitted', 'approved', 'exported', 'reconciled')),
    line_count integer not null,
    total_amount integer not null,
    -- Enrolled households left out: no phone for an e-wallet, no account for a bank.
    unreachable integer not null,
    maker blob not null references users (id),
    checker blob references users (id),
    submitted_at text,
    approved_at text,
    exported_at text,
    created_at text not null,
    updated_at text not null,
    check (checker is null or checker <> maker)
) strict;
create index payment_batches_programme on payment_batches (programme_key, cycle, created_at);

-- A payment line; its reference is derived from (batch_id, line). A failed or
-- returned line is owed again and re-issued once, by a later batch's line that
-- names it in reissue_of_*.
create table payment_lines (
    batch_id blob not null references payment_batches (id),
    line integer not null check (line >= 1),
    household_id blob not null references households (id),
    programme_key text not null,
    cycle text not null,
    amount integer not null check (amount > 0),
    status text not null default 'pending' check (status in ('pending', 'paid', 'failed', 'returned')),
    reissue_of_batch blob,
    reissue_of_line integer,
    reason text,
    settled_on text,
    created_at text not null,
    updated_at text not null,
    primary key (batch_id, line),
    foreign key (reissue_of_batch, reissue_of_line) references payment_lines (batch_id, line)
) strict;
-- No household is paid twice for one cycle: at most one live line per (household,
-- programme, cycle), whatever the code above it does.
create unique index payment_lines_one_live on payment_lines (household_id, programme_key, cycle)
    where status in ('pending', 'paid');
-- A failed line is re-issued at most once.
create unique index payment_lines_one_reissue on payment_lines (reissue_of_batch, reissue_of_line)
    where reissue_of_batch is not null;
create index payment_lines_owed on payment_lines (programme_key, status, cycle);
create index payment_lines_household on payment_lines (household_id, cycle);

-- Every reconciliation file applied, by the SHA-256 of its bytes: the same file
-- twice is refused outright.
create table reconciliation_files (
    id blob primary key,
    sha256 text not null unique,
    file_name text not null,
    row_count integer not null,
    changed integer not null,
    unchanged integer not null,
    imported_by blob references users (id),
    created_at text not null,
    updated_at text not null
) strict;

-- The changes each file made, line by line: what the provider said, kept with the
-- file so a settled payment can be traced to the row that settled it.
create table reconciliation_rows (
    file_id blob not null references reconciliation_files (id),
    row_number integer not null,
    batch_id blob not null,
    line integer not null,
    status text not null check (status in ('paid', 'failed', 'returned')),
    settled_on text not null,
    reason text,
    created_at text not null,
    updated_at text not null,
    primary key (file_id, row_number),
    foreign key (batch_id, line) references payment_lines (batch_id, line)
) strict;
