//! Multiclass confusion matrix and the metrics scikit-learn derives from it:
//! per-class precision/recall/F1, macro/micro/weighted averages, Cohen's kappa and MCC.

use std::cmp::Ordering;
use std::collections::HashMap;

use super::binary::ratio;

/// A square matrix of counts: `count(i, j)` rows whose truth is label `i` and whose
/// prediction is label `j` (rows = actual, columns = predicted).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfusionMatrix {
    labels: Vec<String>,
    /// Row-major, `labels.len()²` entries.
    counts: Vec<u64>,
}

/// Precision, recall and F1 of one class against the rest; support = rows of that class.
#[derive(Debug, Clone, PartialEq)]
pub struct ClassScores {
    pub label: String,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub support: u64,
}

/// The order scikit-learn gives labels: ascending numbers when every label is a number,
/// otherwise ascending text (numbers before text if the two are mixed).
pub fn compare_labels(a: &str, b: &str) -> Ordering {
    let num = |s: &str| s.trim().parse::<f64>().ok().filter(|v| !v.is_nan());
    match (num(a), num(b)) {
        (Some(x), Some(y)) => x.total_cmp(&y).then_with(|| a.cmp(b)),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => a.cmp(b),
    }
}

/// `(c·s − Σ pₖtₖ) / √((s² − Σ pₖ²)(s² − Σ tₖ²))`, `None` when the denominator is 0
/// (`c` correct, `s` total, `t` true counts, `p` predicted counts).
pub(crate) fn mcc_from_totals(
    correct: f64,
    total: f64,
    truth: &[f64],
    predicted: &[f64],
) -> Option<f64> {
    let dot = |a: &[f64], b: &[f64]| a.iter().zip(b).map(|(x, y)| x * y).sum::<f64>();
    let cov_true_pred = correct * total - dot(truth, predicted);
    let cov_pred = total * total - dot(predicted, predicted);
    let cov_true = total * total - dot(truth, truth);
    if cov_pred * cov_true == 0.0 {
        None
    } else {
        Some(cov_true_pred / (cov_true * cov_pred).sqrt())
    }
}

impl ConfusionMatrix {
    /// Builds the matrix from truth and predicted labels; the labels are the sorted
    /// union of both (see [`compare_labels`]).
    ///
    /// # Panics
    /// If `truth` and `pred` differ in length.
    pub fn from_labels<S: AsRef<str>>(truth: &[S], pred: &[S]) -> ConfusionMatrix {
        assert_eq!(truth.len(), pred.len(), "one prediction per truth label");
        let mut ids: HashMap<&str, usize> = HashMap::new();
        let mut seen: Vec<&str> = Vec::new();
        let mut pairs: Vec<(usize, usize)> = Vec::with_capacity(truth.len());
        for (t, p) in truth.iter().zip(pred) {
            let mut pair = [0usize; 2];
            for (slot, label) in pair.iter_mut().zip([t.as_ref(), p.as_ref()]) {
                *slot = *ids.entry(label).or_insert_with(|| {
                    seen.push(label);
                    seen.len() - 1
                });
            }
            pairs.push((pair[0], pair[1]));
        }
        let mut order: Vec<usize> = (0..seen.len()).collect();
        order.sort_by(|&a, &b| compare_labels(seen[a], seen[b]));
        let mut rank = vec![0usize; seen.len()];
        for (position, &id) in order.iter().enumerate() {
            rank[id] = position;
        }
        let labels: Vec<String> = order.iter().map(|&id| seen[id].to_string()).collect();
        let k = labels.len();
        let mut counts = vec![0u64; k * k];
        for (t, p) in pairs {
            counts[rank[t] * k + rank[p]] += 1;
        }
        ConfusionMatrix { labels, counts }
    }

    /// Builds the matrix from class indices into `labels` (kept in the given order).
    ///
    /// # Panics
    /// If the slices differ in length or an index is out of range.
    pub fn from_indices(labels: Vec<String>, truth: &[usize], pred: &[usize]) -> ConfusionMatrix {
        assert_eq!(truth.len(), pred.len(), "one prediction per truth label");
        let k = labels.len();
        let mut counts = vec![0u64; k * k];
        for (&t, &p) in truth.iter().zip(pred) {
            assert!(t < k && p < k, "class index out of range");
            counts[t * k + p] += 1;
        }
        ConfusionMatrix { labels, counts }
    }

    /// Wraps existing counts (`rows[i][j]`: truth `i`, predicted `j`).
    ///
    /// # Panics
    /// If `rows` is not square with one row per label.
    pub fn from_rows(labels: Vec<String>, rows: &[Vec<u64>]) -> ConfusionMatrix {
        let k = labels.len();
        assert!(
            rows.len() == k && rows.iter().all(|r| r.len() == k),
            "a square matrix with one row per label"
        );
        ConfusionMatrix {
            labels,
            counts: rows.concat(),
        }
    }

    pub fn labels(&self) -> &[String] {
        &self.labels
    }
    pub fn n_classes(&self) -> usize {
        self.labels.len()
    }
    /// Rows with truth `actual` predicted as `predicted` (indices into [`Self::labels`]).
    pub fn count(&self, actual: usize, predicted: usize) -> u64 {
        self.counts[actual * self.n_classes() + predicted]
    }
    /// The matrix as rows (truth) of columns (prediction).
    pub fn rows(&self) -> Vec<Vec<u64>> {
        let k = self.n_classes().max(1);
        self.counts.chunks(k).map(<[u64]>::to_vec).collect()
    }
    pub fn n(&self) -> u64 {
        self.counts.iter().sum()
    }
    /// Support: rows whose truth is each label.
    pub fn truth_totals(&self) -> Vec<u64> {
        let k = self.n_classes();
        (0..k)
            .map(|i| (0..k).map(|j| self.count(i, j)).sum())
            .collect()
    }
    /// Rows predicted as each label.
    pub fn predicted_totals(&self) -> Vec<u64> {
        let k = self.n_classes();
        (0..k)
            .map(|j| (0..k).map(|i| self.count(i, j)).sum())
            .collect()
    }
    pub fn correct(&self) -> u64 {
        (0..self.n_classes()).map(|i| self.count(i, i)).sum()
    }

    pub fn accuracy(&self) -> f64 {
        ratio(self.correct() as f64, self.n() as f64)
    }

    /// One-vs-rest scores per label, in label order.
    pub fn per_class(&self) -> Vec<ClassScores> {
        let truth = self.truth_totals();
        let predicted = self.predicted_totals();
        self.labels
            .iter()
            .enumerate()
            .map(|(i, label)| {
                let tp = self.count(i, i) as f64;
                ClassScores {
                    label: label.clone(),
                    precision: ratio(tp, predicted[i] as f64),
                    recall: ratio(tp, truth[i] as f64),
                    // 2TP / (2TP + FP + FN) = 2TP / (predicted + actual)
                    f1: ratio(2.0 * tp, (predicted[i] + truth[i]) as f64),
                    support: truth[i],
                }
            })
            .collect()
    }

    fn macro_of(&self, pick: impl Fn(&ClassScores) -> f64) -> f64 {
        let per_class = self.per_class();
        ratio(
            per_class.iter().map(&pick).sum::<f64>(),
            per_class.len() as f64,
        )
    }
    fn weighted_of(&self, pick: impl Fn(&ClassScores) -> f64) -> f64 {
        let per_class = self.per_class();
        let total: u64 = per_class.iter().map(|c| c.support).sum();
        ratio(
            per_class
                .iter()
                .map(|c| pick(c) * c.support as f64)
                .sum::<f64>(),
            total as f64,
        )
    }

    pub fn macro_precision(&self) -> f64 {
        self.macro_of(|c| c.precision)
    }
    pub fn macro_recall(&self) -> f64 {
        self.macro_of(|c| c.recall)
    }
    /// Mean of per-class F1 (not the harmonic mean of macro precision and recall).
    pub fn macro_f1(&self) -> f64 {
        self.macro_of(|c| c.f1)
    }
    pub fn weighted_precision(&self) -> f64 {
        self.weighted_of(|c| c.precision)
    }
    pub fn weighted_recall(&self) -> f64 {
        self.weighted_of(|c| c.recall)
    }
    pub fn weighted_f1(&self) -> f64 {
        self.weighted_of(|c| c.f1)
    }
    /// Pooled over all labels; for single-label data micro precision = recall = F1 = accuracy.
    pub fn micro_precision(&self) -> f64 {
        self.accuracy()
    }
    pub fn micro_recall(&self) -> f64 {
        self.accuracy()
    }
    pub fn micro_f1(&self) -> f64 {
        self.accuracy()
    }

    /// Mean recall over labels that occur in the truth.
    pub fn balanced_accuracy(&self) -> f64 {
        let present: Vec<ClassScores> = self
            .per_class()
            .into_iter()
            .filter(|c| c.support > 0)
            .collect();
        ratio(
            present.iter().map(|c| c.recall).sum::<f64>(),
            present.len() as f64,
        )
    }

    /// Cohen's kappa `(p_o − p_e)/(1 − p_e)`; 0.0 when `p_e = 1` (scikit-learn: NaN),
    /// see [`Self::kappa_is_undefined`].
    pub fn kappa(&self) -> f64 {
        let n = self.n() as f64;
        let agreement_by_chance: f64 = self
            .truth_totals()
            .iter()
            .zip(self.predicted_totals())
            .map(|(&t, p)| t as f64 * p as f64)
            .sum();
        // 1 − observed disagreement / expected disagreement, both scaled by n².
        let expected_disagreement = n * n - agreement_by_chance;
        if expected_disagreement == 0.0 {
            return 0.0;
        }
        1.0 - (n - self.correct() as f64) * n / expected_disagreement
    }
    pub fn kappa_is_undefined(&self) -> bool {
        let n = self.n() as f64;
        let chance: f64 = self
            .truth_totals()
            .iter()
            .zip(self.predicted_totals())
            .map(|(&t, p)| t as f64 * p as f64)
            .sum();
        n * n - chance == 0.0
    }

    fn mcc_or_undefined(&self) -> Option<f64> {
        let truth: Vec<f64> = self.truth_totals().iter().map(|&t| t as f64).collect();
        let predicted: Vec<f64> = self.predicted_totals().iter().map(|&p| p as f64).collect();
        mcc_from_totals(self.correct() as f64, self.n() as f64, &truth, &predicted)
    }

    /// Multiclass Matthews correlation (scikit-learn's formula); 0.0 when undefined
    /// (all truth or all predictions in one class).
    pub fn mcc(&self) -> f64 {
        self.mcc_or_undefined().unwrap_or(0.0)
    }
    pub fn mcc_is_undefined(&self) -> bool {
        self.mcc_or_undefined().is_none()
    }

    /// The names [`Self::metric`] knows, in the order of the JSON report.
    pub const METRICS: [&'static str; 8] = [
        "accuracy",
        "macro_precision",
        "macro_recall",
        "macro_f1",
        "micro_f1",
        "weighted_f1",
        "kappa",
        "mcc",
    ];

    /// A summary metric by its name (one of [`Self::METRICS`]); `None` for another
    /// name. Undefined values read 0.0, as in the JSON.
    pub fn metric(&self, name: &str) -> Option<f64> {
        Some(match name {
            "accuracy" => self.accuracy(),
            "macro_precision" => self.macro_precision(),
            "macro_recall" => self.macro_recall(),
            "macro_f1" => self.macro_f1(),
            "micro_f1" => self.micro_f1(),
            "weighted_f1" => self.weighted_f1(),
            "kappa" => self.kappa(),
            "mcc" => self.mcc(),
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) {
        assert!((a - b).abs() < 1e-4, "{a} vs {b}");
    }

    fn strs(v: &[i32]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn averages_golden() {
        // y=[0,1,2,0,1,2], ŷ=[0,2,1,0,0,1]
        let m =
            ConfusionMatrix::from_labels(&strs(&[0, 1, 2, 0, 1, 2]), &strs(&[0, 2, 1, 0, 0, 1]));
        assert_eq!(m.labels(), &["0", "1", "2"]);
        assert_eq!(m.rows(), vec![vec![2, 0, 0], vec![1, 0, 1], vec![0, 2, 0]]);
        close(m.macro_precision(), 0.2222);
        close(m.micro_recall(), 0.3333);
        close(m.weighted_f1(), 0.2667);
        assert_eq!(m.macro_precision(), (2.0 / 3.0) / 3.0);
    }

    #[test]
    fn absent_labels_pull_the_macro_mean_down() {
        // `labels=[0,1,2,3]` in scikit-learn: label 3 never occurs and counts as 0.
        let labels = strs(&[0, 1, 2, 3]);
        let m = ConfusionMatrix::from_indices(labels, &[0, 1, 2, 0, 1, 2], &[0, 2, 1, 0, 0, 1]);
        close(m.macro_precision(), 0.1667);
    }

    #[test]
    fn kappa_golden() {
        // y1=[2,0,2,2,0,1], y2=[0,0,2,2,0,2]
        let m =
            ConfusionMatrix::from_labels(&strs(&[2, 0, 2, 2, 0, 1]), &strs(&[0, 0, 2, 2, 0, 2]));
        close(m.kappa(), 0.4286);
        // p_o = 4/6, p_e = 5/12  →  κ = (2/3 − 5/12)/(7/12) = 3/7
        assert!((m.kappa() - 3.0 / 7.0).abs() < 1e-12);
        assert!(!m.kappa_is_undefined());
    }

    #[test]
    fn kappa_undefined_when_chance_agreement_is_certain() {
        let m = ConfusionMatrix::from_labels(&["a", "a"], &["a", "a"]);
        assert_eq!(m.kappa(), 0.0);
        assert!(m.kappa_is_undefined());
        assert_eq!(m.mcc(), 0.0);
        assert!(m.mcc_is_undefined());
    }

    #[test]
    fn mcc_golden_and_binary_agreement() {
        let m = ConfusionMatrix::from_labels(&strs(&[1, 1, 1, -1]), &strs(&[1, -1, 1, 1]));
        assert_eq!(m.labels(), &["-1", "1"]);
        close(m.mcc(), -0.3333);
    }

    #[test]
    fn perfect_multiclass_mcc_is_one() {
        let y = strs(&[0, 1, 2, 2, 1]);
        let m = ConfusionMatrix::from_labels(&y, &y);
        assert_eq!(m.mcc(), 1.0);
        assert_eq!(m.kappa(), 1.0);
        assert_eq!(m.macro_f1(), 1.0);
    }

    #[test]
    fn labels_sort_numerically_when_all_are_numbers() {
        let m = ConfusionMatrix::from_labels(&["10", "9", "2"], &["2", "9", "10"]);
        assert_eq!(m.labels(), &["2", "9", "10"]);
        let m = ConfusionMatrix::from_labels(&["b", "a", "10"], &["a", "b", "9"]);
        assert_eq!(m.labels(), &["9", "10", "a", "b"]);
    }

    #[test]
    fn per_class_and_balanced_accuracy() {
        let m = ConfusionMatrix::from_labels(&["a", "a", "b", "c"], &["a", "b", "b", "b"]);
        let pc = m.per_class();
        assert_eq!(pc[0].support, 2);
        assert_eq!(pc[1].precision, 1.0 / 3.0);
        assert_eq!(pc[2].recall, 0.0);
        // classes in truth: a (1/2), b (1), c (0)
        assert_eq!(m.balanced_accuracy(), 0.5);
        assert_eq!(m.accuracy(), 0.5);
    }

    #[test]
    fn metrics_by_name() {
        let m = ConfusionMatrix::from_labels(&["a", "a", "b", "c"], &["a", "b", "b", "b"]);
        assert_eq!(m.metric("accuracy"), Some(m.accuracy()));
        assert_eq!(m.metric("macro_f1"), Some(m.macro_f1()));
        assert_eq!(m.metric("weighted_f1"), Some(m.weighted_f1()));
        assert_eq!(m.metric("kappa"), Some(m.kappa()));
        assert_eq!(m.metric("mcc"), Some(m.mcc()));
        assert_eq!(m.metric("f1"), None);
        for name in ConfusionMatrix::METRICS {
            assert!(m.metric(name).is_some(), "{name}");
        }
    }

    #[test]
    fn empty_matrix_is_all_zero() {
        let m = ConfusionMatrix::from_labels::<&str>(&[], &[]);
        assert_eq!(m.n(), 0);
        assert_eq!(m.accuracy(), 0.0);
        assert_eq!(m.macro_f1(), 0.0);
        assert_eq!(m.kappa(), 0.0);
        assert_eq!(m.mcc(), 0.0);
        assert!(m.rows().is_empty());
    }
}
