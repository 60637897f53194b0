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
