//! Test accuracy of every classifier on the four classification datasets at seed 42
//! stays above floors measured when the models were written (minus 0.02), and the same
//! command gives byte-identical output in separate processes and in-process.

use assert_cmd::Command;
use mlpath::commands::train::to_json;
use mlpath::ml::models::{self, ModelKind, TrainSpec};

/// (dataset, model, measured test accuracy at seed 42, floor)
const FLOORS: &[(&str, ModelKind, f64, f64)] = &[
    ("breast_cancer", ModelKind::Logistic, 0.9930, 0.97),
    ("breast_cancer", ModelKind::NaiveBayes, 0.9437, 0.92),
    ("breast_cancer", ModelKind::Tree, 0.9155, 0.89),
    ("wine", ModelKind::Logistic, 0.9778, 0.95),
    ("wine", ModelKind::NaiveBayes, 0.9111, 0.89),
    ("wine", ModelKind::Tree, 0.8667, 0.84),
    ("iris", ModelKind::Logistic, 1.0, 0.98),
    ("iris", ModelKind::NaiveBayes, 0.9744, 0.95),
    ("iris", ModelKind::Tree, 0.9487, 0.92),
    ("iris", ModelKind::Kmeans, 0.8462, 0.82),
    ("phishing", ModelKind::Logistic, 0.9169, 0.89),
    ("phishing", ModelKind::NaiveBayes, 0.9233, 0.90),
    ("phishing", ModelKind::Tree, 0.9169, 0.89),
];

#[test]
fn test_accuracy_stays_above_the_measured_floors() {
    let mut report = Vec::new();
    for &(data, model, measured, floor) in FLOORS {
        let outcome = models::train(&TrainSpec::new(data, model)).unwrap();
        let accuracy = outcome.metric("accuracy").unwrap();
        assert!(
            outcome.warnings.is_empty(),
            "{data} {model}: {:?}",
            outcome.warnings
        );
        report.push(format!(
            "{data} {model}: {accuracy:.4} (measured {measured}, floor {floor})"
        ));
        assert!(accuracy >= floor, "{}", report.join("\n"));
    }
}

#[test]
fn linear_regression_on_diabetes_keeps_its_r2() {
    let outcome = models::train(&TrainSpec::new("diabetes", ModelKind::Linear)).unwrap();
    // Measured 0.4719 at seed 42.
    let r2 = outcome.metric("r2").unwrap();
    assert!(r2 >= 0.45, "{r2}");
}

fn run_binary(args: &[&str]) -> Vec<u8> {
    let out = Command::cargo_bin("mlpath")
        .unwrap()
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

#[test]
fn separate_processes_print_identical_reports() {
    let runs: &[(&str, ModelKind)] = &[
        ("wine", ModelKind::Logistic),
        ("wine", ModelKind::Tree),
        ("wine", ModelKind::NaiveBayes),
        ("wine", ModelKind::Kmeans),
        ("breast_cancer", ModelKind::Tree),
        ("diabetes", ModelKind::Linear),
    ];
    for &(data, model) in runs {
        let args = [
            "train",
            data,
            "--model",
            model.name(),
            "--seed",
            "7",
            "--json",
        ];
        let first = run_binary(&args);
        let second = run_binary(&args);
        assert_eq!(first, second, "{data} {model}: two processes disagree");
        // The binary prints exactly what the library computes in this process.
        let mut spec = TrainSpec::new(data, model);
        spec.seed = 7;
        let here = to_json(&models::train(&spec).unwrap(), &spec).unwrap();
        assert_eq!(String::from_utf8(first).unwrap(), here, "{data} {model}");
    }
    let text = ["train", "iris", "--model", "tree"];
    assert_eq!(run_binary(&text), run_binary(&text));
}
