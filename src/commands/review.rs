//! `mlpath review [--due] [--json]`: the review cards of answered quiz items and when
//! each is due. Reviews themselves happen in the tutor.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::SystemTime;

use serde_json::json;

use super::session;
use super::skills::{columns, emit, emit_json, row};
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
    if args.json {
        let out: Vec<_> = items
            .iter()
            .map(|i| {
                json!({
                    "key": i.key,
                    "lesson": i.lesson,
                    "step": i.step + 1,
                    "title": title(&i.lesson),
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
    let mut rows = vec![row(&["DUE", "RECALL", "ITEM", "LESSON"])];
    for i in &items {
        let recall =
            retrievability(&i.card, now).map_or("-".to_string(), |r| format!("{:.0}%", r * 100.0));
        rows.push(vec![
            clean_line(&i.card.due),
            recall,
            clean_line(&i.key),
            title(&i.lesson).map_or("(not loaded)".into(), |t| clean_line(&t)),
        ]);
    }
    let mut out = columns(&rows);
    out.push_str("\nReview due items in the tutor: run `mlpath` and choose Review.\n");
    emit(&out)?;
    Ok(ExitCode::SUCCESS)
}
