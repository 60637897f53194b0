//! `mlpath class report` on the exports of 30 simulated learners whose answers follow
//! known patterns: the numbers equal values computed by hand, the confusing item and
//! the too-hard item are flagged, and nothing else is.

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use mlpath::progress::format;
use mlpath::progress::{Identity, Progress};
use predicates::prelude::*;
use serde_json::Value;

pub const LEARNERS: usize = 30;

/// The class's lesson: a read step and five choice items, the right option first.
const LESSON: &str = r#"format_version = 1
id = "items"
title = "Five items"
summary = "After this lesson you can tell a good quiz item from a confusing one."
minutes = 10
level = "beginner"

[[steps]]
type = "read"
text = "Recall is the share of positives found."

[[steps]]
type = "choice"
prompt = "Item A: what does recall divide by?"
options = ["All actual positives", "All predictions", "All rows"]
answer = 0
explain = "Recall = TP / (TP + FN)."

[[steps]]
type = "choice"
prompt = "Item B: what does precision divide by?"
options = ["All predicted positives", "All actual positives", "All rows"]
answer = 0
explain = "Precision = TP / (TP + FP)."

[[steps]]
type = "choice"
prompt = "Item C: which curve suits rare positives best?"
options = ["Precision-recall", "ROC", "Calibration"]
answer = 0
explain = "PR curves show what ROC hides when positives are rare."

[[steps]]
type = "choice"
prompt = "Item D: which metric is misleading on imbalanced data?"
options = ["Macro recall", "Accuracy, since it counts every row", "Balanced accuracy"]
answer = 0
explain = "Written the wrong way round on purpose: a confusing item."

[[steps]]
type = "choice"
prompt = "Item E: what is a false negative?"
options = ["A positive the model missed", "A negative flagged", "A correct negative"]
answer = 0
explain = "It was positive; the model said negative."
"#;

/// Which learner (0..30, weakest first) gets each item right at the first try.
fn right_first_time(item: usize, learner: usize) -> bool {
    match item {
        0 => learner >= 3,
        1 => learner >= 12,
        2 => learner >= 24,
        // The confusing item: the weakest get it, the strong fall for option 1.
        3 => learner < 8 || learner == 15 || learner == 22,
        _ => learner >= 8,
    }
}

pub fn lessons_dir(root: &Path) -> PathBuf {
    let dir = root.join("lessons");
    fs::create_dir_all(dir.join("classdemo")).unwrap();
    fs::write(
        dir.join("classdemo/track.toml"),
        "format_version = 1\nid = \"classdemo\"\ntitle = \"Class demo\"\n\
         summary = \"A track for a class report.\"\norder = 100\n",
    )
    .unwrap();
    fs::write(dir.join("classdemo/01-items.toml"), LESSON).unwrap();
    dir
}

fn stamp(minutes: usize) -> String {
    format!("2026-11-02T{:02}:{:02}:00Z", 9 + minutes / 60, minutes % 60)
}

/// Writes the 30 learners' anonymous exports into `dir`. `current_hash` is the lesson's
/// hash as loaded; learners 0–4 took an older version.
pub fn write_exports(dir: &Path, current_hash: &str) {
    fs::create_dir_all(dir).unwrap();
    let id = "classdemo/items";
    for learner in 0..LEARNERS {
        let mut p = Progress::default();
        p.open_lesson(id, 6);
        let hash = if learner < 5 {
            "00000000000000aa"
        } else {
            current_hash
        };
        p.note_lesson_version(id, hash);
        for item in 0..5 {
            let step = item + 1; // 0-based step index: the read step is 0
            if right_first_time(item, learner) {
                p.record_answer(id, step, true, 0);
                continue;
            }
            p.record_answer(id, step, false, 0);
            p.record_wrong_answer(id, step, wrong_option(item));
            match item {
                // Item C: the six weakest reveal the answer.
                2 if learner < 6 => p.record_reveal(id, step),
                // Item B: the even-numbered learners who missed it take a hint.
                1 if learner % 2 == 0 => p.record_answer(id, step, true, 1),
                _ => p.record_answer(id, step, true, 0),
            }
        }
        // 27 finish, taking 10 + learner minutes.
        let record = p.lessons.get_mut(id).unwrap();
        record.started_at = Some(stamp(0));
        if learner < 27 {
            p.complete_lesson(id);
            p.lessons.get_mut(id).unwrap().completed_at = Some(stamp(10 + learner));
        }
        let export = p.for_export(Identity::Anonymous {
            learner: format!("learner-{learner:02}"),
        });
        fs::write(
            dir.join(format!("{learner:02}.toml")),
            format::render(&export),
        )
        .unwrap();
    }
}

fn wrong_option(item: usize) -> &'static str {
    match item {
        0 => "All predictions",
        1 => "All actual positives",
        2 => "ROC",
        3 => "Accuracy, since it counts every row",
        _ => "A negative flagged",
    }
}

pub fn mlpath(home: &Path) -> Command {
    let mut cmd = Command::cargo_bin("mlpath").unwrap();
    cmd.env("MLPATH_HOME", home).env_remove("MLPATH_LESSONS");
    cmd
}

/// A class: its lessons, its exports, and the loaded lesson's content hash.
pub fn class(root: &Path) -> (PathBuf, PathBuf) {
    let lessons = lessons_dir(root);
    let catalog = mlpath::catalog::load(std::slice::from_ref(&lessons));
    let hash = catalog
        .lesson("classdemo/items")
        .expect("the class lesson loads")
        .content_hash
        .clone();
    let exports = root.join("exports");
    write_exports(&exports, &hash);
    (lessons, exports)
}

fn report_json(root: &Path) -> Value {
    let (lessons, exports) = class(root);
    let out = mlpath(root)
        .args(["class", "report"])
        .arg(&exports)
        .arg("--lessons")
        .arg(&lessons)
        .arg("--json")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    serde_json::from_slice(&out).unwrap()
}

#[test]
fn item_analysis_equals_the_hand_computed_values() {
    let root = tempfile::tempdir().unwrap();
    let report = report_json(root.path());
    assert_eq!(report["learners"], 30);
    let lessons = report["lessons"].as_array().unwrap();
    assert_eq!(lessons.len(), 1, "only the lesson the class took");
    let lesson = &lessons[0];
    assert_eq!(lesson["id"], "classdemo/items");
    assert_eq!(
        (lesson["started"].as_u64(), lesson["done"].as_u64()),
        (Some(30), Some(27))
    );
    // Learners 0–26 took 10 to 36 minutes: the median is 23.
    assert_eq!(lesson["median_minutes"].as_f64(), Some(23.0));
    // Difficulty: the share right at the first try. Discrimination: Pearson's r between
    // the item's 0/1 score and the number of the other four items right, over the 30
    // learners, computed with Python's statistics.correlation on the patterns of
    // `right_first_time`.
    let expected = [
        (2, 0.9, 0.3586292183943594),
        (3, 0.6, 0.5844057277652305),
        (4, 0.2, 0.28477017031991025),
        (5, 1.0 / 3.0, -0.750322473484129),
        (6, 0.7333333333333333, 0.348615402595623),
    ];
    let items = lesson["items"].as_array().unwrap();
    assert_eq!(items.len(), 5);
    for (item, (step, difficulty, discrimination)) in items.iter().zip(expected) {
        assert_eq!(item["step"], step);
        assert_eq!(item["answered"], 30);
        let d = item["difficulty"].as_f64().unwrap();
        let r = item["discrimination"].as_f64().unwrap();
        assert!((d - difficulty).abs() < 1e-9, "step {step}: difficulty {d}");
        assert!(
            (r - discrimination).abs() < 1e-9,
            "step {step}: discrimination {r}"
        );
    }
    // The too-hard item and the confusing item are flagged, and nothing else.
    let flags: Vec<(u64, Vec<&str>)> = items
        .iter()
        .map(|i| {
            let f = i["flags"].as_array().unwrap();
            (
                i["step"].as_u64().unwrap(),
                f.iter().map(|f| f.as_str().unwrap()).collect(),
            )
        })
        .collect();
    assert_eq!(
        flags,
        vec![
            (2, vec![]),
            (3, vec![]),
            (4, vec!["too_hard"]),
            (5, vec!["low_discrimination"]),
            (6, vec![]),
        ]
    );
    // The confusing item's trap, with the 20 learners who fell into it.
    assert_eq!(
        items[3]["common_wrong"],
        serde_json::json!({"answer": "Accuracy, since it counts every row", "learners": 20})
    );
    // Item B: the 6 even-numbered learners among the 12 who missed it took a hint.
    assert!((items[1]["hint_rate"].as_f64().unwrap() - 0.2).abs() < 1e-12);
    // Item C: six revealed the answer.
    assert!((items[2]["reveal_rate"].as_f64().unwrap() - 0.2).abs() < 1e-12);
    // Two versions of the lesson were taken.
    let versions = lesson["versions"].as_array().unwrap();
    assert_eq!(versions.len(), 2);
    assert!(
        versions
            .iter()
            .any(|v| v["current"] == true && v["learners"] == 25)
    );
    let warnings = report["warnings"].as_array().unwrap();
    assert!(
        warnings.iter().any(|w| w
            .as_str()
            .unwrap()
            .contains("2 versions of this lesson (25 the one loaded now)")),
        "{warnings:?}"
    );
}

#[test]
fn the_text_report_names_the_items_to_look_at() {
    let root = tempfile::tempdir().unwrap();
    let (lessons, exports) = class(root.path());
    mlpath(root.path())
        .args(["class", "report"])
        .arg(&exports)
        .arg("--lessons")
        .arg(&lessons)
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "Class report: 30 learners from 30 files",
        ))
        .stdout(predicate::str::contains(
            "classdemo/items step 4: few get it right first time",
        ))
        .stdout(predicate::str::contains(
            "classdemo/items step 5: strong learners do no better on it",
        ))
        .stdout(predicate::str::contains(
            "most given wrong answer: \"Accuracy, since it counts every row\" (20 learners)",
        ))
        .stderr(predicate::str::contains("2 versions of this lesson"));
}

#[test]
fn a_bad_export_is_named_with_its_line_and_the_rest_is_reported() {
    let root = tempfile::tempdir().unwrap();
    let (lessons, exports) = class(root.path());
    fs::write(exports.join("zz-broken.toml"), "version = 1\n[lessons\n").unwrap();
    let out = mlpath(root.path())
        .args(["class", "report"])
        .arg(&exports)
        .arg("--lessons")
        .arg(&lessons)
        .arg("--json")
        .assert()
        .success()
        .stderr(predicate::str::contains("zz-broken.toml: 2:"))
        .get_output()
        .stdout
        .clone();
    let report: Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(report["learners"], 30);
    assert_eq!(report["skipped"].as_array().unwrap().len(), 1);
}

#[test]
fn no_readable_export_is_an_error_with_a_hint() {
    let root = tempfile::tempdir().unwrap();
    let empty = root.path().join("empty");
    fs::create_dir_all(&empty).unwrap();
    mlpath(root.path())
        .args(["class", "report"])
        .arg(&empty)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("mlpath progress export"));
}

#[test]
fn progress_export_anonymous_has_no_name_and_a_random_id() {
    let root = tempfile::tempdir().unwrap();
    let home = root.path().join("home");
    let out = root.path().join("class");
    fs::create_dir_all(&out).unwrap();
    for name in ["a.toml", "b.toml"] {
        mlpath(&home)
            .env("USER", "ada-lovelace")
            .args(["progress", "export", "--anonymous"])
            .arg(out.join(name))
            .assert()
            .success()
            .stdout(predicate::str::contains("anonymous"));
    }
    let a = fs::read_to_string(out.join("a.toml")).unwrap();
    let b = fs::read_to_string(out.join("b.toml")).unwrap();
    assert!(!a.contains("ada-lovelace"), "{a}");
    let learner = |text: &str| {
        text.lines()
            .find(|l| l.starts_with("learner = "))
            .map(str::to_string)
    };
    assert!(learner(&a).is_some(), "{a}");
    assert_ne!(learner(&a), learner(&b), "a new random id at every export");
    // A named export says who.
    mlpath(&home)
        .env("USER", "ada-lovelace")
        .args(["progress", "export"])
        .arg(out.join("named.toml"))
        .assert()
        .success();
    let named = fs::read_to_string(out.join("named.toml")).unwrap();
    assert!(named.contains("name = \"ada-lovelace\""), "{named}");
    // Importing an export does not bring its export details into one's own progress.
    let other = root.path().join("other");
    mlpath(&other)
        .args(["progress", "import"])
        .arg(out.join("named.toml"))
        .assert()
        .success();
    mlpath(&other)
        .args(["progress", "export"])
        .arg(out.join("again.toml"))
        .env("USER", "grace")
        .assert()
        .success();
    let again = fs::read_to_string(out.join("again.toml")).unwrap();
    assert!(
        !again.contains("ada-lovelace") && again.contains("grace"),
        "{again}"
    );
}
