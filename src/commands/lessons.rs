//! `mlpath lessons check`: every problem in lesson files, as `path:line:col: error: ...`.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::process::ExitCode;

use crate::catalog;

/// Checks the bundled lessons together with `dirs` (and the directories given with
/// `--lessons` or `MLPATH_LESSONS`, which the tutor would load too). Prints every
/// problem and a summary; exit code 1 when there is any problem.
pub fn check(dirs: &[PathBuf], cli_lessons: &[PathBuf], json: bool) -> anyhow::Result<ExitCode> {
    for dir in dirs {
        if !dir.is_dir() {
            anyhow::bail!(
                "{}: not a directory; give directories of lessons (each holding track directories, \
                 or a single track directory with a track.toml)",
                dir.display()
            );
        }
    }
    let mut all = dirs.to_vec();
    for dir in catalog::extra_dirs_from_env(cli_lessons) {
        if !all.contains(&dir) {
            all.push(dir);
        }
    }
    let catalog = catalog::check(&all);
    let failed = catalog.problems.iter().any(|p| p.is_error());
    if json {
        super::out(&format!(
            "{}\n",
            serde_json::to_string_pretty(&report(&catalog))?
        ))?;
        return Ok(if failed {
            ExitCode::from(1)
        } else {
            ExitCode::SUCCESS
        });
    }
    let mut text = String::new();
    for problem in &catalog.problems {
        text.push_str(&format!("{problem}\n"));
    }
    text.push_str(&format!("{}\n", summary(&catalog)));
    super::out(&text)?;
    // Warnings are reported; only errors fail the check.
    Ok(if !failed {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// The check as JSON, for CI and editors: one object per problem with its file, line,
/// column, severity, message and hint (the part of the message after its first "; ",
/// which by the checker's convention says how to fix it), and the counts.
fn report(catalog: &catalog::Catalog) -> serde_json::Value {
    let problems: Vec<serde_json::Value> = catalog
        .problems
        .iter()
        .map(|p| {
            let (message, hint) = match p.message.split_once("; ") {
                Some((what, how)) => (what, Some(how)),
                None => (p.message.as_str(), None),
            };
            serde_json::json!({
                "file": p.path,
                "line": p.line,
                "column": p.col,
                "severity": if p.is_error() { "error" } else { "warning" },
                "message": message,
                "hint": hint,
            })
        })
        .collect();
    let errors = catalog.problems.iter().filter(|p| p.is_error()).count();
    serde_json::json!({
        "ok": errors == 0,
        "errors": errors,
        "warnings": catalog.problems.len() - errors,
        "problems": problems,
        "summary": summary(catalog),
    })
}

/// "3 problems in 2 files" or "ok: 5 tracks, 23 lessons, 24 skills, 12 roles", with
/// ", 1 warning" when there are warnings.
pub fn summary(catalog: &catalog::Catalog) -> String {
    let (errors, warnings): (Vec<_>, Vec<_>) = catalog.problems.iter().partition(|p| p.is_error());
    let warned = if warnings.is_empty() {
        String::new()
    } else {
        format!(", {}", count(warnings.len(), "warning"))
    };
    if errors.is_empty() {
        return format!(
            "ok: {}, {}, {}, {}{warned}",
            count(catalog.tracks.len(), "track"),
            count(catalog.lessons().count(), "lesson"),
            count(catalog.skills.len(), "skill"),
            count(catalog.roles.len(), "role"),
        );
    }
    let files: BTreeSet<&str> = errors.iter().map(|p| p.path.as_str()).collect();
    format!(
        "{} in {}{warned}",
        count(errors.len(), "problem"),
        count(files.len(), "file")
    )
}

fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}
