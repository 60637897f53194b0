//! The terminal tutor: state → action → pure update → view.
//!
//! [`app`] holds the state and its update, [`keymap`] the one key table, [`view`] and
//! [`screens`] the drawing. This module owns the terminal: it restores it on every
//! exit path (ratatui's panic hook covers panics).

pub mod action;
pub mod app;
pub mod career;
pub mod editor;
pub mod exercise;
pub mod keymap;
pub mod lesson;
pub mod markdown;
pub mod number_input;
pub mod preview;
pub mod review;
pub mod screens;
pub mod view;
pub mod widgets;

use std::io::IsTerminal;
use std::time::Duration;

use anyhow::{Context as _, bail};
use ratatui::crossterm::event::{self, Event, KeyEventKind};

use crate::progress::Progress;
use app::App;

/// Fails with a clear message when standard input or output is not a terminal.
pub fn require_terminal() -> anyhow::Result<()> {
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        bail!(
            "the tutor needs an interactive terminal, but standard {} is not one.\n  \
             hint: run `mlpath` directly in a terminal, or `mlpath --plain` for the lessons as a plain text conversation",
            if std::io::stdout().is_terminal() {
                "input"
            } else {
                "output"
            }
        );
    }
    Ok(())
}

/// Runs the tutor until the learner quits. `save` writes progress (the store merges
/// and writes atomically); a failed save is shown as a notice, never lost silently.
pub fn run(
    app: &mut App,
    mut save: impl FnMut(&mut Progress) -> Result<(), String>,
) -> anyhow::Result<()> {
    require_terminal()?;
    ratatui::run(|terminal| -> anyhow::Result<()> {
        loop {
            terminal
                .draw(|frame| frame.render_widget(&*app, frame.area()))
                .context("drawing the screen")?;
            if app.quit {
                break;
            }
            // For the terminal-restoration test (tests/terminal_restore.rs): a panic in
            // the middle of a session must still leave the terminal usable.
            if std::env::var_os("MLPATH_TEST_PANIC").is_some() {
                panic!("MLPATH_TEST_PANIC is set: panicking on purpose");
            }
            let timeout = if app.busy() {
                Duration::from_millis(50)
            } else {
                Duration::from_millis(500)
            };
            if event::poll(timeout).context("reading the keyboard")? {
                match event::read().context("reading the keyboard")? {
                    Event::Key(key) if key.kind == KeyEventKind::Press => {
                        if let Some(action) = keymap::action_for(&key, app.context()) {
                            app.update(action);
                        }
                    }
                    _ => {} // a resize redraws on the next loop
                }
            }
            if let Some(path) = app.editor_request.take() {
                let result = editor::hand_over(terminal, &path)
                    .context("taking the terminal back from the editor")?;
                app.editor_returned(result);
            }
            app.poll();
            if app.dirty {
                app.dirty = false;
                if let Err(e) = save(&mut app.progress) {
                    app.notices
                        .push(format!("progress could not be saved: {e}"));
                }
            }
        }
        Ok(())
    })
}
