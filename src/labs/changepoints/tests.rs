use super::*;
use crate::labs::LabKey;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn lab() -> ChangeLab {
    let crate::catalog::LabSpec::ChangePoints(spec) = crate::labs::test_spec(
        "lab = \"changepoints\"\ndataset = \"occupancy\"\ncolumn = \"light_lux\"\ngoal = { min_recall = 0.6, max_false_alarms = 3, tolerance = 10 }",
    ) else {
        unreachable!("a change-points lab")
    };
    start(&spec).unwrap()
}

fn render_text(lab: &ChangeLab, width: u16, height: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal
        .draw(|f| lab.render(f.area(), f.buffer_mut(), &Theme::mono()))
        .unwrap();
    format!("{}", terminal.backend())
}

#[test]
fn short_windows_start_with_a_burst_of_false_alarms() {
    let lab = lab();
    assert_eq!(lab.column_name(), "light_lux");
    assert_eq!((lab.window, lab.threshold()), (5, 0.5));
    assert_eq!(lab.changes, [53, 91, 142, 181, 236, 264, 416, 451, 506]);
    assert!(lab.goal_met().is_none());
    assert!(lab.score().false_alarms.len() > 10, "{:?}", lab.score());
}

#[test]
fn arrows_choose_a_dial_and_turn_it() {
    let mut lab = lab();
    assert_eq!(
        lab.dial,
        Dial::Threshold,
        "the threshold is the first dial in hand"
    );
    lab.press(LabKey::Right);
    lab.press(LabKey::CoarseRight);
    assert!((lab.threshold() - 0.62).abs() < 1e-12);
    lab.press(LabKey::Up);
    assert_eq!(lab.dial, Dial::Window);
    lab.press(LabKey::Right);
    lab.press(LabKey::CoarseRight);
    assert_eq!(lab.window, 11);
    for _ in 0..100 {
        lab.press(LabKey::Left);
    }
    assert_eq!(lab.window, MIN_WINDOW);
    lab.press(LabKey::Up);
    assert_eq!(lab.dial, Dial::Statistic);
    lab.press(LabKey::Right);
    assert_eq!(lab.statistic, Statistic::Psi);
    assert!((lab.threshold() - 3.1).abs() < 1e-12);
    lab.press(LabKey::Down);
    lab.press(LabKey::Down);
    assert_eq!(lab.dial, Dial::Threshold);
    lab.press(LabKey::Down);
    assert_eq!(lab.dial, Dial::Threshold, "the last dial stays selected");
    for _ in 0..100 {
        lab.press(LabKey::CoarseRight);
    }
    assert!((lab.threshold() - 15.0).abs() < 1e-9, "clamped");
    lab.press(LabKey::Up);
    lab.press(LabKey::Up);
    lab.press(LabKey::Left);
    assert_eq!(lab.threshold(), 1.0, "KS D stops at 1");
    lab.press(LabKey::Up);
    assert_eq!(lab.dial, Dial::Column);
    lab.press(LabKey::Right);
    assert_eq!(lab.column_name(), "co2_ppm");
    lab.press(LabKey::Left);
    lab.press(LabKey::Left);
    assert_ne!(lab.column_name(), "light_lux", "the series wrap around");
    lab.press(LabKey::Char('r'));
    assert_eq!(
        (lab.column_name(), lab.window, lab.statistic),
        ("light_lux", 5, Statistic::Ks)
    );
    assert!((lab.threshold() - 0.5).abs() < 1e-12);
    assert!(!lab.press(LabKey::Char('x')));
}

#[test]
fn the_bundled_goal_is_reachable_by_searching_window_and_threshold() {
    let mut lab = lab();
    let mut solutions = Vec::new();
    for window in MIN_WINDOW..=MAX_WINDOW {
        lab.set_window(window);
        for steps in 0..=50 {
            lab.set_threshold_steps(steps);
            let s = lab.score();
            if s.recall() >= 0.6 && s.false_alarms.len() <= 3 {
                solutions.push((window, steps));
            }
        }
    }
    assert!(!solutions.is_empty());
    let met = lab
        .goal_met()
        .expect("the search passed through a solution");
    assert!(met.starts_with("recall "), "{met}");
    // Not trivial: the short default windows and a permissive threshold fail.
    assert!(!solutions.contains(&(5, 25)));
    assert!(
        solutions.iter().all(|&(w, steps)| w >= 10 && steps >= 30),
        "wide enough windows and a strict threshold, both: {solutions:?}"
    );
}

#[test]
fn renders_markers_for_changes_hits_and_false_alarms() {
    let mut lab = lab();
    lab.set_window(20);
    lab.set_threshold_steps(45);
    let text = render_text(&lab, 80, 13);
    for part in ["▼", "▲", "marked", "found", "light_lux", "recall"] {
        assert!(text.contains(part), "{part}:\n{text}");
    }
    render_text(&lab, 60, 9);
    for (w, h) in [(80, 24), (60, 20), (12, 4), (1, 1)] {
        render_text(&lab, w, h);
    }
}

/// Every (window, KS threshold) that meets the lesson's goal.
fn ks_settings_meeting_the_goal() -> Vec<(usize, f64)> {
    let mut lab = lab();
    let mut found = Vec::new();
    for w in MIN_WINDOW..=MAX_WINDOW {
        lab.set_window(w);
        for steps in 0..=lab.max_steps() {
            lab.set_threshold_steps(steps);
            if met_by(&lab.goal.unwrap(), lab.score()) {
                found.push((w, lab.threshold()));
            }
        }
    }
    found
}

#[test]
fn the_goal_is_reachable_at_a_moderate_threshold_not_only_at_d_one() {
    let found = ks_settings_meeting_the_goal();
    // A 30-row window (8 hours) meets it from KS D 0.74 to 0.80: windows long enough to
    // tell a change from noise, with a threshold well below the maximum.
    for t in [0.74, 0.76, 0.78, 0.80] {
        assert!(
            found.iter().any(|&(w, d)| w == 30 && (d - t).abs() < 1e-9),
            "window 30, D {t}: {found:?}"
        );
    }
    assert!(found.iter().any(|&(_, d)| d <= 0.70), "{found:?}");
}

#[test]
fn flagging_every_row_does_not_meet_the_goal() {
    let mut lab = lab();
    for w in [MIN_WINDOW, 10, 30, MAX_WINDOW] {
        lab.set_window(w);
        lab.set_threshold_steps(0);
        assert!(lab.goal_met().is_none(), "window {w}: {:?}", lab.score());
    }
}
