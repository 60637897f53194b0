//! The leakage check by a one-feature tree: a feature leaks when a decision tree that
//! sees only that feature predicts the target's classes almost perfectly under
//! cross-validation. It covers what the ROC AUC check cannot: targets with more than two
//! classes, and text features, whose categories have no order for an AUC.
//!
//! - A numeric feature: a linfa decision tree of depth at most [`TREE_DEPTH`] on the
//!   feature alone; rows where it is missing are left out.
//! - A text feature: the tree that splits on every category, i.e. each category predicts
//!   the class most of its training rows have (a missing cell is a category of its own,
//!   since a value recorded only for some outcomes leaks through its absence); a category
//!   the training folds never saw predicts their majority class.
//!
//! Accuracy is over [`FOLDS`]-fold stratified cross-validation (seeded, as the label
//! issues are) on at most [`MAX_TREE_ROWS`] labelled rows, drawn with the same seed when
//! there are more. The bound depends on the majority class, so that a constant guess on
//! a very imbalanced target never passes: see [`leak_bound`].

use std::collections::HashMap;

use linfa::prelude::*;
use linfa_trees::DecisionTree;
use ndarray::{Array1, Array2};
use rand::SeedableRng;
use rand_xoshiro::Xoshiro256Plus;

use super::LEAKAGE_ACCURACY;
use super::encode::{CodedTable, Kind, MISSING};
use crate::ml::data::{k_folds, shuffle};

/// The number of cross-validation folds.
pub const FOLDS: usize = 5;
/// The seed of the folds and of the row sample.
pub const SEED: u64 = 42;
/// The deepest a numeric feature's tree may grow: up to 16 intervals of the feature.
pub const TREE_DEPTH: usize = 4;
/// At most this many labelled rows are used (a seeded sample of them when there are
/// more), so that the check costs the same on a million rows as on fifty thousand.
pub const MAX_TREE_ROWS: usize = 50_000;

/// What a one-feature tree scored.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct TreeScore {
    /// Cross-validated accuracy.
    pub accuracy: f64,
    /// The share of the most common class over the same rows: what a constant guess scores.
    pub majority: f64,
    /// The accuracy a leak must reach, from [`leak_bound`].
    pub bound: f64,
}

/// The accuracy a feature must reach to leak: at least [`LEAKAGE_ACCURACY`], and at most
/// a tenth of the error of always guessing the majority class. On a target whose
/// majority class fills 99.5 % of the rows, a leak must err on at most 0.05 % of them.
pub(super) fn leak_bound(majority: f64) -> f64 {
    LEAKAGE_ACCURACY.max(1.0 - 0.1 * (1.0 - majority))
}

/// The labelled rows the check uses: all of them, or a seeded sample of
/// [`MAX_TREE_ROWS`] in row order.
pub(super) fn sample(labelled: &[usize]) -> Vec<usize> {
    if labelled.len() <= MAX_TREE_ROWS {
        return labelled.to_vec();
    }
    let mut rows = labelled.to_vec();
    shuffle(&mut rows, &mut Xoshiro256Plus::seed_from_u64(SEED));
    rows.truncate(MAX_TREE_ROWS);
    rows.sort_unstable();
    rows
}

/// The one-feature tree's score of the feature in `slot`, when it reaches its bound.
pub(super) fn tree_leak(
    coded: &CodedTable,
    column: usize,
    slot: usize,
    target_slot: usize,
    rows: &[usize],
) -> Option<TreeScore> {
    let profile = &coded.profiles[column];
    let score = match (profile.kind, &profile.values) {
        (Kind::Numeric, Some(values)) => {
            let usable: Vec<usize> = rows
                .iter()
                .copied()
                .filter(|&r| values[r].is_finite())
                .collect();
            let classes = class_indices(coded, target_slot, &usable);
            numeric_accuracy(
                &usable.iter().map(|&r| values[r]).collect::<Vec<_>>(),
                &classes,
            )
            .map(|accuracy| (accuracy, majority(&classes)))
        }
        (Kind::Text, _) => {
            let classes = class_indices(coded, target_slot, rows);
            let categories: Vec<u32> = rows.iter().map(|&r| coded.row(r)[slot]).collect();
            categorical_accuracy(&categories, &classes)
                .map(|accuracy| (accuracy, majority(&classes)))
        }
        _ => None,
    }?;
    let (accuracy, majority) = score;
    let bound = leak_bound(majority);
    (accuracy >= bound).then_some(TreeScore {
        accuracy,
        majority,
        bound,
    })
}

/// The target's class of each row as 0, 1, …, in the order of the target's codes.
fn class_indices(coded: &CodedTable, target_slot: usize, rows: &[usize]) -> Vec<usize> {
    rows.iter()
        .map(|&r| {
            let code = coded.row(r)[target_slot];
            debug_assert_ne!(code, MISSING, "only labelled rows are scored");
            code as usize - 1
        })
        .collect()
}

fn majority(classes: &[usize]) -> f64 {
    let mut counts: HashMap<usize, usize> = HashMap::new();
    for &c in classes {
        *counts.entry(c).or_default() += 1;
    }
    counts.values().copied().max().unwrap_or(0) as f64 / classes.len().max(1) as f64
}

/// Cross-validated accuracy of a depth-limited tree on one numeric feature; `None` with
/// fewer rows than folds or fewer than two classes (nothing to separate).
pub(super) fn numeric_accuracy(values: &[f64], classes: &[usize]) -> Option<f64> {
    let n = values.len();
    if n < FOLDS || classes.iter().all(|&c| c == classes[0]) {
        return None;
    }
    let column = |rows: &[usize]| Array2::from_shape_fn((rows.len(), 1), |(i, _)| values[rows[i]]);
    let folds = k_folds(n, Some(classes), FOLDS, SEED);
    let mut correct = 0usize;
    for (k, held_out) in folds.iter().enumerate() {
        let train: Vec<usize> = folds
            .iter()
            .enumerate()
            .filter(|&(j, _)| j != k)
            .flat_map(|(_, f)| f.iter().copied())
            .collect();
        let y: Array1<usize> = train.iter().map(|&r| classes[r]).collect();
        let predicted: Vec<usize> = if y.iter().all(|&c| c == y[0]) {
            // A training fold of one class: the tree would be a single leaf.
            vec![y[0]; held_out.len()]
        } else {
            let tree = DecisionTree::params()
                .max_depth(Some(TREE_DEPTH))
                .fit(&Dataset::new(column(&train), y))
                .ok()?;
            tree.predict(&column(held_out)).to_vec()
        };
        correct += held_out
            .iter()
            .zip(predicted)
            .filter(|&(&r, p)| p == classes[r])
            .count();
    }
    Some(correct as f64 / n as f64)
}

/// Cross-validated accuracy of predicting each category's majority class (ties to the
/// lower class index); `None` with fewer rows than folds or fewer than two classes.
pub(super) fn categorical_accuracy(categories: &[u32], classes: &[usize]) -> Option<f64> {
    let n = categories.len();
    if n < FOLDS || classes.iter().all(|&c| c == classes[0]) {
        return None;
    }
    let folds = k_folds(n, Some(classes), FOLDS, SEED);
    let mut correct = 0usize;
    for (k, held_out) in folds.iter().enumerate() {
        let mut counts: HashMap<u32, HashMap<usize, usize>> = HashMap::new();
        let mut overall: HashMap<usize, usize> = HashMap::new();
        for (_, fold) in folds.iter().enumerate().filter(|&(j, _)| j != k) {
            for &r in fold {
                *counts
                    .entry(categories[r])
                    .or_default()
                    .entry(classes[r])
                    .or_default() += 1;
                *overall.entry(classes[r]).or_default() += 1;
            }
        }
        let most = |tally: &HashMap<usize, usize>| {
            tally
                .iter()
                .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
                .map(|(&c, _)| c)
        };
        let fallback = most(&overall)?;
        let rule: HashMap<u32, usize> = counts
            .iter()
            .filter_map(|(&category, tally)| most(tally).map(|c| (category, c)))
            .collect();
        correct += held_out
            .iter()
            .filter(|&&r| rule.get(&categories[r]).copied().unwrap_or(fallback) == classes[r])
            .count();
    }
    Some(correct as f64 / n as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bound_is_never_met_by_a_constant_guess() {
        assert_eq!(leak_bound(0.5), 0.99);
        assert_eq!(leak_bound(0.9), 0.99);
        for majority in [0.99, 0.995, 0.999] {
            let bound = leak_bound(majority);
            assert!(bound > majority, "{majority}: {bound}");
            assert!((1.0 - bound - 0.1 * (1.0 - majority)).abs() < 1e-12);
        }
    }

    #[test]
    fn a_numeric_feature_that_encodes_three_classes_in_intervals_scores_one() {
        // Class 0 below 10, class 1 between 10 and 20, class 2 above: a depth-2 tree.
        let values: Vec<f64> = (0..90).map(|i| f64::from(i % 30)).collect();
        let classes: Vec<usize> = values.iter().map(|&v| (v / 10.0) as usize).collect();
        assert_eq!(numeric_accuracy(&values, &classes), Some(1.0));
    }

    #[test]
    fn a_numeric_feature_unrelated_to_the_classes_scores_near_chance() {
        // The classes cycle 0, 1, 2 while the feature steps every 7 rows: no interval of
        // the feature holds one class.
        let values: Vec<f64> = (0..300).map(|i| f64::from(i / 7)).collect();
        let classes: Vec<usize> = (0..300).map(|i| i % 3).collect();
        let accuracy = numeric_accuracy(&values, &classes).unwrap();
        assert!(accuracy < 0.5, "{accuracy}");
    }

    #[test]
    fn categories_are_scored_on_rows_they_were_not_learned_from() {
        // Category c means class c % 2, except that 1 row in 10 disagrees.
        let categories: Vec<u32> = (0..200).map(|i| (i % 4) as u32 + 1).collect();
        let classes: Vec<usize> = (0..200)
            .map(|i| usize::from((i % 4) % 2 == 1) ^ usize::from(i % 10 == 0))
            .collect();
        let accuracy = categorical_accuracy(&categories, &classes).unwrap();
        assert!((accuracy - 0.9).abs() < 1e-12, "{accuracy}");
        // Hand count: the 20 rows with i % 10 == 0 are the only ones predicted wrong.
    }

    #[test]
    fn a_category_seen_only_in_the_held_out_fold_gets_the_majority_class() {
        // 99 rows of category 1 (class 0 for 60 of them), and one row of category 2.
        let mut categories = vec![1u32; 99];
        categories.push(2);
        let mut classes: Vec<usize> = (0..99).map(|i| usize::from(i >= 60)).collect();
        classes.push(1);
        let accuracy = categorical_accuracy(&categories, &classes).unwrap();
        // Every row is predicted class 0 (the majority in every training fold, category 2
        // never in one): 60 of 100 right.
        assert!((accuracy - 0.6).abs() < 1e-12, "{accuracy}");
    }

    #[test]
    fn one_class_or_too_few_rows_is_not_scored() {
        assert_eq!(numeric_accuracy(&[1.0, 2.0, 3.0], &[0, 1, 0]), None);
        assert_eq!(numeric_accuracy(&[1.0; 10], &[0; 10]), None);
        assert_eq!(categorical_accuracy(&[1; 10], &[1; 10]), None);
    }

    #[test]
    fn the_sample_is_seeded_sorted_and_capped() {
        let rows: Vec<usize> = (0..MAX_TREE_ROWS + 1000).collect();
        let a = sample(&rows);
        assert_eq!(a.len(), MAX_TREE_ROWS);
        assert!(a.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(a, sample(&rows));
        assert_eq!(sample(&rows[..10]), rows[..10].to_vec());
    }
}
