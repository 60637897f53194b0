//! The aggregates over groups, as fairlearn 0.15 computes them with
//! `method="between_groups"`: a difference is the largest group value minus the
//! smallest, a ratio the smallest divided by the largest. Each aggregate uses the groups
//! where its rate is defined; a ratio whose largest value is 0 is undefined.

use super::FairnessWarning;
use super::groups::GroupRates;

/// The five aggregates of the report; `None` is undefined (see the warnings).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Disparities {
    pub demographic_parity_difference: Option<f64>,
    pub demographic_parity_ratio: Option<f64>,
    pub equalized_odds_difference: Option<f64>,
    pub equalized_odds_ratio: Option<f64>,
    pub equal_opportunity_difference: Option<f64>,
}

/// The smallest and largest of the defined values, `None` when none is defined.
fn min_max(values: impl Iterator<Item = Option<f64>>) -> Option<(f64, f64)> {
    values.flatten().fold(None, |acc, v| match acc {
        None => Some((v, v)),
        Some((lo, hi)) => Some((lo.min(v), hi.max(v))),
    })
}

/// `max - min`.
pub fn difference(values: impl Iterator<Item = Option<f64>>) -> Option<f64> {
    min_max(values).map(|(lo, hi)| hi - lo)
}

/// `min / max`, `None` when nothing is defined or the largest value is 0.
pub fn ratio(values: impl Iterator<Item = Option<f64>>) -> Option<f64> {
    min_max(values).and_then(|(lo, hi)| (hi > 0.0).then(|| lo / hi))
}

/// The larger of the defined values (equalized odds difference: worst case).
fn worst_larger(a: Option<f64>, b: Option<f64>) -> Option<f64> {
    match (a, b) {
        (Some(x), Some(y)) => Some(x.max(y)),
        (x, y) => x.or(y),
    }
}

/// The smaller of the defined values (equalized odds ratio: worst case).
fn worst_smaller(a: Option<f64>, b: Option<f64>) -> Option<f64> {
    match (a, b) {
        (Some(x), Some(y)) => Some(x.min(y)),
        (x, y) => x.or(y),
    }
}

impl Disparities {
    /// The aggregates over `groups`, pushing a warning for each undefined one.
    pub fn between_groups(groups: &[GroupRates], warnings: &mut Vec<FairnessWarning>) -> Self {
        let selection = || groups.iter().map(|g| Some(g.selection_rate));
        let tpr = || groups.iter().map(|g| g.tpr);
        let fpr = || groups.iter().map(|g| g.fpr);
        let any = |values: &mut dyn Iterator<Item = Option<f64>>| values.flatten().next().is_some();

        let dp_ratio = ratio(selection());
        if dp_ratio.is_none() && !groups.is_empty() {
            warnings.push(FairnessWarning::ZeroRatio("demographic_parity_ratio"));
        }
        let (tpr_diff, fpr_diff) = (difference(tpr()), difference(fpr()));
        let eo_difference = worst_larger(tpr_diff, fpr_diff);
        if eo_difference.is_none() {
            warnings.push(FairnessWarning::NoDefinedGroup("equalized_odds_difference"));
        }
        if tpr_diff.is_none() {
            warnings.push(FairnessWarning::NoDefinedGroup(
                "equal_opportunity_difference",
            ));
        }
        let eo_ratio = worst_smaller(ratio(tpr()), ratio(fpr()));
        if eo_ratio.is_none() {
            if any(&mut tpr()) || any(&mut fpr()) {
                warnings.push(FairnessWarning::ZeroRatio("equalized_odds_ratio"));
            } else {
                warnings.push(FairnessWarning::NoDefinedGroup("equalized_odds_ratio"));
            }
        }
        Disparities {
            demographic_parity_difference: difference(selection()),
            demographic_parity_ratio: dp_ratio,
            equalized_odds_difference: eo_difference,
            equalized_odds_ratio: eo_ratio,
            equal_opportunity_difference: tpr_diff,
        }
    }

    /// The aggregates with their names, in report order.
    pub fn named(&self) -> [(&'static str, Option<f64>); 5] {
        [
            (
                "demographic_parity_difference",
                self.demographic_parity_difference,
            ),
            ("demographic_parity_ratio", self.demographic_parity_ratio),
            ("equalized_odds_difference", self.equalized_odds_difference),
            ("equalized_odds_ratio", self.equalized_odds_ratio),
            (
                "equal_opportunity_difference",
                self.equal_opportunity_difference,
            ),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ml::fairness::assess;

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn aggregates_by_hand() {
        // a: TP 1 FN 1 FP 1 TN 1 -> sel 0.5, tpr 0.5, fpr 0.5
        // b: TP 1 FP 2            -> sel 1.0, tpr 1.0, fpr 1.0
        let r = assess(
            &names(&["a", "b"]),
            &[0, 0, 0, 0, 1, 1, 1],
            &[true, true, false, false, true, false, false],
            &[true, false, true, false, true, true, true],
        )
        .unwrap();
        let d = r.disparities;
        assert_eq!(d.demographic_parity_difference, Some(0.5));
        assert_eq!(d.demographic_parity_ratio, Some(0.5));
        assert_eq!(d.equalized_odds_difference, Some(0.5));
        assert_eq!(d.equalized_odds_ratio, Some(0.5));
        assert_eq!(d.equal_opportunity_difference, Some(0.5));
    }

    #[test]
    fn worst_case_over_tpr_and_fpr() {
        // a: tpr 1/2, fpr 0/2; b: tpr 1/1, fpr 1/4 -> tpr diff 0.5, fpr diff 0.25;
        // tpr ratio 0.5, fpr ratio 0 -> eo difference 0.5, eo ratio 0.
        let r = assess(
            &names(&["a", "b"]),
            &[0, 0, 0, 0, 1, 1, 1, 1, 1],
            &[true, true, false, false, true, false, false, false, false],
            &[true, false, false, false, true, true, false, false, false],
        )
        .unwrap();
        let d = r.disparities;
        assert_eq!(d.equalized_odds_difference, Some(0.5));
        assert_eq!(d.equalized_odds_ratio, Some(0.0));
        assert_eq!(d.equal_opportunity_difference, Some(0.5));
    }

    #[test]
    fn undefined_rates_are_left_out_and_zero_ratios_are_none() {
        // a has no positives: only b's TPR counts; nobody is selected: 0/0 ratio.
        let r = assess(
            &names(&["a", "b"]),
            &[0, 0, 1, 1],
            &[false, false, true, false],
            &[false, false, false, false],
        )
        .unwrap();
        let d = r.disparities;
        assert_eq!(d.equal_opportunity_difference, Some(0.0));
        assert_eq!(d.demographic_parity_difference, Some(0.0));
        assert_eq!(d.demographic_parity_ratio, None);
        assert_eq!(d.equalized_odds_ratio, None);
        assert!(
            r.warnings
                .contains(&FairnessWarning::ZeroRatio("demographic_parity_ratio"))
        );
        assert!(
            r.warnings
                .contains(&FairnessWarning::ZeroRatio("equalized_odds_ratio"))
        );
    }

    #[test]
    fn one_ratio_undefined_leaves_the_other() {
        assert_eq!(worst_smaller(None, Some(0.25)), Some(0.25));
        assert_eq!(worst_larger(Some(0.1), None), Some(0.1));
        assert_eq!(ratio([Some(0.0), Some(0.0)].into_iter()), None);
        assert_eq!(ratio([Some(0.0), Some(0.5), None].into_iter()), Some(0.0));
        assert_eq!(difference([None, None].into_iter()), None);
    }
}
