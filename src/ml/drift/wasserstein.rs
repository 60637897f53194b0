//! The first Wasserstein distance between two one-dimensional samples, equal to
//! `scipy.stats.wasserstein_distance(u, v)`: the area between the two empirical CDFs,
//! W1 = ∫ |U(x) − V(x)| dx.

use super::ecdf::compare_ecdfs;

/// W1 between two samples sorted ascending (both non-empty): between consecutive
/// distinct pooled values the CDFs are constant, so the integral is a sum of
/// |i/n_u − j/n_v| times the gap (see [`super::ecdf`]).
pub fn wasserstein_sorted(u: &[f64], v: &[f64]) -> f64 {
    compare_ecdfs(u, v).area
}

/// W1 divided by the reference's population standard deviation (floored at 0.001): the
/// "normed" Wasserstein distance Evidently uses, in units of reference standard deviations.
pub fn normed_wasserstein(w1: f64, reference_std: f64) -> f64 {
    w1 / reference_std.max(0.001)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn golden_values() {
        assert!((wasserstein_sorted(&[0.0, 1.0, 3.0], &[5.0, 6.0, 8.0]) - 5.0).abs() < 1e-12);
        let w = wasserstein_sorted(&[0.0, 1.0, 2.0, 3.0, 4.0], &[1.0, 2.0, 3.0, 4.0, 5.0]);
        assert!((w - 1.0).abs() < 1e-12);
        assert!((normed_wasserstein(w, 2f64.sqrt()) - 0.707_106_781_186_547_5).abs() < 1e-12);
        // scipy.stats.wasserstein_distance([1, 1, 2], [1, 3]) = 0.6667
        assert!((wasserstein_sorted(&[1.0, 1.0, 2.0], &[1.0, 3.0]) - 2.0 / 3.0).abs() < 1e-12);
        assert_eq!(wasserstein_sorted(&[2.0, 2.0], &[2.0]), 0.0);
    }

    #[test]
    fn constant_reference_uses_the_floor() {
        assert_eq!(normed_wasserstein(0.5, 0.0), 500.0);
    }
}
