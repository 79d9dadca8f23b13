//! The policy simulator (next).
