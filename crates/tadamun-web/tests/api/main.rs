//! Black-box tests of the web layer: the real application on port 0 with a fresh
//! SQLite database per test, driven over HTTP. One module per area. The login,
//! two-factor, session and user-administration stories run on PostgreSQL too.

mod helpers;

mod access_matrix;
mod account;
mod admin_users;
mod annual_plan;
mod auth;
mod backends;
mod changes;
mod cross_governorate;
mod duplicates;
mod events;
mod grievances;
mod health;
mod households;
mod import_export;
mod json_api;
mod login;
mod partners;
mod payments;
mod planning;
mod planning_indicators;
mod programmes;
mod search;
mod simulator;
mod training;
mod transparency;
mod two_factor;
