//! Render stage (stub).
