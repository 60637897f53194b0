//! Confusion counts for a two-class problem with an explicit positive class, and
//! the metrics computed from them.
//!
//! Every ratio whose denominator is zero is 0.0, the number scikit-learn returns with
//! its default `zero_division`; [`ConfusionCounts::is_undefined`] says when that happened
//! so that displays can mark the value "0.0 (undefined)".

use super::multiclass::mcc_from_totals;

/// True/false positives and negatives. A row is predicted positive when its score is
/// at least the threshold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub struct ConfusionCounts {
    pub tp: u64,
    pub fp: u64,
    /// False negatives (`fn` is a Rust keyword).
    pub fn_: u64,
    pub tn: u64,
}

/// The metrics computable from [`ConfusionCounts`], named as in lesson goals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CountMetric {
    Accuracy,
    Precision,
    Recall,
    Specificity,
    F1,
    BalancedAccuracy,
    Mcc,
}

impl CountMetric {
    pub const ALL: [CountMetric; 7] = [
        CountMetric::Accuracy,
        CountMetric::Precision,
        CountMetric::Recall,
        CountMetric::Specificity,
        CountMetric::F1,
        CountMetric::BalancedAccuracy,
        CountMetric::Mcc,
    ];

    /// The snake_case name used in lesson goals and JSON output.
    pub fn name(self) -> &'static str {
        match self {
            CountMetric::Accuracy => "accuracy",
            CountMetric::Precision => "precision",
            CountMetric::Recall => "recall",
            CountMetric::Specificity => "specificity",
            CountMetric::F1 => "f1",
            CountMetric::BalancedAccuracy => "balanced_accuracy",
            CountMetric::Mcc => "mcc",
        }
    }

    pub fn from_name(name: &str) -> Option<CountMetric> {
        CountMetric::ALL.into_iter().find(|m| m.name() == name)
    }

    /// The formula in words, for tables that explain themselves.
    pub fn formula(self) -> &'static str {
        match self {
            CountMetric::Accuracy => "(TP + TN) / n",
            CountMetric::Precision => "TP / (TP + FP)",
            CountMetric::Recall => "TP / (TP + FN)",
            CountMetric::Specificity => "TN / (TN + FP)",
            CountMetric::F1 => "2TP / (2TP + FP + FN)",
            CountMetric::BalancedAccuracy => "(recall + specificity) / 2",
            CountMetric::Mcc => "correlation of truth and prediction",
        }
    }
}

/// `num / den`, or 0.0 when `den` is 0.
pub(crate) fn ratio(num: f64, den: f64) -> f64 {
    if den == 0.0 { 0.0 } else { num / den }
}

impl ConfusionCounts {
    /// Counts for the rule "positive iff `score >= threshold`".
    ///
    /// # Panics
    /// If `labels` and `scores` differ in length.
    pub fn at_threshold(labels: &[bool], scores: &[f64], threshold: f64) -> ConfusionCounts {
        assert_eq!(labels.len(), scores.len(), "one score per label");
        let mut counts = ConfusionCounts::default();
        let (mut positives, mut predicted_and_positive, mut predicted) = (0u64, 0u64, 0u64);
        for (&is_positive, &score) in labels.iter().zip(scores) {
            let hit = score >= threshold;
            positives += u64::from(is_positive);
            predicted += u64::from(hit);
            predicted_and_positive += u64::from(hit && is_positive);
        }
        let n = labels.len() as u64;
        counts.tp = predicted_and_positive;
        counts.fp = predicted - predicted_and_positive;
        counts.fn_ = positives - predicted_and_positive;
        counts.tn = n - positives - counts.fp;
        counts
    }

    /// Counts from hard predictions (`predicted[i]` = row i predicted positive).
    ///
    /// # Panics
    /// If `labels` and `predicted` differ in length.
    pub fn from_predictions(labels: &[bool], predicted: &[bool]) -> ConfusionCounts {
        assert_eq!(labels.len(), predicted.len(), "one prediction per label");
        let mut counts = ConfusionCounts::default();
        for (&truth, &pred) in labels.iter().zip(predicted) {
            match (truth, pred) {
                (true, true) => counts.tp += 1,
                (false, true) => counts.fp += 1,
                (true, false) => counts.fn_ += 1,
                (false, false) => counts.tn += 1,
            }
        }
        counts
    }

    pub fn n(&self) -> u64 {
        self.tp + self.fp + self.fn_ + self.tn
    }
    /// Rows whose truth is positive.
    pub fn positives(&self) -> u64 {
        self.tp + self.fn_
    }
    /// Rows whose truth is negative.
    pub fn negatives(&self) -> u64 {
        self.fp + self.tn
    }
    /// Rows predicted positive.
    pub fn predicted_positives(&self) -> u64 {
        self.tp + self.fp
    }

    pub fn accuracy(&self) -> f64 {
        ratio((self.tp + self.tn) as f64, self.n() as f64)
    }
    pub fn precision(&self) -> f64 {
        ratio(self.tp as f64, (self.tp + self.fp) as f64)
    }
    /// Also called sensitivity or true positive rate.
    pub fn recall(&self) -> f64 {
        ratio(self.tp as f64, (self.tp + self.fn_) as f64)
    }
    /// True negative rate.
    pub fn specificity(&self) -> f64 {
        ratio(self.tn as f64, (self.tn + self.fp) as f64)
    }
    /// False positive rate, 1 - specificity.
    pub fn false_positive_rate(&self) -> f64 {
        ratio(self.fp as f64, (self.tn + self.fp) as f64)
    }
    pub fn f1(&self) -> f64 {
        self.f_beta(1.0)
    }
    /// `(1+β²)·TP / ((1+β²)·TP + β²·FN + FP)`, the count form scikit-learn uses since 1.4.
    pub fn f_beta(&self, beta: f64) -> f64 {
        let b2 = beta * beta;
        let tp = self.tp as f64;
        ratio(
            (1.0 + b2) * tp,
            (1.0 + b2) * tp + b2 * self.fn_ as f64 + self.fp as f64,
        )
    }
    /// Mean recall over the classes present in the truth: (recall + specificity) / 2
    /// when both are present, the one class's recall otherwise (as scikit-learn).
    pub fn balanced_accuracy(&self) -> f64 {
        match (self.positives() > 0, self.negatives() > 0) {
            (true, true) => (self.recall() + self.specificity()) / 2.0,
            (true, false) => self.recall(),
            (false, true) => self.specificity(),
            (false, false) => 0.0,
        }
    }
    fn mcc_or_undefined(&self) -> Option<f64> {
        let truth = [self.negatives() as f64, self.positives() as f64];
        let predicted = [(self.tn + self.fn_) as f64, (self.tp + self.fp) as f64];
        mcc_from_totals(
            (self.tp + self.tn) as f64,
            self.n() as f64,
            &truth,
            &predicted,
        )
    }

    /// Matthews correlation coefficient; 0.0 when all truth or all predictions are
    /// one class.
    pub fn mcc(&self) -> f64 {
        self.mcc_or_undefined().unwrap_or(0.0)
    }

    pub fn metric(&self, metric: CountMetric) -> f64 {
        match metric {
            CountMetric::Accuracy => self.accuracy(),
            CountMetric::Precision => self.precision(),
            CountMetric::Recall => self.recall(),
            CountMetric::Specificity => self.specificity(),
            CountMetric::F1 => self.f1(),
            CountMetric::BalancedAccuracy => self.balanced_accuracy(),
            CountMetric::Mcc => self.mcc(),
        }
    }

    /// Whether `metric` hit a zero denominator (and so reads 0.0 by convention).
    pub fn is_undefined(&self, metric: CountMetric) -> bool {
        match metric {
            CountMetric::Accuracy | CountMetric::BalancedAccuracy => self.n() == 0,
            CountMetric::Precision => self.predicted_positives() == 0,
            CountMetric::Recall => self.positives() == 0,
            CountMetric::Specificity => self.negatives() == 0,
            CountMetric::F1 => self.tp + self.fp + self.fn_ == 0,
            CountMetric::Mcc => self.mcc_or_undefined().is_none(),
        }
    }

    /// `cost_fp · FP + cost_fn · FN`.
    pub fn cost(&self, cost_fp: f64, cost_fn: f64) -> f64 {
        cost_fp * self.fp as f64 + cost_fn * self.fn_ as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bools(v: &[u8]) -> Vec<bool> {
        v.iter().map(|&x| x == 1).collect()
    }

    fn close(a: f64, b: f64) {
        assert!((a - b).abs() < 1e-4, "{a} vs {b}");
    }

    #[test]
    fn precision_recall_f_beta_golden() {
        // y=[0,1,0,1], ŷ=[0,1,0,0]
        let c = ConfusionCounts::from_predictions(&bools(&[0, 1, 0, 1]), &bools(&[0, 1, 0, 0]));
        assert_eq!(
            c,
            ConfusionCounts {
                tp: 1,
                fp: 0,
                fn_: 1,
                tn: 2
            }
        );
        assert_eq!(c.precision(), 1.0);
        assert_eq!(c.recall(), 0.5);
        close(c.f1(), 0.6667);
        close(c.f_beta(0.5), 0.8333);
        close(c.f_beta(2.0), 0.5556);
        assert_eq!(c.f1(), 2.0 / 3.0);
    }

    #[test]
    fn no_predicted_positives_gives_zero_precision_marked_undefined() {
        let c = ConfusionCounts::from_predictions(&bools(&[0, 1, 1]), &bools(&[0, 0, 0]));
        assert_eq!(c.precision(), 0.0);
        assert!(c.is_undefined(CountMetric::Precision));
        // F has FNs, so it is a real 0, not a zero division.
        assert_eq!(c.f1(), 0.0);
        assert!(!c.is_undefined(CountMetric::F1));
        assert_eq!(c.mcc(), 0.0);
        assert!(c.is_undefined(CountMetric::Mcc));
    }

    #[test]
    fn all_negative_truth_and_predictions() {
        let c = ConfusionCounts::from_predictions(&bools(&[0, 0]), &bools(&[0, 0]));
        assert_eq!(c.recall(), 0.0);
        assert!(c.is_undefined(CountMetric::Recall));
        assert_eq!(c.f1(), 0.0);
        assert!(c.is_undefined(CountMetric::F1));
        assert_eq!(c.accuracy(), 1.0);
        assert_eq!(c.balanced_accuracy(), 1.0);
    }

    #[test]
    fn empty_counts_are_all_zero() {
        let c = ConfusionCounts::default();
        for m in CountMetric::ALL {
            assert_eq!(c.metric(m), 0.0, "{}", m.name());
            assert!(c.is_undefined(m), "{}", m.name());
        }
    }

    #[test]
    fn balanced_accuracy_golden() {
        // y=[0,1,0,0,1,0], ŷ=[0,1,0,0,0,1]
        let c = ConfusionCounts::from_predictions(
            &bools(&[0, 1, 0, 0, 1, 0]),
            &bools(&[0, 1, 0, 0, 0, 1]),
        );
        assert_eq!(c.balanced_accuracy(), 0.625);
        // adjusted form (score - 1/K) / (1 - 1/K) with K = 2
        assert_eq!((c.balanced_accuracy() - 0.5) / 0.5, 0.25);
    }

    #[test]
    fn balanced_accuracy_with_one_truth_class_uses_that_class_only() {
        let c = ConfusionCounts::from_predictions(&bools(&[1, 1, 1, 1]), &bools(&[1, 0, 1, 1]));
        assert_eq!(c.balanced_accuracy(), 0.75);
    }

    #[test]
    fn mcc_golden() {
        // y=[1,1,1,-1], ŷ=[1,-1,1,1] with 1 positive
        let c = ConfusionCounts::from_predictions(&bools(&[1, 1, 1, 0]), &bools(&[1, 0, 1, 1]));
        close(c.mcc(), -0.3333);
        assert!((c.mcc() + 1.0 / 3.0).abs() < 1e-12);
    }

    #[test]
    fn mcc_perfect_and_inverted() {
        let y = bools(&[1, 0, 1, 0]);
        let inv: Vec<bool> = y.iter().map(|b| !b).collect();
        assert_eq!(ConfusionCounts::from_predictions(&y, &y).mcc(), 1.0);
        assert_eq!(ConfusionCounts::from_predictions(&y, &inv).mcc(), -1.0);
    }

    #[test]
    fn threshold_rule_is_score_at_least_threshold() {
        let y = bools(&[0, 1, 0, 1]);
        let s = [0.5, 0.5, 0.2, 0.9];
        let c = ConfusionCounts::at_threshold(&y, &s, 0.5);
        assert_eq!(
            c,
            ConfusionCounts {
                tp: 2,
                fp: 1,
                fn_: 0,
                tn: 1
            }
        );
        let c = ConfusionCounts::at_threshold(&y, &s, 0.51);
        assert_eq!(
            c,
            ConfusionCounts {
                tp: 1,
                fp: 0,
                fn_: 1,
                tn: 2
            }
        );
        assert_eq!(c.specificity(), 1.0);
        assert_eq!(c.false_positive_rate(), 0.0);
    }

    #[test]
    fn metric_names_round_trip() {
        for m in CountMetric::ALL {
            assert_eq!(CountMetric::from_name(m.name()), Some(m));
        }
        assert_eq!(CountMetric::from_name("roc_auc"), None);
    }

    #[test]
    fn cost_weights_errors() {
        let c = ConfusionCounts {
            tp: 5,
            fp: 2,
            fn_: 3,
            tn: 10,
        };
        assert_eq!(c.cost(1.0, 5.0), 17.0);
    }
}
