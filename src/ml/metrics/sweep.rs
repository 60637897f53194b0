//! Every operating point of a scored classifier, computed once in O(n log n).
//!
//! The scores are sorted once; one pass then records, for each distinct score t
//! (descending), how many positives and negatives score at least t. The counts at any
//! threshold are then a binary search away, so a lab can redraw on every keypress.

use super::binary::ConfusionCounts;
use super::curves::{PrCurve, RocCurve};

/// Cumulative counts at every distinct score, highest first.
///
/// Scores must not be NaN (a NaN would sort above every number).
#[derive(Debug, Clone, PartialEq)]
pub struct ThresholdSweep {
    /// Distinct scores, strictly decreasing.
    thresholds: Vec<f64>,
    /// `true_pos[i]`: positives with `score >= thresholds[i]`.
    true_pos: Vec<u64>,
    /// `false_pos[i]`: negatives with `score >= thresholds[i]`.
    false_pos: Vec<u64>,
    positives: u64,
    negatives: u64,
}

/// One operating point: the rule "positive iff score >= threshold" and its counts.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct OperatingPoint {
    pub threshold: f64,
    pub counts: ConfusionCounts,
}

/// Sorts descending; -0.0 becomes 0.0 so that the two zeros are one threshold.
fn sorted_descending(mut scores: Vec<f64>) -> Vec<f64> {
    for s in &mut scores {
        *s += 0.0;
    }
    scores.sort_unstable_by(|a, b| b.total_cmp(a));
    scores
}

impl ThresholdSweep {
    /// # Panics
    /// If `labels` and `scores` differ in length.
    pub fn new(labels: &[bool], scores: &[f64]) -> ThresholdSweep {
        assert_eq!(labels.len(), scores.len(), "one score per label");
        // Sorting the two classes apart (8-byte keys, no labels to carry) and merging
        // is faster than sorting (score, label) pairs.
        let (pos, neg): (Vec<f64>, Vec<f64>) = {
            let mut pos = Vec::new();
            let mut neg = Vec::with_capacity(scores.len());
            for (&is_positive, &score) in labels.iter().zip(scores) {
                if is_positive {
                    pos.push(score);
                } else {
                    neg.push(score);
                }
            }
            (sorted_descending(pos), sorted_descending(neg))
        };
        let mut thresholds = Vec::new();
        let mut true_pos = Vec::new();
        let mut false_pos = Vec::new();
        let (mut i, mut j) = (0usize, 0usize);
        loop {
            let t = match (pos.get(i), neg.get(j)) {
                (Some(&a), Some(&b)) => {
                    if a.total_cmp(&b).is_ge() {
                        a
                    } else {
                        b
                    }
                }
                (Some(&a), None) => a,
                (None, Some(&b)) => b,
                (None, None) => break,
            };
            while i < pos.len() && pos[i].total_cmp(&t).is_eq() {
                i += 1;
            }
            while j < neg.len() && neg[j].total_cmp(&t).is_eq() {
                j += 1;
            }
            thresholds.push(t);
            true_pos.push(i as u64);
            false_pos.push(j as u64);
        }
        ThresholdSweep {
            thresholds,
            true_pos,
            false_pos,
            positives: pos.len() as u64,
            negatives: neg.len() as u64,
        }
    }

    pub fn positives(&self) -> u64 {
        self.positives
    }
    pub fn negatives(&self) -> u64 {
        self.negatives
    }
    pub fn n(&self) -> u64 {
        self.positives + self.negatives
    }
    /// The distinct scores, highest first.
    pub fn thresholds(&self) -> &[f64] {
        &self.thresholds
    }
    /// `true_positives()[i]`: positives scoring at least `thresholds()[i]`.
    pub fn true_positives(&self) -> &[u64] {
        &self.true_pos
    }
    /// `false_positives()[i]`: negatives scoring at least `thresholds()[i]`.
    pub fn false_positives(&self) -> &[u64] {
        &self.false_pos
    }
    /// Number of distinct scores.
    pub fn len(&self) -> usize {
        self.thresholds.len()
    }
    pub fn is_empty(&self) -> bool {
        self.thresholds.is_empty()
    }

    fn counts_for(&self, tp: u64, fp: u64) -> ConfusionCounts {
        ConfusionCounts {
            tp,
            fp,
            fn_: self.positives - tp,
            tn: self.negatives - fp,
        }
    }

    /// The operating point at the `i`-th distinct score (0 = highest).
    pub fn point(&self, i: usize) -> OperatingPoint {
        OperatingPoint {
            threshold: self.thresholds[i],
            counts: self.counts_for(self.true_pos[i], self.false_pos[i]),
        }
    }

    /// Every operating point, starting with threshold +∞ (nothing predicted positive)
    /// and then each distinct score, highest first (the last predicts all positive).
    pub fn points(&self) -> impl Iterator<Item = OperatingPoint> + '_ {
        let start = OperatingPoint {
            threshold: f64::INFINITY,
            counts: self.counts_for(0, 0),
        };
        std::iter::once(start).chain((0..self.len()).map(|i| self.point(i)))
    }

    /// Counts for "positive iff score >= threshold", by binary search: O(log n).
    pub fn counts_at(&self, threshold: f64) -> ConfusionCounts {
        // Thresholds are decreasing, so the scores >= t form a prefix.
        let above = self.thresholds.partition_point(|&s| s >= threshold);
        match above {
            0 => self.counts_for(0, 0),
            k => self.counts_for(self.true_pos[k - 1], self.false_pos[k - 1]),
        }
    }

    /// The operating point with the lowest `cost_fp·FP + cost_fn·FN` (the highest
    /// threshold among equal costs) and that cost.
    pub fn min_cost(&self, cost_fp: f64, cost_fn: f64) -> (OperatingPoint, f64) {
        let mut best: Option<(OperatingPoint, f64)> = None;
        for point in self.points() {
            let cost = point.counts.cost(cost_fp, cost_fn);
            if best.is_none_or(|(_, c)| cost < c) {
                best = Some((point, cost));
            }
        }
        best.expect("points() always yields the +inf point")
    }

    /// The ROC curve: thresholds decreasing from +∞, one point per distinct score.
    /// With no positives (negatives) the TPR (FPR) is 0.0 throughout.
    pub fn roc_curve(&self) -> RocCurve {
        let p = self.positives as f64;
        let n = self.negatives as f64;
        let rate = |count: u64, total: f64| {
            if total == 0.0 {
                0.0
            } else {
                count as f64 / total
            }
        };
        let mut curve = RocCurve {
            fpr: Vec::with_capacity(self.len() + 1),
            tpr: Vec::with_capacity(self.len() + 1),
            thresholds: Vec::with_capacity(self.len() + 1),
        };
        for point in self.points() {
            curve.fpr.push(rate(point.counts.fp, n));
            curve.tpr.push(rate(point.counts.tp, p));
            curve.thresholds.push(point.threshold);
        }
        curve
    }

    /// Area under the ROC curve (trapezoids, so a tied positive–negative pair counts ½);
    /// `None` when only one class is present.
    pub fn roc_auc(&self) -> Option<f64> {
        if self.positives == 0 || self.negatives == 0 {
            return None;
        }
        // Twice the area in count units, exact in integers.
        let (mut doubled_area, mut prev_tp, mut prev_fp) = (0u128, 0u64, 0u64);
        for (&tp, &fp) in self.true_pos.iter().zip(&self.false_pos) {
            doubled_area += u128::from(fp - prev_fp) * u128::from(tp + prev_tp);
            (prev_tp, prev_fp) = (tp, fp);
        }
        Some(doubled_area as f64 / (2.0 * self.positives as f64 * self.negatives as f64))
    }

    /// The precision–recall curve in scikit-learn's layout: thresholds increasing, then a
    /// final point (precision 1, recall 0) without a threshold. With no positives recall
    /// is 0.0 throughout (scikit-learn sets it to 1 with a warning).
    pub fn pr_curve(&self) -> PrCurve {
        let p = self.positives as f64;
        let mut curve = PrCurve {
            precision: Vec::with_capacity(self.len() + 1),
            recall: Vec::with_capacity(self.len() + 1),
            thresholds: Vec::with_capacity(self.len()),
        };
        for i in (0..self.len()).rev() {
            let counts = self.point(i).counts;
            curve.precision.push(counts.precision());
            curve
                .recall
                .push(if p == 0.0 { 0.0 } else { counts.tp as f64 / p });
            curve.thresholds.push(self.thresholds[i]);
        }
        curve.precision.push(1.0);
        curve.recall.push(0.0);
        curve
    }

    /// Average precision, the step sum `Σ (Rₙ − Rₙ₋₁)·Pₙ` over decreasing thresholds
    /// (not interpolated); `None` without positives.
    pub fn average_precision(&self) -> Option<f64> {
        if self.positives == 0 {
            return None;
        }
        let mut sum = 0.0;
        let mut prev_tp = 0u64;
        for (&tp, &fp) in self.true_pos.iter().zip(&self.false_pos) {
            if tp > prev_tp {
                sum += (tp - prev_tp) as f64 * (tp as f64 / (tp + fp) as f64);
            }
            prev_tp = tp;
        }
        Some(sum / self.positives as f64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bools(v: &[u8]) -> Vec<bool> {
        v.iter().map(|&x| x == 1).collect()
    }

    #[test]
    fn merges_ties_into_one_threshold() {
        let sweep = ThresholdSweep::new(&bools(&[0, 1, 0, 1]), &[0.5, 0.5, 0.2, 0.9]);
        assert_eq!(sweep.thresholds(), &[0.9, 0.5, 0.2]);
        assert_eq!(sweep.point(1).counts.tp, 2);
        assert_eq!(sweep.point(1).counts.fp, 1);
        assert_eq!(sweep.len(), 3);
        assert_eq!(sweep.points().count(), 4);
    }

    #[test]
    fn negative_zero_is_the_same_threshold_as_zero() {
        let sweep = ThresholdSweep::new(&bools(&[0, 1]), &[-0.0, 0.0]);
        assert_eq!(sweep.len(), 1);
        assert_eq!(sweep.roc_auc(), Some(0.5));
    }

    #[test]
    fn counts_at_matches_the_rule() {
        let y = bools(&[0, 0, 1, 1, 0, 1]);
        let s = [0.1, 0.4, 0.35, 0.8, 0.4, 0.0];
        let sweep = ThresholdSweep::new(&y, &s);
        for t in [
            -1.0,
            0.0,
            0.05,
            0.1,
            0.35,
            0.36,
            0.4,
            0.8,
            0.81,
            f64::INFINITY,
        ] {
            assert_eq!(
                sweep.counts_at(t),
                ConfusionCounts::at_threshold(&y, &s, t),
                "t={t}"
            );
        }
    }

    #[test]
    fn empty_input_has_one_point_and_no_auc() {
        let sweep = ThresholdSweep::new(&[], &[]);
        assert!(sweep.is_empty());
        assert_eq!(sweep.points().count(), 1);
        assert_eq!(sweep.roc_auc(), None);
        assert_eq!(sweep.average_precision(), None);
        assert_eq!(sweep.counts_at(0.5), ConfusionCounts::default());
    }

    #[test]
    fn min_cost_picks_the_cheapest_threshold() {
        let y = bools(&[0, 0, 1, 1]);
        let sweep = ThresholdSweep::new(&y, &[0.1, 0.4, 0.35, 0.8]);
        // FN cost 10: predicting everything positive (2 FP) beats any FN.
        let (point, cost) = sweep.min_cost(1.0, 10.0);
        assert_eq!(point.threshold, 0.35);
        assert_eq!(cost, 1.0);
        // FP cost 10: only the 0.8 score is worth flagging (1 FN).
        let (point, cost) = sweep.min_cost(10.0, 1.0);
        assert_eq!((point.threshold, cost), (0.8, 1.0));
    }
}
