//! Exercise steps: the learner edits a real file, and a built-in checker says which
//! requirements it meets.
//!
//! The checkers are pure (file text in, [`Report`] out) and know nothing of lessons
//! or terminals; [`workspace`] owns the learner's files on disk and [`watch`] tells
//! when one changed. The catalog parses a step's `check_params` into the typed
//! parameters of [`ExerciseCheck`] and runs the checker on the starter and the
//! solution, so that every exercise starts unmet and can be met.

pub mod data_contract;
pub mod datasheet;
pub mod toml_schema;
pub mod watch;
pub mod workspace;

pub use data_contract::{Catch, DataContractParams};
pub use datasheet::{DatasheetParams, Mention};
pub use toml_schema::{KeyRule, TomlSchemaParams, ValueType};

/// The built-in checkers, by the name lessons write in `check`. The catalog's
/// "unknown checker" message and the authoring guide list these; the shape of each
/// checker's `check_params` (for the loader and the JSON Schema) is in
/// `src/catalog/checkers.rs`, whose variants a test holds to this list.
pub const CHECKERS: [&str; 3] = ["toml_schema", "data_contract", "datasheet"];

/// A checker with its parameters, already checked when the lesson loaded.
#[derive(Debug, Clone, PartialEq)]
pub enum ExerciseCheck {
    /// The file is TOML with the listed keys, types and values in range.
    TomlSchema(TomlSchemaParams),
    /// The file is a data contract that a clean bundled dataset passes and a corrupted
    /// batch fails, catching each planted problem.
    DataContract(DataContractParams),
    /// The file is a datasheet of a bundled dataset with the measured values right and
    /// the listed sections answered.
    Datasheet(DatasheetParams),
}

impl ExerciseCheck {
    /// The name lessons write in `check`.
    pub fn name(&self) -> &'static str {
        match self {
            ExerciseCheck::TomlSchema(_) => "toml_schema",
            ExerciseCheck::DataContract(_) => "data_contract",
            ExerciseCheck::Datasheet(_) => "datasheet",
        }
    }

    /// Checks the text of the learner's file.
    pub fn run(&self, text: &str) -> Report {
        match self {
            ExerciseCheck::TomlSchema(params) => toml_schema::check(params, text),
            ExerciseCheck::DataContract(params) => data_contract::check(params, text),
            ExerciseCheck::Datasheet(params) => datasheet::check(params, text),
        }
    }
}

/// A 1-based line and column (in characters) in the checked file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pos {
    pub line: usize,
    pub col: usize,
}

/// Whether one requirement is met, and if not, why and where.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    Met,
    Unmet {
        /// What is wrong and how to fix it, one line.
        reason: String,
        /// Where in the file, when the problem has a place.
        at: Option<Pos>,
    },
}

/// One requirement of a checker, as the learner sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct Requirement {
    /// What is required, e.g. "`gate.min_auc`: a float from 0.5 to 1".
    pub what: String,
    /// Why, in the lesson's words (may be empty).
    pub why: String,
    pub outcome: Outcome,
}

impl Requirement {
    pub fn is_met(&self) -> bool {
        self.outcome == Outcome::Met
    }
}

/// The result of checking a file: every requirement in order.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Report {
    pub requirements: Vec<Requirement>,
}

impl Report {
    /// True when every requirement is met (and there is at least one).
    pub fn passed(&self) -> bool {
        !self.requirements.is_empty() && self.requirements.iter().all(Requirement::is_met)
    }

    pub fn met(&self) -> usize {
        self.requirements.iter().filter(|r| r.is_met()).count()
    }

    /// The first unmet requirement, for one-line summaries.
    pub fn first_unmet(&self) -> Option<&Requirement> {
        self.requirements.iter().find(|r| !r.is_met())
    }
}

/// The 1-based line and column of a byte offset in `text` (clamped to its end).
pub fn pos_of(text: &str, offset: usize) -> Pos {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    Pos {
        line,
        col: text[start..offset].chars().count() + 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_one_based_characters() {
        let text = "ab\nçé = 1\n";
        assert_eq!(pos_of(text, 0), Pos { line: 1, col: 1 });
        assert_eq!(pos_of(text, 3), Pos { line: 2, col: 1 });
        assert_eq!(pos_of(text, 5), Pos { line: 2, col: 2 });
        // Inside a character counts as that character.
        assert_eq!(pos_of(text, 4), Pos { line: 2, col: 1 });
        assert_eq!(pos_of(text, 999), Pos { line: 3, col: 1 });
    }

    #[test]
    fn the_authoring_guide_documents_every_checker_and_type() {
        let guide = include_str!("../../docs/authoring.md");
        for name in CHECKERS {
            assert!(guide.contains(&format!("\n### {name}\n")), "{name}");
        }
        for ty in ValueType::NAMES {
            assert!(guide.contains(&format!("`{ty}`")), "{ty}");
        }
    }

    #[test]
    fn an_empty_report_does_not_pass() {
        assert!(!Report::default().passed());
    }
}
