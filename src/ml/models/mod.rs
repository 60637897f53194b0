//! The models behind `mlpath train` and the training labs: logistic regression,
//! decision tree, Gaussian naive Bayes, k-means and linear regression, fitted with
//! linfa on the data prepared by [`crate::ml::data`].
//!
//! Every fit is deterministic: the same data, model and seed give bit-identical results
//! in every process (the split and k-means are seeded; the tree and naive Bayes avoid
//! linfa's `HashMap`-order tie-breaking, see their modules). [`train`] needs no
//! terminal and all its types are `Send`, so labs can run it on a background thread.

mod cross_val;
mod kmeans;
mod later;
mod linear;
mod logistic;
mod naive_bayes;
mod report;
mod tree;

use std::fmt;

use ndarray::Array2;
use serde::Serialize;

use crate::ml::data::{self, DataSpec, OneHot, PreparedData, Split, SplitSpec, Targets, Task};
use crate::ml::io::{DataError, RowLimit, same_label};
use crate::sanitize::clean_line;

pub use cross_val::{FOLDS, cross_validate};
pub use kmeans::{ClusterSummary, ClusteringMetrics, DEFAULT_CLUSTERS};
pub use later::fit_scored_on;
pub use logistic::coefficients as logistic_coefficients;
pub use report::{BinaryMetrics, Metrics, MulticlassMetrics, RegressionMetrics};

/// The score threshold for binary predictions: positive when score ≥ 0.5.
pub const THRESHOLD: f64 = 0.5;

/// The model families.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ModelKind {
    Logistic,
    Tree,
    NaiveBayes,
    Kmeans,
    Linear,
}

impl ModelKind {
    pub const ALL: [ModelKind; 5] = [
        ModelKind::Logistic,
        ModelKind::Tree,
        ModelKind::NaiveBayes,
        ModelKind::Kmeans,
        ModelKind::Linear,
    ];

    /// The name used on the command line and in lesson files.
    pub fn name(self) -> &'static str {
        match self {
            ModelKind::Logistic => "logistic",
            ModelKind::Tree => "tree",
            ModelKind::NaiveBayes => "naive_bayes",
            ModelKind::Kmeans => "kmeans",
            ModelKind::Linear => "linear",
        }
    }

    /// A name for people.
    pub fn title(self) -> &'static str {
        match self {
            ModelKind::Logistic => "logistic regression",
            ModelKind::Tree => "decision tree",
            ModelKind::NaiveBayes => "Gaussian naive Bayes",
            ModelKind::Kmeans => "k-means clustering",
            ModelKind::Linear => "linear regression",
        }
    }

    pub fn from_name(name: &str) -> Option<ModelKind> {
        ModelKind::ALL.into_iter().find(|m| m.name() == name)
    }

    /// Linear regression predicts numbers; k-means groups rows (and predicts class labels
    /// when there is a target); the others predict class labels.
    pub fn task(self) -> Task {
        match self {
            ModelKind::Linear => Task::Regression,
            ModelKind::Kmeans => Task::Clustering,
            _ => Task::Classification,
        }
    }
}

impl fmt::Display for ModelKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One training run: what to fit on what.
#[derive(Debug, Clone, PartialEq)]
pub struct TrainSpec {
    /// A bundled dataset name or a path to a CSV file with a header row.
    pub data: String,
    /// The target column; `None` uses the bundled dataset's declared target.
    pub target: Option<String>,
    pub model: ModelKind,
    /// Feature columns; `None` uses every column but the target.
    pub features: Option<Vec<String>>,
    pub split: SplitSpec,
    pub seed: u64,
    /// The positive label of a two-class target; `None` uses the dataset's declared
    /// positive label, else `1` when it is a label.
    pub positive: Option<String>,
    /// k-means without a target: the number of clusters (`None`:
    /// [`DEFAULT_CLUSTERS`]). With a target there is one cluster per class.
    pub clusters: Option<usize>,
    /// Which data rows to read (`--max-rows`, `--sample`).
    pub rows: RowLimit,
}

impl TrainSpec {
    /// A spec with the defaults: declared target, all features, 25 % test, seed 42.
    pub fn new(data: &str, model: ModelKind) -> TrainSpec {
        TrainSpec {
            data: data.to_string(),
            target: None,
            model,
            features: None,
            split: SplitSpec::default(),
            seed: 42,
            positive: None,
            clusters: None,
            rows: RowLimit::All,
        }
    }
}

/// Why training failed. Every variant is bad input or a model that cannot be fitted.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum TrainError {
    #[error(transparent)]
    Data(#[from] DataError),
    #[error("{0}")]
    Setup(String),
    #[error("{model} could not be fitted: {message}")]
    Fit {
        model: &'static str,
        message: String,
    },
}

/// What the scores of a classifier mean.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ScoreKind {
    /// A model probability (logistic regression, naive Bayes).
    Probability,
    /// The class share of the training rows in the row's tree leaf.
    LeafFraction,
    /// The class share of the training rows in the row's cluster.
    ClusterFraction,
}

/// Classifier output on the test rows.
#[derive(Debug, Clone, PartialEq)]
pub struct ClassPredictions {
    /// Sorted class labels; the indices below point into this list.
    pub classes: Vec<String>,
    pub truth: Vec<usize>,
    pub predicted: Vec<usize>,
    /// The positive class of a two-class target.
    pub positive: Option<usize>,
    /// Two classes: each test row's score for the positive class (predicted positive
    /// when ≥ [`THRESHOLD`]).
    pub scores: Option<Vec<f64>>,
    /// Per test row, one score per class (rows sum to 1).
    pub class_scores: Vec<Vec<f64>>,
    pub score_kind: ScoreKind,
}

/// Regression output on the test rows.
#[derive(Debug, Clone, PartialEq)]
pub struct RegressionPredictions {
    pub truth: Vec<f64>,
    pub predicted: Vec<f64>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Predictions {
    Classification(ClassPredictions),
    Regression(RegressionPredictions),
    /// k-means without a target: each test row's cluster.
    Clusters(Vec<usize>),
}

/// The result of [`train`].
#[derive(Debug, Clone, PartialEq)]
pub struct TrainOutcome {
    pub model: ModelKind,
    pub dataset: String,
    pub target: String,
    /// The feature columns as named in the data (text columns before one-hot encoding).
    pub features: Vec<String>,
    /// The text feature columns that were one-hot encoded, with their categories.
    pub one_hot: Vec<OneHot>,
    pub seed: u64,
    /// Row indices of the split (see [`PreparedData::split`]).
    pub split: Split,
    pub test_file: Option<String>,
    pub predictions: Predictions,
    pub metrics: Metrics,
    /// k-means only: how clusters line up with labels.
    pub clusters: Option<ClusterSummary>,
    /// Facts about the fitted model worth showing (e.g. a tree's depth).
    pub notes: Vec<String>,
    /// Things the learner should know (e.g. a fit that did not converge).
    pub warnings: Vec<String>,
}

impl TrainOutcome {
    pub fn rows_train(&self) -> usize {
        self.split.train.len()
    }
    pub fn rows_test(&self) -> usize {
        self.split.test.len()
    }
    /// A metric by its key (see [`Metrics::value`]).
    pub fn metric(&self, name: &str) -> Option<f64> {
        self.metrics.value(name)
    }
}

/// What each classifier module returns.
struct ClassifierRun {
    predicted: Vec<usize>,
    /// Test rows × classes.
    scores: Array2<f64>,
    score_kind: ScoreKind,
    warnings: Vec<String>,
    notes: Vec<String>,
    clusters: Option<ClusterSummary>,
}

/// Logistic regression as `train --model logistic` fits it (L2, `C = 1`), fitted on `x`
/// and `y` (class indices below `n_classes`, every class present), and its class
/// probabilities for the rows of `test_x` (rows × classes). For engines that need
/// probabilities outside a [`TrainSpec`], such as the audit's out-of-fold predictions.
pub fn logistic_probabilities(
    x: &Array2<f64>,
    y: &ndarray::Array1<usize>,
    test_x: &Array2<f64>,
    n_classes: usize,
) -> Result<Array2<f64>, TrainError> {
    logistic::fit_predict(x, y, test_x, n_classes).map(|run| run.scores)
}

/// The index of the first largest value of each row (ties go to the earlier class).
fn argmax_rows(scores: &Array2<f64>) -> Vec<usize> {
    scores
        .rows()
        .into_iter()
        .map(|row| {
            let mut best = 0;
            for (k, &v) in row.iter().enumerate() {
                if v > row[best] {
                    best = k;
                }
            }
            best
        })
        .collect()
}

/// Loads the data, fits the model on the training rows and evaluates it on the test rows.
pub fn train(spec: &TrainSpec) -> Result<TrainOutcome, TrainError> {
    fit_prepared(spec, prepare(spec)?)
}

/// Loads, splits and encodes the data a run needs, once (to cross-validate and then
/// fit on the same split).
pub fn prepare(spec: &TrainSpec) -> Result<PreparedData, TrainError> {
    Ok(data::prepare(&DataSpec {
        data: spec.data.clone(),
        target: spec.target.clone(),
        features: spec.features.clone(),
        task: spec.model.task(),
        split: spec.split.clone(),
        seed: spec.seed,
        rows: spec.rows,
    })?)
}

/// [`train`] on data that is already prepared (e.g. by a lab that reuses one split).
pub fn fit_prepared(spec: &TrainSpec, data: PreparedData) -> Result<TrainOutcome, TrainError> {
    let mut notes = Vec::new();
    let mut warnings = data.warnings.clone();
    let mut clusters = None;
    notes.extend(data.notes.iter().cloned());
    if spec.clusters.is_some() && !matches!(data.train.y, Targets::Unlabelled(_)) {
        return Err(TrainError::Setup(format!(
            "--clusters applies to k-means without a target; with the target '{}' there is \
             one cluster per class",
            data.target
        )));
    }
    let (predictions, metrics) = match (&data.train.y, &data.test.y) {
        (Targets::Unlabelled(_), Targets::Unlabelled(_)) => {
            if spec.model != ModelKind::Kmeans {
                return Err(TrainError::Setup(format!(
                    "{} needs a target column; name it with --target",
                    spec.model.title()
                )));
            }
            let k = spec.clusters.unwrap_or(DEFAULT_CLUSTERS);
            let run = kmeans::fit_unlabelled(&data.train.x, &data.test.x, k, spec.seed)?;
            warnings.extend(run.warnings);
            (
                Predictions::Clusters(run.test_clusters),
                Metrics::Clustering(run.metrics),
            )
        }
        (Targets::Values(y), Targets::Values(test_y)) => {
            let predicted = linear::fit_predict(&data.train.x, y, &data.test.x)?;
            check_finite(spec.model, predicted.iter())?;
            let truth = test_y.to_vec();
            let metrics = Metrics::Regression(report::regression(&truth, &predicted));
            (
                Predictions::Regression(RegressionPredictions { truth, predicted }),
                metrics,
            )
        }
        (Targets::Classes(y), Targets::Classes(test_y)) => {
            let k = data.classes.len();
            let positive = resolve_positive(&data, spec.positive.as_deref())?;
            let (x, tx) = (&data.train.x, &data.test.x);
            let run = match spec.model {
                ModelKind::Logistic => logistic::fit_predict(x, y, tx, k)?,
                ModelKind::Tree => tree::fit_predict(x, y, tx, k, positive)?,
                ModelKind::NaiveBayes => {
                    naive_bayes::fit_predict(&data.train.raw_x, y, &data.test.raw_x, k)?
                }
                ModelKind::Kmeans => {
                    kmeans::fit_predict(x, y, tx, test_y, &data.classes, spec.seed)?
                }
                ModelKind::Linear => {
                    return Err(TrainError::Setup(
                        "linear regression needs a numeric target".to_string(),
                    ));
                }
            };
            check_finite(spec.model, run.scores.iter())?;
            notes.extend(run.notes);
            warnings.extend(run.warnings);
            clusters = run.clusters;
            let truth = test_y.to_vec();
            let class_scores: Vec<Vec<f64>> =
                run.scores.rows().into_iter().map(|r| r.to_vec()).collect();
            let (predicted, scores, metrics) = match positive {
                Some(p) => {
                    let scores: Vec<f64> = run.scores.column(p).to_vec();
                    let predicted: Vec<usize> = scores
                        .iter()
                        .map(|&s| if s >= THRESHOLD { p } else { 1 - p })
                        .collect();
                    let is_positive: Vec<bool> = truth.iter().map(|&t| t == p).collect();
                    let metrics =
                        report::binary(&is_positive, &scores, &data.classes[p], THRESHOLD);
                    (predicted, Some(scores), Metrics::Binary(metrics))
                }
                None => {
                    let metrics = report::multiclass(&truth, &run.predicted, &data.classes);
                    (run.predicted, None, Metrics::Multiclass(metrics))
                }
            };
            (
                Predictions::Classification(ClassPredictions {
                    classes: data.classes.clone(),
                    truth,
                    predicted,
                    positive,
                    scores,
                    class_scores,
                    score_kind: run.score_kind,
                }),
                metrics,
            )
        }
        _ => unreachable!("both splits come from the same target column"),
    };
    if let Some(warning) = undefined_metrics(&metrics) {
        warnings.push(warning);
    }
    Ok(TrainOutcome {
        model: spec.model,
        dataset: data.dataset,
        target: data.target,
        features: data.columns,
        one_hot: data.one_hot,
        seed: spec.seed,
        split: data.split,
        test_file: data.test_file,
        predictions,
        metrics,
        clusters,
        notes,
        warnings,
    })
}

/// A fit whose predictions or scores are not finite numbers is an error, never a report
/// of NaN metrics: the data path bounds every input (see
/// [`crate::ml::io::MAX_MODEL_MAGNITUDE`]), so this only fires on inputs of wildly
/// different scales, e.g. a test value far outside a nearly constant training column.
fn check_finite<'a>(
    model: ModelKind,
    values: impl IntoIterator<Item = &'a f64>,
) -> Result<(), TrainError> {
    if values.into_iter().all(|v| v.is_finite()) {
        return Ok(());
    }
    Err(TrainError::Fit {
        model: model.title(),
        message: "it gave predictions that are not finite numbers (the feature values \
                  differ too much in scale); rescale the features or leave the extreme \
                  column out with --features"
            .to_string(),
    })
}

/// A warning naming the metrics that are undefined on this test split, so a report with
/// an "undefined" (or NaN) value never says "warnings: none".
fn undefined_metrics(metrics: &Metrics) -> Option<String> {
    let keys: &[&str] = match metrics {
        Metrics::Binary(_) => &crate::ml::metrics::BinaryEvaluation::METRICS,
        Metrics::Multiclass(_) => &crate::ml::metrics::ConfusionMatrix::METRICS,
        Metrics::Regression(_) => &["mae", "mse", "rmse", "r2"],
        Metrics::Clustering(_) => &["inertia", "test_inertia"],
    };
    let undefined: Vec<&str> = keys
        .iter()
        .copied()
        .filter(|&k| {
            let kappa_undefined = matches!(metrics, Metrics::Multiclass(m)
                if k == "kappa" && m.matrix.kappa_is_undefined());
            kappa_undefined || !metrics.value(k).is_some_and(f64::is_finite)
        })
        .collect();
    if undefined.is_empty() {
        return None;
    }
    let why = match metrics {
        Metrics::Regression(_) => {
            "a constant target on the test rows, or errors too large to square"
        }
        Metrics::Clustering(_) => "distances too large to square",
        _ => "a class missing from the test rows or from the predictions",
    };
    Some(format!(
        "undefined on these test rows: {} (e.g. {why}); more test rows may help",
        undefined.join(", ")
    ))
}

/// The positive class of a two-class target: `--positive`, else the dataset's declared
/// positive label (when the target is its declared target), else `1`.
fn resolve_positive(
    data: &PreparedData,
    requested: Option<&str>,
) -> Result<Option<usize>, TrainError> {
    let classes = &data.classes;
    if classes.len() != 2 {
        if let Some(label) = requested {
            return Err(TrainError::Setup(format!(
                "--positive '{}' applies to two-class targets, but '{}' has {} classes ({})",
                clean_line(label),
                data.target,
                classes.len(),
                classes.join(", ")
            )));
        }
        return Ok(None);
    }
    let declared = data
        .info
        .filter(|i| i.target.as_deref() == Some(data.target.as_str()))
        .and_then(|i| i.positive.as_deref());
    let label = match (requested, declared) {
        (Some(l), _) => l,
        (None, Some(l)) => l,
        (None, None) if classes.iter().any(|c| same_label(c, "1")) => "1",
        (None, None) => {
            return Err(TrainError::Setup(format!(
                "which label of '{}' is the positive class? Name it with --positive (the labels are: {})",
                data.target,
                classes.join(", ")
            )));
        }
    };
    classes
        .iter()
        .position(|c| same_label(c, label))
        .map(Some)
        .ok_or_else(|| {
            TrainError::Setup(format!(
                "the positive label '{}' is not a label of '{}'; the labels are: {}",
                clean_line(label),
                data.target,
                classes.join(", ")
            ))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outcomes_can_cross_threads() {
        fn is_send<T: Send + 'static>() {}
        is_send::<TrainOutcome>();
        is_send::<TrainError>();
        is_send::<TrainSpec>();
        let handle = std::thread::spawn(|| train(&TrainSpec::new("iris", ModelKind::NaiveBayes)));
        let outcome = handle.join().unwrap().unwrap();
        assert!(outcome.metric("accuracy").unwrap() > 0.8);
    }

    #[test]
    fn model_names_round_trip() {
        for m in ModelKind::ALL {
            assert_eq!(ModelKind::from_name(m.name()), Some(m));
        }
        assert_eq!(ModelKind::from_name("forest"), None);
    }

    #[test]
    fn the_declared_positive_label_is_the_default() {
        let o = train(&TrainSpec::new("breast_cancer", ModelKind::NaiveBayes)).unwrap();
        let Metrics::Binary(m) = &o.metrics else {
            panic!("binary expected")
        };
        assert_eq!(m.positive, "malignant");
        assert_eq!(m.evaluation.counts.positives(), 53); // 212 malignant * 0.25
    }

    #[test]
    fn a_positive_label_that_is_not_a_label_is_refused() {
        let mut spec = TrainSpec::new("breast_cancer", ModelKind::NaiveBayes);
        spec.positive = Some("cancer".into());
        let e = train(&spec).unwrap_err().to_string();
        assert!(e.contains("the labels are: benign, malignant"), "{e}");
        let mut spec = TrainSpec::new("iris", ModelKind::NaiveBayes);
        spec.positive = Some("setosa".into());
        assert!(train(&spec).unwrap_err().to_string().contains("two-class"));
    }

    #[test]
    fn binary_predictions_follow_the_scores() {
        for model in [
            ModelKind::Logistic,
            ModelKind::Tree,
            ModelKind::NaiveBayes,
            ModelKind::Kmeans,
        ] {
            let o = train(&TrainSpec::new("phishing", model)).unwrap();
            let Predictions::Classification(p) = &o.predictions else {
                panic!()
            };
            let pos = p.positive.unwrap();
            for (s, &pred) in p.scores.as_ref().unwrap().iter().zip(&p.predicted) {
                assert_eq!(pred == pos, *s >= THRESHOLD, "{model}");
            }
        }
    }

    #[test]
    fn linear_regression_on_diabetes_explains_some_variance() {
        let o = train(&TrainSpec::new("diabetes", ModelKind::Linear)).unwrap();
        let r2 = o.metric("r2").unwrap();
        assert!((0.3..0.7).contains(&r2), "{r2}");
    }

    #[test]
    fn kmeans_on_iris_reports_agreement() {
        let o = train(&TrainSpec::new("iris", ModelKind::Kmeans)).unwrap();
        let c = o.clusters.as_ref().unwrap();
        assert_eq!(c.k, 3);
        assert_eq!(Some(c.agreement), o.metric("accuracy"));
        assert!(c.agreement > 0.7, "{}", c.agreement);
        let total: usize = c.contingency.iter().flatten().sum();
        assert_eq!(total, o.rows_test());
    }
}
