//! One file per command; each returns the exit code or an error for bad input.

mod drift;

use std::process::ExitCode;

use crate::cli::{Cli, Command};

pub fn dispatch(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        None => anyhow::bail!("the tutor is not built yet"),
        Some(Command::Drift(args)) => drift::run(&args),
        Some(Command::List(_)) | Some(Command::Lessons(_)) => {
            anyhow::bail!("not built yet")
        }
    }
}
