//! Every number the data-quality track's lessons quote, recomputed from mlpath's commands
//! and the bundled data (as `quoted_numbers.rs` does for the other tracks).

use serde_json::Value;

use super::quoted_numbers::{f, json, quoted, train, u};
use mlpath::ml::datasets;

/// The message of the audit's first finding of `check` in `column`.
fn finding(report: &Value, check: &str, column: Option<&str>) -> String {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["check"] == check && x["column"].as_str() == column)
        .unwrap_or_else(|| panic!("no {check} finding in {column:?}"))["message"]
        .as_str()
        .unwrap()
        .to_string()
}

/// The (rows, bad credits) of the German credit data whose `column` passes `keep`.
fn count(column: &str, keep: impl Fn(&str) -> bool) -> (usize, usize) {
    let table = datasets::load("german_credit").unwrap();
    let cells = table.text(table.column_index(column).unwrap());
    let risk = table.text(table.column_index("credit_risk").unwrap());
    let rows: Vec<usize> = (0..table.n_rows()).filter(|&r| keep(&cells[r])).collect();
    let bad = rows.iter().filter(|&&r| &risk[r] == "bad").count();
    (rows.len(), bad)
}

#[test]
fn imbalance_lesson() {
    let file = "data-quality/05-imbalance.toml";
    let report = json(&["audit", "german_credit", "--target", "credit_risk"]);
    quoted(file, &finding(&report, "imbalance", Some("credit_risk")));

    let m = &train(&["german_credit", "--model", "logistic"])["metrics"];
    let (tp, fn_) = (u(&m["tp"]), u(&m["fn"]));
    assert_eq!((tp + fn_, u(&m["n"])), (75, 250));
    quoted(
        file,
        "on 750 applicants and scores the other 250 (75 bad, 175 good)",
    );
    quoted(
        file,
        &format!(
            "accuracy {:.3} recall {:.3} balanced accuracy {:.3} ROC AUC {:.3}",
            f(&m["accuracy"]),
            f(&m["recall"]),
            f(&m["balanced_accuracy"]),
            f(&m["roc_auc"])
        ),
    );
    quoted(
        file,
        &format!(
            "An accuracy of {:.3} is {:.1} points above",
            f(&m["accuracy"]),
            100.0 * (f(&m["accuracy"]) - 0.7)
        ),
    );
    quoted(
        file,
        &format!("about half of the bad credits ({fn_} of 75)"),
    );
    quoted(file, &format!("finds {tp} of the 75 bad credits"));

    // The hypergeometric spread of the bad count in 250 of 1,000 rows with 300 bad.
    let (n, k, draws) = (1000.0, 300.0, 250.0);
    let var: f64 = draws * (k / n) * (1.0 - k / n) * (n - draws) / (n - 1.0);
    let sd = var.sqrt();
    quoted(
        file,
        &format!(
            "a standard deviation of about {sd:.1} rows ({:.1} points of share)",
            100.0 * sd / draws
        ),
    );
    quoted(
        file,
        &format!(
            "outside roughly {:.0} to {:.0}",
            (75.0 - 1.96 * sd).floor(),
            (75.0 + 1.96 * sd).ceil()
        ),
    );

    let (all, _) = count("foreign_worker", |_| true);
    let (foreign, _) = count("foreign_worker", |c| c == "yes");
    let (local, local_bad) = count("foreign_worker", |c| c == "no");
    assert_eq!(all, 1000);
    quoted(
        file,
        &format!("{foreign} of the 1,000 applicants are foreign workers."),
    );
    quoted(
        file,
        &format!("The {local} others hold {local_bad} bad credits."),
    );
    let step = 100.0 * ((local_bad + 1) as f64 - local_bad as f64) / local as f64;
    quoted(
        file,
        &format!("would move their bad rate by {step:.1} points"),
    );
    quoted(
        file,
        &format!(
            "Their bad rate ({:.1} %) rests on {local_bad} rows",
            100.0 * local_bad as f64 / local as f64
        ),
    );
    let young_age = |c: &str| c.parse::<f64>().unwrap() < 25.0;
    let (young, young_bad) = count("age_years", young_age);
    let (older, older_bad) = count("age_years", |c| !young_age(c));
    quoted(
        file,
        &format!(
            "{young} applicants are under 25**, and {:.1} % of them have a bad credit, against \
             {:.1} % of the {older} aged 25 or more",
            100.0 * young_bad as f64 / young as f64,
            100.0 * older_bad as f64 / older as f64
        ),
    );
}

#[test]
fn data_validation_lesson() {
    let file = "data-quality/02-data-validation.toml";
    let report = json(&["audit", "german_credit_batch"]);
    let errors_and_warnings: Vec<(String, String)> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|x| x["severity"] != "info")
        .map(|x| {
            (
                x["check"].as_str().unwrap().into(),
                x["column"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert_eq!(
        errors_and_warnings,
        [
            ("missing".to_string(), "duration_months".to_string()),
            ("mixed_types".to_string(), "credit_amount_dm".to_string())
        ]
    );
    let mixed = finding(&report, "mixed_types", Some("credit_amount_dm"));
    quoted(file, mixed.split(", '5248").next().unwrap());
    quoted(file, &finding(&report, "missing", Some("duration_months")));
    let ages = finding(&report, "outliers", Some("age_years"));
    quoted(file, &ages);
    // median ± 3.5 × scaled MAD, as the lesson rounds it.
    let numbers: Vec<f64> = ages
        .split(|c: char| !(c.is_ascii_digit() || c == '.'))
        .filter_map(|w| w.parse().ok())
        .collect();
    let (median, spread) = (numbers[numbers.len() - 3], numbers[numbers.len() - 1]);
    quoted(
        file,
        &format!(
            "here about −{:.0} to {:.0}",
            (3.5 * spread - median).round(),
            (median + 3.5 * spread).floor()
        ),
    );
    let flagged: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["check"] == "outliers" && x["column"] == "age_years")
        .unwrap()["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["value"].as_str().unwrap())
        .collect();
    assert_eq!(flagged, ["999", "-30", "160"]);
    let table = datasets::load("german_credit").unwrap();
    let ages: Vec<f64> = table
        .text(table.column_index("age_years").unwrap())
        .iter()
        .map(|a| a.parse().unwrap())
        .collect();
    let (low, high) = ages
        .iter()
        .fold((f64::MAX, f64::MIN), |(l, h), &a| (l.min(a), h.max(a)));
    quoted(
        file,
        &format!("exact minimum and maximum ({low} and {high} for `age_years`)"),
    );
    quoted(file, &format!("the data's own range is {low} to {high}"));
}

/// `mlpath ARGS` as a person reads it (no `--json`).
fn human(args: &[&str]) -> String {
    let out = assert_cmd::Command::cargo_bin("mlpath")
        .unwrap()
        .args(args)
        .output()
        .unwrap();
    assert!(out.status.success(), "mlpath {args:?}: {out:?}");
    String::from_utf8(out.stdout).unwrap()
}

/// A finding's heading as the human report prints it: `ERROR check in 'column'`.
fn heading(x: &Value) -> String {
    let severity = x["severity"].as_str().unwrap().to_uppercase();
    match x["column"].as_str() {
        Some(column) => format!("{severity} {} in '{column}'", x["check"].as_str().unwrap()),
        None => format!("{severity} {}", x["check"].as_str().unwrap()),
    }
}

#[test]
fn provenance_lesson() {
    let file = "data-quality/06-provenance.toml";
    let report = human(&["audit", "german_credit"]);
    for line in report.lines().take(3) {
        quoted(file, line);
    }
    let json_report = json(&["audit", "german_credit"]);
    assert_eq!(
        json_report["sha256"].as_str().unwrap().len(),
        64,
        "a SHA-256 has 64 hexadecimal digits"
    );
    assert_eq!(
        json_report["schema_fingerprint"].as_str().unwrap().len(),
        16
    );

    // The same schema with different bytes: a note naming both hashes.
    let later = json(&[
        "audit",
        "german_credit_later",
        "--baseline",
        "german_credit_leaky",
    ]);
    let note = finding(&later, "schema_change", None);
    quoted(file, &note);
    for (name, rows) in [("german_credit_later", 200), ("german_credit_leaky", 800)] {
        let r = json(&["audit", name]);
        assert_eq!((u(&r["rows"]), u(&r["columns"])), (rows, 22));
    }
    quoted(
        file,
        "200 later applicants against 800 earlier ones, the same 22 columns",
    );

    // The lineage check on the new batch: every heading, each schema message, the tally.
    let args = [
        "audit",
        "german_credit_batch",
        "--baseline",
        "german_credit",
    ];
    let batch = json(&args);
    let findings = batch["findings"].as_array().unwrap();
    let shown: Vec<&Value> = findings
        .iter()
        .filter(|x| x["severity"] != "info")
        .collect();
    assert_eq!(shown.len(), 6);
    for x in &shown {
        quoted(file, &heading(x));
        if x["check"] == "schema_change" {
            quoted(
                file,
                &format!("{}\n  {}", heading(x), x["message"].as_str().unwrap()),
            );
        }
    }
    let tally = human(&args).lines().last().unwrap().to_string();
    assert_eq!(tally, "3 errors, 3 warnings, 2 notes");
    quoted(file, &tally);
    let fail = assert_cmd::Command::cargo_bin("mlpath")
        .unwrap()
        .args(args)
        .args(["--fail-on", "error"])
        .output()
        .unwrap();
    assert_eq!(
        fail.status.code(),
        Some(1),
        "--fail-on error stops the batch"
    );
    quoted(file, "the batch stops there (exit code 1)");

    // The code table: four of its five codes occur, and none is "female single".
    let table = datasets::load("german_credit").unwrap();
    let cells = table.text(table.column_index("personal_status_sex").unwrap());
    let mut counts: Vec<(String, usize)> = Vec::new();
    for cell in cells.iter() {
        match counts.iter_mut().find(|(v, _)| v == cell) {
            Some((_, n)) => *n += 1,
            None => counts.push((cell.to_string(), 1)),
        }
    }
    counts.sort_by_key(|c| std::cmp::Reverse(c.1));
    assert_eq!(counts.len(), 4);
    assert!(counts.iter().all(|(v, _)| v != "female_single"));
    let block: Vec<String> = counts.iter().map(|(v, n)| format!("{v} {n}")).collect();
    quoted(file, &block.join("\n"));
    quoted(file, "only four occur");
    let m = &train(&["german_credit", "--model", "logistic"])["metrics"];
    quoted(
        file,
        &format!("ROC AUC {:.2} on the credit data", f(&m["roc_auc"])),
    );
}

#[test]
fn governance_lesson() {
    let file = "data-quality/07-governance.toml";
    let registry = datasets::registry();
    let cc_by = registry
        .values()
        .filter(|d| d.licence.starts_with("CC BY 4.0 (UCI)"))
        .count();
    assert!(2 * cc_by > registry.len(), "{cc_by} of {}", registry.len());
    assert!(registry.values().all(|d| !d.licence.trim().is_empty()));
    quoted(
        file,
        "Every bundled dataset names one in `datasets/datasets.toml`; most are CC BY 4.0 from the UCI repository",
    );

    // The datasheet the exercise starts from is the one `mlpath datasheet` writes.
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("datasheet.md");
    human(&["datasheet", "breast_cancer", "--out", out.to_str().unwrap()]);
    let written = std::fs::read_to_string(&out).unwrap();
    let lesson = super::quoted_numbers::lesson(file);
    for line in written.lines().filter(|l| {
        !l.trim().is_empty()
            && !l.contains("rows:")
            && !l.contains("columns:")
            && !l.contains("SHA-256:")
            && !l.starts_with("| benign")
            && !l.starts_with("| malignant")
    }) {
        let line = line.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            lesson.contains(&line),
            "the exercise's starter lacks: {line}"
        );
    }
}

#[test]
fn leakage_lesson_names_the_after_flag_that_catches_the_leak() {
    let file = "data-quality/03-leakage.toml";
    let plain = json(&["audit", "german_credit_leaky", "--target", "credit_risk"]);
    assert!(
        plain["findings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|x| x["check"] != "leakage"),
        "a plain audit says nothing about the leak"
    );
    quoted(file, "so a plain audit of this file says nothing about it");
    let args = [
        "audit",
        "german_credit_leaky",
        "--target",
        "credit_risk",
        "--after",
        "collection_calls",
    ];
    let marked = json(&args);
    let message = finding(&marked, "leakage", Some("collection_calls"));
    assert!(message.contains("recorded after the outcome"), "{message}");
    quoted(file, &format!("`mlpath {}`", args.join(" ")));
}
