//! Drift over a whole table: one test per column, a verdict per column, and the dataset
//! verdict from the share of drifted columns.

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::binning::{DEFAULT_BINS, PsiLevel, psi_level};
use super::categorical::{CategoryCounts, Chi2Result};
use super::column::{
    CategoricalDrift, NumericDrift, NumericReference, SampleError, checked_sample,
    compare_categories, compare_category_counts,
};
use super::rules::{ColumnKind, DATASET_DRIFT_SHARE, DriftTest, FEW_DISTINCT_MAX};
use super::sorted::SortedSample;

pub use crate::ml::io::ColumnValues;

/// One column of the reference and the current table.
#[derive(Debug, Clone, PartialEq)]
pub struct ColumnSamples {
    pub name: String,
    pub reference: ColumnValues,
    pub current: ColumnValues,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DriftOptions {
    /// The test for every column; `None` chooses per column ([`DriftTest::default_for`]).
    /// An explicit test is honoured for every column of numbers (KS and Wasserstein
    /// compare a numeric column with few distinct values as numbers, not categories);
    /// KS and Wasserstein on a text column are an error.
    pub test: Option<DriftTest>,
    /// Quantile bins for PSI, Jensen–Shannon and binned chi-square on numeric columns.
    pub bins: usize,
    /// Divide the p-value thresholds by the number of columns compared (Bonferroni),
    /// so that the chance of any false alarm stays at 5 % rather than per column.
    pub bonferroni: bool,
}

impl Default for DriftOptions {
    fn default() -> Self {
        DriftOptions {
            test: None,
            bins: DEFAULT_BINS,
            bonferroni: false,
        }
    }
}

/// The statistics behind a column's verdict.
#[derive(Debug, Clone, PartialEq)]
pub enum ColumnDetail {
    Numeric(NumericDrift),
    Categorical(CategoricalDrift),
}

/// The verdict on one column.
#[derive(Debug, Clone, PartialEq)]
pub struct ColumnDrift {
    pub name: String,
    pub kind: ColumnKind,
    pub test: DriftTest,
    /// The test's statistic: D for KS, χ² for chi-square, the distance or PSI otherwise.
    pub statistic: f64,
    /// The p-value, for KS and chi-square.
    pub p_value: Option<f64>,
    /// The threshold actually applied (after any Bonferroni correction).
    pub threshold: f64,
    pub drifted: bool,
    pub psi: f64,
    pub psi_level: PsiLevel,
    pub js_distance: f64,
    /// The chi-square test: over categories for categorical columns, over the quantile
    /// bins for numeric columns tested with `chi2`.
    pub chi2: Option<Chi2Result>,
    pub detail: ColumnDetail,
}

/// The verdict on a whole table.
#[derive(Debug, Clone, PartialEq)]
pub struct DatasetDrift {
    pub columns: Vec<ColumnDrift>,
    pub drifted_columns: usize,
    pub drifted_share: f64,
    /// Whether `drifted_share` ≥ 0.5.
    pub dataset_drift: bool,
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum DriftError {
    #[error("column '{column}': {source}")]
    Sample { column: String, source: SampleError },
    #[error("column '{column}' holds numbers in one table and text in the other")]
    MixedKinds { column: String },
    #[error("there are no columns to compare")]
    NoColumns,
    #[error(
        "column '{column}' holds text, and the {test} test needs numbers\n  hint: leave the column \
         out with --columns, or use a test that compares categories (psi, jsd, chi2)"
    )]
    NeedsNumbers { column: String, test: DriftTest },
}

/// Compares every column and gives the dataset verdict. Columns are spread over the
/// available cores; the result keeps the input order.
pub fn compare_columns(
    columns: Vec<ColumnSamples>,
    options: &DriftOptions,
) -> Result<DatasetDrift, DriftError> {
    if columns.is_empty() {
        return Err(DriftError::NoColumns);
    }
    let n_columns = columns.len();
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(n_columns);
    let inputs: Vec<Mutex<Option<ColumnSamples>>> =
        columns.into_iter().map(|c| Mutex::new(Some(c))).collect();
    let outputs: Vec<Mutex<Option<Result<ColumnDrift, DriftError>>>> =
        (0..n_columns).map(|_| Mutex::new(None)).collect();
    let next = AtomicUsize::new(0);
    let work = || {
        loop {
            let index = next.fetch_add(1, Ordering::Relaxed);
            if index >= n_columns {
                break;
            }
            let Some(samples) = inputs[index].lock().ok().and_then(|mut c| c.take()) else {
                continue;
            };
            let result = compare_column(samples, options, n_columns);
            if let Ok(mut slot) = outputs[index].lock() {
                *slot = Some(result);
            }
        }
    };
    if workers <= 1 {
        work();
    } else {
        std::thread::scope(|scope| {
            for _ in 1..workers {
                scope.spawn(work);
            }
            work();
        });
    }
    let mut results = Vec::with_capacity(n_columns);
    for slot in outputs {
        let result = slot
            .into_inner()
            .ok()
            .flatten()
            .expect("every column is compared exactly once");
        results.push(result?);
    }
    Ok(dataset_verdict(results))
}

/// Counts the drifted columns and applies the dataset rule.
pub fn dataset_verdict(columns: Vec<ColumnDrift>) -> DatasetDrift {
    let drifted_columns = columns.iter().filter(|c| c.drifted).count();
    let drifted_share = if columns.is_empty() {
        0.0
    } else {
        drifted_columns as f64 / columns.len() as f64
    };
    DatasetDrift {
        columns,
        drifted_columns,
        drifted_share,
        dataset_drift: drifted_columns > 0 && drifted_share >= DATASET_DRIFT_SHARE,
    }
}

/// Compares one column. `n_columns` is the number of columns in the comparison, for the
/// Bonferroni correction.
pub fn compare_column(
    samples: ColumnSamples,
    options: &DriftOptions,
    n_columns: usize,
) -> Result<ColumnDrift, DriftError> {
    let name = samples.name;
    let wrap = |source: SampleError| DriftError::Sample {
        column: name.clone(),
        source,
    };
    let detail = match (samples.reference, samples.current) {
        (ColumnValues::Numeric(reference), ColumnValues::Numeric(current)) => {
            let reference = checked_sample(reference, "reference").map_err(wrap)?;
            let current = checked_sample(current, "current").map_err(wrap)?;
            let as_numbers = options
                .test
                .is_some_and(|t| !t.applies_to(ColumnKind::Categorical));
            if !as_numbers && few_distinct(&reference, &current) {
                let counts =
                    CategoryCounts::from_sorted_numbers(reference.values(), current.values());
                ColumnDetail::Categorical(compare_category_counts(counts).map_err(wrap)?)
            } else {
                let prepared = NumericReference::from_sample(reference, options.bins);
                let chi2 = (options.test == Some(DriftTest::Chi2))
                    .then(|| prepared.chi2_over_bins(&current));
                let drift = prepared.compare_sorted(&current);
                return Ok(verdict(
                    name,
                    ColumnDetail::Numeric(drift),
                    chi2,
                    options,
                    n_columns,
                ));
            }
        }
        (ColumnValues::Text(_), ColumnValues::Text(_))
            if options
                .test
                .is_some_and(|t| !t.applies_to(ColumnKind::Categorical)) =>
        {
            return Err(DriftError::NeedsNumbers {
                column: name,
                test: options.test.expect("checked above"),
            });
        }
        (ColumnValues::Text(reference), ColumnValues::Text(current)) => ColumnDetail::Categorical(
            compare_categories(
                reference.iter().map(String::as_str),
                current.iter().map(String::as_str),
            )
            .map_err(wrap)?,
        ),
        _ => return Err(DriftError::MixedKinds { column: name }),
    };
    Ok(verdict(name, detail, None, options, n_columns))
}

/// Picks the test, applies its threshold and rule.
fn verdict(
    name: String,
    detail: ColumnDetail,
    binned_chi2: Option<Chi2Result>,
    options: &DriftOptions,
    n_columns: usize,
) -> ColumnDrift {
    let (kind, reference_values, psi, js_distance, chi2) = match &detail {
        ColumnDetail::Numeric(d) => (
            ColumnKind::Numeric,
            d.reference_count,
            d.psi,
            d.js_distance,
            binned_chi2,
        ),
        ColumnDetail::Categorical(d) => (
            ColumnKind::Categorical,
            d.counts.reference.iter().sum::<u64>() as usize,
            d.psi,
            d.js_distance,
            Some(d.chi2),
        ),
    };
    let test = options
        .test
        .filter(|t| t.applies_to(kind))
        .unwrap_or_else(|| DriftTest::default_for(kind, reference_values));
    let (statistic, p_value) = match (test, &detail) {
        (DriftTest::Ks, ColumnDetail::Numeric(d)) => (d.ks.statistic, Some(d.ks.p_value)),
        (DriftTest::Wasserstein, ColumnDetail::Numeric(d)) => (d.wasserstein_norm, None),
        (DriftTest::Chi2, _) => {
            let c = chi2.expect("chi-square is computed whenever it is the test");
            (c.statistic, Some(c.p_value))
        }
        (DriftTest::Psi, _) => (psi, None),
        (DriftTest::Jsd, _) => (js_distance, None),
        (DriftTest::Ks | DriftTest::Wasserstein, ColumnDetail::Categorical(_)) => {
            unreachable!("KS and Wasserstein are only chosen for numeric columns")
        }
    };
    let mut threshold = test.default_threshold();
    if options.bonferroni && test.is_p_value() {
        threshold /= n_columns.max(1) as f64;
    }
    let drifted = test.drifted(p_value.unwrap_or(statistic), threshold);
    ColumnDrift {
        name,
        kind,
        test,
        statistic,
        p_value,
        threshold,
        drifted,
        psi,
        psi_level: psi_level(psi),
        js_distance,
        chi2,
        detail,
    }
}

/// Whether a numeric column has at most [`FEW_DISTINCT_MAX`] distinct values over both
/// samples, and so is compared as categories.
fn few_distinct(reference: &SortedSample, current: &SortedSample) -> bool {
    if reference.distinct_up_to(FEW_DISTINCT_MAX + 1) > FEW_DISTINCT_MAX
        || current.distinct_up_to(FEW_DISTINCT_MAX + 1) > FEW_DISTINCT_MAX
    {
        return false;
    }
    let mut union: Vec<f64> = reference.values().to_vec();
    union.extend_from_slice(current.values());
    union.sort_by(f64::total_cmp);
    union.dedup();
    union.len() <= FEW_DISTINCT_MAX
}

#[cfg(test)]
mod tests {
    use super::*;

    fn numeric(name: &str, reference: Vec<f64>, current: Vec<f64>) -> ColumnSamples {
        ColumnSamples {
            name: name.into(),
            reference: ColumnValues::Numeric(reference),
            current: ColumnValues::Numeric(current),
        }
    }

    fn spread(n: usize, shift: f64) -> Vec<f64> {
        (0..n)
            .map(|i| (i as f64 * 0.618_034).fract() + shift)
            .collect()
    }

    #[test]
    fn small_reference_uses_ks_and_large_uses_wasserstein() {
        let options = DriftOptions::default();
        let small = compare_column(
            numeric("x", spread(500, 0.0), spread(400, 0.2)),
            &options,
            1,
        )
        .unwrap();
        assert_eq!(
            (small.test, small.kind),
            (DriftTest::Ks, ColumnKind::Numeric)
        );
        assert!(small.drifted && small.p_value.unwrap() < 1e-6);
        let large = compare_column(
            numeric("x", spread(2000, 0.0), spread(400, 0.01)),
            &options,
            1,
        )
        .unwrap();
        assert_eq!(large.test, DriftTest::Wasserstein);
        assert!(!large.drifted, "W/std = {}", large.statistic);
    }

    #[test]
    fn few_distinct_numbers_are_categories() {
        let options = DriftOptions::default();
        let r = compare_column(
            numeric("flag", vec![0.0, 1.0, 1.0, 0.0], vec![1.0, 1.0, 1.0, 2.0]),
            &options,
            1,
        )
        .unwrap();
        assert_eq!((r.kind, r.test), (ColumnKind::Categorical, DriftTest::Chi2));
        let ColumnDetail::Categorical(d) = &r.detail else {
            panic!("categorical detail expected")
        };
        assert_eq!(d.counts.categories, vec!["0", "1", "2"]);
    }

    #[test]
    fn bonferroni_divides_p_value_thresholds_only() {
        let options = DriftOptions {
            bonferroni: true,
            ..DriftOptions::default()
        };
        let ks =
            compare_column(numeric("x", spread(50, 0.0), spread(50, 0.0)), &options, 4).unwrap();
        assert_eq!(ks.threshold, 0.0125);
        let psi = compare_column(
            numeric("x", spread(50, 0.0), spread(50, 0.0)),
            &DriftOptions {
                test: Some(DriftTest::Psi),
                ..options
            },
            4,
        )
        .unwrap();
        assert_eq!(psi.threshold, 0.25);
    }

    #[test]
    fn tests_that_need_numbers_refuse_text_columns() {
        let text = |v: &[&str]| ColumnValues::Text(v.iter().map(|s| s.to_string()).collect());
        for test in [DriftTest::Ks, DriftTest::Wasserstein] {
            let options = DriftOptions {
                test: Some(test),
                ..DriftOptions::default()
            };
            let e = compare_column(
                ColumnSamples {
                    name: "c".into(),
                    reference: text(&["a", "b", "a"]),
                    current: text(&["b", "b"]),
                },
                &options,
                1,
            )
            .unwrap_err();
            assert_eq!(
                e,
                DriftError::NeedsNumbers {
                    column: "c".into(),
                    test
                }
            );
            assert!(e.to_string().starts_with("column 'c' holds text"), "{e}");
        }
        let options = DriftOptions {
            test: Some(DriftTest::Psi),
            ..DriftOptions::default()
        };
        let r = compare_column(
            ColumnSamples {
                name: "c".into(),
                reference: text(&["a", "b", "a"]),
                current: text(&["b", "b"]),
            },
            &options,
            1,
        )
        .unwrap();
        assert_eq!(r.test, DriftTest::Psi);
    }

    #[test]
    fn explicit_tests_are_honoured_on_few_distinct_numbers() {
        let reference: Vec<f64> = (0..300).map(|i| (i % 3) as f64).collect();
        let current: Vec<f64> = (0..300).map(|i| (i % 3).min(1) as f64).collect();
        for test in DriftTest::ALL {
            let options = DriftOptions {
                test: Some(test),
                ..DriftOptions::default()
            };
            let r = compare_column(
                numeric("n", reference.clone(), current.clone()),
                &options,
                1,
            )
            .unwrap();
            assert_eq!(r.test, test);
        }
        let ks = DriftOptions {
            test: Some(DriftTest::Ks),
            ..DriftOptions::default()
        };
        let r = compare_column(numeric("n", reference, current), &ks, 1).unwrap();
        assert_eq!(r.kind, ColumnKind::Numeric);
        assert!(r.drifted);
    }

    #[test]
    fn dataset_drifts_when_half_the_columns_drift() {
        let columns = vec![
            numeric("a", spread(300, 0.0), spread(300, 0.5)),
            numeric("b", spread(300, 0.0), spread(300, 0.0)),
        ];
        let d = compare_columns(columns, &DriftOptions::default()).unwrap();
        assert_eq!(d.drifted_columns, 1);
        assert_eq!(d.drifted_share, 0.5);
        assert!(d.dataset_drift);
        assert_eq!(d.columns[0].name, "a");
        let quiet = compare_columns(
            vec![numeric("b", spread(300, 0.0), spread(300, 0.0))],
            &DriftOptions::default(),
        )
        .unwrap();
        assert!(!quiet.dataset_drift);
    }

    #[test]
    fn mixed_kinds_and_empty_samples_are_errors() {
        let mixed = ColumnSamples {
            name: "m".into(),
            reference: ColumnValues::Numeric(vec![1.0]),
            current: ColumnValues::Text(vec!["a".into()]),
        };
        assert!(matches!(
            compare_column(mixed, &DriftOptions::default(), 1),
            Err(DriftError::MixedKinds { .. })
        ));
        let empty = numeric("e", vec![], vec![1.0]);
        assert_eq!(
            compare_column(empty, &DriftOptions::default(), 1)
                .unwrap_err()
                .to_string(),
            "column 'e': the reference sample has no values"
        );
    }
}
