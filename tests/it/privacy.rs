//! `mlpath privacy` as a user runs it: k, the small classes, l, JSON and bad input.

use assert_cmd::Command;
use serde_json::Value;

// classes over (age, zip): 20-29/100 x3, 30-39/200 x2, 40-49/200 x1
const PEOPLE: &str = "age,zip,disease\n\
20-29,100,flu\n20-29,100,cold\n20-29,100,cold\n30-39,200,flu\n30-39,200,flu\n40-49,200,cold\n";

fn privacy(text: &str, args: &[&str]) -> assert_cmd::assert::Assert {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("p.csv"), text).unwrap();
    Command::cargo_bin("mlpath")
        .unwrap()
        .current_dir(dir.path())
        .arg("privacy")
        .arg("p.csv")
        .args(args)
        .assert()
}

#[test]
fn k_l_and_the_small_classes_in_json() {
    let out = privacy(
        PEOPLE,
        &[
            "--quasi",
            "age,zip",
            "--sensitive",
            "disease",
            "--k",
            "2",
            "--json",
        ],
    )
    .success();
    let v: Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(v["rows"], 6);
    assert_eq!(v["classes"], 3);
    assert_eq!(v["k"], 1);
    assert_eq!(v["l"], 1);
    assert_eq!(v["rows_below_k"], 1);
    let small = v["small_classes"].as_array().unwrap();
    assert_eq!(small.len(), 1);
    assert_eq!(small[0]["values"]["age"], "40-49");
    assert_eq!(small[0]["size"], 1);
    assert_eq!(v["k_without"]["age"], 3);
    assert_eq!(v["k_without"]["zip"], 1);
}

#[test]
fn text_report_names_k_and_l() {
    let out = privacy(PEOPLE, &["--quasi", "zip", "--sensitive", "disease"]).success();
    let text = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    assert!(text.contains("k-anonymity: k = 3"), "{text}");
    assert!(text.contains("l-diversity: l = 2"), "{text}");
    assert!(
        text.contains("rows in classes smaller than k = 5: 6 of 6 (2 classes)"),
        "{text}"
    );
    let long = format!("a,b\n{},1\n", "y".repeat(200));
    let out = privacy(&long, &["--quasi", "a,b"]).success();
    let text = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    for line in text.lines().skip(2) {
        assert!(line.chars().count() <= 80, "{line}");
    }
}

#[test]
fn bad_input_exits_2_with_where_and_how() {
    let out = privacy(PEOPLE, &["--quasi", "age,postcode"]).code(2);
    let e = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(
        e.contains("p.csv:1: no column named 'postcode' in the header"),
        "{e}"
    );
    assert!(e.contains("the columns are: age, zip, disease"), "{e}");
    let out = privacy(PEOPLE, &["--quasi", "age", "--sensitive", "age"]).code(2);
    let e = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(
        e.contains("both a quasi-identifier and the sensitive column"),
        "{e}"
    );
    let out = privacy("age,zip\n", &["--quasi", "age"]).code(2);
    let e = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(e.contains("no rows"), "{e}");
    privacy(PEOPLE, &["--quasi", "age", "--k", "0"]).code(2);
    privacy(PEOPLE, &[]).code(2);
    let out = privacy("age,zip\n20,1\n30\n", &["--quasi", "age"]).code(2);
    let e = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(e.contains("p.csv:3"), "{e}");
}

#[test]
fn bundled_german_credit_is_not_anonymous_over_age_and_status() {
    let out = Command::cargo_bin("mlpath")
        .unwrap()
        .args([
            "privacy",
            "german_credit",
            "--quasi",
            "age_years,personal_status_sex",
        ])
        .args(["--sensitive", "credit_risk", "--json"])
        .assert()
        .success();
    let v: Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(v["rows"], 1000);
    assert_eq!(v["k"], 1);
    assert!(v["rows_below_k"].as_u64().unwrap() > 0);
}
