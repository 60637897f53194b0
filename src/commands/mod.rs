//! One file per command; each returns the exit code or an error for bad input.

pub mod context;
mod plan;
pub mod progress;
mod review;
mod roles;
mod skills;

use std::process::ExitCode;

use crate::cli::{Cli, Command};

mod eval;

pub fn dispatch(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Some(Command::Eval(args)) => eval::run(&args),
        None => anyhow::bail!("the tutor is not built yet"),
        Some(Command::List(_)) | Some(Command::Lessons(_)) => {
            anyhow::bail!("not built yet")
        }
        Some(Command::Progress(command)) => progress::run(command),
        Some(Command::Skills(args)) => skills::run(&cli.lessons, &args),
        Some(Command::Roles(args)) => roles::run(&cli.lessons, &args),
        Some(Command::Plan(args)) => plan::run(&cli.lessons, &args),
        Some(Command::Review(args)) => review::run(&cli.lessons, &args),
    }
}
