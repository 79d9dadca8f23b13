-- Synthetic ground truth for the policy simulator. PostgreSQL flavour;
-- sqlite/0009_synthetic_truth.sql is its twin.

-- A synthetic household's true monthly consumption per adult equivalent, in the
-- country's major unit, as the generator drew it (tadamun_synth::consumption). Real
-- registries have no such number: only synthetic seeding writes this table, and the
-- simulator measures inclusion and exclusion error over the households found here.
-- It is kept apart from `households` so no real record can ever carry it.
create table synthetic_truth (
    household_id uuid primary key references households (id),
    consumption_per_ae double precision not null check (consumption_per_ae > 0),
    created_at timestamptz not null,
    updated_at timestamptz not null
);
