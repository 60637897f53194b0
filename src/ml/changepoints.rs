//! Change-point detection by comparing adjacent windows, and its scoring against human
//! annotations.
//!
//! - **Statistic** at row i (for w ≤ i ≤ n − w): the w rows before i (rows i−w .. i−1) are
//!   the reference, the w rows from i on (i .. i+w−1) the current window; KS D, or PSI over
//!   deciles of the reference window (the drift engine's binning). Rows nearer than w to
//!   either end have no statistic.
//! - **Detections**: rows whose statistic reaches the threshold, taken highest first
//!   (earlier row on ties), each kept only if it is at least `min_gap` rows from every row
//!   kept before: the local peaks.
//! - **Annotations**: the marks of all annotators, sorted; marks at most [`MERGE_GAP`] rows
//!   apart join one change; a change counts when at least [`MIN_ANNOTATORS`] different
//!   annotators marked it, at its middle mark (the lower middle of an even count).
//! - **Score**: detections and annotated changes are matched one to one, closest pairs
//!   first, when at most `tolerance` rows apart. Recall = matched changes / changes; false
//!   alarms = detections left unmatched.

use crate::ml::drift::binning::{QuantileBins, psi, shares};
use crate::ml::drift::ecdf::compare_ecdfs;

/// Marks at most this many rows apart are the same change.
pub const MERGE_GAP: usize = 5;
/// A change counts when this many annotators marked it.
pub const MIN_ANNOTATORS: usize = 2;
/// Quantile bins of the reference window for PSI.
pub const PSI_BINS: usize = 10;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Statistic {
    Ks,
    Psi,
}

impl Statistic {
    pub fn name(self) -> &'static str {
        match self {
            Statistic::Ks => "KS D",
            Statistic::Psi => "PSI",
        }
    }
}

/// The statistic at every row (`None` where a window would leave the series).
pub fn series(values: &[f64], window: usize, statistic: Statistic) -> Vec<Option<f64>> {
    let n = values.len();
    let mut out = vec![None; n];
    if window == 0 || 2 * window > n {
        return out;
    }
    let sorted = |rows: std::ops::Range<usize>| {
        let mut v = values[rows].to_vec();
        v.sort_unstable_by(f64::total_cmp);
        v
    };
    for (i, slot) in out.iter_mut().enumerate().take(n - window + 1).skip(window) {
        let before = sorted(i - window..i);
        let after = sorted(i..i + window);
        *slot = Some(match statistic {
            Statistic::Ks => {
                let gap = compare_ecdfs(&before, &after).max_gap;
                gap as f64 / (window * window) as f64
            }
            Statistic::Psi => {
                let bins = QuantileBins::from_reference(&before, PSI_BINS);
                psi(
                    &shares(&bins.counts(&before)),
                    &shares(&bins.counts(&after)),
                )
            }
        });
    }
    out
}

/// The local peaks at or above `threshold`, at least `min_gap` rows apart, ascending.
pub fn detect(series: &[Option<f64>], threshold: f64, min_gap: usize) -> Vec<usize> {
    let mut candidates: Vec<(usize, f64)> = series
        .iter()
        .enumerate()
        .filter_map(|(i, v)| v.filter(|v| *v >= threshold - 1e-12).map(|v| (i, v)))
        .collect();
    candidates.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut kept: Vec<usize> = Vec::new();
    for (i, _) in candidates {
        if kept.iter().all(|&k| k.abs_diff(i) >= min_gap) {
            kept.push(i);
        }
    }
    kept.sort_unstable();
    kept
}

/// The changes at least [`MIN_ANNOTATORS`] annotators agree on (see the module docs).
pub fn consensus(annotators: &[Vec<usize>]) -> Vec<usize> {
    let mut marks: Vec<(usize, usize)> = annotators
        .iter()
        .enumerate()
        .flat_map(|(who, marks)| marks.iter().map(move |&m| (m, who)))
        .collect();
    marks.sort_unstable();
    let mut groups: Vec<Vec<(usize, usize)>> = Vec::new();
    for mark in marks {
        match groups.last_mut() {
            Some(g) if mark.0 - g.last().map_or(mark.0, |m| m.0) <= MERGE_GAP => g.push(mark),
            _ => groups.push(vec![mark]),
        }
    }
    groups
        .into_iter()
        .filter(|g| {
            let mut who: Vec<usize> = g.iter().map(|m| m.1).collect();
            who.sort_unstable();
            who.dedup();
            who.len() >= MIN_ANNOTATORS
        })
        .map(|g| g[(g.len() - 1) / 2].0)
        .collect()
}

/// How detections score against annotated changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Score {
    /// For each annotated change, the detection matched to it.
    pub matched: Vec<Option<usize>>,
    /// Detections matched to no change.
    pub false_alarms: Vec<usize>,
}

impl Score {
    pub fn hits(&self) -> usize {
        self.matched.iter().flatten().count()
    }

    pub fn recall(&self) -> f64 {
        if self.matched.is_empty() {
            0.0
        } else {
            self.hits() as f64 / self.matched.len() as f64
        }
    }
}

/// Matches detections to changes one to one, closest pairs first, within `tolerance`.
pub fn score(changes: &[usize], detections: &[usize], tolerance: usize) -> Score {
    let mut pairs: Vec<(usize, usize, usize)> = Vec::new();
    for (c, &change) in changes.iter().enumerate() {
        for (d, &det) in detections.iter().enumerate() {
            let distance = change.abs_diff(det);
            if distance <= tolerance {
                pairs.push((distance, c, d));
            }
        }
    }
    pairs.sort_unstable();
    let mut matched = vec![None; changes.len()];
    let mut used = vec![false; detections.len()];
    for (_, c, d) in pairs {
        if matched[c].is_none() && !used[d] {
            matched[c] = Some(detections[d]);
            used[d] = true;
        }
    }
    Score {
        matched,
        false_alarms: detections
            .iter()
            .zip(&used)
            .filter(|(_, u)| !**u)
            .map(|(d, _)| *d)
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_occupancy_annotators_agree_on_nine_changes() {
        let info = crate::ml::datasets::info("occupancy").unwrap();
        assert_eq!(
            consensus(&info.change_points),
            [53, 91, 142, 181, 236, 264, 416, 451, 506]
        );
    }

    #[test]
    fn a_step_gives_a_full_ks_peak_at_the_step() {
        let values: Vec<f64> = (0..40).map(|i| if i < 20 { 0.0 } else { 5.0 }).collect();
        let s = series(&values, 5, Statistic::Ks);
        assert_eq!(s[4], None);
        assert_eq!(s[5], Some(0.0));
        assert_eq!(s[20], Some(1.0));
        assert_eq!(s[18], Some(0.6));
        assert_eq!(s[35], Some(0.0));
        assert_eq!(s[36], None);
        assert_eq!(detect(&s, 0.5, 5), vec![20]);
        let p = series(&values, 5, Statistic::Psi);
        assert!(p[20].unwrap() > 5.0 && p[10] == Some(0.0));
    }

    #[test]
    fn peaks_keep_their_distance_and_ties_go_to_the_earlier_row() {
        let s = vec![Some(0.9), Some(1.0), Some(1.0), Some(0.2), Some(0.95), None];
        assert_eq!(detect(&s, 0.5, 2), vec![1, 4]);
        assert_eq!(detect(&s, 0.5, 1), vec![0, 1, 2, 4]);
        assert_eq!(detect(&s, 1.5, 1), Vec::<usize>::new());
    }

    #[test]
    fn scoring_matches_once_within_the_tolerance() {
        // The lesson's example: annotator 2 against a detector.
        let s = score(&[53, 143, 238, 417], &[52, 91, 144, 181, 300, 415], 10);
        assert_eq!(s.recall(), 0.75);
        assert_eq!(s.false_alarms, vec![91, 181, 300]);
        // Two detections near one change: one of them is a false alarm.
        let twice = score(&[100], &[95, 103], 10);
        assert_eq!(twice.matched, vec![Some(103)]);
        assert_eq!(twice.false_alarms, vec![95]);
    }
}
