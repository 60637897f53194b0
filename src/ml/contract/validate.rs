//! Checking a table against a contract.

use super::{ColumnRule, ColumnType, Contract, Example, MAX_EXAMPLES, Violation, ViolationKind};
use crate::ml::audit::is_null_token;
use crate::ml::io::{Table, parse_number_str};
use crate::sanitize::clean_line;

/// Offending cells of one kind in one column, as they are found.
struct Tally {
    count: usize,
    examples: Vec<Example>,
}

impl Tally {
    fn new() -> Tally {
        Tally {
            count: 0,
            examples: Vec::new(),
        }
    }

    fn add(&mut self, table: &Table, row: usize, value: &str) {
        self.count += 1;
        if self.examples.len() < MAX_EXAMPLES {
            self.examples.push(Example {
                row,
                line: table.lines[row],
                value: clean_line(value).chars().take(60).collect(),
            });
        }
    }
}

/// Every promise of `contract` that `table` breaks, rule by rule in the contract's
/// order, and within a rule: type, range, allowed, missing.
pub fn validate(contract: &Contract, table: &Table) -> Vec<Violation> {
    let mut out = Vec::new();
    for rule in &contract.columns {
        let Some(c) = table.headers.iter().position(|h| h.trim() == rule.name) else {
            if rule.required {
                out.push(Violation {
                    column: rule.name.clone(),
                    kind: ViolationKind::MissingColumn,
                    count: 0,
                    examples: Vec::new(),
                    message: format!(
                        "no column named `{}` in {}",
                        clean_line(&rule.name),
                        clean_line(&table.source)
                    ),
                    rule_at: rule.at,
                });
            }
            continue;
        };
        check_column(rule, table, c, &mut out);
    }
    out
}

fn check_column(rule: &ColumnRule, table: &Table, c: usize, out: &mut Vec<Violation>) {
    let (mut ty, mut range, mut allowed, mut missing) =
        (Tally::new(), Tally::new(), Tally::new(), Tally::new());
    for (row, cell) in table.text(c).iter().enumerate() {
        if is_null_token(cell) {
            missing.add(table, row, cell);
            continue;
        }
        match rule.ty {
            ColumnType::Number | ColumnType::Integer => {
                let x = parse_number_str(cell).filter(|x| x.is_finite());
                let Some(x) = x.filter(|x| rule.ty == ColumnType::Number || x.fract() == 0.0)
                else {
                    ty.add(table, row, cell);
                    continue;
                };
                if rule.min.is_some_and(|lo| x < lo) || rule.max.is_some_and(|hi| x > hi) {
                    range.add(table, row, cell);
                }
            }
            ColumnType::Text => {
                if !rule.allowed.is_empty() && !rule.allowed.iter().any(|a| a == cell) {
                    allowed.add(table, row, cell);
                }
            }
        }
    }
    let name = clean_line(&rule.name);
    let mut push = |kind, tally: Tally, message: String| {
        if tally.count > 0 {
            out.push(Violation {
                column: rule.name.clone(),
                kind,
                count: tally.count,
                examples: tally.examples,
                message,
                rule_at: rule.at,
            });
        }
    };
    let n = ty.count;
    push(
        ViolationKind::Type,
        ty,
        format!("{n} {} in `{name}` not {}", cells(n), article(rule.ty)),
    );
    let n = range.count;
    push(
        ViolationKind::Range,
        range,
        format!("{n} {} in `{name}` outside {}", values(n), bounds(rule)),
    );
    let n = allowed.count;
    push(
        ViolationKind::Allowed,
        allowed,
        format!("{n} {} in `{name}` not among the allowed values", values(n)),
    );
    let rows = table.n_rows();
    let share = if rows == 0 {
        0.0
    } else {
        missing.count as f64 / rows as f64
    };
    if share > rule.max_missing + 1e-12 {
        let n = missing.count;
        push(
            ViolationKind::Missing,
            missing,
            format!(
                "{n} of {rows} {} in `{name}` missing ({:.1} %), more than the {} % allowed",
                cells(rows),
                share * 100.0,
                rule.max_missing * 100.0
            ),
        );
    }
}

fn cells(n: usize) -> &'static str {
    if n == 1 { "cell" } else { "cells" }
}

fn values(n: usize) -> &'static str {
    if n == 1 { "value" } else { "values" }
}

fn article(ty: ColumnType) -> &'static str {
    match ty {
        ColumnType::Number => "a number",
        ColumnType::Integer => "an integer",
        ColumnType::Text => "text",
    }
}

fn bounds(rule: &ColumnRule) -> String {
    match (rule.min, rule.max) {
        (Some(lo), Some(hi)) => format!("{lo} to {hi}"),
        (Some(lo), None) => format!("at least {lo}"),
        (None, Some(hi)) => format!("at most {hi}"),
        (None, None) => "any range".to_string(),
    }
}
