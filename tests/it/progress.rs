//! The progress file end to end: the `mlpath progress` commands with MLPATH_HOME in a
//! temporary directory, and several stores sharing one directory.

use std::fs;
use std::path::Path;

use assert_cmd::Command;
use mlpath::progress::format::{self, Parsed};
use mlpath::progress::{Progress, ProgressStore, Status};
use predicates::prelude::*;

fn mlpath(home: &Path) -> Command {
    let mut cmd = Command::cargo_bin("mlpath").unwrap();
    cmd.env("MLPATH_HOME", home);
    cmd
}

fn file_names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn read_progress(path: &Path) -> Progress {
    match format::parse(&fs::read_to_string(path).unwrap()).unwrap() {
        Parsed::Current(p) => p,
        other => panic!("{other:?}"),
    }
}

/// Saves progress in which `lessons` are done into the store at `home`.
fn save_done(home: &Path, lessons: &[&str]) {
    let (mut store, _) = ProgressStore::open(home).unwrap();
    let mut p = store.progress().clone();
    for id in lessons {
        p.complete_lesson(id);
    }
    store.save(&mut p).unwrap();
}

fn write_export(path: &Path, fill: impl FnOnce(&mut Progress)) {
    let mut p = Progress::default();
    fill(&mut p);
    fs::write(path, format::render(&p)).unwrap();
}

#[test]
fn show_on_a_fresh_home_creates_nothing() {
    let home = tempfile::tempdir().unwrap();
    mlpath(home.path())
        .args(["progress", "show"])
        .assert()
        .success()
        .stdout(predicate::str::contains("(not created yet)"))
        .stdout(predicate::str::contains("No progress yet."));
    assert!(file_names(home.path()).is_empty());
}

#[test]
fn show_lists_progress_and_json_has_the_path() {
    let home = tempfile::tempdir().unwrap();
    let (mut store, _) = ProgressStore::open(home.path()).unwrap();
    let mut p = Progress::default();
    p.complete_lesson("metrics/roc");
    p.open_lesson("metrics/pr", 4);
    p.record_lab("metrics/roc#3", true, "auc 0.97");
    p.set_self_level("eval_metrics", 3);
    p.set_target_role("ml-engineer");
    store.save(&mut p).unwrap();

    mlpath(home.path())
        .args(["progress", "show"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            home.path().join("progress.toml").display().to_string(),
        ))
        .stdout(predicate::str::contains("Lessons done (1)"))
        .stdout(predicate::str::contains("Lessons in progress (1)"))
        .stdout(predicate::str::contains("auc 0.97"))
        .stdout(predicate::str::contains("eval_metrics"))
        .stdout(predicate::str::contains("Target role: ml-engineer"))
        .stdout(predicate::str::contains(format!(
            "Exercise files: {}",
            home.path().join("workspace").display()
        )));

    let out = mlpath(home.path())
        .args(["progress", "show", "--json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        json["path"].as_str().unwrap(),
        home.path().join("progress.toml").display().to_string()
    );
    assert_eq!(json["lessons"]["metrics/roc"]["status"], "done");
    assert_eq!(json["labs"]["metrics/roc#3"]["goal_met"], true);
    assert_eq!(json["target_role"]["value"], "ml-engineer");
    assert_eq!(
        json["workspace"].as_str().unwrap(),
        home.path().join("workspace").display().to_string()
    );
}

#[test]
fn a_corrupt_file_is_kept_byte_for_byte_and_reported() {
    let home = tempfile::tempdir().unwrap();
    let bytes: &[u8] = b"version = 1\n\n[lessons.\"a/x\"]\nstatus = done\n\xc3";
    fs::write(home.path().join("progress.toml"), bytes).unwrap();
    mlpath(home.path())
        .args(["progress", "show"])
        .assert()
        .success()
        .stderr(predicate::str::contains("mlpath: warning:"))
        .stderr(predicate::str::contains("progress.corrupt-"))
        .stderr(predicate::str::contains("line "))
        .stdout(predicate::str::contains("No progress yet."));
    let kept: Vec<String> = file_names(home.path())
        .into_iter()
        .filter(|n| n.starts_with("progress.corrupt-") && n.ends_with(".toml"))
        .collect();
    assert_eq!(kept.len(), 1, "{kept:?}");
    assert_eq!(fs::read(home.path().join(&kept[0])).unwrap(), bytes);

    // A TOML error names its line.
    fs::write(
        home.path().join("progress.toml"),
        "version = 1\n[lessons.\"a/x\"]\nstatus = done\n",
    )
    .unwrap();
    mlpath(home.path())
        .args(["progress", "show"])
        .assert()
        .success()
        .stderr(predicate::str::contains("line 3"));
}

#[test]
fn unknown_lessons_and_fields_survive_load_and_save() {
    let home = tempfile::tempdir().unwrap();
    let text = "version = 1\nfuture_setting = \"keep me\"\n\n[lessons.\"gone/lesson\"]\nstatus = \"done\"\nupdated_at = \"2026-01-01T00:00:00Z\"\n";
    fs::write(home.path().join("progress.toml"), text).unwrap();
    save_done(home.path(), &["a/x"]);
    let p = read_progress(&home.path().join("progress.toml"));
    assert_eq!(p.status("gone/lesson"), Status::Done);
    assert!(p.is_done("a/x"));
    assert_eq!(p.extra["future_setting"].as_str(), Some("keep me"));
}

#[test]
fn a_crash_before_the_rename_leaves_the_old_file_whole() {
    let home = tempfile::tempdir().unwrap();
    save_done(home.path(), &["a/x"]);
    let before = fs::read(home.path().join("progress.toml")).unwrap();
    // What a writer leaves when it dies mid-write: a partial temporary file.
    fs::write(
        home.path().join(".progress.toml.k3Jd9a.tmp"),
        "version = 1\n[lessons.\"a/",
    )
    .unwrap();
    mlpath(home.path())
        .args(["progress", "show"])
        .assert()
        .success()
        .stderr(predicate::str::is_empty())
        .stdout(predicate::str::contains("a/x"));
    assert_eq!(fs::read(home.path().join("progress.toml")).unwrap(), before);
    save_done(home.path(), &["a/y"]);
    let p = read_progress(&home.path().join("progress.toml"));
    assert!(p.is_done("a/x") && p.is_done("a/y"));
    assert_eq!(file_names(home.path()), ["progress.lock", "progress.toml"]);
}

#[test]
fn two_stores_saving_alternately_keep_both_lessons() {
    let home = tempfile::tempdir().unwrap();
    let (mut a, _) = ProgressStore::open(home.path()).unwrap();
    let (mut b, _) = ProgressStore::open(home.path()).unwrap();
    let mut pa = a.progress().clone();
    let mut pb = b.progress().clone();
    pa.complete_lesson("track/x");
    a.save(&mut pa).unwrap();
    pb.complete_lesson("track/y");
    b.save(&mut pb).unwrap();
    pa.open_lesson("track/z", 3);
    a.save(&mut pa).unwrap();
    assert!(pa.is_done("track/y"), "a's save brought in b's lesson");
    let p = read_progress(&home.path().join("progress.toml"));
    assert!(p.is_done("track/x") && p.is_done("track/y"));
    assert_eq!(p.status("track/z"), Status::InProgress);
}

#[test]
fn concurrent_saves_from_threads_lose_nothing() {
    let home = tempfile::tempdir().unwrap();
    let threads: Vec<_> = (0..4)
        .map(|t| {
            let dir = home.path().to_path_buf();
            std::thread::spawn(move || {
                let (mut store, _) = ProgressStore::open(&dir).unwrap();
                let mut p = store.progress().clone();
                for i in 0..15 {
                    p.complete_lesson(&format!("t{t}/l{i}"));
                    store.save(&mut p).unwrap();
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    let p = read_progress(&home.path().join("progress.toml"));
    assert_eq!(p.lessons_with(Status::Done).count(), 60);
}

#[test]
fn concurrent_imports_from_processes_lose_nothing() {
    let home = tempfile::tempdir().unwrap();
    let inputs = tempfile::tempdir().unwrap();
    let files: Vec<_> = (0..4)
        .map(|n| {
            let path = inputs.path().join(format!("in{n}.toml"));
            write_export(&path, |p| {
                for i in 0..10 {
                    p.complete_lesson(&format!("p{n}/l{i}"));
                }
            });
            path
        })
        .collect();
    let bin = assert_cmd::cargo::cargo_bin("mlpath");
    let children: Vec<_> = files
        .iter()
        .map(|file| {
            std::process::Command::new(&bin)
                .env("MLPATH_HOME", home.path())
                .args(["progress", "import"])
                .arg(file)
                .stdout(std::process::Stdio::null())
                .spawn()
                .unwrap()
        })
        .collect();
    for mut child in children {
        assert!(child.wait().unwrap().success());
    }
    let p = read_progress(&home.path().join("progress.toml"));
    assert_eq!(p.lessons_with(Status::Done).count(), 40);
}

#[test]
fn export_import_round_trip() {
    let home = tempfile::tempdir().unwrap();
    let (mut store, _) = ProgressStore::open(home.path()).unwrap();
    let mut p = Progress::default();
    p.complete_lesson("a/x");
    p.record_answer("a/y", 1, true, 1);
    p.record_lab("a/x#2", true, "f1 0.91");
    p.set_self_level("sql", 4);
    p.set_target_role("data-scientist");
    store.save(&mut p).unwrap();
    let saved = p.clone();

    let out = tempfile::tempdir().unwrap();
    let file = out.path().join("mine.toml");
    mlpath(home.path())
        .args(["progress", "export"])
        .arg(&file)
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "Exported 2 lessons and 1 lab result to",
        ));
    // The export is the progress plus who exported it.
    let exported = read_progress(&file);
    let info = exported
        .exported
        .clone()
        .expect("an export says who wrote it");
    assert!(!info.anonymous);
    assert_eq!(
        Progress {
            exported: None,
            ..exported
        },
        saved
    );

    let other_home = tempfile::tempdir().unwrap();
    mlpath(other_home.path())
        .args(["progress", "import"])
        .arg(&file)
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "2 lessons in the file (2 new here, 1 newly done); lab goals newly met: 1",
        ));
    assert_eq!(
        read_progress(&other_home.path().join("progress.toml")),
        saved
    );
}

#[test]
fn import_merges_into_existing_progress() {
    let home = tempfile::tempdir().unwrap();
    save_done(home.path(), &["a/x"]);
    let (mut store, _) = ProgressStore::open(home.path()).unwrap();
    let mut p = store.progress().clone();
    p.open_lesson("a/y", 5);
    p.set_step("a/y", 3);
    store.save(&mut p).unwrap();

    let file = home.path().join("other.toml");
    write_export(&file, |q| {
        q.open_lesson("a/x", 2);
        q.complete_lesson("a/z");
    });
    mlpath(home.path())
        .args(["progress", "import"])
        .arg(&file)
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "2 lessons in the file (1 new here, 1 newly done)",
        ));
    let merged = read_progress(&home.path().join("progress.toml"));
    assert!(merged.is_done("a/x"), "done stays done");
    assert!(merged.is_done("a/z"));
    assert_eq!(merged.current_step("a/y"), 3);
}

#[test]
fn bad_import_files_are_clear_errors() {
    let home = tempfile::tempdir().unwrap();
    mlpath(home.path())
        .args(["progress", "import", "/nonexistent/progress.toml"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "mlpath: error: cannot read /nonexistent/progress.toml",
        ));

    let file = home.path().join("bad.toml");
    fs::write(
        &file,
        "version = 1\n\n[lessons.\"a/x\"]\nstatus = \"finished\"\n",
    )
    .unwrap();
    mlpath(home.path())
        .args(["progress", "import"])
        .arg(&file)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("bad.toml: line 4"));

    fs::write(&file, "version = 5\n").unwrap();
    mlpath(home.path())
        .args(["progress", "import"])
        .arg(&file)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("newer mlpath (format version 5"));
    assert_eq!(file_names(home.path()), ["bad.toml"]);
}

#[test]
fn reset_one_lesson() {
    let home = tempfile::tempdir().unwrap();
    save_done(home.path(), &["a/x", "a/y"]);
    mlpath(home.path())
        .args(["progress", "reset", "--lesson", "a/x", "--yes"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Reset lesson a/x"));
    let p = read_progress(&home.path().join("progress.toml"));
    assert_eq!(p.status("a/x"), Status::NotStarted);
    assert!(p.is_done("a/y"));
    assert!(
        !file_names(home.path())
            .iter()
            .any(|n| n.starts_with("progress.before-reset"))
    );
}

#[test]
fn resetting_an_unknown_lesson_is_an_error_that_names_it() {
    let home = tempfile::tempdir().unwrap();
    save_done(home.path(), &["a/x"]);
    let before = fs::read(home.path().join("progress.toml")).unwrap();
    mlpath(home.path())
        .args(["progress", "reset", "--lesson", "metrics/precison-recall", "--yes"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "there is no lesson 'metrics/precison-recall' (did you mean `metrics/precision-recall`?)",
        ));
    assert_eq!(fs::read(home.path().join("progress.toml")).unwrap(), before);
    // A bundled lesson with nothing recorded is not an error: there is just nothing to do.
    mlpath(home.path())
        .args([
            "progress",
            "reset",
            "--lesson",
            "metrics/precision-recall",
            "--yes",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("Nothing was recorded"));
}

#[test]
fn reset_all_keeps_a_backup() {
    let home = tempfile::tempdir().unwrap();
    save_done(home.path(), &["a/x", "a/y"]);
    let before = fs::read(home.path().join("progress.toml")).unwrap();
    mlpath(home.path())
        .args(["progress", "reset", "--yes"])
        .assert()
        .success()
        .stdout(predicate::str::contains("progress.before-reset-"));
    let backups: Vec<String> = file_names(home.path())
        .into_iter()
        .filter(|n| n.starts_with("progress.before-reset-") && n.ends_with(".toml"))
        .collect();
    assert_eq!(backups.len(), 1);
    assert_eq!(fs::read(home.path().join(&backups[0])).unwrap(), before);
    assert_eq!(
        read_progress(&home.path().join("progress.toml")),
        Progress::default()
    );
}

#[test]
fn reset_without_yes_is_refused_and_changes_nothing() {
    let home = tempfile::tempdir().unwrap();
    save_done(home.path(), &["a/x"]);
    let before = file_names(home.path());
    let bytes = fs::read(home.path().join("progress.toml")).unwrap();
    for args in [
        &["progress", "reset"][..],
        &["progress", "reset", "--lesson", "a/x"],
    ] {
        mlpath(home.path())
            .args(args)
            .assert()
            .code(2)
            .stderr(predicate::str::contains("--yes"))
            .stderr(predicate::str::contains("nothing was changed"));
    }
    assert_eq!(file_names(home.path()), before);
    assert_eq!(fs::read(home.path().join("progress.toml")).unwrap(), bytes);
}

#[test]
fn a_newer_version_file_is_never_touched() {
    let home = tempfile::tempdir().unwrap();
    let text = "version = 2\n[lessons.\"a/x\"]\nstatus = \"mastered\"\n";
    let file = home.path().join("progress.toml");
    fs::write(&file, text).unwrap();
    mlpath(home.path())
        .args(["progress", "show"])
        .assert()
        .success()
        .stderr(predicate::str::contains("newer mlpath"))
        .stderr(predicate::str::contains("will not be saved"));
    let import = home.path().join("in.toml");
    write_export(&import, |p| p.complete_lesson("a/y"));
    mlpath(home.path())
        .args(["progress", "import"])
        .arg(&import)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("does not change it"));
    mlpath(home.path())
        .args(["progress", "reset", "--yes"])
        .assert()
        .code(2);
    let (mut store, _) = ProgressStore::open(home.path()).unwrap();
    let mut p = Progress::default();
    p.complete_lesson("a/z");
    store.save(&mut p).unwrap();
    assert_eq!(fs::read_to_string(&file).unwrap(), text);
    assert_eq!(
        file_names(home.path()),
        ["in.toml", "progress.lock", "progress.toml"]
    );
}
