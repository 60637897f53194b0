//! One file per command; each returns the exit code or an error for bad input.

mod audit;
mod class;
mod datasheet;
mod drift;
pub mod plain;
mod plan;
mod privacy;
pub mod progress;
mod review;
mod roles;
pub mod runs;
mod skills;

use std::process::ExitCode;

use crate::cli::{ClassCommand, Cli, Command, LessonsCommand};

pub mod lessons;
pub mod lessons_new;
pub mod lessons_preview;
pub mod lessons_schema;
pub mod list;

mod eval;
mod fairness;

pub mod session;
pub mod train;
mod tutor;
mod validate;

/// The CLI's output edge: everything a command prints on stdout goes through here, so
/// that text from data and lesson files and from the command line (names, labels,
/// paths) reaches the terminal without escape sequences or control characters (see
/// [`crate::sanitize`]). A reader that went away (`| head`) is not an error.
pub fn out(text: &str) -> anyhow::Result<()> {
    use anyhow::Context;
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(crate::sanitize::clean(text).as_bytes())
        .and_then(|()| stdout.flush())
    {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e).context("writing to stdout"),
        _ => Ok(()),
    }
}

/// The same edge for stderr: one line after `mlpath: `.
pub fn err_line(text: &str) {
    eprintln!("mlpath: {}", crate::sanitize::clean(text));
}

/// A note on stderr, e.g. which of a file and a bundled dataset of one name was read.
pub fn note(note: Option<&str>) {
    if let Some(note) = note {
        err_line(&format!("note: {note}"));
    }
}

/// A warning on stderr.
pub fn warn(warning: &str) {
    err_line(&format!("warning: {warning}"));
}

pub fn dispatch(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Some(Command::Eval(args)) => eval::run(&args),
        Some(Command::Fairness(args)) => fairness::run(&args),
        Some(Command::Privacy(args)) => privacy::run(&args),
        None if plain::requested(cli.plain) => plain::run(&cli.lessons),
        None => tutor::run(&cli.lessons),
        Some(Command::Train(args)) => train::run(args),
        Some(Command::Drift(args)) => drift::run(&args),
        Some(Command::Audit(args)) => audit::run(&args),
        Some(Command::Datasheet(args)) => datasheet::run(&args),
        Some(Command::Validate(args)) => validate::run(&args),
        Some(Command::List(args)) => list::run(&args, &cli.lessons),
        Some(Command::Runs(command)) => runs::run(command),
        Some(Command::Class(ClassCommand::Report { inputs, json, html })) => {
            class::report(&class::ReportArgs {
                inputs: &inputs,
                cli_lessons: &cli.lessons,
                json,
                html: html.as_ref(),
            })
        }
        Some(Command::Lessons(LessonsCommand::Check { dirs, format })) => {
            lessons::check(&dirs, &cli.lessons, format == crate::cli::CheckFormat::Json)
        }
        Some(Command::Lessons(LessonsCommand::Schema { kind, out })) => {
            lessons_schema::run(kind, out.as_deref())
        }
        Some(Command::Lessons(LessonsCommand::Preview { file, step })) => {
            lessons_preview::run(&lessons_preview::absolute(file), step)
        }
        Some(Command::Lessons(LessonsCommand::New { name, dir, title })) => {
            let created = lessons_new::create_lesson(&lessons_new::NewLesson {
                name: &name,
                dir: &dir,
                title: title.as_deref(),
            })?;
            let mut text = String::new();
            for path in &created {
                text.push_str(&format!("created {}\n", path.display()));
            }
            text.push_str(&format!(
                "check it with: mlpath lessons check {}\n",
                dir.display()
            ));
            out(&text)?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Progress(command)) => progress::run(command),
        Some(Command::Skills(args)) => skills::run(&cli.lessons, &args),
        Some(Command::Roles(args)) => roles::run(&cli.lessons, &args),
        Some(Command::Plan(args)) => plan::run(&cli.lessons, &args),
        Some(Command::Review(args)) => review::run(&cli.lessons, &args),
    }
}
