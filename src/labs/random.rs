//! Seeded draws for the labs' synthetic changes. Every lab that invents data (a resampled
//! window, a hidden shift, a decaying stream) draws from one of these, seeded with a
//! documented number, so that the same lesson shows the same numbers on every machine.

use rand_xoshiro::Xoshiro256Plus;
use rand_xoshiro::rand_core::{RngCore, SeedableRng};

use crate::ml::data::{below, shuffle};

pub struct Draws(Xoshiro256Plus);

impl Draws {
    pub fn new(seed: u64) -> Draws {
        Draws(Xoshiro256Plus::seed_from_u64(seed))
    }

    /// A uniform integer in `0..bound` (bound > 0).
    pub fn below(&mut self, bound: usize) -> usize {
        below(&mut self.0, bound as u64) as usize
    }

    /// A uniform number in [0, 1), from the 53 high bits of a draw.
    pub fn unit(&mut self) -> f64 {
        (self.0.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        shuffle(items, &mut self.0);
    }

    /// The numbers 0..n in a random order.
    pub fn permutation(&mut self, n: usize) -> Vec<u32> {
        let mut order: Vec<u32> = (0..n as u32).collect();
        self.shuffle(&mut order);
        order
    }

    /// `n` draws with replacement from `sorted` (ascending), returned in ascending order.
    /// Counting how often each value is drawn keeps this linear: no sort is needed.
    pub fn resample_sorted(&mut self, sorted: &[f64], n: usize) -> Vec<f64> {
        if sorted.is_empty() {
            return Vec::new();
        }
        let mut counts = vec![0u32; sorted.len()];
        for _ in 0..n {
            counts[self.below(sorted.len())] += 1;
        }
        let mut out = Vec::with_capacity(n);
        for (&v, &c) in sorted.iter().zip(&counts) {
            out.extend(std::iter::repeat_n(v, c as usize));
        }
        out
    }
}

/// Mixes a base seed with small integers into a new seed (SplitMix64 finaliser), so that
/// every (feature, window) pair gets its own independent stream.
pub fn mix(seed: u64, a: u64, b: u64) -> u64 {
    let mut z = seed
        .wrapping_add(a.wrapping_mul(0x9E37_79B9_7F4A_7C15))
        .wrapping_add(b.wrapping_mul(0xD1B5_4A32_D192_ED03));
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resampling_keeps_order_and_size_and_is_seeded() {
        let base = [1.0, 2.0, 3.0, 10.0];
        let a = Draws::new(7).resample_sorted(&base, 1000);
        assert_eq!(a.len(), 1000);
        assert!(a.windows(2).all(|w| w[0] <= w[1]));
        assert!(base.iter().all(|v| a.contains(v)));
        assert_eq!(a, Draws::new(7).resample_sorted(&base, 1000));
        assert_ne!(a, Draws::new(8).resample_sorted(&base, 1000));
    }

    #[test]
    fn permutations_hold_every_number_once() {
        let mut p = Draws::new(3).permutation(100);
        p.sort_unstable();
        assert_eq!(p, (0..100).collect::<Vec<u32>>());
        assert_ne!(mix(1, 2, 3), mix(1, 3, 2));
    }
}
