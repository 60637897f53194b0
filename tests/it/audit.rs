//! `mlpath audit` as a user runs it: a planted-problems CSV whose every problem is
//! reported, the JSON shape, exit codes with --fail-on, bad input (exit code 2 with the
//! file, line and column), and the duplicate and missing counts against pandas on the
//! cases in tests/fixtures/audit/pandas_cases.json (regenerate with
//! gen_pandas_cases.py).

use std::path::PathBuf;

use assert_cmd::Command;
use mlpath::ml::audit::{AuditOptions, Report, audit};
use mlpath::ml::io::Table;
use serde_json::Value;
use tempfile::TempDir;

fn mlpath() -> Command {
    Command::cargo_bin("mlpath").expect("the binary is built")
}

fn write(dir: &TempDir, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

/// 40 rows with planted problems, line by line (the header is line 1, row r is on line
/// r + 2 until the blank line after row 29, which moves the rest down one line):
/// - `dose` is missing in rows 3 (empty), 8 (`NA`) and 13 (`?`): three cells, three
///   spellings. pandas with `na_values=["?"]` counts the same three in isna().sum().
/// - `site` is 'A' in every row: constant.
/// - `outcome_code` is 'pos' where `y` is 1 and 'neg' where it is 0: a relabelling.
/// - rows 38 and 39 copy rows 0 and 1 in every column: pandas' duplicated() marks
///   exactly these two (rows 0 and 1 are first occurrences), so the count is 2.
/// - `x` separates the true classes (0 to 1 for class 0, 3 to 4 for class 1), and rows
///   4, 9 and 17 have their label flipped: the label issues.
const FLIPPED: [usize; 3] = [4, 9, 17];

fn planted() -> String {
    let mut csv = String::from("id,dose,site,x,outcome_code,y\n");
    let mut rows = Vec::new();
    for i in 0..38 {
        let dose = match i {
            3 => String::new(),
            8 => "NA".to_string(),
            13 => "?".to_string(),
            _ => format!("{}.5", (i * 7) % 10),
        };
        let class = usize::from(i % 3 == 0);
        let x = 3.0 * class as f64 + (i as f64 * 0.618_034).fract();
        let y = if FLIPPED.contains(&i) {
            1 - class
        } else {
            class
        };
        let code = if y == 1 { "pos" } else { "neg" };
        rows.push(format!("{i},{dose},A,{x:.4},{code},{y}"));
    }
    rows.push(rows[0].clone());
    rows.push(rows[1].clone());
    for (i, row) in rows.iter().enumerate() {
        csv.push_str(row);
        csv.push('\n');
        if i == 29 {
            csv.push('\n');
        }
    }
    csv
}

fn json_of(args: &[&std::ffi::OsStr]) -> (Value, i32) {
    let output = mlpath()
        .arg("audit")
        .args(args)
        .arg("--json")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    (
        serde_json::from_slice(&output.stdout).unwrap_or_else(|e| panic!("{e}: {stderr}")),
        output.status.code().unwrap(),
    )
}

fn finding<'a>(report: &'a Value, check: &str, column: Option<&str>) -> &'a Value {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["check"] == check && f["column"].as_str() == column)
        .unwrap_or_else(|| panic!("no {check} {column:?} in {report:#}"))
}

#[test]
fn every_planted_problem_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(&dir, "planted.csv", planted().as_bytes());
    let (report, code) = json_of(&[path.as_os_str(), "--target".as_ref(), "y".as_ref()]);
    assert_eq!(
        code, 0,
        "no --fail-on: the findings do not decide the exit code"
    );
    assert_eq!(report["rows"], 40);
    assert_eq!(report["columns"], 6);
    assert_eq!(report["target"], "y");
    assert_eq!(report["sha256"].as_str().unwrap().len(), 64);
    // The flipped rows come first among the label issues, each with its lines and the
    // label it should probably have.
    let issues = report["label_issues"].as_array().unwrap();
    let mut top: Vec<u64> = issues[..3]
        .iter()
        .map(|i| i["row"].as_u64().unwrap())
        .collect();
    top.sort();
    assert_eq!(top, FLIPPED.map(|r| r as u64), "{issues:#?}");
    for issue in &issues[..3] {
        assert_eq!(
            issue["line"].as_u64().unwrap(),
            issue["row"].as_u64().unwrap() + 2
        );
        assert_ne!(issue["given"], issue["suggested"]);
        assert!(issue["quality"].as_f64().unwrap() < 0.5);
    }
    assert_eq!(
        finding(&report, "label_issues", Some("y"))["count"],
        issues.len()
    );

    let missing = finding(&report, "missing", Some("dose"));
    assert_eq!(missing["count"], 3);
    let lines: Vec<(u64, u64)> = missing["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["row"].as_u64().unwrap(), r["line"].as_u64().unwrap()))
        .collect();
    assert_eq!(lines, vec![(3, 5), (8, 10), (13, 15)]);
    assert_eq!(finding(&report, "missing_tokens", Some("dose"))["count"], 3);

    let duplicates = finding(&report, "duplicates", None);
    assert_eq!(duplicates["count"], 2);
    let first = &duplicates["rows"][0];
    // Row 38 is on line 41 (the blank line after row 29 adds one); it repeats row 0.
    assert_eq!(
        (first["row"].as_u64(), first["line"].as_u64()),
        (Some(38), Some(41))
    );
    assert_eq!(first["repeats"], serde_json::json!({"row": 0, "line": 2}));

    assert_eq!(finding(&report, "constant", Some("site"))["count"], 40);
    let leak = finding(&report, "leakage", Some("outcome_code"));
    assert_eq!(leak["severity"], "error");
    assert!(leak["message"].as_str().unwrap().contains("relabelling"));
    for f in report["findings"].as_array().unwrap() {
        for key in [
            "check", "severity", "column", "count", "rows", "message", "hint",
        ] {
            assert!(f.get(key).is_some(), "{key} missing in {f}");
        }
    }
}

#[test]
fn fail_on_sets_the_exit_code() {
    let dir = tempfile::tempdir().unwrap();
    let planted = write(&dir, "planted.csv", planted().as_bytes());
    let clean = write(&dir, "clean.csv", b"a,b\n1,x\n2,y\n3,z\n");
    let warnings_only = write(&dir, "dup.csv", b"a,b\n1,x\n1,x\n3,z\n");
    // The planted file has errors (leakage) only with its target; without it, warnings.
    for (path, target, fail_on, code) in [
        (&planted, Some("y"), "error", 1),
        (&planted, Some("y"), "warning", 1),
        (&planted, None, "error", 0),
        (&planted, None, "warning", 1),
        (&clean, None, "error", 0),
        (&clean, None, "warning", 0),
        (&warnings_only, None, "error", 0),
        (&warnings_only, None, "warning", 1),
    ] {
        let mut command = mlpath();
        command.arg("audit").arg(path).args(["--fail-on", fail_on]);
        if let Some(target) = target {
            command.args(["--target", target]);
        }
        let output = command.output().unwrap();
        assert_eq!(
            output.status.code(),
            Some(code),
            "{path:?} {target:?} {fail_on}"
        );
        // The report is printed whatever the exit code.
        assert!(String::from_utf8_lossy(&output.stdout).contains("audit of "));
    }
}

#[test]
fn the_text_report_fits_80_columns_and_is_clean() {
    let dir = tempfile::tempdir().unwrap();
    let mut csv = planted();
    csv.push_str("99,\u{1b}[31mred-and-a-very-long-cell-that-goes-on-and-on-and-on-and-on-beyond-the-edge,A,0.5,neg,0\n");
    let path = write(&dir, "planted.csv", csv.as_bytes());
    let output = mlpath()
        .arg("audit")
        .arg(&path)
        .args(["--target", "y"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(!text.contains('\u{1b}'), "{text}");
    for line in text.lines() {
        assert!(
            unicode_width::UnicodeWidthStr::width(line) <= 80,
            "{line:?}"
        );
    }
    for needle in [
        "sha256: ",
        "ERROR leakage in 'outcome_code'",
        "WARNING duplicates",
        "mixed_types",
    ] {
        assert!(text.contains(needle), "{needle} in {text}");
    }
}

#[test]
fn bad_input_exits_2_with_where_and_how() {
    let dir = tempfile::tempdir().unwrap();
    let ragged = write(&dir, "ragged.csv", b"a,b\n1,2\n3\n");
    let not_utf8 = write(&dir, "latin.csv", b"a,b\n1,x\n2,\xe9t\xe9\n");
    let other = write(&dir, "other.csv", b"a,c\n1,2\n");
    let ok = write(&dir, "ok.csv", b"a,b\n1,2\n");
    let cases: Vec<(Vec<&std::ffi::OsStr>, &str)> = vec![
        (
            vec![ragged.as_os_str()],
            "ragged.csv:3: this row has 1 fields",
        ),
        (
            vec![not_utf8.as_os_str()],
            "latin.csv:3: column 'b': the file is not valid UTF-8",
        ),
        (
            vec![ok.as_os_str(), "--target".as_ref(), "nope".as_ref()],
            "no column named 'nope'",
        ),
        (
            vec![ok.as_os_str(), "--after".as_ref(), "a,nope".as_ref()],
            "no column named 'nope'",
        ),
        (
            vec![
                ok.as_os_str(),
                "--target".as_ref(),
                "b".as_ref(),
                "--after".as_ref(),
                "b".as_ref(),
            ],
            "--after names the target 'b'",
        ),
        (
            vec![ok.as_os_str(), "--test".as_ref(), other.as_os_str()],
            "lacks b",
        ),
        (vec!["no-such-file.csv".as_ref()], "cannot read the file"),
        (
            vec![ok.as_os_str(), "--fail-on".as_ref(), "sometimes".as_ref()],
            "sometimes",
        ),
    ];
    for (args, needle) in cases {
        let output = mlpath().arg("audit").args(&args).output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(needle), "{needle} in {stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
        assert!(output.stdout.is_empty());
    }
}

#[test]
fn contamination_and_bundled_data() {
    let dir = tempfile::tempdir().unwrap();
    let train = write(&dir, "train.csv", b"a,b\n1,x\n2,y\n3,z\n");
    let test = write(&dir, "test.csv", b"b,a\nq,7\nz,3\n");
    let (report, _) = json_of(&[train.as_os_str(), "--test".as_ref(), test.as_os_str()]);
    let c = finding(&report, "contamination", None);
    assert_eq!(c["count"], 1);
    assert_eq!(c["rows"][0]["line"], 4);
    assert_eq!(
        c["rows"][0]["test"],
        serde_json::json!({"row": 1, "line": 3})
    );
    // iris: one row repeats another (pandas: iris.duplicated().sum() == 1, row 142
    // repeats row 101); the bundled hash is the manifest's.
    let (report, code) = json_of(&["iris".as_ref(), "--target".as_ref(), "species".as_ref()]);
    assert_eq!(code, 0);
    let d = finding(&report, "duplicates", None);
    assert_eq!(d["count"], 1);
    assert_eq!(d["rows"][0]["row"], 142);
    assert_eq!(d["rows"][0]["repeats"]["row"], 101);
    assert_eq!(report["sha256"].as_str().unwrap().len(), 64);
}

fn engine(csv: &str) -> Report {
    let table = Table::from_bytes("case.csv", csv.as_bytes()).unwrap();
    audit(&table, None, &AuditOptions::default()).unwrap()
}

#[test]
fn duplicates_and_missing_counts_match_pandas() {
    let fixture: Value =
        serde_json::from_str(include_str!("../fixtures/audit/pandas_cases.json")).unwrap();
    let cases = fixture["cases"].as_array().unwrap();
    assert!(cases.len() >= 40);
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let report = engine(case["csv"].as_str().unwrap());
        assert_eq!(report.rows as u64, case["rows"].as_u64().unwrap(), "{name}");
        let duplicates = report.findings.iter().find(|f| f.check == "duplicates");
        assert_eq!(
            duplicates.map_or(0, |f| f.count) as u64,
            case["duplicates"].as_u64().unwrap(),
            "{name}"
        );
        let expected: Vec<u64> = case["duplicated_rows"]
            .as_array()
            .unwrap()
            .iter()
            .take(20)
            .map(|v| v.as_u64().unwrap())
            .collect();
        let listed: Vec<u64> = duplicates
            .map(|f| f.rows.iter().map(|r| r.row as u64).collect())
            .unwrap_or_default();
        assert_eq!(listed, expected, "{name}");
        for (column, count) in case["missing"].as_object().unwrap() {
            let found = report
                .findings
                .iter()
                .find(|f| f.check == "missing" && f.column.as_deref() == Some(column));
            assert_eq!(
                found.map_or(0, |f| f.count) as u64,
                count.as_u64().unwrap(),
                "{name} {column}"
            );
        }
    }
}

/// The schema_change findings of a JSON report, as (severity, column, message).
fn schema_changes(report: &Value) -> Vec<(String, Option<String>, String)> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["check"] == "schema_change")
        .map(|f| {
            (
                f["severity"].as_str().unwrap().to_string(),
                f["column"].as_str().map(str::to_string),
                f["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn the_schema_and_its_fingerprint_are_printed() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(&dir, "t.csv", b"n,t\n1,b\n2,a\n");
    let (report, code) = json_of(&[path.as_os_str()]);
    assert_eq!(code, 0);
    assert_eq!(
        report["schema"],
        serde_json::json!([
            {"column": "n", "type": "number"},
            {"column": "t", "type": "text", "categories": ["a", "b"]},
        ])
    );
    let fingerprint = report["schema_fingerprint"].as_str().unwrap();
    assert_eq!(fingerprint.len(), 16);
    let text = mlpath().arg("audit").arg(&path).output().unwrap();
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(
        text.contains(&format!("schema fingerprint: {fingerprint}")),
        "{text}"
    );
    assert!(text.contains("  t: text {a, b}"), "{text}");
}

#[test]
fn baseline_reports_removed_retyped_columns_and_new_categories() {
    let dir = tempfile::tempdir().unwrap();
    let old = write(
        &dir,
        "old.csv",
        b"id,age,city,gone\n1,30,Oslo,x\n2,41,Rome,y\n",
    );
    let new = write(
        &dir,
        "new.csv",
        b"id,age,city,extra\n1,30,Oslo,5\n2,unknown,Lima,6\n",
    );
    let (report, code) = json_of(&[new.as_os_str(), "--baseline".as_ref(), old.as_os_str()]);
    assert_eq!(code, 0, "no --fail-on: exit 0");
    let found = schema_changes(&report);
    let has = |severity: &str, column: &str, needle: &str| {
        found
            .iter()
            .any(|(s, c, m)| s == severity && c.as_deref() == Some(column) && m.contains(needle))
    };
    assert!(has("error", "gone", "gone"), "{found:?}");
    assert!(has("error", "age", "was number"), "{found:?}");
    assert!(has("warning", "city", "'Lima'"), "{found:?}");
    assert!(has("info", "city", "'Rome'"), "{found:?}");
    assert!(has("warning", "extra", "new column"), "{found:?}");
    for (fail_on, expected) in [("error", 1), ("warning", 1)] {
        let output = mlpath()
            .arg("audit")
            .arg(&new)
            .args(["--baseline".as_ref(), old.as_os_str()])
            .args(["--fail-on", fail_on])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(expected), "{fail_on}");
        assert!(String::from_utf8_lossy(&output.stdout).contains("ERROR schema_change"));
    }
}

#[test]
fn baseline_with_the_same_schema() {
    let dir = tempfile::tempdir().unwrap();
    let old = write(&dir, "old.csv", b"a,b\n1,x\n2,y\n3,z\n");
    let copy = write(&dir, "copy.csv", b"a,b\n1,x\n2,y\n3,z\n");
    let (report, _) = json_of(&[copy.as_os_str(), "--baseline".as_ref(), old.as_os_str()]);
    assert_eq!(schema_changes(&report), vec![]);
    let output = mlpath()
        .arg("audit")
        .arg(&copy)
        .args(["--baseline".as_ref(), old.as_os_str()])
        .args(["--fail-on", "warning"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    // New values of a number column change the data, not the schema: one note.
    let newer = write(&dir, "newer.csv", b"a,b\n1,x\n2,y\n4,z\n");
    let (report, code) = json_of(&[
        newer.as_os_str(),
        "--baseline".as_ref(),
        old.as_os_str(),
        "--fail-on".as_ref(),
        "warning".as_ref(),
    ]);
    assert_eq!(code, 0);
    let found = schema_changes(&report);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!((found[0].0.as_str(), found[0].1.as_deref()), ("info", None));
    assert!(found[0].2.contains("SHA-256"));
    // A bundled dataset is its own baseline; a missing baseline is bad input.
    let (report, _) = json_of(&["iris".as_ref(), "--baseline".as_ref(), "iris".as_ref()]);
    assert_eq!(schema_changes(&report), vec![]);
    let missing = dir.path().join("nope.csv");
    let output = mlpath()
        .arg("audit")
        .arg(&copy)
        .args(["--baseline".as_ref(), missing.as_os_str()])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn after_marks_columns_recorded_after_the_outcome_as_leaks() {
    // `collection_calls` of german_credit_leaky is recorded after the outcome but stays
    // under the AUC bound: only the user's --after finds it.
    let args = |extra: &[&str]| -> Vec<std::ffi::OsString> {
        ["german_credit_leaky", "--target", "credit_risk"]
            .iter()
            .chain(extra)
            .map(Into::into)
            .collect()
    };
    let plain = args(&[]);
    let (report, _) = json_of(&plain.iter().map(|a| a.as_os_str()).collect::<Vec<_>>());
    assert!(
        report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["check"] != "leakage"),
        "{report:#}"
    );
    let marked = args(&["--after", "collection_calls", "--fail-on", "error"]);
    let (report, code) = json_of(&marked.iter().map(|a| a.as_os_str()).collect::<Vec<_>>());
    assert_eq!(code, 1, "a leak is an error");
    let leak = finding(&report, "leakage", Some("collection_calls"));
    assert_eq!(leak["severity"], "error");
    assert_eq!(leak["count"], 800);
    assert!(
        leak["message"]
            .as_str()
            .unwrap()
            .contains("recorded after the outcome (--after)"),
        "{leak:#}"
    );
    let leaks = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["check"] == "leakage")
        .count();
    assert_eq!(leaks, 1, "one finding per column, not one per rule");
}
