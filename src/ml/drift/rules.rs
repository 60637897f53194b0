//! The drift tests, their thresholds and drift rules, and the default choice per column.

use std::fmt;
use std::str::FromStr;

/// A drift test: what decides whether one column drifted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DriftTest {
    /// Two-sample Kolmogorov–Smirnov; drift when p ≤ 0.05.
    Ks,
    /// Wasserstein-1 in reference standard deviations; drift when ≥ 0.1.
    Wasserstein,
    /// Population Stability Index; drift (major) when ≥ 0.25, moderate from 0.1.
    Psi,
    /// Jensen–Shannon distance, base 2; drift when ≥ 0.1.
    Jsd,
    /// Chi-square test of homogeneity; drift when p < 0.05.
    Chi2,
}

/// Whether a column is compared as numbers or as labels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ColumnKind {
    Numeric,
    Categorical,
}

/// Above this many reference values the default tests switch from p-value tests to
/// distances: with large samples p-values flag differences too small to matter.
pub const SMALL_REFERENCE_MAX: usize = 1000;

/// A numeric column with at most this many distinct values (reference and current
/// together) is compared as categories.
pub const FEW_DISTINCT_MAX: usize = 5;

/// The dataset drifts when at least this share of its columns drifted.
pub const DATASET_DRIFT_SHARE: f64 = 0.5;

impl DriftTest {
    pub const ALL: [DriftTest; 5] = [
        DriftTest::Ks,
        DriftTest::Wasserstein,
        DriftTest::Psi,
        DriftTest::Jsd,
        DriftTest::Chi2,
    ];

    pub fn name(self) -> &'static str {
        match self {
            DriftTest::Ks => "ks",
            DriftTest::Wasserstein => "wasserstein",
            DriftTest::Psi => "psi",
            DriftTest::Jsd => "jsd",
            DriftTest::Chi2 => "chi2",
        }
    }

    /// The test chosen when none is asked for, the way Evidently chooses:
    ///
    /// | reference values | numeric (> 5 distinct values) | categorical (text, or ≤ 5 distinct numbers) |
    /// |---|---|---|
    /// | ≤ 1000 | `ks` (p ≤ 0.05) | `chi2` (p < 0.05) |
    /// | > 1000 | `wasserstein`, normed (≥ 0.1) | `jsd` (≥ 0.1) |
    ///
    /// Differences from Evidently: it uses a Z-test for columns with at most 2 values (the
    /// chi-square test without correction gives the same p-value there), its chi-square is
    /// a goodness-of-fit test against reference proportions (here: homogeneity of the 2 × K
    /// table), and its Jensen–Shannon distance uses the natural log (here base 2, which is
    /// larger by a factor 1/√(ln 2) ≈ 1.2, so the 0.1 threshold is reached a little sooner).
    pub fn default_for(kind: ColumnKind, reference_values: usize) -> DriftTest {
        match (kind, reference_values <= SMALL_REFERENCE_MAX) {
            (ColumnKind::Numeric, true) => DriftTest::Ks,
            (ColumnKind::Numeric, false) => DriftTest::Wasserstein,
            (ColumnKind::Categorical, true) => DriftTest::Chi2,
            (ColumnKind::Categorical, false) => DriftTest::Jsd,
        }
    }

    /// The threshold before any multiple-testing correction.
    pub fn default_threshold(self) -> f64 {
        match self {
            DriftTest::Ks | DriftTest::Chi2 => 0.05,
            DriftTest::Wasserstein | DriftTest::Jsd => 0.1,
            DriftTest::Psi => super::binning::PSI_MAJOR,
        }
    }

    /// Whether the test's number is a p-value (small means drift) rather than a distance.
    pub fn is_p_value(self) -> bool {
        matches!(self, DriftTest::Ks | DriftTest::Chi2)
    }

    /// Whether the test can run on a column of this kind (KS and Wasserstein need numbers).
    pub fn applies_to(self, kind: ColumnKind) -> bool {
        kind == ColumnKind::Numeric || !matches!(self, DriftTest::Ks | DriftTest::Wasserstein)
    }

    /// The drift rule: p ≤ threshold for KS, p < threshold for chi-square (the conventions
    /// of the libraries these tests come from), value ≥ threshold for distances and PSI.
    pub fn drifted(self, value: f64, threshold: f64) -> bool {
        match self {
            DriftTest::Ks => value <= threshold,
            DriftTest::Chi2 => value < threshold,
            DriftTest::Wasserstein | DriftTest::Jsd | DriftTest::Psi => value >= threshold,
        }
    }
}

impl fmt::Display for DriftTest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for DriftTest {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        DriftTest::ALL
            .into_iter()
            .find(|t| t.name() == s)
            .ok_or_else(|| format!("unknown drift test '{s}' (ks, wasserstein, psi, jsd, chi2)"))
    }
}

impl fmt::Display for ColumnKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ColumnKind::Numeric => "numeric",
            ColumnKind::Categorical => "categorical",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_tests_follow_reference_size_and_kind() {
        use ColumnKind::*;
        assert_eq!(DriftTest::default_for(Numeric, 1000), DriftTest::Ks);
        assert_eq!(
            DriftTest::default_for(Numeric, 1001),
            DriftTest::Wasserstein
        );
        assert_eq!(DriftTest::default_for(Categorical, 10), DriftTest::Chi2);
        assert_eq!(DriftTest::default_for(Categorical, 5000), DriftTest::Jsd);
    }

    #[test]
    fn drift_rules_at_the_threshold() {
        assert!(DriftTest::Ks.drifted(0.05, 0.05));
        assert!(!DriftTest::Chi2.drifted(0.05, 0.05));
        assert!(DriftTest::Psi.drifted(0.25, 0.25));
        assert!(!DriftTest::Jsd.drifted(0.099, 0.1));
    }

    #[test]
    fn names_round_trip() {
        for t in DriftTest::ALL {
            assert_eq!(t.name().parse::<DriftTest>().unwrap(), t);
        }
        assert!("kl".parse::<DriftTest>().is_err());
    }
}
