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
