//! The leakage lab's view: the features on the left, each with its separating strength
//! alone on the training rows; on the right the goal's metric three ways (cross-validated,
//! test rows, later data), each with a bar, and what a gap between test and later means.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Padding, Paragraph, Widget, Wrap};

use super::LeakageLab;
use crate::draw::theme::Theme;

/// `text` cut to `width` characters, the cut marked with `…`.
fn fit(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_string();
    }
    let mut cut: String = text.chars().take(width.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

/// A bar of `width` cells for a value in [0, 1].
fn bar(value: Option<f64>, width: usize, theme: &Theme) -> Vec<Span<'static>> {
    let filled = value.map_or(0, |v| (v.clamp(0.0, 1.0) * width as f64).round() as usize);
    vec![
        Span::styled("█".repeat(filled), theme.bar_filled),
        Span::styled("░".repeat(width - filled), theme.bar_empty),
    ]
}

impl LeakageLab {
    pub(super) fn render_features(&self, area: Rect, buf: &mut Buffer, theme: &Theme) {
        let inner = area.width.saturating_sub(2) as usize;
        // "▶ [x] " then the name, a space and the AUC (4 characters).
        let name_width = inner.saturating_sub(6 + 5).max(1);
        let height = area.height.saturating_sub(3) as usize;
        let total = self.columns.len();
        let first = self.cursor.saturating_sub(height.saturating_sub(1));
        let last = (first + height).min(total);
        let head = if last - first < total {
            format!(
                "{}–{last} of {total} {}{}",
                first + 1,
                if first > 0 { "↑" } else { "" },
                if last < total { "↓" } else { "" }
            )
        } else {
            "Space toggles".to_string()
        };
        let mut lines = vec![Line::styled(
            fit(&format!("{head} · AUC alone"), inner),
            theme.dim,
        )];
        for i in first..last {
            let cursor = i == self.cursor;
            let auc = self.separation[i].map_or_else(|| "  – ".to_string(), |a| format!("{a:.2}"));
            let strong = self.separation[i].is_some_and(|a| a >= 0.9);
            lines.push(Line::from(vec![
                Span::styled(if cursor { "▶ " } else { "  " }, theme.accent),
                Span::raw(if self.enabled[i] { "[x] " } else { "[ ] " }),
                Span::styled(
                    format!("{:<name_width$}", fit(&self.columns[i], name_width)),
                    if cursor { theme.selected } else { theme.text },
                ),
                Span::raw(" "),
                Span::styled(auc, if strong { theme.warn } else { theme.dim }),
            ]));
        }
        Paragraph::new(lines)
            .block(
                Block::bordered()
                    .title(fit(" Features ", inner))
                    .border_style(theme.dim),
            )
            .render(area, buf);
    }

    pub(super) fn render_scores(&self, area: Rect, buf: &mut Buffer, theme: &Theme) {
        let block = Block::bordered()
            .title(" Scores ")
            .border_style(theme.dim)
            .padding(Padding::horizontal(1));
        let inner = block.inner(area);
        block.render(area, buf);
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
        let Some(s) = self.scores() else {
            Paragraph::new(lines)
                .wrap(Wrap { trim: true })
                .render(inner, buf);
            return;
        };
        lines.push(Line::styled(
            format!("{} · {} feature(s)", s.model.title(), s.features),
            theme.dim,
        ));
        let bar_width = (inner.width as usize).saturating_sub(13).min(40);
        for (label, value) in [("CV", s.cv), ("Test", s.test), ("Later", s.later)] {
            let mut spans = vec![
                Span::raw(format!("{label:<6}")),
                Span::styled(
                    value.map_or_else(|| "  –   ".to_string(), |v| format!("{v:.3} ")),
                    theme.title,
                ),
            ];
            spans.extend(bar(value, bar_width, theme));
            lines.push(Line::from(spans));
        }
        let goal = &self.spec.goal;
        if let Some(gap) = s.test.zip(s.later).map(|(t, l)| t - l) {
            let (text, style) = if gap > goal.max_gap {
                (
                    format!(
                        "Test beats later by {gap:.3}: the test rows share something the later \
                         data lacks. A column recorded after the outcome? Look for a high AUC \
                         alone."
                    ),
                    theme.warn,
                )
            } else if -gap > goal.max_gap {
                (
                    format!(
                        "Later beats test by {:.3}: the test rows tell little.",
                        -gap
                    ),
                    theme.dim,
                )
            } else {
                (
                    format!(
                        "Test and later agree within {}: the test score tells the truth.",
                        goal.max_gap
                    ),
                    theme.good,
                )
            };
            lines.push(Line::styled(text, style));
        }
        lines.push(Line::styled(
            format!(
                "CV: {} folds of {} training rows; test: {} held-out rows; later: {} rows of \
                 {}, never trained on (seed {}).",
                super::FOLDS,
                s.rows_train,
                s.rows_test,
                s.rows_later,
                self.spec.later,
                self.spec.seed
            ),
            theme.dim,
        ));
        Paragraph::new(lines)
            .wrap(Wrap { trim: true })
            .render(inner, buf);
    }
}
