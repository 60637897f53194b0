//! `mlpath drift` as a user runs it: JSON keys and values, bundled datasets with row
//! ranges, the human table, and every kind of bad input (exit code 2, a clear message,
//! never a panic).

use std::path::PathBuf;

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;
use tempfile::TempDir;

fn mlpath() -> Command {
    Command::cargo_bin("mlpath").expect("the binary is built")
}

/// A temporary directory of CSV files.
struct Files {
    dir: TempDir,
}

impl Files {
    fn new() -> Self {
        Files {
            dir: tempfile::tempdir().unwrap(),
        }
    }
    fn write(&self, name: &str, text: &str) -> PathBuf {
        let path = self.dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        path
    }
}

fn json_of(args: &[&str]) -> Value {
    let output = mlpath()
        .arg("drift")
        .args(args)
        .arg("--json")
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

/// Runs `mlpath drift` expecting exit code 2; returns stderr.
fn failure(args: &[&str]) -> String {
    let output = mlpath().arg("drift").args(args).output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr).to_string();
    assert_eq!(output.status.code(), Some(2), "stderr: {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(output.stdout.is_empty());
    stderr
}

fn column<'a>(report: &'a Value, name: &str) -> &'a Value {
    report["columns"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == name)
        .unwrap_or_else(|| panic!("no column {name} in {report}"))
}

/// Two tables with a numeric column that drifts, one that does not, and a text column.
fn two_tables(files: &Files) -> (String, String) {
    let mut reference = String::from("x,steady,colour\n");
    let mut current = String::from("x,steady,colour\n");
    for i in 0..300 {
        let v = (i as f64 * 0.618_034).fract();
        let colour = ["red", "green", "blue"][i % 3];
        reference.push_str(&format!("{v},{},{colour}\n", (i * 7 % 300) as f64 / 3.0));
        let shifted_colour = ["red", "red", "blue"][i % 3];
        current.push_str(&format!(
            "{},{},{shifted_colour}\n",
            v + 0.3,
            (i * 11 % 300) as f64 / 3.0
        ));
    }
    (
        files
            .write("reference.csv", &reference)
            .display()
            .to_string(),
        files.write("current.csv", &current).display().to_string(),
    )
}

#[test]
fn json_has_every_key_for_numeric_and_categorical_columns() {
    let files = Files::new();
    let (reference, current) = two_tables(&files);
    let report = json_of(&[&reference, &current]);
    for key in [
        "reference",
        "current",
        "columns",
        "skipped",
        "drifted_columns",
        "drifted_share",
        "dataset_drift",
    ] {
        assert!(report.get(key).is_some(), "missing {key}");
    }
    let x = column(&report, "x");
    for key in [
        "name",
        "kind",
        "test",
        "statistic",
        "p_value",
        "threshold",
        "drifted",
        "ks_statistic",
        "ks_p_value",
        "wasserstein",
        "wasserstein_norm",
        "psi",
        "js_distance",
        "bins",
    ] {
        assert!(x.get(key).is_some(), "numeric column lacks {key}: {x}");
    }
    assert_eq!(x["kind"], "numeric");
    assert_eq!(x["test"], "ks");
    assert_eq!(x["drifted"], true);
    assert_eq!(x["statistic"], x["ks_statistic"]);
    assert!((x["wasserstein"].as_f64().unwrap() - 0.3).abs() < 1e-9);
    assert_eq!(x["bins"]["edges"].as_array().unwrap().len(), 9);
    assert_eq!(x["bins"]["reference"].as_array().unwrap().len(), 10);
    assert_eq!(column(&report, "steady")["drifted"], false);

    let colour = column(&report, "colour");
    assert_eq!(colour["kind"], "categorical");
    assert_eq!(colour["test"], "chi2");
    assert!(colour.get("ks_statistic").is_none() && colour.get("wasserstein").is_none());
    assert!(colour["p_value"].as_f64().unwrap() < 0.05);
    assert_eq!(
        colour["bins"]["categories"],
        serde_json::json!(["blue", "green", "red"])
    );
    assert_eq!(report["drifted_columns"], 2);
    assert!((report["drifted_share"].as_f64().unwrap() - 2.0 / 3.0).abs() < 1e-12);
    assert_eq!(report["dataset_drift"], true);
}

#[test]
fn bundled_datasets_take_row_ranges() {
    let report = json_of(&["occupancy[0:200]", "occupancy[200:]"]);
    assert_eq!(report["reference"]["rows"], 200);
    assert_eq!(report["current"]["rows"], 309);
    // SciPy: ks_2samp(occupancy.co2_ppm[:200], occupancy.co2_ppm[200:])
    let co2 = column(&report, "co2_ppm");
    assert!((co2["ks_statistic"].as_f64().unwrap() - 0.361_699_029_126_213_6).abs() < 1e-12);
    let p = co2["ks_p_value"].as_f64().unwrap();
    assert!((p / 1.160_523_746_603_247_7e-14 - 1.0).abs() < 1e-6, "{p}");
    // The timestamp column is an identifier, left out unless named.
    assert_eq!(report["skipped"][0]["name"], "time");
    let named = json_of(&[
        "occupancy[:100]",
        "occupancy[100:300]",
        "--columns",
        "time,co2_ppm",
    ]);
    assert_eq!(named["columns"].as_array().unwrap().len(), 2);
    assert_eq!(named["reference"]["rows"], 100);
}

#[test]
fn forced_tests_and_bonferroni_set_the_thresholds() {
    let files = Files::new();
    let (reference, current) = two_tables(&files);
    let psi = json_of(&[&reference, &current, "--test", "psi", "--bins", "5"]);
    assert_eq!(column(&psi, "x")["test"], "psi");
    assert_eq!(column(&psi, "x")["threshold"], 0.25);
    assert_eq!(column(&psi, "x")["p_value"], Value::Null);
    assert_eq!(
        column(&psi, "x")["bins"]["edges"].as_array().unwrap().len(),
        4
    );
    let corrected = json_of(&[&reference, &current, "--bonferroni"]);
    let threshold = column(&corrected, "x")["threshold"].as_f64().unwrap();
    assert!((threshold - 0.05 / 3.0).abs() < 1e-15);
    // KS needs numbers: a text column is an error naming it, unless left out.
    let stderr = failure(&[&reference, &current, "--test", "ks"]);
    assert!(
        stderr.contains("column 'colour' holds text, and the ks test needs numbers"),
        "{stderr}"
    );
    let ks = json_of(&[
        &reference,
        &current,
        "--test",
        "ks",
        "--columns",
        "x,steady",
    ]);
    assert_eq!(column(&ks, "x")["test"], "ks");
}

#[test]
fn quoted_files_give_the_same_numbers() {
    let files = Files::new();
    let (reference, current) = two_tables(&files);
    let text = std::fs::read_to_string(&current)
        .unwrap()
        .replace("red", "\"red\"");
    let quoted = files.write("quoted.csv", &text).display().to_string();
    let plain = json_of(&[&reference, &current]);
    let from_quoted = json_of(&[&reference, &quoted]);
    assert_eq!(plain["columns"], from_quoted["columns"]);
}

#[test]
fn human_output_has_a_table_and_histograms() {
    mlpath()
        .args(["drift", "iris[0:75]", "iris[75:]"])
        .assert()
        .success()
        .stdout(predicate::str::contains("column"))
        .stdout(predicate::str::contains("p-value"))
        .stdout(predicate::str::contains("petal_length_cm"))
        .stdout(predicate::str::contains("DRIFT"))
        .stdout(predicate::str::contains("DATASET DRIFT"))
        .stdout(predicate::str::contains("reference"))
        .stdout(predicate::str::contains("█"))
        .stdout(predicate::str::contains("<= "))
        .stdout(predicate::str::contains("\u{1b}").not());
}

#[test]
fn a_column_missing_in_one_file_is_an_error() {
    let files = Files::new();
    let (reference, _) = two_tables(&files);
    let other = files
        .write("other.csv", "x,y\n1,2\n3,4\n")
        .display()
        .to_string();
    let stderr = failure(&[&reference, &other, "--columns", "x,colour"]);
    assert!(
        stderr.contains("other.csv: no column named 'colour'"),
        "{stderr}"
    );
    assert!(stderr.contains("x, y"), "{stderr}");
    let stderr = failure(&[&reference, &other, "--columns", "nope"]);
    assert!(
        stderr.contains("reference.csv: no column named 'nope'"),
        "{stderr}"
    );
}

#[test]
fn a_non_number_in_a_numeric_column_names_file_line_and_column() {
    let files = Files::new();
    let reference = files
        .write("r.csv", "a,b\n1,2\n3,4\n5,6\n")
        .display()
        .to_string();
    let current = files
        .write("c.csv", "a,b\n1,2\n\n3,four\n")
        .display()
        .to_string();
    let stderr = failure(&[&reference, &current]);
    assert!(
        stderr.contains("c.csv:4: column 'b': 'four' is not a finite number"),
        "{stderr}"
    );
    // A column that starts with text in the current file but holds numbers in the reference.
    let current = files
        .write("c2.csv", "a,b\n1,x\n3,y\n")
        .display()
        .to_string();
    let stderr = failure(&[&reference, &current]);
    assert!(
        stderr.contains("c2.csv:2: column 'b': 'x' is not a finite number"),
        "{stderr}"
    );
    assert!(stderr.contains("holds numbers"), "{stderr}");
}

#[test]
fn too_few_rows_bad_ranges_and_unknown_names_are_errors() {
    let stderr = failure(&["iris[0:1]", "iris"]);
    assert!(stderr.contains("at least 2"), "{stderr}");
    let stderr = failure(&["iris[0:500]", "iris"]);
    assert!(
        stderr.contains("outside the table, which has 150 rows"),
        "{stderr}"
    );
    for bad in ["iris[9:3]", "iris[a:b]", "iris[3]"] {
        let stderr = failure(&[bad, "iris"]);
        assert!(stderr.contains("bad row range"), "{bad}: {stderr}");
    }
    let stderr = failure(&["irises", "iris"]);
    assert!(
        stderr.contains("irises: neither a file nor a bundled dataset name"),
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "breast_cancer, breast_cancer_dirty, diabetes, digits, german_credit, \
             german_credit_batch, german_credit_later, german_credit_leaky, iris, occupancy"
        ),
        "{stderr}"
    );
    let files = Files::new();
    let one_row = files
        .write("one.csv", "sepal_length_cm\n5.0\n")
        .display()
        .to_string();
    let stderr = failure(&[&one_row, "iris"]);
    assert!(stderr.contains("only 1 row"), "{stderr}");
    let stderr = failure(&["no/such/file.csv", "iris"]);
    assert!(stderr.contains("cannot read the file"), "{stderr}");
}

#[test]
fn ragged_rows_and_empty_columns_are_errors() {
    let files = Files::new();
    let reference = files
        .write("r.csv", "a,b\n1,2\n3,4\n")
        .display()
        .to_string();
    let ragged = files
        .write("ragged.csv", "a,b\n1,2\n3\n")
        .display()
        .to_string();
    let stderr = failure(&[&reference, &ragged]);
    assert!(
        stderr.contains("ragged.csv:3: this row has 1 fields"),
        "{stderr}"
    );
    let empty = files
        .write("empty.csv", "a,b\n1,\n3,NA\n")
        .display()
        .to_string();
    let stderr = failure(&[&reference, &empty]);
    assert!(
        stderr.contains("column 'b': every cell of this column is empty or missing"),
        "{stderr}"
    );
}

#[test]
fn text_in_the_reference_makes_the_current_column_text() {
    let files = Files::new();
    let reference = files
        .write("r.csv", "code\nA1\n7\nB2\n7\n")
        .display()
        .to_string();
    let current = files
        .write("c.csv", "code\n7\n7\n007\n")
        .display()
        .to_string();
    let report = json_of(&[&reference, &current]);
    let code = column(&report, "code");
    assert_eq!(code["kind"], "categorical");
    // read as text, so "007" stays itself rather than becoming the number 7
    assert_eq!(
        code["bins"]["categories"],
        serde_json::json!(["007", "7", "A1", "B2"])
    );
}
