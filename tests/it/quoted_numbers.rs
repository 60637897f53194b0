//! Every number a bundled lesson quotes from an mlpath command, recomputed by running that
//! command. Each check builds the lesson's sentence from the command's output and asserts
//! that the lesson contains it word for word, so an engine change that moves a quoted
//! number (or a lesson edit that changes one) fails here, naming the lesson and the text.
//!
//! The numbers a lab shows when it starts are checked the same way, from the lab itself.

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex, OnceLock};

use assert_cmd::Command;
use serde_json::Value;

use mlpath::catalog::{self, Step};
use mlpath::labs::{self, Lab};

/// `mlpath ARGS --json`, run once per distinct command.
pub(crate) fn json(args: &[&str]) -> Value {
    static CACHE: OnceLock<Mutex<HashMap<Vec<String>, Value>>> = OnceLock::new();
    let key: Vec<String> = args.iter().map(|a| a.to_string()).collect();
    let cache = CACHE.get_or_init(Default::default);
    if let Some(v) = cache.lock().unwrap().get(&key) {
        return v.clone();
    }
    let out = Command::cargo_bin("mlpath")
        .unwrap()
        .args(args)
        .arg("--json")
        .output()
        .unwrap();
    assert!(out.status.success(), "mlpath {args:?}: {out:?}");
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    cache.lock().unwrap().insert(key, v.clone());
    v
}

/// The per-row test predictions of `mlpath train ARGS --predictions FILE`: (truth, score).
fn predictions(dir: &Path, args: &[&str]) -> (String, Vec<(String, f64)>) {
    let file = dir.join("preds.csv");
    Command::cargo_bin("mlpath")
        .unwrap()
        .args(["train"])
        .args(args)
        .arg("--predictions")
        .arg(&file)
        .assert()
        .success();
    let text = std::fs::read_to_string(&file).unwrap();
    let rows = csv::Reader::from_reader(text.as_bytes())
        .records()
        .map(|r| {
            let r = r.unwrap();
            (r[1].to_string(), r[3].parse::<f64>().unwrap())
        })
        .collect();
    (file.display().to_string(), rows)
}

/// The lesson file's text with runs of white space made single, as a reader sees it.
pub(crate) fn lesson(file: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("lessons")
        .join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[track_caller]
pub(crate) fn quoted(file: &str, sentence: &str) {
    let sentence = sentence.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        lesson(file).contains(&sentence),
        "lessons/{file} no longer says what mlpath computes:\n  {sentence}"
    );
}

pub(crate) fn u(v: &Value) -> u64 {
    v.as_u64().unwrap_or_else(|| panic!("not a count: {v}"))
}

pub(crate) fn f(v: &Value) -> f64 {
    v.as_f64().unwrap_or_else(|| panic!("not a number: {v}"))
}

/// (TP, FN, FP, TN) of a two-class metrics object.
fn counts(m: &Value) -> (u64, u64, u64, u64) {
    (u(&m["tp"]), u(&m["fn"]), u(&m["fp"]), u(&m["tn"]))
}

pub(crate) fn train(args: &[&str]) -> Value {
    let mut all = vec!["train"];
    all.extend_from_slice(args);
    json(&all)
}

fn fbeta(beta: f64, tp: u64, fn_: u64, fp: u64) -> f64 {
    let b2 = beta * beta;
    let tp = tp as f64;
    (1.0 + b2) * tp / ((1.0 + b2) * tp + b2 * fn_ as f64 + fp as f64)
}

#[test]
fn metrics_confusion_matrix_and_accuracy() {
    let nb = &train(&["breast_cancer", "--model", "naive_bayes"])["metrics"];
    let (tp, fn_, fp, tn) = counts(nb);
    quoted(
        "metrics/01-confusion-matrix.toml",
        &format!("So TP = {tp}, FN = {fn_}, FP = {fp} and TN = {tn}."),
    );
    let lr = &train(&["breast_cancer", "--model", "logistic"])["metrics"];
    let (a, b, c, d) = counts(lr);
    quoted(
        "metrics/01-confusion-matrix.toml",
        &format!("makes a single mistake (TP {a}, FN {b}, FP {c}, TN {d})"),
    );
    assert_eq!(b + c, 1, "a single mistake");
    quoted(
        "metrics/02-accuracy-paradox.toml",
        &format!(
            "(TP {tp}, FN {fn_}, FP {fp}, TN {tn}) it is {} / {} = {:.3}",
            tp + tn,
            u(&nb["n"]),
            f(&nb["accuracy"])
        ),
    );
    quoted(
        "metrics/03-precision-recall.toml",
        &format!(
            "TP {tp}, FN {fn_}, FP {fp}, TN {tn}, positive class `malignant`): precision = {tp} / {} = {:.3} and recall = {tp} / {} = {:.3}. Read aloud: {:.0} % of its alarms were malignant, and it found {:.0} % of the malignant masses.",
            tp + fp,
            f(&nb["precision"]),
            tp + fn_,
            f(&nb["recall"]),
            f(&nb["precision"]) * 100.0,
            f(&nb["recall"]) * 100.0,
        ),
    );
}

#[test]
fn metrics_f_scores_of_three_models() {
    for (features, rows) in [(None, 3), (Some("mean_radius,mean_texture"), 3)] {
        let mut lines = Vec::new();
        for model in ["logistic", "naive_bayes", "tree"] {
            let mut args = vec!["breast_cancer", "--model", model];
            if let Some(f) = features {
                args.extend(["--features", f]);
            }
            let m = &train(&args)["metrics"];
            let (tp, fn_, fp, _) = counts(m);
            assert!((fbeta(1.0, tp, fn_, fp) - f(&m["f1"])).abs() < 1e-12);
            lines.push(format!(
                "{model:<13} {tp:>3} {fn_:>3} {fp:>3}  {:.3}  {:.3}  {:.3}",
                f(&m["f1"]),
                fbeta(2.0, tp, fn_, fp),
                fbeta(0.5, tp, fn_, fp)
            ));
        }
        assert_eq!(lines.len(), rows);
        quoted("metrics/04-f1-fbeta.toml", &lines.join("\n"));
    }
}

#[test]
fn metrics_threshold_table_from_predictions() {
    let dir = tempfile::tempdir().unwrap();
    let (file, _) = predictions(dir.path(), &["breast_cancer", "--model", "logistic"]);
    let mut lines = vec!["threshold  TP  FN  FP  TN  recall  precision".to_string()];
    for t in [
        "0.9", "0.7", "0.6", "0.5", "0.4", "0.3", "0.2", "0.1", "0.05",
    ] {
        let m = json(&[
            "eval",
            &file,
            "--truth",
            "truth",
            "--score",
            "score",
            "--positive",
            "malignant",
            "--threshold",
            t,
        ]);
        let (tp, fn_, fp, tn) = counts(&m);
        lines.push(format!(
            "  {t:<8} {tp:>3} {fn_:>3} {fp:>3} {tn:>3}   {:.3}    {:.3}",
            f(&m["recall"]),
            f(&m["precision"])
        ));
    }
    quoted("metrics/05-thresholds-costs.toml", &lines.join("\n"));
}

#[test]
fn metrics_roc_and_pr_on_phishing() {
    let m = &train(&["phishing", "--model", "logistic"])["metrics"];
    let (tp, fn_, fp, tn) = counts(m);
    quoted(
        "metrics/06-roc-pr.toml",
        &format!(
            "the {} test sites include {} phishing ones. ROC AUC is {:.3} and AP is {:.3}. At threshold 0.5: TP {tp}, FN {fn_}, FP {fp}, TN {tn}, so precision {:.3} and FPR {fp} / {} = {:.3}.",
            u(&m["n"]),
            tp + fn_,
            f(&m["roc_auc"]),
            f(&m["average_precision"]),
            f(&m["precision"]),
            fp + tn,
            fp as f64 / (fp + tn) as f64
        ),
    );
}

#[test]
fn metrics_regression_table() {
    let all = train(&["diabetes", "--model", "linear"]);
    let bmi = train(&["diabetes", "--model", "linear", "--features", "bmi"]);
    quoted(
        "metrics/07-regression-metrics.toml",
        &format!(
            "({} for training, {} for testing)",
            u(&all["rows_train"]),
            u(&all["rows_test"])
        ),
    );
    for (name, v) in [
        ("linear, all ten features", &all),
        ("linear, bmi only", &bmi),
    ] {
        let m = &v["metrics"];
        quoted(
            "metrics/07-regression-metrics.toml",
            &format!(
                "{name:<26} {:.1}    {:.1}    {:.3}",
                f(&m["mae"]),
                f(&m["rmse"]),
                f(&m["r2"])
            ),
        );
    }
    quoted(
        "metrics/07-regression-metrics.toml",
        &format!(
            "the MAE over all {} test patients is {:.1}",
            u(&all["rows_test"]),
            f(&all["metrics"]["mae"])
        ),
    );
}

#[test]
fn metrics_calibration_table_log_loss_and_brier() {
    let dir = tempfile::tempdir().unwrap();
    let (_, rows) = predictions(dir.path(), &["breast_cancer", "--model", "logistic"]);
    // Five equal-width bins, empty ones dropped (scikit-learn's calibration_curve).
    let mut lines = Vec::new();
    let mut ece = 0.0;
    for bin in 0..5 {
        let (lo, hi) = (bin as f64 / 5.0, (bin + 1) as f64 / 5.0);
        let inside: Vec<&(String, f64)> = rows
            .iter()
            .filter(|(_, s)| *s >= lo && (*s < hi || (bin == 4 && *s <= hi)))
            .collect();
        if inside.is_empty() {
            continue;
        }
        let n = inside.len() as f64;
        let mean = inside.iter().map(|(_, s)| s).sum::<f64>() / n;
        let share = inside.iter().filter(|(t, _)| t == "malignant").count() as f64 / n;
        ece += n / rows.len() as f64 * (share - mean).abs();
        lines.push(format!(
            "{lo:.1}-{hi:.1}    {:>4}      {mean:.3}           {share:.3}",
            inside.len()
        ));
    }
    quoted("metrics/08-calibration.toml", &lines.join("\n"));
    quoted(
        "metrics/08-calibration.toml",
        &format!("is {ece:.3} here, over the table's 5 bins"),
    );
    let mut table = Vec::new();
    for model in ["logistic", "naive_bayes", "tree"] {
        let m = &train(&["breast_cancer", "--model", model])["metrics"];
        table.push(format!(
            "{model:<13}    {:.3}    {:.3}",
            f(&m["log_loss"]),
            f(&m["brier"])
        ));
    }
    quoted("metrics/08-calibration.toml", &table.join("\n"));
}

#[test]
fn drift_lessons_quote_the_metrics_models() {
    let nb = &train(&["breast_cancer", "--model", "naive_bayes"])["metrics"];
    let (tp, fn_, fp, tn) = counts(nb);
    quoted(
        "drift/01-kinds-of-drift.toml",
        &format!(
            "recall {tp} / {} , false positive rate {fp} / {} on its test split",
            tp + fn_,
            fp + tn
        )
        .replace(" ,", ","),
    );
    // Per 10,000 people with 1 % malignant: the same recall and false positive rate.
    let recall = tp as f64 / (tp + fn_) as f64;
    let fpr = fp as f64 / (fp + tn) as f64;
    let (caught, alarms) = (100.0 * recall, 9900.0 * fpr);
    quoted(
        "drift/01-kinds-of-drift.toml",
        &format!(
            "it flags about {caught:.1} of the 100 malignant cases and {alarms:.0} of the 9,900 benign ones. **Precision drops from {:.2} to about {:.2}**",
            f(&nb["precision"]),
            caught / (caught + alarms)
        ),
    );
    let lr = train(&["phishing", "--model", "logistic"]);
    let m = &lr["metrics"];
    let (tp, _, _, tn) = counts(m);
    let acc = f(&m["accuracy"]);
    quoted(
        "drift/04-silent-decay.toml",
        &format!(
            "gets {} of {} test sites right, accuracy {acc:.3}. For batches of 100 that gives a standard error of sqrt({acc:.3} · {:.3} / 100) = {:.3}.",
            tp + tn,
            u(&m["n"]),
            1.0 - acc,
            (acc * (1.0 - acc) / 100.0).sqrt()
        ),
    );
    quoted(
        "drift/05-monitoring-design.toml",
        &format!("is right on {} of its {} test sites", tp + tn, u(&m["n"])),
    );
    // Ten chunks of 31 rows in test-set order.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("p.csv");
    Command::cargo_bin("mlpath")
        .unwrap()
        .args(["train", "phishing", "--model", "logistic", "--predictions"])
        .arg(&file)
        .assert()
        .success();
    let text = std::fs::read_to_string(&file).unwrap();
    let right: Vec<bool> = csv::Reader::from_reader(text.as_bytes())
        .records()
        .map(|r| {
            let r = r.unwrap();
            r[1] == r[2]
        })
        .collect();
    let chunks: Vec<f64> = right
        .chunks_exact(31)
        .take(10)
        .map(|c| c.iter().filter(|&&r| r).count() as f64 / 31.0)
        .collect();
    let mean = chunks.iter().sum::<f64>() / 10.0;
    let sd = (chunks.iter().map(|a| (a - mean).powi(2)).sum::<f64>() / 10.0).sqrt();
    quoted(
        "drift/05-monitoring-design.toml",
        &format!("its accuracy has mean {mean:.4} and standard deviation {sd:.4} (population)"),
    );
}

#[test]
fn foundations_quote_kmeans_and_the_stratified_split() {
    let km = train(&["iris", "--model", "kmeans"]);
    let c = &km["clusters"]["contingency"];
    let cell = |r: usize, k: usize| u(&c[r][k]);
    assert_eq!(
        (cell(0, 0), cell(1, 1), cell(2, 1), cell(1, 2), cell(2, 2)),
        (13, 12, 5, 1, 8)
    );
    quoted(
        "foundations/01-what-is-ml.toml",
        &format!(
            "on {} of the flowers, with the four measurements standardised",
            u(&km["rows_train"])
        ),
    );
    quoted(
        "foundations/01-what-is-ml.toml",
        &format!(
            "It then places the {} held-out flowers, 13 of each species, in their nearest cluster. One cluster takes all {} held-out setosa and nothing else. The other two split the remaining 26 imperfectly: one holds {} versicolor and {} virginica, the other {} versicolor and {} virginica.",
            u(&km["rows_test"]),
            cell(0, 0),
            cell(1, 1),
            cell(2, 1),
            cell(1, 2),
            cell(2, 2)
        ),
    );
    quoted(
        "foundations/01-what-is-ml.toml",
        &format!(
            "33 / 39 = {:.4}, the `agreement` mlpath prints",
            f(&km["clusters"]["agreement"])
        ),
    );
    let split = train(&["breast_cancer", "--model", "logistic", "--test-size", "0.2"]);
    let m = &split["metrics"];
    let (tp, fn_, fp, tn) = counts(m);
    quoted(
        "foundations/02-ml-lifecycle.toml",
        &format!(
            "holds out 20 % of each class: {} malignant and {} benign masses, {} rows",
            tp + fn_,
            fp + tn,
            u(&split["rows_test"])
        ),
    );
}

/// A bundled lab, started as the lesson starts it, once its background work is done.
fn started_lab(lesson: &str, kind: catalog::LabKind) -> Box<dyn Lab> {
    static CATALOG: OnceLock<Arc<catalog::Catalog>> = OnceLock::new();
    let catalog = CATALOG.get_or_init(|| Arc::new(catalog::load(&[])));
    let step = catalog
        .lesson(lesson)
        .unwrap()
        .steps
        .iter()
        .find_map(|s| match s {
            Step::Lab(l) if l.kind() == kind => Some(l.clone()),
            _ => None,
        })
        .unwrap();
    let mut lab = labs::start(&step.spec).unwrap().unwrap();
    for _ in 0..20_000 {
        lab.poll();
        if !lab.busy() {
            return lab;
        }
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
    panic!("{lesson}: the lab never finished starting");
}

fn now(lab: &dyn Lab) -> String {
    lab.goal_line().now.unwrap_or_default()
}

#[test]
fn lab_texts_quote_what_the_labs_show_at_the_start() {
    use catalog::LabKind::{Threshold, Train};
    let iris = started_lab("foundations/what-is-ml", Train);
    let acc = now(&*iris);
    let value = acc.split_whitespace().nth(1).unwrap();
    quoted(
        "foundations/01-what-is-ml.toml",
        &format!("The trees start at {value} cross-validated accuracy."),
    );
    let km = train(&["iris", "--model", "kmeans"]);
    quoted(
        "foundations/01-what-is-ml.toml",
        &format!(
            "A quarter of the flowers ({}) is the **test** set, held back. The other {} are cut into five folds",
            u(&km["rows_test"]),
            u(&km["rows_train"])
        ),
    );

    let phishing = started_lab("metrics/accuracy-paradox", Train);
    let value = now(&*phishing);
    let value = value.split_whitespace().nth(1).unwrap();
    let lr = train(&["phishing", "--model", "logistic"]);
    quoted(
        "metrics/02-accuracy-paradox.toml",
        &format!(
            "cross-validated on the {} training sites (`https` alone: {value}); the {} test sites",
            u(&lr["rows_train"]),
            u(&lr["rows_test"])
        ),
    );

    let diabetes = started_lab("metrics/regression-metrics", Train);
    let value = now(&*diabetes);
    let value = value.split_whitespace().nth(1).unwrap();
    let bmi = train(&["diabetes", "--model", "linear", "--features", "bmi"]);
    quoted(
        "metrics/07-regression-metrics.toml",
        &format!(
            "cross-validated on the {} training patients: R² {value} there, against {:.2} on the test patients",
            u(&bmi["rows_train"]),
            f(&bmi["metrics"]["r2"])
        ),
    );

    let pr = started_lab("metrics/precision-recall", Threshold);
    let line = now(&*pr);
    let words: Vec<&str> = line.split_whitespace().collect();
    let (recall, precision) = (words[1], words[4]);
    let lr = train(&["breast_cancer", "--model", "logistic"]);
    let test = &lr["metrics"];
    let malignant_total = 212;
    let malignant_train = malignant_total - (u(&test["tp"]) + u(&test["fn"]));
    quoted(
        "metrics/03-precision-recall.toml",
        &format!(
            "cross-validated on the {} training patients ({malignant_train} malignant); at the default 0.5, recall is {recall} with precision {precision}.",
            u(&lr["rows_train"])
        ),
    );
    quoted(
        "metrics/03-precision-recall.toml",
        &format!("The {} test patients are scored once", u(&lr["rows_test"])),
    );

    let costs = started_lab("metrics/thresholds-costs", Threshold);
    let line = now(&*costs);
    let cost = line.split_whitespace().nth(1).unwrap();
    quoted(
        "metrics/05-thresholds-costs.toml",
        &format!(
            "now scores the {} training patients by 5-fold cross-validation: a threshold chosen on the {} test patients",
            u(&lr["rows_train"]),
            u(&lr["rows_test"])
        ),
    );
    quoted(
        "metrics/05-thresholds-costs.toml",
        &format!("at the default 0.5 it is {cost}."),
    );
}

/// A quiz may use mlpath's own role profiles only when the prompt states the numbers it
/// needs: a learner must never have to remember data mlpath made up.
#[test]
fn no_quiz_asks_to_recall_mlpaths_own_profiles() {
    let catalog = catalog::load(&[]);
    for lesson in catalog.lessons() {
        for (i, step) in lesson.steps.iter().enumerate() {
            let prompt = match step {
                Step::Choice(q) => q.prompt.to_lowercase(),
                Step::Number(q) => q.prompt.to_lowercase(),
                _ => continue,
            };
            let about_profiles = prompt.contains("mlpath's") && prompt.contains("profile");
            let states_the_data = prompt.chars().any(|c| c.is_ascii_digit());
            assert!(
                !about_profiles || states_the_data,
                "{} step {}: asks to recall mlpath's own profiles: {prompt}",
                lesson.id,
                i + 1
            );
        }
    }
}
