//! Post-processing mitigation: one decision threshold per group, chosen so that every
//! group's true positive rate (equal opportunity) or selection rate (demographic parity)
//! comes as close as its scores allow to one target rate. In spirit this is fairlearn's
//! `ThresholdOptimizer`, but deterministic: no randomised decisions, and each group's
//! threshold is one of its own scores.
//!
//! For a group, the candidate rules are "select the k highest-scored rows" for every k
//! that does not split rows of equal score; the rule's threshold is the k-th highest
//! score (`score >= threshold` selects exactly those rows), and `+inf` for k = 0. The
//! chosen k is the one whose rate is nearest the target; on a tie, the smaller k (the
//! higher threshold). A group without positive rows has no TPR and keeps the base
//! threshold.

use super::FairnessError;
use super::groups::{FairnessReport, count, report};

/// The rate the per-group thresholds equalise.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RateTarget {
    /// True positive rate (equal opportunity; the gap is the equal opportunity difference).
    TruePositiveRate,
    /// Selection rate (demographic parity; the gap is the demographic parity difference).
    SelectionRate,
}

impl RateTarget {
    pub fn name(self) -> &'static str {
        match self {
            RateTarget::TruePositiveRate => "tpr",
            RateTarget::SelectionRate => "selection_rate",
        }
    }

    /// The gap this target closes, from a report.
    pub fn gap(self, report: &FairnessReport) -> Option<f64> {
        match self {
            RateTarget::TruePositiveRate => report.disparities.equal_opportunity_difference,
            RateTarget::SelectionRate => report.disparities.demographic_parity_difference,
        }
    }
}

/// One group's chosen threshold.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupThreshold {
    pub group: String,
    /// Rows with `score >= threshold` are selected; `+inf` selects none.
    pub threshold: f64,
    /// The group's rate at the base threshold and at its own threshold (`None`: no TPR).
    pub rate_before: Option<f64>,
    pub rate_after: Option<f64>,
}

/// What the per-group thresholds do, and what they cost.
#[derive(Debug, Clone, PartialEq)]
pub struct Mitigation {
    pub target: RateTarget,
    /// The rate every group is brought near.
    pub rate: f64,
    pub base_threshold: f64,
    /// One per group that has rows, in the reports' group order.
    pub thresholds: Vec<GroupThreshold>,
    pub before: FairnessReport,
    pub after: FairnessReport,
}

impl Mitigation {
    pub fn accuracy_before(&self) -> f64 {
        self.before.accuracy
    }
    pub fn accuracy_after(&self) -> f64 {
        self.after.accuracy
    }
    pub fn gap_before(&self) -> Option<f64> {
        self.target.gap(&self.before)
    }
    pub fn gap_after(&self) -> Option<f64> {
        self.target.gap(&self.after)
    }
}

/// The threshold among one group's scores whose rate is nearest `rate`.
/// `rows` are (score, is positive), any order.
fn group_threshold(rows: &mut [(f64, bool)], target: RateTarget, rate: f64) -> Option<f64> {
    let denominator = match target {
        RateTarget::SelectionRate => rows.len(),
        RateTarget::TruePositiveRate => rows.iter().filter(|r| r.1).count(),
    };
    if denominator == 0 {
        return None;
    }
    rows.sort_by(|a, b| b.0.total_cmp(&a.0));
    let rate_of = |hits: usize| hits as f64 / denominator as f64;
    let (mut best_threshold, mut best_distance) = (f64::INFINITY, (rate_of(0) - rate).abs());
    let mut hits = 0;
    let mut k = 0;
    while k < rows.len() {
        let score = rows[k].0;
        // the whole block of rows with this score is selected together
        while k < rows.len() && rows[k].0 == score {
            if target == RateTarget::SelectionRate || rows[k].1 {
                hits += 1;
            }
            k += 1;
        }
        let distance = (rate_of(hits) - rate).abs();
        if distance < best_distance {
            (best_threshold, best_distance) = (score, distance);
        }
    }
    Some(best_threshold)
}

/// Chooses one threshold per group (group ids in `group_of`, named by `names`) that
/// brings the groups' `target` rate near `rate`, or, when `rate` is `None`, near the
/// rate of all rows together at `base_threshold`.
pub fn equalise(
    names: &[String],
    group_of: &[u32],
    truth: &[bool],
    scores: &[f64],
    base_threshold: f64,
    target: RateTarget,
    rate: Option<f64>,
) -> Result<Mitigation, FairnessError> {
    let before = super::groups::assess_scores(names, group_of, truth, scores, base_threshold)?;
    let rate = match rate {
        Some(r) if (0.0..=1.0).contains(&r) => r,
        Some(r) => return Err(FairnessError::TargetOutOfRange(r)),
        None => {
            let (mut hits, mut of) = (0usize, 0usize);
            for (&t, &s) in truth.iter().zip(scores) {
                let counted = target == RateTarget::SelectionRate || t;
                of += usize::from(counted);
                hits += usize::from(counted && s >= base_threshold);
            }
            if of == 0 {
                0.0
            } else {
                hits as f64 / of as f64
            }
        }
    };
    let mut rows: Vec<Vec<(f64, bool)>> = vec![Vec::new(); names.len()];
    for ((&g, &t), &s) in group_of.iter().zip(truth).zip(scores) {
        rows[g as usize].push((s, t));
    }
    let thresholds: Vec<f64> = rows
        .iter_mut()
        .map(|r| group_threshold(r, target, rate).unwrap_or(base_threshold))
        .collect();
    let after = report(
        names,
        &count(names.len(), group_of, truth, |i| {
            scores[i] >= thresholds[group_of[i] as usize]
        })?,
    )?;
    let pick = |g: &super::GroupRates| match target {
        RateTarget::TruePositiveRate => g.tpr,
        RateTarget::SelectionRate => Some(g.selection_rate),
    };
    let thresholds = before
        .groups
        .iter()
        .zip(&after.groups)
        .map(|(b, a)| {
            let id = names.iter().position(|n| *n == b.group).unwrap_or(0);
            GroupThreshold {
                group: b.group.clone(),
                threshold: thresholds[id],
                rate_before: pick(b),
                rate_after: pick(a),
            }
        })
        .collect();
    Ok(Mitigation {
        target,
        rate,
        base_threshold,
        thresholds,
        before,
        after,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names() -> Vec<String> {
        vec!["a".to_string(), "b".to_string()]
    }

    // a: scores 0.9 0.8 0.3 0.2, truth 1 0 1 0; b: scores 0.6 0.4 0.1 0.05, truth 1 1 0 0.
    const GROUP: [u32; 8] = [0, 0, 0, 0, 1, 1, 1, 1];
    const TRUTH: [bool; 8] = [true, false, true, false, true, true, false, false];
    const SCORES: [f64; 8] = [0.9, 0.8, 0.3, 0.2, 0.6, 0.4, 0.1, 0.05];

    #[test]
    fn equal_selection_rates_by_hand() {
        // At 0.5: a selects 2 of 4, b 1 of 4 (gap 0.25); accuracy (2 + 3) / 8.
        // Target 0.5: a keeps 0.8, b moves to 0.4; b is then all correct: 6 / 8.
        let m = equalise(
            &names(),
            &GROUP,
            &TRUTH,
            &SCORES,
            0.5,
            RateTarget::SelectionRate,
            Some(0.5),
        )
        .unwrap();
        assert_eq!(m.thresholds[0].threshold, 0.8);
        assert_eq!(m.thresholds[1].threshold, 0.4);
        assert_eq!(m.thresholds[1].rate_before, Some(0.25));
        assert_eq!(m.thresholds[1].rate_after, Some(0.5));
        assert_eq!(m.gap_before(), Some(0.25));
        assert_eq!(m.gap_after(), Some(0.0));
        assert_eq!(m.accuracy_before(), 5.0 / 8.0);
        assert_eq!(m.accuracy_after(), 6.0 / 8.0);
    }

    #[test]
    fn equal_true_positive_rates_by_hand() {
        // Target TPR 1: a needs its positive at 0.3 (k = 3; k = 4 ties and loses),
        // b its positives at 0.6 and 0.4. Accuracy after: (3 + 4) / 8.
        let m = equalise(
            &names(),
            &GROUP,
            &TRUTH,
            &SCORES,
            0.5,
            RateTarget::TruePositiveRate,
            Some(1.0),
        )
        .unwrap();
        assert_eq!(m.thresholds[0].threshold, 0.3);
        assert_eq!(m.thresholds[1].threshold, 0.4);
        assert_eq!(m.gap_before(), Some(0.0));
        assert_eq!(m.gap_after(), Some(0.0));
        assert_eq!(m.accuracy_after(), 7.0 / 8.0);
    }

    #[test]
    fn the_default_rate_is_the_overall_rate_and_ties_go_to_the_higher_threshold() {
        // Overall selection at 0.5: 3 / 8 = 0.375. For a, k = 1 (0.25) and k = 2 (0.5)
        // are equally near: k = 1, threshold 0.9. For b, k = 1 (0.25) and k = 2 too: 0.6.
        let m = equalise(
            &names(),
            &GROUP,
            &TRUTH,
            &SCORES,
            0.5,
            RateTarget::SelectionRate,
            None,
        )
        .unwrap();
        assert_eq!(m.rate, 0.375);
        assert_eq!(m.thresholds[0].threshold, 0.9);
        assert_eq!(m.thresholds[1].threshold, 0.6);
    }

    #[test]
    fn equal_scores_are_selected_together_and_zero_selects_none() {
        let mut rows = vec![(0.5, true), (0.1, false), (0.5, false)];
        assert_eq!(
            group_threshold(&mut rows, RateTarget::SelectionRate, 0.6),
            Some(0.5)
        );
        assert_eq!(
            group_threshold(&mut rows, RateTarget::SelectionRate, 0.0),
            Some(f64::INFINITY)
        );
        let mut negatives = vec![(0.5, false)];
        assert_eq!(
            group_threshold(&mut negatives, RateTarget::TruePositiveRate, 0.5),
            None
        );
    }

    #[test]
    fn a_group_without_positives_keeps_the_base_threshold() {
        let m = equalise(
            &names(),
            &[0, 0, 1, 1],
            &[true, false, false, false],
            &[0.7, 0.2, 0.9, 0.1],
            0.5,
            RateTarget::TruePositiveRate,
            Some(1.0),
        )
        .unwrap();
        assert_eq!(m.thresholds[1].threshold, 0.5);
        assert_eq!(m.thresholds[1].rate_after, None);
        let e = equalise(
            &names(),
            &GROUP,
            &TRUTH,
            &SCORES,
            0.5,
            RateTarget::SelectionRate,
            Some(1.5),
        )
        .unwrap_err();
        assert_eq!(e, FairnessError::TargetOutOfRange(1.5));
    }
}
