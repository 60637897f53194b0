//! Choosing the target and feature columns of a table and reading the target: class
//! labels (by the label identity rule) or numeric targets. Features are encoded by
//! [`super::encode`].

use std::cmp::Ordering;

use crate::ml::io::labels::numeric_value;
use crate::ml::io::{DataError, LabelIds, Table, is_missing};
use crate::sanitize::clean_line;

/// Classification targets with more distinct values than this are refused: they are
/// almost always a numeric quantity that needs a regression model.
pub const MAX_CLASSES: usize = 30;

/// The column indices of the target and the features. Without a feature list every
/// column but the target is a feature.
pub fn select_columns(
    table: &Table,
    target: &str,
    features: Option<&[String]>,
) -> Result<(usize, Vec<usize>), DataError> {
    let target_col = table.column_index(target).map_err(|e| DataError {
        message: format!("the target '{}' is not a column", clean_line(target)),
        ..e
    })?;
    let feature_cols = match features {
        None => (0..table.headers.len())
            .filter(|&c| c != target_col)
            .collect(),
        Some(names) => {
            let mut cols = Vec::with_capacity(names.len());
            for name in names {
                let c = table.column_index(name).map_err(|e| DataError {
                    message: format!("the feature '{}' is not a column", clean_line(name)),
                    ..e
                })?;
                if c == target_col {
                    return Err(DataError::new(
                        &table.source,
                        format!(
                            "'{}' is the target; it cannot also be a feature",
                            clean_line(name)
                        ),
                    )
                    .in_column(name)
                    .with_hint("remove it from the feature list"));
                }
                if cols.contains(&c) {
                    return Err(DataError::new(
                        &table.source,
                        format!("the feature '{}' is listed twice", clean_line(name)),
                    )
                    .in_column(name));
                }
                cols.push(c);
            }
            cols
        }
    };
    if feature_cols.is_empty() {
        return Err(
            DataError::new(&table.source, "there are no feature columns")
                .with_hint("a model needs at least one feature column besides the target"),
        );
    }
    Ok((target_col, feature_cols))
}

/// The positions of the named feature columns (no target); unknown and repeated names
/// are errors.
pub fn feature_columns(table: &Table, names: &[String]) -> Result<Vec<usize>, DataError> {
    let mut cols = Vec::with_capacity(names.len());
    for name in names {
        let c = table.column_index(name).map_err(|e| DataError {
            message: format!("the feature '{}' is not a column", clean_line(name)),
            ..e
        })?;
        if cols.contains(&c) {
            return Err(DataError::new(
                &table.source,
                format!("the feature '{}' is listed twice", clean_line(name)),
            )
            .in_column(name));
        }
        cols.push(c);
    }
    Ok(cols)
}

/// The distinct labels of a target column by the label identity rule (`1` and `1.0`
/// are one class, shown as first written), sorted: numerically when every label is a
/// number (so "10" comes after "9", as scikit-learn orders numeric classes), otherwise
/// by text.
pub fn sorted_classes<'a>(labels: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut ids = LabelIds::default();
    for label in labels {
        ids.id(label);
    }
    let mut classes: Vec<String> = ids.labels().to_vec();
    classes.sort();
    let numbers: Option<Vec<f64>> = classes.iter().map(|c| numeric_value(c)).collect();
    if let Some(numbers) = numbers {
        let mut pairs: Vec<(f64, String)> = numbers.into_iter().zip(classes).collect();
        pairs.sort_by(|a, b| {
            a.0.partial_cmp(&b.0)
                .unwrap_or(Ordering::Equal)
                .then_with(|| a.1.cmp(&b.1))
        });
        classes = pairs.into_iter().map(|(_, c)| c).collect();
    }
    classes
}

/// The classes of the target column, sorted (see [`sorted_classes`]), checked: no empty
/// cells, at least two and at most [`MAX_CLASSES`] classes.
pub fn class_labels(table: &Table, target_col: usize) -> Result<Vec<String>, DataError> {
    let name = &table.headers[target_col];
    let labels = table.text(target_col);
    if let Some(r) = labels.iter().position(is_missing) {
        return Err(DataError::new(&table.source, "missing target value")
            .at_line(table.lines[r])
            .in_column(name)
            .with_hint("every row needs a label; drop the rows without one"));
    }
    let classes = sorted_classes(labels.iter());
    if classes.len() < 2 {
        return Err(DataError::new(
            &table.source,
            format!(
                "the target has {} class; a classifier needs at least two",
                classes.len()
            ),
        )
        .in_column(name));
    }
    if classes.len() > MAX_CLASSES {
        return Err(DataError::new(
            &table.source,
            format!(
                "the target has {} distinct values, too many classes for a classifier (at most {MAX_CLASSES})",
                classes.len()
            ),
        )
        .in_column(name)
        .with_hint("a numeric quantity needs a regression model: --model linear"));
    }
    Ok(classes)
}

/// The target column as numbers, for regression.
pub fn numeric_target(table: &Table, target_col: usize) -> Result<Vec<f64>, DataError> {
    table
        .model_numbers(target_col)
        .map_err(|e| match e.hint {
            Some(_) => e,
            None => e.with_hint("linear regression needs a numeric target; class labels need a classifier such as --model logistic"),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(text: &str) -> Table {
        Table::from_reader("t.csv", text.as_bytes()).unwrap()
    }

    #[test]
    fn all_other_columns_are_features_by_default() {
        let t = table("a,b,y\n1,2,x\n");
        assert_eq!(select_columns(&t, "y", None).unwrap(), (2, vec![0, 1]));
        let only_b = ["b".to_string()];
        assert_eq!(
            select_columns(&t, "y", Some(&only_b)).unwrap(),
            (2, vec![1])
        );
    }

    #[test]
    fn unknown_target_lists_the_columns() {
        let t = table("a,b,y\n1,2,x\n");
        let e = select_columns(&t, "label", None).unwrap_err().to_string();
        assert!(e.contains("the target 'label' is not a column"), "{e}");
        assert!(e.contains("the columns are: a, b, y"), "{e}");
    }

    #[test]
    fn target_as_feature_and_duplicates_are_refused() {
        let t = table("a,b,y\n1,2,x\n");
        let e = select_columns(&t, "y", Some(&["a".into(), "y".into()])).unwrap_err();
        assert!(e.message.contains("is the target"));
        let e = select_columns(&t, "y", Some(&["a".into(), "a".into()])).unwrap_err();
        assert!(e.message.contains("listed twice"));
    }

    #[test]
    fn numeric_labels_sort_by_value_text_labels_by_text() {
        let l = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            sorted_classes(l(&["10", "9", "1", "9"]).iter().map(String::as_str)),
            l(&["1", "9", "10"])
        );
        assert_eq!(
            sorted_classes(l(&["b", "a", "B"]).iter().map(String::as_str)),
            l(&["B", "a", "b"])
        );
        // one label identity: spellings of one number are one class, as first written
        assert_eq!(
            sorted_classes(
                l(&["1.0", "0", "1", "0.0", "2e0"])
                    .iter()
                    .map(String::as_str)
            ),
            l(&["0", "1.0", "2e0"])
        );
    }

    #[test]
    fn classification_needs_two_to_thirty_classes() {
        let t = table("a,y\n1,x\n2,x\n");
        assert!(
            class_labels(&t, 1)
                .unwrap_err()
                .message
                .contains("at least two")
        );
        let many: String = (0..40).map(|i| format!("{i},{i}\n")).collect();
        let t = table(&format!("a,y\n{many}"));
        let e = class_labels(&t, 1).unwrap_err().to_string();
        assert!(e.contains("--model linear"), "{e}");
    }
}
