//! The tutor refuses to start without a terminal, with a message that says what to do.

use assert_cmd::Command;
use predicates::prelude::*;

#[test]
fn without_a_terminal_the_tutor_explains_and_exits_2() {
    let home = tempfile::tempdir().unwrap();
    Command::cargo_bin("mlpath")
        .unwrap()
        .env("MLPATH_HOME", home.path())
        .env("TERM", "xterm")
        .env_remove("MLPATH_PLAIN")
        .write_stdin("")
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "the tutor needs an interactive terminal",
        ))
        .stderr(predicate::str::contains("mlpath --plain"));
}

#[test]
fn list_shows_the_bundled_tracks_with_status() {
    let home = tempfile::tempdir().unwrap();
    let out = Command::cargo_bin("mlpath")
        .unwrap()
        .env("MLPATH_HOME", home.path())
        .env_remove("MLPATH_LESSONS")
        .args(["list", "--json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let ids: Vec<&str> = json["tracks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        ["foundations", "metrics", "drift", "data-quality", "careers"]
    );
    assert_eq!(json["tracks"][0]["lessons"][0]["status"], "not_started");
}
