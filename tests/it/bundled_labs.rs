//! Every lab in the bundled lessons starts with its goal unmet, its goal can be reached
//! by a learner who explores the lab's controls (proof that no lesson asks the
//! impossible), and not by the shortcut that would defeat the lesson.

use mlpath::catalog::{self, LabKind, Step};
use mlpath::labs::{self, Lab, LabKey};

fn bundled_lab_steps(kind: LabKind) -> Vec<(String, mlpath::catalog::LabStep)> {
    let catalog = catalog::load(&[]);
    assert!(catalog.problems.is_empty(), "{:?}", catalog.problems);
    catalog
        .lessons()
        .flat_map(|l| {
            l.steps.iter().filter_map(move |s| match s {
                Step::Lab(lab) if lab.kind() == kind => Some((l.id.clone(), lab.clone())),
                _ => None,
            })
        })
        .collect()
}

fn settle(lab: &mut Box<dyn Lab>) {
    for _ in 0..20_000 {
        lab.poll();
        if !lab.busy() {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
    panic!("the lab never finished its background work");
}

#[test]
fn every_threshold_lab_goal_is_reachable_by_moving_the_threshold() {
    let steps = bundled_lab_steps(LabKind::Threshold);
    assert!(steps.len() >= 2, "the metrics track has threshold labs");
    for (lesson, step) in steps {
        let mut lab = labs::start(&step.spec)
            .expect("not a self-assessment")
            .unwrap_or_else(|e| panic!("{lesson}: {e}"));
        settle(&mut lab);
        for _ in 0..60 {
            lab.handle(LabKey::Left);
        }
        for _ in 0..110 {
            if lab.goal_met().is_some() {
                break;
            }
            lab.handle(LabKey::Right);
        }
        assert!(
            lab.goal_met().is_some(),
            "{lesson}: no threshold meets the goal"
        );
        assert!(
            lab.goal_line().now.is_some(),
            "{lesson}: the goal line shows the numbers it names"
        );
    }
}

#[test]
fn every_train_lab_goal_is_reachable_with_some_model_or_features_at_the_lessons_seed() {
    let steps = bundled_lab_steps(LabKind::Train);
    assert!(steps.len() >= 3, "train labs in foundations and metrics");
    for (lesson, step) in steps {
        let mut lab = labs::start(&step.spec)
            .expect("not a self-assessment")
            .unwrap_or_else(|e| panic!("{lesson}: {e}"));
        settle(&mut lab);
        // Exploring: every model with the lesson's features, then with every feature, then
        // (for one model) features added one at a time. The seed stays the lesson's.
        'search: for all_features in [false, true] {
            if all_features {
                lab.handle(LabKey::Char('a'));
            }
            for _model in 0..4 {
                lab.handle(LabKey::Char('t'));
                settle(&mut lab);
                if lab.goal_met().is_some() {
                    break 'search;
                }
                lab.handle(LabKey::Char('m'));
            }
        }
        if lab.goal_met().is_none() {
            lab.handle(LabKey::Char('r'));
            for _feature in 0..12 {
                lab.handle(LabKey::Down);
                lab.handle(LabKey::Select);
                lab.handle(LabKey::Char('t'));
                settle(&mut lab);
                if lab.goal_met().is_some() {
                    break;
                }
            }
        }
        let met = lab
            .goal_met()
            .unwrap_or_else(|| panic!("{lesson}: no model or feature set meets the goal"));
        assert!(met.starts_with("cross-validated "), "{lesson}: {met}");
    }
}

#[test]
fn no_train_lab_goal_is_met_by_shopping_for_a_seed() {
    for (lesson, step) in bundled_lab_steps(LabKind::Train) {
        let mut lab = labs::start(&step.spec)
            .expect("not a self-assessment")
            .unwrap_or_else(|e| panic!("{lesson}: {e}"));
        settle(&mut lab);
        // Seed 41 lifts the iris trees to 0.955 cross-validated accuracy: a seed that
        // reaches the bound by luck must still not count.
        lab.handle(LabKey::Char('S'));
        for _seed in 0..8 {
            lab.handle(LabKey::Char('t'));
            settle(&mut lab);
            lab.handle(LabKey::Char('s'));
            lab.handle(LabKey::Char('s'));
        }
        assert!(
            lab.goal_met().is_none(),
            "{lesson}: met by re-rolling the split"
        );
    }
}

#[test]
fn no_threshold_lab_goal_is_met_by_flagging_everyone_or_no_one() {
    for (lesson, step) in bundled_lab_steps(LabKind::Threshold) {
        for (key, end) in [
            (LabKey::CoarseLeft, "everyone"),
            (LabKey::CoarseRight, "no one"),
        ] {
            let mut lab = labs::start(&step.spec)
                .expect("not a self-assessment")
                .unwrap_or_else(|e| panic!("{lesson}: {e}"));
            settle(&mut lab);
            // Steps of 0.1 from 0.5 to the end of the slider: a learner who flags
            // everyone (or no one) without looking for the trade-off.
            for _ in 0..6 {
                lab.handle(key);
            }
            assert!(
                lab.goal_met().is_none(),
                "{lesson}: met by flagging {end}: {:?}",
                lab.goal_met()
            );
        }
    }
}

#[test]
fn every_bundled_lab_step_starts() {
    let catalog = catalog::load(&[]);
    let mut started = 0;
    for lesson in catalog.lessons() {
        for step in &lesson.steps {
            if let Step::Lab(lab) = step
                && let Some(running) = labs::start(&lab.spec)
            {
                let mut running = running.unwrap_or_else(|e| panic!("{}: {e}", lesson.id));
                settle(&mut running);
                assert!(
                    running.goal_met().is_none(),
                    "{}: met before the learner did anything",
                    lesson.id
                );
                started += 1;
            }
        }
    }
    assert!(started >= 9, "{started} labs");
}

#[test]
fn every_label_noise_lab_goal_is_reached_by_fixing_and_not_by_turning_the_noise_down() {
    let steps = bundled_lab_steps(LabKind::LabelNoise);
    assert!(
        !steps.is_empty(),
        "the data-quality track has a label-noise lab"
    );
    for (lesson, step) in steps {
        let start = || {
            let mut lab = labs::start(&step.spec)
                .expect("not a self-assessment")
                .unwrap_or_else(|e| panic!("{lesson}: {e}"));
            settle(&mut lab);
            lab
        };
        // No noise at all trains well, but does not count.
        let mut lab = start();
        assert!(lab.goal_met().is_none(), "{lesson}: met at the start");
        for _ in 0..20 {
            lab.handle(LabKey::Left);
        }
        lab.handle(LabKey::Char('t'));
        settle(&mut lab);
        assert!(lab.goal_met().is_none(), "{lesson}: met without noise");
        // Find, fix the top k, retrain: met.
        let mut lab = start();
        for key in ['f', 'x', 't'] {
            lab.handle(LabKey::Char(key));
            settle(&mut lab);
        }
        assert!(
            lab.goal_met().is_some(),
            "{lesson}: fixing the suspects does not reach the goal: {:?}",
            lab.goal_line()
        );
    }
}
