//! Write stage (stub).
