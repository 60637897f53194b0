//! The integration tests, in one binary so that `cargo test` links once.

mod architecture;
mod bundled_labs;
mod career_profiles;
mod catalog_load;
mod cli_drift;
mod cli_eval;
mod cli_skills;
mod cli_tutor;
mod common;
mod data_path;
mod drift_scipy;
mod exercise_pty;
mod labs_layout;
mod labs_render;
mod lessons_check;
mod metrics_properties;
mod metrics_sklearn;
mod models_accuracy;
mod progress;
mod terminal_restore;
mod train_cli;
mod train_eval_json;
mod tui_career;
mod tui_exercise;
mod tui_render;
mod tui_update;
