//! The text of `progress.toml`: parsing with the position of any error, the version
//! check, stricter validation for imported files, and rendering.

use std::collections::BTreeMap;
use std::fmt;
use std::time::{Duration, SystemTime};

use super::merge::compare_times;
use super::record::{CURRENT_VERSION, Progress};
use super::update::MAX_SELF_LEVEL;
use crate::sanitize;

/// What a progress file holds.
#[derive(Debug)]
pub enum Parsed {
    /// A file this build understands.
    Current(Progress),
    /// A file from a newer mlpath: its version, and its content if this build can read it.
    Newer {
        version: i64,
        progress: Option<Progress>,
    },
}

/// Why a progress file could not be read, with the 1-based position when known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line, self.column) {
            (Some(line), Some(column)) => write!(f, "line {line}, column {column}: ")?,
            (Some(line), None) => write!(f, "line {line}: ")?,
            _ => {}
        }
        f.write_str(&self.message)
    }
}

impl std::error::Error for ParseError {}

impl ParseError {
    fn plain(message: impl Into<String>) -> Self {
        ParseError {
            line: None,
            column: None,
            message: message.into(),
        }
    }

    fn from_toml(text: &str, error: &toml::de::Error) -> Self {
        // The message may quote the file; it is shown on a terminal.
        let message = sanitize::clean_line(error.message().trim());
        match error.span() {
            Some(span) => {
                let (line, column) = line_column(text, span.start);
                ParseError {
                    line: Some(line),
                    column: Some(column),
                    message,
                }
            }
            None => ParseError::plain(message),
        }
    }
}

/// The 1-based line and column (in characters) of byte `offset` in `text`.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

/// Parses a progress file. A file whose `version` is newer than this build's is not
/// an error: it is reported as [`Parsed::Newer`] so that it can be left untouched.
pub fn parse(text: &str) -> Result<Parsed, ParseError> {
    let table: toml::Table = toml::from_str(text).map_err(|e| ParseError::from_toml(text, &e))?;
    let version = match table.get("version") {
        None => {
            return Err(ParseError::plain(
                "missing `version` (a progress file starts with `version = 1`)",
            ));
        }
        Some(value) => value.as_integer().ok_or_else(|| {
            ParseError::plain(format!(
                "`version` must be a whole number, not {}",
                value.type_str()
            ))
        })?,
    };
    let with_extras = |mut progress: Progress| {
        progress.nested_extra = nested_unknown_fields(&table);
        progress
    };
    if version > i64::from(CURRENT_VERSION) {
        let progress = toml::from_str::<Progress>(text).ok().map(with_extras);
        return Ok(Parsed::Newer { version, progress });
    }
    if version < 1 {
        return Err(ParseError::plain(format!(
            "`version` is {version}; versions start at 1"
        )));
    }
    toml::from_str::<Progress>(text)
        .map(|progress| Parsed::Current(with_extras(progress)))
        .map_err(|e| ParseError::from_toml(text, &e))
}

/// The fields each kind of record has; anything else in its table is kept aside.
const LESSON_FIELDS: &[&str] = &[
    "status",
    "current_step",
    "started_at",
    "completed_at",
    "updated_at",
    "steps",
    "content_hash",
];
const STEP_FIELDS: &[&str] = &[
    "correct",
    "attempts",
    "hints_used",
    "revealed",
    "answered_at",
    "wrong_answers",
];
const LAB_FIELDS: &[&str] = &["goal_met", "met_at", "summary", "updated_at"];
const RATING_FIELDS: &[&str] = &["level", "at"];
const STAMPED_FIELDS: &[&str] = &["value", "at"];
const CARD_FIELDS: &[&str] = &[
    "stability",
    "difficulty",
    "last_review",
    "due",
    "reviews",
    "lapses",
];

/// Fields inside records that this build does not know (written by a newer mlpath or
/// by hand), by the path of their table, so that a rewrite keeps them.
fn nested_unknown_fields(table: &toml::Table) -> BTreeMap<Vec<String>, toml::Table> {
    let mut found = BTreeMap::new();
    let mut keep = |path: Vec<String>, record: &toml::Value, known: &[&str]| {
        let Some(record) = record.as_table() else {
            return;
        };
        let unknown: toml::Table = record
            .iter()
            .filter(|(k, _)| !known.contains(&k.as_str()))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        if !unknown.is_empty() {
            found.insert(path, unknown);
        }
    };
    let records = |section: &str| {
        table
            .get(section)
            .and_then(toml::Value::as_table)
            .into_iter()
            .flatten()
    };
    for (id, lesson) in records("lessons") {
        keep(vec!["lessons".into(), id.clone()], lesson, LESSON_FIELDS);
        let steps = lesson.get("steps").and_then(toml::Value::as_table);
        for (n, step) in steps.into_iter().flatten() {
            let path = vec!["lessons".into(), id.clone(), "steps".into(), n.clone()];
            keep(path, step, STEP_FIELDS);
        }
    }
    for (section, known) in [
        ("labs", LAB_FIELDS),
        ("self_assessment", RATING_FIELDS),
        ("reviews", CARD_FIELDS),
    ] {
        for (key, record) in records(section) {
            keep(vec![section.into(), key.clone()], record, known);
        }
    }
    if let Some(role) = table.get("target_role") {
        keep(vec!["target_role".into()], role, STAMPED_FIELDS);
    }
    found
}

/// Values a hand-edited file may hold that mlpath would otherwise show as they are:
/// they are brought into range, and each change is described for the learner.
pub fn clamp_out_of_range(progress: &mut Progress) -> Vec<String> {
    let mut changes = Vec::new();
    for (skill, rating) in progress.self_assessment.iter_mut() {
        if rating.level > MAX_SELF_LEVEL {
            changes.push(format!(
                "self-rating for '{}' was {}, read as {MAX_SELF_LEVEL} (ratings go from 0 to \
                 {MAX_SELF_LEVEL})",
                sanitize::clean_line(skill),
                rating.level
            ));
            rating.level = MAX_SELF_LEVEL;
        }
    }
    for (key, card) in progress.reviews.iter_mut() {
        if !card.stability.is_finite()
            || card.stability <= 0.0
            || !card.difficulty.is_finite()
            || !(1.0..=10.0).contains(&card.difficulty)
        {
            changes.push(format!(
                "review card '{}' had stability {} and difficulty {}, read as a new card's",
                sanitize::clean_line(key),
                card.stability,
                card.difficulty
            ));
            card.stability = if card.stability.is_finite() && card.stability > 0.0 {
                card.stability
            } else {
                1.0
            };
            card.difficulty = if card.difficulty.is_finite() {
                card.difficulty.clamp(1.0, 10.0)
            } else {
                5.0
            };
        }
    }
    changes
}

/// How far ahead of this computer's clock a timestamp may be before it is reported.
pub const CLOCK_SLACK: Duration = Duration::from_secs(300);

/// The timestamps in `progress` later than `now` plus [`CLOCK_SLACK`], as
/// `where = value` (review due dates are in the future by design and not included).
pub fn stamps_ahead_of(progress: &Progress, now: SystemTime) -> Vec<String> {
    let limit = humantime::format_rfc3339_seconds(now + CLOCK_SLACK).to_string();
    let mut stamps: Vec<(String, &str)> = Vec::new();
    for (id, lesson) in &progress.lessons {
        let at = |field: &str| format!("lesson '{id}' {field}");
        stamps.push((at("updated_at"), &lesson.updated_at));
        if let Some(t) = &lesson.started_at {
            stamps.push((at("started_at"), t));
        }
        if let Some(t) = &lesson.completed_at {
            stamps.push((at("completed_at"), t));
        }
        for (n, step) in &lesson.steps {
            if let Some(t) = &step.answered_at {
                stamps.push((format!("lesson '{id}' step {n} answered_at"), t));
            }
        }
    }
    for (key, lab) in &progress.labs {
        stamps.push((format!("lab '{key}' updated_at"), &lab.updated_at));
        if let Some(t) = &lab.met_at {
            stamps.push((format!("lab '{key}' met_at"), t));
        }
    }
    for (skill, rating) in &progress.self_assessment {
        stamps.push((format!("self-rating '{skill}' at"), &rating.at));
    }
    if let Some(role) = &progress.target_role {
        stamps.push(("target role at".to_string(), &role.at));
    }
    for (key, card) in &progress.reviews {
        stamps.push((
            format!("review card '{key}' last_review"),
            &card.last_review,
        ));
    }
    stamps
        .into_iter()
        .filter(|(_, t)| humantime::parse_rfc3339_weak(t.trim()).is_ok())
        .filter(|(_, t)| compare_times(t, &limit) == std::cmp::Ordering::Greater)
        .map(|(what, t)| sanitize::clean_line(&format!("{what} = {t}")))
        .collect()
}

/// Checks what the schema alone does not: quiz steps are numbered from 1, lab and
/// review keys name a step, and self-ratings are 0 to 5. Used for imported files,
/// whose content the learner did not produce with this mlpath.
pub fn validate(progress: &Progress) -> Result<(), ParseError> {
    for (id, lesson) in &progress.lessons {
        if id.trim().is_empty() {
            return Err(ParseError::plain("a lesson has an empty id"));
        }
        for step in lesson.steps.keys() {
            if !step.parse::<u32>().is_ok_and(|n| n >= 1) {
                return Err(ParseError::plain(format!(
                    "lesson '{}': step '{}' is not a step number (1, 2, ...)",
                    sanitize::clean_line(id),
                    sanitize::clean_line(step)
                )));
            }
        }
    }
    for (what, key) in progress
        .labs
        .keys()
        .map(|k| ("lab", k))
        .chain(progress.reviews.keys().map(|k| ("review card", k)))
    {
        let valid = key.rsplit_once('#').is_some_and(|(lesson, n)| {
            !lesson.is_empty() && n.parse::<u32>().is_ok_and(|n| n >= 1)
        });
        if !valid {
            return Err(ParseError::plain(format!(
                "{what} '{}' is not of the form '<lesson id>#<step number>'",
                sanitize::clean_line(key)
            )));
        }
    }
    for (id, e) in &progress.outside_evidence {
        if !(1..=MAX_SELF_LEVEL).contains(&e.level) {
            return Err(ParseError::plain(format!(
                "outside evidence '{}' has level {}; its levels go from 1 to {MAX_SELF_LEVEL}",
                sanitize::clean_line(id),
                e.level
            )));
        }
    }
    for (skill, rating) in &progress.self_assessment {
        if rating.level > MAX_SELF_LEVEL {
            return Err(ParseError::plain(format!(
                "self-rating for '{}' is {}; ratings go from 0 to {MAX_SELF_LEVEL}",
                sanitize::clean_line(skill),
                rating.level
            )));
        }
    }
    Ok(())
}

/// The text written to `progress.toml`.
pub fn render(progress: &Progress) -> String {
    let body = if progress.nested_extra.is_empty() {
        toml::to_string(progress).expect("progress always serializes to TOML")
    } else {
        let mut table = toml::Table::try_from(progress).expect("progress is a TOML table");
        for (path, extra) in &progress.nested_extra {
            // Only where the record still exists: a reset lesson takes its fields along.
            let record = path.iter().try_fold(&mut table, |t, key| {
                t.get_mut(key).and_then(toml::Value::as_table_mut)
            });
            if let Some(record) = record {
                for (key, value) in extra {
                    record.entry(key.clone()).or_insert_with(|| value.clone());
                }
            }
        }
        toml::to_string(&table).expect("a TOML table serializes")
    };
    format!(
        "# mlpath progress. mlpath merges this file on every save; if it stops parsing,\n\
         # mlpath sets it aside as progress.corrupt-<time>.toml and starts afresh.\n{body}"
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::progress::record::Status;

    fn current(text: &str) -> Progress {
        match parse(text).unwrap() {
            Parsed::Current(p) => p,
            other => panic!("expected a current file, got {other:?}"),
        }
    }

    #[test]
    fn round_trip_keeps_everything_including_unknown_fields() {
        let mut p = Progress::default();
        p.open_lesson("metrics/unknown-lesson", 3);
        p.record_answer("metrics/unknown-lesson", 0, true, 1);
        p.complete_lesson("metrics/x");
        p.record_lab("metrics/x#3", true, "recall 0.96");
        p.set_self_level("sql", 3);
        p.set_target_role("ml-engineer");
        p.extra.insert("future".into(), toml::Value::from("kept"));
        let mut table = toml::Table::new();
        table.insert("a".into(), toml::Value::from(1));
        p.extra
            .insert("future_table".into(), toml::Value::Table(table));
        let text = render(&p);
        assert_eq!(current(&text), p);
    }

    #[test]
    fn syntax_errors_have_a_line_and_column() {
        let err = parse("version = 1\n\n[lessons.\"a\"]\nstatus = \n").unwrap_err();
        assert_eq!(err.line, Some(4));
        assert!(err.column.is_some());
        assert!(err.to_string().starts_with("line 4, column"), "{err}");
    }

    #[test]
    fn schema_errors_have_a_line() {
        let err = parse("version = 1\n[lessons.\"a\"]\nstatus = \"finished\"\n").unwrap_err();
        assert_eq!(err.line, Some(3), "{err}");
        assert!(
            err.message.contains("finished") || err.message.contains("variant"),
            "{err}"
        );
    }

    #[test]
    fn version_is_required_and_positive() {
        assert!(parse("").unwrap_err().message.contains("missing `version`"));
        assert!(
            parse("version = \"1\"")
                .unwrap_err()
                .message
                .contains("whole number")
        );
        assert!(
            parse("version = 0")
                .unwrap_err()
                .message
                .contains("start at 1")
        );
    }

    #[test]
    fn newer_files_are_recognised_even_if_unreadable() {
        match parse("version = 7\n[lessons.a]\nstatus = \"mastered\"\n").unwrap() {
            Parsed::Newer { version, progress } => {
                assert_eq!(version, 7);
                assert!(progress.is_none());
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn statuses_parse() {
        let p = current(
            "version = 1\n[lessons.a]\nstatus = \"done\"\n[lessons.b]\nstatus = \"in_progress\"\n",
        );
        assert_eq!(p.status("a"), Status::Done);
        assert_eq!(p.status("b"), Status::InProgress);
    }

    #[test]
    fn validation_rejects_bad_keys_and_levels() {
        let bad_step = current(
            "version = 1\n[lessons.a]\nstatus = \"done\"\n[lessons.a.steps.x]\ncorrect = true\nattempts = 1\nhints_used = 0\n",
        );
        assert!(
            validate(&bad_step)
                .unwrap_err()
                .message
                .contains("step 'x'")
        );
        let bad_lab = current("version = 1\n[labs.a]\ngoal_met = true\n");
        assert!(validate(&bad_lab).unwrap_err().message.contains("lab 'a'"));
        let bad_level = current("version = 1\n[self_assessment.sql]\nlevel = 9\nat = \"\"\n");
        assert!(validate(&bad_level).unwrap_err().message.contains("0 to 5"));
        let mut good = Progress::default();
        good.record_lab("a/b#2", true, "");
        good.record_answer("a/b", 0, true, 0);
        assert_eq!(validate(&good), Ok(()));
    }

    #[test]
    fn line_column_counts_characters() {
        assert_eq!(line_column("ab\ncé", 6), (2, 3));
        assert_eq!(line_column("ab\ncé", 5), (2, 2), "inside a character");
        assert_eq!(line_column("ab", 0), (1, 1));
    }
}
