//! Validate stage (stub).
pub mod rules;
