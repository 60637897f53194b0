//! The progress record: what a learner has done, as stored in `progress.toml`.
//! Pure data; [`super::update`] holds its mutations and [`super::store`] is the only
//! code that writes it to disk.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// The format version this build writes.
pub const CURRENT_VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Progress {
    pub version: u32,
    /// The lesson the learner was last in, for "continue where you left off".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_lesson: Option<String>,
    /// Per lesson, by full id. Entries for lessons that are not loaded are kept.
    #[serde(default)]
    pub lessons: BTreeMap<String, LessonRecord>,
    /// Lab results by `<lesson id>#<step number>` (1-based step).
    #[serde(default)]
    pub labs: BTreeMap<String, LabRecord>,
    /// The learner's own rating per skill id.
    #[serde(default)]
    pub self_assessment: BTreeMap<String, SelfRating>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_role: Option<Stamped<String>>,
    /// Spaced-review cards by `<lesson id>#<step number>`.
    #[serde(default)]
    pub reviews: BTreeMap<String, ReviewCard>,
    /// Evidence from outside mlpath the learner recorded (a course, a project, a job),
    /// by id. A removed entry stays as a tombstone so that a merge cannot bring it back.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub outside_evidence: BTreeMap<String, OutsideEvidence>,
    /// Set only in a file written by `mlpath progress export`: who exported it and
    /// when, for a class report. Never part of a learner's own progress.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exported: Option<ExportInfo>,
    /// Fields written by a newer mlpath: kept as they are.
    #[serde(flatten)]
    pub extra: toml::Table,
    /// Unknown fields inside records (a lesson, a step, a rating...), by the path of
    /// their table: kept as they are and written back where the record still exists.
    #[serde(skip)]
    pub nested_extra: BTreeMap<Vec<String>, toml::Table>,
}

impl Default for Progress {
    fn default() -> Self {
        Progress {
            version: CURRENT_VERSION,
            last_lesson: None,
            lessons: BTreeMap::new(),
            labs: BTreeMap::new(),
            self_assessment: BTreeMap::new(),
            target_role: None,
            reviews: BTreeMap::new(),
            outside_evidence: BTreeMap::new(),
            exported: None,
            extra: toml::Table::new(),
            nested_extra: BTreeMap::new(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    #[default]
    NotStarted,
    InProgress,
    Done,
}

impl Status {
    pub fn label(self) -> &'static str {
        match self {
            Status::NotStarted => "not started",
            Status::InProgress => "in progress",
            Status::Done => "done",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct LessonRecord {
    pub status: Status,
    /// 0-based index of the step the learner is on.
    #[serde(default)]
    pub current_step: usize,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub started_at: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub completed_at: Option<String>,
    /// When this record last changed (RFC 3339, UTC); decides merges.
    #[serde(default)]
    pub updated_at: String,
    /// Quiz results by 1-based step number (as text: TOML keys are strings).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub steps: BTreeMap<String, StepRecord>,
    /// The content hash of the lesson file the learner last opened, so that a class
    /// report can tell when learners took different versions of a lesson.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_hash: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct StepRecord {
    /// Answered correctly (at some attempt).
    pub correct: bool,
    /// Answers submitted, right or wrong.
    pub attempts: u32,
    /// Hints revealed before answering correctly.
    pub hints_used: u32,
    /// The learner asked to see the answer instead of finding it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub revealed: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answered_at: Option<String>,
    /// The wrong answers given, in order (the option's text, or the number as typed),
    /// at most [`MAX_WRONG_ANSWERS`]: what a class report counts as the most common
    /// mistake.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub wrong_answers: Vec<String>,
}

/// How many wrong answers a step record keeps.
pub const MAX_WRONG_ANSWERS: usize = 8;

/// The longest wrong answer kept, in characters.
pub const MAX_ANSWER_CHARS: usize = 80;

impl StepRecord {
    /// Right at the first answer, with no hint and without revealing the answer: the
    /// item's score in a class report.
    pub fn first_try(&self) -> bool {
        self.correct && self.attempts == 1 && self.hints_used == 0 && !self.revealed
    }
}

/// Who exported a progress file. An anonymous export has only a random learner id.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExportInfo {
    /// A random id, new at every anonymous export; kept from export to export otherwise.
    pub learner: String,
    /// The learner's login name; absent when anonymous.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The computer's host name; absent when anonymous.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub machine: Option<String>,
    /// When the file was written (RFC 3339, UTC).
    pub at: String,
    pub anonymous: bool,
    /// The mlpath version that wrote the file.
    pub mlpath: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct LabRecord {
    pub goal_met: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub met_at: Option<String>,
    /// What the learner achieved, in the lab's words (e.g. "recall 0.96 with tree, seed 7").
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub summary: String,
    #[serde(default)]
    pub updated_at: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SelfRating {
    pub level: u8,
    pub at: String,
}

/// Something the learner did outside mlpath that shows a skill at a level: their
/// claim, not something mlpath observed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutsideEvidence {
    pub skill: String,
    /// 1 to 5.
    pub level: u8,
    /// What it is, in the learner's words ("project: churn model at work").
    pub what: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link: Option<String>,
    /// When it happened, `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// When it was recorded (RFC 3339, UTC).
    pub added_at: String,
    /// When it was removed; a removed entry counts for nothing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub removed_at: Option<String>,
    /// Fields written by a newer mlpath: kept as they are.
    #[serde(flatten)]
    pub extra: toml::Table,
}

/// A value with the time it was set, so that merges keep the newest.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Stamped<T> {
    pub value: T,
    pub at: String,
}

/// A spaced-review card's memory state.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReviewCard {
    pub stability: f64,
    pub difficulty: f64,
    /// Last review time (RFC 3339, UTC).
    pub last_review: String,
    /// When the card is next due (RFC 3339, UTC).
    pub due: String,
    pub reviews: u32,
    pub lapses: u32,
}

/// The current time as RFC 3339 UTC with microseconds, the format of every timestamp
/// here: two saves within one second still tell which came later.
pub fn now() -> String {
    humantime::format_rfc3339_micros(std::time::SystemTime::now()).to_string()
}
