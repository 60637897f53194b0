//! An exercise step end to end in a real pseudo-terminal: the tutor hands the terminal
//! to `$EDITOR` and takes it back with the check passed, and a file saved from outside
//! while the tutor runs turns the check from ✗ to ✓ through the watcher.

#![cfg(unix)]

use std::path::{Path, PathBuf};

use crate::pty::{Tutor, mlpath_command};
use mlpath::progress::{Progress, ProgressStore};

const LESSON: &str = "fixture-gates/gate";
const ENTER_ALT: &str = "\u{1b}[?1049h";
const LEAVE_ALT: &str = "\u{1b}[?1049l";

const SOLUTION: &str = "[gate]\nmetric = \"roc_auc\"\nmin_auc = 0.9\n";

/// Starts mlpath on the exercise fixture with the lesson to continue already set.
fn start(home: &Path, envs: &[(&str, &str)]) -> Tutor {
    let (mut store, _) = ProgressStore::open(home).unwrap();
    let mut p = Progress::default();
    p.open_lesson(LESSON, 1);
    store.save(&mut p).unwrap();
    let mut cmd = mlpath_command();
    cmd.arg("--lessons");
    cmd.arg(fixture());
    cmd.env("MLPATH_HOME", home);
    for (k, v) in envs {
        cmd.env(k, v);
    }
    Tutor::spawn(cmd)
}

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/lessons/exercise-ok")
}

fn workspace_file(home: &Path) -> PathBuf {
    home.join("workspace/fixture-gates/gate/gate.toml")
}

/// Opens the lesson from the home screen and waits for the first, failing check.
fn open_exercise(tutor: &mut Tutor) -> usize {
    tutor.wait_for_screen("Learn");
    tutor.press(b"\r");
    tutor.wait_for_screen("1 of 3 requirements met");
    tutor.seen.len()
}

#[test]
fn the_editor_writes_the_file_and_the_check_turns_green() {
    let home = tempfile::tempdir().unwrap();
    let editor = home.path().join("editor.sh");
    std::fs::write(
        &editor,
        format!("#!/bin/sh\nprintf '%s' '{SOLUTION}' > \"$1\"\n"),
    )
    .unwrap();
    let mut perms = std::fs::metadata(&editor).unwrap().permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut perms, 0o755);
    std::fs::set_permissions(&editor, perms).unwrap();

    let mut tutor = start(
        home.path(),
        &[
            ("EDITOR", editor.to_str().unwrap()),
            ("PATH", "/usr/bin:/bin"),
        ],
    );
    let before = open_exercise(&mut tutor);
    assert!(
        workspace_file(home.path()).exists(),
        "created from the starter"
    );
    tutor.press(b"e");
    let left = tutor.wait_for(LEAVE_ALT, before);
    tutor.wait_for(ENTER_ALT, left);
    let shown = tutor.wait_for_screen("All 3 requirements met");
    assert!(shown.contains("✓ done and saved"), "{shown}");
    assert!(shown.contains("✓ the file is valid TOML"), "{shown}");
    assert!(!shown.contains('✗'), "{shown}");
    assert_eq!(
        std::fs::read_to_string(workspace_file(home.path())).unwrap(),
        SOLUTION
    );
    let (ok, out) = tutor.quit();
    assert!(ok, "exit status: {out:?}");
    assert!(
        out.rfind(LEAVE_ALT) > out.rfind(ENTER_ALT),
        "the terminal is restored at the end"
    );
    let (store, _) = ProgressStore::open(home.path()).unwrap();
    assert!(
        store.progress().labs[&format!("{LESSON}#1")].goal_met,
        "saved as met"
    );
}

#[test]
fn saving_from_outside_turns_the_check_green() {
    let home = tempfile::tempdir().unwrap();
    let mut tutor = start(home.path(), &[]);
    open_exercise(&mut tutor);
    // Save as an editor would: a new file renamed over the old one.
    let temp = home
        .path()
        .join("workspace/fixture-gates/gate/.gate.toml.swp");
    std::fs::write(&temp, SOLUTION).unwrap();
    std::fs::rename(&temp, workspace_file(home.path())).unwrap();
    let shown = tutor.wait_for_screen("All 3 requirements met");
    assert!(shown.contains("✓ done and saved"), "{shown}");
    let (ok, out) = tutor.quit();
    assert!(ok, "{out:?}");
}

#[test]
fn a_missing_editor_is_a_notice_not_a_crash() {
    let home = tempfile::tempdir().unwrap();
    let mut tutor = start(home.path(), &[]);
    let before = open_exercise(&mut tutor);
    tutor.press(b"e");
    tutor.wait_for(ENTER_ALT, before);
    tutor.wait_for_screen("no editor was found");
    tutor.wait_for_screen("1 of 3 requirements met");
    let (ok, out) = tutor.quit();
    assert!(ok, "{out:?}");
}
