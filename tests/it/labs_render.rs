//! The drift track's labs as the learner sees them: the bundled lesson opened at its lab
//! step, a few keys pressed, drawn at 80×24 (snapshots) and 60×20, in the monochrome theme.

use crate::common;

use std::sync::Arc;

use common::draw;
use mlpath::catalog::{self, Step};
use mlpath::draw::theme::Theme;
use mlpath::labs::LabKey;
use mlpath::progress::Progress;
use mlpath::tui::action::Action;
use mlpath::tui::app::App;

/// The bundled lesson `id` opened at its lab step, after `keys`.
fn lab(id: &str, keys: &[LabKey]) -> App {
    let catalog = Arc::new(catalog::load(&[]));
    let lesson = catalog.lesson(id).expect("bundled lesson");
    let step = lesson
        .steps
        .iter()
        .position(|s| matches!(s, Step::Lab(_)))
        .expect("a lab step");
    let mut progress = Progress::default();
    progress.open_lesson(id, lesson.steps.len());
    // A fixed start: the labs' hidden changes are drawn from it, and snapshots must not
    // move with the clock.
    progress.lessons.get_mut(id).unwrap().started_at = Some("2026-01-05T09:00:00Z".into());
    progress.set_step(id, step);
    let mut app = App::new(Arc::clone(&catalog), progress, Theme::mono());
    app.open_lesson(id);
    settle(&mut app);
    for key in keys {
        app.update(Action::Lab(*key));
        settle(&mut app);
    }
    app
}

/// Waits for background work (training) to finish.
fn settle(app: &mut App) {
    for _ in 0..2000 {
        app.poll();
        if !app.busy() {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    panic!("the lab stayed busy");
}

fn text(app: &App, w: u16, h: u16) -> String {
    format!("{}", draw(app, w, h).backend())
}

fn drift_psi() -> App {
    let mut keys = vec![LabKey::Right; 6];
    keys.push(LabKey::Select);
    lab("drift/psi", &keys)
}

#[test]
fn drift_lab_at_80x24() {
    let app = drift_psi();
    insta::assert_snapshot!("drift_psi_80x24", draw(&app, 80, 24).backend());
    let found = lab(
        "drift/tests-and-sample-size",
        &[LabKey::Down, LabKey::Select],
    );
    insta::assert_snapshot!("drift_feature_80x24", draw(&found, 80, 24).backend());
}

#[test]
fn drift_lab_at_60x20_and_every_size() {
    let app = drift_psi();
    assert!(text(&app, 60, 20).contains("PSI"));
    for w in (1..=200).step_by(13).chain([60, 80]) {
        for h in (1..=60).step_by(5).chain([20, 24]) {
            draw(&app, w, h);
        }
    }
}

fn decay_midway() -> App {
    let mut keys = vec![LabKey::Right; 15];
    keys.extend([LabKey::Char('b'); 14]);
    lab("drift/silent-decay", &keys)
}

#[test]
fn decay_lab_at_80x24() {
    insta::assert_snapshot!("decay_80x24", draw(&decay_midway(), 80, 24).backend());
    let mut keys = vec![LabKey::Right; 15];
    keys.extend([LabKey::Char('b'); 30]);
    let ended = lab("drift/silent-decay", &keys);
    insta::assert_snapshot!("decay_ended_80x24", draw(&ended, 80, 24).backend());
}

#[test]
fn decay_lab_at_60x20_and_every_size() {
    let app = decay_midway();
    let small = text(&app, 60, 20);
    assert!(
        small.contains("batch 14/30") && small.contains("one batch"),
        "{small}"
    );
    for w in (1..=200).step_by(13).chain([60, 80]) {
        for h in (1..=60).step_by(5).chain([20, 24]) {
            draw(&app, w, h);
        }
    }
}

fn changepoints_tuned() -> App {
    // The window dial up by 15 rows, then back to the threshold, up by 0.40.
    let mut keys = vec![LabKey::Up];
    keys.extend([LabKey::CoarseRight; 3]);
    keys.push(LabKey::Down);
    keys.extend([LabKey::CoarseRight; 4]);
    lab("drift/change-points", &keys)
}

#[test]
fn changepoints_lab_at_80x24() {
    insta::assert_snapshot!(
        "changepoints_80x24",
        draw(&changepoints_tuned(), 80, 24).backend()
    );
    let start = lab("drift/change-points", &[]);
    insta::assert_snapshot!("changepoints_start_80x24", draw(&start, 80, 24).backend());
}

#[test]
fn changepoints_lab_at_60x20_and_every_size() {
    let app = changepoints_tuned();
    let small = text(&app, 60, 20);
    assert!(
        small.contains("recall") && small.contains("marked"),
        "{small}"
    );
    for w in (1..=200).step_by(13).chain([60, 80]) {
        for h in (1..=60).step_by(5).chain([20, 24]) {
            draw(&app, w, h);
        }
    }
}

/// The label-errors lesson's lab after finding the suspects, fixing the top k and
/// retraining.
fn label_noise_fixed() -> App {
    lab(
        "data-quality/label-errors",
        &[LabKey::Char('f'), LabKey::Char('x'), LabKey::Char('t')],
    )
}

#[test]
fn label_noise_lab_at_80x24() {
    let app = label_noise_fixed();
    let screen = text(&app, 80, 24);
    for shown in [
        "clean 0.993",
        "noisy 0.887",
        "now 0.958",
        "precision 0.81",
        "recall 0.58",
        "✓ goal met",
    ] {
        assert!(
            screen.contains(shown),
            "`{shown}` is not on screen:\n{screen}"
        );
    }
    insta::assert_snapshot!("label_noise_fixed_80x24", draw(&app, 80, 24).backend());
}

#[test]
fn label_noise_lab_at_60x20_and_every_size() {
    let app = label_noise_fixed();
    for (w, h) in [(60, 20), (100, 30), (200, 60)] {
        let screen = text(&app, w, h);
        assert!(
            screen.contains("test accuracy ≥ 0.95"),
            "{w}×{h}:\n{screen}"
        );
        assert!(screen.contains("0.958"), "{w}×{h}:\n{screen}");
    }
}
