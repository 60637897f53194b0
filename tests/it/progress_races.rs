//! The progress file under real concurrency and odd surroundings, through the binary:
//! parallel `skills assess` processes, a data directory that cannot be written, and a
//! `progress reset` killed while it backs the file up.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Child, Command as StdCommand, Stdio};
use std::time::{Duration, Instant};

use assert_cmd::Command;
use assert_cmd::cargo::cargo_bin;
use mlpath::progress::format::{self, Parsed};
use mlpath::progress::{Progress, ProgressStore};
use predicates::prelude::*;

const SKILLS: [&str; 10] = [
    "python",
    "sql",
    "math_stats",
    "data_wrangling",
    "ml_core",
    "deep_learning",
    "nlp_llm",
    "cv",
    "eval_metrics",
    "swe",
];

fn spawn_assess(home: &Path, skill: &str, level: u8) -> Child {
    StdCommand::new(cargo_bin("mlpath"))
        .env("MLPATH_HOME", home)
        .args(["skills", "assess", skill, &level.to_string()])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

fn assess_all_in_parallel(home: &Path, level: u8) {
    let children: Vec<Child> = SKILLS
        .iter()
        .map(|skill| spawn_assess(home, skill, level))
        .collect();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

fn read_progress(path: &Path) -> Progress {
    match format::parse(&fs::read_to_string(path).unwrap()).unwrap() {
        Parsed::Current(p) => p,
        other => panic!("{other:?}"),
    }
}

#[test]
fn ten_parallel_ratings_then_ten_more_keep_every_last_rating() {
    for round in 0..3 {
        let home = tempfile::tempdir().unwrap();
        assess_all_in_parallel(home.path(), 1);
        assess_all_in_parallel(home.path(), 4);
        let progress = read_progress(&home.path().join("progress.toml"));
        let lost: Vec<&str> = SKILLS
            .iter()
            .copied()
            .filter(|s| progress.self_level(s) != Some(4))
            .collect();
        assert!(lost.is_empty(), "round {round}: lost the 4 in {lost:?}");
    }
}

/// Runs `mlpath args` as a user who cannot write `home` (root can write anywhere, so
/// as root the command runs as `nobody`). `None` when that is impossible here.
fn run_without_write_access(home: &Path, args: &[&str]) -> Option<std::process::Output> {
    let root = StdCommand::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0");
    let mut cmd = if root {
        let mut cmd = StdCommand::new("setpriv");
        cmd.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(cargo_bin("mlpath"));
        cmd
    } else {
        StdCommand::new(cargo_bin("mlpath"))
    };
    let out = cmd.env("MLPATH_HOME", home).args(args).output();
    match out {
        Ok(out) if String::from_utf8_lossy(&out.stderr).contains("setpriv:") => {
            eprintln!(
                "skipped: setpriv failed: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            None
        }
        Ok(out) => Some(out),
        Err(e) => {
            eprintln!("skipped: cannot run without write access: {e}");
            None
        }
    }
}

#[cfg(unix)]
fn read_only_home(progress_text: &str) -> (tempfile::TempDir, PathBuf) {
    use std::os::unix::fs::PermissionsExt;
    let outer = tempfile::tempdir().unwrap();
    fs::set_permissions(outer.path(), fs::Permissions::from_mode(0o755)).unwrap();
    let home = outer.path().join("home");
    fs::create_dir(&home).unwrap();
    fs::write(home.join("progress.toml"), progress_text).unwrap();
    fs::set_permissions(
        home.join("progress.toml"),
        fs::Permissions::from_mode(0o644),
    )
    .unwrap();
    fs::set_permissions(&home, fs::Permissions::from_mode(0o555)).unwrap();
    (outer, home)
}

#[cfg(unix)]
#[test]
fn a_read_only_data_directory_is_shown_with_a_notice_and_never_written() {
    let mut p = Progress::default();
    p.complete_lesson("metrics/confusion-matrix");
    p.set_self_level("sql", 3);
    let (_outer, home) = read_only_home(&format::render(&p));
    let Some(show) = run_without_write_access(&home, &["progress", "show"]) else {
        return;
    };
    let stderr = String::from_utf8_lossy(&show.stderr);
    assert!(show.status.success(), "{stderr}");
    assert!(
        String::from_utf8_lossy(&show.stdout).contains("metrics/confusion-matrix"),
        "the progress is shown"
    );
    assert!(stderr.contains("cannot be written"), "{stderr}");
    assert!(stderr.contains("nothing will be saved"), "{stderr}");

    let skills = run_without_write_access(&home, &["skills"]).unwrap();
    assert!(skills.status.success());

    // Copying progress out reads only; the copy goes where it may be written.
    let out_dir = home.parent().unwrap().join("out");
    std::fs::create_dir(&out_dir).unwrap();
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(&out_dir, fs::Permissions::from_mode(0o777)).unwrap();
    }
    let out_file = out_dir.join("copy.toml");
    let export =
        run_without_write_access(&home, &["progress", "export", out_file.to_str().unwrap()])
            .unwrap();
    assert!(
        export.status.success(),
        "{}",
        String::from_utf8_lossy(&export.stderr)
    );
    assert!(
        fs::read_to_string(&out_file)
            .unwrap()
            .contains("metrics/confusion-matrix")
    );

    let assess = run_without_write_access(&home, &["skills", "assess", "sql", "5"]).unwrap();
    let stderr = String::from_utf8_lossy(&assess.stderr);
    assert!(!assess.status.success());
    assert!(stderr.contains("the rating was not saved"), "{stderr}");
    assert!(stderr.contains("cannot be written"), "{stderr}");
    assert_eq!(
        fs::read_dir(&home).unwrap().count(),
        1,
        "nothing was created"
    );
}

#[cfg(unix)]
#[test]
fn a_corrupt_file_in_a_read_only_directory_is_reported_and_left_alone() {
    let (_outer, home) = read_only_home("version = 1\n[lessons.\"a\"\n");
    let Some(show) = run_without_write_access(&home, &["progress", "show"]) else {
        return;
    };
    let stderr = String::from_utf8_lossy(&show.stderr);
    assert!(show.status.success(), "{stderr}");
    assert!(stderr.contains("could not be read (line 2"), "{stderr}");
    assert!(stderr.contains("left unchanged"), "{stderr}");
    assert_eq!(
        fs::read_to_string(home.join("progress.toml")).unwrap(),
        "version = 1\n[lessons.\"a\"\n"
    );
}

#[test]
fn import_warns_about_timestamps_ahead_of_the_clock() {
    let home = tempfile::tempdir().unwrap();
    let file = home.path().join("from-elsewhere.toml");
    fs::write(
        &file,
        "version = 1\n[self_assessment.sql]\nlevel = 2\nat = \"2999-01-01T00:00:00Z\"\n",
    )
    .unwrap();
    Command::cargo_bin("mlpath")
        .unwrap()
        .env("MLPATH_HOME", home.path().join("data"))
        .args(["progress", "import"])
        .arg(&file)
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "1 timestamp ahead of this computer's clock",
        ))
        .stderr(predicate::str::contains(
            "self-rating 'sql' at = 2999-01-01T00:00:00Z",
        ));
    // And a rating made now still replaces it.
    Command::cargo_bin("mlpath")
        .unwrap()
        .env("MLPATH_HOME", home.path().join("data"))
        .args(["skills", "assess", "sql", "4"])
        .assert()
        .success();
    let (store, _) = ProgressStore::open(home.path().join("data")).unwrap();
    assert_eq!(store.progress().self_level("sql"), Some(4));
}

#[test]
fn a_killed_reset_leaves_a_whole_backup_or_none() {
    let home = tempfile::tempdir().unwrap();
    let mut p = Progress::default();
    for i in 0..4000 {
        p.complete_lesson(&format!("track/lesson-{i}"));
    }
    let original = format::render(&p);
    let reset = |home: &Path| -> Child {
        fs::write(home.join("progress.toml"), &original).unwrap();
        StdCommand::new(cargo_bin("mlpath"))
            .env("MLPATH_HOME", home)
            .args(["progress", "reset", "--yes"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap()
    };
    let started = Instant::now();
    assert!(reset(home.path()).wait().unwrap().success());
    let full_run = started.elapsed();
    for k in 0..12u32 {
        let mut child = reset(home.path());
        std::thread::sleep(full_run * k / 12);
        let _ = child.kill();
        let _ = child.wait();
    }
    std::thread::sleep(Duration::from_millis(10));
    let mut backups = 0;
    for entry in fs::read_dir(home.path()).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if name.starts_with("progress.before-reset") {
            backups += 1;
            let text = fs::read_to_string(&path).unwrap();
            assert!(
                text == original,
                "{name} is incomplete ({} of {} bytes)",
                text.len(),
                original.len()
            );
        }
    }
    assert!(backups >= 1, "the completed reset made a backup");
}
