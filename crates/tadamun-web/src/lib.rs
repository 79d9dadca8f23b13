//! tadamun's web layer: the Arabic-first, server-rendered UI and the JSON API.
//!
//! Handlers are thin: they parse input into domain types, call the store or a
//! service, and render. No SQL lives here; only `tadamun-store` knows SQL.
//! The binary builds an [`Application`] from an [`AppConfig`] and a `Store`, then
//! runs it until a shutdown future fires.

pub mod api;
mod assets;
pub mod auth;
pub mod authz;
mod chart;
mod error;
mod events;
mod forms;
pub mod i18n;
mod metrics;
mod portal_cache;
mod ratelimit;
mod routes;
mod security;
mod session;
mod signin;
mod startup;
mod state;
mod two_factor;
mod views;

pub use error::AppError;
pub use events::RawLifeEvent;
pub use startup::{AppConfig, Application};
