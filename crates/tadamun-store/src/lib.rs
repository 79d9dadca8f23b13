//! The only crate that knows SQL: one `Store` facade over SQLite and PostgreSQL.
//!
//! Each query is written once in portable SQL with `$1..$n` placeholders and run on
//! whichever pool the URL scheme chose at start-up (see `backend`). The few places
//! where the two databases must differ are named escape hatches, each tested on both:
//! bulk loading (`COPY` on PostgreSQL, multi-row inserts on SQLite) and scoring's
//! ordered string aggregate (`string_agg`, `group_concat`).

mod backend;
mod bulk;
mod db;
mod error;
mod rows;
mod scoring;
mod search_indexes;
mod values;

pub mod access;
pub mod areas;
pub mod audit;
pub mod changes;
pub mod dashboard;
pub mod duplicates;
pub mod enrolments;
pub mod events;
pub mod export;
pub mod grievances;
pub mod households;
pub mod import;
pub mod indicators;
pub mod login;
pub mod lookup;
pub mod partners;
pub mod payments;
pub mod planning;
pub mod programmes;
pub mod search;
pub mod sessions;
pub mod simulation;
pub mod training;
pub mod transparency;
pub mod user_admin;
pub mod users;

#[cfg(feature = "testing")]
pub mod testing;

pub use backend::{DatabaseUrl, Store, migration_versions};
pub use error::StoreError;

use time::OffsetDateTime;

/// The current time truncated to microseconds, the precision both databases keep, so a
/// value read back equals the value written. Times always come from Rust, never `now()`.
pub fn now() -> OffsetDateTime {
    let t = OffsetDateTime::now_utc();
    t.replace_nanosecond(t.nanosecond() / 1_000 * 1_000)
        .unwrap_or(t)
}
