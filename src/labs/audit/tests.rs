use super::*;
use crate::catalog::LabSpec;

fn spec() -> AuditLabSpec {
    let LabSpec::Audit(spec) = crate::labs::test_spec(
        "lab = \"audit\"\ndataset = \"breast_cancer_dirty\"\ntarget = \"diagnosis\"\n\
         positive = \"malignant\"\nseed = 42\ngoal = { max_fixable = 0 }",
    ) else {
        unreachable!("an audit lab")
    };
    spec
}

fn started() -> AuditLab {
    let mut lab = start(&spec()).unwrap();
    assert!(lab.busy(), "the audit runs in the background");
    lab.wait();
    lab
}

/// Switches on every fix the list offers, waiting for each re-audit.
fn fix_everything(lab: &mut AuditLab) {
    for i in 0..lab.entries.len() {
        lab.cursor = i;
        if let Some(fix) = lab.entries[i].fix.clone()
            && !lab.fixes.contains(&fix)
        {
            lab.press(LabKey::Select);
            lab.wait();
        }
    }
}

#[test]
fn starts_unmet_with_fixable_findings_and_a_leaky_raw_score() {
    let lab = started();
    assert!(lab.goal_met().is_none());
    assert!(lab.fixable_left().unwrap() > 0);
    assert!(lab.raw_score.as_ref().unwrap().accuracy > 0.99);
    let line = lab.goal_line();
    assert!(line.now.unwrap().contains("not trained"));
    let checks: Vec<&str> = lab.entries.iter().map(|e| e.check).collect();
    for check in [
        "mixed_types",
        "leakage",
        "missing",
        "missing_tokens",
        "duplicates",
    ] {
        assert!(checks.contains(&check), "{check} missing from {checks:?}");
    }
}

#[test]
fn outliers_and_label_issues_offer_no_fix() {
    let mut lab = started();
    let at = lab
        .entries
        .iter()
        .position(|e| e.check == "outliers")
        .unwrap();
    assert!(lab.entries[at].fix.is_none());
    assert!(lab.entries[at].why_no_fix().contains("not an error"));
    lab.cursor = at;
    lab.press(LabKey::Select);
    assert!(lab.fixes.is_empty(), "Space on an outlier changes nothing");
    let labels = lab.entries.iter().find(|e| e.check == "label_issues");
    assert!(labels.is_some_and(|e| e.fix.is_none()));
}

#[test]
fn fixing_everything_then_training_meets_the_goal_and_scores_the_test_rows_once() {
    let mut lab = started();
    fix_everything(&mut lab);
    assert_eq!(lab.fixable_left(), Some(0));
    assert!(lab.goal_met().is_none(), "the goal also asks for a model");
    assert_eq!(
        lab.test_scorings, 0,
        "no test row is scored before the goal"
    );
    lab.press(LabKey::Char('t'));
    lab.wait();
    let fixed = lab.fixed_score().unwrap().accuracy;
    assert!(fixed < lab.raw_score.as_ref().unwrap().accuracy);
    assert!(lab.goal_met().is_some());
    assert_eq!(lab.test_scorings, 1);
    assert!(lab.test.is_some());
    // More training and toggling never scores the test rows again.
    lab.press(LabKey::Select);
    lab.wait();
    lab.press(LabKey::Char('t'));
    lab.wait();
    assert_eq!(lab.test_scorings, 1);
}

#[test]
fn training_before_the_fixes_does_not_meet_the_goal() {
    let mut lab = started();
    lab.press(LabKey::Char('t'));
    lab.wait();
    assert!(lab.fixed_score().is_some());
    assert!(lab.goal_met().is_none());
    // A fix switched on makes the trained score stale.
    let at = lab.entries.iter().position(|e| e.fix.is_some()).unwrap();
    lab.cursor = at;
    lab.press(LabKey::Select);
    lab.wait();
    assert!(lab.fixed_score().is_none());
}

#[test]
fn the_audit_never_reads_a_test_row() {
    let lab = started();
    let raw = &lab.data.raw;
    let training = score::training_rows(raw, &lab.data.test);
    assert_eq!(training.n_rows() + lab.data.test.len(), raw.n_rows());
    assert!(training.lines.iter().all(|l| !lab.data.test.contains(l)));
    // The audit the lab shows is the training rows' audit.
    let a = lab.audited().unwrap();
    let report = crate::ml::audit::audit(
        &training,
        None,
        &AuditOptions {
            target: Some("diagnosis".into()),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(a.findings, report.findings);
}

#[test]
fn start_over_switches_every_fix_off() {
    let mut lab = started();
    fix_everything(&mut lab);
    assert!(!lab.fixes.is_empty());
    lab.press(LabKey::Char('r'));
    lab.wait();
    assert!(lab.fixes.is_empty());
    assert!(lab.fixable_left().unwrap() > 0);
}
