//! Confusion counts per group and the rates fairlearn's `MetricFrame` reports by group.

use super::disparity::Disparities;
use super::{FairnessError, FairnessWarning};
use crate::ml::metrics::compare_labels;

/// The confusion counts of one group (positive = the positive class).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct GroupCounts {
    pub tp: u64,
    pub fp: u64,
    pub tn: u64,
    pub fn_: u64,
}

impl GroupCounts {
    pub fn n(&self) -> u64 {
        self.tp + self.fp + self.tn + self.fn_
    }
    pub fn positives(&self) -> u64 {
        self.tp + self.fn_
    }
    pub fn negatives(&self) -> u64 {
        self.fp + self.tn
    }
    /// `numerator / denominator`, `None` when the denominator is 0.
    fn ratio(numerator: u64, denominator: u64) -> Option<f64> {
        (denominator > 0).then(|| numerator as f64 / denominator as f64)
    }
    /// Share of rows predicted positive, `(TP + FP) / n`.
    pub fn selection_rate(&self) -> Option<f64> {
        Self::ratio(self.tp + self.fp, self.n())
    }
    /// `TP / (TP + FN)`; `None` without positive rows.
    pub fn tpr(&self) -> Option<f64> {
        Self::ratio(self.tp, self.positives())
    }
    /// `FP / (FP + TN)`; `None` without negative rows.
    pub fn fpr(&self) -> Option<f64> {
        Self::ratio(self.fp, self.negatives())
    }
    /// `TP / (TP + FP)`; `None` without predicted positives.
    pub fn precision(&self) -> Option<f64> {
        Self::ratio(self.tp, self.tp + self.fp)
    }
    /// `(TP + TN) / n`.
    pub fn accuracy(&self) -> Option<f64> {
        Self::ratio(self.tp + self.tn, self.n())
    }
}

/// One group's row of the report; `None` is a rate the group cannot have.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupRates {
    pub group: String,
    pub n: u64,
    pub selection_rate: f64,
    pub tpr: Option<f64>,
    pub fpr: Option<f64>,
    pub precision: Option<f64>,
    pub accuracy: f64,
    pub counts: GroupCounts,
}

impl GroupRates {
    fn new(group: String, counts: GroupCounts) -> GroupRates {
        GroupRates {
            group,
            n: counts.n(),
            selection_rate: counts.selection_rate().unwrap_or(0.0),
            tpr: counts.tpr(),
            fpr: counts.fpr(),
            precision: counts.precision(),
            accuracy: counts.accuracy().unwrap_or(0.0),
            counts,
        }
    }
}

/// The rates of every group that has rows, in fairlearn's order (numbers by value, then
/// text), the aggregates, and the warnings about undefined values.
#[derive(Debug, Clone, PartialEq)]
pub struct FairnessReport {
    pub groups: Vec<GroupRates>,
    pub disparities: Disparities,
    pub warnings: Vec<FairnessWarning>,
    /// Accuracy over all rows.
    pub accuracy: f64,
}

/// Counts per group id: `group_of[i]` is row i's group, `truth[i]` whether it is
/// positive, `predicted(i)` whether it is predicted positive.
pub fn count(
    groups: usize,
    group_of: &[u32],
    truth: &[bool],
    predicted: impl Fn(usize) -> bool,
) -> Result<Vec<GroupCounts>, FairnessError> {
    if truth.len() != group_of.len() {
        return Err(FairnessError::LengthMismatch {
            what: "the truth",
            found: truth.len(),
            expected: group_of.len(),
        });
    }
    // cells[g * 4 + 2 * truth + predicted]: tn, fp, fn, tp
    let mut cells = vec![0u64; groups * 4];
    for (row, (&g, &t)) in group_of.iter().zip(truth).enumerate() {
        let at = g as usize * 4 + 2 * usize::from(t) + usize::from(predicted(row));
        match cells.get_mut(at) {
            Some(cell) => *cell += 1,
            None => {
                return Err(FairnessError::UnknownGroup { row, id: g, groups });
            }
        }
    }
    Ok(cells
        .chunks_exact(4)
        .map(|c| GroupCounts {
            tn: c[0],
            fp: c[1],
            fn_: c[2],
            tp: c[3],
        })
        .collect())
}

/// The report from counts per group (`names[g]` names group id g); groups without
/// rows are left out.
pub fn report(names: &[String], counts: &[GroupCounts]) -> Result<FairnessReport, FairnessError> {
    let mut order: Vec<usize> = (0..counts.len().min(names.len()))
        .filter(|&g| counts[g].n() > 0)
        .collect();
    if order.is_empty() {
        return Err(FairnessError::NoRows);
    }
    order.sort_by(|&a, &b| compare_labels(&names[a], &names[b]));
    let groups: Vec<GroupRates> = order
        .iter()
        .map(|&g| GroupRates::new(names[g].clone(), counts[g]))
        .collect();
    let mut warnings = Vec::new();
    if groups.len() == 1 {
        warnings.push(FairnessWarning::OneGroup);
    }
    for g in &groups {
        if g.tpr.is_none() {
            warnings.push(FairnessWarning::NoPositives(g.group.clone()));
        }
        if g.fpr.is_none() {
            warnings.push(FairnessWarning::NoNegatives(g.group.clone()));
        }
        if g.precision.is_none() {
            warnings.push(FairnessWarning::NoPredictedPositives(g.group.clone()));
        }
    }
    let disparities = Disparities::between_groups(&groups, &mut warnings);
    let total: GroupCounts = groups
        .iter()
        .fold(GroupCounts::default(), |a, g| GroupCounts {
            tp: a.tp + g.counts.tp,
            fp: a.fp + g.counts.fp,
            tn: a.tn + g.counts.tn,
            fn_: a.fn_ + g.counts.fn_,
        });
    Ok(FairnessReport {
        groups,
        disparities,
        warnings,
        accuracy: total.accuracy().unwrap_or(0.0),
    })
}

/// The report for hard decisions: `names[g]` names group id g.
pub fn assess(
    names: &[String],
    group_of: &[u32],
    truth: &[bool],
    predicted: &[bool],
) -> Result<FairnessReport, FairnessError> {
    if predicted.len() != group_of.len() {
        return Err(FairnessError::LengthMismatch {
            what: "the predictions",
            found: predicted.len(),
            expected: group_of.len(),
        });
    }
    report(
        names,
        &count(names.len(), group_of, truth, |i| predicted[i])?,
    )
}

/// The report for scores: a row is predicted positive when its score is at least
/// `threshold` (scikit-learn's and `mlpath eval`'s rule).
pub fn assess_scores(
    names: &[String],
    group_of: &[u32],
    truth: &[bool],
    scores: &[f64],
    threshold: f64,
) -> Result<FairnessReport, FairnessError> {
    if scores.len() != group_of.len() {
        return Err(FairnessError::LengthMismatch {
            what: "the scores",
            found: scores.len(),
            expected: group_of.len(),
        });
    }
    if let Some((row, &value)) = scores.iter().enumerate().find(|(_, s)| !s.is_finite()) {
        return Err(FairnessError::NonFiniteScore { row, value });
    }
    report(
        names,
        &count(names.len(), group_of, truth, |i| scores[i] >= threshold)?,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn rates_per_group_by_hand() {
        // group a: truth 1 1 0 0, predicted 1 0 1 0 -> TP 1, FN 1, FP 1, TN 1
        // group b: truth 1 0 0,   predicted 1 1 1   -> TP 1, FP 2
        let r = assess(
            &names(&["b", "a"]),
            &[1, 1, 1, 1, 0, 0, 0],
            &[true, true, false, false, true, false, false],
            &[true, false, true, false, true, true, true],
        )
        .unwrap();
        let a = &r.groups[0];
        assert_eq!(a.group, "a");
        assert_eq!(a.n, 4);
        assert_eq!(a.selection_rate, 0.5);
        assert_eq!(
            (a.tpr, a.fpr, a.precision),
            (Some(0.5), Some(0.5), Some(0.5))
        );
        assert_eq!(a.accuracy, 0.5);
        let b = &r.groups[1];
        assert_eq!(b.selection_rate, 1.0);
        assert_eq!((b.tpr, b.fpr), (Some(1.0), Some(1.0)));
        assert_eq!(b.precision, Some(1.0 / 3.0));
        assert_eq!(b.accuracy, 1.0 / 3.0);
        assert_eq!(r.accuracy, 3.0 / 7.0);
        assert!(r.warnings.is_empty());
    }

    #[test]
    fn undefined_rates_are_none_with_a_warning() {
        let r = assess(
            &names(&["x", "y"]),
            &[0, 0, 1, 1],
            &[false, false, true, false],
            &[false, false, true, false],
        )
        .unwrap();
        assert_eq!(r.groups[0].tpr, None);
        assert_eq!(r.groups[0].precision, None);
        assert!(
            r.warnings
                .contains(&FairnessWarning::NoPositives("x".to_string()))
        );
        assert!(
            r.warnings
                .contains(&FairnessWarning::NoPredictedPositives("x".to_string()))
        );
    }

    #[test]
    fn scores_use_at_least_the_threshold_and_groups_sort_numbers_by_value() {
        let r = assess_scores(
            &names(&["10", "9"]),
            &[0, 1, 1],
            &[true, true, false],
            &[0.5, 0.49, 0.7],
            0.5,
        )
        .unwrap();
        assert_eq!(r.groups[0].group, "9");
        assert_eq!(r.groups[0].tpr, Some(0.0));
        assert_eq!(r.groups[0].fpr, Some(1.0));
        assert_eq!(r.groups[1].tpr, Some(1.0));
        let e = assess_scores(&names(&["a"]), &[0], &[true], &[f64::NAN], 0.5).unwrap_err();
        assert!(matches!(e, FairnessError::NonFiniteScore { row: 0, .. }));
    }

    #[test]
    fn bad_shapes_are_errors_not_panics() {
        assert_eq!(
            assess(&names(&["a"]), &[], &[], &[]).unwrap_err(),
            FairnessError::NoRows
        );
        assert!(matches!(
            assess(&names(&["a"]), &[0, 1], &[true, true], &[true, true]).unwrap_err(),
            FairnessError::UnknownGroup { row: 1, .. }
        ));
        assert!(matches!(
            assess(&names(&["a"]), &[0], &[true, false], &[true]).unwrap_err(),
            FairnessError::LengthMismatch { .. }
        ));
    }
}
