//! What the skills, roles, plan and review commands need: the loaded catalog and the
//! learner's progress store.

use std::path::PathBuf;

use crate::catalog::{self, Catalog};
use crate::progress::ProgressStore;

/// The bundled catalog plus the lesson directories given with `--lessons` and in
/// `MLPATH_LESSONS`. Problems in lesson files are summed up on stderr; the lessons
/// without problems still load.
pub fn catalog(cli_lessons: &[PathBuf]) -> Catalog {
    let catalog = catalog::load(&catalog::extra_dirs_from_env(cli_lessons));
    if !catalog.problems.is_empty() {
        eprintln!(
            "mlpath: {} problem(s) in lesson files; lessons with problems are left out \
             (run `mlpath lessons check` for details)",
            catalog.problems.len()
        );
    }
    catalog
}

/// The learner's progress store (`MLPATH_HOME`, else the platform's data directory);
/// notices about the file are printed as warnings.
pub fn progress_store() -> anyhow::Result<ProgressStore> {
    let (store, notices) = ProgressStore::open_default()?;
    for notice in notices {
        eprintln!("mlpath: warning: {notice}");
    }
    Ok(store)
}
