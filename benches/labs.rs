//! Lab responsiveness: one keypress (update and recompute) plus a full render into a
//! ratatui test buffer, the work between a key and the next frame.
//!
//! - drift lab, 5,000-row reference and current windows: the mean-offset dial moves one
//!   step (every statistic recomputed: KS D and exact p, Wasserstein, PSI, JS, histogram);
//! - drift lab with its 50,000-row resampled windows;
//! - threshold lab over 10,000 scores: the threshold moves one step.
//!
//! `cargo bench --bench labs`

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use mlpath::catalog::DriftGoal;
use mlpath::draw::theme::Theme;
use mlpath::labs::drift::{DriftData, DriftLab};
use mlpath::labs::threshold::{Scored, ThresholdLab, ThresholdSpec};
use mlpath::labs::worker::Job;
use mlpath::labs::{Hosted, Lab, LabKey};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// Deterministic normal-ish draws (sum of four uniforms).
fn sample(n: usize, seed: u64) -> Vec<f64> {
    let mut state = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    let mut uniform = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state >> 11) as f64 / (1u64 << 53) as f64
    };
    (0..n)
        .map(|_| (0..4).map(|_| uniform()).sum::<f64>() - 2.0)
        .collect()
}

/// One keypress and one frame per iteration; the keys alternate → and ← so that the
/// state stays where it started.
fn bench_keys(c: &mut Criterion, name: &str, lab: &mut dyn Lab) {
    let theme = Theme::colour();
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    let mut forward = true;
    c.bench_function(name, |b| {
        b.iter(|| {
            let key = if forward { LabKey::Right } else { LabKey::Left };
            forward = !forward;
            black_box(lab.handle(key));
            terminal
                .draw(|f| lab.render(f.area(), f.buffer_mut(), &theme))
                .unwrap();
        })
    });
}

fn drift_lab(c: &mut Criterion) {
    // 10,000 rows split into two halves of 5,000.
    let columns = (0..6)
        .map(|k| (format!("feature_{k}"), sample(10_000, k + 1)))
        .collect();
    let data = DriftData::from_columns("synthetic", columns);
    let goal = Some(DriftGoal::SmallestMajorPsi {
        feature: "feature_0".into(),
    });
    let mut lab = Hosted(DriftLab::new(data, goal).unwrap());
    // Start from a visible shift, so every statistic has work to do.
    for _ in 0..6 {
        lab.handle(LabKey::Right);
    }
    bench_keys(c, "drift lab: key + render, 5,000-row windows", &mut lab);
    lab.handle(LabKey::Char('w'));
    lab.handle(LabKey::Char('w'));
    bench_keys(c, "drift lab: key + render, 50,000-row windows", &mut lab);
}

fn threshold_lab(c: &mut Criterion) {
    let scores = sample(10_000, 99);
    let scored = Scored {
        labels: scores.iter().map(|s| *s > 0.3).collect(),
        scores: scores.iter().map(|s| (s + 2.0) / 4.0).collect(),
        test: None,
        positive: "yes".into(),
        negative: "no".into(),
        description: "10,000 synthetic scores".into(),
    };
    let mut lab = Hosted(ThresholdLab::new(
        ThresholdSpec::default(),
        Job::ready(Ok(scored)),
    ));
    bench_keys(c, "threshold lab: key + render, 10,000 scores", &mut lab);
}

criterion_group!(benches, drift_lab, threshold_lab);
criterion_main!(benches);
