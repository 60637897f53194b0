//! `mlpath fairness --json` against fairlearn, from tests/fixtures/fairness/
//! fairlearn_cases.json (written by generate.py next to it): each case's CSV is written to
//! a temporary file and run through the binary; every per-group value and aggregate must
//! equal fairlearn's to 1e-9, and a null (an undefined rate or ratio) must be null.

use assert_cmd::Command;
use serde_json::Value;

const TOLERANCE: f64 = 1e-9;

fn fixture() -> Value {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/fairness/fairlearn_cases.json"
    );
    serde_json::from_str(&std::fs::read_to_string(path).expect("fixture present")).unwrap()
}

fn run(case: &Value) -> Value {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cases.csv");
    std::fs::write(&path, case["csv"].as_str().unwrap()).unwrap();
    let args: Vec<&str> = case["args"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a.as_str().unwrap())
        .collect();
    let out = Command::cargo_bin("mlpath")
        .unwrap()
        .arg("fairness")
        .arg(&path)
        .args(&args)
        .arg("--json")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}: {}",
        case["name"],
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn same(actual: &Value, expected: &Value, what: &str) {
    match (actual.as_f64(), expected.as_f64()) {
        (Some(a), Some(e)) => assert!(
            (a - e).abs() <= TOLERANCE,
            "{what}: mlpath {a}, fairlearn {e}"
        ),
        (None, None) => assert!(
            actual.is_null() && expected.is_null(),
            "{what}: mlpath {actual}, fairlearn {expected}"
        ),
        _ => panic!("{what}: mlpath {actual}, fairlearn {expected}"),
    }
}

const AGGREGATES: [&str; 5] = [
    "demographic_parity_difference",
    "demographic_parity_ratio",
    "equalized_odds_difference",
    "equalized_odds_ratio",
    "equal_opportunity_difference",
];

#[test]
fn every_value_equals_fairlearns() {
    let fixture = fixture();
    let cases = fixture["cases"].as_array().unwrap();
    assert!(cases.len() >= 10);
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let expected = &case["expected"];
        let actual = run(case);
        let (groups, wanted) = (
            actual["groups"].as_array().unwrap(),
            expected["groups"].as_array().unwrap(),
        );
        assert_eq!(groups.len(), wanted.len(), "{name}: groups");
        for (g, w) in groups.iter().zip(wanted) {
            assert_eq!(g["group"], w["group"], "{name}: group order");
            assert_eq!(g["n"], w["n"], "{name}: n of {}", w["group"]);
            for key in ["selection_rate", "tpr", "fpr", "precision", "accuracy"] {
                same(
                    &g[key],
                    &w[key],
                    &format!("{name}: {key} of {}", w["group"]),
                );
            }
        }
        for key in AGGREGATES {
            same(&actual[key], &expected[key], &format!("{name}: {key}"));
        }
    }
}

#[test]
fn where_every_rate_is_defined_fairlearns_own_functions_agree() {
    // The fixtures keep fairlearn's functions' outputs as they are; mlpath differs only
    // where a group lacks positives or negatives (fairlearn counts the rate as 0).
    let fixture = fixture();
    for case in fixture["cases"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let groups = case["expected"]["groups"].as_array().unwrap();
        if groups
            .iter()
            .any(|g| g["tpr"].is_null() || g["fpr"].is_null())
        {
            continue;
        }
        for key in AGGREGATES {
            same(
                &case["expected"][key],
                &case["expected"]["fairlearn_as_is"][key],
                &format!("{name}: {key}"),
            );
        }
    }
    let without_positives = fixture["cases"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "group_without_positives")
        .unwrap();
    let as_is = &without_positives["expected"]["fairlearn_as_is"]["equal_opportunity_difference"];
    let ours = &without_positives["expected"]["equal_opportunity_difference"];
    assert!(as_is.as_f64().unwrap() > ours.as_f64().unwrap() + 0.5);
}
