//! Seeded train/test splits. The shuffle is a Fisher–Yates shuffle driven by
//! `Xoshiro256Plus::seed_from_u64(seed)` with its own bounded draw, so the same seed
//! gives the same rows on every platform and with every version of the `rand` crate.
//!
//! Rounding rule: a group of `n` rows sends `floor(n * test_size + 0.5)` rows to the
//! test split (the product rounded half up, computed in f64), but always keeps at least
//! one row in training. Row indices in both splits are returned in ascending order.

use rand_xoshiro::Xoshiro256Plus;
use rand_xoshiro::rand_core::{RngCore, SeedableRng};

/// Row indices (0-based, data rows only) of the training and test splits.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Split {
    pub train: Vec<usize>,
    pub test: Vec<usize>,
}

/// How many of `n` rows go to the test split (see the module documentation).
pub fn test_count(n: usize, test_size: f64) -> usize {
    if n < 2 {
        return 0;
    }
    let wanted = (n as f64 * test_size + 0.5).floor() as usize;
    wanted.min(n - 1)
}

/// A stratified split: the rows of each class (classes taken in index order) are
/// shuffled with one seeded generator and the first `test_count` of them go to test.
/// `labels[i]` is the class index of row `i`.
pub fn stratified(labels: &[usize], n_classes: usize, test_size: f64, seed: u64) -> Split {
    let mut rng = Xoshiro256Plus::seed_from_u64(seed);
    let mut by_class: Vec<Vec<usize>> = vec![Vec::new(); n_classes];
    for (row, &class) in labels.iter().enumerate() {
        by_class[class].push(row);
    }
    let mut split = Split {
        train: Vec::new(),
        test: Vec::new(),
    };
    for mut rows in by_class {
        shuffle(&mut rows, &mut rng);
        let k = test_count(rows.len(), test_size);
        split.test.extend_from_slice(&rows[..k]);
        split.train.extend_from_slice(&rows[k..]);
    }
    split.train.sort_unstable();
    split.test.sort_unstable();
    split
}

/// A plain shuffled split of `n` rows, for regression targets.
pub fn shuffled(n: usize, test_size: f64, seed: u64) -> Split {
    let mut rng = Xoshiro256Plus::seed_from_u64(seed);
    let mut rows: Vec<usize> = (0..n).collect();
    shuffle(&mut rows, &mut rng);
    let k = test_count(n, test_size);
    let mut split = Split {
        test: rows[..k].to_vec(),
        train: rows[k..].to_vec(),
    };
    split.train.sort_unstable();
    split.test.sort_unstable();
    split
}

/// Fisher–Yates: walks from the end, swapping each slot with a uniform earlier-or-same slot.
pub fn shuffle<T>(items: &mut [T], rng: &mut impl RngCore) {
    for i in (1..items.len()).rev() {
        let j = below(rng, i as u64 + 1) as usize;
        items.swap(i, j);
    }
}

/// `n` of `total` rows drawn uniformly at random with `seed` (all of them when `n` ≥
/// `total`), as a mask over the rows. A stream independent of the split's with the same
/// seed.
pub fn sample_mask(total: usize, n: usize, seed: u64) -> Vec<bool> {
    if n >= total {
        return vec![true; total];
    }
    let mut rng = Xoshiro256Plus::seed_from_u64(seed);
    rng.long_jump();
    // Floyd's algorithm: n draws, no list of all rows.
    let mut chosen = vec![false; total];
    for j in (total - n)..total {
        let t = below(&mut rng, j as u64 + 1) as usize;
        if chosen[t] {
            chosen[j] = true;
        } else {
            chosen[t] = true;
        }
    }
    chosen
}

/// A uniform integer in `0..bound` (bound > 0) by Lemire's multiply-and-reject method,
/// which uses the high bits of each draw (the low bits of xoshiro256+ are its weakest).
pub fn below(rng: &mut impl RngCore, bound: u64) -> u64 {
    let mut product = u128::from(rng.next_u64()) * u128::from(bound);
    let mut low = product as u64;
    if low < bound {
        let threshold = bound.wrapping_neg() % bound;
        while low < threshold {
            product = u128::from(rng.next_u64()) * u128::from(bound);
            low = product as u64;
        }
    }
    (product >> 64) as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sample_has_the_asked_size_and_depends_on_the_seed_only() {
        let a = sample_mask(1000, 100, 7);
        assert_eq!(a.iter().filter(|&&k| k).count(), 100);
        assert_eq!(a, sample_mask(1000, 100, 7));
        assert_ne!(a, sample_mask(1000, 100, 8));
        assert_eq!(sample_mask(5, 10, 7), vec![true; 5]);
    }

    #[test]
    fn rounding_rule_rounds_half_up_and_keeps_one_training_row() {
        assert_eq!(test_count(50, 0.25), 13); // 12.5 -> 13
        assert_eq!(test_count(357, 0.25), 89); // 89.25 -> 89
        assert_eq!(test_count(2, 0.9), 1);
        assert_eq!(test_count(1, 0.5), 0);
        assert_eq!(test_count(10, 0.04), 0);
    }

    #[test]
    fn stratified_split_keeps_class_shares_and_partitions_rows() {
        let labels: Vec<usize> = (0..100).map(|i| usize::from(i % 4 == 0)).collect();
        let s = stratified(&labels, 2, 0.2, 7);
        assert_eq!(s.test.len(), 20);
        assert_eq!(s.test.iter().filter(|&&r| labels[r] == 1).count(), 5);
        let mut all: Vec<usize> = s.train.iter().chain(&s.test).copied().collect();
        all.sort_unstable();
        assert_eq!(all, (0..100).collect::<Vec<_>>());
        assert!(s.train.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn same_seed_same_split_other_seed_other_split() {
        let labels: Vec<usize> = (0..60).map(|i| i % 3).collect();
        assert_eq!(
            stratified(&labels, 3, 0.3, 1),
            stratified(&labels, 3, 0.3, 1)
        );
        assert_ne!(
            stratified(&labels, 3, 0.3, 1),
            stratified(&labels, 3, 0.3, 2)
        );
        assert_eq!(shuffled(30, 0.3, 5), shuffled(30, 0.3, 5));
    }

    #[test]
    fn the_shuffle_is_pinned() {
        // The exact permutation for seed 42 (checked against an independent
        // implementation of SplitMix64 seeding, xoshiro256+ and this shuffle):
        // a change here changes every split.
        let mut rng = Xoshiro256Plus::seed_from_u64(42);
        let mut v: Vec<u32> = (0..10).collect();
        shuffle(&mut v, &mut rng);
        assert_eq!(v, PINNED_PERMUTATION);
    }
    const PINNED_PERMUTATION: [u32; 10] = [6, 4, 3, 5, 1, 7, 8, 9, 2, 0];

    #[test]
    fn bounded_draws_are_uniform_enough() {
        let mut rng = Xoshiro256Plus::seed_from_u64(3);
        let mut counts = [0u32; 3];
        for _ in 0..30_000 {
            counts[below(&mut rng, 3) as usize] += 1;
        }
        assert!(
            counts.iter().all(|&c| (9_500..10_500).contains(&c)),
            "{counts:?}"
        );
    }
}
