//! Seeded k-fold assignment of training rows, for cross-validation.
//!
//! Class labels are stratified: the rows of each class (classes in index order) are
//! shuffled with one seeded generator and dealt to the folds in turn, continuing where the
//! previous class stopped, so every fold gets its share of every class (within one row)
//! and the folds' sizes differ by at most one. Numeric targets are shuffled and dealt the
//! same way. The shuffle is the split's own (see [`super::split`]), so a seed gives the
//! same folds everywhere.

use rand_xoshiro::Xoshiro256Plus;
use rand_xoshiro::rand_core::SeedableRng;

use super::split::shuffle;

/// For each fold, the positions (into the rows given) it holds out, in ascending order.
/// `labels` are class indices (`Some`) or `None` for a numeric target of `n` rows.
pub fn k_folds(n: usize, labels: Option<&[usize]>, k: usize, seed: u64) -> Vec<Vec<usize>> {
    let k = k.clamp(1, n.max(1));
    let mut rng = Xoshiro256Plus::seed_from_u64(seed);
    let groups: Vec<Vec<usize>> = match labels {
        Some(labels) => {
            let classes = labels.iter().copied().max().map_or(0, |m| m + 1);
            let mut by_class = vec![Vec::new(); classes];
            for (row, &class) in labels.iter().enumerate() {
                by_class[class].push(row);
            }
            by_class
        }
        None => vec![(0..n).collect()],
    };
    let mut folds = vec![Vec::new(); k];
    let mut next = 0;
    for mut rows in groups {
        shuffle(&mut rows, &mut rng);
        for row in rows {
            folds[next].push(row);
            next = (next + 1) % k;
        }
    }
    for fold in &mut folds {
        fold.sort_unstable();
    }
    folds
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_row_is_held_out_exactly_once() {
        let labels: Vec<usize> = (0..103).map(|i| usize::from(i % 3 == 0)).collect();
        let folds = k_folds(labels.len(), Some(&labels), 5, 42);
        let mut seen: Vec<usize> = folds.concat();
        seen.sort_unstable();
        assert_eq!(seen, (0..103).collect::<Vec<_>>());
        let sizes: Vec<usize> = folds.iter().map(Vec::len).collect();
        assert!(sizes.iter().max().unwrap() - sizes.iter().min().unwrap() <= 1);
    }

    #[test]
    fn folds_are_stratified() {
        // 35 positives among 103 rows: each fold holds 7 of them.
        let labels: Vec<usize> = (0..103).map(|i| usize::from(i % 3 == 0)).collect();
        for fold in k_folds(labels.len(), Some(&labels), 5, 7) {
            let positives = fold.iter().filter(|&&r| labels[r] == 1).count();
            assert_eq!(positives, 7, "{fold:?}");
        }
    }

    #[test]
    fn the_seed_decides_the_folds() {
        let a = k_folds(50, None, 5, 1);
        assert_eq!(a, k_folds(50, None, 5, 1));
        assert_ne!(a, k_folds(50, None, 5, 2));
    }

    #[test]
    fn more_folds_than_rows_gives_one_row_each() {
        let folds = k_folds(3, None, 5, 0);
        assert_eq!(folds.len(), 3);
        assert!(folds.iter().all(|f| f.len() == 1));
    }
}
