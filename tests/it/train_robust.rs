//! `mlpath train` (and the commands that share its data path) on hostile input: values
//! whose squares overflow, trees that would recurse without end, error text from files,
//! duplicate and very many columns, k-means without a target, and files too large for
//! memory. Every case ends in bounded time with a result or a located error, never a
//! panic, an abort or a NaN reported as fine.

use std::path::Path;
use std::time::Duration;

use assert_cmd::Command;
use predicates::prelude::*;

/// Long enough for a debug build on a busy machine, short enough to catch a hang.
const LIMIT: Duration = Duration::from_secs(60);

fn mlpath() -> Command {
    let mut cmd = Command::cargo_bin("mlpath").unwrap();
    cmd.timeout(LIMIT);
    cmd
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_string()
}

/// Runs `train FILE --target y --model MODEL` and returns (exit code, stdout, stderr).
fn train(file: &str, model: &str, extra: &[&str]) -> (i32, String, String) {
    let out = mlpath()
        .args(["train", file, "--target", "y", "--model", model])
        .args(extra)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A value beyond the bound is refused with its file, line and column.
fn refused_as_too_large(file: &str, model: &str, line: u64, value: &str) {
    let (code, _, err) = train(file, model, &[]);
    assert_eq!(code, 2, "{model}: {err}");
    assert!(!err.contains("panicked"), "{err}");
    let expected = format!(":{line}: column 'x': '{value}' is too large for a model");
    assert!(err.contains(&expected), "{model}: {err}");
    assert!(err.contains("the limit is ±1e100"), "{err}");
}

#[test]
fn kmeans_on_values_near_the_largest_double_is_refused_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(dir.path(), "k.csv", "y,x\n0,1e308\n1,-1e308\n0,1\n1,2\n");
    refused_as_too_large(&f, "kmeans", 2, "1e308");
    let f = write(dir.path(), "k2.csv", "y,x\n0,1\n1,1e200\n0,1\n1,2\n");
    refused_as_too_large(&f, "kmeans", 3, "1e200");
}

#[test]
fn a_tree_on_huge_values_is_refused_not_a_stack_overflow() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(
        dir.path(),
        "t.csv",
        &format!("y,x\n{}", "0,1e308\n1,1.5e308\n".repeat(4)),
    );
    refused_as_too_large(&f, "tree", 2, "1e308");
}

#[test]
fn three_class_logistic_with_a_huge_value_returns() {
    let dir = tempfile::tempdir().unwrap();
    let rows = "0,1\n1,2\n2,1e200\n0,3\n1,4\n2,5\n0,2\n1,3\n2,6\n0,1\n1,5\n2,7\n";
    let f = write(dir.path(), "l.csv", &format!("y,x\n{rows}"));
    refused_as_too_large(&f, "logistic", 4, "1e200");
}

#[test]
fn linear_and_naive_bayes_near_the_largest_double_are_refused_not_nan() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(
        dir.path(),
        "lin.csv",
        "y,x\n1,1.7e308\n2,-1.7e308\n3,1\n4,2\n5,1e308\n6,3\n7,4\n8,5\n",
    );
    refused_as_too_large(&f, "linear", 2, "1.7e308");
    let f = write(
        dir.path(),
        "nb.csv",
        "y,x\n0,1.7e308\n1,-1.7e308\n0,1\n1,2\n0,1e308\n1,3\n0,4\n1,5\n",
    );
    refused_as_too_large(&f, "naive_bayes", 2, "1.7e308");
    // The target of a regression is bounded too.
    let f = write(dir.path(), "y.csv", "y,x\n1,1\n1e300,2\n3,3\n4,4\n");
    let (code, _, err) = train(&f, "linear", &[]);
    assert_eq!(code, 2);
    assert!(
        err.contains(":3: column 'y': '1e300' is too large"),
        "{err}"
    );
}

/// Values at the bound train with every model, and a report never shows NaN, nor an
/// undefined metric with "warnings: none".
#[test]
fn values_at_the_bound_give_honest_reports_with_every_model() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(
        dir.path(),
        "b.csv",
        "y,x,z\n0,1e100,1e-300\n1,-1e100,2e-300\n0,1,0\n1,2,1e-310\n0,1e100,5\n1,3,-1e100\n\
         0,1e99,1\n1,-1e99,2\n0,0,0\n1,5,5\n0,7,7\n1,9,9\n",
    );
    for model in ["logistic", "tree", "naive_bayes", "kmeans", "linear"] {
        let (code, out, err) = train(&f, model, &[]);
        assert_eq!(code, 0, "{model}: {err}");
        assert!(!out.contains("NaN"), "{model}: {out}");
        if out.contains("undefined") || out.contains("inf") {
            assert!(!out.contains("warnings: none"), "{model}: {out}");
        }
    }
}

#[test]
fn a_tree_that_would_grow_one_row_per_level_stops_at_the_depth_limit() {
    let dir = tempfile::tempdir().unwrap();
    // Alternating labels along one feature: greedy splits peel off a few rows at a time.
    let rows: String = (0..400).map(|i| format!("{},{i}\n", i % 2)).collect();
    let f = write(dir.path(), "deep.csv", &format!("y,x\n{rows}"));
    let (code, out, err) = train(&f, "tree", &[]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("the decision tree stopped growing at the depth limit of 64"),
        "{out}"
    );
}

#[test]
fn every_error_is_printed_once() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(dir.path(), "a.csv", "y,x\n0,1\n1,oops\n0,2\n1,3\n");
    let missing = dir.path().join("missing.csv");
    let cases: Vec<Vec<String>> = vec![
        vec![f.clone(), "--target".into(), "y".into()],
        vec![f.clone(), "--target".into(), "nope".into()],
        vec![
            missing.to_str().unwrap().into(),
            "--target".into(),
            "y".into(),
        ],
        vec!["no_such_dataset".into()],
        vec![
            "iris".into(),
            "--predictions".into(),
            dir.path().join("no/dir/p.csv").to_str().unwrap().into(),
        ],
    ];
    for case in cases {
        let out = mlpath()
            .arg("train")
            .args(&case)
            .args(["--model", "tree"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{case:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(err.matches("error:").count(), 1, "{err}");
        assert!(err.matches("hint:").count() <= 1, "{err}");
        // No part of the message is repeated ("X: X").
        let first = err.lines().next().unwrap();
        let parts: Vec<&str> = first.split(": ").filter(|p| p.len() > 12).collect();
        for (i, p) in parts.iter().enumerate() {
            assert!(!parts[i + 1..].contains(p), "{err}");
        }
    }
}

#[test]
fn escape_sequences_from_the_file_never_reach_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(
        dir.path(),
        "esc.csv",
        "y,\x1b[2Jx\x1b]0;title\x07\n0,1\n1,2\n0,\x1b[31mred\n1,3\n",
    );
    let out = mlpath()
        .args(["train", &f, "--target", "\x1b[2Jmissing", "--model", "tree"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2));
    assert!(!err.contains('\x1b') && !err.contains('\x07'), "{err:?}");
    assert!(err.contains("the columns are: y, x"), "{err}");
    let out = mlpath()
        .args(["train", &f, "--target", "y", "--model", "tree"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("'red' is not a number"), "{err:?}");
    assert!(!err.contains('\x1b'), "{err:?}");
}

#[test]
fn error_text_from_a_huge_header_is_capped() {
    let dir = tempfile::tempdir().unwrap();
    let header: Vec<String> = (0..100_000).map(|i| format!("column_{i}")).collect();
    let row = vec!["1"; header.len()].join(",");
    let f = write(
        dir.path(),
        "wide.csv",
        &format!("{}\n{row}\n", header.join(",")),
    );
    let out = mlpath()
        .args(["train", &f, "--target", "nope", "--model", "tree"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.len() < 5_000, "{} bytes", err.len());
    assert!(err.contains("column_0, column_1"), "{err}");
    assert!(err.contains("and 99980 more"), "{err}");
}

#[test]
fn duplicate_column_names_are_an_error_in_every_command() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(
        dir.path(),
        "dup.csv",
        "truth,score,truth\n0,0.1,1\n1,0.9,0\n0,0.2,1\n1,0.8,0\n",
    );
    let expected = ":1: columns 1 and 3 are both named 'truth'";
    for args in [
        vec!["train", &f, "--target", "truth", "--model", "tree"],
        vec!["eval", &f, "--truth", "truth", "--score", "score"],
        vec!["drift", &f, &f],
    ] {
        mlpath()
            .args(&args)
            .assert()
            .code(2)
            .stderr(predicate::str::contains(expected))
            .stderr(predicate::str::contains("give every column its own name"));
    }
}

#[test]
fn kmeans_runs_without_a_target() {
    let dir = tempfile::tempdir().unwrap();
    let predictions = dir.path().join("p.csv");
    mlpath()
        .args(["train", "occupancy", "--model", "kmeans", "--predictions"])
        .arg(&predictions)
        .assert()
        .success()
        .stdout(predicate::str::starts_with(
            "k-means clustering on occupancy: 2 clusters from 4 features, no target\n",
        ))
        .stdout(predicate::str::contains("left out: time"))
        .stdout(predicate::str::contains(
            "test rows per cluster (127 in all)",
        ));
    let text = std::fs::read_to_string(&predictions).unwrap();
    assert!(text.starts_with("row,cluster\n"), "{text}");
    assert_eq!(text.lines().count(), 128);

    let out = mlpath()
        .args(["train", "occupancy", "--model", "kmeans", "--clusters", "3"])
        .args(["--json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["target"], serde_json::Value::Null);
    assert_eq!(v["metrics"]["k"], 3);
    let sizes: u64 = v["metrics"]["sizes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_u64().unwrap())
        .sum();
    assert_eq!(sizes, v["rows_test"].as_u64().unwrap());
    assert!(v["metrics"]["inertia"].as_f64().unwrap() > 0.0);

    // Other models still need a target, and --clusters needs its absence.
    mlpath()
        .args(["train", "occupancy", "--model", "tree"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no target column given"));
    mlpath()
        .args(["train", "iris", "--model", "kmeans", "--clusters", "4"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("one cluster per class"));
}

#[test]
fn max_rows_and_sample_keep_only_those_rows() {
    let out = mlpath()
        .args([
            "train",
            "diabetes",
            "--model",
            "linear",
            "--max-rows",
            "100",
        ])
        .arg("--json")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        v["rows_train"].as_u64().unwrap() + v["rows_test"].as_u64().unwrap(),
        100
    );
    let sample = |seed: &str| {
        let out = mlpath()
            .args([
                "train", "wine", "--model", "tree", "--sample", "90", "--json",
            ])
            .args(["--seed", seed])
            .output()
            .unwrap();
        assert!(out.status.success());
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(
            v["rows_train"].as_u64().unwrap() + v["rows_test"].as_u64().unwrap(),
            90
        );
        v["metrics"].to_string()
    };
    assert_eq!(sample("5"), sample("5"), "a seeded sample is reproducible");
}

#[test]
fn a_file_too_large_for_memory_is_refused_before_it_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.csv");
    let rows = "0,1,2,3\n1,4,5,6\n".repeat(10_000);
    std::fs::write(&path, format!("y,a,b,c\n{rows}")).unwrap();
    // Sparse beyond the first rows: 64 GB on paper, little on disk; reading it would
    // take minutes and all the memory.
    std::fs::OpenOptions::new()
        .write(true)
        .open(&path)
        .unwrap()
        .set_len(64_000_000_000)
        .unwrap();
    mlpath()
        .args([
            "train",
            path.to_str().unwrap(),
            "--target",
            "y",
            "--model",
            "tree",
        ])
        .timeout(Duration::from_secs(20))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("too large to train on in memory"))
        .stderr(predicate::str::contains("--max-rows"))
        .stderr(predicate::str::contains("--sample"));
}

#[test]
fn drift_column_selection_copes_with_forty_thousand_columns() {
    let dir = tempfile::tempdir().unwrap();
    let table = |prefix: &str| {
        let header: Vec<String> = (0..40_000).map(|i| format!("{prefix}{i}")).collect();
        let row = vec!["1"; header.len()].join(",");
        format!("{}\n{row}\n{row}\n{row}\n", header.join(","))
    };
    let a = write(dir.path(), "a.csv", &table("a"));
    let b = write(dir.path(), "b.csv", &table("b"));
    mlpath()
        .args(["drift", &a, &b])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("have no column in common"))
        .stderr(predicate::str::contains("and 39980 more"));
    mlpath()
        .args(["drift", &a, &a, "--columns", "a39999", "--json"])
        .assert()
        .success()
        .stdout(predicate::str::contains("\"a39999\""));
}
