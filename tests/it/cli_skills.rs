//! `mlpath skills`, `skills assess`, `roles`, `plan` and `review` end to end, against
//! the fixture lessons in tests/fixtures/skills (their own skills, role and track, so
//! that the bundled catalog does not change the expectations) and MLPATH_HOME in a
//! temporary directory.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use mlpath::progress::ProgressStore;
use mlpath::skills::review::{Rating, new_card, parse_time};
use predicates::prelude::*;
use serde_json::Value;

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/skills")
}

fn mlpath(home: &Path) -> Command {
    let mut cmd = Command::cargo_bin("mlpath").unwrap();
    cmd.env("MLPATH_HOME", home)
        .env_remove("MLPATH_LESSONS")
        .arg("--lessons")
        .arg(fixture());
    cmd
}

fn json(home: &Path, args: &[&str]) -> Value {
    let out = mlpath(home).args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn entry<'a>(list: &'a Value, id: &str) -> &'a Value {
    list.as_array()
        .unwrap()
        .iter()
        .find(|v| v["id"] == id)
        .unwrap_or_else(|| panic!("{id} missing from {list}"))
}

/// Saves progress with `edit` applied into the store at `home`.
fn with_progress(home: &Path, edit: impl FnOnce(&mut mlpath::progress::Progress)) {
    let (mut store, _) = ProgressStore::open(home).unwrap();
    let mut p = store.progress().clone();
    edit(&mut p);
    store.save(&mut p).unwrap();
}

#[test]
fn a_fresh_learner_has_nothing_and_a_plan_with_prerequisites_first() {
    let home = tempfile::tempdir().unwrap();
    let skills = json(home.path(), &["skills", "--json"]);
    let stats = entry(&skills, "fx_stats");
    assert_eq!(stats["evidence"], 0);
    assert_eq!(stats["self"], Value::Null);
    assert_eq!(stats["current"], 0);
    assert_eq!(stats["rusty"], false);
    assert_eq!(stats["lessons"], serde_json::json!(["fixture/basics"]));
    assert_eq!(entry(&skills, "fx_talk")["lessons"], serde_json::json!([]));

    let roles = json(home.path(), &["roles", "--json"]);
    let analyst = entry(&roles, "fixture-analyst");
    assert_eq!(analyst["name"], "Fixture Analyst");
    assert_eq!(analyst["readiness"], 0.0);
    assert_eq!(analyst["ready"], false);

    let plan = json(home.path(), &["plan", "fixture-analyst", "--json"]);
    assert_eq!(plan["role"], "fixture-analyst");
    assert_eq!(plan["readiness"], 0.0);
    assert_eq!(plan["ready"], false);
    let gaps: Vec<(String, u64, u64, bool)> = plan["gaps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| {
            (
                g["skill"].as_str().unwrap().to_string(),
                g["required"].as_u64().unwrap(),
                g["current"].as_u64().unwrap(),
                g["core"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        gaps,
        [
            ("fx_ops".to_string(), 4, 0, true),
            ("fx_stats".to_string(), 2, 0, false),
            ("fx_talk".to_string(), 1, 0, false),
        ]
    );
    assert_eq!(
        plan["next_lessons"],
        serde_json::json!(["fixture/basics", "fixture/ops", "fixture/ops-advanced"]),
        "basics is ops' prerequisite, so it comes first"
    );
    let items: Vec<String> = plan["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| match i["kind"].as_str().unwrap() {
            "lesson" => i["lesson"].as_str().unwrap().to_string(),
            _ => format!("self-study {}", i["skill"].as_str().unwrap()),
        })
        .collect();
    assert_eq!(
        items,
        [
            "fixture/basics",
            "fixture/ops",
            "fixture/ops-advanced",
            "self-study fx_ops",
            "self-study fx_talk",
        ],
        "the lessons show at most 3 of fx_ops' 4, so a route follows them; nothing teaches fx_talk"
    );
    let talk = &plan["items"][4];
    assert_eq!(
        talk["recommended"]["text"],
        "Present one of your analyses to a friend in five minutes."
    );
    assert_eq!(talk["recommended"]["level"], 2);
    assert_eq!(talk["others"].as_array().unwrap().len(), 1, "folded");
    assert_eq!(plan["estimate"]["unestimated_routes"], 2);
    assert!((plan["estimate"]["hours"].as_f64().unwrap() - 0.25).abs() < 1e-12);
    assert!(
        !home.path().join("progress.toml").exists(),
        "reading creates nothing"
    );
}

#[test]
fn self_assessment_is_saved_and_counts_one_level_above_evidence() {
    let home = tempfile::tempdir().unwrap();
    mlpath(home.path())
        .args(["skills", "assess", "fx_stats", "4"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Rated Fixture statistics: 4"))
        .stdout(predicate::str::contains(
            "your rating 4 counts as 1 until you add evidence or finish a lesson that shows it",
        ))
        .stdout(predicate::str::contains(
            "you rate yourself 4; your evidence shows 0",
        ));
    let skills = json(home.path(), &["skills", "--json"]);
    let stats = entry(&skills, "fx_stats");
    assert_eq!(
        (stats["self"].as_u64(), stats["current"].as_u64()),
        (Some(4), Some(1))
    );
    assert!(
        stats["mismatch"]
            .as_str()
            .unwrap()
            .contains("your evidence shows 0")
    );
    assert!(stats["capped"].as_str().unwrap().contains("counts as 1"));
    // (1 · 1/2) / (3 + 1 + 1) = 0.1
    let plan = json(home.path(), &["plan", "fixture-analyst", "--json"]);
    assert!((plan["readiness"].as_f64().unwrap() - 0.1).abs() < 1e-12);
}

#[test]
fn finished_lessons_are_evidence_and_hints_cost_a_level() {
    let home = tempfile::tempdir().unwrap();
    with_progress(home.path(), |p| {
        p.record_answer("fixture/basics", 1, true, 1);
        p.complete_lesson("fixture/basics");
        p.record_answer("fixture/ops", 1, true, 0);
        p.complete_lesson("fixture/ops");
        p.complete_lesson("fixture/ops-advanced");
        p.set_self_level("fx_talk", 1);
    });
    let skills = json(home.path(), &["skills", "--json"]);
    assert_eq!(entry(&skills, "fx_stats")["evidence"], 1, "a hint was used");
    assert_eq!(
        entry(&skills, "fx_ops")["evidence"],
        2,
        "a done lesson shows at most 2 until its unguided exercise is passed"
    );
    with_progress(home.path(), |p| {
        p.record_lab(
            "fixture/ops-advanced#2",
            true,
            "alert.toml: all 1 requirements met",
        );
    });
    let skills = json(home.path(), &["skills", "--json"]);
    assert_eq!(entry(&skills, "fx_ops")["evidence"], 3);
    // fx_stats 1 of 2 (weight 1), fx_ops 3 of 4 (weight 3), fx_talk 1 of 1 (weight 1):
    // (0.5 + 2.25 + 1) / 5 = 0.75: no blocker, but below 0.8.
    let roles = json(home.path(), &["roles", "--json"]);
    let analyst = entry(&roles, "fixture-analyst");
    assert!((analyst["readiness"].as_f64().unwrap() - 0.75).abs() < 1e-12);
    assert_eq!(analyst["ready"], false);
}

#[test]
fn outside_evidence_at_the_required_level_makes_the_role_ready() {
    let home = tempfile::tempdir().unwrap();
    with_progress(home.path(), |p| {
        p.complete_lesson("fixture/basics");
        p.set_self_level("fx_talk", 1);
    });
    // fx_stats 2 of 2, fx_ops 0 of 4 (a blocker), fx_talk 1 of 1: (1 + 0 + 1) / 5.
    let roles = json(home.path(), &["roles", "--json"]);
    assert_eq!(
        entry(&roles, "fixture-analyst")["blockers"],
        serde_json::json!(["fx_ops"])
    );
    mlpath(home.path())
        .args([
            "skills",
            "evidence",
            "add",
            "fx_ops",
            "4",
            "--what",
            "job: ran the on-call rota",
            "--date",
            "2025-01-15",
            "--link",
            "https://example.org/rota",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "claimed 4 (proficient): job: ran the on-call rota",
        ))
        .stdout(predicate::str::contains(
            "Current level: 4 (lessons show 0, you claim 4)",
        ));
    let skills = json(home.path(), &["skills", "--json"]);
    let ops = entry(&skills, "fx_ops");
    assert_eq!(
        (ops["observed"].as_u64(), ops["claimed"].as_u64()),
        (Some(0), Some(4))
    );
    assert_eq!(ops["current"], 4);
    assert_eq!(ops["claims"][0]["what"], "job: ran the on-call rota");
    assert_eq!(ops["claims"][0]["date"], "2025-01-15");
    let roles = json(home.path(), &["roles", "--json"]);
    let analyst = entry(&roles, "fixture-analyst");
    assert_eq!(analyst["ready"], true);
    assert!((analyst["readiness"].as_f64().unwrap() - 1.0).abs() < 1e-12);
    mlpath(home.path())
        .args(["plan", "fixture-analyst"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "Fixture Analyst: 100% ready, ready",
        ));
    mlpath(home.path())
        .args(["skills"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "claimed 4: job: ran the on-call rota, 2025-01",
        ));

    let list = json(home.path(), &["skills", "evidence", "list", "--json"]);
    let id = list[0]["id"].as_str().unwrap().to_string();
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["link"], "https://example.org/rota");
    mlpath(home.path())
        .args(["skills", "evidence", "remove", &id])
        .assert()
        .success()
        .stdout(predicate::str::contains(format!("Removed {id}")));
    let roles = json(home.path(), &["roles", "--json"]);
    assert_eq!(entry(&roles, "fixture-analyst")["ready"], false);
    assert_eq!(
        json(home.path(), &["skills", "evidence", "list", "--json"]),
        serde_json::json!([])
    );
}

#[test]
fn bad_outside_evidence_is_refused_with_a_hint_and_nothing_is_saved() {
    let home = tempfile::tempdir().unwrap();
    for (args, message) in [
        (
            vec!["fx_nope", "3", "--what", "x"],
            "unknown skill 'fx_nope'",
        ),
        (
            vec!["fx_ops", "0", "--what", "x"],
            "'0' is not a level for outside evidence",
        ),
        (
            vec!["fx_ops", "6", "--what", "x"],
            "use a level from 1 to 5",
        ),
        (vec!["fx_ops", "3", "--what", "  "], "--what is empty"),
        (
            vec!["fx_ops", "3", "--what", "x", "--date", "2025-02-30"],
            "is not a date",
        ),
        (
            vec!["fx_ops", "3", "--what", "x", "--link", "example.org"],
            "is not a web link",
        ),
    ] {
        mlpath(home.path())
            .args(["skills", "evidence", "add"])
            .args(&args)
            .assert()
            .code(2)
            .stderr(predicate::str::contains(message));
    }
    mlpath(home.path())
        .args(["skills", "evidence", "remove", "deadbeef"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "no outside evidence with id 'deadbeef'",
        ));
    assert!(
        !home.path().join("progress.toml").exists(),
        "nothing was saved"
    );
}

#[test]
fn plan_target_sets_the_target_role() {
    let home = tempfile::tempdir().unwrap();
    mlpath(home.path())
        .args(["plan", "fixture-analyst", "--target"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Target role set: Fixture Analyst"))
        .stdout(predicate::str::contains("Estimated time to ready:"));
    let roles = json(home.path(), &["roles", "--json"]);
    assert_eq!(entry(&roles, "fixture-analyst")["target"], true);
}

#[test]
fn review_due_lists_due_items_earliest_first() {
    let home = tempfile::tempdir().unwrap();
    let long_ago = parse_time("2020-01-01T00:00:00Z").unwrap();
    let later = parse_time("2020-02-01T00:00:00Z").unwrap();
    with_progress(home.path(), |p| {
        p.reviews
            .insert("fixture/ops#2".into(), new_card(Rating::Good, later));
        p.reviews
            .insert("fixture/basics#2".into(), new_card(Rating::Again, long_ago));
        p.reviews.insert(
            "fixture/basics#1".into(),
            new_card(Rating::Good, std::time::SystemTime::now()),
        );
    });
    let due = json(home.path(), &["review", "--due", "--json"]);
    let keys: Vec<&str> = due
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["key"].as_str().unwrap())
        .collect();
    assert_eq!(keys, ["fixture/basics#2", "fixture/ops#2"]);
    assert_eq!(due[0]["lesson"], "fixture/basics");
    assert_eq!(due[0]["step"], 2);
    assert_eq!(due[0]["title"], "Fixture basics");
    assert_eq!(due[0]["due"], "2020-01-02T00:00:00Z");
    assert_eq!(due[0]["question"], "Which one measures spread?");
    let all = json(home.path(), &["review", "--json"]);
    assert_eq!(all.as_array().unwrap().len(), 3);
    mlpath(home.path())
        .args(["review", "--due"])
        .assert()
        .success()
        .stdout(predicate::str::contains("fixture/basics#2"))
        .stdout(predicate::str::contains("Which one measures spread?"))
        .stdout(predicate::str::contains(
            "A service is down 3 minutes in an hour. What share of the hour is it …",
        ));
}

#[test]
fn bad_input_is_a_clear_error_listing_the_valid_values() {
    let home = tempfile::tempdir().unwrap();
    mlpath(home.path())
        .args(["skills", "assess", "fx_stat", "2"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown skill 'fx_stat'"))
        .stderr(predicate::str::contains("fx_stats"));
    for level in ["6", "-1", "two", "2.5"] {
        mlpath(home.path())
            .args(["skills", "assess", "fx_stats", level])
            .assert()
            .code(2)
            .stderr(predicate::str::contains("is not a level"))
            .stderr(predicate::str::contains("0 none"))
            .stderr(predicate::str::contains("5 expert"));
    }
    mlpath(home.path())
        .args(["plan", "fixture-analist"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown role 'fixture-analist'"))
        .stderr(predicate::str::contains("fixture-analyst"));
    assert!(
        !home.path().join("progress.toml").exists(),
        "nothing is saved on bad input"
    );
}

#[test]
fn text_output_names_skills_roles_and_lessons() {
    let home = tempfile::tempdir().unwrap();
    mlpath(home.path())
        .arg("skills")
        .assert()
        .success()
        .stdout(predicate::str::contains("fx_ops"))
        .stdout(predicate::str::contains("Fixture operations"));
    mlpath(home.path())
        .arg("roles")
        .assert()
        .success()
        .stdout(predicate::str::contains("fixture-analyst"))
        .stdout(predicate::str::contains("0%"));
    mlpath(home.path())
        .args(["plan", "fixture-analyst"])
        .assert()
        .success()
        .stdout(predicate::str::contains("1. fixture/basics"))
        .stdout(predicate::str::contains("Blockers"))
        .stdout(predicate::str::contains("Fixture talking"));
}

#[test]
fn plan_done_marks_a_self_study_route_as_outside_evidence() {
    let home = tempfile::tempdir().unwrap();
    let plan = json(home.path(), &["plan", "mlops-engineer", "--json"]);
    let items = plan["items"].as_array().unwrap();
    let (n, study) = items
        .iter()
        .enumerate()
        .find(|(_, i)| i["kind"] == "self_study" && !i["recommended"].is_null())
        .expect("a self-study item with a route");
    let route = &study["recommended"];
    let number = (n + 1).to_string();
    mlpath(home.path())
        .args(["plan", "mlops-engineer", "--done", &number])
        .assert()
        .success()
        .stdout(predicate::str::contains("Recorded as outside evidence"))
        .stdout(predicate::str::contains(format!(
            "claimed {} in {}",
            route["level"],
            study["skill"].as_str().unwrap()
        )));
    let list = json(home.path(), &["skills", "evidence", "list", "--json"]);
    let text = list.to_string();
    assert!(
        text.contains(&format!("self-study: {}", route["text"].as_str().unwrap())),
        "{text}"
    );
    // A lesson item and an item past the end are refused, and nothing is recorded.
    let plan = json(home.path(), &["plan", "mlops-engineer", "--json"]);
    let items = plan["items"].as_array().unwrap();
    let lesson = items
        .iter()
        .position(|i| i["kind"] == "lesson")
        .expect("the plan has lessons");
    mlpath(home.path())
        .args([
            "plan",
            "mlops-engineer",
            "--done",
            &(lesson + 1).to_string(),
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("counts once you finish it"));
    mlpath(home.path())
        .args(["plan", "mlops-engineer", "--done", "999"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("the plan has no item 999"));
    let after = json(home.path(), &["skills", "evidence", "list", "--json"]);
    assert_eq!(after, list, "refused --done records nothing");
}
