//! Rules (stub).
