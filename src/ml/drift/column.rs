//! Every statistic for one column at once. [`NumericReference`] prepares the reference a
//! single time (sorted values, standard deviation, quantile bins and shares) so that a lab
//! can compare a new window on every keypress, paying only for sorting the window.

use super::binning::{QuantileBins, js_distance, psi, shares};
use super::categorical::{CategoryCounts, Chi2Result, chi2_homogeneity};
use super::ecdf::compare_ecdfs;
use super::ks::{KsResult, ks_from_gap_within};
use super::sorted::SortedSample;
use super::wasserstein::normed_wasserstein;

/// A sample that cannot be compared.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SampleError {
    #[error("the {0} sample has no values")]
    Empty(&'static str),
    #[error("the {0} sample contains NaN or an infinite value; remove missing values first")]
    NotFinite(&'static str),
}

/// A numeric reference sample prepared for repeated comparisons.
#[derive(Debug, Clone, PartialEq)]
pub struct NumericReference {
    sample: SortedSample,
    bins: QuantileBins,
    shares: Vec<f64>,
}

/// Every drift statistic of one numeric column.
#[derive(Debug, Clone, PartialEq)]
pub struct NumericDrift {
    pub ks: KsResult,
    /// Wasserstein-1 distance, in the column's units.
    pub wasserstein: f64,
    /// W1 / max(population std of the reference, 0.001).
    pub wasserstein_norm: f64,
    pub psi: f64,
    /// Jensen–Shannon distance, base 2, over the same bins as PSI.
    pub js_distance: f64,
    /// Inner bin edges (see [`QuantileBins`]).
    pub edges: Vec<f64>,
    pub reference_shares: Vec<f64>,
    pub current_shares: Vec<f64>,
    pub reference_count: usize,
    pub current_count: usize,
}

impl NumericReference {
    /// Sorts the reference and cuts `bins` quantile bins (see [`QuantileBins`]).
    pub fn new(values: Vec<f64>, bins: usize) -> Result<Self, SampleError> {
        Ok(Self::from_sample(
            checked_sample(values, "reference")?,
            bins,
        ))
    }

    pub fn from_sample(sample: SortedSample, bins: usize) -> Self {
        let bins = QuantileBins::from_reference(sample.values(), bins);
        let shares = shares(&bins.counts(sample.values()));
        NumericReference {
            sample,
            bins,
            shares,
        }
    }

    pub fn sample(&self) -> &SortedSample {
        &self.sample
    }
    pub fn bins(&self) -> &QuantileBins {
        &self.bins
    }
    pub fn shares(&self) -> &[f64] {
        &self.shares
    }

    /// Compares a current sample (any order, no NaN).
    pub fn compare(&self, current: &[f64]) -> Result<NumericDrift, SampleError> {
        let current = checked_sample(current.to_vec(), "current")?;
        Ok(self.compare_sorted(&current))
    }

    /// Like [`Self::compare`], with a bound on the exact KS p-value's work for callers that
    /// recompute interactively: when it would visit more than `max_exact_cells` lattice
    /// cells (strong drift between samples of unequal sizes; about 2 million cells take
    /// a millisecond) the asymptotic p-value is used and `ks.method` says so. At such
    /// drift both p-values are far below any threshold. Equal sizes are always exact.
    pub fn compare_within(
        &self,
        current: &[f64],
        max_exact_cells: u64,
    ) -> Result<NumericDrift, SampleError> {
        let current = checked_sample(current.to_vec(), "current")?;
        Ok(self.compare_sorted_within(&current, Some(max_exact_cells)))
    }

    /// Compares a current sample that is already sorted.
    pub fn compare_sorted(&self, current: &SortedSample) -> NumericDrift {
        self.compare_sorted_within(current, None)
    }

    fn compare_sorted_within(
        &self,
        current: &SortedSample,
        max_exact_cells: Option<u64>,
    ) -> NumericDrift {
        let (reference, cur) = (self.sample.values(), current.values());
        let walk = compare_ecdfs(reference, cur);
        let ks = ks_from_gap_within(
            reference.len() as u64,
            cur.len() as u64,
            walk.max_gap,
            max_exact_cells,
        );
        let wasserstein = walk.area;
        let current_shares = shares(&self.bins.counts(cur));
        NumericDrift {
            ks,
            wasserstein,
            wasserstein_norm: normed_wasserstein(wasserstein, self.sample.std()),
            psi: psi(&self.shares, &current_shares),
            js_distance: js_distance(&self.shares, &current_shares),
            edges: self.bins.edges.clone(),
            reference_shares: self.shares.clone(),
            current_shares,
            reference_count: reference.len(),
            current_count: cur.len(),
        }
    }

    /// The chi-square test of homogeneity over this reference's bins.
    pub fn chi2_over_bins(&self, current: &SortedSample) -> Chi2Result {
        let reference = self.bins.counts(self.sample.values());
        chi2_homogeneity(&reference, &self.bins.counts(current.values()))
    }
}

/// Sorts a sample after checking it is non-empty and finite.
pub fn checked_sample(values: Vec<f64>, which: &'static str) -> Result<SortedSample, SampleError> {
    if values.is_empty() {
        return Err(SampleError::Empty(which));
    }
    if values.iter().any(|v| !v.is_finite()) {
        return Err(SampleError::NotFinite(which));
    }
    Ok(SortedSample::new(values))
}

/// Every drift statistic of one categorical column.
#[derive(Debug, Clone, PartialEq)]
pub struct CategoricalDrift {
    pub counts: CategoryCounts,
    pub chi2: Chi2Result,
    pub psi: f64,
    /// Jensen–Shannon distance, base 2, over the categories.
    pub js_distance: f64,
    pub reference_shares: Vec<f64>,
    pub current_shares: Vec<f64>,
}

/// Compares two samples of labels (missing values already removed).
pub fn compare_categories<'a>(
    reference: impl IntoIterator<Item = &'a str>,
    current: impl IntoIterator<Item = &'a str>,
) -> Result<CategoricalDrift, SampleError> {
    compare_category_counts(CategoryCounts::new(reference, current))
}

/// Compares counts per category.
pub fn compare_category_counts(counts: CategoryCounts) -> Result<CategoricalDrift, SampleError> {
    if counts.reference.iter().sum::<u64>() == 0 {
        return Err(SampleError::Empty("reference"));
    }
    if counts.current.iter().sum::<u64>() == 0 {
        return Err(SampleError::Empty("current"));
    }
    let reference_shares = shares(&counts.reference);
    let current_shares = shares(&counts.current);
    Ok(CategoricalDrift {
        chi2: chi2_homogeneity(&counts.reference, &counts.current),
        psi: psi(&reference_shares, &current_shares),
        js_distance: js_distance(&reference_shares, &current_shares),
        reference_shares,
        current_shares,
        counts,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_shifted_window_drifts_on_every_statistic() {
        let reference: Vec<f64> = (0..1000).map(|i| (i as f64 * 0.618_034).fract()).collect();
        let prepared = NumericReference::new(reference.clone(), 10).unwrap();
        let same = prepared.compare(&reference).unwrap();
        assert_eq!(same.ks.statistic, 0.0);
        assert_eq!(same.wasserstein, 0.0);
        assert!(same.psi.abs() < 1e-12);
        let shifted: Vec<f64> = reference.iter().map(|v| v + 0.5).collect();
        let d = prepared.compare(&shifted).unwrap();
        assert!((d.ks.statistic - 0.5).abs() < 5e-3, "{}", d.ks.statistic);
        assert!((d.wasserstein - 0.5).abs() < 1e-9);
        assert!(d.wasserstein_norm > 1.5);
        assert!(d.psi > 0.25 && d.js_distance > 0.1);
        assert_eq!(d.edges.len(), 9);
        assert!(
            (d.current_shares[9] - 0.6).abs() < 0.01,
            "{:?}",
            d.current_shares
        );
    }

    #[test]
    fn bad_samples_are_errors() {
        assert_eq!(
            NumericReference::new(vec![], 10),
            Err(SampleError::Empty("reference"))
        );
        let r = NumericReference::new(vec![1.0, 2.0], 10).unwrap();
        assert_eq!(
            r.compare(&[f64::NAN]),
            Err(SampleError::NotFinite("current"))
        );
    }

    #[test]
    fn categories_compare_by_share() {
        let reference = ["a"; 25]
            .iter()
            .chain(&["b"; 25])
            .chain(&["c"; 25])
            .chain(&["d"; 25]);
        let current = ["a"; 10]
            .iter()
            .chain(&["b"; 20])
            .chain(&["c"; 30])
            .chain(&["d"; 40]);
        let d = compare_categories(reference.copied(), current.copied()).unwrap();
        assert!((d.psi - 0.2282).abs() < 5e-5);
        assert!((d.js_distance - 0.2005).abs() < 5e-5);
        assert_eq!(d.chi2.dof, 3);
    }
}
