use super::*;
use crate::labs::LabKey;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn step() -> DecayLabSpec {
    let crate::catalog::LabSpec::Decay(spec) = crate::labs::test_spec(
        "lab = \"decay\"\ndataset = \"phishing\"\nseed = 7\nlabel_delay = 2\ngoal = { catch_within = 3, max_false_alarms = 1 }",
    ) else {
        unreachable!("a decay lab")
    };
    spec
}

fn lab() -> DecayLab {
    let mut lab = start(&step(), None).unwrap();
    lab.wait();
    assert!(lab.run().is_some(), "the scenario builds");
    lab
}

fn play_to_end(lab: &mut DecayLab) {
    while lab.advance() {
        lab.wait();
    }
}

fn mean(v: impl Iterator<Item = f64>) -> f64 {
    let v: Vec<f64> = v.collect();
    v.iter().sum::<f64>() / v.len() as f64
}

fn render_text(lab: &DecayLab, width: u16, height: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal
        .draw(|f| lab.render(f.area(), f.buffer_mut(), &Theme::mono()))
        .unwrap();
    format!("{}", terminal.backend())
}

#[test]
fn the_scenario_is_seeded_and_the_model_decays_silently_after_the_onset() {
    let mut lab = lab();
    let scenario = Arc::clone(&lab.run().unwrap().scenario);
    let again = Scenario::build("phishing", 7).unwrap();
    assert_eq!(again.onset, scenario.onset);
    assert!((10..17).contains(&scenario.onset), "{}", scenario.onset);
    let names: Vec<&str> = scenario.mimicked.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["empty_server_form_handler", "https"]);
    assert_eq!(scenario.training_rows, 312);
    play_to_end(&mut lab);
    let run = lab.run().unwrap();
    let onset = scenario.onset;
    let before = mean(run.batches[..onset].iter().map(|b| b.accuracy));
    let late = mean(run.batches[onset + 6..].iter().map(|b| b.accuracy));
    assert!(before > 0.85, "{before}");
    assert!(late < before - 0.2, "accuracy {before:.3} → {late:.3}");
    let psi_before = mean(run.batches[..onset].iter().map(|b| b.psi));
    let psi_late = mean(run.batches[onset + 6..].iter().map(|b| b.psi));
    assert!(
        psi_late > 3.0 * psi_before,
        "{psi_before:.3} → {psi_late:.3}"
    );
}

#[test]
fn keys_step_time_move_the_threshold_and_switch_the_signal() {
    let mut lab = lab();
    assert_eq!(lab.threshold(), 0.10);
    lab.press(LabKey::Right);
    lab.press(LabKey::CoarseRight);
    assert_eq!(lab.psi_threshold, 21);
    lab.press(LabKey::Char('g'));
    assert_eq!(lab.signal, Signal::Accuracy);
    assert_eq!(lab.threshold(), 0.80);
    lab.press(LabKey::CoarseLeft);
    assert_eq!(lab.accuracy_threshold, 70);
    lab.press(LabKey::Char('b'));
    lab.press(LabKey::Char('b'));
    assert_eq!(lab.run().unwrap().batches.len(), 2);
    assert_eq!(lab.run().unwrap().labelled(2), 0, "labels two batches late");
    lab.press(LabKey::Char('o'));
    assert!(lab.auto_retrain);
    lab.press(LabKey::Select);
    assert!(lab.playing() && lab.busy());
    lab.press(LabKey::Select);
    assert!(!lab.playing());
    lab.press(LabKey::Char('r'));
    assert!(lab.run().unwrap().batches.is_empty());
    assert_eq!(lab.accuracy_threshold, 70, "settings survive a restart");
    assert!(!lab.press(LabKey::Char('x')));
}

#[test]
fn accuracy_alerts_wait_for_the_labels() {
    let mut lab = lab();
    lab.press(LabKey::Char('g'));
    lab.accuracy_threshold = 100; // every labelled batch is below 1.00
    for _ in 0..4 {
        lab.advance();
    }
    let at: Vec<usize> = lab.run().unwrap().alerts.iter().map(|a| a.at).collect();
    assert_eq!(at, [2, 3], "batch 1's labels arrive with batch 3");
    let first = lab.run().unwrap().alerts[0];
    assert_eq!(first.value, lab.run().unwrap().batches[0].accuracy);
}

#[test]
fn doing_nothing_does_not_meet_the_goal_and_the_onset_stays_hidden() {
    let mut lab = lab();
    for _ in 0..BATCHES - 1 {
        lab.advance();
    }
    assert!(!render_text(&lab, 80, 14).contains("onset   batch"));
    lab.advance();
    assert!(lab.run().unwrap().ended());
    let v = lab.run().unwrap().verdict();
    assert!(
        v.false_alarms > 1,
        "PSI 0.10 alarms on noise in 100-row batches: {v:?}"
    );
    assert!(lab.goal_met().is_none());
    let text = render_text(&lab, 80, 14);
    assert!(text.contains("onset   batch"), "{text}");
    assert!(text.contains("Not met"), "{text}");
}

#[test]
fn a_threshold_that_meets_the_goal_exists_and_is_found_by_search() {
    let mut lab = lab();
    let mut found = None;
    for hundredths in 1..=300 {
        lab.press(LabKey::Char('r'));
        lab.psi_threshold = hundredths;
        play_to_end(&mut lab);
        if lab.goal_met().is_some() {
            found = Some(hundredths);
            break;
        }
    }
    let found = found.expect("some PSI threshold meets the bundled goal");
    let met = lab.goal_met().unwrap();
    assert!(met.contains("after the onset"), "{met}");
    // Not trivially: the thresholds either side of the working band fail.
    let mut strict = self::lab();
    strict.psi_threshold = 300;
    play_to_end(&mut strict);
    assert!(strict.goal_met().is_none());
    assert!(found > 10, "the default 0.10 is too sensitive: {found}");
}

#[test]
fn retraining_on_recent_labelled_batches_restores_accuracy() {
    let mut plain = lab();
    play_to_end(&mut plain);
    let onset = plain.run().unwrap().scenario.onset;
    let mut fixed = lab();
    for _ in 0..onset + 7 {
        fixed.advance();
    }
    assert!(fixed.press(LabKey::Char('t')));
    assert!(fixed.busy());
    fixed.wait();
    play_to_end(&mut fixed);
    let after = |lab: &DecayLab| {
        mean(
            lab.run().unwrap().batches[onset + 7..]
                .iter()
                .map(|b| b.accuracy),
        )
    };
    let (without, with) = (after(&plain), after(&fixed));
    assert!(
        with > 0.75 && with > without + 0.12,
        "{without:.3} vs {with:.3}"
    );
    let run = fixed.run().unwrap();
    assert_eq!(run.retrains.len(), 1);
    assert_eq!(run.retrains[0].0, onset + 7);
    // Labels two batches late: batches onset+2 ..= onset+4 (0-based) are the newest labelled.
    assert_eq!(
        run.model().trained_on,
        format!("batches {}–{}", onset + 3, onset + 5)
    );
    assert_eq!(run.batches[onset + 7].model, 1);
}

#[test]
fn retraining_needs_labels_and_renders_at_both_sizes() {
    let mut lab = lab();
    lab.press(LabKey::Char('t'));
    assert!(
        lab.run()
            .unwrap()
            .note
            .as_deref()
            .unwrap()
            .contains("No labelled")
    );
    for _ in 0..12 {
        lab.advance();
    }
    let wide = render_text(&lab, 80, 24);
    for part in ["batch", "acc", "PSI", "alert", "▲"] {
        assert!(wide.contains(part), "{part}:\n{wide}");
    }
    render_text(&lab, 60, 20);
    for (w, h) in [(80, 12), (60, 9), (10, 3), (1, 1)] {
        render_text(&lab, w, h);
    }
}

#[test]
fn any_two_class_dataset_makes_a_scenario_and_others_are_refused() {
    let scenario = Scenario::build("breast_cancer", 3).unwrap();
    assert_eq!(scenario.positive, "malignant");
    assert_eq!(scenario.training_rows, 142);
    let first = scenario.first_model().unwrap();
    assert_eq!(first.scores.len(), BATCHES * BATCH_ROWS);
    assert!(
        Scenario::build("iris", 3)
            .unwrap_err()
            .contains("two-class target")
    );
}

#[test]
fn each_learner_gets_their_own_onset_and_every_onset_can_be_caught() {
    let mut onsets = std::collections::BTreeMap::new();
    for learner in 0..60u64 {
        let seed = crate::labs::learner_seed(&format!("learner {learner}"));
        let scenario = Scenario::build_for("phishing", 7, Some(seed)).unwrap();
        onsets.entry(scenario.onset).or_insert(seed);
    }
    assert_eq!(
        onsets.len(),
        scenario::ONSET_CHOICES,
        "every onset is somebody's: {onsets:?}"
    );
    for (onset, seed) in onsets {
        let mut lab = start(&step(), Some(seed)).unwrap();
        lab.wait();
        assert_eq!(lab.run().unwrap().scenario.onset, onset);
        let found = (5..=300).find(|&hundredths| {
            lab.press(LabKey::Char('r'));
            lab.psi_threshold = hundredths;
            play_to_end(&mut lab);
            lab.goal_met().is_some()
        });
        assert!(
            found.is_some(),
            "onset at batch {}: no PSI threshold catches it",
            onset + 1
        );
    }
}

#[test]
fn a_two_class_dataset_with_text_features_makes_a_scenario() {
    let scenario = Scenario::build("german_credit", 3).unwrap();
    assert_eq!(scenario.positive, "bad");
    assert_eq!(
        scenario.first_model().unwrap().scores.len(),
        BATCHES * BATCH_ROWS
    );
}
