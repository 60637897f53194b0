//! Properties of the ranking metrics that must hold for any input.

use mlpath::ml::metrics::{ConfusionCounts, ThresholdSweep, roc_auc};
use proptest::prelude::*;

/// Labels with scores drawn from a small grid (0, 0.1, …, 1) so that ties are common.
fn labelled_scores() -> impl Strategy<Value = (Vec<bool>, Vec<f64>)> {
    prop::collection::vec((any::<bool>(), 0u8..=10), 0..60).prop_map(|rows| {
        rows.into_iter()
            .map(|(label, step)| (label, f64::from(step) / 10.0))
            .unzip()
    })
}

/// AUC by its definition: over all positive–negative pairs, 1 if the positive scores
/// higher, ½ if tied.
fn mann_whitney_auc(labels: &[bool], scores: &[f64]) -> Option<f64> {
    let pos: Vec<f64> = (0..labels.len())
        .filter(|&i| labels[i])
        .map(|i| scores[i])
        .collect();
    let neg: Vec<f64> = (0..labels.len())
        .filter(|&i| !labels[i])
        .map(|i| scores[i])
        .collect();
    if pos.is_empty() || neg.is_empty() {
        return None;
    }
    let mut wins = 0.0;
    for p in &pos {
        for n in &neg {
            wins += if p > n {
                1.0
            } else if p == n {
                0.5
            } else {
                0.0
            };
        }
    }
    Some(wins / (pos.len() * neg.len()) as f64)
}

proptest! {
    #[test]
    fn auc_is_the_mann_whitney_statistic((labels, scores) in labelled_scores()) {
        let ours = roc_auc(&labels, &scores);
        let pairs = mann_whitney_auc(&labels, &scores);
        prop_assert_eq!(ours.is_some(), pairs.is_some());
        if let (Some(a), Some(b)) = (ours, pairs) {
            prop_assert!((a - b).abs() < 1e-12, "sweep {} vs pairs {}", a, b);
            prop_assert!((0.0..=1.0).contains(&a));
        }
    }

    #[test]
    fn sweep_counts_equal_direct_counts((labels, scores) in labelled_scores(), extra in -0.5f64..1.5) {
        let sweep = ThresholdSweep::new(&labels, &scores);
        for point in sweep.points() {
            prop_assert_eq!(
                point.counts,
                ConfusionCounts::at_threshold(&labels, &scores, point.threshold)
            );
            prop_assert_eq!(sweep.counts_at(point.threshold), point.counts);
        }
        // Between and beyond the distinct scores too.
        for t in [extra, extra + 0.05, f64::NEG_INFINITY] {
            prop_assert_eq!(sweep.counts_at(t), ConfusionCounts::at_threshold(&labels, &scores, t));
        }
        prop_assert_eq!(sweep.n(), labels.len() as u64);
    }

    #[test]
    fn average_precision_is_a_probability((labels, scores) in labelled_scores()) {
        if let Some(ap) = ThresholdSweep::new(&labels, &scores).average_precision() {
            prop_assert!((0.0..=1.0 + 1e-12).contains(&ap));
        }
    }
}
