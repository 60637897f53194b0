//! Speed of the attack engines on bundled data, end to end (load, split, fit, attack):
//! membership inference against a tree and a logistic model on german_credit, the
//! evasion curves of a logistic model and of a tree on phishing, and the extraction curve (both
//! surrogates, budgets 10 … 1000) on phishing and german_credit.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use mlpath::ml::attacks::evasion::logistic_robustness;
use mlpath::ml::attacks::extraction::{DEFAULT_BUDGETS, logistic_extraction};
use mlpath::ml::attacks::membership::overfitting_leak;
use mlpath::ml::attacks::tree_evasion::tree_robustness;

fn attacks(c: &mut Criterion) {
    let mut group = c.benchmark_group("attacks");
    // Each run fits models from scratch and takes milliseconds to a second, so fewer
    // samples keep a full run short.
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(10));
    group.bench_function(
        "membership inference, german_credit (tree + logistic)",
        |b| b.iter(|| overfitting_leak(black_box("german_credit"), None, 42).unwrap()),
    );
    let grid = [0.0, 0.1, 0.25, 0.5, 1.0, 1.5, 2.0, 3.0];
    group.bench_function("evasion curve, phishing, 8 budgets", |b| {
        b.iter(|| logistic_robustness(black_box("phishing"), None, 42, &[], &grid).unwrap())
    });
    group.bench_function("tree evasion curve, phishing, 8 budgets", |b| {
        b.iter(|| tree_robustness(black_box("phishing"), None, 42, None, &[], &grid).unwrap())
    });
    for data in ["phishing", "german_credit"] {
        group.bench_function(format!("extraction curve, {data}, 7 budgets"), |b| {
            b.iter(|| logistic_extraction(black_box(data), None, 42, &DEFAULT_BUDGETS).unwrap())
        });
    }
    group.finish();
}

criterion_group!(benches, attacks);
criterion_main!(benches);
