//! A learner's progress. [`record`] is the data and its pure mutations.

pub mod record;

pub use record::*;
