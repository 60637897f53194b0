//! The `--json` output of `mlpath drift`.

use serde::Serialize;

use crate::ml::drift::binning::PsiLevel;
use crate::ml::drift::categorical::Chi2Result;
use crate::ml::drift::ks::KsMethod;
use crate::ml::drift::report::{ColumnDetail, ColumnDrift, DatasetDrift, DriftOptions};
use crate::ml::drift::rules::{ColumnKind, DriftTest};

/// The two tables compared.
pub struct Tables {
    pub reference: TableInfo,
    pub current: TableInfo,
}

#[derive(Serialize)]
pub struct TableInfo {
    pub source: String,
    pub rows: usize,
}

/// A common column left out of the comparison, and why.
#[derive(Serialize)]
pub struct Skipped {
    pub name: String,
    pub reason: String,
}

#[derive(Serialize)]
struct Output<'a> {
    reference: &'a TableInfo,
    current: &'a TableInfo,
    /// "auto" or the test forced with --test
    test: &'a str,
    bins: usize,
    bonferroni: bool,
    columns: Vec<Column<'a>>,
    skipped: &'a [Skipped],
    drifted_columns: usize,
    drifted_share: f64,
    dataset_drift: bool,
}

#[derive(Serialize)]
struct Column<'a> {
    name: &'a str,
    kind: ColumnKind,
    test: DriftTest,
    statistic: f64,
    p_value: Option<f64>,
    threshold: f64,
    drifted: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    ks_statistic: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    ks_p_value: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    ks_method: Option<KsMethod>,
    #[serde(skip_serializing_if = "Option::is_none")]
    wasserstein: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    wasserstein_norm: Option<f64>,
    psi: f64,
    psi_level: PsiLevel,
    js_distance: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    chi2: Option<Chi2Result>,
    reference_count: usize,
    current_count: usize,
    bins: Bins<'a>,
}

/// Numeric columns: `edges` are the inner cut points (bins are (−∞, e₁], (e₁, e₂], …,
/// (e_k, +∞)). Categorical columns: one bin per category. Shares sum to 1.
#[derive(Serialize)]
struct Bins<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    edges: Option<&'a [f64]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    categories: Option<&'a [String]>,
    reference: &'a [f64],
    current: &'a [f64],
}

pub fn render(
    tables: &Tables,
    options: &DriftOptions,
    report: &DatasetDrift,
    skipped: &[Skipped],
) -> anyhow::Result<String> {
    let output = Output {
        reference: &tables.reference,
        current: &tables.current,
        test: options.test.map_or("auto", DriftTest::name),
        bins: options.bins,
        bonferroni: options.bonferroni,
        columns: report.columns.iter().map(column).collect(),
        skipped,
        drifted_columns: report.drifted_columns,
        drifted_share: report.drifted_share,
        dataset_drift: report.dataset_drift,
    };
    let mut text = serde_json::to_string_pretty(&output)?;
    text.push('\n');
    Ok(text)
}

fn column(c: &ColumnDrift) -> Column<'_> {
    let mut out = Column {
        name: &c.name,
        kind: c.kind,
        test: c.test,
        statistic: c.statistic,
        p_value: c.p_value,
        threshold: c.threshold,
        drifted: c.drifted,
        ks_statistic: None,
        ks_p_value: None,
        ks_method: None,
        wasserstein: None,
        wasserstein_norm: None,
        psi: c.psi,
        psi_level: c.psi_level,
        js_distance: c.js_distance,
        chi2: c.chi2,
        reference_count: 0,
        current_count: 0,
        bins: Bins {
            edges: None,
            categories: None,
            reference: &[],
            current: &[],
        },
    };
    match &c.detail {
        ColumnDetail::Numeric(d) => {
            out.ks_statistic = Some(d.ks.statistic);
            out.ks_p_value = Some(d.ks.p_value);
            out.ks_method = Some(d.ks.method);
            out.wasserstein = Some(d.wasserstein);
            out.wasserstein_norm = Some(d.wasserstein_norm);
            out.reference_count = d.reference_count;
            out.current_count = d.current_count;
            out.bins = Bins {
                edges: Some(&d.edges),
                categories: None,
                reference: &d.reference_shares,
                current: &d.current_shares,
            };
        }
        ColumnDetail::Categorical(d) => {
            out.reference_count = d.counts.reference.iter().sum::<u64>() as usize;
            out.current_count = d.counts.current.iter().sum::<u64>() as usize;
            out.bins = Bins {
                edges: None,
                categories: Some(&d.counts.categories),
                reference: &d.reference_shares,
                current: &d.current_shares,
            };
        }
    }
    out
}
