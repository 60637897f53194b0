//! The bundled lessons and datasets, compiled into the binary so that mlpath works
//! from any directory. The folders `lessons/` and `datasets/` are their source.

use include_dir::{Dir, include_dir};

pub static LESSONS: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/lessons");
pub static DATASETS: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/datasets");
