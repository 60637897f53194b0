//! Binned comparisons: the Population Stability Index and the Jensen–Shannon distance
//! over shares of a common set of bins (quantile bins of the reference for numbers,
//! one bin per category for labels).

/// Number of bins when none is given: the reference's deciles, as in credit scoring.
pub const DEFAULT_BINS: usize = 10;

/// Shares are floored at this value before PSI takes their logarithm (an empty bin
/// would otherwise make PSI infinite).
pub const SHARE_FLOOR: f64 = 1e-4;

/// Bins of a numeric column, cut at quantiles of the reference.
///
/// `edges` are the inner cut points, ascending and distinct. With edges e₁ < … < e_k there
/// are k + 1 bins, closed on the right: (−∞, e₁], (e₁, e₂], …, (e_k, +∞). The outer bins
/// are open-ended so that current values outside the reference's range still count.
#[derive(Debug, Clone, PartialEq)]
pub struct QuantileBins {
    pub edges: Vec<f64>,
}

impl QuantileBins {
    /// Cuts at the reference quantiles 1/bins, 2/bins, …, (bins−1)/bins (NumPy's default
    /// linear interpolation). Repeated quantiles — heavily tied data — collapse into one
    /// edge, so there may be fewer than `bins` bins. `sorted` must be ascending, non-empty.
    pub fn from_reference(sorted: &[f64], bins: usize) -> Self {
        let bins = bins.max(1);
        let mut edges: Vec<f64> = Vec::with_capacity(bins.saturating_sub(1));
        for k in 1..bins {
            let q = quantile_linear(sorted, k as f64 / bins as f64);
            if edges.last().is_none_or(|&last| q > last) {
                edges.push(q);
            }
        }
        QuantileBins { edges }
    }

    pub fn len(&self) -> usize {
        self.edges.len() + 1
    }

    pub fn is_empty(&self) -> bool {
        false
    }

    /// Counts of a sorted sample in each bin.
    pub fn counts(&self, sorted: &[f64]) -> Vec<u64> {
        let mut counts = Vec::with_capacity(self.len());
        let mut below = 0usize;
        for &edge in &self.edges {
            let at_most = sorted.partition_point(|&v| v <= edge);
            counts.push((at_most - below) as u64);
            below = at_most;
        }
        counts.push((sorted.len() - below) as u64);
        counts
    }
}

/// The p-quantile of sorted data with linear interpolation between order statistics
/// (NumPy's `method="linear"`): position p·(n − 1).
pub fn quantile_linear(sorted: &[f64], p: f64) -> f64 {
    let n = sorted.len();
    let position = p * (n - 1) as f64;
    let below = (position.floor() as usize).min(n - 1);
    let above = (below + 1).min(n - 1);
    let t = position - below as f64;
    let (a, b) = (sorted[below], sorted[above]);
    // Interpolate from the nearer end, which keeps the result monotone in p.
    if t < 0.5 {
        a + (b - a) * t
    } else {
        b - (b - a) * (1.0 - t)
    }
}

/// Counts divided by their total.
pub fn shares(counts: &[u64]) -> Vec<f64> {
    let total: u64 = counts.iter().sum();
    counts
        .iter()
        .map(|&c| {
            if total == 0 {
                0.0
            } else {
                c as f64 / total as f64
            }
        })
        .collect()
}

/// PSI = Σ (a − e)·ln(a / e) over bins, a the current share and e the reference share,
/// both floored at [`SHARE_FLOOR`] first.
pub fn psi(reference: &[f64], current: &[f64]) -> f64 {
    reference
        .iter()
        .zip(current)
        .map(|(&e, &a)| {
            let (e, a) = (e.max(SHARE_FLOOR), a.max(SHARE_FLOOR));
            (a - e) * (a / e).ln()
        })
        .sum()
}

/// How far PSI is from "stable", by the credit-scoring rule of thumb.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PsiLevel {
    /// PSI < 0.1
    Stable,
    /// 0.1 ≤ PSI < 0.25: investigate
    Moderate,
    /// PSI ≥ 0.25: act
    Major,
}

pub const PSI_MODERATE: f64 = 0.1;
pub const PSI_MAJOR: f64 = 0.25;

pub fn psi_level(psi: f64) -> PsiLevel {
    if psi >= PSI_MAJOR {
        PsiLevel::Major
    } else if psi >= PSI_MODERATE {
        PsiLevel::Moderate
    } else {
        PsiLevel::Stable
    }
}

/// The Jensen–Shannon distance with base-2 logarithms (range 0 to 1):
/// sqrt((KL(p‖m) + KL(q‖m)) / 2) with m = (p + q)/2, after normalising p and q to sum 1.
/// Empty bins need no smoothing (0·ln 0 = 0). `scipy.spatial.distance.jensenshannon(p, q,
/// base=2)`; Evidently uses the natural log, whose values are smaller by √(ln 2) ≈ 0.833.
pub fn js_distance(p: &[f64], q: &[f64]) -> f64 {
    let (sp, sq) = (p.iter().sum::<f64>(), q.iter().sum::<f64>());
    if sp <= 0.0 || sq <= 0.0 {
        return f64::NAN;
    }
    let mut divergence = 0.0;
    for (&pi, &qi) in p.iter().zip(q) {
        let (pi, qi) = (pi / sp, qi / sq);
        let m = (pi + qi) / 2.0;
        if pi > 0.0 {
            divergence += pi * (pi / m).ln();
        }
        if qi > 0.0 {
            divergence += qi * (qi / m).ln();
        }
    }
    (divergence / 2.0 / std::f64::consts::LN_2).max(0.0).sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn psi_and_js_golden_case() {
        let reference = [0.25, 0.25, 0.25, 0.25];
        let current = [0.10, 0.20, 0.30, 0.40];
        assert!((psi(&reference, &current) - 0.2282).abs() < 5e-5);
        assert!((js_distance(&reference, &current) - 0.2005).abs() < 5e-5);
        assert_eq!(psi_level(psi(&reference, &current)), PsiLevel::Moderate);
        assert_eq!(psi(&reference, &reference), 0.0);
        assert_eq!(js_distance(&reference, &reference), 0.0);
    }

    #[test]
    fn empty_bins_are_floored_for_psi_only() {
        let p = psi(&[0.5, 0.5], &[1.0, 0.0]);
        let expected = (1.0 - 0.5) * (1.0f64 / 0.5).ln() + (1e-4 - 0.5) * (1e-4f64 / 0.5).ln();
        assert!((p - expected).abs() < 1e-12);
        // Disjoint supports: the base-2 JS distance is 1.
        assert!((js_distance(&[1.0, 0.0], &[0.0, 1.0]) - 1.0).abs() < 1e-12);
    }

    #[test]
    fn deciles_of_one_to_hundred() {
        let data: Vec<f64> = (1..=100).map(f64::from).collect();
        let bins = QuantileBins::from_reference(&data, 10);
        assert_eq!(bins.edges.len(), 9);
        assert!((bins.edges[0] - 10.9).abs() < 1e-12); // np.quantile(1..100, 0.1)
        assert_eq!(bins.counts(&data), vec![10; 10]);
    }

    #[test]
    fn tied_quantiles_collapse_and_outer_bins_are_open() {
        let reference = [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0, 2.0, 3.0, 4.0];
        let bins = QuantileBins::from_reference(&reference, 10);
        assert_eq!(bins.edges[0], 0.0);
        assert!(bins.edges.windows(2).all(|w| w[0] < w[1]));
        let counts = bins.counts(&[-100.0, 0.0, 100.0]);
        assert_eq!(counts[0], 2);
        assert_eq!(*counts.last().unwrap(), 1);
    }
}
