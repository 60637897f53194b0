//! Data met later: rows of a second source with the same columns, encoded and scaled
//! exactly as the training rows of a prepared split were (categories and z-scores from
//! the training rows only), so one fitted model can be scored on them. Also the
//! separating strength of one column alone on chosen rows, as the audit measures it.

use std::collections::HashMap;

use super::{Part, PreparedData, columns, load_source, test_classes};
use crate::ml::io::{DataError, RowLimit, Table, is_missing, parse_number_str, same_label};
use crate::ml::metrics::roc_auc;

use super::encode::Encoder;

/// The rows of `later` (a bundled name or a path), encoded with the encoder of
/// `data`'s training rows and standardised with its scaler. `data` must come from
/// [`super::prepare`] of `source` with a seeded split (`rows` and `seed` as then).
pub fn later_part(
    source: &str,
    rows: RowLimit,
    seed: u64,
    data: &PreparedData,
    later: &str,
) -> Result<Part, DataError> {
    let (table, _) = load_source(source, rows, seed)?;
    let (_, cols) = columns::select_columns(&table, &data.target, Some(&data.columns))?;
    let encoder = Encoder::fit(&table, &cols, &data.split.train)?;
    drop(table);
    let (later, _) = load_source(later, RowLimit::All, seed)?;
    let (target_col, cols) = columns::select_columns(&later, &data.target, Some(&data.columns))?;
    let y = test_classes(&later, target_col, &data.classes)?;
    let (raw_x, _) = encoder.transform(&later, &cols)?;
    Ok(Part {
        x: data.scaler.transform(&raw_x),
        raw_x,
        y,
    })
}

/// How well one column alone separates `positive` from the other labels of `target`
/// on `rows`: max(AUC, 1 − AUC) of its values (a numeric column) or of each category's
/// share of positives among those rows (a text column). `None` when the rows hold one
/// class only. Missing cells are left out.
pub fn separation(
    table: &Table,
    column: usize,
    target: usize,
    positive: &str,
    rows: &[usize],
) -> Option<f64> {
    let cells = table.text(column);
    let labels = table.text(target);
    let kept: Vec<usize> = rows
        .iter()
        .copied()
        .filter(|&r| !is_missing(&cells[r]) && !is_missing(&labels[r]))
        .collect();
    let truth: Vec<bool> = kept
        .iter()
        .map(|&r| same_label(&labels[r], positive))
        .collect();
    let numeric: Option<Vec<f64>> = kept.iter().map(|&r| parse_number_str(&cells[r])).collect();
    let scores = match numeric {
        Some(values) => values,
        None => {
            // Each category scores its share of positives on these rows.
            let mut share: HashMap<&str, (f64, f64)> = HashMap::new();
            for (&r, &t) in kept.iter().zip(&truth) {
                let e = share.entry(&cells[r]).or_default();
                e.0 += f64::from(u8::from(t));
                e.1 += 1.0;
            }
            kept.iter()
                .map(|&r| {
                    let (p, n) = share[&cells[r]];
                    p / n
                })
                .collect()
        }
    };
    let auc = roc_auc(&truth, &scores)?;
    Some(auc.max(1.0 - auc))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ml::data::{DataSpec, SplitSpec, Targets, Task, prepare};

    #[test]
    fn later_rows_are_encoded_like_the_training_rows() {
        let spec = DataSpec {
            data: "german_credit_leaky".into(),
            target: Some("credit_risk".into()),
            features: None,
            task: Task::Classification,
            split: SplitSpec::TestSize(0.25),
            seed: 7,
            rows: RowLimit::All,
        };
        let data = prepare(&spec).unwrap();
        let later = later_part(
            &spec.data,
            spec.rows,
            spec.seed,
            &data,
            "german_credit_later",
        )
        .unwrap();
        assert_eq!(later.y.len(), 200);
        assert_eq!(later.x.ncols(), data.train.x.ncols());
        let Targets::Classes(_) = later.y else {
            panic!("classes")
        };
    }
}
