//! Build (stub).
