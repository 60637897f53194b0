//! The engines behind the labs and the `eval`, `train`, `drift`, `audit`, `fairness`
//! and `privacy` commands.

pub mod attacks;
pub mod audit;
pub mod changepoints;
pub mod contract;
pub mod data;
pub mod datasets;
pub mod drift;
pub mod fairness;
pub mod io;
pub mod metrics;
pub mod models;
pub mod privacy;
pub mod runs;

/// The path the labs and the catalog import tables from (`ml::table::Table`).
pub use io::table;
