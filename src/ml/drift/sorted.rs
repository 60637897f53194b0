//! A numeric sample sorted once, with the summaries every drift statistic reuses.
//!
//! Sorting dominates the cost of a drift comparison, so large samples are sorted with an
//! LSD radix sort on the order-preserving bit pattern of each double (about 4× faster than
//! a comparison sort on a million values); small samples use the standard unstable sort.

/// A sample of finite numbers in ascending order, with its mean and population standard
/// deviation (NumPy's `np.std`, ddof = 0).
#[derive(Debug, Clone, PartialEq)]
pub struct SortedSample {
    values: Vec<f64>,
    mean: f64,
    std: f64,
}

/// Below this size a comparison sort beats the radix sort's fixed cost.
const RADIX_THRESHOLD: usize = 2048;

impl SortedSample {
    /// Sorts the values. Missing values must have been removed: NaN is not allowed.
    pub fn new(values: Vec<f64>) -> Self {
        debug_assert!(values.iter().all(|v| !v.is_nan()));
        Self::from_sorted(sort_owned(values))
    }

    /// Wraps values already in ascending order.
    pub fn from_sorted(values: Vec<f64>) -> Self {
        debug_assert!(values.windows(2).all(|w| w[0] <= w[1]));
        let (mean, std) = mean_and_std(&values);
        SortedSample { values, mean, std }
    }

    pub fn values(&self) -> &[f64] {
        &self.values
    }
    pub fn len(&self) -> usize {
        self.values.len()
    }
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }
    pub fn mean(&self) -> f64 {
        self.mean
    }
    /// Population standard deviation (divides by n).
    pub fn std(&self) -> f64 {
        self.std
    }
    pub fn min(&self) -> Option<f64> {
        self.values.first().copied()
    }
    pub fn max(&self) -> Option<f64> {
        self.values.last().copied()
    }
    /// How many values are ≤ x (NumPy's `searchsorted(side="right")`).
    pub fn count_at_most(&self, x: f64) -> usize {
        self.values.partition_point(|&v| v <= x)
    }
    /// The number of distinct values, counting no further than `limit`.
    pub fn distinct_up_to(&self, limit: usize) -> usize {
        let mut count = 0;
        let mut last = None;
        for &v in &self.values {
            if last != Some(v) {
                count += 1;
                if count >= limit {
                    return count;
                }
                last = Some(v);
            }
        }
        count
    }
}

/// Two-pass mean and population standard deviation, the way NumPy computes them.
fn mean_and_std(values: &[f64]) -> (f64, f64) {
    if values.is_empty() {
        return (f64::NAN, f64::NAN);
    }
    let n = values.len() as f64;
    let mean = values.iter().sum::<f64>() / n;
    let squares: f64 = values.iter().map(|v| (v - mean) * (v - mean)).sum();
    (mean, (squares / n).sqrt())
}

/// Sorts finite doubles ascending (−0.0 before +0.0, which compare equal anyway).
pub fn sort_f64(values: &mut [f64]) {
    if values.len() < RADIX_THRESHOLD {
        values.sort_unstable_by(f64::total_cmp);
        return;
    }
    let mut keys: Vec<u64> = values.iter().map(|v| order_key(*v)).collect();
    radix_sort_u64(&mut keys);
    for (v, k) in values.iter_mut().zip(&keys) {
        *v = from_order_key(*k);
    }
}

/// Sorts finite doubles ascending, reusing the vector's memory for the radix keys
/// (a map from `Vec<f64>` to `Vec<u64>` collects in place).
pub fn sort_owned(mut values: Vec<f64>) -> Vec<f64> {
    if values.len() < RADIX_THRESHOLD {
        values.sort_unstable_by(f64::total_cmp);
        return values;
    }
    let mut keys: Vec<u64> = values.into_iter().map(order_key).collect();
    radix_sort_u64(&mut keys);
    keys.into_iter().map(from_order_key).collect()
}

/// Maps a double to an integer with the same order: flip all bits of negatives,
/// set the sign bit of positives.
fn order_key(v: f64) -> u64 {
    let bits = v.to_bits();
    if bits >> 63 == 1 {
        !bits
    } else {
        bits | (1 << 63)
    }
}

fn from_order_key(key: u64) -> f64 {
    f64::from_bits(if key >> 63 == 1 {
        key & !(1 << 63)
    } else {
        !key
    })
}

/// LSD radix sort with 11-bit digits (six passes); a pass is skipped when every key
/// has the same digit there, which is common in the exponent bits.
fn radix_sort_u64(keys: &mut Vec<u64>) {
    const BITS: u32 = 11;
    const BUCKETS: usize = 1 << BITS;
    const PASSES: usize = 64usize.div_ceil(BITS as usize);
    let mut counts = vec![[0usize; BUCKETS]; PASSES];
    for &k in keys.iter() {
        for (pass, count) in counts.iter_mut().enumerate() {
            count[((k >> (pass as u32 * BITS)) as usize) & (BUCKETS - 1)] += 1;
        }
    }
    let mut scratch = vec![0u64; keys.len()];
    for (pass, count) in counts.iter_mut().enumerate() {
        if count.contains(&keys.len()) {
            continue;
        }
        let mut offset = 0;
        for c in count.iter_mut() {
            let here = *c;
            *c = offset;
            offset += here;
        }
        let shift = pass as u32 * BITS;
        for &k in keys.iter() {
            let bucket = ((k >> shift) as usize) & (BUCKETS - 1);
            scratch[count[bucket]] = k;
            count[bucket] += 1;
        }
        std::mem::swap(keys, &mut scratch);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn summaries() {
        let s = SortedSample::new(vec![3.0, 1.0, 2.0, 0.0, 4.0]);
        assert_eq!(s.values(), &[0.0, 1.0, 2.0, 3.0, 4.0]);
        assert_eq!(s.mean(), 2.0);
        assert!((s.std() - 2f64.sqrt()).abs() < 1e-15);
        assert_eq!(s.count_at_most(2.0), 3);
        assert_eq!(s.count_at_most(-1.0), 0);
        assert_eq!(s.distinct_up_to(10), 5);
        assert_eq!(s.distinct_up_to(3), 3);
    }

    proptest! {
        #[test]
        fn radix_sort_agrees_with_comparison_sort(
            mut values in prop::collection::vec(
                prop_oneof![any::<f64>().prop_filter("finite", |v| v.is_finite()),
                            (-5i32..5).prop_map(f64::from)],
                2048..6000)
        ) {
            let mut expected = values.clone();
            expected.sort_by(f64::total_cmp);
            prop_assert_eq!(sort_owned(values.clone()), expected.clone());
            sort_f64(&mut values);
            prop_assert_eq!(values, expected);
        }
    }
}
