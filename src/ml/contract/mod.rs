//! Data contracts: what a table's columns must hold, written as TOML, and the check of
//! a [`Table`] against one. The idea behind Great Expectations suites, TFX Data
//! Validation schemas and dbt model contracts, reduced to what a CSV file can promise:
//!
//! ```toml
//! [[columns]]
//! name = "age_years"
//! type = "number"          # "number" | "integer" | "text"
//! required = true          # default true: the column must be present
//! min = 18                 # numbers only, inclusive
//! max = 100
//! allowed = ["yes", "no"]  # text only: the closed set of values
//! max_missing = 0.0        # share 0..=1 of missing cells, default 0
//! ```
//!
//! A cell is missing when it is one of the audit's null tokens
//! ([`crate::ml::audit::is_null_token`]); every other cell is held to the column's
//! type, range and allowed values. [`parse`] reports a bad contract at its line and
//! column; [`validate`] lists every broken promise with its count and first rows.

mod parse;
mod validate;

pub use parse::parse;
pub use validate::validate;

use serde::Serialize;

/// How many offending rows a violation lists; its `count` is always exact.
pub const MAX_EXAMPLES: usize = 5;

/// What the cells of a column must be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ColumnType {
    /// Every cell that is not missing is a finite number.
    Number,
    /// A number with no fractional part.
    Integer,
    /// Anything.
    Text,
}

impl ColumnType {
    pub const NAMES: [&'static str; 3] = ["number", "integer", "text"];

    pub fn parse(name: &str) -> Option<ColumnType> {
        match name {
            "number" => Some(ColumnType::Number),
            "integer" => Some(ColumnType::Integer),
            "text" => Some(ColumnType::Text),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        Self::NAMES[self as usize]
    }

    pub fn is_numeric(self) -> bool {
        self != ColumnType::Text
    }
}

/// A 1-based line and column (in characters) in the contract file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Place {
    pub line: usize,
    pub col: usize,
}

/// What one column must hold.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ColumnRule {
    pub name: String,
    #[serde(rename = "type")]
    pub ty: ColumnType,
    pub required: bool,
    pub min: Option<f64>,
    pub max: Option<f64>,
    /// The closed set of values of a text column; empty means any.
    pub allowed: Vec<String>,
    /// The largest share (0 to 1) of missing cells.
    pub max_missing: f64,
    /// Where the rule's `name` is written.
    pub at: Place,
}

/// A parsed contract: one rule per column, in the file's order.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Contract {
    pub columns: Vec<ColumnRule>,
}

/// A contract file that cannot be used, at its line and column.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}:{}: {message}", at.line, at.col)]
pub struct ContractError {
    pub at: Place,
    pub message: String,
}

/// The kind of promise a table broke.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ViolationKind {
    /// A required column is not in the table.
    MissingColumn,
    /// Cells that are not of the column's type.
    Type,
    /// Numbers below `min` or above `max`.
    Range,
    /// Text outside `allowed`.
    Allowed,
    /// More missing cells than `max_missing` allows.
    Missing,
}

impl ViolationKind {
    pub const NAMES: [&'static str; 5] = ["missing_column", "type", "range", "allowed", "missing"];

    pub fn parse(name: &str) -> Option<ViolationKind> {
        use ViolationKind::*;
        const ALL: [ViolationKind; 5] = [MissingColumn, Type, Range, Allowed, Missing];
        Self::NAMES.iter().position(|n| *n == name).map(|i| ALL[i])
    }

    pub fn name(self) -> &'static str {
        Self::NAMES[self as usize]
    }
}

/// One offending cell.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Example {
    /// The 0-based data row.
    pub row: usize,
    /// The 1-based line in the data file (the header is line 1).
    pub line: u64,
    /// The cell as written.
    pub value: String,
}

/// One broken promise.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Violation {
    pub column: String,
    pub kind: ViolationKind,
    /// Offending cells (for `missing_column`, 0).
    pub count: usize,
    /// The first offending cells, at most [`MAX_EXAMPLES`].
    pub examples: Vec<Example>,
    /// What was promised and what was found, one line.
    pub message: String,
    /// Where the column's rule is written in the contract.
    pub rule_at: Place,
}

#[cfg(test)]
mod tests;
