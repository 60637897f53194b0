//! The exercise step through the app's update: the file is created from the starter
//! on first entry and never overwritten after, a passing file completes the step as
//! lab evidence, `r` keeps the learner's version as `.bak`, `e` asks for the editor;
//! and snapshots of the step at 80×24 and 60×20.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::common::draw;
use mlpath::catalog::{self, Catalog, Step};
use mlpath::draw::theme::Theme;
use mlpath::exercises::workspace::Workspace;
use mlpath::progress::{Progress, step_key};
use mlpath::skills::evidence::evidence_levels;
use mlpath::tui::action::Action::*;
use mlpath::tui::app::{App, Screen};
use mlpath::tui::exercise::{Checked, ExerciseState};

const LESSON: &str = "fixture-gates/gate";

fn fixture() -> Catalog {
    let mut c = catalog::load(&[PathBuf::from("tests/fixtures/lessons/exercise-ok")]);
    assert!(c.problems.is_empty(), "{:?}", c.problems);
    // Only the fixture's track, so that bundled lessons never change the screens.
    c.tracks.retain(|t| t.id == "fixture-gates");
    c
}

fn solution(c: &Catalog) -> String {
    match &c.lesson(LESSON).unwrap().steps[0] {
        Step::Exercise(ex) => ex.solution.clone(),
        _ => panic!("the fixture's first step is an exercise"),
    }
}

fn app_in(home: &Path) -> App {
    let mut app = App::new(Arc::new(fixture()), Progress::default(), Theme::mono());
    app.workspace = Some(Workspace::in_data_dir(home));
    app
}

fn file(home: &Path) -> PathBuf {
    home.join("workspace/fixture-gates/gate/gate.toml")
}

fn state(app: &App) -> &ExerciseState {
    match app.screen() {
        Screen::Lesson(view) => view.exercise.as_ref().expect("an exercise step"),
        _ => panic!("not on a lesson"),
    }
}

fn passed(app: &App) -> bool {
    state(app).passed()
}

fn met(app: &App) -> bool {
    app.progress
        .lab_record(&step_key(LESSON, 0))
        .is_some_and(|r| r.goal_met)
}

#[test]
fn first_entry_creates_the_file_from_the_starter() {
    let home = tempfile::tempdir().unwrap();
    let mut app = app_in(home.path());
    app.open_lesson(LESSON);
    let text = fs::read_to_string(file(home.path())).unwrap();
    assert!(text.contains("metric = \"accuracy\""), "{text}");
    let Checked::Report(report) = &state(&app).checked else {
        panic!("checked")
    };
    assert_eq!((report.met(), report.requirements.len()), (1, 3));
    assert!(!met(&app));
    assert_eq!(
        state(&app).path.as_deref(),
        Some(file(home.path()).as_path())
    );
}

#[test]
fn a_passing_file_completes_the_step_as_lab_evidence() {
    let home = tempfile::tempdir().unwrap();
    let mut app = app_in(home.path());
    app.open_lesson(LESSON);
    let before = evidence_levels(&app.catalog, &app.progress);
    assert_eq!(before.get("cicd"), Some(&0));
    fs::write(file(home.path()), solution(&app.catalog)).unwrap();
    app.dirty = false;
    app.update(Recheck);
    assert!(passed(&app));
    assert!(met(&app), "recorded like a met lab goal");
    assert!(app.dirty, "progress is saved");
    let summary = &app
        .progress
        .lab_record(&step_key(LESSON, 0))
        .unwrap()
        .summary;
    assert_eq!(summary, "gate.toml: all 3 requirements met");
    let after = evidence_levels(&app.catalog, &app.progress);
    assert_eq!(after.get("cicd"), Some(&2));
    // Breaking the file again does not take the evidence away.
    fs::write(file(home.path()), "broken = \n").unwrap();
    app.update(Recheck);
    assert!(!passed(&app));
    assert!(met(&app));
}

#[test]
fn a_file_finished_outside_the_tutor_counts_on_entry() {
    let home = tempfile::tempdir().unwrap();
    let mut app = app_in(home.path());
    let path = file(home.path());
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(&path, solution(&app.catalog)).unwrap();
    app.open_lesson(LESSON);
    assert!(passed(&app) && met(&app));
    assert_eq!(fs::read_to_string(&path).unwrap(), solution(&app.catalog));
}

#[test]
fn saving_the_file_rechecks_it_through_the_watcher() {
    let home = tempfile::tempdir().unwrap();
    let mut app = app_in(home.path());
    app.open_lesson(LESSON);
    assert!(state(&app).watched);
    fs::write(file(home.path()), solution(&app.catalog)).unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    while !passed(&app) {
        assert!(
            Instant::now() < deadline,
            "the watcher did not re-run the check"
        );
        app.poll();
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(met(&app));
}

#[test]
fn r_asks_then_restores_the_starter_keeping_a_bak() {
    let home = tempfile::tempdir().unwrap();
    let mut app = app_in(home.path());
    app.open_lesson(LESSON);
    let starter = fs::read_to_string(file(home.path())).unwrap();
    app.update(Restore);
    let notice = state(&app).notice.clone().unwrap().text;
    assert!(notice.contains("already holds the starter"), "{notice}");
    fs::write(file(home.path()), "mine = 1\n").unwrap();
    app.update(Restore);
    assert!(state(&app).confirm_restore);
    assert_eq!(fs::read_to_string(file(home.path())).unwrap(), "mine = 1\n");
    // Any other key cancels.
    app.update(Recheck);
    app.update(Restore);
    app.update(Restore);
    let bak = home
        .path()
        .join("workspace/fixture-gates/gate/gate.toml.bak");
    assert_eq!(fs::read_to_string(&bak).unwrap(), "mine = 1\n");
    assert_eq!(fs::read_to_string(file(home.path())).unwrap(), starter);
    assert_eq!(state(&app).backup(), Some(bak));
    let notice = state(&app).notice.clone().unwrap().text;
    assert!(
        notice.contains("your version is in gate.toml.bak"),
        "{notice}"
    );
}

#[test]
fn a_deleted_file_is_reported_and_r_writes_it_at_once() {
    let home = tempfile::tempdir().unwrap();
    let mut app = app_in(home.path());
    app.open_lesson(LESSON);
    fs::remove_file(file(home.path())).unwrap();
    app.update(Recheck);
    let Checked::Problem(p) = &state(&app).checked else {
        panic!("a problem")
    };
    assert!(p.contains("does not exist; press r"), "{p}");
    app.update(Restore);
    assert!(file(home.path()).exists());
    assert!(
        !home
            .path()
            .join("workspace/fixture-gates/gate/gate.toml.bak")
            .exists()
    );
}

#[test]
fn nothing_else_overwrites_the_learners_file() {
    let home = tempfile::tempdir().unwrap();
    let mut app = app_in(home.path());
    app.open_lesson(LESSON);
    fs::write(file(home.path()), "mine = 1\n").unwrap();
    for action in [
        Recheck, Hint, Hint, Up, Down, Edit, NextStep, PrevStep, Back,
    ] {
        app.update(action);
    }
    app.open_lesson(LESSON);
    let mut other = app_in(home.path());
    other.open_lesson(LESSON);
    app.editor_returned(Err("the editor `x` exited with exit status: 1".into()));
    assert_eq!(fs::read_to_string(file(home.path())).unwrap(), "mine = 1\n");
    assert!(
        !home
            .path()
            .join("workspace/fixture-gates/gate/gate.toml.bak")
            .exists()
    );
}

#[test]
fn e_asks_the_loop_for_the_editor_and_its_return_rechecks() {
    let home = tempfile::tempdir().unwrap();
    let mut app = app_in(home.path());
    app.open_lesson(LESSON);
    app.update(Edit);
    assert_eq!(app.editor_request.take(), Some(file(home.path())));
    fs::write(file(home.path()), solution(&app.catalog)).unwrap();
    app.editor_returned(Ok(None));
    assert!(
        passed(&app),
        "checked at once, without waiting for the watcher"
    );
    app.editor_returned(Err("no editor was found (tried vi nano)".into()));
    let notice = state(&app).notice.clone().unwrap();
    assert!(notice.warn && notice.text.starts_with("no editor was found"));
}

#[test]
fn without_a_workspace_the_step_says_what_to_do() {
    let mut app = App::new(Arc::new(fixture()), Progress::default(), Theme::mono());
    app.open_lesson(LESSON);
    let Checked::Problem(p) = &state(&app).checked else {
        panic!("a problem")
    };
    assert!(p.contains("set MLPATH_HOME"), "{p}");
    app.update(Restore);
    app.update(Edit);
    assert_eq!(app.editor_request, None);
}

/// The app on the exercise with its workspace at a fixed relative path (so that the
/// path on screen is the same on every machine), wiped first.
fn snapshot_app(dir: &str, pass: bool) -> App {
    let home = Path::new("target/it-exercise").join(dir);
    let _ = fs::remove_dir_all(&home);
    let mut app = app_in(&home);
    app.open_lesson(LESSON);
    if pass {
        fs::write(file(&home), solution(&app.catalog)).unwrap();
        app.update(Recheck);
    } else {
        fs::write(file(&home), "[gate]\nmetric = \"accuracy\"\nmin_auc = 85\n").unwrap();
        app.update(Recheck);
        app.update(Hint);
    }
    app
}

#[test]
fn the_exercise_at_80x24_and_60x20() {
    for (w, h) in [(80, 24), (60, 20)] {
        for (name, pass) in [("unmet", false), ("met", true)] {
            let app = snapshot_app(&format!("{name}-{w}x{h}"), pass);
            let screen = draw(&app, w, h);
            let text = format!("{}", screen.backend());
            // The result is on screen at both sizes.
            let summary = if pass {
                "All 3 requirements met"
            } else {
                "1 of 3 requirements met"
            };
            assert!(text.contains(summary), "{name} {w}x{h}:\n{text}");
            insta::assert_snapshot!(format!("exercise_{name}_{w}x{h}"), screen.backend());
        }
    }
}

#[test]
fn the_exercise_renders_at_any_size_without_panic() {
    let app = snapshot_app("any-size", false);
    for w in (1..=200).step_by(7) {
        for h in (1..=60).step_by(3) {
            draw(&app, w, h);
        }
    }
}

#[test]
fn a_long_result_leaves_the_task_a_third_of_the_screen_and_lists_what_is_unmet() {
    // The provenance lesson's datasheet has 28 requirements; its starter meets 19.
    let home = tempfile::tempdir().unwrap();
    let mut c = catalog::load(&[]);
    c.tracks.retain(|t| t.id == "data-quality");
    let lesson = "data-quality/provenance";
    let steps = c.lesson(lesson).unwrap().steps.len();
    let mut app = App::new(Arc::new(c), Progress::default(), Theme::mono());
    app.workspace = Some(Workspace::in_data_dir(home.path()));
    app.open_lesson(lesson);
    for _ in 1..steps {
        app.update(NextStep);
    }
    let Checked::Report(report) = &state(&app).checked else {
        panic!("checked")
    };
    assert_eq!((report.met(), report.requirements.len()), (19, 28));
    let screen = format!("{}", draw(&app, 80, 24).backend());
    let rows: Vec<&str> = screen.lines().collect();
    // The task: from the rule under the title to the rule above the result.
    let rules: Vec<usize> = rows
        .iter()
        .enumerate()
        .filter(|(_, r)| r.contains("────────"))
        .map(|(i, _)| i)
        .collect();
    let task_rows = rules[1] - rules[0] - 1;
    assert!(task_rows >= 5, "{task_rows} task rows:\n{screen}");
    // Unmet requirements come first, and a met one does not push them off the screen.
    assert!(screen.contains("✗ rows as measured"), "{screen}");
    assert!(screen.contains("✗ SHA-256 as measured"), "{screen}");
    assert!(!screen.contains("✓ column `checking_account`"), "{screen}");
}
