//! The engines behind the labs and the `eval`, `train` and `drift` commands.

pub mod datasets;
pub mod drift;
pub mod table;
