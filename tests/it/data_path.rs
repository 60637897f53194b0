//! The data path's rules through the binary: bundled name or file path, label
//! identity, one-hot encoding in `train`, `eval --positive` with one label, explicit
//! drift tests and `--fail-on-drift`, and escape sequences stripped at the CLI edge.

use std::path::Path;
use std::process::Output;

use assert_cmd::Command;
use serde_json::Value;
use tempfile::TempDir;

fn mlpath() -> Command {
    Command::cargo_bin("mlpath").unwrap()
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_string()
}

fn run(dir: &Path, args: &[&str]) -> Output {
    mlpath().current_dir(dir).args(args).output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Runs a command that must succeed and print JSON; returns it and stderr.
fn json(dir: &Path, args: &[&str]) -> (Value, String) {
    let out = run(dir, &[args, &["--json"]].concat());
    let stderr = text(&out.stderr);
    assert!(out.status.success(), "{args:?}: {stderr}");
    (serde_json::from_slice(&out.stdout).unwrap(), stderr)
}

/// Runs a command that must fail with status 2; returns stderr.
fn refused(dir: &Path, args: &[&str]) -> String {
    let out = run(dir, args);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    stderr
}

/// 20 rows of a two-class table with a text feature; the labels of class 1 are written
/// as `1` and `1.0` in turn.
fn coloured_rows() -> String {
    let mut rows = String::from("age,colour,size,y\n");
    for i in 0..40 {
        let colour = ["red", "green", "blue"][i % 3];
        let positive = colour == "red" || i % 7 == 0;
        let label = match (positive, i % 2) {
            (true, 0) => "1",
            (true, _) => "1.0",
            (false, _) => "0",
        };
        rows.push_str(&format!(
            "{},{colour},{:.2},{label}\n",
            20 + i,
            (i % 5) as f64 / 4.0
        ));
    }
    rows
}

#[test]
fn an_existing_file_wins_over_a_bundled_name_with_a_note() {
    let dir = TempDir::new().unwrap();
    // a local file called `iris`: 4 rows, a different target
    write(
        dir.path(),
        "iris",
        "a,b,label\n1,2,x\n2,1,y\n3,3,x\n4,2,y\n5,5,x\n6,1,y\n7,3,x\n8,4,y\n",
    );
    let (local, stderr) = json(
        dir.path(),
        &[
            "train",
            "iris",
            "--model",
            "tree",
            "--target",
            "label",
            "--positive",
            "x",
        ],
    );
    assert_eq!(
        local["rows_train"].as_u64().unwrap() + local["rows_test"].as_u64().unwrap(),
        8
    );
    assert!(
        stderr.contains("note: 'iris' is a file here and a bundled dataset: reading the file ./iris; write bundled:iris for the bundled dataset"),
        "{stderr}"
    );
    let (bundled, stderr) = json(dir.path(), &["train", "bundled:iris", "--model", "tree"]);
    assert_eq!(
        bundled["rows_train"].as_u64().unwrap() + bundled["rows_test"].as_u64().unwrap(),
        150
    );
    assert!(stderr.is_empty(), "{stderr}");

    // drift and eval follow the same rule
    let out = run(
        dir.path(),
        &["drift", "iris", "iris", "--columns", "a", "--json"],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["reference"]["rows"], 8);
    assert!(text(&out.stderr).contains("reading the file ./iris"));
    let (report, _) = json(
        dir.path(),
        &[
            "drift",
            "bundled:iris[0:75]",
            "bundled:iris[75:]",
            "--columns",
            "sepal_length_cm",
        ],
    );
    assert_eq!(report["reference"]["rows"], 75);
    let out = run(
        dir.path(),
        &[
            "eval",
            "bundled:iris",
            "--truth",
            "species",
            "--pred",
            "species",
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("setosa"));

    let stderr = refused(dir.path(), &["train", "bundled:nope", "--model", "tree"]);
    assert!(
        stderr.contains("nope: not a bundled dataset name"),
        "{stderr}"
    );
    assert!(
        stderr.contains("bundled datasets: breast_cancer"),
        "{stderr}"
    );
}

#[test]
fn one_and_one_point_zero_are_one_label_in_train_and_eval() {
    let dir = TempDir::new().unwrap();
    let data = write(dir.path(), "data.csv", &coloured_rows());
    let (report, _) = json(
        dir.path(),
        &["train", &data, "--target", "y", "--model", "logistic"],
    );
    // two classes, so binary metrics with the positive class as first written
    assert_eq!(report["metrics"]["positive"], "1");
    assert!(report["metrics"]["roc_auc"].is_number(), "{report}");
    // --positive matches by value too
    let (report, _) = json(
        dir.path(),
        &[
            "train",
            &data,
            "--target",
            "y",
            "--model",
            "logistic",
            "--positive",
            "1e0",
        ],
    );
    assert_eq!(report["metrics"]["positive"], "1");
    // a test file may spell the labels differently
    let test = write(
        dir.path(),
        "test.csv",
        "age,colour,size,y\n30,red,0.5,1.00\n41,blue,0.25,0.0\n",
    );
    let (report, _) = json(
        dir.path(),
        &[
            "train", &data, "--target", "y", "--model", "tree", "--test", &test,
        ],
    );
    assert_eq!(report["rows_test"], 2);
    // eval merges the same spellings
    let preds = write(
        dir.path(),
        "preds.csv",
        "y,pred\n1,1.0\n1.0,1\n0,0.0\n0.0,1\n",
    );
    let (report, _) = json(
        dir.path(),
        &["eval", &preds, "--truth", "y", "--pred", "pred"],
    );
    assert_eq!(report["tp"], 2);
    assert_eq!(report["fp"], 1);
    assert_eq!(report["tn"], 1);
}

#[test]
fn text_features_are_one_hot_encoded_from_the_training_rows() {
    let dir = TempDir::new().unwrap();
    let data = write(dir.path(), "data.csv", &coloured_rows());
    let predictions = dir.path().join("p.csv");
    let (report, stderr) = json(
        dir.path(),
        &[
            "train",
            &data,
            "--target",
            "y",
            "--model",
            "logistic",
            "--predictions",
            predictions.to_str().unwrap(),
        ],
    );
    assert!(stderr.is_empty(), "{stderr}");
    assert_eq!(
        report["features"],
        serde_json::json!(["age", "colour", "size"])
    );
    assert_eq!(
        report["one_hot"],
        serde_json::json!([{"column": "colour", "indicators": 3, "categories": ["blue", "green", "red"]}])
    );
    let written = std::fs::read_to_string(&predictions).unwrap();
    assert_eq!(
        written.lines().count(),
        1 + report["rows_test"].as_u64().unwrap() as usize
    );
    assert!(
        written.starts_with("row,truth,predicted,score\n"),
        "{written}"
    );

    // --features names the original column; an indicator name is not a column
    let (report, _) = json(
        dir.path(),
        &[
            "train",
            &data,
            "--target",
            "y",
            "--model",
            "tree",
            "--features",
            "colour",
        ],
    );
    assert_eq!(report["features"], serde_json::json!(["colour"]));
    let stderr = refused(
        dir.path(),
        &[
            "train",
            &data,
            "--target",
            "y",
            "--model",
            "tree",
            "--features",
            "colour=red",
        ],
    );
    assert!(
        stderr.contains("the feature 'colour=red' is not a column"),
        "{stderr}"
    );

    // a category the training rows never had: all zeros and one warning with the count
    let test = write(
        dir.path(),
        "test.csv",
        "age,colour,size,y\n30,purple,0.5,1\n41,blue,0.25,0\n50,purple,0.75,0\n",
    );
    let (report, _) = json(
        dir.path(),
        &[
            "train", &data, "--target", "y", "--model", "logistic", "--test", &test,
        ],
    );
    let warnings = report["warnings"].as_array().unwrap();
    let unseen: Vec<&Value> = warnings
        .iter()
        .filter(|w| {
            w.as_str()
                .unwrap()
                .contains("category the training rows do not have")
        })
        .collect();
    assert_eq!(unseen.len(), 1, "{warnings:?}");
    assert!(
        unseen[0]
            .as_str()
            .unwrap()
            .starts_with("column 'colour': 2 rows of"),
        "{unseen:?}"
    );
    let out = run(
        dir.path(),
        &[
            "train", &data, "--target", "y", "--model", "logistic", "--test", &test,
        ],
    );
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("one-hot: colour (3 indicators)"),
        "{stdout}"
    );
    assert!(stdout.contains("column 'colour': 2 rows of"), "{stdout}");

    // an identifier-like text column is refused with a way out
    let mut ids = String::from("id,x,y\n");
    for i in 0..80 {
        ids.push_str(&format!("user{i},{},{}\n", i % 9, i % 2));
    }
    let ids = write(dir.path(), "ids.csv", &ids);
    let stderr = refused(
        dir.path(),
        &["train", &ids, "--target", "y", "--model", "tree"],
    );
    assert!(
        stderr.contains("column 'id': this text column has"),
        "{stderr}"
    );
    assert!(stderr.contains("--features"), "{stderr}");
}

#[test]
fn a_bundled_text_feature_is_one_hot_encoded() {
    let dir = TempDir::new().unwrap();
    let (report, _) = json(
        dir.path(),
        &[
            "train",
            "iris",
            "--model",
            "linear",
            "--target",
            "sepal_length_cm",
        ],
    );
    assert_eq!(
        report["one_hot"],
        serde_json::json!([{
            "column": "species",
            "indicators": 3,
            "categories": ["setosa", "versicolor", "virginica"]
        }])
    );
    assert!(report["metrics"]["r2"].as_f64().unwrap() > 0.7, "{report}");
    // bundled datasets without text features report no encoding
    let (report, _) = json(
        dir.path(),
        &["train", "breast_cancer", "--model", "logistic"],
    );
    assert_eq!(report["one_hot"], serde_json::json!([]));
}

#[test]
fn eval_with_positive_scores_a_truth_column_of_one_label() {
    let dir = TempDir::new().unwrap();
    let negatives = write(
        dir.path(),
        "quiet.csv",
        "y,p,pred\n0,0.1,0\n0,0.7,1\n0,0.2,0\n0,0.4,0\n",
    );
    let (report, stderr) = json(
        dir.path(),
        &[
            "eval",
            &negatives,
            "--truth",
            "y",
            "--score",
            "p",
            "--positive",
            "1",
        ],
    );
    assert_eq!(report["fp"], 1);
    assert_eq!(report["tn"], 3);
    assert_eq!(report["accuracy"], 0.75);
    assert!(report["roc_auc"].is_null());
    assert!(report["average_precision"].is_null());
    assert!(
        report["log_loss"].is_number() && report["brier"].is_number(),
        "{report}"
    );
    assert!(stderr.contains("warning: ROC AUC is undefined"), "{stderr}");
    assert!(
        stderr.contains("warning: average precision is undefined"),
        "{stderr}"
    );

    let positives = write(dir.path(), "all.csv", "y,p\nyes,0.9\nyes,0.3\nyes,0.8\n");
    let (report, stderr) = json(
        dir.path(),
        &[
            "eval",
            &positives,
            "--truth",
            "y",
            "--score",
            "p",
            "--positive",
            "yes",
        ],
    );
    assert_eq!(report["tp"], 2);
    assert_eq!(report["fn"], 1);
    assert!(report["roc_auc"].is_null());
    assert_eq!(report["average_precision"], 1.0);
    assert!(stderr.contains("ROC AUC is undefined"), "{stderr}");

    // hard predictions too
    let (report, _) = json(
        dir.path(),
        &[
            "eval",
            &negatives,
            "--truth",
            "y",
            "--pred",
            "pred",
            "--positive",
            "1",
        ],
    );
    assert_eq!(report["fp"], 1);

    // without --positive one label stays an error
    let stderr = refused(
        dir.path(),
        &["eval", &negatives, "--truth", "y", "--score", "p"],
    );
    assert!(stderr.contains("only one label ('0') occurs"), "{stderr}");
    assert!(stderr.contains("--positive"), "{stderr}");
}

/// A reference and a current table where `level` (integers 0..3) shifts and `name`
/// holds text.
fn level_tables(dir: &Path, shift: bool) -> (String, String) {
    let mut reference = String::from("level,name\n");
    let mut current = String::from("level,name\n");
    for i in 0..400 {
        reference.push_str(&format!("{},n{}\n", i % 4, i % 3));
        let level = if shift {
            (i % 4).min(2) + usize::from(i % 5 == 0)
        } else {
            i % 4
        };
        current.push_str(&format!("{level},n{}\n", i % 3));
    }
    (
        write(dir, if shift { "ref_s.csv" } else { "ref.csv" }, &reference),
        write(dir, if shift { "cur_s.csv" } else { "cur.csv" }, &current),
    )
}

#[test]
fn explicit_drift_tests_apply_to_every_column_of_numbers() {
    let dir = TempDir::new().unwrap();
    let (reference, current) = level_tables(dir.path(), true);
    // auto: few distinct integers are categories (chi-square)
    let (auto, _) = json(
        dir.path(),
        &["drift", &reference, &current, "--columns", "level"],
    );
    assert_eq!(auto["columns"][0]["test"], "chi2");
    // an explicit KS is honoured on the same column
    let (ks, _) = json(
        dir.path(),
        &[
            "drift",
            &reference,
            &current,
            "--columns",
            "level",
            "--test",
            "ks",
        ],
    );
    assert_eq!(ks["columns"][0]["test"], "ks");
    assert_eq!(ks["columns"][0]["kind"], "numeric");
    for test in ["wasserstein", "psi", "jsd", "chi2"] {
        let (r, _) = json(
            dir.path(),
            &[
                "drift",
                &reference,
                &current,
                "--columns",
                "level",
                "--test",
                test,
            ],
        );
        assert_eq!(r["columns"][0]["test"], test);
    }
    // KS on a text column is an error naming it
    let stderr = refused(dir.path(), &["drift", &reference, &current, "--test", "ks"]);
    assert!(
        stderr.contains("column 'name' holds text, and the ks test needs numbers"),
        "{stderr}"
    );
}

#[test]
fn fail_on_drift_gates_with_exit_codes() {
    let dir = TempDir::new().unwrap();
    let (reference, current) = level_tables(dir.path(), true);
    let out = run(
        dir.path(),
        &[
            "drift",
            &reference,
            &current,
            "--columns",
            "level",
            "--fail-on-drift",
        ],
    );
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("level"), "the report is printed");
    let out = run(
        dir.path(),
        &["drift", &reference, &current, "--columns", "level"],
    );
    assert_eq!(out.status.code(), Some(0));
    let (same_ref, same_cur) = level_tables(dir.path(), false);
    let out = run(
        dir.path(),
        &["drift", &same_ref, &same_cur, "--fail-on-drift"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    refused(
        dir.path(),
        &["drift", &reference, "missing.csv", "--fail-on-drift"],
    );
    let help = text(&run(dir.path(), &["drift", "--help"]).stdout);
    assert!(help.contains("Exit status: 0"), "{help}");
    assert!(help.contains("--fail-on-drift"), "{help}");
}

#[test]
fn escape_sequences_never_reach_the_terminal() {
    let dir = TempDir::new().unwrap();
    // in a path given on the command line
    let out = run(
        dir.path(),
        &["eval", "gone\u{1b}[31m.csv", "--truth", "y", "--pred", "p"],
    );
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("gone[31m.csv") || stderr.contains("gone.csv"),
        "{stderr}"
    );
    assert!(!stderr.contains('\u{1b}'), "{stderr:?}");
    // in a file name, column names and labels from a file
    let evil = write(
        dir.path(),
        "e\u{7}vil.csv",
        "y\u{1b}]0;owned\u{7},p\n\u{1b}[2Ja,0.5\nb,0.5\n\u{9b}31mc,0.5\n",
    );
    let out = run(
        dir.path(),
        &[
            "eval",
            &evil,
            "--truth",
            "y\u{1b}]0;owned\u{7}",
            "--pred",
            "p",
        ],
    );
    let all = format!("{}{}", text(&out.stdout), text(&out.stderr));
    assert!(
        !all.contains('\u{1b}') && !all.contains('\u{7}') && !all.contains('\u{9b}'),
        "{all:?}"
    );
    let out = run(
        dir.path(),
        &["drift", &evil, &evil, "--columns", "y\u{1b}]0;owned\u{7}"],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let all = format!("{}{}", text(&out.stdout), text(&out.stderr));
    assert!(
        !all.contains('\u{1b}') && !all.contains('\u{7}') && !all.contains('\u{9b}'),
        "{all:?}"
    );
    let out = run(
        dir.path(),
        &["train", &evil, "--target", "p", "--model", "linear"],
    );
    let all = format!("{}{}", text(&out.stdout), text(&out.stderr));
    assert!(
        !all.contains('\u{1b}') && !all.contains('\u{7}') && !all.contains('\u{9b}'),
        "{all:?}"
    );
}
