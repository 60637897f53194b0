//! `mlpath train --json` and `mlpath eval --json` describe a classifier's test rows with
//! the same keys and shapes: the train report's confusion counts, written out as a CSV
//! of (truth, prediction) rows and given to `eval`, come back with the same metrics.

use std::fmt::Write;
use std::path::Path;

use assert_cmd::Command;
use mlpath::ml::metrics::CountMetric;
use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

/// JSON that keeps object keys in printed order (`serde_json::Value` sorts them).
enum Ordered {
    Object(Vec<(String, Ordered)>),
    Array(Vec<Ordered>),
    Scalar,
}

impl<'de> Deserialize<'de> for Ordered {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Ordered, D::Error> {
        struct OrderedVisitor;
        impl<'de> Visitor<'de> for OrderedVisitor {
            type Value = Ordered;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("JSON")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Ordered, A::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = map.next_entry::<String, Ordered>()? {
                    entries.push(entry);
                }
                Ok(Ordered::Object(entries))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Ordered, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element()? {
                    items.push(item);
                }
                Ok(Ordered::Array(items))
            }
            fn visit_bool<E>(self, _: bool) -> Result<Ordered, E> {
                Ok(Ordered::Scalar)
            }
            fn visit_u64<E>(self, _: u64) -> Result<Ordered, E> {
                Ok(Ordered::Scalar)
            }
            fn visit_i64<E>(self, _: i64) -> Result<Ordered, E> {
                Ok(Ordered::Scalar)
            }
            fn visit_f64<E>(self, _: f64) -> Result<Ordered, E> {
                Ok(Ordered::Scalar)
            }
            fn visit_str<E>(self, _: &str) -> Result<Ordered, E> {
                Ok(Ordered::Scalar)
            }
            fn visit_unit<E>(self) -> Result<Ordered, E> {
                Ok(Ordered::Scalar)
            }
        }
        deserializer.deserialize_any(OrderedVisitor)
    }
}

impl Ordered {
    /// The value at `path`: object keys, or array indices written as numbers.
    fn at(&self, path: &[&str]) -> &Ordered {
        let Some((step, rest)) = path.split_first() else {
            return self;
        };
        let next = match self {
            Ordered::Object(entries) => entries.iter().find(|(k, _)| k == step).map(|(_, v)| v),
            Ordered::Array(items) => step.parse::<usize>().ok().and_then(|i| items.get(i)),
            Ordered::Scalar => None,
        };
        next.unwrap_or_else(|| panic!("no '{step}' in the JSON"))
            .at(rest)
    }

    fn keys(&self) -> Vec<&str> {
        match self {
            Ordered::Object(entries) => entries.iter().map(|(k, _)| k.as_str()).collect(),
            _ => panic!("a JSON object expected"),
        }
    }
}

/// Runs mlpath, which must succeed, and parses its JSON both ways.
fn run(args: &[&str]) -> (Value, Ordered) {
    let assert = Command::cargo_bin("mlpath")
        .unwrap()
        .args(args)
        .assert()
        .success();
    let stdout = &assert.get_output().stdout;
    (
        serde_json::from_slice(stdout).unwrap(),
        serde_json::from_slice(stdout).unwrap(),
    )
}

/// The object at `path` in eval's report has `count` keys, and the one at `metrics/path`
/// in train's report has the same keys in the same order.
fn assert_same_keys(train: &Ordered, eval: &Ordered, path: &[&str], count: usize) {
    let in_train = train.at(&[&["metrics"][..], path].concat()).keys();
    let in_eval = eval.at(path).keys();
    assert_eq!(in_train, in_eval, "keys at {path:?}");
    assert_eq!(in_eval.len(), count, "{in_eval:?}");
}

/// One CSV row `truth,pred` per counted (actual, predicted) pair.
fn write_pairs(path: &Path, pairs: &[(&str, &str, u64)]) {
    let mut text = String::from("y,pred\n");
    for &(actual, predicted, count) in pairs {
        for _ in 0..count {
            let _ = writeln!(text, "{actual},{predicted}");
        }
    }
    std::fs::write(path, text).unwrap();
}

fn as_str(v: &Value) -> &str {
    v.as_str().unwrap()
}

#[test]
fn binary_train_metrics_have_the_eval_keys_and_values() {
    let train_args = ["train", "breast_cancer", "--model", "logistic", "--json"];
    let (train, train_order) = run(&train_args);
    let m = &train["metrics"];

    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("pairs.csv");
    let (pos, neg) = (as_str(&m["positive"]), "benign");
    let count = |k: &str| m[k].as_u64().unwrap();
    write_pairs(
        &file,
        &[
            (pos, pos, count("tp")),
            (pos, neg, count("fn")),
            (neg, pos, count("fp")),
            (neg, neg, count("tn")),
        ],
    );
    let file = file.to_str().unwrap();
    let eval_args = [
        "eval",
        file,
        "--truth",
        "y",
        "--pred",
        "pred",
        "--positive",
        pos,
        "--json",
    ];
    let (eval, eval_order) = run(&eval_args);

    assert_same_keys(&train_order, &eval_order, &[], 18);
    let count_metrics = CountMetric::ALL.map(CountMetric::name);
    for key in ["n", "positive", "tp", "fp", "fn", "tn"]
        .into_iter()
        .chain(count_metrics)
    {
        assert_eq!(m[key], eval[key], "{key}");
    }
    // Train scores its rows, eval here only has hard predictions.
    assert_eq!(m["threshold"], 0.5);
    assert!(eval["threshold"].is_null());
    for key in ["roc_auc", "average_precision", "log_loss", "brier"] {
        assert!(m[key].is_f64(), "{key}");
    }
}

#[test]
fn multiclass_train_metrics_equal_eval_on_the_same_predictions() {
    let train_args = ["train", "wine", "--model", "naive_bayes", "--json"];
    let (train, train_order) = run(&train_args);
    let m = &train["metrics"];
    let labels: Vec<&str> = m["confusion"]["labels"]
        .as_array()
        .unwrap()
        .iter()
        .map(as_str)
        .collect();
    assert_eq!(labels.len(), 3);
    let mut pairs = Vec::new();
    for (i, row) in m["confusion"]["matrix"]
        .as_array()
        .unwrap()
        .iter()
        .enumerate()
    {
        for (j, count) in row.as_array().unwrap().iter().enumerate() {
            pairs.push((labels[i], labels[j], count.as_u64().unwrap()));
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("pairs.csv");
    write_pairs(&file, &pairs);
    let file = file.to_str().unwrap();
    let eval_args = ["eval", file, "--truth", "y", "--pred", "pred", "--json"];
    let (eval, eval_order) = run(&eval_args);

    assert_same_keys(&train_order, &eval_order, &[], 11);
    assert_same_keys(&train_order, &eval_order, &["per_class", "0"], 5);
    assert_same_keys(&train_order, &eval_order, &["confusion"], 2);
    // Same counts, same engine: the whole object agrees, per class and matrix included.
    assert_eq!(m, &eval);
}

#[test]
fn eval_on_trains_exported_predictions_gives_the_same_metrics() {
    let dir = tempfile::tempdir().unwrap();
    let preds = dir.path().join("preds.csv");
    let train = assert_cmd::Command::cargo_bin("mlpath")
        .unwrap()
        .args([
            "train",
            "breast_cancer",
            "--model",
            "naive_bayes",
            "--json",
            "--predictions",
        ])
        .arg(&preds)
        .output()
        .unwrap();
    assert!(
        train.status.success(),
        "{}",
        String::from_utf8_lossy(&train.stderr)
    );
    let train: serde_json::Value = serde_json::from_slice(&train.stdout).unwrap();
    let eval = assert_cmd::Command::cargo_bin("mlpath")
        .unwrap()
        .arg("eval")
        .arg(&preds)
        .args([
            "--truth",
            "truth",
            "--score",
            "score",
            "--positive",
            "malignant",
            "--json",
        ])
        .output()
        .unwrap();
    assert!(
        eval.status.success(),
        "{}",
        String::from_utf8_lossy(&eval.stderr)
    );
    let eval: serde_json::Value = serde_json::from_slice(&eval.stdout).unwrap();
    for key in [
        "tp",
        "fp",
        "fn",
        "tn",
        "accuracy",
        "f1",
        "mcc",
        "roc_auc",
        "average_precision",
        "log_loss",
        "brier",
    ] {
        let (a, b) = (&train["metrics"][key], &eval[key]);
        match (a.as_f64(), b.as_f64()) {
            (Some(x), Some(y)) => assert!((x - y).abs() < 1e-12, "{key}: train {x}, eval {y}"),
            _ => assert_eq!(a, b, "{key}"),
        }
    }
    let text = std::fs::read_to_string(&preds).unwrap();
    assert!(text.starts_with("row,truth,predicted,score\n"), "{text}");
    assert_eq!(text.lines().count(), 143, "a header and 142 test rows");
}
