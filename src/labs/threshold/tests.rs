use super::*;
use crate::labs::LabKey;

fn scored() -> Scored {
    Scored {
        labels: vec![true, true, true, false, false, false, false, true],
        scores: vec![0.9, 0.8, 0.4, 0.35, 0.2, 0.6, 0.1, 0.55],
        test: Some((vec![true, false, true], vec![0.7, 0.45, 0.3])),
        positive: "malignant".into(),
        negative: "benign".into(),
        description: "test scores".into(),
    }
}

fn lab(spec: ThresholdSpec) -> ThresholdLab {
    ThresholdLab::new(spec, Job::ready(Ok(scored())))
}

#[test]
fn arrows_move_the_threshold_and_the_counts_follow() {
    let mut l = lab(ThresholdSpec::default());
    assert_eq!(
        l.counts().unwrap(),
        ConfusionCounts {
            tp: 3,
            fp: 1,
            fn_: 1,
            tn: 3
        }
    );
    for _ in 0..15 {
        l.press(LabKey::Left);
    }
    assert!((l.threshold - 0.35).abs() < 1e-12);
    assert_eq!(
        l.counts().unwrap(),
        ConfusionCounts {
            tp: 4,
            fp: 2,
            fn_: 0,
            tn: 2
        }
    );
    l.press(LabKey::CoarseRight);
    assert!((l.threshold - 0.45).abs() < 1e-12);
    for _ in 0..20 {
        l.press(LabKey::CoarseRight);
    }
    assert_eq!(l.threshold, 1.0, "clamped");
}

#[test]
fn a_recall_goal_is_met_by_lowering_the_threshold() {
    let goal = Goal::AtLeast {
        metric: "recall".into(),
        value: 0.95,
    };
    let mut l = lab(ThresholdSpec {
        goal: Some(goal),
        ..Default::default()
    });
    assert!(l.goal_met().is_none());
    for _ in 0..9 {
        l.press(LabKey::Left);
    }
    assert!(
        l.goal_met().is_none(),
        "0.41 still misses the 0.40 positive"
    );
    l.press(LabKey::Left);
    assert_eq!(l.goal_met().unwrap(), "recall 1.000 at threshold 0.40");
}

#[test]
fn a_cost_goal_needs_the_cheapest_threshold_within_the_margin() {
    // FN cost 10, FP cost 1: the cheapest keeps all positives.
    let spec = ThresholdSpec {
        cost_fp: Some(1.0),
        cost_fn: Some(10.0),
        goal: Some(Goal::CostWithin(0.05)),
    };
    let mut l = lab(spec);
    assert_eq!(l.cost(), Some(11.0));
    assert!(l.goal_met().is_none());
    l.press(LabKey::CoarseRight);
    assert_eq!(l.cost(), Some(21.0));
    assert!(l.goal_met().is_none());
    l.press(LabKey::CoarseLeft);
    l.press(LabKey::CoarseLeft);
    assert_eq!(l.cost(), Some(1.0));
    assert!(
        l.goal_met()
            .unwrap()
            .contains("within 5% of the cheapest (1)")
    );
}

#[test]
fn keys_wait_for_training() {
    let mut l = ThresholdLab::new(
        ThresholdSpec::default(),
        Job::spawn(|| {
            std::thread::sleep(std::time::Duration::from_millis(50));
            Ok(scored())
        }),
    );
    assert!(l.busy());
    assert!(!l.press(LabKey::Left));
}

#[test]
fn starts_from_a_lesson_step_on_breast_cancer() {
    let step = crate::catalog::lab_step_from_toml(
        "test",
        "lab = \"threshold\"\ndataset = \"breast_cancer\"\ntarget = \"diagnosis\"\npositive = \"malignant\"\nmodel = \"logistic\"\ncost_fp = 1.0\ncost_fn = 10.0\ngoal = { cost_within = 0.05 }",
    )
    .unwrap();
    let crate::catalog::LabSpec::Threshold(spec) = &step.spec else {
        panic!("a threshold lab")
    };
    let mut lab = start(spec).unwrap();
    while lab.busy() {
        lab.poll();
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    let counts = lab.counts().expect("scores are ready");
    // The learner tunes on the 427 training rows, cross-validated; the 142 test rows
    // (53 malignant) are held back.
    assert_eq!(counts.tp + counts.fn_, 159, "159 malignant training rows");
    assert_eq!(counts.n(), 427);
    let (test_labels, _) = lab.ready().unwrap().data.test.clone().unwrap();
    assert_eq!(test_labels.len(), 142);
    assert_eq!(test_labels.iter().filter(|&&p| p).count(), 53);
    assert!(lab.final_test.is_none());
    // Walking the whole range finds the cheapest threshold.
    for _ in 0..100 {
        lab.press(LabKey::Left);
    }
    for _ in 0..100 {
        lab.press(LabKey::Right);
    }
    assert!(lab.goal_met().is_some());
    let test = lab.final_test.clone().expect("scored once the goal is met");
    assert!(test.starts_with("142 test rows at "), "{test}");
}

fn trade_off() -> ThresholdLab {
    lab(ThresholdSpec {
        goal: Some(Goal::BestWhile {
            metric: "recall".into(),
            value: 0.95,
            best: "precision".into(),
        }),
        ..Default::default()
    })
}

#[test]
fn a_trade_off_goal_is_not_met_by_flagging_everything() {
    let mut l = trade_off();
    assert!(l.goal_met().is_none(), "unmet at the start (recall 0.75)");
    l.set_threshold(0.0);
    assert_eq!(l.counts().unwrap().recall(), 1.0);
    assert!(
        l.goal_met().is_none(),
        "recall 1 at precision 0.5 is the shortcut the goal rules out"
    );
    assert!(l.final_test.is_none(), "the test rows stay unseen");
}

#[test]
fn a_trade_off_goal_is_met_at_the_highest_threshold_that_keeps_the_bound() {
    let mut l = trade_off();
    for _ in 0..10 {
        l.press(LabKey::Left);
    }
    assert_eq!(
        l.goal_met().unwrap(),
        "recall 1.000 with precision 0.800, the best possible, at threshold 0.40"
    );
    // The test rows are scored once, at the threshold that met the goal.
    assert_eq!(
        l.final_test.as_deref(),
        Some("3 test rows at 0.40: recall 0.500 · precision 0.500 · TP 1 FN 1 FP 1 TN 0")
    );
    // Moving on does not score them again.
    l.press(LabKey::CoarseLeft);
    assert!(l.final_test.as_deref().unwrap().contains("at 0.40"));
}

#[test]
fn the_cheapest_threshold_is_one_the_slider_reaches_with_its_ties() {
    let l = lab(ThresholdSpec {
        cost_fp: Some(1.0),
        cost_fn: Some(10.0),
        goal: Some(Goal::CostWithin(0.05)),
    });
    let c = l.ready().unwrap().cheapest.unwrap();
    // Any threshold in (0.35, 0.40] keeps every positive and one false alarm.
    assert_eq!((c.cost, c.from, c.to), (1.0, 0.36, 0.40));
    // Every threshold the screen names costs what the screen says.
    for t in [c.from, c.to] {
        assert_eq!(
            l.ready().unwrap().sweep.counts_at(t).cost(1.0, 10.0),
            c.cost
        );
    }
}

#[test]
fn the_exact_optimum_between_slider_steps_is_not_claimed() {
    // The only zero-cost band is (0.431, 0.436]: no 0.01 step lands in it.
    let data = Scored {
        labels: vec![true, false],
        scores: vec![0.436, 0.431],
        test: None,
        positive: "p".into(),
        negative: "n".into(),
        description: String::new(),
    };
    let l = ThresholdLab::new(
        ThresholdSpec {
            cost_fp: Some(1.0),
            cost_fn: Some(10.0),
            goal: Some(Goal::CostWithin(0.05)),
        },
        Job::ready(Ok(data)),
    );
    let c = l.ready().unwrap().cheapest.unwrap();
    assert_eq!(
        c.cost, 1.0,
        "the cheapest cost the learner can actually set"
    );
    assert_eq!((c.from, c.to), (0.0, 0.43));
}
