//! mlpath's metrics against scikit-learn on the cases in
//! tests/fixtures/metrics/sklearn_cases.json (regenerate with gen_sklearn_cases.py).

use mlpath::ml::metrics::{
    BinaryEvaluation, ConfusionCounts, ConfusionMatrix, ThresholdSweep, brier_score, log_loss,
    regression,
};
use serde_json::Value;

const TOLERANCE: f64 = 1e-9;

fn cases() -> Value {
    let text = include_str!("../fixtures/metrics/sklearn_cases.json");
    serde_json::from_str(text).expect("fixture is valid JSON")
}

fn f(v: &Value) -> f64 {
    v.as_f64().expect("a number")
}

fn floats(v: &Value) -> Vec<f64> {
    v.as_array().expect("an array").iter().map(f).collect()
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .expect("an array")
        .iter()
        .map(|s| s.as_str().expect("a string").to_string())
        .collect()
}

fn assert_close(case: &str, what: &str, ours: f64, theirs: f64) {
    assert!(
        (ours - theirs).abs() <= TOLERANCE,
        "{case}: {what}: mlpath {ours} vs scikit-learn {theirs}"
    );
}

fn assert_all_close(case: &str, what: &str, ours: &[f64], theirs: &[f64]) {
    assert_eq!(ours.len(), theirs.len(), "{case}: {what}: lengths differ");
    for (i, (a, b)) in ours.iter().zip(theirs).enumerate() {
        assert_close(case, &format!("{what}[{i}]"), *a, *b);
    }
}

fn assert_option(case: &str, what: &str, ours: Option<f64>, theirs: &Value) {
    match (ours, theirs.as_f64()) {
        (Some(a), Some(b)) => assert_close(case, what, a, b),
        (None, None) => {}
        (a, _) => panic!("{case}: {what}: mlpath {a:?} vs scikit-learn {theirs}"),
    }
}

#[test]
fn binary_cases_match_scikit_learn() {
    let all = cases();
    let binary = all["binary"].as_array().unwrap();
    assert!(binary.len() >= 30);
    for case in binary {
        let name = case["name"].as_str().unwrap();
        let labels: Vec<bool> = case["y"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_i64() == Some(1))
            .collect();
        let scores = floats(&case["scores"]);
        let threshold = f(&case["threshold"]);
        let eval = BinaryEvaluation::from_scores(&labels, &scores, threshold);
        let c = eval.counts;
        let expected = ConfusionCounts {
            tp: case["tp"].as_u64().unwrap(),
            fp: case["fp"].as_u64().unwrap(),
            fn_: case["fn"].as_u64().unwrap(),
            tn: case["tn"].as_u64().unwrap(),
        };
        assert_eq!(c, expected, "{name}: counts");
        assert_eq!(
            ConfusionCounts::at_threshold(&labels, &scores, threshold),
            expected,
            "{name}: direct counts"
        );
        for (what, ours) in [
            ("accuracy", c.accuracy()),
            ("precision", c.precision()),
            ("recall", c.recall()),
            ("specificity", c.specificity()),
            ("f1", c.f1()),
            ("f_half", c.f_beta(0.5)),
            ("f2", c.f_beta(2.0)),
            ("balanced_accuracy", c.balanced_accuracy()),
            ("mcc", c.mcc()),
            ("log_loss", log_loss(&labels, &scores)),
            ("brier", brier_score(&labels, &scores)),
        ] {
            assert_close(name, what, ours, f(&case[what]));
        }
        assert_option(name, "roc_auc", eval.roc_auc, &case["roc_auc"]);
        assert_option(
            name,
            "average_precision",
            eval.average_precision,
            &case["average_precision"],
        );

        let sweep = ThresholdSweep::new(&labels, &scores);
        if let Some(roc) = case.get("roc") {
            let curve = sweep.roc_curve();
            assert_all_close(name, "fpr", &curve.fpr, &floats(&roc["fpr"]));
            assert_all_close(name, "tpr", &curve.tpr, &floats(&roc["tpr"]));
            assert_eq!(curve.thresholds[0], f64::INFINITY, "{name}");
            assert_all_close(
                name,
                "roc thresholds",
                &curve.thresholds[1..],
                &floats(&roc["thresholds_after_inf"]),
            );
        }
        if let Some(pr) = case.get("pr") {
            let curve = sweep.pr_curve();
            assert_all_close(
                name,
                "pr precision",
                &curve.precision,
                &floats(&pr["precision"]),
            );
            assert_all_close(name, "pr recall", &curve.recall, &floats(&pr["recall"]));
            assert_all_close(
                name,
                "pr thresholds",
                &curve.thresholds,
                &floats(&pr["thresholds"]),
            );
        }
    }
}

#[test]
fn multiclass_cases_match_scikit_learn() {
    let all = cases();
    for case in all["multiclass"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let m = ConfusionMatrix::from_labels(&strings(&case["y"]), &strings(&case["pred"]));
        assert_eq!(
            m.labels(),
            strings(&case["labels"]).as_slice(),
            "{name}: labels"
        );
        let matrix: Vec<Vec<u64>> = case["matrix"]
            .as_array()
            .unwrap()
            .iter()
            .map(|row| {
                row.as_array()
                    .unwrap()
                    .iter()
                    .map(|v| v.as_u64().unwrap())
                    .collect()
            })
            .collect();
        assert_eq!(m.rows(), matrix, "{name}: matrix");
        let per_class = m.per_class();
        let pick = |g: fn(&mlpath::ml::metrics::ClassScores) -> f64| -> Vec<f64> {
            per_class.iter().map(g).collect()
        };
        assert_all_close(
            name,
            "precision",
            &pick(|c| c.precision),
            &floats(&case["precision"]),
        );
        assert_all_close(
            name,
            "recall",
            &pick(|c| c.recall),
            &floats(&case["recall"]),
        );
        assert_all_close(name, "f1", &pick(|c| c.f1), &floats(&case["f1"]));
        let support: Vec<u64> = per_class.iter().map(|c| c.support).collect();
        let expected_support: Vec<u64> = case["support"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_u64().unwrap())
            .collect();
        assert_eq!(support, expected_support, "{name}: support");
        for (what, ours) in [
            ("accuracy", m.accuracy()),
            ("macro_precision", m.macro_precision()),
            ("macro_recall", m.macro_recall()),
            ("macro_f1", m.macro_f1()),
            ("micro_precision", m.micro_precision()),
            ("micro_recall", m.micro_recall()),
            ("micro_f1", m.micro_f1()),
            ("weighted_precision", m.weighted_precision()),
            ("weighted_recall", m.weighted_recall()),
            ("weighted_f1", m.weighted_f1()),
            ("balanced_accuracy", m.balanced_accuracy()),
            ("mcc", m.mcc()),
        ] {
            assert_close(name, what, ours, f(&case[what]));
        }
        // scikit-learn's NaN kappa (chance agreement certain) is mlpath's 0.0 (undefined).
        match case["kappa"].as_f64() {
            Some(k) => assert_close(name, "kappa", m.kappa(), k),
            None => assert!(m.kappa_is_undefined() && m.kappa() == 0.0, "{name}: kappa"),
        }
    }
}

#[test]
fn regression_cases_match_scikit_learn() {
    let all = cases();
    for case in all["regression"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let (y, p) = (floats(&case["y"]), floats(&case["pred"]));
        assert_close(name, "mae", regression::mae(&y, &p), f(&case["mae"]));
        assert_close(name, "mse", regression::mse(&y, &p), f(&case["mse"]));
        assert_close(name, "rmse", regression::rmse(&y, &p), f(&case["rmse"]));
        assert_close(name, "r2", regression::r2(&y, &p), f(&case["r2"]));
    }
}
