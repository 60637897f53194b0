//! `mlpath fairness --score COL --equalise tpr|selection-rate`: the per-group thresholds
//! of the mitigation engine (`crate::ml::fairness::mitigation`) and what they cost, as a
//! table under the report or as the `mitigation` object of its JSON.

use serde::Serialize;

use super::output::{layout, rate, shortened};
use crate::cli::EqualiseRate;
use crate::ml::fairness::{Mitigation, RateTarget};

pub fn target(rate: EqualiseRate) -> RateTarget {
    match rate {
        EqualiseRate::Tpr => RateTarget::TruePositiveRate,
        EqualiseRate::SelectionRate => RateTarget::SelectionRate,
    }
}

/// The gap each target closes, by its fairlearn name.
fn gap_name(target: RateTarget) -> &'static str {
    match target {
        RateTarget::TruePositiveRate => "equal_opportunity_difference",
        RateTarget::SelectionRate => "demographic_parity_difference",
    }
}

#[derive(Serialize)]
pub struct ThresholdJson<'a> {
    group: &'a str,
    /// `null` when the group selects no row (an infinite threshold).
    threshold: Option<f64>,
    rate_before: Option<f64>,
    rate_after: Option<f64>,
}

#[derive(Serialize)]
pub struct MitigationJson<'a> {
    equalise: &'static str,
    rate: f64,
    base_threshold: f64,
    thresholds: Vec<ThresholdJson<'a>>,
    accuracy_before: f64,
    accuracy_after: f64,
    gap: &'static str,
    gap_before: Option<f64>,
    gap_after: Option<f64>,
}

pub fn json(m: &Mitigation) -> MitigationJson<'_> {
    MitigationJson {
        equalise: m.target.name(),
        rate: m.rate,
        base_threshold: m.base_threshold,
        thresholds: m
            .thresholds
            .iter()
            .map(|t| ThresholdJson {
                group: &t.group,
                threshold: t.threshold.is_finite().then_some(t.threshold),
                rate_before: t.rate_before,
                rate_after: t.rate_after,
            })
            .collect(),
        accuracy_before: m.accuracy_before(),
        accuracy_after: m.accuracy_after(),
        gap: gap_name(m.target),
        gap_before: m.gap_before(),
        gap_after: m.gap_after(),
    }
}

pub fn text(m: &Mitigation) -> String {
    let what = match m.target {
        RateTarget::TruePositiveRate => "TPR",
        RateTarget::SelectionRate => "selection rate",
    };
    let mut out = format!(
        "\nPer-group thresholds bringing each group's {what} near {:.4}:\n",
        m.rate
    );
    let mut rows = vec![
        ["  group", "threshold", "before", "after"]
            .map(String::from)
            .to_vec(),
    ];
    for t in &m.thresholds {
        rows.push(vec![
            format!("  {}", shortened(&t.group)),
            if t.threshold.is_finite() {
                format!("{:.4}", t.threshold)
            } else {
                "none".to_string()
            },
            rate(t.rate_before),
            rate(t.rate_after),
        ]);
    }
    out.push_str(&layout(&rows));
    out.push_str(&format!(
        "  accuracy {:.4} → {:.4}; {} {} → {}\n",
        m.accuracy_before(),
        m.accuracy_after(),
        gap_name(m.target),
        rate(m.gap_before()),
        rate(m.gap_after()),
    ));
    out.push_str(
        "  The thresholds were chosen on these rows, so these numbers flatter them:\n  \
         choose them on validation rows and check them once on rows they were not\n  \
         chosen on.\n",
    );
    out
}
