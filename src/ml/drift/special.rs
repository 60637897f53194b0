//! Special functions the drift tests need: the log-gamma function, the regularised
//! incomplete gamma functions and the chi-square survival function.

use std::f64::consts::PI;

/// Coefficients of the Lanczos approximation with g = 7 and nine terms
/// (relative error below 1e-15 for positive arguments).
const LANCZOS_G: f64 = 7.0;
const LANCZOS: [f64; 9] = [
    0.999_999_999_999_809_9,
    676.520_368_121_885_1,
    -1_259.139_216_722_402_8,
    771.323_428_777_653_1,
    -176.615_029_162_140_6,
    12.507_343_278_686_905,
    -0.138_571_095_265_720_12,
    9.984_369_578_019_572e-6,
    1.505_632_735_149_311_6e-7,
];

/// ln Γ(x) for x > 0.
pub fn ln_gamma(x: f64) -> f64 {
    if x < 0.5 {
        // Reflection keeps the approximation in its accurate range.
        return (PI / (PI * x).sin()).ln() - ln_gamma(1.0 - x);
    }
    let x = x - 1.0;
    let mut sum = LANCZOS[0];
    for (i, c) in LANCZOS.iter().enumerate().skip(1) {
        sum += c / (x + i as f64);
    }
    let t = x + LANCZOS_G + 0.5;
    0.5 * (2.0 * PI).ln() + (x + 0.5) * t.ln() - t + sum.ln()
}

/// The regularised upper incomplete gamma function Q(a, x) = Γ(a, x) / Γ(a), for a > 0, x >= 0.
///
/// Uses the power series of P(a, x) = 1 − Q(a, x) below x = a + 1 and a continued
/// fraction (modified Lentz) above, where Q is small and must keep its relative accuracy.
pub fn gamma_q(a: f64, x: f64) -> f64 {
    if x.is_nan() || a.is_nan() || a <= 0.0 || x < 0.0 {
        return f64::NAN;
    }
    if x == 0.0 {
        return 1.0;
    }
    if x.is_infinite() {
        return 0.0;
    }
    if x < a + 1.0 {
        (1.0 - lower_series(a, x)).clamp(0.0, 1.0)
    } else {
        upper_continued_fraction(a, x).clamp(0.0, 1.0)
    }
}

/// The regularised lower incomplete gamma function P(a, x) = 1 − Q(a, x).
pub fn gamma_p(a: f64, x: f64) -> f64 {
    if x.is_nan() || a.is_nan() || a <= 0.0 || x < 0.0 {
        return f64::NAN;
    }
    if x == 0.0 {
        return 0.0;
    }
    if x.is_infinite() {
        return 1.0;
    }
    if x < a + 1.0 {
        lower_series(a, x).clamp(0.0, 1.0)
    } else {
        (1.0 - upper_continued_fraction(a, x)).clamp(0.0, 1.0)
    }
}

/// Survival function of the chi-square distribution with `dof` degrees of freedom.
pub fn chi2_sf(statistic: f64, dof: f64) -> f64 {
    if statistic <= 0.0 {
        return 1.0;
    }
    gamma_q(dof / 2.0, statistic / 2.0)
}

/// P(a, x) = e^(−x) x^a / Γ(a + 1) · Σ_k x^k / ((a + 1)…(a + k)).
fn lower_series(a: f64, x: f64) -> f64 {
    let mut term = 1.0 / a;
    let mut sum = term;
    let mut denominator = a;
    for _ in 0..10_000 {
        denominator += 1.0;
        term *= x / denominator;
        sum += term;
        if term.abs() < sum.abs() * 1e-17 {
            break;
        }
    }
    (sum.ln() - x + a * x.ln() - ln_gamma(a)).exp()
}

/// Q(a, x) = e^(−x) x^a / Γ(a) · 1 / (x + 1 − a − 1·(1 − a) / (x + 3 − a − 2·(2 − a) / …)).
fn upper_continued_fraction(a: f64, x: f64) -> f64 {
    const TINY: f64 = 1e-300;
    let mut b = x + 1.0 - a;
    let mut c = 1.0 / TINY;
    let mut d = 1.0 / b;
    let mut h = d;
    for i in 1..10_000 {
        let an = -(i as f64) * (i as f64 - a);
        b += 2.0;
        d = an * d + b;
        if d.abs() < TINY {
            d = TINY;
        }
        c = b + an / c;
        if c.abs() < TINY {
            c = TINY;
        }
        d = 1.0 / d;
        let delta = d * c;
        h *= delta;
        if (delta - 1.0).abs() < 1e-16 {
            break;
        }
    }
    (a * x.ln() - x - ln_gamma(a)).exp() * h
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, rel: f64) -> bool {
        (a - b).abs() <= rel * b.abs().max(1e-300)
    }

    #[test]
    fn ln_gamma_matches_factorials() {
        let mut factorial = 1.0f64;
        for n in 1..30 {
            factorial *= n as f64;
            let expected = factorial.ln();
            assert!((ln_gamma(n as f64 + 1.0) - expected).abs() <= 1e-13 * expected.max(1.0));
        }
        assert!(close(ln_gamma(0.5), PI.sqrt().ln(), 1e-14));
        assert!(close(ln_gamma(1e6), 12_815_504.569_147_61, 1e-13));
    }

    #[test]
    fn chi2_sf_golden_values() {
        // dof 2: the survival function is exp(-x/2).
        assert!(close(chi2_sf(7.0, 2.0), (-3.5f64).exp(), 1e-13));
        // scipy.stats.chi2.sf(3.84145882069412, 1) = 0.05
        assert!(close(chi2_sf(3.841_458_820_694_124, 1.0), 0.05, 1e-10));
        // scipy.stats.chi2.sf(30, 10)
        assert!(close(chi2_sf(30.0, 10.0), 8.566_412_107_753_01e-4, 1e-10));
        // scipy.stats.chi2.sf(500, 3): the far tail keeps its relative accuracy
        assert!(close(chi2_sf(500.0, 3.0), 4.771_672_031_912_771e-108, 1e-9));
        assert_eq!(chi2_sf(0.0, 4.0), 1.0);
    }

    #[test]
    fn p_and_q_sum_to_one() {
        for &(a, x) in &[(0.5, 0.1), (3.0, 2.5), (10.0, 12.0), (100.0, 90.0)] {
            assert!((gamma_p(a, x) + gamma_q(a, x) - 1.0).abs() < 1e-14);
        }
    }
}
