//! The data-quality audit behind `mlpath audit`: a table's missing cells, duplicate
//! rows, constant and mixed-type columns, outliers, class imbalance, leaky features and
//! train–test contamination, each as a [`Finding`] with the rows it concerns. See
//! `docs/audit.md` for every check's definition and defaults.
//!
//! The engine reads tables that the one data path ([`crate::ml::io`]) has already
//! read as text and knows nothing of terminals. Rows are named twice: `row`, the 0-based
//! data row (as pandas numbers them), and `line`, the 1-based line in the file (the
//! header is line 1).
//!
//! - [`encode`]: every column's cells classified (missing, number, text) and coded as
//!   small integers, the identity every other check compares.
//! - [`missing`], [`duplicates`], [`columns`], [`outliers`], [`target`]: the checks.
//! - [`label_issues`]: candidate label errors by confident learning.
//! - [`schema`]: each column's name, type and categories, their fingerprint, and the
//!   `schema_change` findings against a baseline.
//! - [`datasheet`]: a Markdown datasheet skeleton pre-filled with what can be measured.

mod columns;
mod duplicates;
mod encode;
mod hash;
mod label_issues;
mod missing;
mod outliers;
mod schema;
mod target;
mod tree_leak;

pub mod datasheet;
pub mod fixes;
pub mod score;

use serde::Serialize;

use crate::ml::io::{DataError, Table, name_list};

pub use encode::{MISSING_TOKENS, is_null_token};
pub use label_issues::{LABEL_SEED, LabelIssue, RankedIssue, confident_learning};
pub use schema::{ColumnSchema, MAX_CATEGORIES, compare as compare_schemas, fingerprint, schema};

/// How many rows a finding lists; its `count` is always the exact number.
pub const MAX_LISTED_ROWS: usize = 20;
/// A value is an outlier when it lies more than this many scaled MADs from the median.
pub const OUTLIER_K: f64 = 3.5;
/// The MAD is multiplied by this so that it estimates the standard deviation of normal
/// data (1 / Φ⁻¹(3/4)).
pub const MAD_SCALE: f64 = 1.4826;
/// A column is near-constant when its most common value fills at least this share of
/// the rows.
pub const NEAR_CONSTANT_SHARE: f64 = 0.99;
/// A numeric feature leaks when its ROC AUC against a two-class target (or 1 − AUC) is
/// at least this.
pub const LEAKAGE_AUC: f64 = 0.99;
/// A feature leaks when a tree that sees only it reaches this cross-validated accuracy
/// (and a tenth of the majority guess's error; see `tree_leak`).
pub const LEAKAGE_ACCURACY: f64 = 0.99;
/// A target with at most this many distinct values is read as classes.
pub const MAX_TARGET_CLASSES: usize = 20;
/// Imbalance is a warning when the majority class has at least this many rows per row
/// of the minority class.
pub const IMBALANCE_RATIO: f64 = 4.0;

/// What the audit is told beyond the table.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AuditOptions {
    /// The target column, if the table has one.
    pub target: Option<String>,
    /// Columns the user knows are recorded only after the outcome (`--after`): each is
    /// a `leakage` error and is left out of the label issues' model.
    pub after: Vec<String>,
}

/// How serious a finding is. Ordered: `Info < Warning < Error`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn name(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// A row of a table: its 0-based data row and its 1-based line in the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct RowRef {
    pub row: usize,
    pub line: u64,
}

/// One row a finding lists, with what it relates to.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ListedRow {
    pub row: usize,
    pub line: u64,
    /// The earlier row this one repeats (duplicates, conflicting labels).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub repeats: Option<RowRef>,
    /// The same row in the test file (contamination).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub test: Option<RowRef>,
    /// The cell's text (mixed types, outliers, missing tokens).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
}

/// One problem the audit found.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    pub check: &'static str,
    pub severity: Severity,
    pub column: Option<String>,
    /// The exact number of affected rows (or cells); `rows` lists the first
    /// [`MAX_LISTED_ROWS`] of them.
    pub count: usize,
    pub rows: Vec<ListedRow>,
    pub message: String,
    pub hint: String,
}

/// The audit of one table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub rows: usize,
    pub columns: usize,
    pub target: Option<String>,
    pub findings: Vec<Finding>,
    /// Candidate label errors, most suspect first (with a target of classes).
    pub label_issues: Vec<LabelIssue>,
    /// Every column's name, type and (text with few values) categories.
    pub schema: Vec<ColumnSchema>,
    /// A short hash of `schema` (see [`fingerprint`]).
    pub schema_fingerprint: String,
}

impl Report {
    /// The most serious finding's severity, if there is any finding.
    pub fn worst(&self) -> Option<Severity> {
        self.findings.iter().map(|f| f.severity).max()
    }
}

/// Why a table cannot be audited.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum AuditError {
    #[error(transparent)]
    Data(#[from] DataError),
}

/// Audits `table` (and, when given, its `test` file for contamination).
pub fn audit(
    table: &Table,
    test: Option<&Table>,
    options: &AuditOptions,
) -> Result<Report, AuditError> {
    let target = match &options.target {
        Some(name) => Some(table.column_index(name).map_err(|e| {
            e.with_hint(format!(
                "--target names a column of the table; its columns are: {}",
                name_list(&table.headers)
            ))
        })?),
        None => None,
    };
    let mut after = Vec::new();
    for name in &options.after {
        let column = table.column_index(name).map_err(|e| {
            e.with_hint(format!(
                "--after names columns of the table; its columns are: {}",
                name_list(&table.headers)
            ))
        })?;
        if Some(column) == target {
            return Err(DataError::new(
                &table.source,
                format!("--after names the target '{name}'"),
            )
            .with_hint("--after lists features recorded after the outcome, not the outcome itself")
            .into());
        }
        if !after.contains(&column) {
            after.push(column);
        }
    }
    let test_order = match test {
        Some(test) => Some(duplicates::test_column_order(table, test)?),
        None => None,
    };
    let coded = encode::CodedTable::new(table, target);
    let mut findings = Vec::new();
    missing::check(table, &coded, &mut findings);
    duplicates::check(table, &coded, &mut findings);
    columns::check(table, &coded, &mut findings);
    outliers::check(table, &coded, &mut findings);
    for &column in &after {
        findings.push(target::recorded_after(table, column));
    }
    let mut label_issues = Vec::new();
    if let Some(target) = target {
        target::check(table, &coded, target, &after, &mut findings);
        if target::is_classes(&coded, target) {
            label_issues = labels(table, &coded, target, &mut findings);
        }
    }
    if let (Some(test), Some(order)) = (test, test_order) {
        duplicates::contamination(table, &coded, test, &order, &mut findings);
    }
    let schema = schema::of_coded(table, &coded);
    Ok(Report {
        schema_fingerprint: fingerprint(&schema),
        schema,
        rows: table.n_rows(),
        columns: table.headers.len(),
        target: options.target.clone(),
        findings,
        label_issues,
    })
}

/// Looks for label issues and adds their finding (or why none were looked for).
fn labels(
    table: &Table,
    coded: &encode::CodedTable,
    target: usize,
    findings: &mut Vec<Finding>,
) -> Vec<LabelIssue> {
    let column = Some(table.headers[target].clone());
    let leaky: Vec<usize> = findings
        .iter()
        .filter(|f| f.check == "leakage")
        .filter_map(|f| f.column.as_deref())
        .filter_map(|name| table.headers.iter().position(|h| h == name))
        .collect();
    match label_issues::find(table, coded, target, &leaky) {
        Ok(issues) => {
            if !issues.is_empty() {
                let labelled = table.n_rows() - coded.profiles[target].missing;
                findings.push(Finding {
                    check: "label_issues",
                    severity: Severity::Warning,
                    column,
                    count: issues.len(),
                    rows: issues
                        .iter()
                        .take(MAX_LISTED_ROWS)
                        .map(|issue| ListedRow {
                            value: Some(format!("{} → {}", issue.given, issue.suggested)),
                            ..plain_row(table, issue.row)
                        })
                        .collect(),
                    message: format!(
                        "{} ({}) {} a label that cross-validated predictions confidently \
                         disagree with (confident learning), most suspect first",
                        counted(issues.len(), "row", "rows"),
                        percent(issues.len(), labelled),
                        if issues.len() == 1 { "has" } else { "have" }
                    ),
                    hint: "review these labels by hand, most suspect first; fix the wrong ones \
                           rather than dropping rows blindly"
                        .to_string(),
                });
            }
            issues
        }
        Err(reason) => {
            findings.push(Finding {
                check: "label_issues",
                severity: Severity::Info,
                column,
                count: 0,
                rows: Vec::new(),
                message: format!("label issues were not looked for: {reason}"),
                hint: "label issues need a numeric feature and at least 5 rows per class"
                    .to_string(),
            });
            Vec::new()
        }
    }
}

/// The first [`MAX_LISTED_ROWS`] of `rows` as listed rows.
fn listed(table: &Table, rows: impl IntoIterator<Item = usize>) -> Vec<ListedRow> {
    rows.into_iter()
        .take(MAX_LISTED_ROWS)
        .map(|row| plain_row(table, row))
        .collect()
}

fn plain_row(table: &Table, row: usize) -> ListedRow {
    ListedRow {
        row,
        line: table.lines[row],
        repeats: None,
        test: None,
        value: None,
    }
}

fn row_ref(table: &Table, row: usize) -> RowRef {
    RowRef {
        row,
        line: table.lines[row],
    }
}

/// `n` and the noun, singular for one: "1 row", "3 rows".
fn counted(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// A share as a percentage with one decimal.
fn percent(part: usize, whole: usize) -> String {
    format!("{:.1} %", 100.0 * part as f64 / whole.max(1) as f64)
}

/// A cell for a message: quoted, capped in length.
fn quoted(cell: &str) -> String {
    const CHARS: usize = 30;
    if cell.chars().count() > CHARS {
        format!("'{}…'", cell.chars().take(CHARS - 1).collect::<String>())
    } else {
        format!("'{cell}'")
    }
}

#[cfg(test)]
mod tests;
