use super::*;
use crate::catalog::LabSpec;

fn step(toml_text: &str) -> TrainLabSpec {
    let LabSpec::Train(spec) = crate::labs::test_spec(&format!(
        "lab = \"train\"\ndataset = \"breast_cancer\"\n{toml_text}"
    )) else {
        unreachable!("a train lab")
    };
    spec
}

#[test]
fn trains_on_start_and_meets_a_recall_goal() {
    let mut lab = start(&step(
        "target = \"diagnosis\"\npositive = \"malignant\"\nmodel = \"logistic\"\ngoal = { metric = \"recall\", at_least = 0.8 }",
    ))
    .unwrap();
    assert!(lab.busy(), "training runs in the background");
    lab.wait();
    let outcome = lab.outcome().unwrap();
    assert_eq!(outcome.features.len(), 30);
    assert!(
        lab.goal_met()
            .unwrap()
            .starts_with("cross-validated recall "),
        "{:?}",
        lab.goal_met()
    );
}

#[test]
fn keys_change_model_features_and_seed_and_mark_results_stale() {
    let mut lab = start(&step("target = \"diagnosis\"\npositive = \"malignant\"\nmodel = \"logistic\"\ngoal = { metric = \"recall\", at_least = 0.99 }")).unwrap();
    lab.wait();
    lab.press(LabKey::Char('m'));
    assert_eq!(lab.model, ModelKind::Tree);
    lab.press(LabKey::Select);
    assert!(!lab.enabled[0]);
    lab.press(LabKey::Char('s'));
    assert_eq!(lab.seed, 43);
    assert!(lab.stale());
    lab.press(LabKey::Char('t'));
    lab.wait();
    assert!(!lab.stale());
    assert_eq!(lab.outcome().unwrap().features.len(), 29);
    assert_eq!(lab.outcome().unwrap().model, ModelKind::Tree);
}

#[test]
fn no_features_is_explained_not_trained() {
    let mut lab = start(&step("target = \"diagnosis\"\npositive = \"malignant\"\nmodel = \"tree\"\ngoal = { metric = \"f1\", at_least = 0.5 }")).unwrap();
    lab.wait();
    lab.press(LabKey::Char('a'));
    lab.press(LabKey::Char('t'));
    assert!(!lab.busy());
    assert!(
        lab.error
            .as_deref()
            .unwrap()
            .contains("at least one feature")
    );
}

fn iris(goal: &str) -> TrainLab {
    let LabSpec::Train(spec) = crate::labs::test_spec(&format!(
        "lab = \"train\"\ndataset = \"iris\"\ntarget = \"species\"\nmodel = \"tree\"\nseed = 42\ngoal = {goal}"
    )) else {
        unreachable!("a train lab")
    };
    let mut lab = start(&spec).unwrap();
    lab.wait();
    lab
}

#[test]
fn the_goal_is_judged_on_cross_validation_and_counts_at_the_lessons_seed_only() {
    let mut lab = iris("{ metric = \"accuracy\", at_least = 0.95 }");
    let start = lab.outcome().unwrap().metric("accuracy").unwrap();
    assert!(start < 0.95, "unmet at the start: {start}");
    assert_eq!(
        lab.outcome().unwrap().rows_test(),
        111,
        "out-of-fold on the training rows"
    );
    // Re-rolling the split: seed 41 happens to score 0.955, but it is not the goal's seed.
    lab.press(LabKey::Char('S'));
    lab.press(LabKey::Char('t'));
    lab.wait();
    let shopped = lab.outcome().unwrap().metric("accuracy").unwrap();
    assert!(shopped >= 0.95, "{shopped}");
    assert!(
        lab.goal_met().is_none(),
        "seed shopping does not meet the goal"
    );
    assert!(lab.final_test.is_none(), "and does not see the test rows");
    assert!(lab.goal_line().now.unwrap().contains("counts at seed 42"));
    // A better model at the lesson's seed does.
    lab.press(LabKey::Char('s'));
    lab.press(LabKey::Char('m'));
    assert_eq!(lab.model, ModelKind::NaiveBayes);
    lab.press(LabKey::Char('t'));
    lab.wait();
    assert_eq!(
        lab.goal_met().unwrap(),
        "cross-validated accuracy 0.955 with Gaussian naive Bayes, 4 feature(s)"
    );
    let test = lab.final_test.clone().unwrap();
    assert!(test.starts_with("39 test rows: accuracy 0.974"), "{test}");
    // Later runs do not score the test rows again.
    lab.press(LabKey::Char('m'));
    lab.press(LabKey::Char('t'));
    lab.wait();
    assert_eq!(lab.final_test.unwrap(), test);
}

#[test]
fn a_regression_lab_offers_no_model_key_and_plots_predicted_against_actual() {
    let LabSpec::Train(spec) = crate::labs::test_spec(
        "lab = \"train\"\ndataset = \"diabetes\"\ntarget = \"progression\"\nmodel = \"linear\"\nfeatures = [\"bmi\"]\ngoal = { metric = \"r2\", at_least = 0.46 }",
    ) else {
        unreachable!("a train lab")
    };
    let mut lab = start(&spec).unwrap();
    lab.wait();
    assert!(
        lab.key_table()
            .iter()
            .all(|b| b.keys.iter().all(|(k, _)| *k != LabKey::Char('m'))),
        "one model: no key to change it"
    );
    assert!(!lab.press(LabKey::Char('m')));
    let run = lab.last.as_ref().unwrap();
    let points = run.scatter.as_ref().unwrap();
    assert_eq!(points.len(), run.outcome.rows_train());
}
