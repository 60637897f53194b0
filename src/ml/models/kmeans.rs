//! k-means (linfa-clustering, k-means++ initialisation, 10 runs, seeded) with k = the
//! number of classes, on standardised features. The labels are not used for fitting;
//! they are used afterwards to read the clusters:
//! each cluster is mapped to the majority label of its training rows (ties to the
//! first class in sorted order; a cluster without training rows to the most frequent
//! class), a test row is predicted as its cluster's label, and its scores are the label
//! shares of the cluster's training rows.

use linfa::DatasetBase;
use linfa::traits::{Fit, Predict};
use linfa_clustering::KMeans;
use linfa_nn::distance::L2Dist;
use ndarray::{Array1, Array2};
use rand_xoshiro::Xoshiro256Plus;
use rand_xoshiro::rand_core::SeedableRng;
use serde::Serialize;

use super::{ClassifierRun, ScoreKind, TrainError};

/// Lloyd iterations per run (scikit-learn's default); a fit that is still moving after
/// them gets a warning.
pub const MAX_ITERATIONS: u64 = 300;
/// A run has converged when its centroids move less than this (L2 distance over all
/// centroids, on standardised features) in one iteration.
pub const TOLERANCE: f64 = 1e-4;

/// How the clusters line up with the labels on the test rows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClusterSummary {
    pub k: usize,
    /// `mapping[c]` = the label cluster `c` stands for.
    pub mapping: Vec<String>,
    /// Share of test rows whose cluster stands for their label (= accuracy).
    pub agreement: f64,
    /// Adjusted Rand index between labels and clusters on the test rows (1 = same
    /// grouping, about 0 = chance).
    pub adjusted_rand: f64,
    /// Columns = clusters, ordered by the label they stand for (so agreement lies on
    /// the diagonal); `columns[j]` is the cluster id of column `j`.
    pub columns: Vec<usize>,
    /// Rows = actual labels (class order); counts of test rows per cluster column.
    pub contingency: Vec<Vec<usize>>,
    /// Mean squared distance of the training rows to their centroid.
    pub inertia: f64,
}

pub fn fit_predict(
    x: &Array2<f64>,
    y: &Array1<usize>,
    test_x: &Array2<f64>,
    test_y: &Array1<usize>,
    classes: &[String],
    seed: u64,
) -> Result<ClassifierRun, TrainError> {
    let k = classes.len();
    let model = fit(x, k, seed)?;
    let train_clusters: Array1<usize> = model.predict(x);
    let warnings = convergence_warning(x, model.centroids(), &train_clusters);
    let test_clusters: Array1<usize> = model.predict(test_x);

    let mut train_counts = vec![vec![0usize; k]; k]; // [cluster][class]
    for (&c, &label) in train_clusters.iter().zip(y) {
        train_counts[c][label] += 1;
    }
    let mut class_totals = vec![0usize; k];
    for &label in y {
        class_totals[label] += 1;
    }
    let most_frequent = first_max(&class_totals);
    let mapping: Vec<usize> = train_counts
        .iter()
        .map(|counts| {
            if counts.iter().sum::<usize>() == 0 {
                most_frequent
            } else {
                first_max(counts)
            }
        })
        .collect();

    let mut scores = Array2::zeros((test_x.nrows(), k));
    for (i, &c) in test_clusters.iter().enumerate() {
        let total: usize = train_counts[c].iter().sum();
        for class in 0..k {
            scores[[i, class]] = if total == 0 {
                f64::from(u8::from(class == most_frequent))
            } else {
                train_counts[c][class] as f64 / total as f64
            };
        }
    }
    let predicted: Vec<usize> = test_clusters.iter().map(|&c| mapping[c]).collect();

    let mut columns: Vec<usize> = (0..k).collect();
    columns.sort_by_key(|&c| (mapping[c], c));
    let mut contingency = vec![vec![0usize; k]; k];
    for (&c, &label) in test_clusters.iter().zip(test_y) {
        let j = columns.iter().position(|&col| col == c).unwrap_or(0);
        contingency[label][j] += 1;
    }
    let agreement = predicted.iter().zip(test_y).filter(|(p, t)| p == t).count() as f64
        / test_y.len().max(1) as f64;
    let summary = ClusterSummary {
        k,
        mapping: mapping.iter().map(|&m| classes[m].clone()).collect(),
        agreement,
        adjusted_rand: adjusted_rand(&contingency),
        columns,
        contingency,
        inertia: model.inertia(),
    };
    Ok(ClassifierRun {
        predicted,
        scores,
        score_kind: ScoreKind::ClusterFraction,
        warnings,
        notes: Vec::new(),
        clusters: Some(summary),
    })
}

/// The number of clusters of k-means without a target when `--clusters` is not given.
pub const DEFAULT_CLUSTERS: usize = 2;
/// The most clusters `--clusters` accepts.
pub const MAX_CLUSTERS: usize = 100;

/// k-means without a target: how tight the clusters are and how many test rows each got.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClusteringMetrics {
    /// Test rows.
    pub n: usize,
    pub k: usize,
    /// Mean squared distance of the training rows to their centroid (standardised
    /// features).
    pub inertia: f64,
    /// The same for the test rows and their nearest centroid.
    pub test_inertia: f64,
    /// Test rows per cluster.
    pub sizes: Vec<usize>,
}

/// What [`fit_unlabelled`] returns.
pub struct UnlabelledRun {
    pub test_clusters: Vec<usize>,
    pub metrics: ClusteringMetrics,
    pub warnings: Vec<String>,
}

/// k-means with `k` clusters on the training rows, without labels; the test rows go to
/// their nearest centroid.
pub fn fit_unlabelled(
    x: &Array2<f64>,
    test_x: &Array2<f64>,
    k: usize,
    seed: u64,
) -> Result<UnlabelledRun, TrainError> {
    if !(2..=MAX_CLUSTERS).contains(&k) || k > x.nrows() {
        return Err(TrainError::Setup(format!(
            "--clusters {k}: k-means needs between 2 and {} clusters here (at most \
             {MAX_CLUSTERS}, and no more than the {} training rows)",
            MAX_CLUSTERS.min(x.nrows()),
            x.nrows()
        )));
    }
    let model = fit(x, k, seed)?;
    let train_clusters: Array1<usize> = model.predict(x);
    let test_clusters: Array1<usize> = model.predict(test_x);
    let warnings = convergence_warning(x, model.centroids(), &train_clusters);
    let mut sizes = vec![0usize; k];
    for &c in &test_clusters {
        sizes[c] += 1;
    }
    let metrics = ClusteringMetrics {
        n: test_x.nrows(),
        k,
        inertia: model.inertia(),
        test_inertia: mean_squared_distance(test_x, model.centroids(), &test_clusters),
        sizes,
    };
    Ok(UnlabelledRun {
        test_clusters: test_clusters.to_vec(),
        metrics,
        warnings,
    })
}

/// The seeded linfa fit with the iteration cap.
fn fit(x: &Array2<f64>, k: usize, seed: u64) -> Result<KMeans<f64, L2Dist>, TrainError> {
    // An independent stream from the one the split uses with the same seed.
    let mut rng = Xoshiro256Plus::seed_from_u64(seed);
    rng.jump();
    KMeans::params_with_rng(k, rng)
        .max_n_iterations(MAX_ITERATIONS)
        .tolerance(TOLERANCE)
        .fit(&DatasetBase::from(x.clone()))
        .map_err(|e| TrainError::Fit {
            model: "k-means",
            message: e.to_string(),
        })
}

/// A warning when one more Lloyd step would still move the centroids.
fn convergence_warning(
    x: &Array2<f64>,
    centroids: &Array2<f64>,
    clusters: &Array1<usize>,
) -> Vec<String> {
    let shift = centroid_shift(x, centroids, clusters);
    if shift < TOLERANCE {
        return Vec::new();
    }
    vec![format!(
        "k-means did not converge within {MAX_ITERATIONS} iterations (the centroids still \
         move by {shift:.2e} per iteration, wanted below {TOLERANCE:.0e}); the clusters may \
         still change with more iterations"
    )]
}

/// Mean squared distance of each row to its cluster's centroid.
fn mean_squared_distance(
    x: &Array2<f64>,
    centroids: &Array2<f64>,
    clusters: &Array1<usize>,
) -> f64 {
    let total: f64 = x
        .rows()
        .into_iter()
        .zip(clusters)
        .map(|(row, &c)| {
            row.iter()
                .zip(centroids.row(c))
                .map(|(a, b)| (a - b) * (a - b))
                .sum::<f64>()
        })
        .sum();
    total / x.nrows().max(1) as f64
}

/// How far one more Lloyd step would move the centroids (L2 over all coordinates, as
/// linfa measures it): below [`TOLERANCE`] for a converged fit.
fn centroid_shift(x: &Array2<f64>, centroids: &Array2<f64>, clusters: &Array1<usize>) -> f64 {
    let mut sums = Array2::<f64>::zeros(centroids.raw_dim());
    let mut counts = vec![0usize; centroids.nrows()];
    for (row, &c) in x.rows().into_iter().zip(clusters) {
        let mut sum = sums.row_mut(c);
        sum += &row;
        counts[c] += 1;
    }
    let mut squared = 0.0;
    for (c, &count) in counts.iter().enumerate() {
        // An empty cluster keeps its centroid, as linfa does.
        if count == 0 {
            continue;
        }
        for (s, m) in sums.row(c).iter().zip(centroids.row(c)) {
            let d = s / count as f64 - m;
            squared += d * d;
        }
    }
    squared.sqrt()
}

fn first_max(counts: &[usize]) -> usize {
    let mut best = 0;
    for (i, &c) in counts.iter().enumerate() {
        if c > counts[best] {
            best = i;
        }
    }
    best
}

/// Adjusted Rand index from a contingency table (Hubert & Arabie 1985), with
/// scikit-learn's conventions for the degenerate cases.
pub fn adjusted_rand(table: &[Vec<usize>]) -> f64 {
    let pairs = |n: usize| (n * n.saturating_sub(1)) as f64 / 2.0;
    let n: usize = table.iter().flatten().sum();
    let sum_cells: f64 = table.iter().flatten().map(|&c| pairs(c)).sum();
    let sum_rows: f64 = table.iter().map(|r| pairs(r.iter().sum())).sum();
    let cols = table.first().map_or(0, Vec::len);
    let sum_cols: f64 = (0..cols)
        .map(|j| pairs(table.iter().map(|r| r[j]).sum()))
        .sum();
    let total = pairs(n);
    if total == 0.0 {
        return 1.0;
    }
    let expected = sum_rows * sum_cols / total;
    let max = (sum_rows + sum_cols) / 2.0;
    if max == expected {
        return 1.0;
    }
    (sum_cells - expected) / (max - expected)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn adjusted_rand_matches_known_values() {
        // Identical groupings score 1 whatever the cluster names.
        assert_eq!(adjusted_rand(&[vec![0, 2], vec![2, 0]]), 1.0);
        // scikit-learn: adjusted_rand_score([0,0,1,1], [0,0,1,2]) = 0.5714285714.
        let ari = adjusted_rand(&[vec![2, 0, 0], vec![0, 1, 1]]);
        assert!((ari - 0.5714285714).abs() < 1e-9, "{ari}");
    }

    #[test]
    fn centroids_that_would_still_move_give_a_warning() {
        let x = array![[0.0], [1.0], [10.0], [11.0]];
        let clusters = array![0, 0, 1, 1];
        // One more step moves both centroids by 0.5: not converged.
        let stale = convergence_warning(&x, &array![[0.0], [10.0]], &clusters);
        assert_eq!(stale.len(), 1);
        assert!(
            stale[0].contains("did not converge within 300 iterations"),
            "{stale:?}"
        );
        assert!(stale[0].contains("7.07e-1"), "{stale:?}");
        assert!(convergence_warning(&x, &array![[0.5], [10.5]], &clusters).is_empty());
    }

    #[test]
    fn unlabelled_clusters_cover_the_test_rows() {
        let x = array![[0.0], [0.1], [0.2], [5.0], [5.1], [5.2]];
        let run = fit_unlabelled(&x, &array![[0.05], [5.05], [4.9]], 2, 1).unwrap();
        assert_eq!(run.metrics.sizes.iter().sum::<usize>(), 3);
        assert_eq!(run.test_clusters[1], run.test_clusters[2]);
        assert_ne!(run.test_clusters[0], run.test_clusters[1]);
        assert!(run.warnings.is_empty(), "{:?}", run.warnings);
        assert!(run.metrics.inertia < 0.01, "{}", run.metrics.inertia);
        assert!(fit_unlabelled(&x, &x, 1, 1).is_err());
        assert!(fit_unlabelled(&x, &x, 7, 1).is_err());
    }

    #[test]
    fn clusters_map_to_their_majority_label() {
        let x = array![[0.0], [0.1], [0.2], [5.0], [5.1], [5.2]];
        let y = array![1, 1, 0, 0, 0, 0];
        let classes = vec!["a".to_string(), "b".to_string()];
        let run = fit_predict(&x, &y, &array![[0.05], [5.05]], &array![1, 0], &classes, 1).unwrap();
        assert_eq!(run.predicted, vec![1, 0]);
        let s = run.clusters.unwrap();
        assert_eq!(s.agreement, 1.0);
        assert!((run.scores[[0, 1]] - 2.0 / 3.0).abs() < 1e-12);
        assert_eq!(s.contingency, vec![vec![1, 0], vec![0, 1]]);
    }
}
