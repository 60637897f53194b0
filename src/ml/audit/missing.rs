//! `missing`: the missing cells of each column and the tokens that spell them; a column
//! that spells "no value" in more than one way is also its own `missing_tokens` finding.

use super::encode::{CodedTable, MISSING, Token};
use super::{Finding, ListedRow, MAX_LISTED_ROWS, Severity, percent, quoted};
use crate::ml::io::Table;

/// How a token is named in a message.
fn token_name(token: &str) -> String {
    if token.is_empty() {
        "empty".to_string()
    } else {
        quoted(token)
    }
}

fn token_list(tokens: &[Token]) -> String {
    tokens
        .iter()
        .map(|t| format!("{} ×{}", token_name(&t.text), t.count))
        .collect::<Vec<_>>()
        .join(", ")
}

pub(super) fn check(table: &Table, coded: &CodedTable, findings: &mut Vec<Finding>) {
    let n = table.n_rows();
    for (slot, &column) in coded.order.iter().enumerate() {
        let profile = &coded.profiles[column];
        if profile.missing == 0 {
            continue;
        }
        let name = &table.headers[column];
        let cells = table.text(column);
        let rows: Vec<ListedRow> = (0..n)
            .filter(|&r| coded.row(r)[slot] == MISSING)
            .take(MAX_LISTED_ROWS)
            .map(|row| ListedRow {
                value: Some(cells[row].to_string()),
                ..super::plain_row(table, row)
            })
            .collect();
        let tokens = token_list(&profile.tokens);
        findings.push(Finding {
            check: "missing",
            severity: Severity::Warning,
            column: Some(name.clone()),
            count: profile.missing,
            rows,
            message: format!(
                "{} of {n} cells missing ({}): {tokens}",
                profile.missing,
                percent(profile.missing, n)
            ),
            hint: "fill the cells (an imputer fitted on the training rows only) or drop the \
                   rows or the column; say why in the dataset's documentation"
                .to_string(),
        });
        if profile.tokens.len() > 1 {
            // The first row of each token after the first, so that every spelling is seen.
            let mut rows = Vec::new();
            for token in &profile.tokens {
                if let Some(row) = (0..n).find(|&r| cells[r] == token.text) {
                    rows.push(ListedRow {
                        value: Some(token.text.clone()),
                        ..super::plain_row(table, row)
                    });
                }
            }
            findings.push(Finding {
                check: "missing_tokens",
                severity: Severity::Warning,
                column: Some(name.clone()),
                count: profile.tokens.len(),
                rows: rows.into_iter().take(MAX_LISTED_ROWS).collect(),
                message: format!(
                    "{} spellings of a missing value: {tokens}",
                    profile.tokens.len()
                ),
                hint: "use one spelling for a missing value (an empty cell); other tools may \
                       read the others as text"
                    .to_string(),
            });
        }
    }
}
