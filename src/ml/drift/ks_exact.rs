//! The exact two-sided p-value of the two-sample KS test: under the null hypothesis every
//! interleaving of the two sorted samples is equally likely, so
//! P(D ≥ d) is the share of monotone lattice paths from (0, 0) to (m, n) that reach or
//! cross the lines |i/m − j/n| = d. Everything is computed in probability space, so no
//! binomial coefficient overflows and no two large numbers cancel.

use super::ks::gcd;

/// P(D ≥ h/lcm(n1, n2)) for samples of sizes n1 and n2, where h is the integer distance
/// of the observed statistic from the diagonal (D = h/lcm). May exceed 1 by a rounding
/// error when h = 1; callers check the range.
pub fn exact_p_value(n1: u64, n2: u64, h: u64) -> f64 {
    if h == 0 {
        return 1.0;
    }
    if n1 == n2 {
        return equal_sizes_p_value(n1, h);
    }
    band_p_value(n1.max(n2), n1.min(n2), h)
}

/// For n1 = n2 = n, P(D ≥ h/n) = 2·Σ_{k≥1} (−1)^(k−1) C(2n, n − kh) / C(2n, n), by the
/// reflection principle. Written as 2·r₁(1 − r₂(1 − r₃(…))) with
/// r_k = C(2n, n − kh) / C(2n, n − (k−1)h), each ratio a product of h factors: O(n).
fn equal_sizes_p_value(n: u64, h: u64) -> f64 {
    let mut nested = 0.0;
    for k in (1..=n / h).rev() {
        // r_k = Π_{j<h} (n − (k−1)h − j) / (n + (k−1)h + j + 1)
        let base = (k - 1) * h;
        let mut ratio = 1.0;
        for j in 0..h {
            ratio *= (n - base - j) as f64 / (n + base + j + 1) as f64;
        }
        nested = ratio * (1.0 - nested);
    }
    2.0 * nested
}

/// The band of lattice cells a path may visit without D reaching h/lcm:
/// column i holds the rows j with |ng·i − mg·j| < h (m = mg·g, n = ng·g).
struct Band {
    mg: i64,
    ng: i64,
    h: i64,
    n: i64,
}

impl Band {
    /// The rows (low, high) of column i inside the band; empty when low > high.
    fn rows(&self, i: i64) -> (usize, usize) {
        let low = ((self.ng * i - self.h).div_euclid(self.mg) + 1).max(0);
        // h ≥ 1 and i ≥ 0, so high ≥ 0
        let high = (self.ng * i + self.h - 1).div_euclid(self.mg).min(self.n);
        (low as usize, high as usize)
    }
    fn is_empty(&self, i: i64) -> bool {
        let (low, high) = self.rows(i);
        low > high
    }
}

/// For m > n: the share of paths that leave the band.
///
/// A(i, j) is the probability that a uniformly random path from (0, 0) to (i, j) has left
/// the band; A = 1 outside it and inside
/// A(i, j) = (i·A(i−1, j) + j·A(i, j−1)) / (i + j), the share of paths through each
/// predecessor. Only band cells are visited (about 2·D·m·n of them) and only half of the
/// columns: every path steps from column k to column k + 1 at exactly one row j, which
/// splits it into two independent uniform halves, and the map (i, j) → (m − i, n − j)
/// carries the band onto itself, so the second half leaves it with probability
/// A(m − k − 1, n − j). With k = ⌊(m − 1)/2⌋,
/// P = Σ_j H(j)·[1 − (1 − A(k, j))(1 − A(m − k − 1, n − j))], where H(j) is the share of
/// paths that step from (k, j) to (k + 1, j).
fn band_p_value(m: u64, n: u64, h: u64) -> f64 {
    let g = gcd(m, n);
    let band = Band {
        mg: (m / g) as i64,
        ng: (n / g) as i64,
        h: h as i64,
        n: n as i64,
    };
    let middle = (m - 1) / 2;
    let other = m - 1 - middle; // = middle, or middle + 1 when m is even
    let reciprocal: Vec<f64> = (0..=(other + n)).map(|k| 1.0 / k.max(1) as f64).collect();
    let mut a = vec![1.0f64; n as usize + 1];
    let (_, high0) = band.rows(0);
    a[..=high0].fill(0.0);
    if !advance(&band, &mut a, &reciprocal, 0, middle) {
        return 1.0;
    }
    let left = a.clone();
    if other != middle && !advance(&band, &mut a, &reciprocal, middle, other) {
        return 1.0;
    }
    let right = a;

    let (left_low, left_high) = band.rows(middle as i64);
    let (right_low, right_high) = band.rows(other as i64);
    let mut p = 0.0;
    for (j, share) in PathShares::new(m, n, middle).enumerate() {
        let first = if (left_low..=left_high).contains(&j) {
            left[j]
        } else {
            1.0
        };
        let rest = n as usize - j;
        let second = if (right_low..=right_high).contains(&rest) {
            right[rest]
        } else {
            1.0
        };
        p += share * (first + second * (1.0 - first));
    }
    p
}

/// Advances `a` from column `from` to column `to` in groups of four columns: cell
/// (c, j) needs (c − 1, j) and (c, j − 1), so four columns advanced row by row give the
/// processor four independent dependency chains. Returns false when a column has no
/// cell inside the band (every path leaves).
fn advance(band: &Band, a: &mut [f64], reciprocal: &[f64], from: u64, to: u64) -> bool {
    let mut i = from + 1;
    while i <= to {
        let group = 4.min(to - i + 1) as usize;
        let mut rows = [(1usize, 0usize); 4];
        for (c, r) in rows.iter_mut().enumerate().take(group) {
            if band.is_empty((i + c as u64) as i64) {
                return false;
            }
            *r = band.rows((i + c as u64) as i64);
        }
        if group == 4 {
            advance_columns::<4>(a, reciprocal, i as usize, &rows);
        } else {
            advance_columns_dynamic(a, reciprocal, i as usize, &rows[..group]);
        }
        i += group as u64;
    }
    true
}

/// Columns first..first+G with their band rows; a[j] holds the column before `first`
/// and receives the last column. Rows below the last column's band keep stale values,
/// which is safe: bands only move up.
#[inline(always)]
fn advance_columns<const G: usize>(
    a: &mut [f64],
    reciprocal: &[f64],
    first: usize,
    rows: &[(usize, usize); 4],
) {
    let columns: [f64; G] = std::array::from_fn(|c| (first + c) as f64);
    let mut below = [1.0f64; G];
    for j in rows[0].0..=rows[G - 1].1 {
        let jf = j as f64;
        let mut left = a[j];
        for c in 0..G {
            let r = reciprocal[first + c + j];
            let value = (columns[c] * r) * left + (jf * r) * below[c];
            let inside = j >= rows[c].0 && j <= rows[c].1;
            let value = if inside { value } else { 1.0 };
            below[c] = value;
            left = value;
        }
        a[j] = left;
    }
}

fn advance_columns_dynamic(
    a: &mut [f64],
    reciprocal: &[f64],
    first: usize,
    rows: &[(usize, usize)],
) {
    let mut below = vec![1.0f64; rows.len()];
    for j in rows[0].0..=rows[rows.len() - 1].1 {
        let mut left = a[j];
        for (c, &(low, high)) in rows.iter().enumerate() {
            let r = reciprocal[first + c + j];
            let value = if j >= low && j <= high {
                ((first + c) as f64 * r) * left + (j as f64 * r) * below[c]
            } else {
                1.0
            };
            below[c] = value;
            left = value;
        }
        a[j] = left;
    }
}

/// H(j) for j = 0..=n: the share of lattice paths from (0, 0) to (m, n) that step from
/// (k, j) to (k + 1, j), C(k + j, j)·C(m − k − 1 + n − j, n − j) / C(m + n, n), as logs.
struct PathShares {
    /// m − k − 1: the columns after the step
    after: f64,
    n: f64,
    k: f64,
    j: u64,
    last: u64,
    ln_share: f64,
    error: f64,
}

impl PathShares {
    fn new(m: u64, n: u64, k: u64) -> Self {
        let after = m - k - 1;
        // H(0) = C(after + n, n) / C(m + n, n) = Π_{t<n} (after + n − t) / (m + n − t)
        let ln_share = (0..n)
            .map(|t| ((after + n - t) as f64 / (m + n - t) as f64).ln())
            .sum();
        PathShares {
            after: after as f64,
            n: n as f64,
            k: k as f64,
            j: 0,
            last: n,
            ln_share,
            error: 0.0,
        }
    }
}

impl Iterator for PathShares {
    type Item = f64;
    fn next(&mut self) -> Option<f64> {
        if self.j > self.last {
            return None;
        }
        let share = self.ln_share.exp();
        // H(j + 1) / H(j) = (k + j + 1)(n − j) / ((j + 1)(after + n − j)), summed with
        // compensation so that thousands of steps add no visible error.
        let j = self.j as f64;
        let ratio = (self.k + j + 1.0) * (self.n - j) / ((j + 1.0) * (self.after + self.n - j));
        let step = ratio.ln() - self.error;
        let next = self.ln_share + step;
        self.error = (next - self.ln_share) - step;
        self.ln_share = next;
        self.j += 1;
        Some(share)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The band method against a plain count of the paths in exact integers.
    #[test]
    fn band_method_matches_path_counting() {
        for (m, n) in [
            (2u64, 1u64),
            (3, 2),
            (5, 3),
            (7, 4),
            (9, 6),
            (12, 5),
            (13, 11),
            (20, 7),
            (21, 8),
        ] {
            let lcm = m * n / gcd(m, n);
            for h in 1..=lcm {
                let expected = outside_share_by_counting(m, n, h);
                let got = band_p_value(m, n, h);
                assert!(
                    (got - expected).abs() <= 1e-12 * expected.max(1e-300),
                    "m={m} n={n} h={h}: {got} vs {expected}"
                );
            }
        }
    }

    #[test]
    fn equal_sizes_match_path_counting() {
        for n in [1u64, 2, 4, 7, 10] {
            for h in 1..=n {
                let expected = outside_share_by_counting(n, n, h);
                let got = equal_sizes_p_value(n, h);
                assert!(
                    (got - expected).abs() <= 1e-12,
                    "n={n} h={h}: {got} vs {expected}"
                );
            }
        }
    }

    #[test]
    fn path_shares_sum_to_one() {
        let total: f64 = PathShares::new(9, 4, 4).sum();
        assert!((total - 1.0).abs() < 1e-13);
    }

    fn outside_share_by_counting(m: u64, n: u64, h: u64) -> f64 {
        let g = gcd(m, n);
        let (mg, ng) = ((m / g) as i64, (n / g) as i64);
        let inside = |i: usize, j: usize| (ng * i as i64 - mg * j as i64).abs() < h as i64;
        let (m, n) = (m as usize, n as usize);
        // kept[i][j]: paths to (i, j) that stayed inside; all[i][j]: all paths to (i, j)
        let mut kept = vec![vec![0u128; n + 1]; m + 1];
        let mut all = vec![vec![0u128; n + 1]; m + 1];
        for i in 0..=m {
            for j in 0..=n {
                let from = |t: &Vec<Vec<u128>>| {
                    (if i > 0 { t[i - 1][j] } else { 0 }) + (if j > 0 { t[i][j - 1] } else { 0 })
                };
                all[i][j] = if i == 0 && j == 0 { 1 } else { from(&all) };
                kept[i][j] = match (inside(i, j), i == 0 && j == 0) {
                    (false, _) => 0,
                    (true, true) => 1,
                    (true, false) => from(&kept),
                };
            }
        }
        (all[m][n] - kept[m][n]) as f64 / all[m][n] as f64
    }
}
