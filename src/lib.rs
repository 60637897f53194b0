//! mlpath: an interactive terminal tutor for machine-learning engineering careers.
//!
//! The library holds everything; `main.rs` only calls [`cli::run`]. The engines in
//! [`ml`] know nothing of terminals: the command line and the labs both call them.

pub mod assets;
pub mod catalog;
pub mod class;
pub mod cli;
pub mod commands;
pub mod draw;
pub mod exercises;
pub mod labs;
pub mod ml;
pub mod progress;
pub mod sanitize;
pub mod skills;
pub mod tui;

#[cfg(test)]
mod fuzz_support;
