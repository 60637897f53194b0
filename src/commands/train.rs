//! `mlpath train`: fit one model on a dataset and report its test metrics, as text or
//! JSON, and optionally export the split's row indices.

use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use serde::Serialize;

use crate::cli::TrainArgs;
use crate::ml::data::{Split, SplitSpec};
use crate::ml::io::{RowLimit, Source};
use crate::ml::models::{
    self, ClusterSummary, Metrics, ModelKind, Predictions, TrainOutcome, TrainSpec,
};

mod text;

pub fn run(args: TrainArgs) -> anyhow::Result<ExitCode> {
    let mut spec = spec_from_args(&args);
    let source = Source::parse(&args.data)?;
    super::note(source.note.as_deref());
    if source.note.is_some() {
        // A file that shares a bundled dataset's name: the library reads bare bundled
        // names as bundled datasets (for the labs), so the file goes over as a path.
        spec.data = format!("./{}", args.data);
    }
    let started_at = crate::progress::now();
    let outcome = models::train(&spec)?;
    let run_id = if args.track {
        Some(super::runs::track(&args, &spec, &outcome, started_at)?)
    } else {
        None
    };
    if let Some(path) = &args.export_split {
        export_split(path, &outcome)?;
    }
    if let Some(path) = &args.predictions {
        export_predictions(path, &outcome)?;
    }
    let mut out = if args.json {
        to_json(&outcome, &spec)?
    } else {
        text::report(&outcome, &spec)
    };
    if let Some(id) = run_id {
        if args.json {
            let mut value: serde_json::Value = serde_json::from_str(&out)?;
            value["run_id"] = serde_json::Value::String(id);
            out = serde_json::to_string_pretty(&value)? + "\n";
        } else {
            out.push_str(&format!(
                "Recorded run {id} (`mlpath runs show {}`)\n",
                &id[..8]
            ));
        }
    }
    super::out(&out)?;
    Ok(ExitCode::SUCCESS)
}

pub fn spec_from_args(args: &TrainArgs) -> TrainSpec {
    TrainSpec {
        data: args.data.clone(),
        target: args.target.clone(),
        model: args.model,
        features: args.features.clone(),
        split: match &args.test {
            Some(file) => SplitSpec::TestFile(file.clone()),
            None => SplitSpec::TestSize(args.test_size),
        },
        seed: args.seed,
        positive: args.positive.clone(),
        clusters: args.clusters,
        rows: match (args.max_rows, args.sample) {
            (Some(n), _) => RowLimit::First(usize::try_from(n).unwrap_or(usize::MAX)),
            (None, Some(n)) => RowLimit::Sample(usize::try_from(n).unwrap_or(usize::MAX)),
            (None, None) => RowLimit::All,
        },
    }
}

#[derive(Serialize)]
struct JsonReport<'a> {
    model: ModelKind,
    dataset: &'a str,
    /// `null` for k-means without a target.
    target: Option<&'a str>,
    rows_train: usize,
    rows_test: usize,
    seed: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    test_size: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    test_file: Option<&'a str>,
    features: &'a [String],
    one_hot: Vec<OneHotJson<'a>>,
    metrics: &'a Metrics,
    #[serde(skip_serializing_if = "Option::is_none")]
    clusters: Option<&'a ClusterSummary>,
    notes: &'a [String],
    warnings: &'a [String],
}

/// A one-hot encoded column in the JSON report.
#[derive(Serialize)]
struct OneHotJson<'a> {
    column: &'a str,
    indicators: usize,
    categories: &'a [String],
}

/// The JSON report: pretty-printed, one trailing newline.
pub fn to_json(outcome: &TrainOutcome, spec: &TrainSpec) -> anyhow::Result<String> {
    let report = JsonReport {
        model: outcome.model,
        dataset: &outcome.dataset,
        target: Some(outcome.target.as_str()).filter(|t| !t.is_empty()),
        rows_train: outcome.rows_train(),
        rows_test: outcome.rows_test(),
        seed: outcome.seed,
        test_size: match spec.split {
            SplitSpec::TestSize(s) => Some(s),
            SplitSpec::TestFile(_) => None,
        },
        test_file: outcome.test_file.as_deref(),
        features: &outcome.features,
        one_hot: outcome
            .one_hot
            .iter()
            .map(|h| OneHotJson {
                column: &h.column,
                indicators: h.categories.len(),
                categories: &h.categories,
            })
            .collect(),
        metrics: &outcome.metrics,
        clusters: outcome.clusters.as_ref(),
        notes: &outcome.notes,
        warnings: &outcome.warnings,
    };
    Ok(serde_json::to_string_pretty(&report)? + "\n")
}

#[derive(Serialize)]
struct SplitExport<'a> {
    dataset: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    test_file: Option<&'a str>,
    seed: u64,
    /// What the indices mean, for whoever reads the file.
    rows: &'static str,
    #[serde(flatten)]
    split: &'a Split,
}

pub(super) fn export_split(path: &Path, outcome: &TrainOutcome) -> anyhow::Result<()> {
    let export = SplitExport {
        dataset: &outcome.dataset,
        test_file: outcome.test_file.as_deref(),
        seed: outcome.seed,
        rows: "0-based indices of data rows (the header is not a row); test rows index the test file when there is one",
        split: &outcome.split,
    };
    let text = serde_json::to_string(&export)? + "\n";
    std::fs::write(path, text)
        .with_context(|| format!("cannot write the split to {}", path.display()))
}

/// The test rows' predictions as CSV, one row per test row, in split order.
pub(super) fn export_predictions(path: &Path, outcome: &TrainOutcome) -> anyhow::Result<()> {
    let write = || -> Result<(), csv::Error> {
        let mut w = csv::Writer::from_path(path)?;
        match &outcome.predictions {
            Predictions::Classification(p) => {
                let scored = p.scores.as_ref().filter(|_| p.positive.is_some());
                let mut header = vec!["row", "truth", "predicted"];
                if scored.is_some() {
                    header.push("score");
                }
                w.write_record(&header)?;
                for (i, (&t, &y)) in p.truth.iter().zip(&p.predicted).enumerate() {
                    let mut record = vec![
                        outcome.split.test[i].to_string(),
                        p.classes[t].clone(),
                        p.classes[y].clone(),
                    ];
                    if let Some(scores) = scored {
                        record.push(scores[i].to_string());
                    }
                    w.write_record(&record)?;
                }
            }
            Predictions::Clusters(clusters) => {
                w.write_record(["row", "cluster"])?;
                for (i, c) in clusters.iter().enumerate() {
                    w.write_record([outcome.split.test[i].to_string(), c.to_string()])?;
                }
            }
            Predictions::Regression(r) => {
                w.write_record(["row", "truth", "predicted"])?;
                for (i, (t, y)) in r.truth.iter().zip(&r.predicted).enumerate() {
                    w.write_record([
                        outcome.split.test[i].to_string(),
                        t.to_string(),
                        y.to_string(),
                    ])?;
                }
            }
        }
        w.flush()?;
        Ok(())
    };
    write().with_context(|| format!("cannot write the predictions to {}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(data: &str, model: ModelKind) -> TrainSpec {
        TrainSpec::new(data, model)
    }

    #[test]
    fn the_same_run_prints_the_same_report_twice() {
        for model in ModelKind::ALL {
            let data = if model == ModelKind::Linear {
                "diabetes"
            } else {
                "wine"
            };
            let s = spec(data, model);
            let first = models::train(&s).unwrap();
            let second = models::train(&s).unwrap();
            assert_eq!(to_json(&first, &s).unwrap(), to_json(&second, &s).unwrap());
            assert_eq!(text::report(&first, &s), text::report(&second, &s));
        }
    }

    #[test]
    fn json_has_the_documented_keys_in_order() {
        let s = spec("breast_cancer", ModelKind::Logistic);
        let json = to_json(&models::train(&s).unwrap(), &s).unwrap();
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(v["model"], "logistic");
        assert_eq!(
            v["rows_train"].as_u64().unwrap() + v["rows_test"].as_u64().unwrap(),
            569
        );
        let metrics = v["metrics"].as_object().unwrap();
        for key in [
            "n",
            "positive",
            "threshold",
            "tp",
            "fp",
            "fn",
            "tn",
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
        ] {
            assert!(metrics.contains_key(key), "{key}");
        }
        let order: Vec<usize> = [
            "\"model\"",
            "\"dataset\"",
            "\"target\"",
            "\"rows_train\"",
            "\"metrics\"",
            "\"warnings\"",
        ]
        .iter()
        .map(|k| json.find(k).unwrap())
        .collect();
        assert!(order.windows(2).all(|w| w[0] < w[1]), "{json}");
    }

    #[test]
    fn multiclass_and_regression_keys() {
        let s = spec("iris", ModelKind::Tree);
        let v: serde_json::Value =
            serde_json::from_str(&to_json(&models::train(&s).unwrap(), &s).unwrap()).unwrap();
        for key in [
            "n",
            "accuracy",
            "macro_precision",
            "macro_recall",
            "macro_f1",
            "micro_f1",
            "weighted_f1",
            "kappa",
            "mcc",
            "per_class",
            "confusion",
        ] {
            assert!(v["metrics"].get(key).is_some(), "{key}");
        }
        let s = spec("diabetes", ModelKind::Linear);
        let v: serde_json::Value =
            serde_json::from_str(&to_json(&models::train(&s).unwrap(), &s).unwrap()).unwrap();
        for key in ["n", "mae", "mse", "rmse", "r2"] {
            assert!(v["metrics"].get(key).is_some(), "{key}");
        }
    }
}
