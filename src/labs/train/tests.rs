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
        lab.goal_met().unwrap().starts_with("recall "),
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
