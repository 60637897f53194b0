//! The one-sample Kolmogorov distributions at finite n: the two-sided statistic
//! D_n (`scipy.stats.kstwo`) and the one-sided D_n+ (`scipy.special.smirnov`).
//!
//! The two-sample test uses `kstwo.sf(D, round(n1·n2 / (n1 + n2)))` when samples are too
//! large for the exact lattice-path computation. Which method evaluates the distribution
//! depends on n and n·d², following Simard & L'Ecuyer (2011), "Computing the Two-Sided
//! Kolmogorov-Smirnov Distribution", J. Stat. Softw. 39(11) — the same regions SciPy uses:
//!
//! | region | method |
//! |---|---|
//! | n·d ≤ 1 | Ruben–Gambino closed form: P(D_n < d) = n!/nⁿ · (2nd − 1)ⁿ |
//! | n·d ≥ n − 1 | Ruben–Gambino: P(D_n ≥ d) = 2(1 − d)ⁿ |
//! | d ≥ 0.5 | P(D_n ≥ d) = 2·P(D_n+ ≥ d) exactly (the two one-sided events are disjoint) |
//! | n ≤ 140, n·d² ≤ 4 | Durbin's matrix formula (Marsaglia, Tsang & Wang 2003), exact |
//! | n ≤ 140, n·d² > 4 | Miller: 2·P(D_n+ ≥ d) |
//! | n > 140, n·d² ≥ 370 | 0 (below the smallest double) |
//! | n > 140, n·d² ≥ 2.2 | Miller: 2·P(D_n+ ≥ d) |
//! | n ≤ 100 000, n·d^1.5 ≤ 1.4 | Durbin's matrix formula |
//! | otherwise | Pelz–Good asymptotic series |
//!
//! Simard & L'Ecuyer use Pomeranz's recursion for n ≤ 140 and 0.754693 < n·d² ≤ 4; this
//! module uses Durbin's formula there too. Both are exact; at these sizes Durbin's matrix
//! is at most 49 × 49 with non-negative entries, so the results agree to rounding.
//!
//! P(D_n+ ≥ d) is the exact Smirnov–Birnbaum–Tingey sum
//! d · Σ_{v=0}^{⌊n(1−d)⌋} C(n, v) (d + v/n)^(v−1) (1 − d − v/n)^(n−v), summed in log space.

use std::f64::consts::{LN_2, PI};

/// P(D_n ≥ d) for the two-sided one-sample Kolmogorov–Smirnov statistic with n
/// observations: `scipy.stats.kstwo.sf(d, n)`. Returns NaN for n = 0 or a NaN d.
pub fn kstwo_sf(n: u64, d: f64) -> f64 {
    if n == 0 || d.is_nan() {
        return f64::NAN;
    }
    if d >= 1.0 {
        return 0.0;
    }
    if d <= 0.0 {
        return 1.0;
    }
    let nf = n as f64;
    let t = nf * d;
    if t <= 1.0 {
        if t <= 0.5 {
            return 1.0;
        }
        let cdf = (ln_factorial_over_power(n) + nf * (2.0 * t - 1.0).ln()).exp();
        return clip(1.0 - cdf);
    }
    if t >= nf - 1.0 {
        return clip(2.0 * (nf * (-d).ln_1p()).exp());
    }
    if d >= 0.5 {
        return clip(2.0 * smirnov_sf(n, d));
    }
    let n_d_squared = t * d;
    if n <= 140 {
        if n_d_squared <= 4.0 {
            return clip(1.0 - durbin_cdf(n, d));
        }
        return clip(2.0 * smirnov_sf(n, d));
    }
    if n_d_squared >= 370.0 {
        return 0.0;
    }
    if n_d_squared >= 2.2 {
        return clip(2.0 * smirnov_sf(n, d));
    }
    let cdf = if n_d_squared >= 18.0 {
        1.0
    } else if n <= 100_000 && nf * d.powf(1.5) <= 1.4 {
        durbin_cdf(n, d)
    } else {
        pelz_good_cdf(n, d)
    };
    clip(1.0 - cdf)
}

/// P(D_n+ ≥ d) for the one-sided statistic D_n+ = sup (F_n − F): `scipy.special.smirnov(n, d)`.
pub fn smirnov_sf(n: u64, d: f64) -> f64 {
    if n == 0 || d.is_nan() || !(0.0..=1.0).contains(&d) {
        return f64::NAN;
    }
    if d == 0.0 {
        return 1.0;
    }
    if d == 1.0 {
        return 0.0;
    }
    if n == 1 {
        return 1.0 - d;
    }
    let nf = n as f64;
    let nd = nf * d;
    if nd <= 1.0 {
        // For d ≤ 1/n the distribution function is d·(1 + d)^(n−1).
        return clip(1.0 - d * ((nf - 1.0) * d.ln_1p()).exp());
    }
    // exp(−2nd²) bounds the tail; below the smallest double the answer is 0.
    if -2.0 * nd * d < -708.396_418_532_264_1 {
        return 0.0;
    }
    if nd.floor() >= nf - 1.0 {
        return clip((nf * (-d).ln_1p()).exp());
    }
    if n > 1_000_000 {
        // For very large n the sum is too long; this approximation is accurate there.
        let log_p = -(6.0 * nd + 1.0).powi(2) / (18.0 * nf);
        return clip(log_p.exp());
    }
    clip(smirnov_lower_sum(n, d))
}

/// d · Σ_v C(n, v) (d + v/n)^(v−1) (1 − d − v/n)^(n−v), terms in log space.
fn smirnov_lower_sum(n: u64, d: f64) -> f64 {
    let nf = n as f64;
    let nd = nf * d;
    let last = (nf - nd).floor() as u64;
    let ln_d = d.ln();
    // ln C(n, v), accumulated with compensation: it grows to ~n·ln 2 over up to n steps.
    let mut ln_binomial = 0.0f64;
    let mut ln_binomial_error = 0.0f64;
    // Running sum of exp(log term − scale).
    let mut sum = 0.0f64;
    let mut scale = f64::NEG_INFINITY;
    let mut previous = f64::NEG_INFINITY;
    for v in 0..=last {
        let vf = v as f64;
        let remaining = nf - vf - nd; // n·(1 − d − v/n)
        if remaining > 0.0 {
            let y = d + vf / nf;
            let ln_term = ln_binomial
                + ln_d
                + if v == 0 { -ln_d } else { (vf - 1.0) * y.ln() }
                + (nf - vf) * (remaining / nf).ln();
            if ln_term > scale {
                sum = sum * (scale - ln_term).exp() + 1.0;
                scale = ln_term;
            } else {
                sum += (ln_term - scale).exp();
            }
            // Terms fall once past their peak; stop when the rest cannot matter.
            let remaining_terms = (last - v) as f64;
            if ln_term < previous
                && ln_term - scale + (4.0 * remaining_terms).ln() < (f64::EPSILON * sum).ln()
            {
                break;
            }
            previous = ln_term;
        }
        // ln C(n, v + 1) = ln C(n, v) + ln((n − v) / (v + 1)), Kahan-compensated.
        let step = ((nf - vf) / (vf + 1.0)).ln() - ln_binomial_error;
        let next = ln_binomial + step;
        ln_binomial_error = (next - ln_binomial) - step;
        ln_binomial = next;
    }
    if sum == 0.0 {
        return 0.0;
    }
    (sum.ln() + scale).exp()
}

/// ln(n! / nⁿ), exactly summed for small n and by Stirling's series above.
fn ln_factorial_over_power(n: u64) -> f64 {
    let nf = n as f64;
    if n <= 1000 {
        return (1..=n).map(|i| (i as f64 / nf).ln()).sum();
    }
    // ln n! − n ln n = ½ ln(2πn) − n + 1/(12n) − 1/(360n³) + 1/(1260n⁵) − …
    let inv = 1.0 / nf;
    let inv2 = inv * inv;
    0.5 * (2.0 * PI * nf).ln() - nf + inv * (1.0 / 12.0 - inv2 * (1.0 / 360.0 - inv2 / 1260.0))
}

/// P(D_n < d) by Durbin's matrix formula in the form of Marsaglia, Tsang & Wang (2003):
/// with k = ⌈nd⌉, h = k − nd and m = 2k − 1, P = n!/nⁿ · (Hⁿ)[k−1][k−1] where the m × m
/// matrix H has H[i][j] = 1/(i − j + 1)! for j ≤ i + 1 (0 above), first column
/// (1 − h^(i+1))/(i + 1)!, last row (1 − h^(m−j))/(m − j)! and corner
/// (1 − 2hᵐ + max(0, 2h − 1)ᵐ)/m!. Powers are rescaled by powers of two as they grow.
fn durbin_cdf(n: u64, d: f64) -> f64 {
    let nd = n as f64 * d;
    if d >= 1.0 {
        return 1.0;
    }
    if nd <= 0.5 {
        return 0.0;
    }
    let k = nd.ceil() as usize;
    let h = k as f64 - nd;
    let m = 2 * k - 1;
    let mut inverse_factorial = vec![1.0f64; m + 1];
    for j in 1..=m {
        inverse_factorial[j] = inverse_factorial[j - 1] / j as f64;
    }
    let mut base = Matrix::zeros(m);
    for i in 0..m {
        for j in 0..=(i + 1).min(m - 1) {
            base.set(i, j, inverse_factorial[i + 1 - j]);
        }
    }
    for i in 0..m {
        base.set(
            i,
            0,
            (1.0 - h.powi(i as i32 + 1)) * inverse_factorial[i + 1],
        );
        base.set(
            m - 1,
            i,
            (1.0 - h.powi((m - i) as i32)) * inverse_factorial[m - i],
        );
    }
    let corner = 1.0 - 2.0 * h.powi(m as i32) + (2.0 * h - 1.0).max(0.0).powi(m as i32);
    base.set(m - 1, 0, corner * inverse_factorial[m]);

    // Binary powering, each factor kept as (matrix, base-2 exponent).
    let mut result = Matrix::identity(m);
    let mut result_exponent = 0i64;
    let mut power = base;
    let mut power_exponent = 0i64;
    let mut remaining = n;
    while remaining > 0 {
        if remaining & 1 == 1 {
            result = result.multiply(&power);
            result_exponent += power_exponent + result.rescale();
        }
        remaining >>= 1;
        if remaining > 0 {
            power = power.multiply(&power);
            power_exponent = 2 * power_exponent + power.rescale();
        }
    }
    let entry = result.get(k - 1, k - 1);
    if entry <= 0.0 {
        return 0.0;
    }
    let ln_p = entry.ln() + result_exponent as f64 * LN_2 + ln_factorial_over_power(n);
    clip(ln_p.exp())
}

/// A small dense square matrix in row-major order.
struct Matrix {
    size: usize,
    cells: Vec<f64>,
}

impl Matrix {
    fn zeros(size: usize) -> Self {
        Matrix {
            size,
            cells: vec![0.0; size * size],
        }
    }
    fn identity(size: usize) -> Self {
        let mut m = Matrix::zeros(size);
        for i in 0..size {
            m.set(i, i, 1.0);
        }
        m
    }
    fn get(&self, i: usize, j: usize) -> f64 {
        self.cells[i * self.size + j]
    }
    fn set(&mut self, i: usize, j: usize, value: f64) {
        self.cells[i * self.size + j] = value;
    }
    fn multiply(&self, other: &Matrix) -> Matrix {
        let n = self.size;
        let mut out = Matrix::zeros(n);
        for i in 0..n {
            let row = &mut out.cells[i * n..(i + 1) * n];
            for k in 0..n {
                let a = self.cells[i * n + k];
                if a == 0.0 {
                    continue;
                }
                let other_row = &other.cells[k * n..(k + 1) * n];
                for (r, b) in row.iter_mut().zip(other_row) {
                    *r += a * b;
                }
            }
        }
        out
    }
    /// Divides by a power of two so that the largest entry lies in [0.5, 1) and returns
    /// that power's exponent (exact: only the exponent bits change).
    fn rescale(&mut self) -> i64 {
        let largest = self.cells.iter().fold(0.0f64, |a, &b| a.max(b.abs()));
        if largest == 0.0 || !largest.is_finite() {
            return 0;
        }
        let exponent = largest.log2().floor() as i64 + 1;
        let factor = 2f64.powi(-exponent as i32);
        for c in &mut self.cells {
            *c *= factor;
        }
        exponent
    }
}

/// The Pelz–Good (1976) asymptotic expansion of P(D_n ≤ d):
/// K0(z) + K1(z)/√n + K2(z)/n + K3(z)/n^(3/2) with z = d√n, each Kᵢ written as theta-type
/// series in exp(−(2k−1)²π²/(8z²)) and exp(−k²π²/(2z²)), which converge fast for small z.
fn pelz_good_cdf(n: u64, d: f64) -> f64 {
    if d <= 0.0 {
        return 0.0;
    }
    if d >= 1.0 {
        return 1.0;
    }
    let nf = n as f64;
    let z = nf.sqrt() * d;
    let z2 = z * z;
    let z4 = z2 * z2;
    let z6 = z4 * z2;
    let z8 = z4 * z4;
    let pi2 = PI * PI;
    let pi4 = pi2 * pi2;
    let pi6 = pi4 * pi2;
    let odd_exponent = -pi2 / (8.0 * z2);
    if odd_exponent < -708.0 {
        return 0.0;
    }
    let terms = (16.0 * z / PI).ceil().max(1.0) as u32;
    let sqrt_2pi = (2.0 * PI).sqrt();

    // Sums over odd m = 2k − 1 of polynomial(m²) · exp(−m²π²/(8z²)).
    let (mut s0, mut s1, mut s2, mut s3) = (0.0, 0.0, 0.0, 0.0);
    for k in 1..=terms {
        let m2 = ((2 * k - 1) as f64).powi(2);
        let weight = (odd_exponent * m2).exp();
        s0 += weight;
        s1 += (pi2 * m2 / 4.0 - z2) * weight;
        s2 += (6.0 * z6
            + 2.0 * z4
            + (2.0 * z4 - 5.0 * z2) * pi2 * m2 / 4.0
            + (1.0 - 2.0 * z2) * pi4 * m2 * m2 / 16.0)
            * weight;
        s3 += (-30.0 * z6 - 90.0 * z8
            + (135.0 * z4 - 96.0 * z6) * pi2 * m2 / 4.0
            + (212.0 * z4 - 60.0 * z2) * pi4 * m2 * m2 / 16.0
            + (5.0 - 30.0 * z2) * pi6 * m2 * m2 * m2 / 64.0)
            * weight;
    }
    // Sums over all k ≥ 1 of polynomial(k²) · exp(−k²π²/(2z²)).
    let (mut e2, mut e3) = (0.0, 0.0);
    for k in 1..=terms {
        let k2 = (k as f64).powi(2);
        let weight = (-pi2 * k2 / (2.0 * z2)).exp();
        e2 += k2 * weight;
        e3 += (3.0 * z2 - pi2 * k2) * k2 * weight;
    }
    let k0 = sqrt_2pi / z * s0;
    let k1 = sqrt_2pi / (6.0 * z4) * s1;
    let k2 = sqrt_2pi / (72.0 * z.powi(7)) * s2 - pi2 * sqrt_2pi / (36.0 * z2 * z) * e2;
    let k3 = sqrt_2pi / (6480.0 * z.powi(10)) * s3 + pi2 * sqrt_2pi / (216.0 * z6) * e3;
    let root_n = nf.sqrt();
    k0 + k1 / root_n + k2 / nf + k3 / (nf * root_n)
}

fn clip(p: f64) -> f64 {
    if p.is_nan() { p } else { p.clamp(0.0, 1.0) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_rel(actual: f64, expected: f64, rel: f64, what: &str) {
        let ok = if expected == 0.0 {
            actual.abs() < 1e-300
        } else {
            ((actual - expected) / expected).abs() <= rel
        };
        assert!(ok, "{what}: got {actual:e}, expected {expected:e}");
    }

    /// (n, d, scipy.stats.kstwo.sf(d, n)) — SciPy 1.17.1, one point in each region.
    const KSTWO: &[(u64, f64, f64)] = &[
        (1, 0.7, 0.6000000000000001),
        (5, 0.15, 0.9988),
        (10, 0.3, 0.27053557479999946),
        (10, 0.6, 0.0005681672000000003),
        (20, 0.2, 0.352720173623415),
        (20, 0.5, 3.787595240539032e-05),
        (100, 0.05, 0.9532159710635725),
        (100, 0.15, 0.019839242125641813),
        (140, 0.2, 2.1981563302200222e-05),
        (500, 0.04, 0.3902508696049749),
        (500, 0.1, 8.342293067263533e-05),
        (5_000, 0.01, 0.6954557253913853),
        (5_000, 0.03, 0.00024159234422666817),
        (50_000, 0.004, 0.3994316646755731),
        (50_000, 0.0075, 0.007176824876509085),
        (250_000, 0.002, 0.26964259864783624),
        (250_000, 0.005, 7.428069840216574e-06),
        (500_000, 0.0012, 0.4671992770600679),
        (2_000_000, 0.001, 0.03660662431970485),
    ];

    #[test]
    fn kstwo_sf_matches_scipy() {
        for &(n, d, expected) in KSTWO {
            assert_rel(
                kstwo_sf(n, d),
                expected,
                1e-6,
                &format!("kstwo.sf({d}, {n})"),
            );
        }
    }

    #[test]
    fn smirnov_matches_scipy() {
        // scipy.special.smirnov(n, d)
        assert_rel(smirnov_sf(10, 0.3), 0.1354635556, 1e-9, "smirnov(10, .3)");
        assert_rel(
            smirnov_sf(1000, 0.05),
            0.006506037390545166,
            1e-7,
            "smirnov(1000, .05)",
        );
        assert_rel(
            smirnov_sf(200_000, 0.004),
            0.0016571064112801276,
            1e-6,
            "smirnov(2e5, .004)",
        );
    }

    #[test]
    fn edge_values() {
        assert_eq!(kstwo_sf(10, 0.0), 1.0);
        assert_eq!(kstwo_sf(10, 1.0), 0.0);
        assert_eq!(kstwo_sf(10, 0.04), 1.0);
        assert!(kstwo_sf(0, 0.5).is_nan());
    }
}
