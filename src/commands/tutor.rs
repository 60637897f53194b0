//! `mlpath` without a command: the terminal tutor.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use super::session;
use crate::draw::theme::Theme;
use crate::exercises::workspace::Workspace;
use crate::tui::{self, app::App};

pub fn run(cli_lessons: &[PathBuf]) -> anyhow::Result<ExitCode> {
    tui::require_terminal()?;
    let catalog = session::catalog(cli_lessons);
    let (mut store, notices) = session::progress_store()?;
    let notices: Vec<String> = notices.iter().map(|n| n.to_string()).collect();
    let mut app = App::new(
        Arc::new(catalog),
        store.progress().clone(),
        Theme::from_env(),
    );
    app.notices = notices.clone();
    // The store opened, so the data directory is known; exercise files live beside it.
    app.workspace = crate::progress::store::data_dir()
        .ok()
        .map(|dir| Workspace::in_data_dir(&dir));
    if store.is_read_only() {
        app.notices
            .push("progress is read-only in this session: it will not be saved".into());
    }
    let result = tui::run(&mut app, |progress| {
        if store.is_read_only() {
            return Ok(());
        }
        store.save(progress).map_err(|e| e.to_string())
    });
    // Whatever was shown in the tutor's banner is repeated where it stays readable.
    for n in notices.iter().chain(app.notices.iter().skip(notices.len())) {
        super::err_line(&n.to_string());
    }
    result?;
    Ok(ExitCode::SUCCESS)
}
