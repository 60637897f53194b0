//! Drift engine timings: a whole-table comparison of two 1,000,000-row × 10-column numeric
//! tables (in memory, and from CSV files), and one lab recompute on a 5,000-row window.
//!
//! `cargo bench --bench drift`; `benches/compare_drift.py` compares the command with SciPy.

use std::hint::black_box;
use std::io::Write;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use mlpath::ml::drift::column::NumericReference;
use mlpath::ml::drift::report::{ColumnSamples, ColumnValues, DriftOptions, compare_columns};
use mlpath::ml::io::{RawTable, Source};

/// Deterministic normal-ish draws (sum of four uniforms) with a shift and a scale.
fn sample(n: usize, seed: u64, shift: f64, scale: f64) -> Vec<f64> {
    let mut state = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    let mut uniform = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state >> 11) as f64 / (1u64 << 53) as f64
    };
    (0..n)
        .map(|_| {
            let s: f64 = (0..4).map(|_| uniform()).sum();
            (((s - 2.0) * scale + shift) * 1e6).round() / 1e6
        })
        .collect()
}

fn tables(rows: usize) -> (Vec<Vec<f64>>, Vec<Vec<f64>>) {
    let shifts = [0.0, 0.002, 0.01, 0.05, 0.0, 0.1, 0.0, 0.02, 0.2, 0.0];
    let reference = (0..10)
        .map(|c| sample(rows, 2 * c as u64 + 1, 0.0, 1.0))
        .collect();
    let current = (0..10)
        .map(|c| sample(rows, 2 * c as u64 + 2, shifts[c], 1.0 + c as f64 / 100.0))
        .collect();
    (reference, current)
}

fn whole_tables(c: &mut Criterion) {
    let (reference, current) = tables(1_000_000);
    let mut group = c.benchmark_group("drift 1M x 10");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(20));
    group.bench_function("compare in memory", |b| {
        b.iter_batched(
            || {
                reference
                    .iter()
                    .zip(&current)
                    .enumerate()
                    .map(|(k, (r, c))| ColumnSamples {
                        name: format!("c{k}"),
                        reference: ColumnValues::Numeric(r.clone()),
                        current: ColumnValues::Numeric(c.clone()),
                    })
                    .collect::<Vec<_>>()
            },
            |columns| black_box(compare_columns(columns, &DriftOptions::default()).unwrap()),
            criterion::BatchSize::LargeInput,
        )
    });

    // The same tables as CSV files, read and parsed (one file per core).
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, columns: &[Vec<f64>]| {
        let path = dir.path().join(name);
        let mut out = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
        let header: Vec<String> = (0..columns.len()).map(|k| format!("c{k}")).collect();
        writeln!(out, "{}", header.join(",")).unwrap();
        for row in 0..columns[0].len() {
            let cells: Vec<String> = columns.iter().map(|c| format!("{:.6}", c[row])).collect();
            writeln!(out, "{}", cells.join(",")).unwrap();
        }
        path.display().to_string()
    };
    let (a, b) = (write("a.csv", &reference), write("b.csv", &current));
    let all: Vec<usize> = (0..10).collect();
    group.bench_function("read both CSV files", |bench| {
        bench.iter(|| {
            std::thread::scope(|scope| {
                let first = scope.spawn(|| {
                    let raw = RawTable::open(&Source::parse(&a).unwrap()).unwrap();
                    raw.read(&all, &[false; 10], None).unwrap().rows
                });
                let raw = RawTable::open(&Source::parse(&b).unwrap()).unwrap();
                let second = raw.read(&all, &[false; 10], None).unwrap().rows;
                black_box((first.join().unwrap(), second))
            })
        })
    });
    group.finish();
}

fn lab_window(c: &mut Criterion) {
    let mut group = c.benchmark_group("lab recompute, 5000-row window");
    let window = sample(5_000, 99, 0.3, 1.0);
    for reference_rows in [5_000, 3_000] {
        let reference = NumericReference::new(sample(reference_rows, 98, 0.0, 1.0), 10).unwrap();
        group.bench_function(
            format!("reference {reference_rows} rows, shift 0.3 sd"),
            |b| b.iter(|| black_box(reference.compare(black_box(&window)).unwrap())),
        );
    }
    // The worst case for the exact p-value: unequal sizes and strong drift.
    let reference = NumericReference::new(sample(10_000, 97, 0.0, 1.0), 10).unwrap();
    let shifted = sample(5_000, 96, 1.0, 1.0);
    group.bench_function("reference 10000 rows, shift 1 sd, exact p", |b| {
        b.iter(|| black_box(reference.compare(black_box(&shifted)).unwrap()))
    });
    group.bench_function("reference 10000 rows, shift 1 sd, p within 2M cells", |b| {
        b.iter(|| {
            black_box(
                reference
                    .compare_within(black_box(&shifted), 2_000_000)
                    .unwrap(),
            )
        })
    });
    group.finish();
}

criterion_group!(benches, whole_tables, lab_window);
criterion_main!(benches);
