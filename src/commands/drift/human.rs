//! The table a person reads: one line per column, the dataset verdict, then per column
//! its statistics and a small histogram of reference and current shares side by side,
//! drawn with block characters so that it reads without colour.

use std::fmt::Write as _;

use unicode_width::UnicodeWidthStr;

use super::json::{Skipped, Tables};
use crate::ml::drift::binning::PsiLevel;
use crate::ml::drift::report::{ColumnDetail, ColumnDrift, DatasetDrift, DriftOptions};
use crate::ml::drift::rules::DATASET_DRIFT_SHARE;
use crate::sanitize::clean_line;

/// Width of a full histogram bar, in terminal cells.
const BAR_WIDTH: usize = 20;
/// Categories shown in a histogram; the rest are summed into one line.
const MAX_CATEGORIES: usize = 10;
/// Longest column name or bin label shown before it is cut.
const MAX_LABEL: usize = 28;

pub fn render(
    tables: &Tables,
    options: &DriftOptions,
    report: &DatasetDrift,
    skipped: &[Skipped],
) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "reference: {} ({} rows)   current: {} ({} rows)",
        tables.reference.source, tables.reference.rows, tables.current.source, tables.current.rows
    );
    out.push('\n');
    summary_table(&mut out, report);
    for s in skipped {
        let _ = writeln!(out, "skipped {}: {}", label(&s.name), s.reason);
    }
    out.push('\n');
    let _ = writeln!(
        out,
        "{} of {} columns drifted ({:.0}%): {}",
        report.drifted_columns,
        report.columns.len(),
        report.drifted_share * 100.0,
        if report.dataset_drift {
            format!(
                "DATASET DRIFT (at least {:.0}% of columns drifted)",
                DATASET_DRIFT_SHARE * 100.0
            )
        } else {
            format!(
                "no dataset drift (that needs {:.0}% of columns)",
                DATASET_DRIFT_SHARE * 100.0
            )
        }
    );
    let _ = writeln!(
        out,
        "rules: ks drifts when p <= threshold, chi2 when p < threshold; wasserstein \
         (W1 / reference std), jsd (base 2) and psi when the value >= threshold.{}",
        if options.bonferroni {
            " p-value thresholds are Bonferroni-corrected (0.05 / columns)."
        } else {
            ""
        }
    );
    for column in &report.columns {
        out.push('\n');
        column_detail(&mut out, column);
    }
    out
}

fn summary_table(out: &mut String, report: &DatasetDrift) {
    let names: Vec<String> = report.columns.iter().map(|c| label(&c.name)).collect();
    let name_width = names
        .iter()
        .map(|n| n.width())
        .max()
        .unwrap_or(0)
        .max("column".len());
    let _ = writeln!(
        out,
        "{}  {:<11}  {:<11}  {:>10}  {:>9}  {:>9}  result",
        pad("column", name_width),
        "kind",
        "test",
        "statistic",
        "p-value",
        "threshold"
    );
    for (c, name) in report.columns.iter().zip(&names) {
        let _ = writeln!(
            out,
            "{}  {:<11}  {:<11}  {:>10}  {:>9}  {:>9}  {}",
            pad(name, name_width),
            c.kind.to_string(),
            c.test.name(),
            value(c.statistic),
            c.p_value.map_or("-".to_string(), p_value),
            value(c.threshold),
            if c.drifted { "DRIFT" } else { "ok" }
        );
    }
}

fn column_detail(out: &mut String, c: &ColumnDrift) {
    let psi_level = match c.psi_level {
        PsiLevel::Stable => "stable",
        PsiLevel::Moderate => "moderate",
        PsiLevel::Major => "major",
    };
    let mut facts = vec![];
    let (labels, reference, current): (Vec<String>, &[f64], &[f64]) = match &c.detail {
        ColumnDetail::Numeric(d) => {
            facts.push(format!(
                "KS D {} (p {})",
                value(d.ks.statistic),
                p_value(d.ks.p_value)
            ));
            facts.push(format!(
                "W1 {} = {} reference std",
                value(d.wasserstein),
                value(d.wasserstein_norm)
            ));
            (
                edge_labels(&d.edges),
                &d.reference_shares,
                &d.current_shares,
            )
        }
        ColumnDetail::Categorical(d) => {
            facts.push(format!(
                "chi2 {} (dof {}, p {})",
                value(d.chi2.statistic),
                d.chi2.dof,
                p_value(d.chi2.p_value)
            ));
            (
                d.counts.categories.iter().map(|c| label(c)).collect(),
                &d.reference_shares,
                &d.current_shares,
            )
        }
    };
    facts.push(format!("PSI {} ({psi_level})", value(c.psi)));
    facts.push(format!("JS {}", value(c.js_distance)));
    let _ = writeln!(
        out,
        "{} [{}, {}]: {}",
        label(&c.name),
        c.kind,
        if c.drifted { "DRIFT" } else { "ok" },
        facts.join(" · ")
    );
    histogram(out, &labels, reference, current);
}

/// Reference and current shares per bin as two bar columns. Long category lists keep the
/// largest categories and sum the rest into one line.
fn histogram(out: &mut String, labels: &[String], reference: &[f64], current: &[f64]) {
    let mut rows: Vec<(String, f64, f64)> = labels
        .iter()
        .zip(reference.iter().zip(current))
        .map(|(l, (&r, &c))| (l.clone(), r, c))
        .collect();
    if rows.len() > MAX_CATEGORIES + 1 {
        let mut order: Vec<usize> = (0..rows.len()).collect();
        order.sort_by(|&a, &b| (rows[b].1 + rows[b].2).total_cmp(&(rows[a].1 + rows[a].2)));
        let keep: Vec<usize> = order[..MAX_CATEGORIES].to_vec();
        let rest = rows.len() - MAX_CATEGORIES;
        let (mut other_r, mut other_c) = (0.0, 0.0);
        for &i in &order[MAX_CATEGORIES..] {
            other_r += rows[i].1;
            other_c += rows[i].2;
        }
        let mut kept: Vec<(String, f64, f64)> = keep.iter().map(|&i| rows[i].clone()).collect();
        kept.push((format!("({rest} others)"), other_r, other_c));
        rows = kept;
    }
    let largest = rows.iter().map(|r| r.1.max(r.2)).fold(0.0f64, f64::max);
    let label_width = rows.iter().map(|r| r.0.width()).max().unwrap_or(0).max(3);
    let _ = writeln!(
        out,
        "  {}  {}  current",
        pad("bin", label_width),
        pad("reference", BAR_WIDTH + 7),
    );
    for (l, r, c) in rows {
        let _ = writeln!(
            out,
            "  {}  {} {:>5.1}%  {} {:>5.1}%",
            pad(&l, label_width),
            pad(&bar(r, largest), BAR_WIDTH),
            r * 100.0,
            pad(&bar(c, largest), BAR_WIDTH),
            c * 100.0
        );
    }
}

/// A bar of eighth-cell blocks; any non-zero share shows at least a sliver.
fn bar(share: f64, largest: f64) -> String {
    if share <= 0.0 || largest <= 0.0 {
        return String::new();
    }
    let eighths = ((share / largest) * (BAR_WIDTH * 8) as f64)
        .round()
        .max(1.0) as usize;
    let mut s = "█".repeat(eighths / 8);
    const PARTIAL: [&str; 8] = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"];
    s.push_str(PARTIAL[eighths % 8]);
    s
}

/// Bin labels from the inner edges: "<= e1", "(e1, e2]", …, "> ek", with as many digits
/// as it takes to tell neighbouring edges apart.
fn edge_labels(edges: &[f64]) -> Vec<String> {
    if edges.is_empty() {
        return vec!["all".to_string()];
    }
    let mut digits = 4;
    let mut shown: Vec<String> = edges.iter().map(|&e| significant(e, digits)).collect();
    while digits < 12 && shown.windows(2).any(|w| w[0] == w[1]) {
        digits += 1;
        shown = edges.iter().map(|&e| significant(e, digits)).collect();
    }
    let mut labels = vec![format!("<= {}", shown[0])];
    for w in shown.windows(2) {
        labels.push(format!("({}, {}]", w[0], w[1]));
    }
    labels.push(format!("> {}", shown[shown.len() - 1]));
    labels
}

/// A number with `digits` significant digits, without trailing zeros.
fn significant(v: f64, digits: usize) -> String {
    if v == 0.0 || !v.is_finite() {
        return format!("{v}");
    }
    let magnitude = v.abs().log10().floor() as i32;
    if !(-4..=7).contains(&magnitude) {
        return format!("{:.*e}", digits.saturating_sub(1), v);
    }
    let decimals = (digits as i32 - 1 - magnitude).max(0) as usize;
    let text = format!("{v:.decimals$}");
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        text
    }
}

fn value(v: f64) -> String {
    if v.is_nan() {
        "-".to_string()
    } else if v != 0.0 && (v.abs() >= 1e6 || v.abs() < 1e-4) {
        format!("{v:.2e}")
    } else {
        format!("{v:.4}")
    }
}

fn p_value(p: f64) -> String {
    if p == 0.0 {
        "<1e-300".to_string()
    } else if p < 1e-4 {
        format!("{p:.1e}")
    } else {
        format!("{p:.4}")
    }
}

/// Untrusted text made safe and short for one table cell.
fn label(text: &str) -> String {
    let clean = clean_line(text);
    if clean.width() <= MAX_LABEL {
        return clean;
    }
    let mut cut = String::new();
    for ch in clean.chars() {
        if cut.width() + 2 > MAX_LABEL {
            break;
        }
        cut.push(ch);
    }
    cut.push('…');
    cut
}

/// Pads to a display width (names may hold wide characters).
fn pad(text: &str, width: usize) -> String {
    let mut s = text.to_string();
    for _ in text.width()..width {
        s.push(' ');
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_scale_to_the_largest_share() {
        assert_eq!(bar(0.5, 0.5).chars().count(), BAR_WIDTH);
        assert_eq!(bar(0.25, 0.5), "█".repeat(BAR_WIDTH / 2));
        assert_eq!(bar(0.0001, 0.5), "▏");
        assert_eq!(bar(0.0, 0.5), "");
    }

    #[test]
    fn edge_labels_tell_neighbours_apart() {
        let labels = edge_labels(&[20.391, 20.394, 21.0]);
        assert_eq!(
            labels,
            vec!["<= 20.391", "(20.391, 20.394]", "(20.394, 21]", "> 21"]
        );
        assert_eq!(significant(123456789.0, 4), "1.235e8");
        assert_eq!(significant(0.000123, 4), "0.000123");
    }

    #[test]
    fn long_and_hostile_labels_are_cut_and_cleaned() {
        assert_eq!(label("a\u{1b}[31mred"), "ared");
        assert!(label(&"x".repeat(100)).width() <= MAX_LABEL);
    }
}
