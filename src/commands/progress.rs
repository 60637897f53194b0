//! `mlpath progress show | export | import | reset`: the learner's own view of their
//! saved progress and the means to move or clear it.

use std::fmt::Write as _;
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, bail};

use crate::cli::ProgressCommand;
use crate::exercises::workspace::Workspace;
use crate::progress::{Identity, Notice, Progress, ProgressStore, Status};
use crate::sanitize::clean_line;

pub fn run(command: ProgressCommand) -> anyhow::Result<ExitCode> {
    // Refuse before opening: opening may already set a corrupt file aside.
    if let ProgressCommand::Reset { lesson, yes: false } = &command {
        let what = match lesson {
            Some(id) => format!("all progress in lesson '{}'", clean_line(id)),
            None => "ALL your progress (a copy of the file is kept)".to_string(),
        };
        bail!("reset forgets {what}; nothing was changed\n  hint: add --yes to confirm");
    }
    let (mut store, notices) = ProgressStore::open_default()?;
    print_notices(&notices);
    let result = match command {
        ProgressCommand::Show { json } => show(&store, json),
        ProgressCommand::Export { file, anonymous } => export(&mut store, &file, anonymous),
        ProgressCommand::Import { file } => import(&mut store, &file),
        ProgressCommand::Reset { lesson, .. } => reset(&mut store, lesson.as_deref()),
    };
    print_notices(&store.take_notices());
    result.map(|()| ExitCode::SUCCESS)
}

fn print_notices(notices: &[Notice]) {
    for notice in notices {
        super::warn(&notice.to_string());
    }
}

fn show(store: &ProgressStore, json: bool) -> anyhow::Result<()> {
    let path = store.path().map(|p| p.display().to_string());
    // Exercise files live in the data directory beside the progress file.
    let workspace = store
        .path()
        .as_deref()
        .and_then(Path::parent)
        .map(|dir| Workspace::in_data_dir(dir).root().display().to_string());
    if json {
        let mut value = serde_json::to_value(store.progress()).context("progress as JSON")?;
        if let serde_json::Value::Object(map) = &mut value {
            map.insert("path".into(), path.into());
            map.insert("workspace".into(), workspace.into());
        }
        return emit(&format!("{}\n", serde_json::to_string_pretty(&value)?));
    }
    let exists = store.path().is_some_and(|p| p.exists());
    let path = path.map_or_else(|| "(in memory)".to_string(), |p| clean_line(&p));
    let workspace = workspace.map_or_else(|| "(none)".to_string(), |p| clean_line(&p));
    emit(&format!(
        "Progress file: {path}{}\nExercise files: {workspace}\n{}",
        if exists { "" } else { " (not created yet)" },
        render_summary(store.progress())
    ))
}

/// Prints to stdout through the CLI's output edge.
fn emit(text: &str) -> anyhow::Result<()> {
    super::out(text)
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The human-readable summary printed by `progress show`.
pub fn render_summary(progress: &Progress) -> String {
    let mut out = String::new();
    if let Some(role) = &progress.target_role {
        let _ = writeln!(
            out,
            "Target role: {} (set {})",
            clean_line(&role.value),
            day(&role.at)
        );
    }
    if let Some(last) = &progress.last_lesson {
        let _ = writeln!(out, "Last lesson: {}", clean_line(last));
    }
    let mut rows = Vec::new();
    let done: Vec<_> = progress
        .lessons
        .iter()
        .filter(|(_, l)| l.status == Status::Done)
        .collect();
    if !done.is_empty() {
        rows.push(Section::heading(format!("Lessons done ({})", done.len())));
        for (id, l) in done {
            let mut detail = format!("done {}", day_of(&l.completed_at));
            if l.started_at.is_some() {
                let _ = write!(detail, ", started {}", day_of(&l.started_at));
            }
            rows.push(Section::row(id, detail));
        }
    }
    let started: Vec<_> = progress
        .lessons
        .iter()
        .filter(|(_, l)| l.status == Status::InProgress)
        .collect();
    if !started.is_empty() {
        rows.push(Section::heading(format!(
            "Lessons in progress ({})",
            started.len()
        )));
        for (id, l) in started {
            let detail = format!(
                "at step {}, started {}",
                l.current_step + 1,
                day_of(&l.started_at)
            );
            rows.push(Section::row(id, detail));
        }
    }
    let met: Vec<_> = progress
        .labs
        .iter()
        .filter(|(_, lab)| lab.goal_met)
        .collect();
    if !met.is_empty() {
        rows.push(Section::heading(format!("Lab goals met ({})", met.len())));
        for (key, lab) in met {
            let mut detail = day_of(&lab.met_at);
            if !lab.summary.is_empty() {
                let _ = write!(detail, "  {}", clean_line(&lab.summary));
            }
            rows.push(Section::row(key, detail));
        }
    }
    if !progress.self_assessment.is_empty() {
        rows.push(Section::heading("Self-ratings (0-5)".to_string()));
        for (skill, rating) in &progress.self_assessment {
            rows.push(Section::row(skill, format!("{}/5", rating.level)));
        }
    }
    if rows.is_empty() && out.is_empty() {
        out.push_str("No progress yet.\n");
        return out;
    }
    let width = rows
        .iter()
        .filter_map(|r| match r {
            Section::Row(key, _) => Some(key.chars().count()),
            Section::Heading(_) => None,
        })
        .max()
        .unwrap_or(0);
    for row in rows {
        match row {
            Section::Heading(text) => {
                let _ = writeln!(out, "\n{text}");
            }
            Section::Row(key, detail) => {
                let _ = writeln!(out, "  {key:<width$}  {detail}");
            }
        }
    }
    out
}

enum Section {
    Heading(String),
    Row(String, String),
}

impl Section {
    fn heading(text: String) -> Section {
        Section::Heading(text)
    }

    fn row(key: &str, detail: String) -> Section {
        Section::Row(clean_line(key), detail)
    }
}

/// The date part of an RFC 3339 timestamp, for display.
fn day(at: &str) -> String {
    let at = clean_line(at);
    match at.get(..10) {
        Some(date)
            if at
                .as_bytes()
                .get(10)
                .is_none_or(|&b| b == b'T' || b == b' ') =>
        {
            date.to_string()
        }
        _ if at.is_empty() => "?".to_string(),
        _ => at,
    }
}

fn day_of(at: &Option<String>) -> String {
    at.as_deref().map_or_else(|| "?".to_string(), day)
}

fn export(store: &mut ProgressStore, file: &Path, anonymous: bool) -> anyhow::Result<()> {
    let identity = if anonymous {
        Identity::random()
    } else {
        Identity::of_this_user()
    };
    store.export(file, identity)?;
    let p = store.progress();
    emit(&format!(
        "Exported {} and {} to {}{}\n",
        plural(p.lessons.len(), "lesson", "lessons"),
        plural(p.labs.len(), "lab result", "lab results"),
        clean_line(&file.display().to_string()),
        if anonymous {
            " (anonymous: a random learner id, lessons and labs only)"
        } else {
            ""
        }
    ))
}

fn import(store: &mut ProgressStore, file: &Path) -> anyhow::Result<()> {
    let report = store.import(file)?;
    if let Some(first) = report.ahead_of_clock.first() {
        super::warn(&format!(
            "{} has {} ahead of this computer's clock (first: {first}); they were imported \
             as they are, and anything you change from now on still replaces them. Check \
             the clock of the computer that wrote the file.",
            clean_line(&file.display().to_string()),
            plural(report.ahead_of_clock.len(), "timestamp", "timestamps"),
        ));
    }
    emit(&format!(
        "Imported {}: {} in the file ({} new here, {} newly done); lab goals newly met: {}; \
         other changes: {}\n",
        clean_line(&file.display().to_string()),
        plural(report.lessons, "lesson", "lessons"),
        report.new_lessons,
        report.newly_done,
        report.newly_met_labs,
        report.other_changes
    ))
}

fn reset(store: &mut ProgressStore, lesson: Option<&str>) -> anyhow::Result<()> {
    if let Some(id) = lesson
        && !store.progress().lessons.contains_key(id)
    {
        // A lesson that is neither recorded nor known is a typo, not a no-op.
        let catalog = crate::catalog::load(&crate::catalog::extra_dirs_from_env(&[]));
        if catalog.lesson(id).is_none() {
            let ids: Vec<&str> = catalog.lessons().map(|l| l.id.as_str()).collect();
            bail!(
                "there is no lesson '{}'{}; nothing was changed\n  hint: `mlpath list` shows the lesson ids (track/lesson)",
                clean_line(id),
                crate::catalog::did_you_mean(id, ids.iter().copied())
            );
        }
    }
    let report = store.reset(lesson)?;
    let text = match (lesson, report.removed) {
        (Some(id), true) => format!("Reset lesson {}\n", clean_line(id)),
        (Some(id), false) => format!("Nothing was recorded for lesson {}\n", clean_line(id)),
        (None, _) => match report.backup {
            Some(backup) => format!(
                "Reset all progress; the previous file is kept as {}\n",
                clean_line(&backup.display().to_string())
            ),
            None => "Reset all progress\n".to_string(),
        },
    };
    emit(&text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_progress_says_so() {
        assert_eq!(render_summary(&Progress::default()), "No progress yet.\n");
    }

    #[test]
    fn summary_lists_lessons_labs_and_ratings_with_dates() {
        let mut p = Progress::default();
        p.complete_lesson("metrics/roc");
        p.lessons.get_mut("metrics/roc").unwrap().completed_at =
            Some("2026-11-24T08:15:00Z".into());
        p.set_step("metrics/pr", 2);
        p.record_lab("metrics/roc#4", true, "recall 0.96\u{1b}[31m");
        p.record_lab("metrics/roc#5", false, "not yet");
        p.set_self_level("sql", 3);
        p.set_target_role("ml-engineer");
        let text = render_summary(&p);
        assert!(text.contains("Target role: ml-engineer"), "{text}");
        assert!(
            text.contains("Lessons done (1)\n  metrics/roc    done 2026-11-24"),
            "{text}"
        );
        assert!(
            text.contains("Lessons in progress (1)\n  metrics/pr     at step 3"),
            "{text}"
        );
        assert!(text.contains("Lab goals met (1)"), "{text}");
        assert!(text.contains("recall 0.96\n"), "escape removed: {text}");
        assert!(!text.contains("not yet"), "{text}");
        assert!(text.contains("sql            3/5"), "{text}");
    }

    #[test]
    fn days_come_from_timestamps() {
        assert_eq!(day("2026-11-24T08:15:00Z"), "2026-11-24");
        assert_eq!(day(""), "?");
        assert_eq!(day("yesterday"), "yesterday");
        assert_eq!(day_of(&None), "?");
    }
}
