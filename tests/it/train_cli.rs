//! `mlpath train` on the command line: reports, the split export, and bad input
//! refused with a clear message and exit status 2.

use std::path::Path;

use assert_cmd::Command;
use predicates::prelude::*;

fn mlpath() -> Command {
    Command::cargo_bin("mlpath").unwrap()
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_string()
}

#[test]
fn text_report_has_split_features_metrics_and_matrix() {
    mlpath()
        .args(["train", "breast_cancer", "--model", "logistic"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "rows: 427 train, 142 test (stratified split, test size 0.25, seed 42)",
        ))
        .stdout(predicate::str::contains(
            "features: mean_radius, mean_texture",
        ))
        .stdout(predicate::str::contains("  accuracy "))
        .stdout(predicate::str::contains(
            "confusion matrix (rows = actual, columns = predicted)",
        ))
        .stdout(predicate::str::contains("warnings: none"));
}

#[test]
fn json_report_names_the_run() {
    let out = mlpath()
        .args([
            "train",
            "iris",
            "--model",
            "naive_bayes",
            "--seed",
            "3",
            "--json",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["model"], "naive_bayes");
    assert_eq!(v["dataset"], "iris");
    assert_eq!(v["target"], "species");
    assert_eq!(v["seed"], 3);
    assert_eq!(v["rows_test"], 39);
    assert_eq!(v["features"].as_array().unwrap().len(), 4);
    assert_eq!(v["metrics"]["confusion"]["labels"][0], "setosa");
    assert!(v["warnings"].as_array().unwrap().is_empty());
}

#[test]
fn the_exported_split_partitions_the_rows() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("split.json");
    mlpath()
        .args([
            "train",
            "wine",
            "--model",
            "tree",
            "--export-split",
            file.to_str().unwrap(),
        ])
        .assert()
        .success();
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    let mut rows: Vec<u64> = ["train", "test"]
        .iter()
        .flat_map(|k| v[k].as_array().unwrap().iter().map(|r| r.as_u64().unwrap()))
        .collect();
    assert_eq!(v["test"].as_array().unwrap().len(), 45);
    rows.sort_unstable();
    assert_eq!(rows, (0..178).collect::<Vec<u64>>());
}

#[test]
fn a_test_file_and_a_feature_subset() {
    let dir = tempfile::tempdir().unwrap();
    let train = write(
        dir.path(),
        "train.csv",
        "a,b,note,y\n1,5,x,no\n2,4,x,no\n3,3,x,no\n7,1,x,yes\n8,2,x,yes\n9,0,x,yes\n",
    );
    let test = write(
        dir.path(),
        "test.csv",
        "y,a,b,note\nno,2.5,4,x\nyes,8.5,1,x\n",
    );
    mlpath()
        .args([
            "train",
            &train,
            "--target",
            "y",
            "--model",
            "tree",
            "--features",
            "a,b",
        ])
        .args(["--test", &test, "--positive", "yes", "--json"])
        .assert()
        .success()
        .stdout(predicate::str::contains("\"rows_train\": 6"))
        .stdout(predicate::str::contains("\"accuracy\": 1.0"));
}

fn refused(args: &[&str], message: &str) {
    mlpath()
        .args(args)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(message))
        .stdout(predicate::str::is_empty());
}

#[test]
fn an_unknown_model_lists_the_models() {
    refused(
        &["train", "iris", "--model", "forest"],
        "[possible values: logistic, tree, naive_bayes, kmeans, linear]",
    );
}

#[test]
fn a_target_that_is_not_a_column_lists_the_columns() {
    refused(
        &["train", "iris", "--model", "tree", "--target", "colour"],
        "iris: the target 'colour' is not a column\n  hint: the columns are: sepal_length_cm, sepal_width_cm",
    );
}

#[test]
fn a_positive_label_that_is_not_in_the_target() {
    refused(
        &[
            "train",
            "breast_cancer",
            "--model",
            "logistic",
            "--positive",
            "cancer",
        ],
        "the positive label 'cancer' is not a label of 'diagnosis'; the labels are: benign, malignant",
    );
}

#[test]
fn a_csv_without_a_known_positive_label_asks_for_one() {
    let dir = tempfile::tempdir().unwrap();
    let data = write(
        dir.path(),
        "d.csv",
        "a,y\n1,no\n2,no\n3,yes\n4,yes\n5,no\n6,yes\n7,no\n8,yes\n",
    );
    refused(
        &["train", &data, "--target", "y", "--model", "logistic"],
        "Name it with --positive (the labels are: no, yes)",
    );
}

#[test]
fn test_size_outside_zero_one_is_refused() {
    for size in ["1.5", "0", "1", "-0.2", "abc"] {
        mlpath()
            .args(["train", "iris", "--model", "tree", "--test-size", size])
            .assert()
            .code(2)
            .stderr(predicate::str::contains("--test-size"));
    }
}

#[test]
fn a_test_file_with_other_columns_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let train = write(
        dir.path(),
        "train.csv",
        "a,b,y\n1,2,1\n2,3,0\n3,1,1\n4,4,0\n",
    );
    let test = write(dir.path(), "test.csv", "a,c,y\n1,2,1\n");
    refused(
        &[
            "train", &train, "--target", "y", "--model", "logistic", "--test", &test,
        ],
        "the test file's columns differ from the data's: missing b; extra c",
    );
}

/// Text feature columns are one-hot encoded (see data_path.rs); a text cell in a column
/// whose first value is a number is an error naming its line and column.
#[test]
fn a_text_cell_in_a_numeric_feature_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let data = write(
        dir.path(),
        "d.csv",
        "size,colour,y\n1,red,1\n2,blue,0\noops,red,1\n4,blue,0\n",
    );
    refused(
        &["train", &data, "--target", "y", "--model", "tree"],
        "d.csv:4: column 'size': 'oops' is not a number\n  hint: the first value of 'size' is a number, so every value must be one; fix the cell, or leave the column out with --features",
    );
}

#[test]
fn linear_regression_needs_a_numeric_target() {
    refused(
        &["train", "iris", "--model", "linear"],
        "'setosa' is not a number",
    );
}

#[test]
fn an_unknown_dataset_lists_the_bundled_ones() {
    refused(
        &["train", "irises", "--model", "tree"],
        "irises: neither a file nor a bundled dataset name\n  hint: give a CSV file path (relative to the current directory) or a bundled dataset name: breast_cancer",
    );
}
