//! The two-sample Kolmogorov–Smirnov test, two-sided, with the p-value
//! `scipy.stats.ks_2samp` gives by default (`method="auto"`).
//!
//! - Statistic: D = max over pooled values x of |F_ref(x) − F_cur(x)| with right-continuous
//!   empirical CDFs, so tied values are handled by evaluating both CDFs at every pooled
//!   value. D is kept as the exact integer max |i·n2 − j·n1| over n1·n2.
//! - Exact p-value (when max(n1, n2) ≤ 10 000): under the null every interleaving of the
//!   two samples is equally likely, and p = P(D ≥ d_obs) is the share of monotone lattice
//!   paths from (0, 0) to (n1, n2) that leave the band |i/n1 − j/n2| < d_obs. Equal sizes
//!   use the alternating reflection sum 2·Σ_k (−1)^(k−1) C(2n, n − kh) / C(2n, n); unequal
//!   sizes a dynamic programme over the band in probability space (see [`super::ks_exact`]),
//!   whose cost grows as D·n1·n2.
//!   Like SciPy, the exact p-value ignores ties (it assumes continuous data).
//! - Asymptotic p-value (larger samples, or if the exact computation fails numerically):
//!   `kstwo.sf(D, round(n1·n2/(n1 + n2)))`, see [`super::kolmogorov`].

use super::ecdf::compare_ecdfs;
use super::kolmogorov::kstwo_sf;
use super::ks_exact::exact_p_value;
use super::sorted::SortedSample;

/// Above this sample size `method="auto"` switches from the exact to the asymptotic p-value.
pub const MAX_EXACT_N: usize = 10_000;

/// How the p-value was computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum KsMethod {
    Exact,
    Asymptotic,
}

/// The result of a two-sample KS test.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct KsResult {
    /// D, in [0, 1].
    pub statistic: f64,
    /// Two-sided p-value.
    pub p_value: f64,
    pub method: KsMethod,
}

/// `scipy.stats.ks_2samp(a, b)` on two unsorted samples without missing values.
pub fn ks_2samp(a: &[f64], b: &[f64]) -> KsResult {
    let a = SortedSample::new(a.to_vec());
    let b = SortedSample::new(b.to_vec());
    ks_2samp_sorted(a.values(), b.values())
}

/// The KS test on two samples already sorted ascending. Both must be non-empty.
pub fn ks_2samp_sorted(a: &[f64], b: &[f64]) -> KsResult {
    ks_from_gap(a.len() as u64, b.len() as u64, max_cdf_gap(a, b))
}

/// The KS result from the sample sizes and [`max_cdf_gap`], as SciPy computes it.
pub fn ks_from_gap(n1: u64, n2: u64, gap: u64) -> KsResult {
    ks_from_gap_within(n1, n2, gap, None)
}

/// Like [`ks_from_gap`], but when the exact p-value would visit more than
/// `max_exact_cells` lattice cells (strong drift between samples of unequal sizes, see
/// [`exact_cells`]) the asymptotic p-value is used instead, and `method` says so. With
/// `None` this is SciPy's rule exactly.
pub fn ks_from_gap_within(n1: u64, n2: u64, gap: u64, max_exact_cells: Option<u64>) -> KsResult {
    assert!(n1 > 0 && n2 > 0, "the KS test needs two non-empty samples");
    let statistic = gap as f64 / (n1 as f64 * n2 as f64);
    // D = gap/(n1·n2) = h/lcm with h = gap/gcd: an integer distance from the diagonal.
    let h = gap / gcd(n1, n2);
    let affordable = max_exact_cells.is_none_or(|limit| exact_cells(n1, n2, h) <= limit);
    if n1.max(n2) as usize <= MAX_EXACT_N && affordable {
        let p = exact_p_value(n1, n2, h);
        if p.is_finite() && (0.0..=1.0).contains(&p) {
            return KsResult {
                statistic,
                p_value: p,
                method: KsMethod::Exact,
            };
        }
    }
    KsResult {
        statistic,
        p_value: asymptotic_p_value(n1, n2, statistic),
        method: KsMethod::Asymptotic,
    }
}

/// About how many lattice cells the exact p-value visits: none worth counting for equal
/// sizes (a closed sum), otherwise half of the columns times the band's height,
/// roughly D·n1·n2 in all.
pub fn exact_cells(n1: u64, n2: u64, h: u64) -> u64 {
    if n1 == n2 {
        return n1;
    }
    let (m, n) = (n1.max(n2), n1.min(n2));
    let mg = m / gcd(m, n);
    (m / 2 + 1).saturating_mul((2 * h / mg + 1).min(n + 1))
}

/// max over pooled values of |i·n2 − j·n1|, where i and j count the values ≤ x in `a`
/// and `b`: the KS statistic times n1·n2, as an exact integer.
pub fn max_cdf_gap(a: &[f64], b: &[f64]) -> u64 {
    compare_ecdfs(a, b).max_gap
}

/// `kstwo.sf(D, round(n1·n2/(n1 + n2)))`, rounding half to even as NumPy does.
pub fn asymptotic_p_value(n1: u64, n2: u64, statistic: f64) -> f64 {
    let (m, n) = (n1.max(n2) as f64, n1.min(n2) as f64);
    let effective = (m * n / (m + n)).round_ties_even();
    kstwo_sf(effective as u64, statistic)
}

pub(crate) fn gcd(mut a: u64, mut b: u64) -> u64 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, rel: f64) -> bool {
        (a - b).abs() <= rel * b.abs()
    }

    #[test]
    fn disjoint_samples_of_four() {
        let r = ks_2samp(&[1.0, 2.0, 3.0, 4.0], &[5.0, 6.0, 7.0, 8.0]);
        assert_eq!(r.statistic, 1.0);
        assert!(close(r.p_value, 2.0 / 70.0, 1e-12), "{}", r.p_value);
        assert_eq!(r.method, KsMethod::Exact);
    }

    #[test]
    fn shifted_samples_of_five() {
        let r = ks_2samp(&[1.0, 2.0, 3.0, 4.0, 5.0], &[3.5, 4.5, 5.5, 6.5, 7.5]);
        assert!(close(r.statistic, 0.6, 1e-15));
        assert!(
            close(r.p_value, 0.357_142_857_142_857_1, 1e-9),
            "{}",
            r.p_value
        );
    }

    #[test]
    fn ties_are_evaluated_at_pooled_values() {
        // ECDFs at pooled values 1, 2, 3: a = 2/3, 2/3, 1; b = 1/4, 3/4, 1 → D = 5/12.
        let r = ks_2samp(&[1.0, 1.0, 3.0], &[1.0, 2.0, 2.0, 3.0]);
        assert!(close(r.statistic, 5.0 / 12.0, 1e-15));
        // scipy.stats.ks_2samp([1,1,3],[1,2,2,3]).pvalue
        assert!(
            close(r.p_value, 0.885_714_285_714_285_8, 1e-12),
            "{}",
            r.p_value
        );
    }

    #[test]
    fn identical_samples_give_p_one() {
        let r = ks_2samp(&[1.0, 2.0, 3.0], &[1.0, 2.0, 3.0, 3.0]);
        assert!(r.statistic < 0.26);
        let same = ks_2samp(&[1.0, 2.0], &[2.0, 1.0]);
        assert_eq!((same.statistic, same.p_value), (0.0, 1.0));
    }

    #[test]
    fn a_cell_budget_switches_to_the_asymptotic_p_value() {
        let a: Vec<f64> = (0..3000).map(|i| i as f64).collect();
        let b: Vec<f64> = (0..5000).map(|i| i as f64 * 0.6 + 600.0).collect();
        let gap = max_cdf_gap(&a, &b);
        let exact = ks_from_gap(3000, 5000, gap);
        let bounded = ks_from_gap_within(3000, 5000, gap, Some(100_000));
        assert_eq!(exact.method, KsMethod::Exact);
        assert_eq!(bounded.method, KsMethod::Asymptotic);
        assert_eq!(exact.statistic, bounded.statistic);
        assert!(exact_cells(3000, 5000, gap / gcd(3000, 5000)) > 100_000);
        let generous = ks_from_gap_within(3000, 5000, gap, Some(u64::MAX));
        assert_eq!(generous, exact);
    }

    #[test]
    fn large_samples_use_the_asymptotic_distribution() {
        let a: Vec<f64> = (0..10_001).map(|i| i as f64).collect();
        let b: Vec<f64> = (0..200).map(|i| i as f64 * 50.0 + 0.5).collect();
        let r = ks_2samp(&a, &b);
        assert_eq!(r.method, KsMethod::Asymptotic);
    }
}
