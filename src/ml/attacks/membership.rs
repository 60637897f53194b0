//! Membership inference by loss threshold (Yeom, Giacomelli, Fredrikson & Jha, 2018).
//!
//! The attacker sees a trained classifier's predicted probabilities and a row's true
//! label, and guesses "member of the training set" when the row's loss is low. The loss
//! is the cross-entropy of the true label, −ln p, with p clipped to
//! [[`CLIP`], 1 − [`CLIP`]]; the attack score is −loss. Scored against the truth (members
//! positive) the attack has an ROC AUC (0.5 is a guess) and an advantage, the largest
//! TPR − FPR over all thresholds (Yeom et al.'s membership advantage).

use ndarray::{Axis, concatenate};

use super::AttackError;
use crate::ml::data::{Part, PreparedData, Targets};
use crate::ml::metrics::sweep::ThresholdSweep;
use crate::ml::models::{self, ModelKind, Predictions, TrainSpec};

/// Probabilities are clipped to [CLIP, 1 − CLIP] before the logarithm (scikit-learn's
/// `log_loss` clip), so a hard 0 gives a large finite loss.
pub const CLIP: f64 = 1e-15;

/// The cross-entropy loss of a row whose true label got probability `p`.
pub fn row_loss(p: f64) -> f64 {
    -p.clamp(CLIP, 1.0 - CLIP).ln()
}

/// The loss-threshold attack's result.
#[derive(Debug, Clone, PartialEq)]
pub struct MembershipAttack {
    pub members: usize,
    pub non_members: usize,
    /// ROC AUC of the score −loss with members positive (ties count ½).
    pub auc: f64,
    /// max over thresholds of TPR − FPR (≥ 0: the threshold +∞ gives 0).
    pub advantage: f64,
    /// The loss threshold at which the advantage is reached: rows with a loss at or
    /// below it are guessed members (−∞, no row guessed, when no threshold beats 0).
    pub loss_threshold: f64,
    pub mean_member_loss: f64,
    pub mean_non_member_loss: f64,
}

/// Runs the attack on the probability each row gave its true label: `members` for the
/// training rows, `non_members` for held-out rows.
pub fn loss_threshold_attack(
    members: &[f64],
    non_members: &[f64],
) -> Result<MembershipAttack, AttackError> {
    for (what, rows) in [("member", members), ("non-member", non_members)] {
        if rows.is_empty() {
            return Err(AttackError::NoRows(what));
        }
        if let Some((index, &value)) = rows
            .iter()
            .enumerate()
            .find(|(_, p)| !(0.0..=1.0).contains(*p))
        {
            return Err(AttackError::BadProbability { what, index, value });
        }
    }
    let labels: Vec<bool> = members
        .iter()
        .map(|_| true)
        .chain(non_members.iter().map(|_| false))
        .collect();
    let scores: Vec<f64> = members
        .iter()
        .chain(non_members)
        .map(|&p| -row_loss(p))
        .collect();
    let sweep = ThresholdSweep::new(&labels, &scores);
    let auc = sweep.roc_auc().expect("both groups are non-empty");
    let roc = sweep.roc_curve();
    let (mut advantage, mut at) = (0.0, 0);
    for (i, (t, f)) in roc.tpr.iter().zip(&roc.fpr).enumerate() {
        if t - f > advantage {
            advantage = t - f;
            at = i;
        }
    }
    let mean = |rows: &[f64]| rows.iter().map(|&p| row_loss(p)).sum::<f64>() / rows.len() as f64;
    Ok(MembershipAttack {
        members: members.len(),
        non_members: non_members.len(),
        auc,
        advantage,
        loss_threshold: -roc.thresholds[at],
        mean_member_loss: mean(members),
        mean_non_member_loss: mean(non_members),
    })
}

/// The attack against one model fitted on a dataset split.
#[derive(Debug, Clone, PartialEq)]
pub struct ModelLeak {
    pub model: ModelKind,
    /// Accuracy on the training rows and on the held-out rows (the overfitting gap).
    pub train_accuracy: f64,
    pub test_accuracy: f64,
    pub attack: MembershipAttack,
}

/// The attack against an overfit tree and a regularised logistic model on one split.
#[derive(Debug, Clone, PartialEq)]
pub struct LeakComparison {
    pub dataset: String,
    pub target: String,
    pub seed: u64,
    /// A decision tree grown until its leaves are pure (no depth limit).
    pub tree: ModelLeak,
    /// Logistic regression with the L2 penalty `train` uses (C = 1).
    pub logistic: ModelLeak,
}

/// Splits `data` (a bundled dataset or CSV path, 25 % held out, drawn with `seed`),
/// fits the tree and the logistic model on the training rows exactly as `mlpath train`
/// does, and attacks each with the training rows as members and the held-out rows as
/// non-members.
pub fn overfitting_leak(
    data: &str,
    target: Option<&str>,
    seed: u64,
) -> Result<LeakComparison, AttackError> {
    let mut spec = TrainSpec::new(data, ModelKind::Logistic);
    spec.target = target.map(str::to_string);
    spec.seed = seed;
    let prepared = models::prepare(&spec)?;
    let tree = model_leak(&spec, ModelKind::Tree, &prepared)?;
    let logistic = model_leak(&spec, ModelKind::Logistic, &prepared)?;
    Ok(LeakComparison {
        dataset: prepared.dataset,
        target: prepared.target,
        seed,
        tree,
        logistic,
    })
}

/// Fits `model` on the training rows and predicts the training rows followed by the
/// held-out rows, so one fit scores members and non-members alike.
fn model_leak(
    spec: &TrainSpec,
    model: ModelKind,
    data: &PreparedData,
) -> Result<ModelLeak, AttackError> {
    let spec = TrainSpec {
        model,
        ..spec.clone()
    };
    let n_train = data.train.y.len();
    let (Targets::Classes(train_y), Targets::Classes(test_y)) = (&data.train.y, &data.test.y)
    else {
        return Err(AttackError::Setup(
            "membership inference needs a class target".to_string(),
        ));
    };
    let stack = |a: &ndarray::Array2<f64>, b: &ndarray::Array2<f64>| {
        concatenate(Axis(0), &[a.view(), b.view()]).expect("both parts have the same columns")
    };
    let both = PreparedData {
        test: Part {
            x: stack(&data.train.x, &data.test.x),
            raw_x: stack(&data.train.raw_x, &data.test.raw_x),
            y: Targets::Classes(
                concatenate(Axis(0), &[train_y.view(), test_y.view()])
                    .expect("one-dimensional targets"),
            ),
        },
        ..data.clone()
    };
    let outcome = models::fit_prepared(&spec, both)?;
    let Predictions::Classification(p) = &outcome.predictions else {
        return Err(AttackError::Setup(format!(
            "{} does not predict class probabilities",
            model.title()
        )));
    };
    let p_true: Vec<f64> = p
        .class_scores
        .iter()
        .zip(&p.truth)
        .map(|(scores, &t)| scores[t])
        .collect();
    let accuracy = |range: std::ops::Range<usize>| {
        let n = range.len() as f64;
        range.filter(|&i| p.predicted[i] == p.truth[i]).count() as f64 / n
    };
    let n = p.truth.len();
    Ok(ModelLeak {
        model,
        train_accuracy: accuracy(0..n_train),
        test_accuracy: accuracy(n_train..n),
        attack: loss_threshold_attack(&p_true[..n_train], &p_true[n_train..])?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tiny_attack_by_hand() {
        // Scores −loss = ln p keep the order of p. Member/non-member pairs in which the
        // member's p is higher: 0.9 beats both, 0.8 beats both, 0.4 beats 0.3 only: 5 of 6.
        let a = loss_threshold_attack(&[0.9, 0.8, 0.4], &[0.7, 0.3]).unwrap();
        assert!((a.auc - 5.0 / 6.0).abs() < 1e-12, "{}", a.auc);
        // Guessing "member" for loss ≤ −ln 0.8: TPR 2/3, FPR 0; best of all thresholds.
        assert!((a.advantage - 2.0 / 3.0).abs() < 1e-12);
        assert!((a.loss_threshold - (-(0.8f64).ln())).abs() < 1e-12);
        assert!((a.mean_non_member_loss - (-(0.7f64.ln() + 0.3f64.ln()) / 2.0)).abs() < 1e-12);
    }

    #[test]
    fn probabilities_are_clipped_and_ties_count_half() {
        assert!((row_loss(0.0) - 15.0 * 10f64.ln()).abs() < 1e-9);
        assert!(row_loss(1.0) > 0.0 && row_loss(1.0) < 2e-15);
        // A hard 0/1 model: every row ties at p = 1 → AUC ½, no advantage.
        let a = loss_threshold_attack(&[1.0, 1.0], &[1.0]).unwrap();
        assert_eq!((a.auc, a.advantage), (0.5, 0.0));
        assert_eq!(a.loss_threshold, f64::NEG_INFINITY);
    }

    #[test]
    fn bad_inputs_are_errors() {
        assert_eq!(
            loss_threshold_attack(&[], &[0.5]),
            Err(AttackError::NoRows("member"))
        );
        assert!(matches!(
            loss_threshold_attack(&[0.5], &[f64::NAN]),
            Err(AttackError::BadProbability { index: 0, .. })
        ));
        assert!(loss_threshold_attack(&[1.5], &[0.5]).is_err());
    }

    #[test]
    fn an_overfit_tree_leaks_membership_more_than_a_regularised_logistic_model() {
        // Measured (seed 42, 750 members, 250 non-members): tree accuracy 0.987 on its
        // training rows (duplicate rows with different labels keep it below 1) and 0.668
        // held out, attack AUC 0.669, advantage 0.317; logistic accuracy 0.793 / 0.744,
        // attack AUC 0.537, advantage 0.076.
        let c = overfitting_leak("german_credit", None, 42).unwrap();
        assert_eq!(c.target, "credit_risk");
        assert_eq!(c.tree.attack.members, 750);
        assert_eq!(c.tree.attack.non_members, 250);
        assert!(c.tree.train_accuracy > 0.98, "{}", c.tree.train_accuracy);
        assert!(c.tree.train_accuracy - c.tree.test_accuracy > 0.25);
        assert!(c.tree.attack.auc > 0.62, "{}", c.tree.attack.auc);
        assert!(c.logistic.attack.auc < 0.6, "{}", c.logistic.attack.auc);
        assert!(c.tree.attack.auc > c.logistic.attack.auc + 0.08);
        assert!(c.tree.attack.advantage > c.logistic.attack.advantage + 0.15);
        assert!(c.tree.attack.mean_member_loss < c.tree.attack.mean_non_member_loss);
    }
}
