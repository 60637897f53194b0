//! Fitting cost of the models behind `mlpath train` and the training labs.

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use mlpath::ml::data::{self, DataSpec, SplitSpec, Task};
use mlpath::ml::models::{self, ModelKind, TrainSpec};

fn logistic_breast_cancer(c: &mut Criterion) {
    let spec = TrainSpec::new("breast_cancer", ModelKind::Logistic);
    let prepared = data::prepare(&DataSpec {
        data: spec.data.clone(),
        target: None,
        features: None,
        task: Task::Classification,
        split: SplitSpec::TestSize(0.25),
        seed: spec.seed,
        rows: Default::default(),
    })
    .expect("breast_cancer is bundled");
    c.bench_function(
        "logistic fit + test metrics, breast_cancer (427 x 30)",
        |b| {
            b.iter_batched(
                || prepared.clone(),
                |p| models::fit_prepared(&spec, p).expect("fits"),
                BatchSize::SmallInput,
            )
        },
    );
    c.bench_function(
        "train end to end (load, split, fit, metrics), breast_cancer",
        |b| b.iter(|| models::train(&spec).expect("fits")),
    );
}

criterion_group!(benches, logistic_breast_cancer);
criterion_main!(benches);
