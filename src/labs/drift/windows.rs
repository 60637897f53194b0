//! The drift lab's windows and the shifts a learner injects into the current one.
//!
//! The dataset's rows are shuffled with a fixed seed and cut in two: the first half (rounded
//! up) is the reference window, the rest the current window. Two more window sizes show what
//! sample size does: 50 or 50,000 rows drawn with replacement from the reference half for
//! *both* windows, so that without a shift the two differ only by sampling noise.
//!
//! Every shift is applied to the sorted current window without sorting again: offsets and
//! scale changes keep the order, and the shifts that remove rows (missing values, a tail
//! subpopulation replacing random rows) remove the rows whose random rank is lowest, which
//! keeps the survivors in order. A keypress therefore costs one linear pass plus the drift
//! statistics.

use std::sync::OnceLock;

use crate::labs::random::{Draws, mix};
use crate::ml::drift::column::{NumericDrift, NumericReference};
use crate::ml::drift::sorted::SortedSample;

/// Quantile bins of the reference for PSI and Jensen–Shannon (deciles).
pub const BINS: usize = 10;
/// The seed of the split, the resampled windows and the hidden shift.
pub const SEED: u64 = 2015;

/// Which two windows are compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WindowSize {
    /// The two halves of the dataset.
    Halves,
    /// 50 rows each, drawn with replacement from the reference half.
    Small,
    /// 50,000 rows each, drawn with replacement from the reference half.
    Large,
}

impl WindowSize {
    pub const SMALL_ROWS: usize = 50;
    pub const LARGE_ROWS: usize = 50_000;

    pub fn next(self) -> WindowSize {
        match self {
            WindowSize::Halves => WindowSize::Small,
            WindowSize::Small => WindowSize::Large,
            WindowSize::Large => WindowSize::Halves,
        }
    }

    fn index(self) -> u64 {
        match self {
            WindowSize::Halves => 0,
            WindowSize::Small => 1,
            WindowSize::Large => 2,
        }
    }

    pub fn resampled_rows(self) -> Option<usize> {
        match self {
            WindowSize::Halves => None,
            WindowSize::Small => Some(Self::SMALL_ROWS),
            WindowSize::Large => Some(Self::LARGE_ROWS),
        }
    }
}

/// The kinds of shift, cycled with a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShiftKind {
    /// Every current value moves by `amount` reference standard deviations.
    MeanOffset,
    /// Values spread around the reference mean by a factor.
    Scale,
    /// A share of random current rows is replaced by rows drawn from the current window's
    /// top quarter (positive amounts) or bottom quarter (negative amounts).
    Tail,
    /// A share of current values goes missing (drift statistics leave missing values out).
    Missing,
}

impl ShiftKind {
    pub fn next(self) -> ShiftKind {
        match self {
            ShiftKind::MeanOffset => ShiftKind::Scale,
            ShiftKind::Scale => ShiftKind::Tail,
            ShiftKind::Tail => ShiftKind::Missing,
            ShiftKind::Missing => ShiftKind::MeanOffset,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            ShiftKind::MeanOffset => "mean offset",
            ShiftKind::Scale => "scale",
            ShiftKind::Tail => "tail subpopulation",
            ShiftKind::Missing => "missing values",
        }
    }

    /// The allowed steps (of [`STEP`]) from the neutral value.
    fn step_range(self) -> (i32, i32) {
        match self {
            ShiftKind::MeanOffset => (-60, 60), // ±3 sd
            ShiftKind::Scale => (-15, 40),      // ×0.25 to ×3
            ShiftKind::Tail => (-20, 20),       // 100 % of rows from either tail
            ShiftKind::Missing => (0, 19),      // up to 95 % missing
        }
    }
}

/// One step of every shift's dial: 0.05 sd, 0.05 in scale, 5 % of rows.
pub const STEP: f64 = 0.05;

/// A shift of one feature's current window, kept on an exact grid of [`STEP`]s.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shift {
    pub kind: ShiftKind,
    pub steps: i32,
}

impl Shift {
    pub const NONE: Shift = Shift {
        kind: ShiftKind::MeanOffset,
        steps: 0,
    };

    pub fn new(kind: ShiftKind, steps: i32) -> Shift {
        let (lo, hi) = kind.step_range();
        Shift {
            kind,
            steps: steps.clamp(lo, hi),
        }
    }

    pub fn is_none(self) -> bool {
        self.steps == 0
    }

    /// The dial's value: offset in sd, scale factor, share of rows (signed for the tail).
    pub fn amount(self) -> f64 {
        let a = self.steps as f64 * STEP;
        match self.kind {
            ShiftKind::Scale => 1.0 + a,
            _ => a,
        }
    }

    pub fn by(self, steps: i32) -> Shift {
        Shift::new(self.kind, self.steps + steps)
    }

    /// The shift in words, e.g. "mean offset +0.50 sd".
    pub fn describe(self) -> String {
        let a = self.amount();
        match self.kind {
            ShiftKind::MeanOffset => format!("mean offset {a:+.2} sd"),
            ShiftKind::Scale => format!("scale ×{a:.2}"),
            ShiftKind::Tail if self.steps < 0 => {
                format!("{:.0}% of rows from the bottom quarter", -a * 100.0)
            }
            ShiftKind::Tail => format!("{:.0}% of rows from the top quarter", a * 100.0),
            ShiftKind::Missing => format!("{:.0}% of values missing", a * 100.0),
        }
    }

    /// Whether the shift keeps every value and their order (a monotone map).
    fn maps_values(self) -> bool {
        matches!(self.kind, ShiftKind::MeanOffset | ShiftKind::Scale)
    }

    fn apply(self, v: f64, mean: f64, std: f64) -> f64 {
        match self.kind {
            ShiftKind::MeanOffset => v + self.amount() * std,
            ShiftKind::Scale => mean + (v - mean) * self.amount(),
            _ => v,
        }
    }
}

/// Draws from one tail of the current window, in ascending order, each with a random rank.
#[derive(Debug, Clone)]
struct TailDraws {
    values: Vec<f64>,
    ranks: Vec<u32>,
}

/// One feature's two windows for one window size, ready for shifted comparisons.
#[derive(Debug, Clone)]
pub struct FeatureWindows {
    pub reference: NumericReference,
    /// Sorted current values.
    current: Vec<f64>,
    /// What the shifts that remove rows need, drawn on first use from its own seed.
    removal: OnceLock<Removal>,
    removal_seed: u64,
}

/// A random rank per current value (shifts that remove k rows remove ranks below k), and
/// draws from the current window's top and bottom quarters.
#[derive(Debug, Clone)]
struct Removal {
    ranks: Vec<u32>,
    upper: TailDraws,
    lower: TailDraws,
}

/// One feature's comparison, with what the missing-values shift removed.
#[derive(Debug, Clone, PartialEq)]
pub struct FeatureStats {
    /// `None` when no current value is left.
    pub drift: Option<NumericDrift>,
    /// Current rows before any value went missing.
    pub current_rows: usize,
    /// Current values blanked by the missing-values shift.
    pub blanked: usize,
}

impl FeatureStats {
    pub fn missing_share(&self) -> f64 {
        if self.current_rows == 0 {
            0.0
        } else {
            self.blanked as f64 / self.current_rows as f64
        }
    }
}

impl FeatureWindows {
    /// `reference` and `current` are one feature's sorted values in the two halves.
    /// `feature` picks the feature's own random stream. `None` when a half is empty.
    pub fn build(
        reference: &[f64],
        current: &[f64],
        size: WindowSize,
        feature: usize,
    ) -> Option<FeatureWindows> {
        if reference.is_empty() || current.is_empty() {
            return None;
        }
        let mut draws = Draws::new(mix(SEED, feature as u64 + 1, size.index()));
        let (reference, current) = match size.resampled_rows() {
            None => (reference.to_vec(), current.to_vec()),
            Some(n) => (
                draws.resample_sorted(reference, n),
                draws.resample_sorted(reference, n),
            ),
        };
        Some(FeatureWindows {
            reference: NumericReference::from_sample(SortedSample::from_sorted(reference), BINS),
            current,
            removal: OnceLock::new(),
            removal_seed: mix(SEED, feature as u64 + 1, size.index() + 3),
        })
    }

    fn removal(&self) -> &Removal {
        self.removal.get_or_init(|| {
            let mut draws = Draws::new(self.removal_seed);
            let current = &self.current;
            let n = current.len();
            let quarter = (n / 4).max(1);
            let mut tail = |pool: &[f64]| TailDraws {
                values: draws.resample_sorted(pool, n),
                ranks: draws.permutation(n),
            };
            let upper = tail(&current[n - quarter..]);
            let lower = tail(&current[..quarter]);
            Removal {
                ranks: draws.permutation(n),
                upper,
                lower,
            }
        })
    }

    pub fn current_rows(&self) -> usize {
        self.current.len()
    }

    /// The current window after the hidden shift (if any) and then the learner's shift,
    /// compared with the reference.
    pub fn compare(&self, hidden: Option<Shift>, shift: Shift) -> FeatureStats {
        let (values, blanked) = self.shifted(hidden, shift);
        let current_rows = self.current.len();
        let drift = (!values.is_empty()).then(|| {
            self.reference
                .compare_sorted(&SortedSample::from_sorted(values))
        });
        FeatureStats {
            drift,
            current_rows,
            blanked,
        }
    }

    /// The shifted current values, ascending, and how many went missing.
    pub fn shifted(&self, hidden: Option<Shift>, shift: Shift) -> (Vec<f64>, usize) {
        let sample = self.reference.sample();
        let (mean, std) = (sample.mean(), sample.std());
        let hidden = hidden.filter(|h| h.maps_values());
        let own = (shift.maps_values() && !shift.is_none()).then_some(shift);
        let map = |v: f64| {
            let v = hidden.map_or(v, |h| h.apply(v, mean, std));
            own.map_or(v, |s| s.apply(v, mean, std))
        };
        let n = self.current.len();
        let removed = |share: f64| ((share * n as f64).round() as usize).min(n) as u32;
        match shift.kind {
            ShiftKind::Missing if !shift.is_none() => {
                let k = removed(shift.amount());
                let kept = self.kept(k).map(map).collect();
                (kept, k as usize)
            }
            ShiftKind::Tail if !shift.is_none() => {
                let k = removed(shift.amount().abs());
                let removal = self.removal();
                let draws = if shift.steps > 0 {
                    &removal.upper
                } else {
                    &removal.lower
                };
                let added = draws
                    .values
                    .iter()
                    .zip(&draws.ranks)
                    .filter(|(_, r)| **r < k)
                    .map(|(v, _)| map(*v));
                (merge(self.kept(k).map(map), added), 0)
            }
            _ => (self.current.iter().map(|&v| map(v)).collect(), 0),
        }
    }

    /// Current values whose rank is at least `k`, in order.
    fn kept(&self, k: u32) -> impl Iterator<Item = f64> + '_ {
        self.current
            .iter()
            .zip(&self.removal().ranks)
            .filter(move |(_, r)| **r >= k)
            .map(|(v, _)| *v)
    }
}

/// Merges two ascending sequences into one ascending vector.
fn merge(a: impl Iterator<Item = f64>, b: impl Iterator<Item = f64>) -> Vec<f64> {
    let mut out = Vec::new();
    let (mut a, mut b) = (a.peekable(), b.peekable());
    loop {
        let next = match (a.peek(), b.peek()) {
            (Some(x), Some(y)) if x <= y => a.next(),
            (Some(_), Some(_)) => b.next(),
            (Some(_), None) => a.next(),
            (None, Some(_)) => b.next(),
            (None, None) => return out,
        };
        out.extend(next);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn halves() -> (Vec<f64>, Vec<f64>) {
        let r: Vec<f64> = (0..200).map(|i| i as f64 / 10.0).collect();
        let c: Vec<f64> = (0..200).map(|i| i as f64 / 10.0 + 0.05).collect();
        (r, c)
    }

    fn windows(size: WindowSize) -> FeatureWindows {
        let (r, c) = halves();
        FeatureWindows::build(&r, &c, size, 0).unwrap()
    }

    #[test]
    fn offsets_are_in_reference_standard_deviations() {
        let w = windows(WindowSize::Halves);
        let std = w.reference.sample().std();
        let (plain, _) = w.shifted(None, Shift::NONE);
        let (moved, blanked) = w.shifted(None, Shift::new(ShiftKind::MeanOffset, 10));
        assert_eq!(blanked, 0);
        for (a, b) in plain.iter().zip(&moved) {
            assert!((b - a - 0.5 * std).abs() < 1e-9);
        }
        let far = w.compare(None, Shift::new(ShiftKind::MeanOffset, 60));
        let near = w.compare(None, Shift::NONE);
        assert!(far.drift.unwrap().psi > 1.0 && near.drift.unwrap().psi < 0.1);
    }

    #[test]
    fn missing_values_leave_the_distribution_alone() {
        let w = windows(WindowSize::Halves);
        let s = w.compare(None, Shift::new(ShiftKind::Missing, 10));
        assert_eq!(s.blanked, 100);
        assert_eq!(s.missing_share(), 0.5);
        let d = s.drift.unwrap();
        assert_eq!(d.current_count, 100);
        assert!(d.ks.p_value > 0.05, "random blanks keep the shape: {d:?}");
    }

    #[test]
    fn a_tail_shift_keeps_the_size_and_moves_mass_to_one_end() {
        let w = windows(WindowSize::Halves);
        let (up, _) = w.shifted(None, Shift::new(ShiftKind::Tail, 10));
        let (down, _) = w.shifted(None, Shift::new(ShiftKind::Tail, -10));
        assert_eq!(up.len(), 200);
        assert!(up.windows(2).all(|x| x[0] <= x[1]));
        assert!(down.windows(2).all(|x| x[0] <= x[1]));
        let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len() as f64;
        let (plain, _) = w.shifted(None, Shift::NONE);
        assert!(mean(&up) > mean(&plain) + 2.0 && mean(&down) < mean(&plain) - 2.0);
    }

    #[test]
    fn the_hidden_shift_comes_first_and_the_dial_stays_on_its_grid() {
        let w = windows(WindowSize::Halves);
        let hidden = Shift::new(ShiftKind::Scale, 20);
        let (a, _) = w.shifted(Some(hidden), Shift::NONE);
        let (b, _) = w.shifted(None, Shift::NONE);
        assert!(a.first() < b.first() && a.last() > b.last());
        let s = Shift::new(ShiftKind::MeanOffset, 0).by(7).by(-2);
        assert_eq!(s.steps, 5);
        assert_eq!(s.describe(), "mean offset +0.25 sd");
        assert_eq!(Shift::new(ShiftKind::Missing, 99).steps, 19, "clamped");
        assert_eq!(Shift::new(ShiftKind::Scale, -3).describe(), "scale ×0.85");
    }

    #[test]
    fn resampled_windows_have_their_size_and_the_same_source() {
        let small = windows(WindowSize::Small);
        assert_eq!(small.current_rows(), 50);
        assert_eq!(small.reference.sample().len(), 50);
        let large = windows(WindowSize::Large);
        assert_eq!(large.current_rows(), 50_000);
        let d = large.compare(None, Shift::NONE).drift.unwrap();
        assert!(d.ks.statistic < 0.02, "same source: {}", d.ks.statistic);
    }
}
