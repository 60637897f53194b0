//! Everything about a binary classifier's output in one value: counts at a
//! threshold plus the threshold-free scores, looked up by lesson goal names.

use super::binary::{ConfusionCounts, CountMetric};
use super::probability::{brier_score, log_loss};
use super::sweep::ThresholdSweep;

/// A binary evaluation. The four threshold-free scores are `None` for hard predictions
/// or when undefined (AUC with one class, AP without positives, log loss and Brier
/// when a score lies outside [0, 1]).
#[derive(Debug, Clone, PartialEq)]
pub struct BinaryEvaluation {
    /// `None` for hard predictions.
    pub threshold: Option<f64>,
    pub counts: ConfusionCounts,
    pub roc_auc: Option<f64>,
    pub average_precision: Option<f64>,
    pub log_loss: Option<f64>,
    pub brier: Option<f64>,
}

impl BinaryEvaluation {
    /// The names [`Self::metric`] knows, in the order of the JSON report.
    pub const METRICS: [&'static str; 11] = [
        "accuracy",
        "precision",
        "recall",
        "specificity",
        "f1",
        "balanced_accuracy",
        "mcc",
        "roc_auc",
        "average_precision",
        "log_loss",
        "brier",
    ];

    /// Scores rows as positive when `score >= threshold`.
    ///
    /// # Panics
    /// If the slices differ in length.
    pub fn from_scores(labels: &[bool], scores: &[f64], threshold: f64) -> BinaryEvaluation {
        let sweep = ThresholdSweep::new(labels, scores);
        let probabilities = scores.iter().all(|s| (0.0..=1.0).contains(s));
        BinaryEvaluation {
            threshold: Some(threshold),
            counts: sweep.counts_at(threshold),
            roc_auc: sweep.roc_auc(),
            average_precision: sweep.average_precision(),
            log_loss: probabilities.then(|| log_loss(labels, scores)),
            brier: probabilities.then(|| brier_score(labels, scores)),
        }
    }

    /// # Panics
    /// If the slices differ in length.
    pub fn from_predictions(labels: &[bool], predicted: &[bool]) -> BinaryEvaluation {
        BinaryEvaluation {
            threshold: None,
            counts: ConfusionCounts::from_predictions(labels, predicted),
            roc_auc: None,
            average_precision: None,
            log_loss: None,
            brier: None,
        }
    }

    /// A metric by its goal name (one of [`Self::METRICS`]); `None` for an unknown name
    /// or an undefined score.
    pub fn metric(&self, name: &str) -> Option<f64> {
        if let Some(m) = CountMetric::from_name(name) {
            return Some(self.counts.metric(m));
        }
        match name {
            "roc_auc" => self.roc_auc,
            "average_precision" => self.average_precision,
            "log_loss" => self.log_loss,
            "brier" => self.brier,
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn from_scores_fills_everything() {
        let y = [false, false, true, true];
        let e = BinaryEvaluation::from_scores(&y, &[0.1, 0.4, 0.35, 0.8], 0.5);
        assert_eq!(e.counts.tp, 1);
        assert_eq!(e.counts.fp, 0);
        assert_eq!(e.metric("recall"), Some(0.5));
        assert_eq!(e.metric("roc_auc"), Some(0.75));
        assert!(e.metric("log_loss").is_some());
        assert_eq!(e.metric("nonsense"), None);
        for name in BinaryEvaluation::METRICS {
            assert!(e.metric(name).is_some(), "{name}");
        }
    }

    #[test]
    fn decision_scores_have_no_probability_scores() {
        let y = [false, true];
        let e = BinaryEvaluation::from_scores(&y, &[-2.0, 3.0], 0.0);
        assert_eq!(e.roc_auc, Some(1.0));
        assert_eq!(e.log_loss, None);
        assert_eq!(e.brier, None);
    }

    #[test]
    fn predictions_have_no_threshold_free_scores() {
        let e = BinaryEvaluation::from_predictions(&[true, false], &[true, true]);
        assert_eq!(e.threshold, None);
        assert_eq!(e.metric("precision"), Some(0.5));
        assert_eq!(e.metric("roc_auc"), None);
    }
}
