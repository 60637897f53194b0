//! The train lab's view: the settings (model, seed, features) on the left and the
//! results on the right: cross-validated metrics, the confusion matrix and, for two
//! classes, the ROC curve, or, for a numeric target, predicted against actual; and the
//! test rows' numbers once the goal is met.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget, Wrap};

use super::TrainLab;
use crate::draw::charts::CurveChart;
use crate::draw::confusion::ConfusionMatrix;
use crate::draw::theme::Theme;
use crate::ml::models::Predictions;

impl TrainLab {
    pub(super) fn render_settings(&self, area: Rect, buf: &mut Buffer, theme: &Theme) {
        let mut lines = vec![
            Line::from(vec![
                Span::raw("model  "),
                Span::styled(self.model.title(), theme.title),
                Span::styled(if self.models.len() > 1 { "  (m)" } else { "" }, theme.dim),
            ]),
            Line::from(vec![
                Span::raw("seed   "),
                Span::styled(self.seed.to_string(), theme.title),
                Span::styled(
                    if self.seed == self.spec.seed {
                        "  (s/S)".to_string()
                    } else {
                        format!("  goal at {}", self.spec.seed)
                    },
                    theme.dim,
                ),
            ]),
            Line::styled(format!("target {}", self.spec.target), theme.dim),
            Line::default(),
        ];
        let height = area.height.saturating_sub(7) as usize;
        let first = self.cursor.saturating_sub(height.saturating_sub(1));
        let total = self.spec.all_features.len();
        let last = (first + height).min(total);
        // A list that does not fit says which part is shown and where the rest is.
        lines.push(if last - first < total {
            Line::styled(
                format!(
                    "features {}–{last} of {total} {}{}",
                    first + 1,
                    if first > 0 { "↑" } else { "" },
                    if last < total { "↓" } else { "" }
                ),
                theme.dim,
            )
        } else {
            Line::styled("features (Space toggles)", theme.dim)
        });
        for (i, (f, on)) in self
            .spec
            .all_features
            .iter()
            .zip(&self.enabled)
            .enumerate()
            .skip(first)
            .take(height)
        {
            let cursor = i == self.cursor;
            lines.push(Line::from(vec![
                Span::styled(if cursor { "▶ " } else { "  " }, theme.accent),
                Span::raw(if *on { "[x] " } else { "[ ] " }),
                Span::styled(f.clone(), if cursor { theme.selected } else { theme.text }),
            ]));
        }
        Paragraph::new(lines)
            .block(
                Block::bordered()
                    .title(" Settings ")
                    .border_style(theme.dim),
            )
            .render(area, buf);
    }

    pub(super) fn render_results(&self, area: Rect, buf: &mut Buffer, theme: &Theme) {
        let mut lines = Vec::new();
        if self.job.is_some() {
            lines.push(Line::styled("⟳ training…", theme.accent));
        } else if self.stale() {
            lines.push(Line::styled(
                "Settings changed: press t to train.",
                theme.warn,
            ));
        }
        if let Some(e) = &self.error {
            lines.push(Line::styled(e.clone(), theme.bad));
        }
        if let Some(how) = &self.met {
            lines.push(Line::styled(format!("✓ {how}"), theme.good));
        }
        if let Some(test) = &self.final_test {
            lines.push(Line::styled(
                format!("Test, scored once: {test}"),
                theme.accent,
            ));
        }
        let Some(run) = &self.last else {
            Paragraph::new(lines)
                .wrap(Wrap { trim: true })
                .render(area, buf);
            return;
        };
        let o = &run.outcome;
        lines.push(Line::styled(
            format!(
                "{} · seed {} · {}-fold CV on {} training rows; {} test rows held back",
                o.model.title(),
                o.seed,
                crate::ml::models::FOLDS,
                o.rows_train(),
                run.test.rows_test()
            ),
            theme.dim,
        ));
        let keys: &[&str] = match &o.predictions {
            Predictions::Regression(_) => &["mae", "rmse", "r2"],
            Predictions::Clusters(_) => &["inertia", "test_inertia"],
            Predictions::Classification(p) if p.classes.len() == 2 => {
                &["accuracy", "precision", "recall", "f1", "roc_auc", "mcc"]
            }
            Predictions::Classification(_) => &["accuracy", "macro_f1", "weighted_f1", "kappa"],
        };
        // A no-break space keeps each name with its value when the line wraps.
        let metrics: Vec<Span> = keys
            .iter()
            .filter_map(|k| {
                o.metric(k)
                    .map(|v| Span::raw(format!("{k}\u{a0}{v:.3}   ")))
            })
            .collect();
        lines.push(Line::from(metrics));
        for w in &o.warnings {
            lines.push(Line::styled(format!("! {w}"), theme.warn));
        }
        for n in &o.notes {
            lines.push(Line::styled(n.clone(), theme.dim));
        }
        // The words wrap to the panel; the matrix is laid out to fit it.
        let words = Paragraph::new(lines).wrap(Wrap { trim: true });
        let words_height = (words.line_count(area.width) as u16).min(area.height);
        let mut matrix = vec![Line::default()];
        if let Some((labels, rows)) = &run.confusion {
            let tags = (labels.len() == 2).then_some([["TP", "FN"], ["FP", "TN"]]);
            let cm = ConfusionMatrix {
                labels,
                matrix: rows,
                tags,
                theme,
            };
            matrix.extend(cm.lines_within(area.width as usize));
        }
        let matrix_height = matrix.len() as u16;
        let [text_area, matrix_area, chart_area] = area.layout(&Layout::vertical([
            Constraint::Length(words_height),
            Constraint::Length(matrix_height),
            Constraint::Min(0),
        ]));
        words.render(text_area, buf);
        Paragraph::new(matrix).render(matrix_area, buf);
        if let Some((roc, auc)) = &run.roc
            && chart_area.height >= 6
        {
            let auc = auc
                .map(|a| format!("{a:.3}"))
                .unwrap_or_else(|| "undefined".into());
            let diagonal = [(0.0, 0.0), (1.0, 1.0)];
            CurveChart {
                title: format!(" ROC, cross-validated · AUC {auc} "),
                x_title: "FPR",
                y_title: "TPR",
                curve: roc,
                reference: Some(&diagonal),
                point: None,
                x_bounds: [0.0, 1.0],
                y_bounds: [0.0, 1.0],
                points_only: false,
            }
            .render(chart_area, buf, theme);
        }
        if let Some(points) = &run.scatter
            && chart_area.height >= 6
        {
            let (lo, hi) = points
                .iter()
                .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), (a, p)| {
                    (lo.min(*a).min(*p), hi.max(*a).max(*p))
                });
            if lo.is_finite() && hi > lo {
                let diagonal = [(lo, lo), (hi, hi)];
                CurveChart {
                    title: " Predicted against actual, cross-validated · on the line = exact "
                        .into(),
                    x_title: "actual",
                    y_title: "predicted",
                    curve: points,
                    reference: Some(&diagonal),
                    point: None,
                    x_bounds: [lo, hi],
                    y_bounds: [lo, hi],
                    points_only: true,
                }
                .render(chart_area, buf, theme);
            }
        }
    }
}
