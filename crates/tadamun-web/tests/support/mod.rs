//! Helpers shared by the web crate's integration tests outside `api/`.
#![allow(dead_code)]

pub mod browser;
