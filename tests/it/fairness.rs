//! `mlpath fairness` as a user runs it: the JSON shape, the table, warnings, and bad
//! input (exit code 2 with a message naming the file, line and column).

use std::path::PathBuf;

use assert_cmd::Command;
use serde_json::Value;
use tempfile::TempDir;
use unicode_width::UnicodeWidthStr;

// group a: TP 1, FN 1, FP 1, TN 1; group b: TP 1, FP 2 (as in the engine's unit tests)
const TWO_GROUPS: &str = "g,y,pred,s\n\
a,1,1,0.9\na,1,0,0.2\na,0,1,0.7\na,0,0,0.1\nb,1,1,0.8\nb,0,1,0.6\nb,0,1,0.5\n";

struct Csv {
    dir: TempDir,
    path: PathBuf,
}

fn csv(text: &str) -> Csv {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("f.csv");
    std::fs::write(&path, text).unwrap();
    Csv { dir, path }
}

fn fairness(file: &Csv, args: &[&str]) -> assert_cmd::assert::Assert {
    Command::cargo_bin("mlpath")
        .unwrap()
        .current_dir(file.dir.path())
        .arg("fairness")
        .arg("f.csv")
        .args(args)
        .assert()
}

fn json(file: &Csv, args: &[&str]) -> Value {
    let out = fairness(file, &[args, &["--json"]].concat()).success();
    serde_json::from_slice(&out.get_output().stdout).unwrap()
}

/// The first line of stderr of a run that must fail with exit code 2.
fn failure(file: &Csv, args: &[&str]) -> String {
    let out = fairness(file, args).code(2);
    String::from_utf8_lossy(&out.get_output().stderr).to_string()
}

const PRED: [&str; 6] = ["--truth", "y", "--pred", "pred", "--group", "g"];

#[test]
fn json_has_the_groups_the_aggregates_and_the_warnings() {
    let file = csv(TWO_GROUPS);
    let v = json(&file, &PRED);
    let groups = v["groups"].as_array().unwrap();
    assert_eq!(groups.len(), 2);
    let keys: Vec<&str> = groups[0]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    for key in [
        "group",
        "n",
        "selection_rate",
        "tpr",
        "fpr",
        "precision",
        "accuracy",
    ] {
        assert!(keys.contains(&key), "{key} in {keys:?}");
    }
    assert_eq!(groups[0]["group"], "a");
    assert_eq!(groups[0]["n"], 4);
    assert_eq!(groups[1]["precision"].as_f64().unwrap(), 1.0 / 3.0);
    assert_eq!(v["demographic_parity_difference"], 0.5);
    assert_eq!(v["demographic_parity_ratio"], 0.5);
    assert_eq!(v["equalized_odds_difference"], 0.5);
    assert_eq!(v["equalized_odds_ratio"], 0.5);
    assert_eq!(v["equal_opportunity_difference"], 0.5);
    assert_eq!(v["warnings"].as_array().unwrap().len(), 0);
    assert_eq!(v["positive"], "1");
}

#[test]
fn scores_use_the_threshold_and_the_same_rows_give_the_same_report() {
    let file = csv(TWO_GROUPS);
    // at 0.5 the scores give exactly the column `pred`
    let scored = json(&file, &["--truth", "y", "--score", "s", "--group", "g"]);
    let labelled = json(&file, &PRED);
    assert_eq!(scored["groups"], labelled["groups"]);
    assert_eq!(scored["threshold"], 0.5);
    let strict = json(
        &file,
        &[
            "--truth",
            "y",
            "--score",
            "s",
            "--threshold",
            "0.65",
            "--group",
            "g",
        ],
    );
    // b selects nobody above 0.65 but its 0.8: one of three
    assert_eq!(
        strict["groups"][1]["selection_rate"].as_f64().unwrap(),
        1.0 / 3.0
    );
}

#[test]
fn undefined_rates_are_null_with_a_warning_on_stderr_or_in_json() {
    let file = csv("g,y,p\na,0,0\na,0,1\nb,1,1\nb,0,0\n");
    let args = ["--truth", "y", "--pred", "p", "--group", "g"];
    let v = json(&file, &args);
    assert!(v["groups"][0]["tpr"].is_null());
    assert_eq!(v["groups"][0]["fpr"], 0.5);
    let warnings = v["warnings"].as_array().unwrap();
    assert!(
        warnings[0]
            .as_str()
            .unwrap()
            .contains("group 'a' has no positive rows")
    );
    // the TPR aggregates use b only
    assert_eq!(v["equal_opportunity_difference"], 0.0);
    let out = fairness(&file, &args).success();
    let stdout = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(
        stderr.contains("warning: group 'a' has no positive rows"),
        "{stderr}"
    );
    assert!(!stdout.to_lowercase().contains("nan"), "{stdout}");
    assert!(
        stdout
            .lines()
            .any(|l| l.starts_with("a ") && l.contains(" - ")),
        "{stdout}"
    );
}

#[test]
fn the_table_fits_80_columns_and_cleans_text_from_the_file() {
    let long = "x".repeat(60);
    let file = csv(&format!(
        "g,y,p\n{long},1,1\n{long},0,0\nb\u{1b}[2J,1,0\nb\u{1b}[2J,0,0\n"
    ));
    let out = fairness(&file, &["--truth", "y", "--pred", "p", "--group", "g"]).success();
    let stdout = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    for line in stdout.lines().skip(2) {
        assert!(line.width() <= 80, "{} columns: {line}", line.width());
    }
    assert!(!stdout.contains('\u{1b}'), "{stdout}");
    assert!(stdout.contains("demographic_parity_difference"));
}

#[test]
fn one_group_gives_zero_differences_and_says_so() {
    let file = csv("g,y,p\nall,1,1\nall,0,0\nall,1,0\n");
    let v = json(&file, &["--truth", "y", "--pred", "p", "--group", "g"]);
    assert_eq!(v["groups"].as_array().unwrap().len(), 1);
    assert_eq!(v["demographic_parity_difference"], 0.0);
    assert_eq!(v["demographic_parity_ratio"], 1.0);
    assert_eq!(v["equalized_odds_difference"], 0.0);
    let warnings = v["warnings"].to_string();
    assert!(warnings.contains("one group only"), "{warnings}");
}

#[test]
fn text_labels_need_positive_and_an_unknown_one_is_an_error() {
    let file = csv("g,y,p\na,good,good\na,bad,good\nb,good,bad\nb,bad,bad\n");
    let args = ["--truth", "y", "--pred", "p", "--group", "g"];
    let e = failure(&file, &args);
    assert!(
        e.contains("f.csv: columns 'y' and 'p': which label is the positive class?"),
        "{e}"
    );
    assert!(e.contains("--positive"), "{e}");
    let v = json(&file, &[&args[..], &["--positive", "good"]].concat());
    assert_eq!(v["positive"], "good");
    assert_eq!(v["groups"][0]["selection_rate"], 1.0);
    let e = failure(&file, &[&args[..], &["--positive", "maybe"]].concat());
    assert!(
        e.contains("the positive label 'maybe' does not occur"),
        "{e}"
    );
    assert!(e.contains("labels seen: bad, good"), "{e}");
}

#[test]
fn bad_input_names_file_line_and_column() {
    let file = csv("g,y,s\na,1,0.9\nb,0,0.2\nb,1,abc\n");
    let scored = ["--truth", "y", "--score", "s", "--group", "g"];
    let e = failure(&file, &scored);
    assert!(
        e.contains("f.csv:4: column 's': 'abc' is not a number"),
        "{e}"
    );
    assert!(e.contains("hint:"), "{e}");
    let e = failure(&file, &["--truth", "y", "--score", "s", "--group", "grp"]);
    assert!(
        e.contains("f.csv:1: no column named 'grp' in the header"),
        "{e}"
    );
    assert!(e.contains("the columns are: g, y, s"), "{e}");
    let three = csv("g,y,p\na,1,1\nb,2,1\nb,3,2\n");
    let e = failure(&three, &["--truth", "y", "--pred", "p", "--group", "g"]);
    assert!(
        e.contains("3 labels occur (1, 2, 3); fairness metrics need two classes"),
        "{e}"
    );
    let missing = csv("g,y,p\na,1,1\n,0,1\n");
    let e = failure(&missing, &["--truth", "y", "--pred", "p", "--group", "g"]);
    assert!(e.contains("f.csv:3: column 'g': missing group"), "{e}");
    let empty = csv("g,y,p\n");
    let e = failure(&empty, &["--truth", "y", "--pred", "p", "--group", "g"]);
    assert!(e.contains("no data rows below the header"), "{e}");
}

#[test]
fn usage_errors_exit_2() {
    let file = csv(TWO_GROUPS);
    failure(&file, &["--truth", "y", "--group", "g"]);
    failure(
        &file,
        &[
            "--truth", "y", "--pred", "pred", "--score", "s", "--group", "g",
        ],
    );
    failure(
        &file,
        &[
            "--truth",
            "y",
            "--pred",
            "pred",
            "--threshold",
            "0.3",
            "--group",
            "g",
        ],
    );
    failure(
        &file,
        &[
            "--truth",
            "y",
            "--score",
            "s",
            "--threshold",
            "nan",
            "--group",
            "g",
        ],
    );
}

#[test]
fn train_predictions_with_groups_from_the_bundled_dataset() {
    let dir = tempfile::tempdir().unwrap();
    Command::cargo_bin("mlpath")
        .unwrap()
        .current_dir(dir.path())
        .args(["train", "german_credit", "--model", "logistic"])
        .args(["--predictions", "preds.csv"])
        .assert()
        .success();
    let file = Csv {
        path: dir.path().join("preds.csv"),
        dir,
    };
    let text = std::fs::read_to_string(&file.path).unwrap();
    assert!(text.starts_with("row,truth,predicted,score\n"), "{text}");
    std::fs::write(file.dir.path().join("f.csv"), &text).unwrap();
    let args = [
        "--truth",
        "truth",
        "--score",
        "score",
        "--positive",
        "good",
        "--group",
        "foreign_worker",
        "--data",
        "german_credit",
    ];
    let v = json(&file, &args);
    let groups: Vec<&str> = v["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["group"].as_str().unwrap())
        .collect();
    assert_eq!(groups, ["no", "yes"]);
    assert_eq!(v["n"], 250);
    assert_eq!(v["data"], "german_credit");
    // The score is the probability of `bad`: reading it with --positive good is flagged.
    let warnings = v["warnings"].as_array().unwrap();
    assert!(
        warnings.iter().any(|w| w
            .as_str()
            .unwrap()
            .contains("is the probability of 'bad', but --positive is 'good'")),
        "{warnings:?}"
    );
    // docs/fairness.md: the 13 test applicants who are not foreign workers include 2 bad
    // credits, so their TPR (positive `bad`) can only be 0, 1/2 or 1.
    let bad: Vec<&str> = args
        .iter()
        .map(|a| if *a == "good" { "bad" } else { a })
        .collect();
    let v = json(&file, &[&bad[..], &["--equalise", "tpr"]].concat());
    assert_eq!(v["groups"][0]["n"], 13);
    let no = &v["mitigation"]["thresholds"][0];
    assert_eq!(no["group"], "no");
    for rate in [&no["rate_before"], &no["rate_after"]] {
        let r = rate.as_f64().unwrap();
        assert!([0.0, 0.5, 1.0].contains(&r), "{r}");
    }
    let rows = text
        .lines()
        .skip(1)
        .filter(|l| l.split(',').nth(1) == Some("bad"));
    let data = mlpath::ml::datasets::load("german_credit").unwrap();
    let worker = data.text(data.column_index("foreign_worker").unwrap());
    let bad_non_workers = rows
        .filter(|l| worker.get(l.split(',').next().unwrap().parse().unwrap()) == Some("no"))
        .count();
    assert_eq!(bad_non_workers, 2);
    // a row index past the end of the named table is an error on its line
    std::fs::write(
        file.dir.path().join("f.csv"),
        "row,truth,score\n0,good,0.2\n5000,bad,0.9\n",
    )
    .unwrap();
    let e = failure(&file, &args);
    assert!(
        e.contains("f.csv:3: column 'row': row 5000 is past the end of german_credit, which has 1000 data rows"),
        "{e}"
    );
}

// The mitigation engine's hand-worked case: a scores 0.9 0.8 0.3 0.2 (truth 1 0 1 0),
// b scores 0.6 0.4 0.1 0.05 (truth 1 1 0 0).
const MITIGATION: &str = "g,y,s\n\
a,1,0.9\na,0,0.8\na,1,0.3\na,0,0.2\nb,1,0.6\nb,1,0.4\nb,0,0.1\nb,0,0.05\n";
const SCORE: [&str; 6] = ["--truth", "y", "--score", "s", "--group", "g"];

#[test]
fn equalise_reports_per_group_thresholds_and_their_cost() {
    let file = csv(MITIGATION);
    let v = json(
        &file,
        &[
            &SCORE[..],
            &["--equalise", "selection-rate", "--rate", "0.5"],
        ]
        .concat(),
    );
    let m = &v["mitigation"];
    assert_eq!(m["equalise"], "selection_rate");
    assert_eq!(m["rate"], 0.5);
    assert_eq!(m["base_threshold"], 0.5);
    let thresholds: Vec<(String, f64)> = m["thresholds"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["group"].as_str().unwrap().to_string(),
                t["threshold"].as_f64().unwrap(),
            )
        })
        .collect();
    assert_eq!(thresholds, [("a".into(), 0.8), ("b".into(), 0.4)]);
    assert_eq!(m["thresholds"][1]["rate_before"], 0.25);
    assert_eq!(m["thresholds"][1]["rate_after"], 0.5);
    assert_eq!(m["gap"], "demographic_parity_difference");
    assert_eq!(
        (m["gap_before"].as_f64(), m["gap_after"].as_f64()),
        (Some(0.25), Some(0.0))
    );
    assert_eq!(m["accuracy_before"], 5.0 / 8.0);
    assert_eq!(m["accuracy_after"], 6.0 / 8.0);
    // The report itself is still at the one threshold.
    assert_eq!(v["demographic_parity_difference"], 0.25);

    // Without --rate the target is the TPR of all rows together at 0.5: 2 of 4.
    let v = json(&file, &[&SCORE[..], &["--equalise", "tpr"]].concat());
    assert_eq!(v["mitigation"]["rate"], 0.5);
    assert_eq!(v["mitigation"]["gap"], "equal_opportunity_difference");
    // Without --equalise there is no mitigation key.
    assert!(json(&file, &SCORE).get("mitigation").is_none());

    let out = fairness(&file, &[&SCORE[..], &["--equalise", "tpr"]].concat()).success();
    let text = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    assert!(
        text.contains("Per-group thresholds bringing each group's TPR near 0.5000"),
        "{text}"
    );
    assert!(text.contains("accuracy 0.6250 →"), "{text}");
    assert!(text.contains("chosen on these rows"), "{text}");
    assert!(text.lines().all(|l| l.width() <= 80), "{text}");
}

#[test]
fn equalise_needs_scores_and_a_rate_between_0_and_1() {
    let file = csv(MITIGATION);
    let e = failure(
        &file,
        &[
            "--truth",
            "y",
            "--pred",
            "y",
            "--group",
            "g",
            "--equalise",
            "tpr",
        ],
    );
    assert!(e.contains("--score"), "{e}");
    let e = failure(
        &file,
        &[&SCORE[..], &["--equalise", "tpr", "--rate", "1.5"]].concat(),
    );
    assert!(e.contains("1.5 is not between 0 and 1"), "{e}");
    let e = failure(&file, &[&SCORE[..], &["--rate", "0.5"]].concat());
    assert!(e.contains("--equalise"), "{e}");
    let e = failure(&file, &[&SCORE[..], &["--equalise", "parity"]].concat());
    assert!(e.contains("tpr") && e.contains("selection-rate"), "{e}");
}
