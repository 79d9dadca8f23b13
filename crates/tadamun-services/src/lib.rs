//! Use cases that join files, the resolver and the store: importing and exporting
//! households, and the duplicate check. The CLI and the web UI both call these, so an
//! import or a check behaves the same everywhere.

pub mod duplicates;
pub mod export;
pub mod import;
