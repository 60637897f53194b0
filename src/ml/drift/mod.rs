//! Drift statistics: is the current data distributed like the reference data?
//!
//! Numbers match SciPy: the two-sample Kolmogorov–Smirnov test (`scipy.stats.ks_2samp`,
//! exact and asymptotic p-values), the Wasserstein-1 distance
//! (`scipy.stats.wasserstein_distance`) and the chi-square test of homogeneity
//! (`scipy.stats.chi2_contingency(correction=False)`). PSI and the Jensen–Shannon distance
//! (base 2) are computed over quantile bins of the reference. See `docs/drift.md`.
//!
//! For labs, which recompute on every keypress, prepare the reference once and compare
//! windows against it:
//!
//! ```
//! use mlpath::ml::drift::column::NumericReference;
//!
//! // prepared once: sorted, standard deviation, decile bins
//! let reference = NumericReference::new((0..1000).map(|i| (i % 100) as f64).collect(), 10)?;
//! // then for every new window
//! let window: Vec<f64> = (0..500).map(|i| (i % 100) as f64 + 20.0).collect();
//! let drift = reference.compare(&window)?;
//! assert!((drift.ks.statistic - 0.2).abs() < 1e-12 && drift.ks.p_value < 1e-6);
//! assert!((drift.wasserstein - 20.0).abs() < 1e-9 && drift.psi > 0.25);
//! # Ok::<(), mlpath::ml::drift::column::SampleError>(())
//! ```
//!
//! Whole tables go through [`report::compare_columns`], which picks a test per column
//! ([`rules::DriftTest::default_for`]) and gives the dataset verdict.

pub mod binning;
pub mod categorical;
pub mod column;
pub mod ecdf;
pub mod kolmogorov;
pub mod ks;
pub mod ks_exact;
pub mod report;
pub mod rules;
pub mod sorted;
pub mod special;
pub mod wasserstein;
