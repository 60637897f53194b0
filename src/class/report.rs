//! The class report: per lesson, who started and finished it and how long it took;
//! per quiz item, how the class answered it and whether it tells learners who know the
//! lesson from those who do not (classical item analysis).

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::read::{ClassInput, Skipped};
use super::stats::{median, point_biserial};
use crate::catalog::{Catalog, Lesson, Step};
use crate::progress::{Status, StepRecord};
use crate::sanitize::clean_line;

/// When an item is flagged for a look.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Thresholds {
    /// Flag an item whose first-try correct rate is below this (too hard, or wrong).
    pub difficulty_below: f64,
    /// Flag an item whose discrimination is below this: the learners who did well on
    /// the rest of the lesson did no better on it (confusing, or mis-keyed).
    pub discrimination_below: f64,
    /// Flag nothing answered by fewer learners than this: too few to tell.
    pub min_answers: usize,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            difficulty_below: 0.3,
            discrimination_below: 0.1,
            min_answers: 5,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct ClassReport {
    pub learners: usize,
    pub files: Vec<String>,
    pub skipped: Vec<Skipped>,
    pub thresholds: Thresholds,
    pub lessons: Vec<LessonReport>,
    /// Things the instructor should know before reading the numbers.
    pub warnings: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct LessonReport {
    pub id: String,
    pub title: String,
    pub started: usize,
    pub done: usize,
    /// Median minutes from starting to finishing, over the learners who finished.
    pub median_minutes: Option<f64>,
    /// The versions of the lesson file learners took (by content hash), the loaded
    /// one marked `current`.
    pub versions: Vec<VersionCount>,
    pub items: Vec<ItemReport>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VersionCount {
    pub hash: String,
    pub learners: usize,
    pub current: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct ItemReport {
    /// 1-based step number in the lesson.
    pub step: usize,
    /// `choice` or `number`.
    pub kind: &'static str,
    pub prompt: String,
    /// Learners who answered it (or revealed the answer).
    pub answered: usize,
    /// Share right at the first answer without hints or revealing: the item's
    /// difficulty in classical item analysis (higher is easier).
    pub difficulty: Option<f64>,
    /// Share who revealed at least one hint.
    pub hint_rate: Option<f64>,
    /// Share who asked to see the answer.
    pub reveal_rate: Option<f64>,
    /// Point-biserial correlation between this item's first-try score and the learner's
    /// first-try score on the lesson's other items.
    pub discrimination: Option<f64>,
    /// The wrong answer given by the most learners.
    pub common_wrong: Option<WrongAnswer>,
    pub flags: Vec<Flag>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WrongAnswer {
    pub answer: String,
    /// Learners who gave it at least once.
    pub learners: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Flag {
    TooHard,
    LowDiscrimination,
}

impl Flag {
    pub fn describe(self) -> &'static str {
        match self {
            Flag::TooHard => "few get it right first time",
            Flag::LowDiscrimination => "strong learners do no better on it",
        }
    }
}

/// The report for `input` against the lessons in `catalog`.
pub fn build(input: &ClassInput, catalog: &Catalog, thresholds: Thresholds) -> ClassReport {
    let mut warnings = Vec::new();
    let mut lessons = Vec::new();
    let mut known = BTreeSet::new();
    for track in &catalog.tracks {
        for lesson in &track.lessons {
            known.insert(lesson.id.as_str());
            let started = input
                .learners
                .iter()
                .filter(|l| started(l.progress.lessons.get(&lesson.id)))
                .count();
            if started == 0 {
                continue;
            }
            let report = lesson_report(input, lesson, thresholds);
            if report.versions.len() > 1 {
                let current = report
                    .versions
                    .iter()
                    .find(|v| v.current)
                    .map_or(0, |v| v.learners);
                warnings.push(format!(
                    "{}: learners took {} versions of this lesson ({} the one loaded now); \
                     an item's numbers mix its versions",
                    lesson.id,
                    report.versions.len(),
                    current
                ));
            }
            lessons.push(report);
        }
    }
    let mut unknown: BTreeMap<&str, usize> = BTreeMap::new();
    for learner in &input.learners {
        for id in learner.progress.lessons.keys() {
            if !known.contains(id.as_str()) {
                *unknown.entry(id.as_str()).or_default() += 1;
            }
        }
    }
    for (id, n) in unknown {
        warnings.push(format!(
            "{}: in {n} learner{} progress but not in the loaded lessons; give the \
             class's lesson directory with --lessons DIR",
            clean_line(id),
            if n == 1 { "'s" } else { "s'" }
        ));
    }
    ClassReport {
        learners: input.learners.len(),
        files: input.files.clone(),
        skipped: input.skipped.clone(),
        thresholds,
        lessons,
        warnings,
    }
}

fn started(record: Option<&crate::progress::LessonRecord>) -> bool {
    record.is_some_and(|r| r.status != Status::NotStarted || r.started_at.is_some())
}

fn lesson_report(input: &ClassInput, lesson: &Lesson, thresholds: Thresholds) -> LessonReport {
    let records: Vec<_> = input
        .learners
        .iter()
        .filter_map(|l| l.progress.lessons.get(&lesson.id))
        .filter(|r| started(Some(r)))
        .collect();
    let minutes: Vec<f64> = records
        .iter()
        .filter(|r| r.status == Status::Done)
        .filter_map(|r| minutes_between(r.started_at.as_deref()?, r.completed_at.as_deref()?))
        .collect();
    let mut versions: BTreeMap<&str, usize> = BTreeMap::new();
    for r in &records {
        if let Some(hash) = &r.content_hash {
            *versions.entry(hash.as_str()).or_default() += 1;
        }
    }
    let quiz_steps: Vec<usize> = (0..lesson.steps.len())
        .filter(|&i| lesson.steps[i].is_quiz())
        .collect();
    // Each learner's first-try score per quiz step (None: not answered).
    let scores: Vec<Vec<Option<bool>>> = records
        .iter()
        .map(|r| {
            quiz_steps
                .iter()
                .map(|i| answered(r.steps.get(&(i + 1).to_string())).map(StepRecord::first_try))
                .collect()
        })
        .collect();
    let items = quiz_steps
        .iter()
        .enumerate()
        .map(|(k, &i)| {
            let steps: Vec<&StepRecord> = records
                .iter()
                .filter_map(|r| answered(r.steps.get(&(i + 1).to_string())))
                .collect();
            let pairs: Vec<(bool, f64)> = scores
                .iter()
                .filter_map(|row| {
                    let mine = row[k]?;
                    let rest = row
                        .iter()
                        .enumerate()
                        .filter(|&(j, s)| j != k && *s == Some(true))
                        .count();
                    Some((mine, rest as f64))
                })
                .collect();
            item_report(&lesson.steps[i], i + 1, &steps, &pairs, thresholds)
        })
        .collect();
    LessonReport {
        id: lesson.id.clone(),
        title: lesson.title.clone(),
        started: records.len(),
        done: records.iter().filter(|r| r.status == Status::Done).count(),
        median_minutes: median(&minutes),
        versions: versions
            .into_iter()
            .map(|(hash, learners)| VersionCount {
                hash: clean_line(hash),
                learners,
                current: hash == lesson.content_hash,
            })
            .collect(),
        items,
    }
}

/// A step record that holds an answer (or a revealed one).
fn answered(record: Option<&StepRecord>) -> Option<&StepRecord> {
    record.filter(|s| s.attempts > 0 || s.revealed)
}

fn item_report(
    step: &Step,
    number: usize,
    answers: &[&StepRecord],
    pairs: &[(bool, f64)],
    thresholds: Thresholds,
) -> ItemReport {
    let n = answers.len();
    let share = |pred: &dyn Fn(&StepRecord) -> bool| {
        (n > 0).then(|| answers.iter().filter(|s| pred(s)).count() as f64 / n as f64)
    };
    let difficulty = share(&|s| s.first_try());
    let discrimination = point_biserial(pairs);
    let mut wrong: BTreeMap<&str, usize> = BTreeMap::new();
    for s in answers {
        let distinct: BTreeSet<&str> = s.wrong_answers.iter().map(String::as_str).collect();
        for answer in distinct {
            *wrong.entry(answer).or_default() += 1;
        }
    }
    // The most given; ties go to the first in text order, so the report is stable.
    let common_wrong = wrong
        .iter()
        .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
        .map(|(answer, &learners)| WrongAnswer {
            answer: clean_line(answer),
            learners,
        });
    let mut flags = Vec::new();
    if n >= thresholds.min_answers {
        if difficulty.is_some_and(|d| d < thresholds.difficulty_below) {
            flags.push(Flag::TooHard);
        }
        if discrimination.is_some_and(|d| d < thresholds.discrimination_below) {
            flags.push(Flag::LowDiscrimination);
        }
    }
    let (kind, prompt) = match step {
        Step::Choice(c) => ("choice", c.prompt.as_str()),
        Step::Number(q) => ("number", q.prompt.as_str()),
        _ => ("other", ""),
    };
    ItemReport {
        step: number,
        kind,
        prompt: clean_line(prompt),
        answered: n,
        difficulty,
        hint_rate: share(&|s| s.hints_used > 0),
        reveal_rate: share(&|s| s.revealed),
        discrimination,
        common_wrong,
        flags,
    }
}

/// Minutes from `start` to `end` (RFC 3339); `None` when either does not parse or the
/// end is before the start (a clock that was wrong).
fn minutes_between(start: &str, end: &str) -> Option<f64> {
    let start = humantime::parse_rfc3339_weak(start).ok()?;
    let end = humantime::parse_rfc3339_weak(end).ok()?;
    end.duration_since(start)
        .ok()
        .map(|d| d.as_secs_f64() / 60.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minutes_between_timestamps() {
        assert_eq!(
            minutes_between("2026-01-01T10:00:00Z", "2026-01-01T10:12:30Z"),
            Some(12.5)
        );
        assert_eq!(
            minutes_between("2026-01-01T10:00:00Z", "2026-01-01T09:00:00Z"),
            None
        );
        assert_eq!(minutes_between("yesterday", "2026-01-01T09:00:00Z"), None);
    }
}
