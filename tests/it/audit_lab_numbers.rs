//! Every number the lesson `data-quality/01-garbage-in` quotes, recomputed with the
//! engines the `audit` lab runs: the findings of `mlpath audit breast_cancer_dirty`, the
//! lab's findings before and after its fixes, and the raw and fixed tables' scores
//! (cross-validated on the training rows; the test rows scored once).

use std::collections::BTreeSet;

use mlpath::labs::audit::{audit_fixed, fixable};
use mlpath::ml::audit::fixes::{self, Fix};
use mlpath::ml::audit::score;
use mlpath::ml::audit::{AuditOptions, Finding, audit};
use mlpath::ml::datasets;

const LESSON: &str = include_str!("../../lessons/data-quality/01-garbage-in.toml");
const SEED: u64 = 42;

fn find<'a>(findings: &'a [Finding], check: &str, column: Option<&str>) -> &'a Finding {
    findings
        .iter()
        .find(|f| f.check == check && f.column.as_deref() == column)
        .unwrap_or_else(|| panic!("no {check} finding in {column:?}"))
}

/// The lesson quotes `text`.
fn quoted(text: &str) {
    assert!(LESSON.contains(text), "the lesson does not say {text:?}");
}

#[test]
fn the_lesson_quotes_the_audit_of_the_whole_table() {
    let raw = datasets::load("breast_cancer_dirty").unwrap();
    let options = AuditOptions {
        target: Some("diagnosis".into()),
        ..Default::default()
    };
    let all = audit(&raw, None, &options).unwrap().findings;
    quoted(&format!("all {} rows", raw.n_rows()));
    let mixed = find(&all, "mixed_types", Some("worst_area"));
    quoted(&format!(
        "{} numbers and {} text cells",
        raw.n_rows() - mixed.count,
        mixed.count
    ));
    quoted(&format!(
        "six values are written with a decimal comma (`2019,0`), so the column is read as text, and a script that keeps only columns of numbers silently drops the whole column, {} good values",
        raw.n_rows() - mixed.count
    ));
    assert_eq!(mixed.count, 6);
    assert!(
        find(&all, "leakage", Some("treatment_cost"))
            .message
            .contains("ROC AUC 1.0000")
    );
    quoted("ROC AUC 1.0000");
    let texture = find(&all, "missing", Some("mean_texture"));
    quoted(&format!("`mean_texture` ({} empty cells)", texture.count));
    assert!(texture.rows.iter().any(|r| r.row == 218 && r.line == 220));
    assert!(texture.rows.iter().any(|r| r.row == 5 && r.line == 7));
    let smooth = find(&all, "missing", Some("mean_smoothness"));
    assert!(
        smooth.message.contains("'NA' ×10, '?' ×5"),
        "{}",
        smooth.message
    );
    quoted(&format!(
        "`mean_smoothness` ({} cells: `'NA'` ×10, `'?'` ×5)",
        smooth.count
    ));
    assert_eq!(
        find(&all, "missing_tokens", Some("mean_smoothness")).count,
        2
    );
    let dups = find(&all, "duplicates", None);
    assert!(dups.message.contains("(2.1 %)"));
    quoted(&format!("`duplicates` ({} rows, 2.1 %)", dups.count));
    quoted(&format!("repeats {} rows", dups.count));
    quoted(&format!(
        "`label_issues` ({} rows",
        find(&all, "label_issues", Some("diagnosis")).count
    ));
    let outlier_columns = all.iter().filter(|f| f.check == "outliers").count();
    quoted(&format!("in {outlier_columns} columns"));
    quoted(&format!("in {outlier_columns} of the columns"));
    quoted(&format!(
        "{} `mean_area` values",
        find(&all, "outliers", Some("mean_area")).count
    ));
}

#[test]
fn the_lesson_quotes_the_lab_and_its_scores() {
    let raw = datasets::load("breast_cancer_dirty").unwrap();
    let test = score::test_lines(&raw, "diagnosis", SEED).unwrap();
    let training = score::training_rows(&raw, &test);
    quoted(&format!("audits the other {}", training.n_rows()));
    let none = audit_fixed(&raw, &BTreeSet::new(), "diagnosis", &test).unwrap();
    let start = fixable(&none.findings);
    assert_eq!(start, 7);
    quoted("Seven of its findings are errors or warnings that a rule can fix");
    let all: BTreeSet<Fix> = none.findings.iter().filter_map(Fix::for_finding).collect();
    let done = audit_fixed(&raw, &all, "diagnosis", &test).unwrap();
    assert_eq!(fixable(&done.findings), 0);
    quoted(&format!(
        "keeps {} of its {} rows and {} of its {} columns",
        done.rows,
        raw.n_rows(),
        done.columns,
        raw.headers.len()
    ));
    quoted(&format!(
        "The {} label issues left",
        find(&done.findings, "label_issues", Some("diagnosis")).count
    ));
    let list: Vec<Fix> = all.iter().cloned().collect();
    let fixed = fixes::apply(&raw, &list);
    let r = score::cross_validated(&raw, "diagnosis", "malignant", &test, SEED).unwrap();
    let f = score::cross_validated(&fixed, "diagnosis", "malignant", &test, SEED).unwrap();
    assert!(r.features.contains(&"treatment_cost".to_string()));
    quoted(&format!(
        "accuracy of {:.3}, on {} columns of numbers",
        r.accuracy,
        r.features.len()
    ));
    quoted(&format!("the same model scores {:.3}", f.accuracy));
    let points = format!("{:.1}", 100.0 * (r.accuracy - f.accuracy));
    quoted(&format!("cost {points} points"));
    quoted(&format!("answer = {points}"));
    quoted(&format!(
        "cross-validated accuracy is {:.3} and the fixed table's {:.3}",
        r.accuracy, f.accuracy
    ));
    let rt = score::on_test_rows(&raw, "diagnosis", "malignant", &test).unwrap();
    let ft = score::on_test_rows(&fixed, "diagnosis", "malignant", &test).unwrap();
    quoted(&format!(
        "{:.3} for the raw table and {:.3} for the fixed one",
        rt.accuracy, ft.accuracy
    ));
    quoted(&format!(
        "scores {:.3} on the held-out test rows",
        rt.accuracy
    ));
}
