use super::*;
use crate::catalog::LabSpec;
use crate::ml::audit::LEAKAGE_AUC;

const LESSON: &str = include_str!("../../../lessons/data-quality/03-leakage.toml");

/// The lab step of the lesson, as the lesson writes it.
fn lesson_spec() -> LeakageSpec {
    let from = LESSON
        .find("lab = \"leakage\"")
        .expect("the lesson's lab step");
    let to = LESSON[from..].find("text = ").expect("the lab's text") + from;
    let LabSpec::Leakage(spec) = crate::labs::test_spec(&LESSON[from..to]) else {
        unreachable!("a leakage lab")
    };
    spec
}

fn started() -> LeakageLab {
    let mut lab = start(&lesson_spec()).unwrap();
    assert!(lab.busy(), "training runs in the background");
    lab.wait();
    lab
}

fn leak(lab: &LeakageLab) -> usize {
    lab.columns
        .iter()
        .position(|c| c == "collection_calls")
        .unwrap()
}

fn quoted(text: &str) {
    assert!(LESSON.contains(text), "the lesson should say: {text}");
}

#[test]
fn starts_unmet_and_the_lessons_numbers_are_the_labs() {
    let lab = started();
    assert!(lab.goal_met().is_none(), "unmet at the start");
    let s = lab.scores().unwrap().clone();
    assert_eq!((s.rows_train, s.rows_test, s.rows_later), (600, 200, 200));
    let (cv, test, later) = (s.cv.unwrap(), s.test.unwrap(), s.later.unwrap());
    quoted(&format!(
        "Cross-validated ROC AUC is {cv:.3} and the 200 held-out test rows give {test:.3}; \
         the 200 later applicants give {later:.3}."
    ));
    quoted(&format!(
        "scores ROC AUC {test:.3} on the test rows and {later:.3} on the later applicants"
    ));
    let gap = test - later;
    quoted(&format!("answer = {gap:.3}"));
    quoted(&format!("{test:.3} − {later:.3} = {gap:.3}"));
    // The leak's strength alone, below the audit's bound.
    let alone = lab.separation[leak(&lab)].unwrap();
    assert!(alone < LEAKAGE_AUC, "{alone}");
    quoted(&format!(
        "ROC AUC {alone:.2} on the lab's 600 training rows. That is below the {LEAKAGE_AUC}"
    ));
    quoted(&format!(
        "`collection_calls` reaches {alone:.2}, so it passes"
    ));
    // It stands out: the next strongest column alone is far weaker.
    let next = (0..lab.columns.len())
        .filter(|&i| i != leak(&lab))
        .filter_map(|i| lab.separation[i])
        .fold(0.0, f64::max);
    assert!(next < 0.75, "{next}");
    let now = lab.goal_line().now.unwrap();
    assert_eq!(
        now,
        format!(
            "later roc_auc {later:.3}, test {test:.3} (gap {:.3})",
            (test - later).abs()
        )
    );
}

#[test]
fn switching_the_leak_off_meets_the_goal() {
    let mut lab = started();
    for _ in 0..leak(&lab) {
        lab.press(LabKey::Down);
    }
    lab.press(LabKey::Select);
    assert!(lab.stale());
    lab.press(LabKey::Char('t'));
    lab.wait();
    let s = lab.scores().unwrap().clone();
    assert_eq!(s.features, 20);
    let (test, later) = (s.test.unwrap(), s.later.unwrap());
    quoted(&format!(
        "Without `collection_calls` the test rows give {test:.3} and the later ones {later:.3}"
    ));
    let met = lab.goal_met().unwrap();
    assert!(met.starts_with("later roc_auc "), "{met}");
    // Start over brings the leak back.
    lab.press(LabKey::Char('r'));
    let i = leak(&lab);
    assert!(lab.enabled[i]);
}

#[test]
fn the_leak_on_never_meets_the_goal() {
    let spec = lesson_spec();
    let mut lab = started();
    let all = lab.columns.clone();
    for model in MODELS {
        let s = score(&spec, model, all.clone()).unwrap();
        assert!(
            s.later.unwrap() < spec.goal.at_least || s.gap().unwrap() > spec.goal.max_gap,
            "{model:?}: {s:?}"
        );
    }
    let s = score(&spec, ModelKind::Logistic, vec!["collection_calls".into()]).unwrap();
    assert!(s.gap().unwrap() > spec.goal.max_gap, "{s:?}");
    // Through the keys: every model with the leak on.
    for _ in 0..3 {
        lab.press(LabKey::Char('m'));
        lab.press(LabKey::Char('t'));
        lab.wait();
        assert!(lab.goal_met().is_none(), "{:?}", lab.scores());
    }
}

#[test]
fn later_rows_are_scored_never_trained_on() {
    let spec = lesson_spec();
    let t = train_spec(&spec, ModelKind::Logistic, None);
    let data = models::prepare(&t).unwrap();
    let later = later_part(&t.data, t.rows, t.seed, &data, &spec.later).unwrap();
    let scored = models::fit_scored_on(&t, &data, later).unwrap();
    // Fitted on the 600 training rows of the dataset, scored on the 200 later rows.
    assert_eq!(scored.split.train, data.split.train);
    assert_eq!(scored.rows_train(), 600);
    assert_eq!(scored.rows_test(), 200);
    // The same model as the one the test rows see: training alone gives the same test
    // predictions as the lab's run.
    let plain = models::train(&t).unwrap();
    let lab = score(&spec, ModelKind::Logistic, plain.features.clone()).unwrap();
    let plain = plain.metric("roc_auc").unwrap();
    assert_eq!(lab.test, Some((plain * 1000.0).round() / 1000.0));
}

#[test]
fn no_features_is_explained_not_trained() {
    let mut lab = started();
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
