//! One file per command; each returns the exit code or an error for bad input.

mod drift;
mod plan;
pub mod progress;
mod review;
mod roles;
mod skills;

use std::process::ExitCode;

use crate::cli::{Cli, Command, LessonsCommand};

pub mod lessons;
pub mod list;

mod eval;

pub mod session;
pub mod train;
mod tutor;

/// The CLI's output edge: everything a command prints on stdout goes through here, so
/// that text from data files and from the command line (names, labels, paths) reaches
/// the terminal without escape sequences or control characters. A closed pipe (e.g.
/// `| head`) ends the output quietly.
pub fn out(text: &str) {
    use std::io::Write;
    let _ = std::io::stdout()
        .lock()
        .write_all(crate::sanitize::clean(text).as_bytes());
}

/// A note on stderr, e.g. which of a file and a bundled dataset of one name was read.
pub fn note(note: Option<&str>) {
    if let Some(note) = note {
        eprintln!("mlpath: note: {}", crate::sanitize::clean(note));
    }
}

/// A warning on stderr.
pub fn warn(warning: &str) {
    eprintln!("mlpath: warning: {}", crate::sanitize::clean(warning));
}

pub fn dispatch(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Some(Command::Eval(args)) => eval::run(&args),
        None => tutor::run(&cli.lessons),
        Some(Command::Train(args)) => train::run(args),
        Some(Command::Drift(args)) => drift::run(&args),
        Some(Command::List(args)) => list::run(&args, &cli.lessons),
        Some(Command::Lessons(LessonsCommand::Check { dirs })) => {
            lessons::check(&dirs, &cli.lessons)
        }
        Some(Command::Progress(command)) => progress::run(command),
        Some(Command::Skills(args)) => skills::run(&cli.lessons, &args),
        Some(Command::Roles(args)) => roles::run(&cli.lessons, &args),
        Some(Command::Plan(args)) => plan::run(&cli.lessons, &args),
        Some(Command::Review(args)) => review::run(&cli.lessons, &args),
    }
}
