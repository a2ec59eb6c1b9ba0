//! gongshi (公示): a static transparency-portal generator for Chinese
//! county governments.
//!
//! The pipeline runs load → validate → model → render → write, one module
//! per stage; docs/ARCHITECTURE.md maps it. No stage calls back into an
//! earlier one, and no library code prints: the command layer (`cli`)
//! decides what the user sees.

pub mod build;
pub mod cli;
pub mod diag;
pub mod index;
pub mod load;
pub mod model;
pub mod render;
pub mod scaffold;
pub mod serve;
pub mod validate;
pub mod write;
