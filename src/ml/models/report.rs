//! The test metrics of `mlpath train`. Every value comes from the shared metric engine
//! in [`crate::ml::metrics`] and is serialised by [`crate::ml::metrics::json`], so the
//! `metrics` object of `mlpath train --json` has exactly the keys and shapes of
//! `mlpath eval --json`.

use serde::{Serialize, Serializer};

use crate::ml::metrics::json::{BinaryJson, MulticlassJson};
use crate::ml::metrics::{BinaryEvaluation, ConfusionMatrix, regression};

/// The metrics of one test split.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Metrics {
    Binary(BinaryMetrics),
    Multiclass(MulticlassMetrics),
    Regression(RegressionMetrics),
    Clustering(super::ClusteringMetrics),
}

/// A two-class test split, scored against its positive class.
#[derive(Debug, Clone, PartialEq)]
pub struct BinaryMetrics {
    pub positive: String,
    pub evaluation: BinaryEvaluation,
}

impl Serialize for BinaryMetrics {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        BinaryJson::new(&self.positive, &self.evaluation).serialize(serializer)
    }
}

/// A test split with more than two classes.
#[derive(Debug, Clone, PartialEq)]
pub struct MulticlassMetrics {
    /// Over the classes that occur in the truth or the predictions (scikit-learn's
    /// default label set), in class order.
    pub matrix: ConfusionMatrix,
}

impl Serialize for MulticlassMetrics {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        MulticlassJson::new(&self.matrix).serialize(serializer)
    }
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
    /// A metric by its key (the names lesson goals and the JSON use), when this kind of
    /// task has it and it is defined.
    pub fn value(&self, name: &str) -> Option<f64> {
        match self {
            Metrics::Binary(m) => m.evaluation.metric(name),
            Metrics::Multiclass(m) => m.matrix.metric(name),
            Metrics::Regression(m) => match name {
                "mae" => Some(m.mae),
                "mse" => Some(m.mse),
                "rmse" => Some(m.rmse),
                "r2" => Some(m.r2),
                _ => None,
            },
            Metrics::Clustering(m) => match name {
                "inertia" => Some(m.inertia),
                "test_inertia" => Some(m.test_inertia),
                _ => None,
            },
        }
    }

    /// Accuracy for classifiers, `None` for regression.
    pub fn accuracy(&self) -> Option<f64> {
        self.value("accuracy")
    }
}

/// Binary metrics: `truth[i]` says whether row `i` is positive, `scores[i]` is its
/// score for the positive class; a row is predicted positive when its score is at
/// least `threshold`.
pub fn binary(truth: &[bool], scores: &[f64], positive: &str, threshold: f64) -> BinaryMetrics {
    BinaryMetrics {
        positive: positive.to_string(),
        evaluation: BinaryEvaluation::from_scores(truth, scores, threshold),
    }
}

/// Multiclass metrics over the classes that occur in the truth or the predictions
/// (scikit-learn's default label set), in class-index order.
pub fn multiclass(truth: &[usize], predicted: &[usize], classes: &[String]) -> MulticlassMetrics {
    let mut present = vec![false; classes.len()];
    for &k in truth.iter().chain(predicted) {
        present[k] = true;
    }
    let mut position = vec![0usize; classes.len()];
    let mut labels = Vec::new();
    for (k, class) in classes.iter().enumerate().filter(|&(k, _)| present[k]) {
        position[k] = labels.len();
        labels.push(class.clone());
    }
    let renumber = |ids: &[usize]| -> Vec<usize> { ids.iter().map(|&k| position[k]).collect() };
    MulticlassMetrics {
        matrix: ConfusionMatrix::from_indices(labels, &renumber(truth), &renumber(predicted)),
    }
}

/// Regression metrics (R² with scikit-learn's `force_finite`, see [`regression::r2`]).
pub fn regression(truth: &[f64], predicted: &[f64]) -> RegressionMetrics {
    RegressionMetrics {
        n: truth.len(),
        mae: regression::mae(truth, predicted),
        mse: regression::mse(truth, predicted),
        rmse: regression::rmse(truth, predicted),
        r2: regression::r2(truth, predicted),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn classes(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn binary_values_are_the_engine_values_by_name() {
        let truth = [false, false, true, true];
        let scores = [0.1, 0.4, 0.35, 0.8];
        let m = Metrics::Binary(binary(&truth, &scores, "1", 0.5));
        let e = BinaryEvaluation::from_scores(&truth, &scores, 0.5);
        for name in BinaryEvaluation::METRICS {
            assert_eq!(m.value(name), e.metric(name), "{name}");
            assert!(m.value(name).is_some(), "{name}");
        }
        assert_eq!(m.value("roc_auc"), Some(0.75));
        assert_eq!(m.value("macro_f1"), None);
        assert_eq!(m.accuracy(), Some(0.75));
    }

    #[test]
    fn one_class_only_leaves_auc_undefined() {
        let m = Metrics::Binary(binary(&[false, false], &[0.2, 0.3], "1", 0.5));
        assert_eq!(m.value("roc_auc"), None);
        assert_eq!(m.value("average_precision"), None);
        assert_eq!(m.value("precision"), Some(0.0));
    }

    #[test]
    fn multiclass_leaves_out_classes_that_never_occur() {
        // Class "c" occurs in neither column: it is left out of the averages and the
        // matrix, as scikit-learn's default label set does.
        let m = multiclass(
            &[0, 0, 1, 3, 3],
            &[0, 0, 1, 3, 1],
            &classes(&["a", "b", "c", "d"]),
        );
        assert_eq!(m.matrix.labels(), ["a", "b", "d"]);
        assert_eq!(
            m.matrix.rows(),
            vec![vec![2, 0, 0], vec![0, 1, 0], vec![0, 1, 1]]
        );
        let metrics = Metrics::Multiclass(m);
        assert_eq!(metrics.value("accuracy"), Some(0.8));
        // per-class recall 1, 1, 1/2
        assert_eq!(metrics.value("macro_recall"), Some(2.5 / 3.0));
        assert_eq!(metrics.value("roc_auc"), None);
    }

    #[test]
    fn multiclass_json_has_the_eval_shape() {
        let m = multiclass(
            &[0, 1, 2, 0, 1, 2],
            &[0, 2, 1, 0, 0, 1],
            &classes(&["a", "b", "c"]),
        );
        let v = serde_json::to_value(Metrics::Multiclass(m)).unwrap();
        assert_eq!(v["confusion"]["labels"], serde_json::json!(["a", "b", "c"]));
        assert_eq!(
            v["confusion"]["matrix"],
            serde_json::json!([[2, 0, 0], [1, 0, 1], [0, 2, 0]])
        );
        assert_eq!(v["per_class"][0]["label"], "a");
        assert_eq!(v["per_class"][0]["support"], 2);
    }

    #[test]
    fn regression_values_by_name() {
        let m = Metrics::Regression(regression(&[3.0, -0.5, 2.0, 7.0], &[2.5, 0.0, 2.0, 8.0]));
        assert_eq!(m.value("mae"), Some(0.5));
        assert_eq!(m.value("mse"), Some(0.375));
        assert_eq!(m.value("rmse"), Some(0.375f64.sqrt()));
        assert!((m.value("r2").unwrap() - 0.9486).abs() < 1e-4);
        assert_eq!(m.accuracy(), None);
    }
}
