//! The score a quick script would report on a table as it is: logistic regression on
//! every column whose cells are all numbers (missing cells aside), the rows with a
//! missing feature or label left out, cross-validated (5 folds) on the training rows of
//! a seeded split that is drawn once on the original rows. Test rows are named by their
//! line in the file, so a fixed table (fewer rows, fewer columns) keeps the same split.

use std::collections::BTreeSet;

use ndarray::{Array1, Array2};

use super::{Table, is_null_token};
use crate::ml::data::{Standardiser, k_folds, stratified};
use crate::ml::io::parse_number_str;
use crate::ml::models::{FOLDS, logistic_probabilities};

/// The share of rows held out for the one test score.
pub const TEST_SIZE: f64 = 0.25;

/// A score and what it was computed on.
#[derive(Debug, Clone, PartialEq)]
pub struct Score {
    pub accuracy: f64,
    /// The rows scored.
    pub rows: usize,
    /// The numeric columns used as features.
    pub features: Vec<String>,
}

/// The lines (1-based, in the file) of the test rows: a split stratified on the target's
/// labels, drawn with `seed`.
pub fn test_lines(table: &Table, target: &str, seed: u64) -> Result<BTreeSet<u64>, String> {
    let t = table.column_index(target).map_err(|e| e.to_string())?;
    let mut labels: Vec<&str> = table.text(t).iter().collect();
    labels.sort_unstable();
    labels.dedup();
    let ids: Vec<usize> = table
        .text(t)
        .iter()
        .map(|l| labels.binary_search(&l).unwrap_or(0))
        .collect();
    let split = stratified(&ids, labels.len(), TEST_SIZE, seed);
    Ok(split.test.iter().map(|&r| table.lines[r]).collect())
}

/// The rows of `table` whose line is not a test line.
pub fn training_rows(table: &Table, test: &BTreeSet<u64>) -> Table {
    let keep: Vec<usize> = (0..table.n_rows())
        .filter(|&r| !test.contains(&table.lines[r]))
        .collect();
    table.select_rows(&keep)
}

/// Features and labels of the usable rows: (line, features, 1 for `positive`).
struct Rows {
    features: Vec<String>,
    x: Vec<(u64, Vec<f64>, usize)>,
}

fn rows(table: &Table, target: &str, positive: &str) -> Result<Rows, String> {
    let t = table.column_index(target).map_err(|e| e.to_string())?;
    let numeric: Vec<usize> = (0..table.headers.len())
        .filter(|&c| c != t)
        .filter(|&c| {
            let cells = table.text(c);
            cells.iter().any(|s| parse_number_str(s).is_some())
                && cells
                    .iter()
                    .all(|s| is_null_token(s) || parse_number_str(s).is_some_and(f64::is_finite))
        })
        .collect();
    if numeric.is_empty() {
        return Err("no column of numbers to train on".to_string());
    }
    let x = (0..table.n_rows())
        .filter_map(|r| {
            let label = &table.text(t)[r];
            if is_null_token(label) {
                return None;
            }
            let values: Option<Vec<f64>> = numeric
                .iter()
                .map(|&c| parse_number_str(&table.text(c)[r]))
                .collect();
            Some((table.lines[r], values?, usize::from(label == positive)))
        })
        .collect();
    Ok(Rows {
        features: numeric.iter().map(|&c| table.headers[c].clone()).collect(),
        x,
    })
}

fn matrix(rows: &[&(u64, Vec<f64>, usize)]) -> (Array2<f64>, Array1<usize>) {
    let width = rows.first().map_or(0, |r| r.1.len());
    let flat: Vec<f64> = rows.iter().flat_map(|r| r.1.iter().copied()).collect();
    let x = Array2::from_shape_vec((rows.len(), width), flat).expect("rows of one width");
    (x, rows.iter().map(|r| r.2).collect())
}

/// Fits on `train`, standardised with its own mean and spread, and counts the rows of
/// `test` predicted right.
fn fit_and_count(
    train: &[&(u64, Vec<f64>, usize)],
    test: &[&(u64, Vec<f64>, usize)],
) -> Result<usize, String> {
    let (x, y) = matrix(train);
    let (tx, ty) = matrix(test);
    if y.iter().all(|&c| c == y[0]) {
        return Err("a fold's training rows hold one class only".to_string());
    }
    let scaler = Standardiser::fit(&x);
    let p = logistic_probabilities(&scaler.transform(&x), &y, &scaler.transform(&tx), 2)
        .map_err(|e| e.to_string())?;
    Ok(p.column(1)
        .iter()
        .zip(ty.iter())
        .filter(|(p, t)| usize::from(**p >= 0.5) == **t)
        .count())
}

/// Accuracy of logistic regression, 5-fold cross-validated on the training rows of
/// `table` (the rows whose line is not in `test`). Never reads a test row.
pub fn cross_validated(
    table: &Table,
    target: &str,
    positive: &str,
    test: &BTreeSet<u64>,
    seed: u64,
) -> Result<Score, String> {
    let data = rows(table, target, positive)?;
    let train: Vec<&(u64, Vec<f64>, usize)> =
        data.x.iter().filter(|r| !test.contains(&r.0)).collect();
    let labels: Vec<usize> = train.iter().map(|r| r.2).collect();
    let mut right = 0;
    for held in k_folds(train.len(), Some(&labels), FOLDS, seed) {
        let fit: Vec<_> = (0..train.len())
            .filter(|i| held.binary_search(i).is_err())
            .map(|i| train[i])
            .collect();
        let out: Vec<_> = held.iter().map(|&i| train[i]).collect();
        right += fit_and_count(&fit, &out)?;
    }
    Ok(Score {
        accuracy: right as f64 / train.len().max(1) as f64,
        rows: train.len(),
        features: data.features,
    })
}

/// Accuracy on the test rows of a model fitted on every training row: the one look at
/// the test rows.
pub fn on_test_rows(
    table: &Table,
    target: &str,
    positive: &str,
    test: &BTreeSet<u64>,
) -> Result<Score, String> {
    let data = rows(table, target, positive)?;
    let (held, fit): (Vec<_>, Vec<_>) = data.x.iter().partition(|r| test.contains(&r.0));
    let right = fit_and_count(&fit, &held)?;
    Ok(Score {
        accuracy: right as f64 / held.len().max(1) as f64,
        rows: held.len(),
        features: data.features,
    })
}
