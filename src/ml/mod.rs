//! The engines behind the labs and the `eval`, `train`, `drift` and `audit` commands.

pub mod audit;
pub mod changepoints;
pub mod data;
pub mod datasets;
pub mod drift;
pub mod io;
pub mod metrics;
pub mod models;

/// The path the labs and the catalog import tables from (`ml::table::Table`).
pub use io::table;
