//! Evaluation metrics, computed here rather than by linfa, with scikit-learn's
//! definitions: wherever a denominator is zero the value is 0.0 (its default
//! `zero_division`), and the `is_undefined` helpers say when that happened.
//!
//! Binary functions take `labels: &[bool]` (true = positive class) and scores or
//! probabilities for the positive class; a row is predicted positive when
//! `score >= threshold`.

pub mod binary;
pub mod curves;
pub mod evaluation;
pub mod json;
pub mod multiclass;
pub mod probability;
pub mod regression;
pub mod sweep;

pub use binary::{ConfusionCounts, CountMetric};
pub use curves::{PrCurve, RocCurve, average_precision, pr_curve, roc_auc, roc_curve};
pub use evaluation::BinaryEvaluation;
pub use multiclass::{ClassScores, ConfusionMatrix, compare_labels};
pub use probability::{brier_score, log_loss};
pub use sweep::{OperatingPoint, ThresholdSweep};
