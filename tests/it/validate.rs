//! `mlpath validate DATA --contract FILE` as a user runs it: the bundled credit data
//! keeps its contract, the corrupted batch breaks it in each planted way, and a bad
//! contract is bad input at its file, line and column.

use assert_cmd::Command;
use serde_json::Value;

const CONTRACT: &str = "tests/fixtures/contracts/german_credit.toml";

fn mlpath() -> Command {
    Command::cargo_bin("mlpath").expect("the binary is built")
}

#[test]
fn the_clean_data_keeps_the_contract() {
    mlpath()
        .args(["validate", "german_credit", "--contract", CONTRACT])
        .assert()
        .code(0)
        .stdout(predicates::str::starts_with(
            "ok: german_credit (1000 rows) keeps the contract",
        ));
}

#[test]
fn the_batch_breaks_it_in_every_planted_way() {
    let out = mlpath()
        .args([
            "validate",
            "german_credit_batch",
            "--contract",
            CONTRACT,
            "--json",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["passed"], false);
    assert_eq!(v["rows"], 200);
    let found: Vec<(String, String, u64)> = v["violations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| {
            (
                v["column"].as_str().unwrap().to_string(),
                v["kind"].as_str().unwrap().to_string(),
                v["count"].as_u64().unwrap(),
            )
        })
        .collect();
    let expected = [
        ("age_years", "range", 5),
        ("purpose", "allowed", 8),
        ("credit_amount_dm", "type", 10),
        ("duration_months", "missing", 60),
        ("telephone", "missing_column", 0),
    ];
    assert_eq!(found.len(), expected.len(), "{found:?}");
    for ((column, kind, count), (c, k, n)) in found.iter().zip(expected) {
        assert_eq!((column.as_str(), kind.as_str(), *count), (c, k, n));
    }
    let first = &v["violations"][0]["examples"][0];
    assert_eq!(
        first["line"].as_u64().unwrap(),
        first["row"].as_u64().unwrap() + 2
    );
}

#[test]
fn the_text_names_the_rule_and_the_rows() {
    let out = mlpath()
        .args(["validate", "german_credit_batch", "--contract", CONTRACT])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("breaks the contract"), "{text}");
    assert!(
        text.contains(&format!("{CONTRACT}:2:8: range age_years: 5 values")),
        "{text}"
    );
    assert!(text.contains("(line "), "{text}");
}

#[test]
fn a_bad_contract_is_bad_input_at_its_place() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.toml");
    std::fs::write(
        &path,
        "[[columns]]\nname = \"age_years\"\ntype = \"number\"\nmin = 5\nmax = 1\n",
    )
    .unwrap();
    let out = mlpath()
        .args(["validate", "german_credit", "--contract"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("c.toml:5:7: `max` 1 is below `min` 5"),
        "{err}"
    );
    mlpath()
        .args(["validate", "no_such_data", "--contract", CONTRACT])
        .assert()
        .code(2);
}
