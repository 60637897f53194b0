//! `mlpath --plain`: the tutor as a line-oriented conversation on standard input and
//! output, for screen readers, pipes and dumb terminals. No alternate screen, no
//! cursor movement, no box drawing: each step is printed as text, options are
//! numbered, and the learner types a number, an answer or a command.
//!
//! It drives the same [`App`] as the full-screen tutor with the same actions, so
//! quizzes are graded, hints counted, labs run and progress recorded by the same code;
//! only the drawing differs. [`conversation`] is the loop, [`text`] what it prints.

mod conversation;
mod text;

use std::io::{self, BufRead, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use super::session;
use crate::draw::theme::Theme;
use crate::exercises::workspace::Workspace;
use crate::progress::Progress;
use crate::tui::app::App;

pub use conversation::Conversation;

/// Whether plain mode was asked for: `--plain`, `MLPATH_PLAIN=1`, or a terminal
/// that cannot do more (`TERM=dumb`).
pub fn requested(flag: bool) -> bool {
    let env_says = std::env::var("MLPATH_PLAIN").is_ok_and(|v| v == "1");
    let dumb = std::env::var("TERM").is_ok_and(|t| t == "dumb");
    flag || env_says || dumb
}

pub fn run(cli_lessons: &[PathBuf]) -> anyhow::Result<ExitCode> {
    let catalog = session::catalog(cli_lessons);
    let (mut store, notices) = session::progress_store()?;
    let mut app = App::new(Arc::new(catalog), store.progress().clone(), Theme::mono());
    app.workspace = crate::progress::store::data_dir()
        .ok()
        .map(|dir| Workspace::in_data_dir(&dir));
    let mut notes: Vec<String> = notices.iter().map(|n| n.to_string()).collect();
    if store.is_read_only() {
        notes.push("progress is read-only in this session: it will not be saved".into());
    }
    let stdin = io::stdin();
    let stdout = io::stdout();
    let save = |progress: &mut Progress| -> Result<(), String> {
        store.save(progress).map_err(|e| e.to_string())
    };
    let mut conversation = Conversation::new(app, stdin.lock(), stdout.lock(), save);
    conversation.run(&notes)?;
    Ok(ExitCode::SUCCESS)
}

/// Reads one line; `None` at the end of the input.
fn read_line(input: &mut impl BufRead) -> io::Result<Option<String>> {
    let mut line = String::new();
    if input.read_line(&mut line)? == 0 {
        return Ok(None);
    }
    Ok(Some(line.trim().to_string()))
}

/// Writes text cleaned of control characters and escape sequences.
fn say(out: &mut impl Write, text: &str) -> io::Result<()> {
    out.write_all(crate::sanitize::clean(text).as_bytes())?;
    if !text.ends_with('\n') {
        out.write_all(b"\n")?;
    }
    out.flush()
}
