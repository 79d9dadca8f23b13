//! Enrolment, cycles, payment batches and reconciliation: the pure core of paying a
//! programme. No IO and no clock; the store persists what these functions return.
//!
//! The flow: a run's [`DecisionRecord`](crate::decision::DecisionRecord)s update the
//! roster ([`enrolment::apply_run`]); each cycle ([`cycle::CyclePeriod`]) a batch is
//! built from the roster and every earlier line ([`batch::build_batch`]), approved
//! maker-checker and exported; the provider's file is applied all or nothing
//! ([`reconcile::reconcile`]); failures are re-issued by the next batch.
//!
//! **No household is ever paid twice for one cycle:** at most one line per
//! (household, programme, cycle) is pending or paid at any time, settled lines never
//! change, and a failure is re-issued once (property-tested in `tests.rs`).

pub mod batch;
pub mod cycle;
pub mod enrolment;
pub mod reconcile;

#[cfg(test)]
mod tests;
