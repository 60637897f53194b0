//! Rows that repeat: `duplicates` (a row equal in every column to an earlier one, as
//! pandas' `duplicated()` marks them), `conflicting_labels` (rows equal in every feature
//! but with different targets) and `contamination` (rows of the test file that are also
//! in the training file).

use std::collections::{HashMap, HashSet};

use super::encode::{CodedTable, MISSING};
use super::hash::{FastMap, map_with_capacity};
use super::{Finding, ListedRow, Severity, counted, listed, percent, row_ref};
use crate::ml::io::{DataError, Table, name_list};

/// For each row, the first earlier row with the same codes in `width` leading columns
/// (`None` for a row seen first).
fn first_copies(coded: &CodedTable, n: usize, width: usize) -> Vec<Option<usize>> {
    let mut first: FastMap<&[u32], usize> = map_with_capacity(n);
    (0..n)
        .map(|row| {
            let earlier = *first.entry(&coded.row(row)[..width]).or_insert(row);
            (earlier != row).then_some(earlier)
        })
        .collect()
}

pub(super) fn check(table: &Table, coded: &CodedTable, findings: &mut Vec<Finding>) {
    let n = table.n_rows();
    let copies = first_copies(coded, n, coded.width());
    let repeated: Vec<(usize, usize)> = copies
        .iter()
        .enumerate()
        .filter_map(|(row, first)| first.map(|f| (row, f)))
        .collect();
    if !repeated.is_empty() {
        findings.push(Finding {
            check: "duplicates",
            severity: Severity::Warning,
            column: None,
            count: repeated.len(),
            rows: with_repeats(table, &repeated),
            message: format!(
                "{} ({}) {} an earlier row in every column",
                counted(repeated.len(), "row", "rows"),
                percent(repeated.len(), n),
                if repeated.len() == 1 {
                    "repeats"
                } else {
                    "repeat"
                }
            ),
            hint: "drop the repeats (pandas: df.drop_duplicates()) before splitting, or a \
                   row can land in both training and test data"
                .to_string(),
        });
    }
    // With a target and at least one feature (without features, "identical features"
    // would hold for every pair of rows).
    if coded.features > 0 && coded.features < coded.width() {
        conflicting_labels(table, coded, findings);
    }
}

/// Listed rows with the row each repeats.
fn with_repeats(table: &Table, pairs: &[(usize, usize)]) -> Vec<ListedRow> {
    pairs
        .iter()
        .take(super::MAX_LISTED_ROWS)
        .map(|&(row, first)| ListedRow {
            repeats: Some(row_ref(table, first)),
            ..super::plain_row(table, row)
        })
        .collect()
}

fn conflicting_labels(table: &Table, coded: &CodedTable, findings: &mut Vec<Finding>) {
    let n = table.n_rows();
    let target_slot = coded.features;
    let copies = first_copies(coded, n, coded.features);
    // The groups (by first row) whose non-missing targets differ.
    let mut first_target: Vec<u32> = vec![MISSING; n];
    let mut conflicting: HashSet<usize> = HashSet::new();
    for (row, first) in copies.iter().enumerate() {
        let target = coded.row(row)[target_slot];
        if target == MISSING {
            continue;
        }
        let group = first.unwrap_or(row);
        if first_target[group] == MISSING {
            first_target[group] = target;
        } else if first_target[group] != target {
            conflicting.insert(group);
        }
    }
    if conflicting.is_empty() {
        return;
    }
    let pairs: Vec<(usize, usize)> = copies
        .iter()
        .enumerate()
        .filter_map(|(row, first)| {
            let group = first.unwrap_or(row);
            (conflicting.contains(&group) && coded.row(row)[target_slot] != MISSING)
                .then_some((row, group))
        })
        .collect();
    let target = &table.headers[coded.order[target_slot]];
    findings.push(Finding {
        check: "conflicting_labels",
        severity: Severity::Error,
        column: Some(target.clone()),
        count: pairs.len(),
        rows: pairs
            .iter()
            .take(super::MAX_LISTED_ROWS)
            .map(|&(row, group)| ListedRow {
                repeats: (row != group).then(|| row_ref(table, group)),
                value: Some(table.text(coded.order[target_slot])[row].to_string()),
                ..super::plain_row(table, row)
            })
            .collect(),
        message: format!(
            "{} in {} have identical features but different '{target}'",
            counted(pairs.len(), "row", "rows"),
            counted(conflicting.len(), "group", "groups")
        ),
        hint: "check these labels: no model can fit both; keep the correct one or add the \
               feature that tells them apart"
            .to_string(),
    });
}

/// For each column of `train`, its position in `test` (which must have the same
/// columns, in any order).
pub(super) fn test_column_order(train: &Table, test: &Table) -> Result<Vec<usize>, DataError> {
    let index: HashMap<&str, usize> = test
        .headers
        .iter()
        .enumerate()
        .map(|(i, h)| (h.as_str(), i))
        .collect();
    let missing: Vec<String> = train
        .headers
        .iter()
        .filter(|h| !index.contains_key(h.as_str()))
        .cloned()
        .collect();
    let extra: Vec<String> = test
        .headers
        .iter()
        .filter(|h| !train.headers.contains(h))
        .cloned()
        .collect();
    if !missing.is_empty() || !extra.is_empty() {
        let mut parts = Vec::new();
        if !missing.is_empty() {
            parts.push(format!("it lacks {}", name_list(&missing)));
        }
        if !extra.is_empty() {
            parts.push(format!("it has {} in addition", name_list(&extra)));
        }
        return Err(DataError::new(
            &test.source,
            format!(
                "the test file's columns differ from the training file's: {}",
                parts.join("; ")
            ),
        )
        .with_hint("give a test file with the same header as the training file"));
    }
    Ok(train.headers.iter().map(|h| index[h.as_str()]).collect())
}

pub(super) fn contamination(
    train: &Table,
    coded: &CodedTable,
    test: &Table,
    order: &[usize],
    findings: &mut Vec<Finding>,
) {
    let n = train.n_rows();
    let copies = first_copies(coded, n, coded.width());
    let mut first: FastMap<&[u32], usize> = map_with_capacity(n);
    for (row, copy) in copies.iter().enumerate() {
        if copy.is_none() {
            first.insert(coded.row(row), row);
        }
    }
    let mut key = vec![MISSING; coded.width()];
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    'rows: for test_row in 0..test.n_rows() {
        for (slot, &column) in coded.order.iter().enumerate() {
            match coded.code_of(column, &test.text(order[column])[test_row]) {
                Some(code) => key[slot] = code,
                None => continue 'rows,
            }
        }
        if let Some(&train_row) = first.get(key.as_slice()) {
            pairs.push((train_row, test_row));
        }
    }
    if pairs.is_empty() {
        return;
    }
    let mut rows = listed(train, pairs.iter().map(|p| p.0));
    for (listed, &(_, test_row)) in rows.iter_mut().zip(&pairs) {
        listed.test = Some(row_ref(test, test_row));
    }
    findings.push(Finding {
        check: "contamination",
        severity: Severity::Error,
        column: None,
        count: pairs.len(),
        rows,
        message: format!(
            "{} of the test file's {} rows ({}) are also in the training file",
            pairs.len(),
            test.n_rows(),
            percent(pairs.len(), test.n_rows())
        ),
        hint: "remove these rows from one side (deduplicate before splitting); a test score \
               on rows the model trained on is too optimistic"
            .to_string(),
    });
}
