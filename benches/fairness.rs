//! Speed of the fairness engine: the per-group report of 1,000,000 decisions and of
//! 1,000,000 scores in 4 groups, and the per-group thresholds of the mitigation.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use mlpath::ml::fairness::{RateTarget, assess, assess_scores, equalise};
use rand::{Rng, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;

/// Rows in 4 groups of different sizes and base rates, with scores from a noisy logit
/// rounded to 6 decimals.
fn rows(n: usize, seed: u64) -> (Vec<u32>, Vec<bool>, Vec<f64>) {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
    let mut groups = Vec::with_capacity(n);
    let mut truth = Vec::with_capacity(n);
    let mut scores = Vec::with_capacity(n);
    for _ in 0..n {
        let u: f64 = rng.r#gen();
        let g = match u {
            u if u < 0.5 => 0,
            u if u < 0.8 => 1,
            u if u < 0.95 => 2,
            _ => 3,
        };
        let positive = rng.r#gen::<f64>() < [0.3, 0.25, 0.4, 0.2][g as usize];
        let noise: f64 = (0..4).map(|_| rng.r#gen::<f64>() - 0.5).sum::<f64>() * 2.0;
        let logit = if positive { 1.6 } else { -1.6 } + noise - 0.2 * f64::from(g);
        let p = 1.0 / (1.0 + (-logit).exp());
        groups.push(g);
        truth.push(positive);
        scores.push((p * 1e6).round() / 1e6);
    }
    (groups, truth, scores)
}

fn report(c: &mut Criterion) {
    let names: Vec<String> = ["a", "b", "c", "d"].map(String::from).to_vec();
    let (groups, truth, scores) = rows(1_000_000, 1);
    let predicted: Vec<bool> = scores.iter().map(|&s| s >= 0.5).collect();
    c.bench_function("fairness report, 1M decisions, 4 groups", |b| {
        b.iter(|| {
            assess(
                &names,
                black_box(&groups),
                black_box(&truth),
                black_box(&predicted),
            )
        })
    });
    c.bench_function("fairness report, 1M scores at a threshold, 4 groups", |b| {
        b.iter(|| {
            assess_scores(
                &names,
                black_box(&groups),
                black_box(&truth),
                black_box(&scores),
                0.5,
            )
        })
    });
    let (groups, truth, scores) = rows(10_000, 2);
    c.bench_function(
        "per-group thresholds (equal TPR), 10k scores, 4 groups",
        |b| {
            b.iter(|| {
                equalise(
                    &names,
                    black_box(&groups),
                    black_box(&truth),
                    black_box(&scores),
                    0.5,
                    RateTarget::TruePositiveRate,
                    None,
                )
            })
        },
    );
}

criterion_group!(benches, report);
criterion_main!(benches);
