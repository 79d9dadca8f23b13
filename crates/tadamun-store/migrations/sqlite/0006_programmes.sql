-- Programmes and targeting: versioned programme definitions, the runs that scored the
-- registry, and a decision record for every household in every run. SQLite flavour;
-- postgres/0006_programmes.sql is its twin.

-- One version of a programme. The definition is the JSON of
-- tadamun_targeting::programme::ProgrammeVersion, checked (compiled) before it is
-- saved. A version that produced decisions is frozen: never edited, only succeeded.
create table programme_versions (
    id blob primary key,
    programme_key text not null,
    version integer not null check (version >= 1),
    name_ar text not null,
    name_en text not null,
    illustrative integer not null check (illustrative in (0, 1)),
    definition text not null,
    state text not null default 'draft' check (state in ('draft', 'frozen')),
    created_by blob references users (id),
    created_at text not null,
    updated_at text not null,
    unique (programme_key, version)
) strict;

-- One scoring of the registry (or of one household again, after corrected data)
-- by one programme version. Its decisions are written in the same transaction, so a
-- run is whole or absent.
create table decision_runs (
    id blob primary key,
    programme_version_id blob not null references programme_versions (id),
    kind text not null check (kind in ('registry', 'rescore')),
    as_of text not null,
    households integer not null,
    eligible integer not null,
    waiting_list integer not null,
    not_eligible integer not null,
    not_decidable integer not null,
    -- The sum of the funded households' entitlements per cycle, in minor units.
    total_entitlement integer not null,
    -- Budget-ranked runs: the score of the last household funded.
    marginal_score real,
    run_by blob references users (id),
    created_at text not null,
    updated_at text not null
) strict;
create index decision_runs_version on decision_runs (programme_version_id, created_at);

-- A decision record. The indexed columns are what lists and letters need; `record`
-- holds the rest (inputs snapshot, rules, score components, cut-off and the
-- structured explanation) as JSON. The sentences are rendered from the explanation
-- when shown, in the reader's language.
create table decisions (
    id blob primary key,
    run_id blob not null references decision_runs (id),
    household_id blob not null references households (id),
    outcome text not null check (outcome in ('eligible', 'not_eligible', 'waiting_list', 'not_decidable')),
    rank integer,
    predicted real,
    entitlement integer,
    record text not null,
    -- The decision this one replaced for the household (a re-score after corrected
    -- data); both are kept.
    supersedes blob references decisions (id),
    -- SHA-256 of the code printed on the latest letter: the citizen's second factor
    -- for the status lookup. Printing a letter again issues a new code.
    letter_code_sha256 text,
    letter_issued_at text,
    created_at text not null,
    updated_at text not null
) strict;
create index decisions_household on decisions (household_id, created_at);
create index decisions_run on decisions (run_id, outcome, rank);
