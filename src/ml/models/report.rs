//! Metric values for `mlpath train`, with the keys and definitions of `mlpath eval`
//! (scikit-learn semantics: rows of a confusion matrix are actual classes, columns are
//! predicted; every 0/0 in precision, recall, F1, specificity and MCC gives 0.0).
//!
//! MERGE NOTE: this file stands in for the shared metric engine in `src/ml/metrics`,
//! written in parallel. At merge, keep the types and replace the bodies of [`binary`],
//! [`multiclass`] and [`regression`] with calls into that engine; nothing else in
//! `models` computes a metric.

use serde::Serialize;

/// Probabilities are clipped to [eps, 1 - eps] in the log loss (scikit-learn ≥ 1.5).
const LOG_LOSS_EPS: f64 = f64::EPSILON;

/// The metrics of one test split.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Metrics {
    Binary(BinaryMetrics),
    Multiclass(MulticlassMetrics),
    Regression(RegressionMetrics),
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BinaryMetrics {
    pub n: usize,
    pub positive: String,
    pub threshold: f64,
    pub tp: usize,
    pub fp: usize,
    #[serde(rename = "fn")]
    pub fn_: usize,
    pub tn: usize,
    pub accuracy: f64,
    pub precision: f64,
    pub recall: f64,
    pub specificity: f64,
    pub f1: f64,
    pub balanced_accuracy: f64,
    pub mcc: f64,
    /// `None` (JSON null) when the test rows hold only one class.
    pub roc_auc: Option<f64>,
    /// `None` when the test rows hold no positive.
    pub average_precision: Option<f64>,
    pub log_loss: f64,
    pub brier: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClassMetrics {
    pub label: String,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub support: usize,
}

/// Rows = actual class, columns = predicted class, both in `labels` order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Confusion {
    pub labels: Vec<String>,
    pub matrix: Vec<Vec<usize>>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MulticlassMetrics {
    pub n: usize,
    pub accuracy: f64,
    pub macro_precision: f64,
    pub macro_recall: f64,
    pub macro_f1: f64,
    pub micro_f1: f64,
    pub weighted_f1: f64,
    /// `None` when chance agreement is 1 (Cohen's kappa is 0/0).
    pub kappa: Option<f64>,
    pub mcc: f64,
    pub per_class: Vec<ClassMetrics>,
    pub confusion: Confusion,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RegressionMetrics {
    pub n: usize,
    pub mae: f64,
    pub mse: f64,
    pub rmse: f64,
    pub r2: f64,
}

impl Metrics {
    /// A metric by its key (the names lesson goals use), when this kind of task has it.
    pub fn value(&self, name: &str) -> Option<f64> {
        match self {
            Metrics::Binary(m) => match name {
                "accuracy" => Some(m.accuracy),
                "precision" => Some(m.precision),
                "recall" => Some(m.recall),
                "specificity" => Some(m.specificity),
                "f1" => Some(m.f1),
                "balanced_accuracy" => Some(m.balanced_accuracy),
                "mcc" => Some(m.mcc),
                "roc_auc" => m.roc_auc,
                "average_precision" => m.average_precision,
                "log_loss" => Some(m.log_loss),
                "brier" => Some(m.brier),
                _ => None,
            },
            Metrics::Multiclass(m) => match name {
                "accuracy" => Some(m.accuracy),
                "macro_precision" => Some(m.macro_precision),
                "macro_recall" => Some(m.macro_recall),
                "macro_f1" => Some(m.macro_f1),
                "micro_f1" => Some(m.micro_f1),
                "weighted_f1" => Some(m.weighted_f1),
                "kappa" => m.kappa,
                "mcc" => Some(m.mcc),
                _ => None,
            },
            Metrics::Regression(m) => match name {
                "mae" => Some(m.mae),
                "mse" => Some(m.mse),
                "rmse" => Some(m.rmse),
                "r2" => Some(m.r2),
                _ => None,
            },
        }
    }

    /// Accuracy for classifiers, `None` for regression.
    pub fn accuracy(&self) -> Option<f64> {
        self.value("accuracy")
    }
}

fn ratio(num: f64, den: f64) -> f64 {
    if den == 0.0 { 0.0 } else { num / den }
}

/// Binary metrics: `truth[i]` says whether row `i` is positive, `scores[i]` is its
/// score for the positive class; a row is predicted positive when its score is at
/// least `threshold`.
pub fn binary(truth: &[bool], scores: &[f64], positive: &str, threshold: f64) -> BinaryMetrics {
    let n = truth.len();
    let (mut tp, mut fp, mut fn_, mut tn) = (0usize, 0usize, 0usize, 0usize);
    for (&t, &s) in truth.iter().zip(scores) {
        match (t, s >= threshold) {
            (true, true) => tp += 1,
            (false, true) => fp += 1,
            (true, false) => fn_ += 1,
            (false, false) => tn += 1,
        }
    }
    let (tpf, fpf, fnf, tnf) = (tp as f64, fp as f64, fn_ as f64, tn as f64);
    let recall = ratio(tpf, tpf + fnf);
    let specificity = ratio(tnf, tnf + fpf);
    // Mean recall over the classes present in the truth.
    let balanced_accuracy = match (tp + fn_ > 0, tn + fp > 0) {
        (true, true) => (recall + specificity) / 2.0,
        (true, false) => recall,
        (false, true) => specificity,
        (false, false) => 0.0,
    };
    let mcc_den = ((tpf + fpf) * (tpf + fnf) * (tnf + fpf) * (tnf + fnf)).sqrt();
    let log_loss = truth
        .iter()
        .zip(scores)
        .map(|(&t, &s)| {
            let p = s.clamp(LOG_LOSS_EPS, 1.0 - LOG_LOSS_EPS);
            if t { -p.ln() } else { -(1.0 - p).ln() }
        })
        .sum::<f64>()
        / n.max(1) as f64;
    let brier = truth
        .iter()
        .zip(scores)
        .map(|(&t, &s)| (f64::from(u8::from(t)) - s).powi(2))
        .sum::<f64>()
        / n.max(1) as f64;
    BinaryMetrics {
        n,
        positive: positive.to_string(),
        threshold,
        tp,
        fp,
        fn_,
        tn,
        accuracy: ratio(tpf + tnf, n as f64),
        precision: ratio(tpf, tpf + fpf),
        recall,
        specificity,
        f1: ratio(2.0 * tpf, 2.0 * tpf + fpf + fnf),
        balanced_accuracy,
        mcc: ratio(tpf * tnf - fpf * fnf, mcc_den),
        roc_auc: roc_auc(truth, scores),
        average_precision: average_precision(truth, scores),
        log_loss,
        brier,
    }
}

/// Mann–Whitney AUC with tie-averaged ranks: P(s+ > s-) + P(s+ = s-) / 2.
fn roc_auc(truth: &[bool], scores: &[f64]) -> Option<f64> {
    let n_pos = truth.iter().filter(|&&t| t).count();
    let n_neg = truth.len() - n_pos;
    if n_pos == 0 || n_neg == 0 {
        return None;
    }
    let mut order: Vec<usize> = (0..scores.len()).collect();
    order.sort_by(|&a, &b| scores[a].total_cmp(&scores[b]));
    let mut rank_sum_pos = 0.0;
    let mut i = 0;
    while i < order.len() {
        let mut j = i;
        while j + 1 < order.len() && scores[order[j + 1]] == scores[order[i]] {
            j += 1;
        }
        // 1-based ranks i+1 ..= j+1 share their average.
        let avg_rank = (i + j + 2) as f64 / 2.0;
        rank_sum_pos += avg_rank * order[i..=j].iter().filter(|&&k| truth[k]).count() as f64;
        i = j + 1;
    }
    let (p, q) = (n_pos as f64, n_neg as f64);
    Some((rank_sum_pos - p * (p + 1.0) / 2.0) / (p * q))
}

/// Average precision as scikit-learn defines it: Σ (R_k − R_{k−1}) · P_k over the
/// distinct scores taken as thresholds in decreasing order (a step sum, no interpolation).
fn average_precision(truth: &[bool], scores: &[f64]) -> Option<f64> {
    let n_pos = truth.iter().filter(|&&t| t).count();
    if n_pos == 0 {
        return None;
    }
    let mut order: Vec<usize> = (0..scores.len()).collect();
    order.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]));
    let (mut tp, mut fp) = (0usize, 0usize);
    let mut prev_recall = 0.0;
    let mut ap = 0.0;
    let mut i = 0;
    while i < order.len() {
        let s = scores[order[i]];
        while i < order.len() && scores[order[i]] == s {
            if truth[order[i]] {
                tp += 1
            } else {
                fp += 1
            }
            i += 1;
        }
        let recall = tp as f64 / n_pos as f64;
        let precision = tp as f64 / (tp + fp) as f64;
        ap += (recall - prev_recall) * precision;
        prev_recall = recall;
    }
    Some(ap)
}

/// Multiclass metrics over the classes that occur in the truth or the predictions
/// (scikit-learn's default label set), in class-index order.
pub fn multiclass(truth: &[usize], predicted: &[usize], classes: &[String]) -> MulticlassMetrics {
    let n = truth.len();
    let present: Vec<usize> = (0..classes.len())
        .filter(|k| truth.contains(k) || predicted.contains(k))
        .collect();
    let at = |k: usize| present.iter().position(|&p| p == k).unwrap_or(0);
    let m = present.len();
    let mut matrix = vec![vec![0usize; m]; m];
    for (&t, &p) in truth.iter().zip(predicted) {
        matrix[at(t)][at(p)] += 1;
    }
    let row: Vec<f64> = matrix
        .iter()
        .map(|r| r.iter().sum::<usize>() as f64)
        .collect();
    let col: Vec<f64> = (0..m)
        .map(|j| matrix.iter().map(|r| r[j]).sum::<usize>() as f64)
        .collect();
    let correct: f64 = (0..m).map(|k| matrix[k][k] as f64).sum();
    let nf = n as f64;

    let per_class: Vec<ClassMetrics> = (0..m)
        .map(|k| {
            let tp = matrix[k][k] as f64;
            let (fp, fn_) = (col[k] - tp, row[k] - tp);
            ClassMetrics {
                label: classes[present[k]].clone(),
                precision: ratio(tp, tp + fp),
                recall: ratio(tp, tp + fn_),
                f1: ratio(2.0 * tp, 2.0 * tp + fp + fn_),
                support: row[k] as usize,
            }
        })
        .collect();
    let mean = |f: &dyn Fn(&ClassMetrics) -> f64| ratio(per_class.iter().map(f).sum(), m as f64);
    let weighted_f1 = ratio(per_class.iter().map(|c| c.f1 * c.support as f64).sum(), nf);
    let (sum_tp, sum_fp, sum_fn) = (correct, nf - correct, nf - correct);
    let p_o = ratio(correct, nf);
    let p_e: f64 = (0..m).map(|k| ratio(row[k], nf) * ratio(col[k], nf)).sum();
    let kappa = if n == 0 || p_e == 1.0 {
        None
    } else {
        Some((p_o - p_e) / (1.0 - p_e))
    };
    let sum_pt: f64 = (0..m).map(|k| row[k] * col[k]).sum();
    let sum_p2: f64 = col.iter().map(|c| c * c).sum();
    let sum_t2: f64 = row.iter().map(|r| r * r).sum();
    let mcc_den = ((nf * nf - sum_p2) * (nf * nf - sum_t2)).sqrt();
    MulticlassMetrics {
        n,
        accuracy: p_o,
        macro_precision: mean(&|c| c.precision),
        macro_recall: mean(&|c| c.recall),
        macro_f1: mean(&|c| c.f1),
        micro_f1: ratio(2.0 * sum_tp, 2.0 * sum_tp + sum_fp + sum_fn),
        weighted_f1,
        kappa,
        mcc: ratio(correct * nf - sum_pt, mcc_den),
        per_class,
        confusion: Confusion {
            labels: present.iter().map(|&k| classes[k].clone()).collect(),
            matrix,
        },
    }
}

/// Regression metrics; R² follows scikit-learn's `force_finite`: a constant truth gives
/// 1.0 for a perfect prediction and 0.0 otherwise.
pub fn regression(truth: &[f64], predicted: &[f64]) -> RegressionMetrics {
    let n = truth.len();
    let nf = n.max(1) as f64;
    let mae = truth
        .iter()
        .zip(predicted)
        .map(|(t, p)| (t - p).abs())
        .sum::<f64>()
        / nf;
    let ss_res: f64 = truth
        .iter()
        .zip(predicted)
        .map(|(t, p)| (t - p).powi(2))
        .sum();
    let mean = truth.iter().sum::<f64>() / nf;
    let ss_tot: f64 = truth.iter().map(|t| (t - mean).powi(2)).sum();
    let r2 = if ss_tot == 0.0 {
        if ss_res == 0.0 { 1.0 } else { 0.0 }
    } else {
        1.0 - ss_res / ss_tot
    };
    let mse = ss_res / nf;
    RegressionMetrics {
        n,
        mae,
        mse,
        rmse: mse.sqrt(),
        r2,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-4
    }

    #[test]
    fn binary_counts_and_rates() {
        // y = [0,1,0,1], predictions [0,1,0,0]: P 1.0, R 0.5, F1 0.6667.
        let m = binary(&[false, true, false, true], &[0.1, 0.9, 0.2, 0.4], "1", 0.5);
        assert_eq!((m.tp, m.fp, m.fn_, m.tn), (1, 0, 1, 2));
        assert_eq!(m.precision, 1.0);
        assert_eq!(m.recall, 0.5);
        assert!(close(m.f1, 0.6667));
        assert_eq!(m.specificity, 1.0);
        assert_eq!(m.balanced_accuracy, 0.75);
    }

    #[test]
    fn auc_and_average_precision_match_scikit_learn() {
        let truth = [false, false, true, true];
        let m = binary(&truth, &[0.1, 0.4, 0.35, 0.8], "1", 0.5);
        assert_eq!(m.roc_auc, Some(0.75));
        assert!(close(m.average_precision.unwrap(), 0.8333));
        // A tie between a positive and a negative counts one half.
        let m = binary(&[false, true, false, true], &[0.5, 0.5, 0.2, 0.9], "1", 0.5);
        assert_eq!(m.roc_auc, Some(0.875));
    }

    #[test]
    fn log_loss_brier_and_mcc() {
        let m = binary(
            &[false, false, true, true],
            &[0.1, 0.2, 0.7, 0.99],
            "1",
            0.5,
        );
        assert!(close(m.log_loss, 0.1738));
        let m = binary(&[false, true, true, false], &[0.1, 0.9, 0.8, 0.4], "1", 0.5);
        assert!(close(m.brier, 0.055));
        // y = [1,1,1,-1], ŷ = [1,-1,1,1]: MCC -1/3.
        let m = binary(&[true, true, true, false], &[1.0, 0.0, 1.0, 1.0], "1", 0.5);
        assert!(close(m.mcc, -0.3333));
    }

    #[test]
    fn one_class_only_leaves_auc_undefined_and_zero_divisions_zero() {
        let m = binary(&[false, false], &[0.2, 0.3], "1", 0.5);
        assert_eq!(m.roc_auc, None);
        assert_eq!(m.average_precision, None);
        assert_eq!((m.precision, m.recall, m.f1, m.mcc), (0.0, 0.0, 0.0, 0.0));
    }

    #[test]
    fn multiclass_averages_match_scikit_learn() {
        let classes: Vec<String> = ["a", "b", "c"].iter().map(|s| s.to_string()).collect();
        let m = multiclass(&[0, 1, 2, 0, 1, 2], &[0, 2, 1, 0, 0, 1], &classes);
        assert!(close(m.macro_precision, 0.2222));
        assert!(close(m.weighted_f1, 0.2667));
        assert!(close(m.micro_f1, 0.3333));
        assert_eq!(
            m.confusion.matrix,
            vec![vec![2, 0, 0], vec![1, 0, 1], vec![0, 2, 0]]
        );
        // kappa example: y1 = [2,0,2,2,0,1], y2 = [0,0,2,2,0,2].
        let k = multiclass(&[2, 0, 2, 2, 0, 1], &[0, 0, 2, 2, 0, 2], &classes);
        assert!(close(k.kappa.unwrap(), 0.4286));
    }

    #[test]
    fn multiclass_mcc_and_absent_classes() {
        let classes: Vec<String> = ["a", "b", "c", "d"].iter().map(|s| s.to_string()).collect();
        // Class "d" never occurs: it is left out of the averages, as scikit-learn does.
        let m = multiclass(&[0, 0, 1, 1, 2, 2], &[0, 0, 1, 1, 2, 2], &classes);
        assert_eq!(m.macro_f1, 1.0);
        assert_eq!(m.mcc, 1.0);
        assert_eq!(m.confusion.labels, vec!["a", "b", "c"]);
    }

    #[test]
    fn regression_matches_scikit_learn() {
        let m = regression(&[3.0, -0.5, 2.0, 7.0], &[2.5, 0.0, 2.0, 8.0]);
        assert_eq!(m.mae, 0.5);
        assert_eq!(m.mse, 0.375);
        assert!(close(m.rmse, 0.6124));
        assert!(close(m.r2, 0.9486));
        assert_eq!(regression(&[1.0, 1.0], &[1.0, 1.0]).r2, 1.0);
        assert_eq!(regression(&[1.0, 1.0], &[1.0, 2.0]).r2, 0.0);
    }
}
