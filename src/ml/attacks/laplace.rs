//! The Laplace mechanism (Dwork, McSherry, Nissim & Smith, 2006): a query whose answer
//! changes by at most Δ (its sensitivity) when one person's row changes is released
//! with noise drawn from Laplace(0, Δ/ε), which makes the release ε-differentially
//! private. The expected absolute error is the noise scale Δ/ε: ten times the privacy
//! (ε ten times smaller) costs ten times the error.
//!
//! Queries: a count (Δ = 1) and the mean of values clipped to [lo, hi] over a public
//! number of rows n (Δ = (hi − lo)/n, one row replaced by another). Noise comes from a
//! seeded Xoshiro256++ by inverse-CDF sampling.

use rand::Rng;
use rand::distributions::Open01;
use rand_xoshiro::Xoshiro256PlusPlus;
use rand_xoshiro::rand_core::SeedableRng;

use super::AttackError;

/// A query answer ready for release, with its sensitivity.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Query {
    pub true_value: f64,
    pub sensitivity: f64,
}

impl Query {
    /// How many rows match: one row more or fewer changes it by 1.
    pub fn count(matching: usize) -> Query {
        Query {
            true_value: matching as f64,
            sensitivity: 1.0,
        }
    }

    /// The mean of `values` clipped to [lo, hi]; n = `values.len()` is public.
    pub fn bounded_mean(values: &[f64], lo: f64, hi: f64) -> Result<Query, AttackError> {
        if !(lo.is_finite() && hi.is_finite() && lo < hi) {
            return Err(AttackError::Setup(format!(
                "the bounds must be finite with lo < hi, got [{lo}, {hi}]"
            )));
        }
        if values.is_empty() {
            return Err(AttackError::NoRows("value"));
        }
        if let Some(v) = values.iter().find(|v| v.is_nan()) {
            return Err(AttackError::Setup(format!("a value is not a number ({v})")));
        }
        let n = values.len() as f64;
        Ok(Query {
            true_value: values.iter().map(|v| v.clamp(lo, hi)).sum::<f64>() / n,
            sensitivity: (hi - lo) / n,
        })
    }

    /// The noise scale Δ/ε, which is also the expected absolute error.
    pub fn scale(&self, epsilon: f64) -> Result<f64, AttackError> {
        check_epsilon(epsilon)?;
        Ok(self.sensitivity / epsilon)
    }

    /// One ε-differentially private release.
    pub fn release(&self, epsilon: f64, rng: &mut impl Rng) -> Result<f64, AttackError> {
        Ok(self.true_value + laplace(self.scale(epsilon)?, rng))
    }
}

fn check_epsilon(epsilon: f64) -> Result<(), AttackError> {
    if epsilon > 0.0 && epsilon.is_finite() {
        Ok(())
    } else {
        Err(AttackError::Setup(format!(
            "epsilon must be a positive number, got {epsilon}"
        )))
    }
}

/// A draw from Laplace(0, scale) by the inverse CDF: for u uniform in (−½, ½),
/// −scale · sign(u) · ln(1 − 2|u|). The open interval keeps the logarithm finite.
pub fn laplace(scale: f64, rng: &mut impl Rng) -> f64 {
    let u: f64 = rng.sample::<f64, _>(Open01) - 0.5;
    -scale * u.signum() * (1.0 - 2.0 * u.abs()).ln()
}

/// One point of the error-against-ε curve.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ErrorPoint {
    pub epsilon: f64,
    /// Mean |release − true value| over the repetitions.
    pub mean_abs_error: f64,
    /// Δ/ε, the expected absolute error.
    pub expected_abs_error: f64,
}

/// For each ε, `repetitions` releases of `query` and their mean absolute error. Every
/// ε uses the same seeded noise stream (common random numbers), so the curve differs
/// between ε values only through ε.
pub fn error_curve(
    query: &Query,
    epsilons: &[f64],
    repetitions: usize,
    seed: u64,
) -> Result<Vec<ErrorPoint>, AttackError> {
    if repetitions == 0 {
        return Err(AttackError::NoRows("repetition"));
    }
    epsilons
        .iter()
        .map(|&epsilon| {
            let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
            let mut total = 0.0;
            for _ in 0..repetitions {
                total += (query.release(epsilon, &mut rng)? - query.true_value).abs();
            }
            Ok(ErrorPoint {
                epsilon,
                mean_abs_error: total / repetitions as f64,
                expected_abs_error: query.scale(epsilon)?,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_mean_absolute_error_is_the_noise_scale() {
        // |Laplace(0, b)| is exponential with mean b and standard deviation b, so over
        // 40,000 draws the mean is within 3 % of b with a margin of six standard errors.
        let mean = Query::bounded_mean(&[20.0, 35.0, 50.0, 90.0, 61.0], 18.0, 68.0).unwrap();
        assert!((mean.sensitivity - 10.0).abs() < 1e-12);
        assert!((mean.true_value - (20.0 + 35.0 + 50.0 + 68.0 + 61.0) / 5.0).abs() < 1e-12);
        for (query, seed) in [(Query::count(123), 1), (mean, 2), (Query::count(0), 3)] {
            for point in error_curve(&query, &[0.1, 0.5, 2.0], 40_000, seed).unwrap() {
                let ratio = point.mean_abs_error / point.expected_abs_error;
                assert!((ratio - 1.0).abs() < 0.03, "{point:?}");
                assert!(
                    (point.expected_abs_error - query.sensitivity / point.epsilon).abs() < 1e-12
                );
            }
        }
    }

    #[test]
    fn the_noise_is_centred_and_symmetric() {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(7);
        let draws: Vec<f64> = (0..40_000).map(|_| laplace(1.0, &mut rng)).collect();
        let mean = draws.iter().sum::<f64>() / draws.len() as f64;
        // Standard deviation √2, so the mean's standard error is 0.007.
        assert!(mean.abs() < 0.04, "{mean}");
        let above = draws.iter().filter(|&&d| d > 0.0).count() as f64 / 40_000.0;
        assert!((above - 0.5).abs() < 0.015, "{above}");
        // P(|X| > b·ln 20) = 1/20.
        let tail = draws.iter().filter(|d| d.abs() > 20f64.ln()).count() as f64 / 40_000.0;
        assert!((tail - 0.05).abs() < 0.006, "{tail}");
    }

    #[test]
    fn more_epsilon_means_less_error() {
        let grid = [0.05, 0.1, 0.2, 0.5, 1.0, 2.0, 5.0, 10.0];
        let query = Query::count(500);
        let mut averaged = vec![0.0; grid.len()];
        for seed in 0..20 {
            let curve = error_curve(&query, &grid, 200, seed).unwrap();
            for w in curve.windows(2) {
                assert!(w[1].mean_abs_error < w[0].mean_abs_error, "{w:?}");
            }
            for (a, p) in averaged.iter_mut().zip(&curve) {
                *a += p.mean_abs_error / 20.0;
            }
        }
        for w in averaged.windows(2) {
            assert!(w[1] < w[0], "{averaged:?}");
        }
        // Releases drawn independently for each ε still fall as ε grows, averaged over seeds.
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(99);
        let independent: Vec<f64> = grid
            .iter()
            .map(|&e| {
                (0..4000)
                    .map(|_| (query.release(e, &mut rng).unwrap() - 500.0).abs())
                    .sum::<f64>()
                    / 4000.0
            })
            .collect();
        for w in independent.windows(2) {
            assert!(w[1] < w[0], "{independent:?}");
        }
    }

    #[test]
    fn invalid_epsilon_and_bounds_are_errors() {
        let q = Query::count(3);
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(0);
        for e in [0.0, -1.0, f64::NAN, f64::INFINITY] {
            assert!(q.release(e, &mut rng).is_err(), "{e}");
            assert!(error_curve(&q, &[1.0, e], 10, 0).is_err(), "{e}");
        }
        assert!(Query::bounded_mean(&[1.0], 5.0, 5.0).is_err());
        assert!(Query::bounded_mean(&[1.0], 6.0, 5.0).is_err());
        assert!(Query::bounded_mean(&[1.0], f64::NAN, 5.0).is_err());
        assert!(Query::bounded_mean(&[], 0.0, 1.0).is_err());
        assert!(Query::bounded_mean(&[f64::NAN], 0.0, 1.0).is_err());
        assert!(error_curve(&q, &[1.0], 0, 0).is_err());
    }
}
