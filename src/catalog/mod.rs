//! The lesson catalog: tracks of lessons loaded from TOML (bundled and instructor
//! directories), the skills and roles files, and every problem found while loading.
//!
//! The file format is documented in `docs/authoring.md`; [`load`] never fails as a
//! whole: a broken file becomes a [`Problem`] and everything else still loads.

use std::collections::BTreeMap;
use std::fmt;

mod check;
mod checkers;
mod exercise;
mod exercise_data;
mod fields;
pub use fields::is_dash_id;
mod labs;
mod loader;
mod parse;
mod quiz_rules;
mod schema;
mod shape;
mod skillfile;
mod source;
mod spanned;
mod steps;
mod suggest;
mod text;

pub use labs::{
    AuditGoal, AuditLab, ChangeGoal, ChangePointsLab, Costs, DecayGoal, DecayLab, DriftGoal,
    DriftLab, Goal, LabKind, LabSpec, LabelNoiseLab, LeakageGoal, LeakageLab, MAX_FLIP_SHARE,
    METRICS, MODELS, SelfAssessmentLab, ThresholdLab, TrainLab, lab_step_from_toml,
};
pub use loader::{LESSONS_ENV, check, extra_dirs_from_env, join_extra_dirs, load};
pub use parse::{MAX_GUIDED_LEVEL, MAX_LESSON_LEVEL};
pub use schema::{DRAFT, SchemaKind, json_schema};
pub use steps::STEP_TYPES;
pub use suggest::did_you_mean;

/// How serious a problem is: an error leaves its file out; a warning is reported and
/// the file loads.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    #[default]
    Error,
    Warning,
}

/// A lesson-file problem, printed as `path:line:col: error: message` (or `warning:`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Problem {
    /// The file, as the author knows it (`lessons/metrics/01-x.toml` or a disk path).
    pub path: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub col: usize,
    /// What is wrong and how to fix it.
    pub message: String,
    pub severity: Severity,
}

impl Problem {
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}: {}",
            self.path,
            self.line,
            self.col,
            match self.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            },
            self.message
        )
    }
}

/// Everything loaded from the bundled lessons and any extra directories.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    /// Tracks sorted by `order`, then id.
    pub tracks: Vec<Track>,
    pub skills: Vec<Skill>,
    /// The level scale 0..=5 with names and one-line descriptions.
    pub levels: Vec<LevelInfo>,
    pub roles: Vec<Role>,
    /// Every problem found, sorted by path, line and column.
    pub problems: Vec<Problem>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Track {
    pub id: String,
    pub title: String,
    pub summary: String,
    pub order: i64,
    /// Lessons in file-name order.
    pub lessons: Vec<Lesson>,
    /// Where the track came from (for messages).
    pub origin: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    Beginner,
    Intermediate,
    Advanced,
}

impl Level {
    pub const NAMES: [&'static str; 3] = ["beginner", "intermediate", "advanced"];

    pub fn name(self) -> &'static str {
        Self::NAMES[self as usize]
    }

    pub fn parse(s: &str) -> Option<Level> {
        match s {
            "beginner" => Some(Level::Beginner),
            "intermediate" => Some(Level::Intermediate),
            "advanced" => Some(Level::Advanced),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Lesson {
    /// Full id, `<track>/<id>`.
    pub id: String,
    pub track: String,
    pub title: String,
    pub summary: String,
    pub minutes: u32,
    pub level: Level,
    /// Full ids of lessons to take first.
    pub requires: Vec<String>,
    /// Skill id → level (0..=5) this lesson gives evidence of.
    pub skills: BTreeMap<String, u8>,
    pub steps: Vec<Step>,
    /// The file the lesson came from.
    pub path: String,
    /// The first 16 hex digits of the file's SHA-256: which version of the lesson a
    /// learner took.
    pub content_hash: String,
}

impl Lesson {
    /// Number of quiz steps (choice and number).
    pub fn quiz_count(&self) -> usize {
        self.steps.iter().filter(|s| s.is_quiz()).count()
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Step {
    Read { title: Option<String>, text: String },
    Choice(ChoiceStep),
    Number(NumberStep),
    Lab(LabStep),
    Exercise(ExerciseStep),
}

impl Step {
    pub fn is_quiz(&self) -> bool {
        matches!(self, Step::Choice(_) | Step::Number(_))
    }

    pub fn kind(&self) -> &'static str {
        match self {
            Step::Read { .. } => "read",
            Step::Choice(_) => "choice",
            Step::Number(_) => "number",
            Step::Lab(_) => "lab",
            Step::Exercise(_) => "exercise",
        }
    }

    /// Whether the step is an unguided exercise or lab (`independent = true`).
    pub fn is_independent(&self) -> bool {
        match self {
            Step::Lab(l) => l.independent,
            Step::Exercise(e) => e.independent,
            _ => false,
        }
    }

    pub fn title(&self) -> Option<&str> {
        match self {
            Step::Read { title, .. } => title.as_deref(),
            Step::Choice(c) => c.title.as_deref(),
            Step::Number(n) => n.title.as_deref(),
            Step::Lab(l) => l.title.as_deref(),
            Step::Exercise(e) => e.title.as_deref(),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct ChoiceStep {
    pub title: Option<String>,
    pub prompt: String,
    pub options: Vec<String>,
    /// Indices of the correct options, sorted; more than one for "select all that apply".
    pub answers: Vec<usize>,
    /// True when written as `answers = [...]`: the learner selects several options.
    pub multi: bool,
    pub explain: String,
    pub hints: Vec<String>,
}

impl ChoiceStep {
    /// Whether a set of chosen option indices is exactly the right answer.
    pub fn is_correct(&self, chosen: &[usize]) -> bool {
        let mut c = chosen.to_vec();
        c.sort_unstable();
        c.dedup();
        c == self.answers
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct NumberStep {
    pub title: Option<String>,
    pub prompt: String,
    pub answer: f64,
    pub tolerance: f64,
    pub explain: String,
    pub hints: Vec<String>,
}

impl NumberStep {
    pub fn is_correct(&self, value: f64) -> bool {
        value.is_finite() && (value - self.answer).abs() <= self.tolerance + 1e-12
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct LabStep {
    pub title: Option<String>,
    /// The task in the lesson's words, shown above the lab.
    pub text: Option<String>,
    /// The lab's kind and its settings, checked when the lesson loaded.
    pub spec: LabSpec,
    /// An unguided task (`independent = true`): meeting its goal shows level 3.
    pub independent: bool,
}

impl LabStep {
    pub fn kind(&self) -> LabKind {
        self.spec.kind()
    }
}

/// A step where the learner edits a file in their workspace
/// (`<data dir>/workspace/<track>/<lesson>/<file>`) until a built-in checker passes it.
#[derive(Debug, Clone, PartialEq)]
pub struct ExerciseStep {
    pub title: Option<String>,
    /// What to write and why.
    pub text: String,
    /// A plain relative name inside the lesson's workspace, e.g. `gate.toml`.
    pub file: String,
    /// The file's first contents; it does not pass the check.
    pub starter: String,
    /// A file that passes the check. Never shown to the learner; it proves that the
    /// exercise can be done.
    pub solution: String,
    pub check: crate::exercises::ExerciseCheck,
    pub hints: Vec<String>,
    /// An unguided task (`independent = true`): meeting its goal shows level 3.
    pub independent: bool,
}

/// A skill from `skills.toml`.
#[derive(Debug, Clone, PartialEq)]
pub struct Skill {
    pub id: String,
    pub name: String,
    pub description: String,
    /// Concrete self-study routes for when no bundled lesson teaches the skill.
    pub self_study: Vec<Route>,
}

/// A self-study route of a skill: a course, book or project outside mlpath.
#[derive(Debug, Clone, PartialEq)]
pub struct Route {
    pub text: String,
    /// The level finishing it shows (2 when the file does not say).
    pub level: u8,
    /// The time it takes, when the route states one.
    pub hours: Option<f64>,
}

impl Route {
    /// The level of a route written as plain text: following a course is guided work.
    pub const DEFAULT_LEVEL: u8 = 2;

    /// A route of plain text at the default level, without an estimate.
    pub fn plain(text: impl Into<String>) -> Route {
        Route {
            text: text.into(),
            level: Route::DEFAULT_LEVEL,
            hours: None,
        }
    }
}

/// One level of the 0..=5 scale.
#[derive(Debug, Clone, PartialEq)]
pub struct LevelInfo {
    pub level: u8,
    pub name: String,
    pub description: String,
}

/// A career role from `roles.toml`.
#[derive(Debug, Clone, PartialEq)]
pub struct Role {
    pub id: String,
    pub name: String,
    pub description: String,
    /// Skill id → required level (1..=5).
    pub requires: BTreeMap<String, u8>,
    /// Core skills (weight 3 in readiness).
    pub core: Vec<String>,
}

impl Catalog {
    pub fn lesson(&self, id: &str) -> Option<&Lesson> {
        self.lessons().find(|l| l.id == id)
    }

    pub fn track(&self, id: &str) -> Option<&Track> {
        self.tracks.iter().find(|t| t.id == id)
    }

    /// Every lesson, track by track, in order.
    pub fn lessons(&self) -> impl Iterator<Item = &Lesson> {
        self.tracks.iter().flat_map(|t| t.lessons.iter())
    }

    /// The lesson after `id` in catalog order, if any.
    pub fn next_lesson(&self, id: &str) -> Option<&Lesson> {
        let mut it = self.lessons().skip_while(|l| l.id != id);
        it.next()?;
        it.next()
    }

    pub fn skill(&self, id: &str) -> Option<&Skill> {
        self.skills.iter().find(|s| s.id == id)
    }

    pub fn role(&self, id: &str) -> Option<&Role> {
        self.roles.iter().find(|r| r.id == id)
    }

    /// The name of a skill level (`none`, `aware`, ...), or the number as text.
    pub fn level_name(&self, level: u8) -> String {
        self.levels
            .iter()
            .find(|l| l.level == level)
            .map(|l| l.name.clone())
            .unwrap_or_else(|| level.to_string())
    }
}

#[cfg(test)]
mod fuzz_tests;
#[cfg(test)]
mod schema_tests;
