//! Black-box tests of the web layer: the real application on port 0 with a fresh
//! SQLite database per test, driven over HTTP. One module per area.

mod helpers;

mod access_matrix;
mod auth;
mod changes;
mod events;
mod health;
mod households;
mod import_export;
mod json_api;
mod search;
