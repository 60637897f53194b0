//! `mlpath class report`: many learners' exported progress, per lesson and per quiz
//! item, as text, JSON or one self-contained HTML file.

mod html;
mod text;

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, bail};

use crate::catalog;
use crate::class::{self, Thresholds};
use crate::sanitize::clean_line;

pub struct ReportArgs<'a> {
    pub inputs: &'a [PathBuf],
    pub cli_lessons: &'a [PathBuf],
    pub json: bool,
    pub html: Option<&'a PathBuf>,
}

pub fn report(args: &ReportArgs<'_>) -> anyhow::Result<ExitCode> {
    let input = class::read_exports(args.inputs);
    for skipped in &input.skipped {
        super::warn(&format!(
            "{}: {}; left out of the report",
            skipped.file, skipped.reason
        ));
    }
    if input.learners.is_empty() {
        bail!(
            "no progress export could be read from {}\n  hint: give the files learners \
             wrote with `mlpath progress export FILE` (or `--anonymous`), or a directory \
             holding them",
            input
                .files
                .first()
                .cloned()
                .or_else(|| input.skipped.first().map(|s| s.file.clone()))
                .unwrap_or_else(|| "the paths given".into())
        );
    }
    let catalog = catalog::load(&catalog::extra_dirs_from_env(args.cli_lessons));
    let errors = catalog.problems.iter().filter(|p| p.is_error()).count();
    if errors > 0 {
        super::warn(&format!(
            "{errors} problem{} in the lessons; lessons with problems are left out (see \
             `mlpath lessons check`)",
            if errors == 1 { "" } else { "s" }
        ));
    }
    let report = class::build(&input, &catalog, Thresholds::default());
    for warning in &report.warnings {
        super::warn(warning);
    }
    if let Some(path) = args.html {
        let page = html::render(&report);
        write_file(path, &page)?;
        super::err_line(&format!(
            "wrote the report to {}",
            clean_line(&path.display().to_string())
        ));
    }
    if args.json {
        super::out(&format!("{}\n", serde_json::to_string_pretty(&report)?))?;
    } else if args.html.is_none() {
        super::out(&text::render(&report))?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Writes `text` to `path` atomically (the old file or the whole new one).
fn write_file(path: &std::path::Path, text: &str) -> anyhow::Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let shown = clean_line(&path.display().to_string());
    let mut file = tempfile::NamedTempFile::new_in(&dir)
        .with_context(|| format!("cannot write {shown} (is its directory there and writable?)"))?;
    std::io::Write::write_all(&mut file, text.as_bytes())
        .with_context(|| format!("cannot write {shown}"))?;
    file.persist(path)
        .map_err(|e| e.error)
        .with_context(|| format!("cannot write {shown}"))?;
    Ok(())
}
