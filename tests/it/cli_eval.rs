//! `mlpath eval` as a user runs it: JSON keys and values, the tables, and every kind
//! of bad input (exit code 2 with a message naming the file, line and column).

use std::path::PathBuf;

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;
use tempfile::TempDir;

const BINARY: &str = "y,p,pred\n1,0.9,1\n0,0.2,0\n1,0.4,0\n0,0.6,1\n1,0.55,1\n0,0.1,0\n";
const MULTICLASS: &str = "y,pred\ncat,cat\ndog,cat\nbird,bird\ncat,dog\ndog,dog\nbird,cat\n";

const BINARY_KEYS: [&str; 18] = [
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
];

/// A temporary directory holding one CSV file.
struct Csv {
    _dir: TempDir,
    path: PathBuf,
}

fn csv(name: &str, text: &str) -> Csv {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    Csv { _dir: dir, path }
}

fn eval(file: &Csv, args: &[&str]) -> assert_cmd::assert::Assert {
    Command::cargo_bin("mlpath")
        .unwrap()
        .arg("eval")
        .arg(&file.path)
        .args(args)
        .assert()
}

/// The parsed JSON and the top-level keys in the order they were printed.
fn eval_json(file: &Csv, args: &[&str]) -> (Value, Vec<String>) {
    let out = eval(file, &[args, &["--json"]].concat()).success();
    let stdout = &out.get_output().stdout;
    let value: Value = serde_json::from_slice(stdout).expect("stdout is JSON");
    let text = String::from_utf8_lossy(stdout);
    let mut keys: Vec<String> = value.as_object().unwrap().keys().cloned().collect();
    // serde_json's map sorts keys; recover the printed order from the text.
    keys.sort_by_key(|k| {
        text.find(&format!("\n  \"{k}\":"))
            .expect("key printed at top level")
    });
    (value, keys)
}

fn close(v: &Value, expected: f64) {
    let got = v.as_f64().unwrap_or_else(|| panic!("{v} is not a number"));
    assert!((got - expected).abs() < 1e-12, "{got} vs {expected}");
}

// Expected values below come from scikit-learn 1.9.1 on the same data.

#[test]
fn binary_scores_json_has_every_key_in_order() {
    let file = csv("preds.csv", BINARY);
    let (v, keys) = eval_json(&file, &["--truth", "y", "--score", "p"]);
    assert_eq!(keys, BINARY_KEYS);
    assert_eq!(v["n"], 6);
    assert_eq!(v["positive"], "1");
    assert_eq!(v["threshold"], 0.5);
    assert_eq!(
        (&v["tp"], &v["fp"], &v["fn"], &v["tn"]),
        (&2.into(), &1.into(), &1.into(), &2.into())
    );
    close(&v["accuracy"], 4.0 / 6.0);
    close(&v["precision"], 2.0 / 3.0);
    close(&v["recall"], 2.0 / 3.0);
    close(&v["specificity"], 2.0 / 3.0);
    close(&v["f1"], 2.0 / 3.0);
    close(&v["balanced_accuracy"], 2.0 / 3.0);
    close(&v["mcc"], 0.3333333333333333);
    close(&v["roc_auc"], 0.7777777777777779);
    close(&v["average_precision"], 0.8055555555555556);
    close(&v["log_loss"], 0.47738050785563213);
    close(&v["brier"], 0.16374999999999998);
}

#[test]
fn threshold_moves_the_counts() {
    let file = csv("preds.csv", BINARY);
    let (v, _) = eval_json(
        &file,
        &["--truth", "y", "--score", "p", "--threshold", "0.4"],
    );
    assert_eq!(v["threshold"], 0.4);
    assert_eq!((&v["tp"], &v["fp"]), (&3.into(), &1.into()));
    // The ranking metrics do not depend on the threshold.
    close(&v["roc_auc"], 0.7777777777777779);
}

#[test]
fn hard_predictions_have_null_threshold_and_ranking_scores() {
    let file = csv("preds.csv", BINARY);
    let (v, keys) = eval_json(&file, &["--truth", "y", "--pred", "pred"]);
    assert_eq!(keys, BINARY_KEYS);
    assert!(v["threshold"].is_null());
    for key in ["roc_auc", "average_precision", "log_loss", "brier"] {
        assert!(v[key].is_null(), "{key}");
    }
    assert_eq!(
        (&v["tp"], &v["fp"], &v["fn"], &v["tn"]),
        (&2.into(), &1.into(), &1.into(), &2.into())
    );
}

#[test]
fn multiclass_json() {
    let file = csv("animals.csv", MULTICLASS);
    let (v, keys) = eval_json(&file, &["--truth", "y", "--pred", "pred"]);
    assert_eq!(
        keys,
        [
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
            "confusion"
        ]
    );
    assert_eq!(v["n"], 6);
    close(&v["accuracy"], 0.5);
    close(&v["macro_f1"], 0.5222222222222223);
    close(&v["kappa"], 0.2499999999999999);
    close(&v["mcc"], 0.26111648393354675);
    assert_eq!(
        v["confusion"]["labels"],
        serde_json::json!(["bird", "cat", "dog"])
    );
    assert_eq!(
        v["confusion"]["matrix"],
        serde_json::json!([[1, 1, 0], [0, 1, 1], [0, 1, 1]])
    );
    let first = &v["per_class"][0];
    let mut class_keys: Vec<&String> = first.as_object().unwrap().keys().collect();
    class_keys.sort();
    assert_eq!(
        class_keys,
        ["f1", "label", "precision", "recall", "support"]
    );
    assert_eq!(first["label"], "bird");
    close(&first["precision"], 1.0);
    assert_eq!(first["support"], 2);
}

#[test]
fn positive_label_picks_one_class_against_the_rest() {
    let file = csv("animals.csv", "y,p\ncat,0.9\ndog,0.2\nbird,0.4\ncat,0.7\n");
    let (v, _) = eval_json(
        &file,
        &["--truth", "y", "--score", "p", "--positive", "cat"],
    );
    assert_eq!(v["positive"], "cat");
    assert_eq!((&v["tp"], &v["fp"]), (&2.into(), &0.into()));
    close(&v["roc_auc"], 1.0);
}

#[test]
fn numeric_spellings_of_one_are_the_default_positive() {
    let file = csv("floats.csv", "y,p\n1.0,0.9\n0.0,0.2\n1,0.6\n");
    let (v, _) = eval_json(&file, &["--truth", "y", "--score", "p"]);
    assert_eq!(v["positive"], "1.0");
    assert_eq!(v["tp"], 2);
    assert_eq!(v["tn"], 1);
}

#[test]
fn human_output_shows_labelled_matrix_and_metrics() {
    let file = csv("preds.csv", BINARY);
    eval(&file, &["--truth", "y", "--score", "p"])
        .success()
        .stdout(predicate::str::contains("6 rows, positive class '1'"))
        .stdout(predicate::str::contains("predicted"))
        .stdout(predicate::str::contains("actual  1  TP 2  FN 1"))
        .stdout(predicate::str::contains("        0  FP 1  TN 2"))
        .stdout(predicate::str::contains("roc_auc            0.7778"))
        .stdout(predicate::str::contains("log_loss           0.4774"));
}

#[test]
fn human_output_marks_zero_divisions() {
    let file = csv("none.csv", "y,p\n1,0.1\n0,0.2\n1,0.3\n");
    eval(
        &file,
        &["--truth", "y", "--score", "p", "--threshold", "0.9"],
    )
    .success()
    .stdout(predicate::str::contains(
        "precision          0.0 (undefined)",
    ))
    .stdout(predicate::str::contains("like scikit-learn"));
}

#[test]
fn human_multiclass_output() {
    let file = csv("animals.csv", MULTICLASS);
    eval(&file, &["--truth", "y", "--pred", "pred"])
        .success()
        .stdout(predicate::str::contains("6 rows, 3 classes"))
        .stdout(predicate::str::contains(
            "predicted\n                bird  cat  dog",
        ))
        .stdout(predicate::str::contains("actual  bird     1    1    0"))
        .stdout(predicate::str::contains("macro_f1         0.5222"));
}

/// Runs a bad input: exit code 2, nothing on stdout, stderr containing `expected`.
fn fails(file: &Csv, args: &[&str], expected: &[&str]) {
    let out = eval(file, args).code(2).stdout("");
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    for part in expected {
        assert!(stderr.contains(part), "expected {part:?} in:\n{stderr}");
    }
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn missing_column() {
    let file = csv("preds.csv", BINARY);
    fails(
        &file,
        &["--truth", "label", "--score", "p"],
        &[
            "preds.csv:1: no column named 'label'",
            "the columns are: y, p, pred",
        ],
    );
}

#[test]
fn empty_file_and_header_only() {
    let file = csv("empty.csv", "");
    fails(
        &file,
        &["--truth", "y", "--score", "p"],
        &["empty.csv:1: the file is empty"],
    );
    let file = csv("header.csv", "y,p\n");
    fails(
        &file,
        &["--truth", "y", "--score", "p"],
        &["header.csv:2: no data rows"],
    );
}

#[test]
fn ragged_row() {
    let file = csv("ragged.csv", "y,p\n1,0.5\n\n0,0.3,9\n");
    fails(
        &file,
        &["--truth", "y", "--score", "p"],
        &["ragged.csv:4: this row has 3 fields but the header has 2"],
    );
}

#[test]
fn non_numeric_score() {
    let file = csv("bad.csv", "y,p\n1,0.5\n0,high\n");
    fails(
        &file,
        &["--truth", "y", "--score", "p"],
        &["bad.csv:3: column 'p': 'high' is not a number"],
    );
    let file = csv("gap.csv", "y,p\n1,0.5\n0,NA\n");
    fails(
        &file,
        &["--truth", "y", "--score", "p"],
        &["gap.csv:3: column 'p': missing score"],
    );
}

#[test]
fn score_outside_zero_one() {
    let file = csv("logits.csv", "y,p\n1,0.5\n0,-2.5\n");
    fails(
        &file,
        &["--truth", "y", "--score", "p"],
        &[
            "logits.csv:3: column 'p': score -2.5 is outside [0, 1]",
            "log loss and the Brier score",
        ],
    );
}

#[test]
fn missing_truth_label() {
    let file = csv("gap.csv", "y,p\n1,0.5\n,0.5\n");
    fails(
        &file,
        &["--truth", "y", "--score", "p"],
        &["gap.csv:3: column 'y': missing label"],
    );
}

#[test]
fn truth_with_one_label() {
    let file = csv("one.csv", "y,p\n1,0.5\n1,0.7\n");
    fails(
        &file,
        &["--truth", "y", "--score", "p"],
        &["one.csv: column 'y': only one label ('1') occurs; evaluating needs two classes"],
    );
    let file = csv("one.csv", "y,pred\n1,1\n1,1\n");
    fails(
        &file,
        &["--truth", "y", "--pred", "pred"],
        &["columns 'y' and 'pred': only one label"],
    );
}

#[test]
fn positive_label_not_present() {
    let file = csv("preds.csv", BINARY);
    fails(
        &file,
        &["--truth", "y", "--score", "p", "--positive", "yes"],
        &[
            "preds.csv: column 'y': the positive label 'yes' does not occur",
            "labels seen: 0, 1",
        ],
    );
}

#[test]
fn no_default_positive_asks_for_one() {
    let file = csv("words.csv", "y,p\nspam,0.9\nham,0.1\n");
    fails(
        &file,
        &["--truth", "y", "--score", "p"],
        &[
            "words.csv: column 'y': which label is the positive class?",
            "--positive LABEL; labels seen: ham, spam",
        ],
    );
}

#[test]
fn several_labels_with_scores_need_a_positive() {
    let file = csv("animals.csv", "y,p\ncat,0.9\ndog,0.2\nbird,0.4\n");
    fails(
        &file,
        &["--truth", "y", "--score", "p"],
        &["3 labels occur (bird, cat, dog)", "--positive"],
    );
}

#[test]
fn threshold_outside_zero_one_or_nan() {
    let file = csv("preds.csv", BINARY);
    for bad in ["1.5", "-0.1", "NaN", "half"] {
        eval(
            &file,
            &[
                "--truth",
                "y",
                "--score",
                "p",
                &format!("--threshold={bad}"),
            ],
        )
        .code(2)
        .stderr(predicate::str::contains("--threshold"));
    }
    eval(
        &file,
        &["--truth", "y", "--pred", "pred", "--threshold", "0.3"],
    )
    .code(2)
    .stderr(predicate::str::contains("cannot be used with"));
}

#[test]
fn missing_file() {
    let file = csv("preds.csv", BINARY);
    let gone = Csv {
        path: file.path.with_file_name("gone.csv"),
        _dir: file._dir,
    };
    fails(
        &gone,
        &["--truth", "y", "--score", "p"],
        &["gone.csv: cannot read the file"],
    );
}
