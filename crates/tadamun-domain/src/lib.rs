//! The registry's domain: parsed types and rules, with no IO.
//!
//! Every value that enters the system from a form, an API call or a file is parsed
//! here into a type that cannot hold an invalid value ("parse, don't validate").
//! The store and the web layer only ever see these types.

#[macro_use]
mod text_enum;
pub mod access;
pub mod area;
pub mod audit;
pub mod bank_account;
pub mod change;
pub mod country;
pub mod country_pack;
pub mod disclosure;
pub mod duplicate;
pub mod error;
pub mod grievance;
pub mod history;
pub mod household;
pub mod identity;
pub mod ids;
pub mod indicator;
pub mod letter_code;
pub mod login;
pub mod lookup;
pub mod money;
pub mod partner;
pub mod password;
pub mod payment;
pub mod person;
pub mod phone;
pub mod planning;
pub mod socio;
pub mod training;
pub mod user;

pub use error::{FieldError, FieldErrors};
