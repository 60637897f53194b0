//! Audit engine timings: every check on a 100,000-row × 20-column table held in memory
//! (no target), and the label checks with confident learning on a 10,000-row table with
//! a target and flipped labels.
//!
//! `cargo bench --bench audit`; `benches/compare_audit.py` compares the whole command
//! with pandas on a 1,000,000-row file.

use std::fmt::Write as _;
use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use mlpath::ml::audit::{AuditOptions, audit};
use mlpath::ml::io::Table;

/// Deterministic uniform draws in [0, 1).
fn uniforms(seed: u64) -> impl FnMut() -> f64 {
    let mut state = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// 16 numeric columns (1 % missing), 3 text columns and a constant one; 0.5 % of the
/// rows repeat an earlier row.
fn wide_table(rows: usize) -> Table {
    let mut u = uniforms(7);
    let mut csv = String::new();
    let header: Vec<String> = (0..16)
        .map(|c| format!("n{c}"))
        .chain(["city", "code", "flag", "site"].map(String::from))
        .collect();
    csv.push_str(&header.join(","));
    csv.push('\n');
    let mut lines: Vec<String> = Vec::with_capacity(rows);
    for r in 0..rows {
        let mut line = String::new();
        if r > 0 && u() < 0.005 {
            let earlier = lines[(u() * r as f64) as usize].clone();
            lines.push(earlier);
            continue;
        }
        for c in 0..16 {
            if u() < 0.01 {
                line.push_str(["", "NA", "?"][c % 3]);
            } else {
                let _ = write!(
                    line,
                    "{:.3}",
                    10.0 * c as f64 + (u() - 0.5) * (c + 1) as f64
                );
            }
            line.push(',');
        }
        let city = ["paris", "lyon", "nice", "lille"][(u() * 4.0) as usize];
        let flag = if u() < 0.995 { "no" } else { "yes" };
        let _ = write!(line, "{city},c{},{flag},A", (u() * 1000.0) as usize);
        lines.push(line);
    }
    for line in lines {
        csv.push_str(&line);
        csv.push('\n');
    }
    Table::from_bytes("wide.csv", csv.as_bytes()).unwrap()
}

/// Two noisy classes on five features, 2 % of the labels flipped.
fn labelled_table(rows: usize) -> Table {
    let mut u = uniforms(11);
    let mut csv = String::from("x0,x1,x2,x3,x4,y\n");
    for _ in 0..rows {
        let class = usize::from(u() < 0.4);
        for k in 0..5 {
            let _ = write!(csv, "{:.4},", class as f64 * (k as f64 * 0.3) + u() * 2.0);
        }
        let given = if u() < 0.02 { 1 - class } else { class };
        let _ = writeln!(csv, "{given}");
    }
    Table::from_bytes("labelled.csv", csv.as_bytes()).unwrap()
}

fn checks(c: &mut Criterion) {
    let wide = wide_table(100_000);
    let labelled = labelled_table(10_000);
    let mut group = c.benchmark_group("audit");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(10));
    group.bench_function("every check, 100k x 20, no target", |b| {
        b.iter(|| black_box(audit(&wide, None, &AuditOptions::default()).unwrap()))
    });
    let options = AuditOptions {
        target: Some("y".to_string()),
        ..Default::default()
    };
    group.bench_function("with target and label issues, 10k x 6", |b| {
        b.iter(|| black_box(audit(&labelled, None, &options).unwrap()))
    });
    group.finish();
}

criterion_group!(benches, checks);
criterion_main!(benches);
