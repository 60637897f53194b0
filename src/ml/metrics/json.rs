//! The JSON shape of an evaluation, shared by `mlpath eval --json` and the `metrics`
//! object of `mlpath train --json`, so that both print the same keys for the same
//! kind of task. Every value comes from the engine; nothing is computed here.

use serde::Serialize;

use super::evaluation::BinaryEvaluation;
use super::multiclass::ConfusionMatrix;

/// A two-class evaluation. `threshold` is `null` for hard predictions; the four
/// threshold-free scores are `null` when they are undefined or need scores.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BinaryJson<'a> {
    pub n: u64,
    pub positive: &'a str,
    pub threshold: Option<f64>,
    pub tp: u64,
    pub fp: u64,
    #[serde(rename = "fn")]
    pub fn_: u64,
    pub tn: u64,
    pub accuracy: f64,
    pub precision: f64,
    pub recall: f64,
    pub specificity: f64,
    pub f1: f64,
    pub balanced_accuracy: f64,
    pub mcc: f64,
    pub roc_auc: Option<f64>,
    pub average_precision: Option<f64>,
    pub log_loss: Option<f64>,
    pub brier: Option<f64>,
}

impl<'a> BinaryJson<'a> {
    pub fn new(positive: &'a str, evaluation: &BinaryEvaluation) -> BinaryJson<'a> {
        let c = evaluation.counts;
        BinaryJson {
            n: c.n(),
            positive,
            threshold: evaluation.threshold,
            tp: c.tp,
            fp: c.fp,
            fn_: c.fn_,
            tn: c.tn,
            accuracy: c.accuracy(),
            precision: c.precision(),
            recall: c.recall(),
            specificity: c.specificity(),
            f1: c.f1(),
            balanced_accuracy: c.balanced_accuracy(),
            mcc: c.mcc(),
            roc_auc: evaluation.roc_auc,
            average_precision: evaluation.average_precision,
            log_loss: evaluation.log_loss,
            brier: evaluation.brier,
        }
    }
}

/// One class against the rest.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClassJson<'a> {
    pub label: &'a str,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub support: u64,
}

/// `matrix[i][j]`: rows whose truth is `labels[i]`, predicted as `labels[j]`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ConfusionJson<'a> {
    pub labels: &'a [String],
    pub matrix: Vec<Vec<u64>>,
}

/// A multiclass evaluation. `kappa` and `mcc` are 0.0 where they are undefined
/// (see [`ConfusionMatrix::kappa`]).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MulticlassJson<'a> {
    pub n: u64,
    pub accuracy: f64,
    pub macro_precision: f64,
    pub macro_recall: f64,
    pub macro_f1: f64,
    pub micro_f1: f64,
    pub weighted_f1: f64,
    pub kappa: f64,
    pub mcc: f64,
    pub per_class: Vec<ClassJson<'a>>,
    pub confusion: ConfusionJson<'a>,
}

impl<'a> MulticlassJson<'a> {
    pub fn new(matrix: &'a ConfusionMatrix) -> MulticlassJson<'a> {
        let labels = matrix.labels();
        MulticlassJson {
            n: matrix.n(),
            accuracy: matrix.accuracy(),
            macro_precision: matrix.macro_precision(),
            macro_recall: matrix.macro_recall(),
            macro_f1: matrix.macro_f1(),
            micro_f1: matrix.micro_f1(),
            weighted_f1: matrix.weighted_f1(),
            kappa: matrix.kappa(),
            mcc: matrix.mcc(),
            per_class: matrix
                .per_class()
                .into_iter()
                .zip(labels)
                .map(|(c, label)| ClassJson {
                    label,
                    precision: c.precision,
                    recall: c.recall,
                    f1: c.f1,
                    support: c.support,
                })
                .collect(),
            confusion: ConfusionJson {
                labels,
                matrix: matrix.rows(),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(value: &impl Serialize) -> Vec<String> {
        match serde_json::to_value(value).unwrap() {
            serde_json::Value::Object(map) => map.keys().cloned().collect(),
            other => panic!("an object expected, got {other}"),
        }
    }

    #[test]
    fn binary_keys_in_order_and_fn_renamed() {
        let e = BinaryEvaluation::from_scores(&[false, true, true], &[0.2, 0.7, 0.4], 0.5);
        let json = BinaryJson::new("yes", &e);
        let text = serde_json::to_string(&json).unwrap();
        let order: Vec<usize> = ["\"n\"", "\"positive\"", "\"tp\"", "\"fn\"", "\"brier\""]
            .iter()
            .map(|k| text.find(k).unwrap())
            .collect();
        assert!(order.windows(2).all(|w| w[0] < w[1]), "{text}");
        assert_eq!(keys(&json).len(), 18);
        assert_eq!((json.tp, json.fn_, json.tn), (1, 1, 1));
        assert_eq!(json.positive, "yes");
        let v = serde_json::to_value(&json).unwrap();
        for name in BinaryEvaluation::METRICS {
            assert_eq!(v[name].as_f64(), e.metric(name), "{name}");
        }
    }

    #[test]
    fn undefined_binary_scores_are_null() {
        let e = BinaryEvaluation::from_predictions(&[true, false], &[true, true]);
        let v = serde_json::to_value(BinaryJson::new("1", &e)).unwrap();
        for key in [
            "threshold",
            "roc_auc",
            "average_precision",
            "log_loss",
            "brier",
        ] {
            assert!(v[key].is_null(), "{key}");
        }
    }

    #[test]
    fn multiclass_per_class_and_confusion_come_from_the_matrix() {
        let m = ConfusionMatrix::from_labels(&["a", "a", "b", "c"], &["a", "b", "b", "b"]);
        let json = MulticlassJson::new(&m);
        assert_eq!(json.confusion.labels, ["a", "b", "c"]);
        assert_eq!(json.confusion.matrix, m.rows());
        assert_eq!(json.per_class[1].label, "b");
        assert_eq!(json.per_class[1].precision, 1.0 / 3.0);
        assert_eq!(json.per_class[0].support, 2);
        let v = serde_json::to_value(&json).unwrap();
        for name in ConfusionMatrix::METRICS {
            assert_eq!(v[name].as_f64(), m.metric(name), "{name}");
        }
        assert_eq!(
            v["per_class"][0]
                .as_object()
                .unwrap()
                .keys()
                .collect::<Vec<_>>(),
            ["f1", "label", "precision", "recall", "support"]
        );
    }
}
