//! Speed of the metrics engine: a full binary evaluation of 1,000,000 scores, a full
//! threshold sweep, and the per-keypress lookup of the threshold lab (10,000 scores).

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use mlpath::ml::metrics::{BinaryEvaluation, ConfusionMatrix, ThresholdSweep};
use rand::{Rng, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;

/// Labels (30 % positive) and probabilities from a noisy logit, rounded to 6 decimals.
fn predictions(n: usize, seed: u64) -> (Vec<bool>, Vec<f64>) {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
    (0..n)
        .map(|_| {
            let positive = rng.r#gen::<f64>() < 0.3;
            let noise: f64 = (0..4).map(|_| rng.r#gen::<f64>() - 0.5).sum::<f64>() * 2.0;
            let logit = if positive { 1.6 } else { -1.6 } + noise;
            let p = 1.0 / (1.0 + (-logit).exp());
            (positive, (p * 1e6).round() / 1e6)
        })
        .unzip()
}

fn binary_metrics(c: &mut Criterion) {
    let (labels, scores) = predictions(1_000_000, 1);
    c.bench_function("binary evaluation, all metrics, 1M scores", |b| {
        b.iter(|| BinaryEvaluation::from_scores(black_box(&labels), black_box(&scores), 0.5))
    });
    c.bench_function("threshold sweep build, 1M scores", |b| {
        b.iter(|| ThresholdSweep::new(black_box(&labels), black_box(&scores)))
    });
}

fn sweep_lookup(c: &mut Criterion) {
    let (labels, scores) = predictions(10_000, 2);
    let sweep = ThresholdSweep::new(&labels, &scores);
    c.bench_function("threshold sweep build, 10k scores", |b| {
        b.iter(|| ThresholdSweep::new(black_box(&labels), black_box(&scores)))
    });
    let mut t = 0.0;
    c.bench_function("sweep lookup counts_at, 10k scores", |b| {
        b.iter(|| {
            t = (t + 0.013) % 1.0;
            sweep.counts_at(black_box(t))
        })
    });
}

fn multiclass(c: &mut Criterion) {
    let names = ["bird", "cat", "dog", "fish"];
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(3);
    let truth: Vec<&str> = (0..1_000_000).map(|_| names[rng.gen_range(0..3)]).collect();
    let pred: Vec<&str> = (0..1_000_000).map(|_| names[rng.gen_range(0..4)]).collect();
    c.bench_function("multiclass confusion matrix from labels, 1M rows", |b| {
        b.iter(|| ConfusionMatrix::from_labels(black_box(&truth), black_box(&pred)).macro_f1())
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = binary_metrics, sweep_lookup, multiclass
}
criterion_main!(benches);
