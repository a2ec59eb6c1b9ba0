//! Load stage (stub).
