//! `mlpath lessons new`: the scaffold passes `lessons check` as created, has one step of
//! every kind, numbers files on, and refuses what it cannot create cleanly.

use assert_cmd::Command;
use predicates::prelude::*;

use mlpath::catalog::{self, STEP_TYPES, Step};

fn mlpath() -> Command {
    let mut cmd = Command::cargo_bin("mlpath").unwrap();
    cmd.env_remove("MLPATH_LESSONS");
    cmd
}

fn step_type(step: &Step) -> &'static str {
    match step {
        Step::Read { .. } => "read",
        Step::Choice(_) => "choice",
        Step::Number(_) => "number",
        Step::Lab(_) => "lab",
        Step::Exercise(_) => "exercise",
    }
}

#[test]
fn a_new_lesson_passes_the_check_and_shows_every_kind_of_step() {
    let dir = tempfile::tempdir().unwrap();
    mlpath()
        .args(["lessons", "new", "mlops/model-registry", "--dir"])
        .arg(dir.path())
        .assert()
        .success()
        .stdout(predicate::str::contains("created "))
        .stdout(predicate::str::contains("01-model-registry.toml"));
    assert!(dir.path().join("mlops/track.toml").is_file());
    mlpath()
        .args(["lessons", "check"])
        .arg(dir.path())
        .assert()
        .success()
        .stdout(predicate::str::starts_with("ok: "))
        .stdout(predicate::str::contains("warning").not());
    let catalog = catalog::load(&[dir.path().to_path_buf()]);
    assert!(catalog.problems.is_empty(), "{:?}", catalog.problems);
    let lesson = catalog.lesson("mlops/model-registry").expect("loaded");
    assert_eq!(lesson.title, "Model registry");
    for kind in STEP_TYPES.iter().copied() {
        assert!(
            lesson.steps.iter().any(|s| step_type(s) == kind),
            "no `{kind}` step in the scaffold"
        );
    }
}

#[test]
fn the_next_lesson_gets_the_next_number_and_a_taken_slug_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    for (name, file) in [("t/first", "01-first.toml"), ("t/second", "02-second.toml")] {
        mlpath()
            .args(["lessons", "new", name, "--title", "A title", "--dir"])
            .arg(dir.path())
            .assert()
            .success()
            .stdout(predicate::str::contains(file));
    }
    let before = std::fs::read_to_string(dir.path().join("t/01-first.toml")).unwrap();
    mlpath()
        .args(["lessons", "new", "t/first", "--dir"])
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("already holds the lesson `first`"));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("t/01-first.toml")).unwrap(),
        before,
        "nothing is overwritten"
    );
    mlpath()
        .args(["lessons", "check"])
        .arg(dir.path())
        .assert()
        .success();
}

#[test]
fn bad_names_are_refused_with_the_rule() {
    let dir = tempfile::tempdir().unwrap();
    for (name, says) in [
        ("no-slash", "name the lesson as TRACK/SLUG"),
        ("Track/x", "`Track` is not a track id"),
        ("t/x_y", "`x_y` is not a lesson id"),
        ("t/\u{1b}[2Jx", "is not a lesson id"),
    ] {
        let out = mlpath()
            .args(["lessons", "new", name, "--dir"])
            .arg(dir.path())
            .assert()
            .code(2)
            .stderr(predicate::str::contains(says));
        let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
        assert!(!stderr.contains('\u{1b}'), "escape sequences are stripped");
    }
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        0,
        "nothing created"
    );
}
