//! `mlpath lessons preview FILE [--step N]`: the tutor on one lesson file, reloaded on
//! every save, with a scratch progress record (the author's own is never touched).

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{Context, bail};

use crate::draw::theme::Theme;
use crate::exercises::workspace::Workspace;
use crate::progress::Progress;
use crate::tui::{self, app::App, preview};

pub fn run(file: &Path, step: Option<usize>) -> anyhow::Result<ExitCode> {
    tui::require_terminal()?;
    if !file.is_file() {
        bail!(
            "{}: not a file; give a lesson file such as my-lessons/mlops/01-registry.toml",
            file.display()
        );
    }
    let track_dir = file.parent().unwrap_or(Path::new("."));
    if !track_dir.join("track.toml").is_file() {
        bail!(
            "{}: no track.toml beside the lesson; a lesson lives in a track directory \
             (`mlpath lessons new TRACK/SLUG` creates one)",
            file.display()
        );
    }
    // The track directory is itself a lessons directory (see docs/authoring.md).
    let dirs = vec![track_dir.to_path_buf()];
    let (catalog, id, problems) = preview::load(file, &dirs);
    let mut app = App::new(Arc::new(catalog), Progress::default(), Theme::from_env());
    // Exercise files of the preview go to a scratch folder, removed on exit.
    let scratch = tempfile::tempdir().context("creating a scratch folder for exercises")?;
    app.workspace = Some(Workspace::in_data_dir(scratch.path()));
    let mut watch = preview::Preview::start(file, dirs)
        .map_err(|e| anyhow::anyhow!("cannot watch {}: {e}", file.display()))?;
    watch.problems = problems;
    app.preview = Some(watch);
    app.notices.push(format!(
        "preview of {}: reloads on save · progress here is not saved",
        file.display()
    ));
    match id {
        Some(id) => app.open_preview(&id, step.map_or(0, |s| s.saturating_sub(1))),
        // The file does not load yet: its problems show until a save fixes them.
        None => app.stack.push(crate::tui::app::Screen::Lesson(Box::new(
            crate::tui::lesson::LessonView::new("", 0),
        ))),
    }
    tui::run(&mut app, |_| Ok(()))?;
    Ok(ExitCode::SUCCESS)
}

/// The file as given, made absolute so that the watcher and the loader agree on it.
pub fn absolute(file: PathBuf) -> PathBuf {
    std::path::absolute(&file).unwrap_or(file)
}
