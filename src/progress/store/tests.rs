use std::fs;

use super::*;

fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn open(dir: &Path) -> ProgressStore {
    let (store, notices) = ProgressStore::open(dir).unwrap();
    assert_eq!(notices, [], "unexpected notices");
    store
}

#[test]
fn a_missing_directory_is_fresh_progress_and_is_created_on_save() {
    let home = tempfile::tempdir().unwrap();
    let dir = home.path().join("not/yet");
    let mut store = open(&dir);
    assert_eq!(store.progress(), &Progress::default());
    assert!(!dir.exists(), "opening alone creates nothing");
    let mut p = store.progress().clone();
    p.complete_lesson("a/x");
    store.save(&mut p).unwrap();
    let reopened = open(&dir);
    assert!(reopened.progress().is_done("a/x"));
    assert_eq!(store.path(), Some(dir.join(PROGRESS_FILE)));
}

#[test]
fn in_memory_store_merges_without_files() {
    let mut store = ProgressStore::in_memory();
    assert_eq!(store.path(), None);
    let mut a = Progress::default();
    a.complete_lesson("a/x");
    store.save(&mut a).unwrap();
    let mut b = Progress::default();
    b.open_lesson("a/y", 2);
    store.save(&mut b).unwrap();
    assert!(b.is_done("a/x"));
    assert_eq!(b.status("a/y"), Status::InProgress);
    store.reset(Some("a/x")).unwrap();
    assert!(!store.progress().is_done("a/x"));
}

#[test]
fn a_corrupt_file_is_set_aside_unchanged_with_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    let text = "version = 1\n[lessons.\"a/x\"]\nstatus = \"done\n";
    fs::write(dir.path().join(PROGRESS_FILE), text).unwrap();
    let (store, notices) = ProgressStore::open(dir.path()).unwrap();
    assert_eq!(store.progress(), &Progress::default());
    let [
        Notice::SetAside {
            kept_as, reason, ..
        },
    ] = notices.as_slice()
    else {
        panic!("{notices:?}");
    };
    assert_eq!(reason.line, Some(3));
    assert_eq!(fs::read_to_string(kept_as).unwrap(), text);
    assert!(!dir.path().join(PROGRESS_FILE).exists());
    let message = notices[0].to_string();
    assert!(message.contains("line 3"), "{message}");
    assert!(message.contains("progress.corrupt-"), "{message}");
}

#[test]
fn a_file_corrupted_between_saves_is_set_aside_before_writing() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(dir.path());
    let mut p = Progress::default();
    p.complete_lesson("a/x");
    store.save(&mut p).unwrap();
    fs::write(dir.path().join(PROGRESS_FILE), b"\xff\xfe not text").unwrap();
    p.complete_lesson("a/y");
    store.save(&mut p).unwrap();
    let notices = store.take_notices();
    assert!(
        matches!(notices.as_slice(), [Notice::SetAside { .. }]),
        "{notices:?}"
    );
    let corrupt: Vec<_> = names_in(dir.path())
        .into_iter()
        .filter(|n| n.starts_with("progress.corrupt-"))
        .collect();
    assert_eq!(corrupt.len(), 1);
    assert_eq!(
        fs::read(dir.path().join(&corrupt[0])).unwrap(),
        b"\xff\xfe not text"
    );
    let reopened = open(dir.path());
    assert!(reopened.progress().is_done("a/x") && reopened.progress().is_done("a/y"));
}

#[test]
fn two_corrupt_files_in_one_second_get_different_names() {
    let dir = tempfile::tempdir().unwrap();
    for text in ["first = ", "second = "] {
        fs::write(dir.path().join(PROGRESS_FILE), text).unwrap();
        let (_, notices) = ProgressStore::open(dir.path()).unwrap();
        assert_eq!(notices.len(), 1);
    }
    let kept: Vec<String> = names_in(dir.path())
        .into_iter()
        .filter(|n| n.starts_with("progress.corrupt-"))
        .collect();
    assert_eq!(kept.len(), 2, "{kept:?}");
    let contents: Vec<String> = kept
        .iter()
        .map(|n| fs::read_to_string(dir.path().join(n)).unwrap())
        .collect();
    assert!(contents.contains(&"first = ".to_string()));
    assert!(contents.contains(&"second = ".to_string()));
}

#[test]
fn a_newer_file_is_read_only_and_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let text = "version = 99\nlessons = \"a new layout\"\n";
    let file = dir.path().join(PROGRESS_FILE);
    fs::write(&file, text).unwrap();
    let (mut store, notices) = ProgressStore::open(dir.path()).unwrap();
    assert!(matches!(
        notices.as_slice(),
        [Notice::NewerVersion { version: 99, .. }]
    ));
    assert!(notices[0].to_string().contains("will not be saved"));
    assert!(store.is_read_only());
    let mut p = Progress::default();
    p.complete_lesson("a/x");
    store.save(&mut p).unwrap();
    assert!(matches!(
        store.reset(None),
        Err(StoreError::ReadOnly { .. })
    ));
    assert!(matches!(
        store.export(&dir.path().join("out.toml"), Identity::random()),
        Err(StoreError::ReadOnly { .. })
    ));
    assert_eq!(fs::read_to_string(&file).unwrap(), text);
    assert!(
        !names_in(dir.path())
            .iter()
            .any(|n| n.starts_with("progress.before"))
    );
}

#[test]
fn a_newer_file_written_after_opening_stops_saving() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(dir.path());
    let text = "version = 2\n";
    fs::write(dir.path().join(PROGRESS_FILE), text).unwrap();
    let mut p = Progress::default();
    p.complete_lesson("a/x");
    store.save(&mut p).unwrap();
    assert!(store.is_read_only());
    assert_eq!(store.take_notices().len(), 1);
    store.save(&mut p).unwrap();
    assert_eq!(store.take_notices().len(), 0, "told once");
    assert_eq!(
        fs::read_to_string(dir.path().join(PROGRESS_FILE)).unwrap(),
        text
    );
}

#[test]
fn stale_temporary_files_are_ignored_then_removed() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(dir.path());
    let mut p = Progress::default();
    p.complete_lesson("a/x");
    store.save(&mut p).unwrap();
    // A writer that died between creating its temporary file and renaming it.
    fs::write(
        dir.path().join(".progress.toml.Xy12ab.tmp"),
        "version = 1\n[less",
    )
    .unwrap();
    let mut second = open(dir.path());
    assert!(second.progress().is_done("a/x"));
    let mut q = second.progress().clone();
    second.save(&mut q).unwrap();
    assert_eq!(names_in(dir.path()), [LOCK_FILE, PROGRESS_FILE]);
}

#[test]
fn reset_all_backs_up_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(dir.path());
    let mut p = Progress::default();
    p.complete_lesson("a/x");
    store.save(&mut p).unwrap();
    let before = fs::read_to_string(dir.path().join(PROGRESS_FILE)).unwrap();
    let report = store.reset(None).unwrap();
    assert!(report.removed);
    let backup = report.backup.unwrap();
    assert!(
        backup
            .file_name()
            .unwrap()
            .to_str()
            .unwrap()
            .starts_with("progress.before-reset-2")
    );
    assert_eq!(fs::read_to_string(backup).unwrap(), before);
    assert_eq!(store.progress(), &Progress::default());
    assert_eq!(open(dir.path()).progress(), &Progress::default());
}

#[test]
fn reset_one_lesson_is_not_merged_back_from_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(dir.path());
    let mut p = Progress::default();
    p.complete_lesson("a/x");
    p.complete_lesson("a/y");
    p.record_lab("a/x#2", true, "ok");
    store.save(&mut p).unwrap();
    let report = store.reset(Some("a/x")).unwrap();
    assert_eq!(
        report,
        ResetReport {
            removed: true,
            backup: None
        }
    );
    let reopened = open(dir.path());
    assert_eq!(reopened.progress().status("a/x"), Status::NotStarted);
    assert!(reopened.progress().lab_record("a/x#2").is_none());
    assert!(reopened.progress().is_done("a/y"));
    assert!(!store.reset(Some("a/x")).unwrap().removed);
}

#[test]
fn import_reports_what_changed() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(dir.path());
    let mut mine = Progress::default();
    mine.complete_lesson("a/x");
    mine.open_lesson("a/y", 3);
    store.save(&mut mine).unwrap();

    let mut other = Progress::default();
    other.complete_lesson("a/x");
    other.complete_lesson("a/y");
    other.complete_lesson("a/z");
    other.record_lab("a/z#1", true, "ok");
    other.set_self_level("sql", 2);
    let file = dir.path().join("other.toml");
    fs::write(&file, format::render(&other)).unwrap();

    let report = store.import(&file).unwrap();
    assert_eq!(
        report,
        ImportReport {
            lessons: 3,
            new_lessons: 1,
            newly_done: 2,
            newly_met_labs: 1,
            other_changes: 1,
            ahead_of_clock: Vec::new(),
        }
    );
    assert!(open(dir.path()).progress().is_done("a/y"));
}

#[test]
fn import_rejects_bad_files_without_changing_anything() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(dir.path());
    let file = dir.path().join("in.toml");

    fs::write(&file, "version = 1\n[lessons.a]\nstatus = \"finished\"\n").unwrap();
    let err = store.import(&file).unwrap_err();
    assert!(matches!(err, StoreError::BadFile { .. }), "{err}");
    assert!(err.to_string().contains("line 3"), "{err}");

    fs::write(&file, "version = 3\n").unwrap();
    assert!(matches!(
        store.import(&file),
        Err(StoreError::NewerFile { version: 3, .. })
    ));

    fs::write(&file, "version = 1\n[labs.nokey]\ngoal_met = true\n").unwrap();
    assert!(matches!(
        store.import(&file),
        Err(StoreError::BadFile { .. })
    ));

    let missing = store.import(&dir.path().join("missing.toml")).unwrap_err();
    assert!(missing.to_string().contains("cannot read"), "{missing}");
    assert!(!dir.path().join(PROGRESS_FILE).exists());
}

#[test]
fn export_is_the_merged_current_progress() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = open(dir.path());
    let mut b = open(dir.path());
    let mut pa = Progress::default();
    pa.complete_lesson("a/x");
    a.save(&mut pa).unwrap();
    let out = dir.path().join("export.toml");
    b.export(&out, Identity::random()).unwrap();
    let text = fs::read_to_string(&out).unwrap();
    let Parsed::Current(exported) = format::parse(&text).unwrap() else {
        panic!("not current")
    };
    assert!(exported.is_done("a/x"));
}
