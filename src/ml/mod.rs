//! The engines behind the labs and the `eval`, `train` and `drift` commands.

pub mod data;
pub mod datasets;
pub mod models;
pub mod table;
