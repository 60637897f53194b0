use super::*;
use crate::labs::LabKey;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn step(toml_text: &str) -> DriftLabSpec {
    let crate::catalog::LabSpec::Drift(spec) = crate::labs::test_spec(&format!(
        "lab = \"drift\"\ndataset = \"breast_cancer\"\n{toml_text}"
    )) else {
        unreachable!("a drift lab")
    };
    spec
}

const SIX: &str = "features = [\"mean_radius\", \"mean_texture\", \"mean_smoothness\", \"mean_compactness\", \"mean_symmetry\", \"mean_fractal_dimension\"]";

fn psi_lab() -> DriftLab {
    start(
        &step("goal = { find = \"smallest_major_psi\", feature = \"mean_texture\" }"),
        None,
    )
    .unwrap()
}

fn drifted_lab() -> DriftLab {
    drifted_lab_for(None)
}

fn drifted_lab_for(learner: Option<u64>) -> DriftLab {
    start(
        &step(&format!("{SIX}\ngoal = {{ find = \"drifted_feature\" }}")),
        learner,
    )
    .unwrap()
}

fn render_text(lab: &DriftLab, width: u16, height: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal
        .draw(|f| lab.render(f.area(), f.buffer_mut(), &Theme::mono()))
        .unwrap();
    let buffer = terminal.backend().buffer().clone();
    (0..height)
        .map(|y| {
            (0..width)
                .map(|x| buffer[(x, y)].symbol().to_string())
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn the_split_is_two_seeded_halves_of_every_row() {
    let lab = psi_lab();
    assert_eq!(lab.data.reference_rows, 285);
    assert_eq!(lab.data.current_rows, 284);
    assert_eq!(
        lab.features().len(),
        30,
        "every numeric column but the target"
    );
    assert_eq!(lab.features()[lab.cursor], "mean_texture");
    let again = psi_lab();
    assert_eq!(lab.data.reference, again.data.reference);
}

#[test]
fn keys_move_the_feature_the_dial_the_kind_and_the_window() {
    let mut lab = drifted_lab();
    assert_eq!(lab.cursor, 0);
    assert!(!lab.press(LabKey::Up), "already at the top");
    lab.press(LabKey::Down);
    assert_eq!(lab.cursor, 1);
    lab.press(LabKey::Right);
    lab.press(LabKey::CoarseRight);
    assert_eq!(lab.shift(), Shift::new(ShiftKind::MeanOffset, 6));
    lab.press(LabKey::Left);
    assert_eq!(lab.shift().describe(), "mean offset +0.25 sd");
    assert!(
        lab.shifts[0].is_none(),
        "other features keep their own dial"
    );
    lab.press(LabKey::Char('c'));
    assert_eq!(lab.shift(), Shift::new(ShiftKind::Scale, 0));
    lab.press(LabKey::Char('c'));
    lab.press(LabKey::Char('c'));
    assert_eq!(lab.shift().kind, ShiftKind::Missing);
    lab.press(LabKey::Right);
    lab.press(LabKey::Char('r'));
    assert!(lab.shift().is_none());
    lab.press(LabKey::Char('w'));
    assert_eq!(lab.size, WindowSize::Small);
    assert_eq!(
        lab.stats().unwrap().drift.as_ref().unwrap().current_count,
        50
    );
    lab.press(LabKey::Char('w'));
    lab.press(LabKey::Char('w'));
    assert_eq!(lab.size, WindowSize::Halves);
    assert!(!lab.press(LabKey::Char('x')));
}

#[test]
fn the_smallest_major_psi_goal_is_reachable_by_stepping_and_confirming() {
    let mut lab = psi_lab();
    assert!(lab.goal_met().is_none());
    let (smallest, psi, below) = lab.smallest_major_offset().unwrap();
    assert!(psi >= 0.25 && below < 0.25);
    assert!(
        (6..=14).contains(&smallest),
        "near the half sd the lesson predicts: {smallest}"
    );
    // Enter on the unshifted feature explains what it confirms.
    lab.press(LabKey::Select);
    assert!(
        lab.feedback
            .as_ref()
            .unwrap()
            .message
            .contains("positive mean offset")
    );
    assert_eq!(lab.tries, 0);
    // The learner's search: step right and confirm until it is accepted.
    let mut presses = 0;
    while lab.goal_met().is_none() && presses < 60 {
        lab.press(LabKey::Right);
        lab.press(LabKey::Select);
        presses += 1;
    }
    assert_eq!(presses, smallest);
    assert_eq!(lab.tries as i32, smallest);
    let met = lab.goal_met().unwrap();
    assert!(
        met.contains(&format!("{:+.2} sd", smallest as f64 * STEP)),
        "{met}"
    );
    // One step past it is refused with a reason.
    let mut past = psi_lab();
    for _ in 0..=smallest {
        past.press(LabKey::Right);
    }
    past.press(LabKey::Select);
    assert!(past.goal_met().is_none());
    assert!(past.feedback.unwrap().message.contains("smaller offset"));
}

/// The fair-puzzle property: the drifted feature has the largest normed Wasserstein
/// distance, and no other feature is flagged by KS (no false lead). KS itself may miss a
/// change of scale at this sample size: that is part of what the lab teaches.
fn assert_fair(lab: &DriftLab, what: &str) {
    let hidden = lab.hidden().unwrap();
    assert_eq!(read_the_stats(lab), hidden.feature, "{what}: {hidden:?}");
    for (i, name) in lab.features().iter().enumerate() {
        let d = lab.stats_of(i).unwrap().drift.clone().unwrap();
        if i != hidden.feature {
            assert!(d.ks.p_value > 0.05, "{what}, {name}: a false lead {d:?}");
        }
    }
}

/// The feature a reader of the table picks: the largest normed Wasserstein distance.
fn read_the_stats(lab: &DriftLab) -> usize {
    (0..lab.features().len())
        .max_by(|&a, &b| {
            let w = |f: usize| {
                lab.stats_of(f)
                    .unwrap()
                    .drift
                    .as_ref()
                    .unwrap()
                    .wasserstein_norm
            };
            w(a).total_cmp(&w(b))
        })
        .unwrap()
}

fn answer(lab: &mut DriftLab, feature: usize) {
    while lab.cursor > feature {
        lab.press(LabKey::Up);
    }
    while lab.cursor < feature {
        lab.press(LabKey::Down);
    }
    lab.press(LabKey::Select);
}

#[test]
fn the_drifted_feature_is_found_by_reading_the_stats() {
    let mut lab = drifted_lab();
    assert!(lab.goal_met().is_none());
    assert_fair(&lab, "lesson seed");
    let pick = read_the_stats(&lab);
    assert_eq!(pick, lab.hidden().unwrap().feature);
    answer(&mut lab, pick);
    let met = lab.goal_met().unwrap();
    assert!(met.contains(&lab.features()[pick]), "{met}");
    assert!(met.ends_with("Found at first look."), "{met}");
}

#[test]
fn a_wrong_guess_reveals_the_shift_and_draws_a_new_one_so_guessing_never_pays() {
    let mut lab = drifted_lab();
    let first = lab.hidden().unwrap();
    let wrong = (first.feature + 1) % lab.features().len();
    answer(&mut lab, wrong);
    assert!(lab.goal_met().is_none());
    let feedback = lab.feedback.clone().unwrap();
    assert!(!feedback.right);
    assert!(
        feedback
            .message
            .contains(&format!("It was {}", lab.features()[first.feature])),
        "{}",
        feedback.message
    );
    assert_eq!(lab.revealed, 1);
    // A new shift, on neither the revealed feature nor the one answered: a fair puzzle.
    let next = lab.hidden().unwrap();
    assert_ne!(next.feature, first.feature);
    assert_ne!(next.feature, wrong);
    assert_fair(&lab, "round 1");
    // Trying the revealed feature, or walking on to the next, is a guess like any other;
    // reading the table finds the new one.
    let pick = read_the_stats(&lab);
    answer(&mut lab, pick);
    assert!(
        lab.goal_met()
            .unwrap()
            .ends_with("Found at first look, after 1 revealed."),
        "{:?}",
        lab.goal_met()
    );
}

#[test]
fn missing_values_rise_while_the_tests_stay_calm() {
    let mut lab = drifted_lab();
    lab.press(LabKey::Char('c'));
    lab.press(LabKey::Char('c'));
    lab.press(LabKey::Char('c'));
    for _ in 0..8 {
        lab.press(LabKey::Right);
    }
    let (reference, current) = lab.missing_shares();
    assert_eq!(reference, 0.0);
    assert!((current - 0.40).abs() < 0.01, "{current}");
    let d = lab.stats().unwrap().drift.clone().unwrap();
    assert!(d.ks.p_value > 0.05 && d.psi < 0.25, "{d:?}");
    assert!(render_text(&lab, 80, 12).contains("rose"));
}

#[test]
fn large_windows_flag_a_tiny_offset_that_distances_call_small() {
    let mut lab = psi_lab();
    lab.press(LabKey::Char('w'));
    lab.press(LabKey::Char('w'));
    assert_eq!(lab.size, WindowSize::Large);
    lab.press(LabKey::Right); // +0.05 sd
    let d = lab.stats().unwrap().drift.clone().unwrap();
    assert_eq!(d.current_count, 50_000);
    assert!(d.ks.p_value < 1e-6, "{}", d.ks.p_value);
    assert!(d.wasserstein_norm < 0.1, "{}", d.wasserstein_norm);
    // In 50-row windows the test cannot tell, and distances swing on noise alone.
    lab.press(LabKey::Char('w'));
    lab.press(LabKey::Char('w'));
    assert_eq!(lab.size, WindowSize::Small);
    assert!(lab.stats().unwrap().drift.as_ref().unwrap().ks.p_value > 1e-3);
    lab.press(LabKey::Char('r'));
    let noise = lab.stats().unwrap().drift.clone().unwrap();
    assert!(noise.wasserstein_norm > 0.1, "{}", noise.wasserstein_norm);
}

#[test]
fn renders_at_both_sizes_with_statistics_in_words() {
    let mut lab = psi_lab();
    for _ in 0..10 {
        lab.press(LabKey::Right);
    }
    let wide = render_text(&lab, 80, 24);
    for word in [
        "█ reference",
        "▒ current",
        "KS",
        "PSI",
        "W normed",
        "JS",
        "major",
    ] {
        assert!(wide.contains(word), "{word} missing:\n{wide}");
    }
    let narrow = render_text(&lab, 60, 20);
    assert!(narrow.contains("PSI"), "{narrow}");
    for (w, h) in [(80, 12), (60, 9), (20, 3), (1, 1)] {
        render_text(&lab, w, h);
    }
}

#[test]
fn a_feature_that_is_not_numeric_is_explained() {
    // The catalog checks lesson files; a spec built by hand still gets a clear error.
    let mut spec = step("goal = { find = \"drifted_feature\" }");
    spec.features = Some(vec!["nope".into(), "mean_radius".into()]);
    assert!(
        start(&spec, None)
            .err()
            .unwrap()
            .contains("no numeric column 'nope'")
    );
}

#[test]
fn a_feature_list_longer_than_the_panel_marks_where_the_rest_is() {
    let mut lab = psi_lab(); // all 30 numeric features of breast_cancer
    let top = render_text(&lab, 80, 16);
    assert!(top.contains("↓ ") && !top.contains("↑ "), "{top}");
    for _ in 0..40 {
        lab.press(LabKey::Down);
    }
    let bottom = render_text(&lab, 80, 16);
    assert!(bottom.contains("↑ ") && !bottom.contains("↓ "), "{bottom}");
}

#[test]
fn each_learner_gets_their_own_hidden_shift_and_it_is_always_a_fair_puzzle() {
    let mut features = std::collections::BTreeSet::new();
    for learner in 0..40u64 {
        let seed = crate::labs::learner_seed(&format!("2026-03-{learner:02}T10:00:00Z"));
        let mut lab = drifted_lab_for(Some(seed));
        let hidden = lab.hidden().unwrap();
        assert_eq!(
            drifted_lab_for(Some(seed)).hidden(),
            Some(hidden),
            "one learner, one shift"
        );
        features.insert(hidden.feature);
        assert_fair(&lab, &format!("learner {learner}"));
        // Later rounds (after wrong answers) are fair puzzles too.
        for wrong_answers in 1..3 {
            let wrong = (lab.hidden().unwrap().feature + 1) % lab.features().len();
            answer(&mut lab, wrong);
            assert_fair(&lab, &format!("learner {learner}, {wrong_answers} wrong"));
        }
    }
    assert!(
        features.len() >= 5,
        "shifts spread over the features: {features:?}"
    );
}
