//! The engines behind the labs and the `eval`, `train` and `drift` commands.

pub mod changepoints;
pub mod column_reader;
pub mod data;
pub mod datasets;
pub mod drift;
pub mod metrics;
pub mod models;
pub mod table;
