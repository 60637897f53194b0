//! The `data_contract` checker: the learner's file is a data contract
//! ([`crate::ml::contract`]) that the clean bundled dataset passes and a corrupted
//! batch of it fails, catching each planted problem the lesson lists.

use super::{Outcome, Pos, Report, Requirement};
use crate::ml::contract::{self, Contract, Place, Violation, ViolationKind};
use crate::ml::datasets;
use crate::ml::io::Table;
use crate::sanitize::clean_line;

/// The parameters of a `data_contract` check.
#[derive(Debug, Clone, PartialEq)]
pub struct DataContractParams {
    /// The bundled dataset the contract describes; it must pass.
    pub clean: String,
    /// A bundled corrupted batch of it; it must fail.
    pub batch: String,
    /// The planted problems the contract must catch, in the order the learner sees them.
    pub catch: Vec<Catch>,
}

/// A planted problem: a kind of violation in one column.
#[derive(Debug, Clone, PartialEq)]
pub struct Catch {
    pub column: String,
    pub problem: ViolationKind,
    /// Why it matters, in the lesson's words (may be empty).
    pub why: String,
}

const NOT_YET: &str = "fix the contract first";

fn pos(at: Place) -> Pos {
    Pos {
        line: at.line,
        col: at.col,
    }
}

fn unmet(reason: String, at: Option<Pos>) -> Outcome {
    Outcome::Unmet { reason, at }
}

fn req(what: String, why: &str, outcome: Outcome) -> Requirement {
    Requirement {
        what,
        why: why.to_string(),
        outcome,
    }
}

/// Checks the learner's contract against the bundled datasets the params name.
pub fn check(params: &DataContractParams, text: &str) -> Report {
    match (datasets::load(&params.clean), datasets::load(&params.batch)) {
        (Ok(clean), Ok(batch)) => check_tables(params, &clean, &batch, text),
        (Err(e), _) | (_, Err(e)) => Report {
            requirements: vec![req(
                "the bundled datasets load".to_string(),
                "",
                unmet(clean_line(&e.to_string()), None),
            )],
        },
    }
}

/// What each requirement says, in order: the texts of [`check_tables`]'s report.
fn whats(params: &DataContractParams) -> Vec<String> {
    let mut out = vec![
        "the file is a valid data contract".to_string(),
        format!("every column it names is in `{}`", params.clean),
        format!("the clean data `{}` passes it", params.clean),
        format!("the corrupted batch `{}` fails it", params.batch),
    ];
    out.extend(
        params
            .catch
            .iter()
            .map(|c| format!("catches {} in `{}`", c.problem.name(), c.column)),
    );
    out
}

fn whys(params: &DataContractParams) -> Vec<&str> {
    let mut out = vec![""; 4];
    out.extend(params.catch.iter().map(|c| c.why.as_str()));
    out
}

/// [`check`] with the tables given (for tests and for data outside the bundle).
pub fn check_tables(
    params: &DataContractParams,
    clean: &Table,
    batch: &Table,
    text: &str,
) -> Report {
    let whats = whats(params);
    let whys = whys(params);
    let outcomes = match contract::parse(text) {
        Err(e) => {
            let mut outcomes = vec![unmet(clean_line(&e.message), Some(pos(e.at)))];
            outcomes.extend((1..whats.len()).map(|_| unmet(NOT_YET.to_string(), None)));
            outcomes
        }
        Ok(c) => outcomes(params, &c, clean, batch),
    };
    Report {
        requirements: whats
            .into_iter()
            .zip(whys)
            .zip(outcomes)
            .map(|((what, why), outcome)| req(what, why, outcome))
            .collect(),
    }
}

fn outcomes(
    params: &DataContractParams,
    c: &Contract,
    clean: &Table,
    batch: &Table,
) -> Vec<Outcome> {
    let mut out = vec![Outcome::Met];
    let absent = c
        .columns
        .iter()
        .find(|r| r.required && !clean.headers.iter().any(|h| h.trim() == r.name));
    out.push(match absent {
        None => Outcome::Met,
        Some(r) => unmet(
            format!(
                "`{}` is not a column of `{}`; check the spelling against the data, or mark \
                 the rule `required = false`",
                clean_line(&r.name),
                params.clean
            ),
            Some(pos(r.at)),
        ),
    });
    let on_clean = contract::validate(c, clean);
    out.push(match on_clean.first() {
        None => Outcome::Met,
        Some(v) => unmet(format!("too strict: {}", describe(v)), Some(pos(v.rule_at))),
    });
    let on_batch = contract::validate(c, batch);
    out.push(if on_batch.is_empty() {
        unmet(
            "too loose: the corrupted batch passes every rule; tighten the types, ranges, \
             allowed values and missing shares"
                .to_string(),
            None,
        )
    } else {
        Outcome::Met
    });
    for catch in &params.catch {
        let caught = on_batch
            .iter()
            .any(|v| v.kind == catch.problem && v.column == catch.column);
        out.push(if caught {
            Outcome::Met
        } else {
            let rule = c.columns.iter().find(|r| r.name == catch.column);
            let column = clean_line(&catch.column);
            match rule {
                None => unmet(
                    format!(
                        "the contract has no rule for `{column}`; add a `[[columns]]` rule for it"
                    ),
                    None,
                ),
                Some(r) => unmet(
                    format!(
                        "the rule for `{column}` lets this through: {}",
                        hint(catch.problem)
                    ),
                    Some(pos(r.at)),
                ),
            }
        });
    }
    out
}

/// How a rule would catch a kind of problem, without naming the planted values.
fn hint(kind: ViolationKind) -> &'static str {
    match kind {
        ViolationKind::MissingColumn => {
            "the column must be required (`required = true`, the default)"
        }
        ViolationKind::Type => {
            "its `type` accepts every cell of the batch; which type do the clean values have?"
        }
        ViolationKind::Range => "give it a `min` and a `max` that hold the clean values",
        ViolationKind::Allowed => "list the clean values in `allowed`",
        ViolationKind::Missing => {
            "`max_missing` allows as many blanks as the batch has; the clean data has how many?"
        }
    }
}

/// A violation in one line: column, kind, count and the first example.
pub fn describe(v: &Violation) -> String {
    let mut text = format!(
        "`{}` ({}): {}",
        clean_line(&v.column),
        v.kind.name(),
        v.message
    );
    if let Some(e) = v.examples.first() {
        let value = if e.value.is_empty() {
            "(empty)".to_string()
        } else {
            format!("`{}`", e.value)
        };
        text.push_str(&format!("; e.g. row {} (line {}): {value}", e.row, e.line));
    }
    text
}

#[cfg(test)]
mod tests;
