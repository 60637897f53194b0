//! Fixes for audit findings, applied to a copy of a table: the mechanical repairs a
//! finding's hint describes, one per kind of finding that has a safe rule.
//!
//! Findings without a fix are left to a person on purpose: an outlier is not an error
//! until someone who knows the data says so, a suspected wrong label needs its record
//! looked at before it is changed, and conflicting labels or a skewed class balance
//! need a decision about the data, not a rule.
//!
//! Missing cells are dropped with their rows rather than filled: a fill value (a
//! median) must be learned from the training rows only, and these fixes are applied to
//! the whole table before any split; dropping a row learns nothing from the others.

use super::{Finding, Table, is_null_token};
use crate::ml::io::{TextColumn, parse_number_str};

/// One repair of a table.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Fix {
    /// `mixed_types`: read a decimal comma (`2019,0`) as a point; any other text in the
    /// column becomes a missing cell.
    ReadDecimalCommas(String),
    /// `missing_tokens`: write every spelling of a missing value (`NA`, `?`) as an
    /// empty cell.
    OneMissingSpelling(String),
    /// `constant` and `leakage`: leave the column out.
    DropColumn(String),
    /// `missing`: drop the rows with a missing cell in the column.
    DropRowsMissing(String),
    /// `duplicates`: drop every row that repeats an earlier row in every column.
    DropDuplicates,
}

impl Fix {
    /// The fix a finding offers, if it offers one.
    pub fn for_finding(finding: &Finding) -> Option<Fix> {
        let column = finding.column.clone();
        match finding.check {
            "duplicates" => Some(Fix::DropDuplicates),
            "missing" => column.map(Fix::DropRowsMissing),
            "missing_tokens" => column.map(Fix::OneMissingSpelling),
            "mixed_types" => column.map(Fix::ReadDecimalCommas),
            "constant" | "leakage" => column.map(Fix::DropColumn),
            _ => None,
        }
    }

    /// What the fix does, in a few words.
    pub fn describe(&self) -> String {
        match self {
            Fix::ReadDecimalCommas(_) => "read 2019,0 as 2019.0".to_string(),
            Fix::OneMissingSpelling(_) => "write NA and ? as empty".to_string(),
            Fix::DropColumn(c) => format!("drop column {c}"),
            Fix::DropRowsMissing(_) => "drop rows missing it".to_string(),
            Fix::DropDuplicates => "drop the repeated rows".to_string(),
        }
    }

    /// The order fixes apply in: cells first, then columns, then rows.
    fn stage(&self) -> u8 {
        match self {
            Fix::ReadDecimalCommas(_) | Fix::OneMissingSpelling(_) => 0,
            Fix::DropColumn(_) => 1,
            Fix::DropRowsMissing(_) => 2,
            Fix::DropDuplicates => 3,
        }
    }
}

/// A copy of `table` with `fixes` applied: cell rewrites, then dropped columns, then
/// dropped rows (missing cells, then repeats). Each row keeps its line in the file, so
/// a row of the result names the row of the original it came from. A fix naming a
/// column the table does not have changes nothing.
pub fn apply(table: &Table, fixes: &[Fix]) -> Table {
    let mut fixes: Vec<&Fix> = fixes.iter().collect();
    fixes.sort_by_key(|f| f.stage());
    let mut out = table.clone();
    for fix in fixes {
        match fix {
            Fix::ReadDecimalCommas(c) => rewrite(&mut out, c, decimal_comma),
            Fix::OneMissingSpelling(c) => rewrite(&mut out, c, |cell| {
                if is_null_token(cell) {
                    String::new()
                } else {
                    cell.to_string()
                }
            }),
            Fix::DropColumn(c) => {
                if let Some(i) = out.headers.iter().position(|h| h == c) {
                    out.headers.remove(i);
                    out.columns.remove(i);
                }
            }
            Fix::DropRowsMissing(c) => {
                if let Some(i) = out.headers.iter().position(|h| h == c) {
                    let keep: Vec<usize> = (0..out.n_rows())
                        .filter(|&r| !is_null_token(&out.columns[i][r]))
                        .collect();
                    out = out.select_rows(&keep);
                }
            }
            Fix::DropDuplicates => {
                let mut seen = std::collections::HashSet::new();
                let keep: Vec<usize> = (0..out.n_rows())
                    .filter(|&r| seen.insert(row_key(&out, r)))
                    .collect();
                out = out.select_rows(&keep);
            }
        }
    }
    out
}

/// A row's identity for repeats: its cells, numbers by value (`2019` and `2019.0` are
/// one value, as the audit compares them).
fn row_key(table: &Table, row: usize) -> Vec<String> {
    table
        .columns
        .iter()
        .map(|c| {
            let cell = &c[row];
            match parse_number_str(cell) {
                Some(v) => format!("{v:?}"),
                None if is_null_token(cell) => String::new(),
                None => format!("'{cell}"),
            }
        })
        .collect()
}

fn rewrite(table: &mut Table, column: &str, f: impl Fn(&str) -> String) {
    if let Some(i) = table.headers.iter().position(|h| h == column) {
        let cells: Vec<String> = table.columns[i].iter().map(&f).collect();
        table.columns[i] = cells.iter().map(String::as_str).collect::<TextColumn>();
    }
}

/// `2019,0` as `2019.0`; a number as it is; a missing cell as it is; other text as a
/// missing cell.
fn decimal_comma(cell: &str) -> String {
    if parse_number_str(cell).is_some() || is_null_token(cell) {
        return cell.to_string();
    }
    let pointed = cell.replacen(',', ".", 1);
    if cell.matches(',').count() == 1 && parse_number_str(&pointed).is_some() {
        pointed
    } else {
        String::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(text: &str) -> Table {
        Table::from_reader("t.csv", text.as_bytes()).unwrap()
    }

    #[test]
    fn decimal_commas_become_points_and_other_text_missing() {
        let t = table("a,b\n\"2019,0\",1\n12.5,2\nabc,3\nNA,4\n");
        let fixed = apply(&t, &[Fix::ReadDecimalCommas("a".into())]);
        assert_eq!(fixed.text(0).to_vec(), ["2019.0", "12.5", "", "NA"]);
        assert_eq!(fixed.lines, t.lines);
    }

    #[test]
    fn rows_drop_after_cells_are_rewritten_and_keep_their_lines() {
        let t = table("a,b,c\n1,x,k\n?,y,k\n1.0,x,k\n2,z,k\n");
        let fixes = [
            Fix::DropDuplicates,
            Fix::DropRowsMissing("a".into()),
            Fix::DropColumn("c".into()),
        ];
        let fixed = apply(&t, &fixes);
        assert_eq!(fixed.headers, ["a", "b"]);
        // `1` and `1.0` are one value, so line 4 repeats line 2.
        assert_eq!(fixed.lines, [2, 5]);
    }

    #[test]
    fn one_spelling_of_missing() {
        let t = table("a\n1\nNA\n?\n\n3\n");
        let fixed = apply(&t, &[Fix::OneMissingSpelling("a".into())]);
        assert_eq!(fixed.text(0).to_vec(), ["1", "", "", "3"]);
    }
}
