//! Columns as a whole: `constant` (one value in every non-missing cell),
//! `near_constant` (the most common value fills at least [`NEAR_CONSTANT_SHARE`] of the
//! rows) and `mixed_types` (numbers and text in one column).

use super::encode::{CodedTable, Kind};
use super::{Finding, ListedRow, MAX_LISTED_ROWS, NEAR_CONSTANT_SHARE, Severity, percent, quoted};
use crate::ml::io::{Table, parse_number_str};

pub(super) fn check(table: &Table, coded: &CodedTable, findings: &mut Vec<Finding>) {
    let n = table.n_rows();
    for (slot, &column) in coded.order.iter().enumerate() {
        let profile = &coded.profiles[column];
        let name = &table.headers[column];
        let cells = table.text(column);
        if profile.distinct() == 1 {
            let value = &cells[profile.first_row[1]];
            findings.push(Finding {
                check: "constant",
                severity: Severity::Warning,
                column: Some(name.clone()),
                count: n - profile.missing,
                rows: Vec::new(),
                message: format!("every non-missing cell is {}", quoted(value)),
                hint: "drop the column: a single value tells a model nothing".to_string(),
            });
        } else if profile.distinct() > 1 {
            let (code, &top) = profile
                .counts
                .iter()
                .enumerate()
                .skip(1)
                .max_by_key(|&(code, &count)| (count, std::cmp::Reverse(code)))
                .expect("two values");
            if top as f64 >= NEAR_CONSTANT_SHARE * n as f64 {
                let value = &cells[profile.first_row[code]];
                let others = (0..n).filter(|&r| {
                    let c = coded.row(r)[slot];
                    c != code as u32 && c != super::encode::MISSING
                });
                findings.push(Finding {
                    check: "near_constant",
                    severity: Severity::Info,
                    column: Some(name.clone()),
                    count: n - top - profile.missing,
                    rows: others
                        .take(MAX_LISTED_ROWS)
                        .map(|row| ListedRow {
                            value: Some(cells[row].to_string()),
                            ..super::plain_row(table, row)
                        })
                        .collect(),
                    message: format!(
                        "{} of the rows hold {}; {} hold another value",
                        percent(top, n),
                        quoted(value),
                        n - top - profile.missing
                    ),
                    hint: "check that the column carries information; a rare value seen a \
                           few times is easy to overfit"
                        .to_string(),
                });
            }
        }
        if profile.kind == Kind::Mixed {
            findings.push(mixed(table, column, profile.numbers, profile.texts));
        }
    }
}

/// The finding for a column of numbers and text: the rows of the rarer kind.
fn mixed(table: &Table, column: usize, numbers: usize, texts: usize) -> Finding {
    let cells = table.text(column);
    let text_is_rare = texts <= numbers;
    let is_rare = |cell: &str| {
        !super::encode::is_null_token(cell) && (parse_number_str(cell).is_none() == text_is_rare)
    };
    let rows: Vec<ListedRow> = (0..cells.len())
        .filter(|&r| is_rare(&cells[r]))
        .take(MAX_LISTED_ROWS)
        .map(|row| ListedRow {
            value: Some(cells[row].to_string()),
            ..super::plain_row(table, row)
        })
        .collect();
    let examples: Vec<String> = rows
        .iter()
        .take(3)
        .map(|r| {
            format!(
                "{} (line {})",
                quoted(r.value.as_deref().unwrap_or("")),
                r.line
            )
        })
        .collect();
    let (rare, common) = if text_is_rare {
        ("text", "numbers")
    } else {
        ("numbers", "text")
    };
    Finding {
        check: "mixed_types",
        severity: Severity::Error,
        column: Some(table.headers[column].clone()),
        count: numbers.min(texts),
        rows,
        message: format!(
            "{numbers} numbers and {texts} text cells; the {rare} include {}",
            examples.join(", ")
        ),
        hint: format!(
            "make the column all {common}: fix or blank the {rare} cells (a unit, a typo, a \
             placeholder such as 'unknown')"
        ),
    }
}
