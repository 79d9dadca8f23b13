//! Use cases that join files and the store: importing and exporting households.
//! The CLI and the web UI both call these, so an import behaves the same everywhere.

pub mod export;
pub mod import;
