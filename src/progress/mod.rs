//! A learner's progress. [`record`] is the data, [`update`] its pure mutations.

pub mod record;
pub mod update;

pub use record::*;
pub use update::step_key;
