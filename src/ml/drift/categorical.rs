//! Categorical comparisons: counts per category and the chi-square test of homogeneity.

use std::collections::BTreeMap;

use super::special::chi2_sf;

/// Counts of each category in the reference and the current sample, over the union of
/// categories (sorted by label).
#[derive(Debug, Clone, PartialEq)]
pub struct CategoryCounts {
    pub categories: Vec<String>,
    pub reference: Vec<u64>,
    pub current: Vec<u64>,
}

impl CategoryCounts {
    pub fn new<'a>(
        reference: impl IntoIterator<Item = &'a str>,
        current: impl IntoIterator<Item = &'a str>,
    ) -> Self {
        let mut table: BTreeMap<&str, (u64, u64)> = BTreeMap::new();
        for label in reference {
            table.entry(label).or_default().0 += 1;
        }
        for label in current {
            table.entry(label).or_default().1 += 1;
        }
        CategoryCounts {
            categories: table.keys().map(|k| k.to_string()).collect(),
            reference: table.values().map(|c| c.0).collect(),
            current: table.values().map(|c| c.1).collect(),
        }
    }
}

impl CategoryCounts {
    /// Counts of numbers used as categories, in numeric order (not text order: 2 before
    /// 10). Both samples must be sorted ascending.
    pub fn from_sorted_numbers(reference: &[f64], current: &[f64]) -> Self {
        let mut values: Vec<f64> = reference.iter().chain(current).copied().collect();
        values.sort_by(f64::total_cmp);
        // −0.0 and 0.0 are one category
        values.dedup_by(|a, b| a == b);
        let count = |sample: &[f64], v: f64| {
            (sample.partition_point(|&x| x <= v) - sample.partition_point(|&x| x < v)) as u64
        };
        CategoryCounts {
            categories: values.iter().map(|&v| number_label(v)).collect(),
            reference: values.iter().map(|&v| count(reference, v)).collect(),
            current: values.iter().map(|&v| count(current, v)).collect(),
        }
    }
}

/// A number as a category label: the shortest text that reads back as the same number.
pub fn number_label(v: f64) -> String {
    if v == 0.0 {
        "0".to_string()
    } else {
        format!("{v}")
    }
}

/// The result of a chi-square test.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Chi2Result {
    pub statistic: f64,
    pub dof: u64,
    pub p_value: f64,
}

/// Pearson's chi-square test of homogeneity on the 2 × K table of counts (reference row,
/// current row), without continuity correction: `scipy.stats.chi2_contingency(table,
/// correction=False)`. Expected counts are row total × column total / grand total;
/// dof = K − 1 over the categories present in either sample. A single category gives
/// statistic 0 and p = 1.
///
/// For two categories this equals the pooled two-proportion Z-test Evidently uses on
/// binary columns (χ² = z², same p-value).
pub fn chi2_homogeneity(reference: &[u64], current: &[u64]) -> Chi2Result {
    let pairs: Vec<(f64, f64)> = reference
        .iter()
        .zip(current)
        .filter(|(r, c)| **r + **c > 0)
        .map(|(&r, &c)| (r as f64, c as f64))
        .collect();
    let n_ref: f64 = pairs.iter().map(|p| p.0).sum();
    let n_cur: f64 = pairs.iter().map(|p| p.1).sum();
    let total = n_ref + n_cur;
    if pairs.len() < 2 || n_ref == 0.0 || n_cur == 0.0 {
        return Chi2Result {
            statistic: 0.0,
            dof: pairs.len().saturating_sub(1) as u64,
            p_value: 1.0,
        };
    }
    let mut statistic = 0.0;
    for &(r, c) in &pairs {
        let column = r + c;
        let expected_r = n_ref * column / total;
        let expected_c = n_cur * column / total;
        statistic += (r - expected_r).powi(2) / expected_r + (c - expected_c).powi(2) / expected_c;
    }
    let dof = (pairs.len() - 1) as u64;
    Chi2Result {
        statistic,
        dof,
        p_value: chi2_sf(statistic, dof as f64),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_over_the_union_of_categories() {
        let c = CategoryCounts::new(["b", "a", "b"], ["c", "b"]);
        assert_eq!(c.categories, vec!["a", "b", "c"]);
        assert_eq!(c.reference, vec![1, 2, 0]);
        assert_eq!(c.current, vec![0, 1, 1]);
    }

    #[test]
    fn numbers_as_categories_keep_numeric_order() {
        let c = CategoryCounts::from_sorted_numbers(&[-0.0, 2.0, 10.0, 10.0], &[0.0, 2.5]);
        assert_eq!(c.categories, vec!["0", "2", "2.5", "10"]);
        assert_eq!(c.reference, vec![1, 1, 0, 2]);
        assert_eq!(c.current, vec![1, 0, 1, 0]);
    }

    #[test]
    fn chi2_golden_values() {
        // scipy.stats.chi2_contingency([[50, 30, 20], [40, 30, 30]], correction=False)
        let r = chi2_homogeneity(&[50, 30, 20], &[40, 30, 30]);
        assert!(
            (r.statistic - 3.111_111_111_111_111).abs() < 1e-12,
            "{}",
            r.statistic
        );
        assert_eq!(r.dof, 2);
        assert!(
            (r.p_value - 0.211_072_087_791_090_3).abs() < 1e-12,
            "{}",
            r.p_value
        );
        // Two categories: 30/100 vs 45/100 ones; χ² = z² = 2.1909² = 4.8.
        let r = chi2_homogeneity(&[70, 30], &[55, 45]);
        assert!((r.statistic - 4.8).abs() < 1e-12);
        assert!(
            (r.p_value - 0.028_459_736_916_310_638).abs() < 1e-12,
            "{}",
            r.p_value
        );
    }

    #[test]
    fn one_category_is_no_evidence() {
        let r = chi2_homogeneity(&[10, 0], &[5, 0]);
        assert_eq!((r.statistic, r.p_value, r.dof), (0.0, 1.0, 0));
    }
}
