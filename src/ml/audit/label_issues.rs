//! `label_issues`: rows whose given label is probably wrong, by confident learning
//! (Northcutt, Jiang & Chuang, "Confident Learning: Estimating Uncertainty in Dataset
//! Labels", JAIR 2021).
//!
//! 1. Out-of-sample probabilities: 5-fold stratified cross-validation (seed
//!    [`LABEL_SEED`]); in each fold, logistic regression (as `train --model logistic`)
//!    on the numeric feature columns (but those the `leakage` check flagged: a column
//!    drawn from the given labels predicts them, errors included, and would hide every
//!    wrong label), standardised with the training folds' mean and
//!    standard deviation, a missing value replaced by the training folds' mean.
//! 2. Per-class thresholds: `t[j]` is the mean probability of class `j` over the rows
//!    labelled `j` (the class's mean self-confidence).
//! 3. The confident joint: a row labelled `i` counts towards `C[i][j]` where `j` is the
//!    most probable class among those whose probability reaches their threshold.
//! 4. The rows off the diagonal (`j ≠ i`) are the candidate issues, ranked by
//!    self-confidence (the probability of the given label), lowest first.

use ndarray::{Array1, Array2};
use serde::Serialize;

use super::encode::{CodedTable, Kind, MISSING};
use crate::ml::data::k_folds;
use crate::ml::io::{MAX_MODEL_MAGNITUDE, Table};
use crate::ml::models::{FOLDS, logistic_probabilities};

/// The seed of the folds.
pub const LABEL_SEED: u64 = 42;

/// One row whose label is probably wrong.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LabelIssue {
    pub row: usize,
    pub line: u64,
    pub given: String,
    pub suggested: String,
    /// The out-of-sample probability of the given label (lower is more suspect).
    pub quality: f64,
}

/// Why label issues were not looked for.
pub(super) type Skipped = String;

/// One row whose given label confident learning doubts, as [`confident_learning`]
/// returns it: classes are indices, the row is a position in the rows given.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RankedIssue {
    /// The position of the row in the matrix and the labels given.
    pub index: usize,
    pub given: usize,
    /// The class the row confidently belongs to instead.
    pub suggested: usize,
    /// The out-of-sample probability of the given label (lower is more suspect).
    pub quality: f64,
}

/// Confident learning on any feature matrix (rows × features, raw values: a value
/// beyond ±[`MAX_MODEL_MAGNITUDE`] or not a number counts as missing) and class labels
/// (indices below `n_classes`): steps 1 to 4 of the module documentation, the issues
/// ranked lowest quality first (ties by position). Every class needs at least
/// [`FOLDS`] rows.
pub fn confident_learning(
    x: &Array2<f64>,
    labels: &[usize],
    n_classes: usize,
) -> Result<Vec<RankedIssue>, String> {
    if x.nrows() != labels.len() {
        return Err(format!(
            "{} rows of features but {} labels",
            x.nrows(),
            labels.len()
        ));
    }
    if x.ncols() == 0 {
        return Err("no feature column to predict the labels from".to_string());
    }
    if let Some(&bad) = labels.iter().find(|&&l| l >= n_classes) {
        return Err(format!("class index {bad} is not below {n_classes}"));
    }
    let mut counts = vec![0usize; n_classes];
    labels.iter().for_each(|&l| counts[l] += 1);
    if let Some(class) = counts.iter().position(|&c| c < FOLDS) {
        return Err(format!(
            "class {class} has {} rows, too few for {FOLDS}-fold cross-validation",
            counts[class]
        ));
    }
    let probabilities = out_of_fold(x, labels, n_classes)?;
    let thresholds = thresholds(&probabilities, labels, n_classes);
    let mut issues = Vec::new();
    for (k, &given) in labels.iter().enumerate() {
        let p = probabilities.row(k);
        let confident = (0..n_classes)
            .filter(|&j| p[j] >= thresholds[j])
            .max_by(|&a, &b| p[a].total_cmp(&p[b]).then(b.cmp(&a)));
        if let Some(suggested) = confident
            && suggested != given
        {
            issues.push(RankedIssue {
                index: k,
                given,
                suggested,
                quality: p[given],
            });
        }
    }
    issues.sort_by(|a, b| a.quality.total_cmp(&b.quality).then(a.index.cmp(&b.index)));
    Ok(issues)
}

/// The candidate label issues of a table, ranked, or why there are none to look for.
pub(super) fn find(
    table: &Table,
    coded: &CodedTable,
    target: usize,
    leaky: &[usize],
) -> Result<Vec<LabelIssue>, Skipped> {
    let target_slot = coded.features;
    let profile = &coded.profiles[target];
    let n_classes = profile.distinct();
    if let Some((code, _)) = profile
        .counts
        .iter()
        .enumerate()
        .skip(1)
        .find(|&(_, &count)| count < FOLDS)
    {
        let name = &table.text(target)[profile.first_row[code]];
        return Err(format!(
            "class '{name}' has fewer than {FOLDS} rows, too few for {FOLDS}-fold \
             cross-validation"
        ));
    }
    let features: Vec<usize> = coded.order[..coded.features]
        .iter()
        .copied()
        .filter(|&c| coded.profiles[c].kind == Kind::Numeric && !leaky.contains(&c))
        .collect();
    if features.is_empty() {
        return Err("no numeric feature column to predict the labels from".to_string());
    }
    let rows: Vec<usize> = (0..table.n_rows())
        .filter(|&r| coded.row(r)[target_slot] != MISSING)
        .collect();
    let labels: Vec<usize> = rows
        .iter()
        .map(|&r| coded.row(r)[target_slot] as usize - 1)
        .collect();
    let values: Vec<&[f64]> = features
        .iter()
        .map(|&c| coded.profiles[c].values.as_deref().expect("numeric"))
        .collect();
    let x = Array2::from_shape_fn((rows.len(), values.len()), |(k, c)| values[c][rows[k]]);
    let cells = table.text(target);
    let name = |class: usize| cells[profile.first_row[class + 1]].to_string();
    Ok(confident_learning(&x, &labels, n_classes)?
        .into_iter()
        .map(|issue| LabelIssue {
            row: rows[issue.index],
            line: table.lines[rows[issue.index]],
            given: name(issue.given),
            suggested: name(issue.suggested),
            quality: issue.quality,
        })
        .collect())
}

/// The per-class thresholds: each class's mean self-confidence.
fn thresholds(probabilities: &Array2<f64>, labels: &[usize], n_classes: usize) -> Vec<f64> {
    let mut sums = vec![0.0; n_classes];
    let mut counts = vec![0usize; n_classes];
    for (k, &label) in labels.iter().enumerate() {
        sums[label] += probabilities[[k, label]];
        counts[label] += 1;
    }
    sums.iter()
        .zip(&counts)
        .map(|(s, &c)| s / c.max(1) as f64)
        .collect()
}

/// Out-of-fold class probabilities of the rows of `x` (one row of probabilities per
/// row), each fold standardised with the other folds' usable values.
fn out_of_fold(
    x: &Array2<f64>,
    labels: &[usize],
    n_classes: usize,
) -> Result<Array2<f64>, Skipped> {
    let n = labels.len();
    let mut pooled = Array2::zeros((n, n_classes));
    let folds = k_folds(n, Some(labels), FOLDS, LABEL_SEED);
    let mut held_out = vec![false; n];
    for fold in &folds {
        held_out.iter_mut().for_each(|h| *h = false);
        fold.iter().for_each(|&k| held_out[k] = true);
        let train: Vec<usize> = (0..n).filter(|&k| !held_out[k]).collect();
        let scaling: Vec<(f64, f64)> = (0..x.ncols())
            .map(|c| mean_and_scale(train.iter().map(|&k| x[[k, c]])))
            .collect();
        let matrix = |positions: &[usize]| {
            Array2::from_shape_fn((positions.len(), x.ncols()), |(i, c)| {
                let (mean, scale) = scaling[c];
                let v = x[[positions[i], c]];
                if usable(v) { (v - mean) / scale } else { 0.0 }
            })
        };
        let y = Array1::from_iter(train.iter().map(|&k| labels[k]));
        let probabilities =
            logistic_probabilities(&matrix(&train), &y, &matrix(fold), n_classes)
                .map_err(|e| format!("the cross-validated logistic regression failed: {e}"))?;
        for (i, &k) in fold.iter().enumerate() {
            pooled.row_mut(k).assign(&probabilities.row(i));
        }
    }
    Ok(pooled)
}

/// Whether a value goes into the model: a number within ±[`MAX_MODEL_MAGNITUDE`] (a
/// larger one would overflow the sums of the fit). Others count as missing.
fn usable(v: f64) -> bool {
    v.abs() <= MAX_MODEL_MAGNITUDE
}

/// The mean and standard deviation (population, 1 when 0) of the usable values; a
/// missing value is later replaced by the mean (0 once standardised).
fn mean_and_scale(values: impl Iterator<Item = f64>) -> (f64, f64) {
    let (mut n, mut sum, mut squares) = (0usize, 0.0, 0.0);
    let finite: Vec<f64> = values.filter(|&v| usable(v)).collect();
    for &v in &finite {
        n += 1;
        sum += v;
    }
    let mean = if n > 0 { sum / n as f64 } else { 0.0 };
    for &v in &finite {
        squares += (v - mean) * (v - mean);
    }
    let sd = if n > 0 {
        (squares / n as f64).sqrt()
    } else {
        0.0
    };
    (mean, if sd > 0.0 && sd.is_finite() { sd } else { 1.0 })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two separated classes on two features; the rows in `flipped` carry the other
    /// class's label.
    fn two_blobs(n: usize, flipped: &[usize]) -> (Array2<f64>, Vec<usize>) {
        let x = Array2::from_shape_fn((n, 2), |(i, c)| {
            let centre = if i % 2 == 1 { 3.0 } else { 0.0 };
            centre + (i as f64 * [0.618_034, 0.414_214][c]).fract()
        });
        let labels = (0..n)
            .map(|i| {
                if flipped.contains(&i) {
                    1 - i % 2
                } else {
                    i % 2
                }
            })
            .collect();
        (x, labels)
    }

    #[test]
    fn flipped_rows_rank_first_with_the_true_class_suggested() {
        let (x, labels) = two_blobs(100, &[7, 30, 64]);
        let issues = confident_learning(&x, &labels, 2).unwrap();
        let mut top: Vec<usize> = issues.iter().take(3).map(|i| i.index).collect();
        top.sort();
        assert_eq!(top, [7, 30, 64], "{issues:?}");
        for issue in &issues[..3] {
            assert_eq!(issue.suggested, issue.index % 2);
            assert_eq!(issue.given, 1 - issue.index % 2);
        }
        assert!(issues.windows(2).all(|w| w[0].quality <= w[1].quality));
    }

    #[test]
    fn clean_labels_have_no_issue() {
        let (x, labels) = two_blobs(60, &[]);
        assert!(confident_learning(&x, &labels, 2).unwrap().is_empty());
    }

    #[test]
    fn a_missing_value_counts_as_the_mean() {
        let (mut x, labels) = two_blobs(60, &[11]);
        x[[20, 0]] = f64::NAN;
        x[[21, 1]] = 1e300;
        let issues = confident_learning(&x, &labels, 2).unwrap();
        assert_eq!(issues[0].index, 11, "{issues:?}");
    }

    #[test]
    fn bad_input_is_refused_with_a_reason() {
        let (x, labels) = two_blobs(20, &[]);
        let e = confident_learning(&x, &labels[..19], 2).unwrap_err();
        assert!(e.contains("20 rows of features but 19 labels"), "{e}");
        let e = confident_learning(&x, &[0; 20], 3).unwrap_err();
        assert!(e.contains("class 1 has 0 rows"), "{e}");
        let e = confident_learning(&x, &[2; 20], 2).unwrap_err();
        assert!(e.contains("not below 2"), "{e}");
        let empty = Array2::zeros((20, 0));
        assert!(confident_learning(&empty, &labels, 2).is_err());
    }
}
