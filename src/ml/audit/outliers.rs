//! `outliers`: numeric values far outside their column's robust spread. A value is an
//! outlier when `|x − median| > k · 1.4826 · MAD` with `k` = [`OUTLIER_K`] (3.5) and
//! MAD the median absolute deviation from the median; 1.4826 · MAD estimates the
//! standard deviation of normal data, so this is Iglewicz and Hoaglin's modified
//! z-score above 3.5. A column whose MAD is 0 (half its values or more are equal) has
//! no spread to measure against and is skipped.

use super::encode::{CodedTable, Kind};
use super::{Finding, ListedRow, MAD_SCALE, MAX_LISTED_ROWS, OUTLIER_K, Severity, percent};
use crate::ml::io::Table;

/// The median of `values` (reordered); the mean of the two middle values for an even
/// count, as pandas computes it.
pub(super) fn median(values: &mut [f64]) -> f64 {
    let n = values.len();
    let (_, &mut upper, _) = values.select_nth_unstable_by(n / 2, f64::total_cmp);
    if n % 2 == 1 {
        return upper;
    }
    let lower = values[..n / 2]
        .iter()
        .copied()
        .fold(f64::NEG_INFINITY, f64::max);
    lower + (upper - lower) / 2.0
}

/// The median and the unscaled MAD of the finite values, if there are at least three.
pub(super) fn median_mad(values: &[f64]) -> Option<(f64, f64)> {
    let mut finite: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
    if finite.len() < 3 {
        return None;
    }
    let centre = median(&mut finite);
    for v in &mut finite {
        *v = (*v - centre).abs();
    }
    Some((centre, median(&mut finite)))
}

pub(super) fn check(table: &Table, coded: &CodedTable, findings: &mut Vec<Finding>) {
    for &column in &coded.order {
        let profile = &coded.profiles[column];
        let (Kind::Numeric, Some(values)) = (profile.kind, &profile.values) else {
            continue;
        };
        let Some((centre, mad)) = median_mad(values) else {
            continue;
        };
        let spread = MAD_SCALE * mad;
        if spread <= 0.0 || !spread.is_finite() {
            continue;
        }
        let bound = OUTLIER_K * spread;
        let far: Vec<usize> = (0..values.len())
            .filter(|&r| !values[r].is_nan() && (values[r] - centre).abs() > bound)
            .collect();
        if far.is_empty() {
            continue;
        }
        let cells = table.text(column);
        findings.push(Finding {
            check: "outliers",
            severity: Severity::Info,
            column: Some(table.headers[column].clone()),
            count: far.len(),
            rows: far
                .iter()
                .take(MAX_LISTED_ROWS)
                .map(|&row| ListedRow {
                    value: Some(cells[row].to_string()),
                    ..super::plain_row(table, row)
                })
                .collect(),
            message: format!(
                "{} ({}) {} outside median {} ± {OUTLIER_K} × {} (scaled MAD)",
                super::counted(far.len(), "value", "values"),
                percent(far.len(), values.len()),
                if far.len() == 1 { "lies" } else { "lie" },
                short(centre),
                short(spread)
            ),
            hint: "check whether these are errors (units, typos, sentinels such as 999) or \
                   real extremes; a model may need them clipped or transformed"
                .to_string(),
        });
    }
}

/// A number in at most about six significant digits.
fn short(x: f64) -> String {
    let text = format!("{x:.6}");
    if text.contains('.') && x.abs() < 1e9 {
        let trimmed = text.trim_end_matches('0').trim_end_matches('.');
        if trimmed.len() <= 12 {
            return trimmed.to_string();
        }
    }
    format!("{x:.4e}")
}
