//! `mlpath review [--due] [--json]`: the review cards of answered quiz items, each with
//! its question and when it is due. Reviews themselves happen in the tutor.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::SystemTime;

use serde_json::json;

use super::session;
use super::skills::{columns, emit, emit_json, row};
use crate::catalog::Step;
use crate::cli::ReviewArgs;
use crate::sanitize::clean_line;
use crate::skills::review::{self, DueItem, retrievability};

pub fn run(lessons: &[PathBuf], args: &ReviewArgs) -> anyhow::Result<ExitCode> {
    let catalog = session::catalog_reporting(lessons);
    let store = session::progress_store_reporting()?;
    let progress = store.progress();
    let now = SystemTime::now();
    let items: Vec<DueItem> = if args.due {
        review::due(progress, now)
    } else {
        review::items(progress)
    };
    let title = |lesson: &str| catalog.lesson(lesson).map(|l| l.title.clone());
    // The question the item asks, as one clean line.
    let question = |i: &DueItem| {
        catalog
            .lesson(&i.lesson)
            .and_then(|l| l.steps.get(i.step))
            .and_then(|s| match s {
                Step::Choice(c) => Some(clean_line(&c.prompt)),
                Step::Number(n) => Some(clean_line(&n.prompt)),
                _ => None,
            })
    };
    if args.json {
        let out: Vec<_> = items
            .iter()
            .map(|i| {
                json!({
                    "key": i.key,
                    "lesson": i.lesson,
                    "step": i.step + 1,
                    "title": title(&i.lesson),
                    "question": question(i),
                    "due": i.card.due,
                    "stability": i.card.stability,
                    "difficulty": i.card.difficulty,
                    "retrievability": retrievability(&i.card, now),
                    "reviews": i.card.reviews,
                    "lapses": i.card.lapses,
                })
            })
            .collect();
        return emit_json(&serde_json::Value::Array(out));
    }
    if items.is_empty() {
        emit(if progress.reviews.is_empty() {
            "No review items yet: every quiz you answer in a lesson becomes one.\n"
        } else {
            "Nothing is due for review now.\n"
        })?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut rows = vec![row(&["DUE", "RECALL", "ITEM", "QUESTION"])];
    for i in &items {
        let recall =
            retrievability(&i.card, now).map_or("-".to_string(), |r| format!("{:.0}%", r * 100.0));
        rows.push(vec![
            clean_line(&i.card.due),
            recall,
            clean_line(&i.key),
            match (question(i), title(&i.lesson)) {
                (Some(q), _) => shorten(&q, QUESTION_CHARS),
                (None, Some(_)) => "(not a quiz step any more)".into(),
                (None, None) => "(lesson not loaded)".into(),
            },
        ]);
    }
    let mut out = columns(&rows);
    out.push_str("\nReview due items in the tutor: run `mlpath` and choose Review.\n");
    emit(&out)?;
    Ok(ExitCode::SUCCESS)
}

/// How much of a question the table shows; `--json` has all of it.
const QUESTION_CHARS: usize = 70;

/// `text` cut to `max` characters, with "…" when cut.
fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut out: String = text.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}
