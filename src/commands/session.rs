//! What most commands start with: the catalog (bundled lessons plus `--lessons` and
//! `MLPATH_LESSONS`) and the learner's progress store.

use std::path::PathBuf;

use anyhow::Context;

use crate::catalog::{self, Catalog};
use crate::progress::{Notice, ProgressStore};

/// The bundled catalog plus instructor directories; problems stay in the catalog.
pub fn catalog(cli_lessons: &[PathBuf]) -> Catalog {
    catalog::load(&catalog::extra_dirs_from_env(cli_lessons))
}

/// Opens the progress store; notices (a file moved aside, a newer format) are
/// returned so the caller can show them where the learner will see them.
pub fn progress_store() -> anyhow::Result<(ProgressStore, Vec<Notice>)> {
    ProgressStore::open_default().context("opening the progress file")
}

/// Opens the progress store and prints its notices on stderr.
pub fn progress_store_reporting() -> anyhow::Result<ProgressStore> {
    let (store, notices) = progress_store()?;
    for n in notices {
        super::warn(&n.to_string());
    }
    Ok(store)
}

/// [`catalog`], with a one-line summary of lesson-file problems on stderr (for
/// commands; the tutor lists them on its Problems screen instead).
pub fn catalog_reporting(cli_lessons: &[PathBuf]) -> Catalog {
    let catalog = catalog(cli_lessons);
    report_problems(&catalog);
    catalog
}

/// Tells on stderr that lesson files had problems, without listing them.
pub fn report_problems(catalog: &Catalog) {
    if !catalog.problems.is_empty() {
        eprintln!(
            "mlpath: {} problem(s) in lesson files; lessons with problems are left out \
             (run `mlpath lessons check` for details)",
            catalog.problems.len()
        );
    }
}
