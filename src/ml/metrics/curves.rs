//! ROC and precision–recall curves with their areas, from labels (true = positive)
//! and scores. Each function sorts once through a [`ThresholdSweep`]; build the sweep
//! yourself when you need several of them.

use super::sweep::ThresholdSweep;

/// ROC points for thresholds decreasing from +∞ (one per distinct score); this is
/// scikit-learn's `roc_curve(..., drop_intermediate=False)`.
#[derive(Debug, Clone, PartialEq)]
pub struct RocCurve {
    pub fpr: Vec<f64>,
    pub tpr: Vec<f64>,
    pub thresholds: Vec<f64>,
}

/// Precision–recall points in scikit-learn's order: increasing thresholds, then the
/// final point (precision 1, recall 0), which has no threshold.
#[derive(Debug, Clone, PartialEq)]
pub struct PrCurve {
    pub precision: Vec<f64>,
    pub recall: Vec<f64>,
    pub thresholds: Vec<f64>,
}

/// # Panics
/// If `labels` and `scores` differ in length (as every function here).
pub fn roc_curve(labels: &[bool], scores: &[f64]) -> RocCurve {
    ThresholdSweep::new(labels, scores).roc_curve()
}

/// ROC AUC with ties counted ½ (the Mann–Whitney U statistic over n⁺·n⁻);
/// `None` when only one class is present.
pub fn roc_auc(labels: &[bool], scores: &[f64]) -> Option<f64> {
    ThresholdSweep::new(labels, scores).roc_auc()
}

pub fn pr_curve(labels: &[bool], scores: &[f64]) -> PrCurve {
    ThresholdSweep::new(labels, scores).pr_curve()
}

/// Average precision (scikit-learn's step sum); `None` when there are no positives.
pub fn average_precision(labels: &[bool], scores: &[f64]) -> Option<f64> {
    ThresholdSweep::new(labels, scores).average_precision()
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
    fn roc_curve_golden() {
        // y=[1,1,2,2] with positive 2, s=[.1,.4,.35,.8]
        let curve = roc_curve(&bools(&[0, 0, 1, 1]), &[0.1, 0.4, 0.35, 0.8]);
        assert_eq!(curve.fpr, vec![0.0, 0.0, 0.5, 0.5, 1.0]);
        assert_eq!(curve.tpr, vec![0.0, 0.5, 0.5, 1.0, 1.0]);
        assert_eq!(curve.thresholds, vec![f64::INFINITY, 0.8, 0.4, 0.35, 0.1]);
    }

    #[test]
    fn auc_and_ap_golden() {
        let y = bools(&[0, 0, 1, 1]);
        let s = [0.1, 0.4, 0.35, 0.8];
        assert_eq!(roc_auc(&y, &s), Some(0.75));
        close(average_precision(&y, &s).unwrap(), 0.8333);
        assert!((average_precision(&y, &s).unwrap() - 5.0 / 6.0).abs() < 1e-15);
    }

    #[test]
    fn ap_is_not_the_trapezoid_under_the_pr_curve() {
        let y = bools(&[0, 0, 1, 1]);
        let curve = pr_curve(&y, &[0.1, 0.4, 0.35, 0.8]);
        let trapezoid: f64 = curve
            .recall
            .windows(2)
            .zip(curve.precision.windows(2))
            .map(|(r, p)| (r[0] - r[1]) * (p[0] + p[1]) / 2.0)
            .sum();
        close(trapezoid, 0.7917);
    }

    #[test]
    fn pr_curve_golden() {
        let curve = pr_curve(&bools(&[0, 0, 1, 1]), &[0.1, 0.4, 0.35, 0.8]);
        let expected_p = [0.5, 0.6667, 0.5, 1.0, 1.0];
        assert_eq!(curve.precision.len(), expected_p.len());
        for (a, b) in curve.precision.iter().zip(expected_p) {
            close(*a, b);
        }
        assert_eq!(curve.recall, vec![1.0, 1.0, 0.5, 0.5, 0.0]);
        assert_eq!(curve.thresholds, vec![0.1, 0.35, 0.4, 0.8]);
    }

    #[test]
    fn tied_scores_count_half() {
        // y=[0,1,0,1], s=[.5,.5,.2,.9]
        assert_eq!(
            roc_auc(&bools(&[0, 1, 0, 1]), &[0.5, 0.5, 0.2, 0.9]),
            Some(0.875)
        );
    }

    #[test]
    fn one_class_has_no_auc_and_no_positives_no_ap() {
        assert_eq!(roc_auc(&bools(&[1, 1]), &[0.2, 0.9]), None);
        assert_eq!(roc_auc(&bools(&[0, 0]), &[0.2, 0.9]), None);
        assert_eq!(average_precision(&bools(&[0, 0]), &[0.2, 0.9]), None);
        assert_eq!(average_precision(&bools(&[1, 1]), &[0.2, 0.9]), Some(1.0));
    }

    #[test]
    fn hard_zero_one_scores_are_handled() {
        // Scores exactly 0 and 1 (a tree's hard predictions): no special start point.
        let y = bools(&[1, 0, 1, 0]);
        assert_eq!(roc_auc(&y, &[0.0, 0.0, 1.0, 1.0]), Some(0.5));
        assert_eq!(roc_auc(&y, &[1.0, 0.0, 1.0, 0.0]), Some(1.0));
    }
}
