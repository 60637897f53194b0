//! Every lab in the bundled lessons starts, and its goal can be reached by a learner
//! who explores the lab's controls (proof that no lesson asks the impossible).

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
    }
}

#[test]
fn every_train_lab_goal_is_reachable_with_some_model_seed_or_features() {
    let steps = bundled_lab_steps(LabKind::Train);
    assert!(steps.len() >= 3, "train labs in foundations and metrics");
    for (lesson, step) in steps {
        let mut lab = labs::start(&step.spec)
            .expect("not a self-assessment")
            .unwrap_or_else(|e| panic!("{lesson}: {e}"));
        settle(&mut lab);
        // Exploring: every model and a few seeds with the lesson's features, then again
        // with every feature switched on.
        'search: for all_features in [false, true] {
            if all_features {
                lab.handle(LabKey::Char('a'));
                lab.handle(LabKey::Char('t'));
                settle(&mut lab);
            }
            for _model in 0..4 {
                for _seed in 0..3 {
                    if lab.goal_met().is_some() {
                        break 'search;
                    }
                    lab.handle(LabKey::Char('s'));
                    lab.handle(LabKey::Char('t'));
                    settle(&mut lab);
                }
                lab.handle(LabKey::Char('m'));
            }
        }
        assert!(
            lab.goal_met().is_some(),
            "{lesson}: no model, seed or feature set meets the goal"
        );
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
                    running.goal_met().is_none() || lab.kind() == LabKind::Train,
                    "{}: met before the learner did anything",
                    lesson.id
                );
                started += 1;
            }
        }
    }
    assert!(started >= 9, "{started} labs");
}
