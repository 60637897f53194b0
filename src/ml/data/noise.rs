//! Planted label noise: a seeded share of class labels flipped to another class, for
//! labs and tests that need to know which labels are wrong.
//!
//! `share × n` labels (rounded half up) are flipped. Without a class the rows are drawn
//! from every row (symmetric noise); with one, only from the rows of that class
//! (systematic noise: say, malignant recorded as benign), at most all of them. The rows
//! come from one seeded shuffle (the split's own, on a stream of its own), so with one
//! seed a smaller share flips a subset of the rows a larger share flips. A flipped
//! label goes to the other class of two, or to one of the others drawn with the same
//! generator.

use rand_xoshiro::Xoshiro256Plus;
use rand_xoshiro::rand_core::SeedableRng;

use super::split::{below, shuffle};

/// Labels with some of them flipped, and which.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flipped {
    /// The labels after flipping.
    pub labels: Vec<usize>,
    /// The positions whose label was flipped, ascending.
    pub rows: Vec<usize>,
}

/// How many labels a share of `n` flips: `share × n` rounded half up, within `0..=n`.
pub fn flip_count(n: usize, share: f64) -> usize {
    if share.is_nan() || share <= 0.0 {
        return 0;
    }
    ((n as f64 * share.min(1.0) + 0.5).floor() as usize).min(n)
}

/// Flips `share` of `labels` (class indices below `n_classes`), only those of `class`
/// when given; see the module documentation. Labels stay as they are when there are
/// fewer than two classes.
pub fn flip_labels(
    labels: &[usize],
    n_classes: usize,
    share: f64,
    class: Option<usize>,
    seed: u64,
) -> Flipped {
    let mut rng = Xoshiro256Plus::seed_from_u64(seed);
    rng.jump();
    let mut candidates: Vec<usize> = (0..labels.len())
        .filter(|&i| class.is_none_or(|c| labels[i] == c))
        .collect();
    shuffle(&mut candidates, &mut rng);
    let k = if n_classes < 2 {
        0
    } else {
        flip_count(labels.len(), share).min(candidates.len())
    };
    let mut rows = candidates[..k].to_vec();
    rows.sort_unstable();
    let mut noisy = labels.to_vec();
    for &row in &rows {
        let given = labels[row];
        // One of the other classes: a draw below n − 1, skipping the given class.
        let other = below(&mut rng, n_classes as u64 - 1) as usize;
        noisy[row] = if other >= given { other + 1 } else { other };
    }
    Flipped {
        labels: noisy,
        rows,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(n: usize) -> Vec<usize> {
        (0..n).map(|i| usize::from(i % 3 == 0)).collect()
    }

    #[test]
    fn the_share_flips_that_many_labels_and_only_those() {
        let y = labels(200);
        let f = flip_labels(&y, 2, 0.2, None, 7);
        assert_eq!(f.rows.len(), 40);
        for (i, (now, was)) in f.labels.iter().zip(&y).enumerate() {
            assert_eq!(now != was, f.rows.contains(&i), "row {i}");
        }
        assert!(f.rows.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn a_class_flips_only_its_rows_and_at_most_all_of_them() {
        let y = labels(200);
        let ones = y.iter().filter(|&&l| l == 1).count();
        let f = flip_labels(&y, 2, 0.1, Some(1), 7);
        assert_eq!(f.rows.len(), 20);
        assert!(f.rows.iter().all(|&r| y[r] == 1 && f.labels[r] == 0));
        let all = flip_labels(&y, 2, 0.9, Some(1), 7);
        assert_eq!(all.rows.len(), ones);
    }

    #[test]
    fn a_smaller_share_flips_a_subset_with_the_same_seed() {
        let y = labels(300);
        let small = flip_labels(&y, 2, 0.05, None, 3);
        let large = flip_labels(&y, 2, 0.3, None, 3);
        assert!(small.rows.iter().all(|r| large.rows.contains(r)));
        assert_eq!(small, flip_labels(&y, 2, 0.05, None, 3));
        assert_ne!(small.rows, flip_labels(&y, 2, 0.05, None, 4).rows);
    }

    #[test]
    fn nothing_flips_at_zero_or_with_one_class() {
        let y = labels(50);
        assert!(flip_labels(&y, 2, 0.0, None, 1).rows.is_empty());
        assert!(flip_labels(&y, 2, f64::NAN, None, 1).rows.is_empty());
        assert!(flip_labels(&[0; 10], 1, 0.5, None, 1).rows.is_empty());
        assert_eq!(flip_count(10, 2.0), 10);
        assert_eq!(flip_count(5, 0.5), 3);
    }

    #[test]
    fn three_classes_flip_to_another_class_each() {
        let y: Vec<usize> = (0..90).map(|i| i % 3).collect();
        let f = flip_labels(&y, 3, 0.5, None, 9);
        assert_eq!(f.rows.len(), 45);
        assert!(
            f.rows
                .iter()
                .all(|&r| f.labels[r] != y[r] && f.labels[r] < 3)
        );
        let targets: std::collections::BTreeSet<usize> =
            f.rows.iter().map(|&r| f.labels[r]).collect();
        assert_eq!(targets.len(), 3);
    }
}
