//! A separate test file (`--test FILE`): it must have the data's columns, and its labels
//! must be labels the training rows have.

use std::collections::HashSet;
use std::path::Path;

use super::{Targets, index_labels};
use crate::ml::io::{DataError, RowLimit, Table, budget, name_list, same_label};

/// Reads the test file and checks that it has the same columns as the data.
pub(super) fn load_test_file(path: &Path, data: &Table) -> Result<Table, DataError> {
    let name = path.display().to_string();
    budget::check_budget(&name, budget::estimate_matrix(path)?, RowLimit::All)?;
    let table = Table::from_path(path)?;
    // Sets keep the comparison linear in the number of columns.
    let theirs: HashSet<&String> = table.headers.iter().collect();
    let ours: HashSet<&String> = data.headers.iter().collect();
    let missing: Vec<String> = data
        .headers
        .iter()
        .filter(|h| !theirs.contains(h))
        .cloned()
        .collect();
    let extra: Vec<String> = table
        .headers
        .iter()
        .filter(|h| !ours.contains(h))
        .cloned()
        .collect();
    if !missing.is_empty() || !extra.is_empty() {
        let mut parts = Vec::new();
        if !missing.is_empty() {
            parts.push(format!("missing {}", name_list(&missing)));
        }
        if !extra.is_empty() {
            parts.push(format!("extra {}", name_list(&extra)));
        }
        return Err(DataError::new(
            &table.source,
            format!(
                "the test file's columns differ from the data's: {}",
                parts.join("; ")
            ),
        )
        .at_line(1)
        .with_hint(format!(
            "the test file needs the same columns as {}: {}",
            data.source,
            name_list(&data.headers)
        )));
    }
    if table.n_rows() == 0 {
        return Err(DataError::new(
            &table.source,
            "the test file has no data rows",
        ));
    }
    Ok(table)
}

/// The test file's class indices; a label the training rows do not have is an error.
pub(super) fn test_classes(
    table: &Table,
    target_col: usize,
    classes: &[String],
) -> Result<Targets, DataError> {
    let labels = table.text(target_col);
    for (r, label) in labels.iter().enumerate() {
        if !classes.iter().any(|c| same_label(c, label)) {
            return Err(DataError::new(
                &table.source,
                format!("the label '{label}' does not occur in the training data"),
            )
            .at_line(table.lines[r])
            .in_column(&table.headers[target_col])
            .with_hint(format!("the training labels are: {}", classes.join(", "))));
        }
    }
    Ok(Targets::Classes(index_labels(labels.iter(), classes)))
}
