//! What `mlpath fairness` prints: JSON with fixed keys, or a table that fits 80 columns.

use serde::Serialize;
use unicode_width::UnicodeWidthStr;

use super::mitigate::{self, MitigationJson};
use crate::ml::fairness::{FairnessReport, FairnessWarning, Mitigation};
use crate::sanitize::clean_line;

/// The widest group name shown in the table; longer names end in `…`.
const GROUP_WIDTH: usize = 20;

/// How the report came about, for its heading and its JSON.
pub struct Report<'a> {
    pub source: &'a str,
    pub truth: &'a str,
    pub pred: Option<&'a str>,
    pub score: Option<&'a str>,
    pub threshold: Option<f64>,
    pub group: &'a str,
    /// Where the group column came from, with `--data`.
    pub data: Option<&'a str>,
    pub positive: &'a str,
    pub report: &'a FairnessReport,
    /// With `--equalise`: the per-group thresholds and what they cost.
    pub mitigation: Option<&'a Mitigation>,
    /// Warnings about the command line rather than the data.
    pub more_warnings: Vec<String>,
}

#[derive(Serialize)]
struct GroupJson<'a> {
    group: &'a str,
    n: u64,
    selection_rate: f64,
    tpr: Option<f64>,
    fpr: Option<f64>,
    precision: Option<f64>,
    accuracy: f64,
}

#[derive(Serialize)]
struct ReportJson<'a> {
    source: &'a str,
    truth: &'a str,
    pred: Option<&'a str>,
    score: Option<&'a str>,
    threshold: Option<f64>,
    group: &'a str,
    data: Option<&'a str>,
    positive: &'a str,
    n: u64,
    groups: Vec<GroupJson<'a>>,
    demographic_parity_difference: Option<f64>,
    demographic_parity_ratio: Option<f64>,
    equalized_odds_difference: Option<f64>,
    equalized_odds_ratio: Option<f64>,
    equal_opportunity_difference: Option<f64>,
    warnings: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    mitigation: Option<MitigationJson<'a>>,
}

/// What each aggregate is, in a few words.
fn meaning(name: &str) -> &'static str {
    match name {
        "demographic_parity_difference" => "largest minus smallest selection rate",
        "demographic_parity_ratio" => "smallest over largest selection rate",
        "equalized_odds_difference" => "worse of the TPR and FPR differences",
        "equalized_odds_ratio" => "worse of the TPR and FPR ratios",
        _ => "largest minus smallest TPR",
    }
}

pub(super) fn rate(value: Option<f64>) -> String {
    value.map_or_else(|| "-".to_string(), |v| format!("{v:.4}"))
}

pub(super) fn shortened(name: &str) -> String {
    let name = clean_line(name);
    if name.width() <= GROUP_WIDTH {
        return name;
    }
    let mut out = String::new();
    for c in name.chars() {
        if out.width() + c.to_string().width() >= GROUP_WIDTH {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}

/// Rows as columns two spaces apart, the first left-aligned, the others right-aligned.
pub(super) fn layout(rows: &[Vec<String>]) -> String {
    let columns = rows.first().map_or(0, Vec::len);
    let widths: Vec<usize> = (0..columns)
        .map(|c| rows.iter().map(|r| r[c].width()).max().unwrap_or(0))
        .collect();
    let mut out = String::new();
    for row in rows {
        let mut line = String::new();
        for (c, cell) in row.iter().enumerate() {
            let pad = " ".repeat(widths[c] - cell.width());
            if c == 0 {
                line.push_str(cell);
                line.push_str(&pad);
            } else {
                line.push_str("  ");
                line.push_str(&pad);
                line.push_str(cell);
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

impl Report<'_> {
    pub fn warnings(&self) -> Vec<String> {
        self.report
            .warnings
            .iter()
            .map(FairnessWarning::to_string)
            .chain(self.more_warnings.iter().cloned())
            .collect()
    }

    pub fn render(&self, json: bool) -> String {
        if json { self.json() } else { self.text() }
    }

    fn json(&self) -> String {
        let r = self.report;
        let d = &r.disparities;
        let value = ReportJson {
            source: self.source,
            truth: self.truth,
            pred: self.pred,
            score: self.score,
            threshold: self.threshold,
            group: self.group,
            data: self.data,
            positive: self.positive,
            n: r.groups.iter().map(|g| g.n).sum(),
            groups: r
                .groups
                .iter()
                .map(|g| GroupJson {
                    group: &g.group,
                    n: g.n,
                    selection_rate: g.selection_rate,
                    tpr: g.tpr,
                    fpr: g.fpr,
                    precision: g.precision,
                    accuracy: g.accuracy,
                })
                .collect(),
            demographic_parity_difference: d.demographic_parity_difference,
            demographic_parity_ratio: d.demographic_parity_ratio,
            equalized_odds_difference: d.equalized_odds_difference,
            equalized_odds_ratio: d.equalized_odds_ratio,
            equal_opportunity_difference: d.equal_opportunity_difference,
            warnings: self.warnings(),
            mitigation: self.mitigation.map(mitigate::json),
        };
        let mut text = serde_json::to_string_pretty(&value).expect("plain data serialises");
        text.push('\n');
        text
    }

    fn text(&self) -> String {
        let r = self.report;
        let n: u64 = r.groups.iter().map(|g| g.n).sum();
        let from = match self.data {
            Some(data) => format!(" of {} (matched on column 'row')", clean_line(data)),
            None => String::new(),
        };
        let mut out = format!(
            "{}: {n} rows in {} groups of column '{}'{from}\n",
            clean_line(self.source),
            r.groups.len(),
            clean_line(self.group),
        );
        let rule = match (self.pred, self.score, self.threshold) {
            (Some(pred), _, _) => format!("predictions from column '{}'", clean_line(pred)),
            (None, Some(score), Some(t)) => {
                format!("predicted positive when '{}' >= {t}", clean_line(score))
            }
            _ => String::new(),
        };
        out.push_str(&format!(
            "positive class '{}' (truth in column '{}'); {rule}\n\n",
            clean_line(self.positive),
            clean_line(self.truth),
        ));
        let mut rows = vec![
            [
                "group",
                "n",
                "selection",
                "tpr",
                "fpr",
                "precision",
                "accuracy",
            ]
            .map(String::from)
            .to_vec(),
        ];
        for g in &r.groups {
            rows.push(vec![
                shortened(&g.group),
                g.n.to_string(),
                rate(Some(g.selection_rate)),
                rate(g.tpr),
                rate(g.fpr),
                rate(g.precision),
                rate(Some(g.accuracy)),
            ]);
        }
        out.push_str(&layout(&rows));
        out.push_str("\nBetween groups (fairlearn 0.15's definitions; \"-\" is undefined):\n");
        let named = r.disparities.named();
        let mut rows = Vec::new();
        for (name, value) in named {
            rows.push(vec![
                format!("  {name}"),
                rate(value),
                format!("  {}", meaning(name)),
            ]);
        }
        // the meaning column is left-aligned: lay out the first two, then append it
        let body = layout(&rows.iter().map(|r| r[..2].to_vec()).collect::<Vec<_>>());
        for (line, row) in body.lines().zip(&rows) {
            out.push_str(line);
            out.push_str(&row[2]);
            out.push('\n');
        }
        if let Some(m) = self.mitigation {
            out.push_str(&mitigate::text(m));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_group_names_are_cut_to_the_column() {
        assert_eq!(shortened("short"), "short");
        let long = shortened(&"x".repeat(40));
        assert_eq!(long.width(), GROUP_WIDTH);
        assert!(long.ends_with('…'));
        assert_eq!(shortened("a\u{1b}[2Jb"), "ab");
    }
}
