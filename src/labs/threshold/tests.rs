use super::*;
use crate::labs::LabKey;

fn scored() -> Scored {
    Scored {
        labels: vec![true, true, true, false, false, false, false, true],
        scores: vec![0.9, 0.8, 0.4, 0.35, 0.2, 0.6, 0.1, 0.55],
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
    assert_eq!(
        counts.tp + counts.fn_,
        53,
        "53 malignant rows in the stratified test split"
    );
    assert_eq!(counts.n(), 142);
    // Walking the whole range finds the cheapest threshold.
    for _ in 0..100 {
        lab.press(LabKey::Left);
    }
    for _ in 0..100 {
        lab.press(LabKey::Right);
    }
    assert!(lab.goal_met().is_some());
}
