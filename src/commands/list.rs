//! `mlpath list`: tracks and lessons with the learner's status, minutes, skills and
//! prerequisites, as a table or as JSON.

use std::path::PathBuf;
use std::process::ExitCode;

use serde_json::{Value, json};
use unicode_width::UnicodeWidthStr;

use super::session;
use crate::catalog::{Catalog, Lesson};
use crate::cli::ListArgs;
use crate::progress::{Progress, Status};

pub fn run(args: &ListArgs, cli_lessons: &[PathBuf]) -> anyhow::Result<ExitCode> {
    let catalog = session::catalog_reporting(cli_lessons);
    let store = session::progress_store_reporting()?;
    let progress = store.progress();
    if args.json {
        super::out(&format!(
            "{}\n",
            serde_json::to_string_pretty(&to_json(&catalog, progress))?
        ))?;
    } else {
        super::out(&to_table(&catalog, progress))?;
    }
    Ok(ExitCode::SUCCESS)
}

/// A lesson's status in the learner's progress (not started when absent).
pub fn status_of(progress: &Progress, id: &str) -> Status {
    progress
        .lessons
        .get(id)
        .map(|record| record.status)
        .unwrap_or_default()
}

fn status_key(status: Status) -> &'static str {
    match status {
        Status::NotStarted => "not_started",
        Status::InProgress => "in_progress",
        Status::Done => "done",
    }
}

fn mark(status: Status) -> &'static str {
    match status {
        Status::NotStarted => "·",
        Status::InProgress => "▶",
        Status::Done => "✓",
    }
}

pub fn to_json(catalog: &Catalog, progress: &Progress) -> Value {
    let tracks: Vec<Value> = catalog
        .tracks
        .iter()
        .map(|t| {
            let lessons: Vec<Value> = t
                .lessons
                .iter()
                .map(|l| {
                    json!({
                        "id": l.id,
                        "title": l.title,
                        "status": status_key(status_of(progress, &l.id)),
                        "minutes": l.minutes,
                        "level": l.level.name(),
                        "skills": l.skills,
                        "requires": l.requires,
                    })
                })
                .collect();
            json!({
                "id": t.id,
                "title": t.title,
                "summary": t.summary,
                "lessons": lessons,
            })
        })
        .collect();
    json!({ "tracks": tracks })
}

fn skills_text(lesson: &Lesson) -> String {
    let parts: Vec<String> = lesson
        .skills
        .iter()
        .map(|(id, level)| format!("{id} {level}"))
        .collect();
    if parts.is_empty() {
        "-".to_string()
    } else {
        parts.join(", ")
    }
}

pub fn to_table(catalog: &Catalog, progress: &Progress) -> String {
    if catalog.tracks.is_empty() {
        return "no lessons found\n".to_string();
    }
    let header = ["", "LESSON", "TITLE", "MIN", "LEVEL", "SKILLS", "REQUIRES"];
    let mut out = String::new();
    for track in &catalog.tracks {
        out.push_str(&format!("{}: {}\n", track.id, track.title));
        out.push_str(&format!("  {}\n\n", track.summary));
        let mut rows: Vec<[String; 7]> = vec![header.map(str::to_string)];
        for l in &track.lessons {
            rows.push([
                mark(status_of(progress, &l.id)).to_string(),
                l.id.clone(),
                l.title.clone(),
                l.minutes.to_string(),
                l.level.name().to_string(),
                skills_text(l),
                if l.requires.is_empty() {
                    "-".to_string()
                } else {
                    l.requires.join(", ")
                },
            ]);
        }
        let widths: Vec<usize> = (0..7)
            .map(|c| rows.iter().map(|r| r[c].width()).max().unwrap_or(0))
            .collect();
        for row in &rows {
            let mut line = String::from("  ");
            for (c, cell) in row.iter().enumerate() {
                let pad = widths[c] - cell.width();
                if c == 3 {
                    // Minutes right-aligned.
                    line.push_str(&" ".repeat(pad));
                    line.push_str(cell);
                } else {
                    line.push_str(cell);
                    if c + 1 < row.len() {
                        line.push_str(&" ".repeat(pad));
                    }
                }
                if c + 1 < row.len() {
                    line.push_str("  ");
                }
            }
            out.push_str(line.trim_end());
            out.push('\n');
        }
        out.push('\n');
    }
    out.push_str("✓ done   ▶ in progress   · not started\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::progress::LessonRecord;

    #[test]
    fn status_comes_from_progress() {
        let mut progress = Progress::default();
        progress.lessons.insert(
            "t/a".into(),
            LessonRecord {
                status: Status::Done,
                ..LessonRecord::default()
            },
        );
        assert_eq!(status_of(&progress, "t/a"), Status::Done);
        assert_eq!(status_of(&progress, "t/b"), Status::NotStarted);
        assert_eq!(status_key(Status::InProgress), "in_progress");
    }
}
