//! Use cases that join files, the resolver and the store: importing and exporting
//! households, the duplicate check, running programmes and simulating changes to them. The CLI and the web UI both call these, so an
//! import or a check behaves the same everywhere.

pub mod duplicates;
pub mod export;
pub mod import;
pub mod payments;
pub mod programmes;
pub mod simulator;
pub mod transparency;
