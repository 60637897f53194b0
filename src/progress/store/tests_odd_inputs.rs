//! The store against races, odd clocks and odd files: stale copies saved late, stored
//! timestamps from the future, symbolic links, out-of-range and unknown values, and
//! files too large to read.

use std::fs;

use super::*;

const FUTURE: &str = "2999-01-01T00:00:00Z";

fn write(dir: &Path, text: &str) {
    fs::write(dir.join(PROGRESS_FILE), text).unwrap();
}

#[test]
fn a_stale_copy_saved_later_does_not_undo_a_change_made_in_the_same_instant() {
    let dir = tempfile::tempdir().unwrap();
    let at = "2026-01-01T10:00:00Z";
    write(
        dir.path(),
        &format!(
            "version = 1\n[self_assessment.a]\nlevel = 1\nat = \"{at}\"\n\
             [self_assessment.b]\nlevel = 1\nat = \"{at}\"\n"
        ),
    );
    let (mut first, _) = ProgressStore::open(dir.path()).unwrap();
    let (mut second, _) = ProgressStore::open(dir.path()).unwrap();
    // Both change a different skill; the stamps tie with the stale copies' (as they did
    // with one-second timestamps).
    let mut p = first.progress().clone();
    p.self_assessment.get_mut("a").unwrap().level = 4;
    first.save(&mut p).unwrap();
    let mut q = second.progress().clone();
    q.self_assessment.get_mut("b").unwrap().level = 4;
    second.save(&mut q).unwrap();
    let (reopened, _) = ProgressStore::open(dir.path()).unwrap();
    assert_eq!(reopened.progress().self_level("a"), Some(4));
    assert_eq!(reopened.progress().self_level("b"), Some(4));
}

#[test]
fn the_last_completed_save_of_one_value_wins() {
    let dir = tempfile::tempdir().unwrap();
    let (mut first, _) = ProgressStore::open(dir.path()).unwrap();
    let (mut second, _) = ProgressStore::open(dir.path()).unwrap();
    let mut q = second.progress().clone();
    q.set_self_level("sql", 2);
    let mut p = first.progress().clone();
    p.set_self_level("sql", 5);
    // `second` rated first but saves last: its rating is the one the learner saw last.
    first.save(&mut p).unwrap();
    second.save(&mut q).unwrap();
    let (reopened, _) = ProgressStore::open(dir.path()).unwrap();
    assert_eq!(reopened.progress().self_level("sql"), Some(2));
}

#[test]
fn a_new_rating_replaces_one_stamped_in_the_future() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        &format!(
            "version = 1\ntarget_role = {{ value = \"old\", at = \"{FUTURE}\" }}\n\
             [self_assessment.sql]\nlevel = 1\nat = \"{FUTURE}\"\n\
             [lessons.\"a/x\"]\nstatus = \"in_progress\"\ncurrent_step = 3\nupdated_at = \"{FUTURE}\"\n"
        ),
    );
    let (mut store, _) = ProgressStore::open(dir.path()).unwrap();
    let mut p = store.progress().clone();
    p.set_self_level("sql", 4);
    p.set_target_role("new");
    p.set_step("a/x", 1);
    store.save(&mut p).unwrap();
    let (reopened, _) = ProgressStore::open(dir.path()).unwrap();
    let progress = reopened.progress();
    assert_eq!(progress.self_level("sql"), Some(4));
    assert_eq!(progress.target_role.as_ref().unwrap().value, "new");
    assert_eq!(progress.lessons["a/x"].current_step, 1);
}

#[test]
fn import_reports_timestamps_ahead_of_the_clock() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("in.toml");
    fs::write(
        &file,
        format!(
            "version = 1\n[self_assessment.sql]\nlevel = 1\nat = \"{FUTURE}\"\n\
             [reviews.\"a/x#2\"]\nstability = 1.0\ndifficulty = 5.0\nlast_review = \"2026-01-01T00:00:00Z\"\n\
             due = \"{FUTURE}\"\nreviews = 1\nlapses = 0\n"
        ),
    )
    .unwrap();
    let mut store = open_in(dir.path(), "home");
    let report = store.import(&file).unwrap();
    assert_eq!(
        report.ahead_of_clock,
        [format!("self-rating 'sql' at = {FUTURE}")],
        "a due date in the future is normal"
    );
}

fn open_in(dir: &Path, sub: &str) -> ProgressStore {
    ProgressStore::open(dir.join(sub)).unwrap().0
}

#[cfg(unix)]
#[test]
fn a_linked_file_is_written_through_the_link_keeping_its_mode() {
    use std::os::unix::fs::PermissionsExt;
    let home = tempfile::tempdir().unwrap();
    let data = home.path().join("data");
    let sync = home.path().join("sync");
    fs::create_dir_all(&data).unwrap();
    fs::create_dir_all(&sync).unwrap();
    let real = sync.join("mlpath.toml");
    fs::write(&real, "version = 1\n").unwrap();
    fs::set_permissions(&real, fs::Permissions::from_mode(0o640)).unwrap();
    std::os::unix::fs::symlink("../sync/mlpath.toml", data.join(PROGRESS_FILE)).unwrap();

    let (mut store, _) = ProgressStore::open(&data).unwrap();
    let mut p = store.progress().clone();
    p.complete_lesson("a/x");
    store.save(&mut p).unwrap();

    let link = fs::symlink_metadata(data.join(PROGRESS_FILE)).unwrap();
    assert!(link.file_type().is_symlink(), "the link is kept");
    assert!(fs::read_to_string(&real).unwrap().contains("a/x"));
    let mode = fs::metadata(&real).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o640);
    let stray: Vec<_> = fs::read_dir(&sync).unwrap().collect();
    assert_eq!(
        stray.len(),
        1,
        "no temporary file is left beside the target"
    );
}

#[test]
fn out_of_range_values_are_reported_and_clamped() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "version = 1\n[self_assessment.sql]\nlevel = 200\nat = \"2026-01-01T00:00:00Z\"\n",
    );
    let (mut store, notices) = ProgressStore::open(dir.path()).unwrap();
    let [Notice::OutOfRange { changes, .. }] = notices.as_slice() else {
        panic!("{notices:?}");
    };
    assert!(
        changes[0].contains("'sql' was 200, read as 5"),
        "{changes:?}"
    );
    assert!(notices[0].to_string().contains("out of range"));
    assert_eq!(store.progress().self_level("sql"), Some(5));
    let mut p = store.progress().clone();
    p.complete_lesson("a/x");
    store.save(&mut p).unwrap();
    assert_eq!(store.take_notices(), [], "reported once");
    let text = fs::read_to_string(dir.path().join(PROGRESS_FILE)).unwrap();
    assert!(text.contains("level = 5"), "{text}");
}

#[test]
fn unknown_fields_inside_records_survive_a_rewrite() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "version = 1\nfuture_top = 1\n\
         [lessons.\"a/x\"]\nstatus = \"in_progress\"\nupdated_at = \"\"\nmood = \"keen\"\n\
         [lessons.\"a/x\".steps.2]\ncorrect = true\nattempts = 1\nhints_used = 0\nconfidence = 0.5\n\
         [labs.\"a/x#3\"]\ngoal_met = false\nupdated_at = \"\"\nbest = { recall = 0.9 }\n\
         [self_assessment.sql]\nlevel = 2\nat = \"\"\nnote = \"from a course\"\n",
    );
    let (mut store, _) = ProgressStore::open(dir.path()).unwrap();
    let mut p = store.progress().clone();
    p.set_self_level("sql", 3);
    p.record_answer("a/x", 1, true, 0);
    store.save(&mut p).unwrap();
    let text = fs::read_to_string(dir.path().join(PROGRESS_FILE)).unwrap();
    for kept in [
        "future_top = 1",
        "mood = \"keen\"",
        "confidence = 0.5",
        "recall = 0.9",
        "note = \"from a course\"",
        "level = 3",
    ] {
        assert!(text.contains(kept), "{kept} missing from\n{text}");
    }
    // And the file reads back as the same progress.
    let (reopened, _) = ProgressStore::open(dir.path()).unwrap();
    assert_eq!(reopened.progress(), store.progress());
}

#[test]
fn a_file_above_the_limit_is_refused_with_its_size() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from("version = 1\n");
    text.push_str(&"# padding\n".repeat((MAX_FILE_BYTES / 10) as usize + 1));
    write(dir.path(), &text);
    let err = ProgressStore::open(dir.path()).unwrap_err();
    assert!(matches!(err, StoreError::TooLarge { .. }), "{err}");
    let message = err.to_string();
    assert!(message.contains("up to 8388608 bytes"), "{message}");
    assert!(message.contains("hint:"), "{message}");
    let file = dir.path().join("big.toml");
    fs::write(&file, &text).unwrap();
    let mut store = open_in(dir.path(), "home");
    assert!(matches!(
        store.import(&file),
        Err(StoreError::TooLarge { .. })
    ));
}
