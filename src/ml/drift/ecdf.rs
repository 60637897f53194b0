//! One walk over two sorted samples that yields both ECDF-based statistics: the largest
//! gap between the two empirical CDFs (the KS statistic) and the area between them
//! (the Wasserstein-1 distance).
//!
//! The walk takes one value per step from whichever sample has the smaller next value,
//! without branching on that choice (random interleavings would defeat the branch
//! predictor), and reads the CDFs only between distinct pooled values, so tied values —
//! within or across the samples — are handled exactly.

/// The result of [`compare_ecdfs`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EcdfComparison {
    /// max over pooled values x of |i·n_b − j·n_a|, where i and j count the values ≤ x:
    /// the KS statistic times n_a·n_b, exactly.
    pub max_gap: u64,
    /// ∫ |F_a(x) − F_b(x)| dx.
    pub area: f64,
}

/// Walks two non-empty samples sorted ascending (finite values).
pub fn compare_ecdfs(a: &[f64], b: &[f64]) -> EcdfComparison {
    assert!(
        !a.is_empty() && !b.is_empty(),
        "two non-empty samples are needed"
    );
    let mut walk = Walk {
        na: a.len() as i64,
        nb: b.len() as i64,
        i: 0,
        j: 0,
        previous: a[0].min(b[0]),
        previous_gap: 0,
        best: 0,
        block: 0.0,
        blocks: 0.0,
        steps: 0,
    };
    // Both samples have values left: take the smaller head without branching.
    while walk.i < a.len() && walk.j < b.len() {
        let (x, y) = (a[walk.i], b[walk.j]);
        let take_a = x <= y;
        // min() and the flag arithmetic compile without branches
        walk.step(x.min(y), take_a as usize, (!take_a) as usize);
    }
    for &x in &a[walk.i..] {
        walk.step(x, 1, 0);
    }
    for &y in &b[walk.j..] {
        walk.step(y, 0, 1);
    }
    EcdfComparison {
        max_gap: walk.best as u64,
        area: (walk.blocks + walk.block) / (walk.na as f64 * walk.nb as f64),
    }
}

/// The state of the walk: counts taken so far, and the CDF gap after the last value.
struct Walk {
    na: i64,
    nb: i64,
    i: usize,
    j: usize,
    previous: f64,
    previous_gap: i64,
    best: i64,
    /// The area (in units of 1/(n_a·n_b)) is summed in blocks of 1024 terms, which keeps
    /// the rounding error near that of pairwise summation.
    block: f64,
    blocks: f64,
    steps: u32,
}

impl Walk {
    /// Takes `value` from sample a (`di` = 1) or b (`dj` = 1). Once the walk moves past
    /// the previous value, every copy of it has been taken and the gap there is final:
    /// it counts for the maximum and spans the width up to `value`. Inside a tie the
    /// width is 0 and the gap is not final, so neither counts.
    #[inline(always)]
    fn step(&mut self, value: f64, di: usize, dj: usize) {
        let width = value - self.previous; // ≥ 0: the walk is in ascending order
        let settled = (width > 0.0) as i64;
        self.best = self.best.max(self.previous_gap * settled);
        self.block += self.previous_gap as f64 * width;
        self.steps += 1;
        if self.steps == 1024 {
            self.blocks += self.block;
            self.block = 0.0;
            self.steps = 0;
        }
        self.i += di;
        self.j += dj;
        self.previous = value;
        self.previous_gap = (self.i as i64 * self.nb - self.j as i64 * self.na).abs();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The definitions, evaluated naively at every pooled value.
    fn naive(a: &[f64], b: &[f64]) -> (f64, f64) {
        let mut pooled: Vec<f64> = a.iter().chain(b).copied().collect();
        pooled.sort_by(f64::total_cmp);
        let cdf = |s: &[f64], x: f64| s.iter().filter(|&&v| v <= x).count() as f64 / s.len() as f64;
        let d = pooled
            .iter()
            .map(|&x| (cdf(a, x) - cdf(b, x)).abs())
            .fold(0.0, f64::max);
        let w = pooled
            .windows(2)
            .map(|w| (cdf(a, w[0]) - cdf(b, w[0])).abs() * (w[1] - w[0]))
            .sum();
        (d, w)
    }

    proptest! {
        #[test]
        fn matches_the_definitions(
            mut a in prop::collection::vec(-20i32..20, 1..40),
            mut b in prop::collection::vec(-20i32..20, 1..40),
        ) {
            a.sort();
            b.sort();
            let (a, b): (Vec<f64>, Vec<f64>) =
                (a.iter().map(|&v| v as f64 / 4.0).collect(), b.iter().map(|&v| v as f64 / 4.0).collect());
            let got = compare_ecdfs(&a, &b);
            let (d, w) = naive(&a, &b);
            let d_got = got.max_gap as f64 / (a.len() * b.len()) as f64;
            prop_assert!((d_got - d).abs() < 1e-12, "D {} vs {}", d_got, d);
            prop_assert!((got.area - w).abs() < 1e-9, "W {} vs {}", got.area, w);
        }
    }
}
