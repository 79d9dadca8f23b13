//! Programmes and targeting, the pure core: no IO, no SQL.
//!
//! A [`programme::ProgrammeVersion`] is data (TOML in a country pack, JSON in the
//! store). [`ProgrammeVersion::compile`](programme::ProgrammeVersion::compile) checks it
//! against its country pack: every CEL rule is parsed and checked, with errors naming
//! line and column; every PMT variable exists. [`decision::decide`] then scores
//! households in memory and returns one [`decision::DecisionRecord`] per household,
//! with its structured explanation, worded in Arabic and English when shown;
//! [`stored`] is the compact form the store keeps. [`simulate::simulate`] compares two
//! programmes over the same households.

pub mod assess;
pub mod decision;
pub mod entitlement;
pub mod explain;
pub mod payments;
pub mod pmt;
pub mod poverty;
pub mod programme;
pub mod rules;
pub mod select;
pub mod simulate;
pub mod stored;
pub mod variables;
