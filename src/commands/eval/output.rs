//! What `mlpath eval` prints: JSON with fixed keys, or tables for people.

use serde::Serialize;
use unicode_width::UnicodeWidthStr;

use crate::ml::metrics::json::{BinaryJson, MulticlassJson};
use crate::ml::metrics::{BinaryEvaluation, ConfusionMatrix, CountMetric};
use crate::sanitize::clean_line;

pub struct BinaryReport<'a> {
    pub source: &'a str,
    pub positive: &'a str,
    /// The other label, or "not <positive>" when several labels are the negatives.
    pub negative: &'a str,
    /// `Some(column)` for hard predictions.
    pub prediction_column: Option<&'a str>,
    pub evaluation: &'a BinaryEvaluation,
}

pub struct MulticlassReport<'a> {
    pub source: &'a str,
    pub matrix: &'a ConfusionMatrix,
}

fn to_json(value: &impl Serialize) -> String {
    let mut text = serde_json::to_string_pretty(value).expect("plain data serialises");
    text.push('\n');
    text
}

fn column_widths(rows: &[Vec<String>]) -> Vec<usize> {
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    (0..columns)
        .map(|c| {
            rows.iter()
                .filter_map(|r| r.get(c))
                .map(|s| s.width())
                .max()
                .unwrap_or(0)
        })
        .collect()
}

/// Lays out rows as columns separated by two spaces; `right[c]` right-aligns column c.
fn layout(rows: &[Vec<String>], right: &[bool], indent: usize) -> String {
    let widths = column_widths(rows);
    let mut out = String::new();
    for row in rows {
        let mut line = " ".repeat(indent);
        for (c, cell) in row.iter().enumerate() {
            let pad = " ".repeat(widths[c] - cell.width());
            if right.get(c).copied().unwrap_or(false) {
                line.push_str(&pad);
                line.push_str(cell);
            } else {
                line.push_str(cell);
                line.push_str(&pad);
            }
            line.push_str("  ");
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// A confusion matrix: `header` holds the predicted labels, each row starts with
/// the actual label; the axes are captioned "actual" (left) and "predicted" (above).
fn matrix_layout(header: Vec<String>, body: Vec<(String, Vec<String>)>, indent: usize) -> String {
    let mut rows = vec![[vec![String::new(), String::new()], header].concat()];
    for (i, (label, cells)) in body.into_iter().enumerate() {
        let axis = if i == 0 { "actual" } else { "" };
        rows.push([vec![axis.to_string(), label], cells].concat());
    }
    let right: Vec<bool> = (0..rows[0].len()).map(|c| c >= 2).collect();
    let widths = column_widths(&rows);
    let caption_at = indent + widths[0] + 2 + widths[1] + 2;
    let mut out = format!("{}predicted\n", " ".repeat(caption_at));
    out.push_str(&layout(&rows, &right, indent));
    out
}

const UNDEFINED: &str = "0.0 (undefined)";

fn value(v: f64, undefined: bool) -> String {
    if undefined {
        UNDEFINED.to_string()
    } else {
        format!("{v:.4}")
    }
}

impl BinaryReport<'_> {
    pub fn render(&self, json: bool) -> String {
        if json { self.json() } else { self.text() }
    }

    fn json(&self) -> String {
        to_json(&BinaryJson::new(self.positive, self.evaluation))
    }

    fn text(&self) -> String {
        let e = self.evaluation;
        let c = e.counts;
        let positive = clean_line(self.positive);
        let negative = clean_line(self.negative);
        let rule = match (self.prediction_column, e.threshold) {
            (Some(column), _) => format!("predictions from column '{}'", clean_line(column)),
            (None, Some(t)) => format!("predicted positive when score >= {t}"),
            (None, None) => String::new(),
        };
        let mut out = format!(
            "{}: {} rows, positive class '{positive}', {rule}\n\n",
            clean_line(self.source),
            c.n()
        );

        out.push_str("Confusion matrix (rows: actual class, columns: predicted class)\n\n");
        let digits = [c.tp, c.fp, c.fn_, c.tn]
            .iter()
            .map(|v| v.to_string().len())
            .max()
            .unwrap_or(1);
        let cell = |tag: &str, v: u64| format!("{tag} {v:>digits$}");
        out.push_str(&matrix_layout(
            vec![positive.clone(), negative.clone()],
            vec![
                (positive.clone(), vec![cell("TP", c.tp), cell("FN", c.fn_)]),
                (negative.clone(), vec![cell("FP", c.fp), cell("TN", c.tn)]),
            ],
            2,
        ));
        out.push('\n');
        let mut rows = vec![vec!["metric".into(), "value".into(), "how".into()]];
        let mut any_undefined = false;
        for m in CountMetric::ALL {
            let undefined = c.is_undefined(m);
            any_undefined |= undefined;
            rows.push(vec![
                m.name().into(),
                value(c.metric(m), undefined),
                m.formula().into(),
            ]);
        }
        let threshold_free = [
            (
                "roc_auc",
                e.roc_auc,
                "area under the ROC curve, ties count 1/2",
            ),
            (
                "average_precision",
                e.average_precision,
                "precision averaged over recall steps",
            ),
            (
                "log_loss",
                e.log_loss,
                "mean -ln(probability given to the true class)",
            ),
            ("brier", e.brier, "mean (outcome - probability)^2"),
        ];
        for (name, v, how) in threshold_free {
            let shown = match (v, self.prediction_column) {
                (Some(v), _) => format!("{v:.4}"),
                (None, Some(_)) => "n/a (needs --score)".into(),
                (None, None) => "undefined".into(),
            };
            rows.push(vec![name.into(), shown, how.into()]);
        }
        out.push_str(&layout(&rows, &[], 2));
        if any_undefined {
            out.push_str(
                "\n  0.0 (undefined): the formula divides by zero here; like scikit-learn \
                 (zero_division=0), the value is reported as 0.0.\n",
            );
        }
        out
    }
}

impl MulticlassReport<'_> {
    pub fn render(&self, json: bool) -> String {
        if json { self.json() } else { self.text() }
    }

    fn json(&self) -> String {
        to_json(&MulticlassJson::new(self.matrix))
    }

    fn text(&self) -> String {
        let m = self.matrix;
        let labels: Vec<String> = m.labels().iter().map(|l| clean_line(l)).collect();
        let mut out = format!(
            "{}: {} rows, {} classes\n\n",
            clean_line(self.source),
            m.n(),
            labels.len()
        );

        out.push_str("Confusion matrix (rows: actual class, columns: predicted class)\n\n");
        let body = m
            .rows()
            .iter()
            .zip(&labels)
            .map(|(row, label)| (label.clone(), row.iter().map(u64::to_string).collect()))
            .collect();
        out.push_str(&matrix_layout(labels.clone(), body, 2));
        out.push_str("\nPer class (one against the rest)\n\n");
        let predicted = m.predicted_totals();
        let mut rows = vec![vec![
            "label".to_string(),
            "precision".into(),
            "recall".into(),
            "f1".into(),
            "support".into(),
        ]];
        let mut any_undefined = false;
        for (i, c) in m.per_class().iter().enumerate() {
            let no_predictions = predicted[i] == 0;
            let no_support = c.support == 0;
            any_undefined |= no_predictions || no_support;
            rows.push(vec![
                labels[i].clone(),
                value(c.precision, no_predictions),
                value(c.recall, no_support),
                value(c.f1, no_predictions && no_support),
                c.support.to_string(),
            ]);
        }
        out.push_str(&layout(&rows, &[false, false, false, false, true], 2));

        out.push_str("\nOverall\n\n");
        let overall = vec![
            vec!["metric".to_string(), "value".into(), "how".into()],
            vec![
                "accuracy".into(),
                value(m.accuracy(), false),
                "share of rows predicted right".into(),
            ],
            vec![
                "macro_precision".into(),
                value(m.macro_precision(), false),
                "mean of per-class precision".into(),
            ],
            vec![
                "macro_recall".into(),
                value(m.macro_recall(), false),
                "mean of per-class recall".into(),
            ],
            vec![
                "macro_f1".into(),
                value(m.macro_f1(), false),
                "mean of per-class F1".into(),
            ],
            vec![
                "micro_f1".into(),
                value(m.micro_f1(), false),
                "F1 of pooled counts (= accuracy here)".into(),
            ],
            vec![
                "weighted_f1".into(),
                value(m.weighted_f1(), false),
                "per-class F1 weighted by support".into(),
            ],
            vec![
                "kappa".into(),
                value(m.kappa(), m.kappa_is_undefined()),
                "agreement beyond chance (Cohen)".into(),
            ],
            vec![
                "mcc".into(),
                value(m.mcc(), m.mcc_is_undefined()),
                "correlation of truth and prediction".into(),
            ],
        ];
        any_undefined |= m.kappa_is_undefined() || m.mcc_is_undefined();
        out.push_str(&layout(&overall, &[], 2));
        if any_undefined {
            out.push_str(
                "\n  0.0 (undefined): the formula divides by zero here; like scikit-learn \
                 (zero_division=0), the value is reported as 0.0.\n",
            );
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layout_aligns_columns() {
        let rows = vec![
            vec!["a".to_string(), "1".into()],
            vec!["longer".to_string(), "100".into()],
        ];
        assert_eq!(
            layout(&rows, &[false, true], 1),
            " a         1\n longer  100\n"
        );
    }

    #[test]
    fn binary_text_marks_undefined_values() {
        let e = BinaryEvaluation::from_predictions(&[true, false, false], &[false, false, false]);
        let text = BinaryReport {
            source: "f.csv",
            positive: "1",
            negative: "0",
            prediction_column: Some("pred"),
            evaluation: &e,
        }
        .render(false);
        assert!(
            text.contains("precision          0.0 (undefined)"),
            "{text}"
        );
        assert!(text.contains("n/a (needs --score)"));
        assert!(text.contains("actual"));
        assert!(text.contains("predicted"));
    }
}
