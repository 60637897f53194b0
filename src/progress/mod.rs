//! A learner's progress. [`record`] is the data, [`update`] its pure mutations and
//! queries, [`merge`] how two versions combine, [`format`] the file's text, and
//! [`store`] the only code that reads and writes it on disk.

pub mod export;
pub mod format;
pub mod merge;
pub mod outside;
pub mod record;
pub mod store;
pub mod update;

pub use export::Identity;
pub use merge::merge;
pub use record::*;
pub use store::{ImportReport, Notice, ProgressStore, ResetReport, StoreError, read_export};
pub use update::step_key;

#[cfg(test)]
mod fuzz_tests;
