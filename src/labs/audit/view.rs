//! The audit lab's view: the findings on the left (severity, check, column, count in
//! the first audit and now, the fix switched on or not), and on the right the selected
//! finding's fix, what is left, and the raw and fixed tables' scores.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget, Wrap};

use super::AuditLab;
use crate::draw::shorten;
use crate::draw::theme::Theme;
use crate::ml::audit::Severity;

impl AuditLab {
    pub(super) fn render_lab(&self, area: Rect, buf: &mut Buffer, theme: &Theme) {
        let [list, panel] = area.layout(&Layout::horizontal([
            Constraint::Percentage(55),
            Constraint::Percentage(45),
        ]));
        self.render_list(list, buf, theme);
        self.render_panel(panel, buf, theme);
    }

    fn render_list(&self, area: Rect, buf: &mut Buffer, theme: &Theme) {
        let width = area.width.saturating_sub(2) as usize;
        let height = area.height.saturating_sub(3) as usize;
        let total = self.entries.len();
        let first = self.cursor.saturating_sub(height.saturating_sub(1));
        let last = (first + height).min(total);
        let mut lines = vec![Line::styled(
            if last - first < total {
                format!("findings {}–{last} of {total}", first + 1)
            } else {
                "findings: first audit → now".to_string()
            },
            theme.dim,
        )];
        for (i, e) in self.entries.iter().enumerate().skip(first).take(height) {
            let cursor = i == self.cursor;
            let mark = match &e.fix {
                Some(f) if self.fixes.contains(f) => "[x]",
                Some(_) => "[ ]",
                None => " - ",
            };
            let sev = match e.severity {
                Severity::Error => ("E", theme.bad),
                Severity::Warning => ("W", theme.warn),
                Severity::Info => ("i", theme.dim),
            };
            let now = self
                .left(e)
                .map_or_else(|| "…".to_string(), |n| n.to_string());
            let counts = format!(" {}→{now}", e.first);
            let name = match &e.column {
                Some(c) => format!("{} {c}", e.check),
                None => e.check.to_string(),
            };
            let room = width.saturating_sub(8 + counts.chars().count());
            lines.push(Line::from(vec![
                Span::styled(if cursor { "▶" } else { " " }, theme.accent),
                Span::raw(mark),
                Span::raw(" "),
                Span::styled(sev.0, sev.1),
                Span::raw(" "),
                Span::styled(
                    shorten(&name, room),
                    if cursor { theme.selected } else { theme.text },
                ),
                Span::styled(counts, theme.dim),
            ]));
        }
        Paragraph::new(lines)
            .block(Block::bordered().title(" Audit ").border_style(theme.dim))
            .render(area, buf);
    }

    fn render_panel(&self, area: Rect, buf: &mut Buffer, theme: &Theme) {
        let mut lines = Vec::new();
        if let Some(e) = &self.error {
            lines.push(Line::styled(e.clone(), theme.bad));
        }
        if let Some(e) = self.entries.get(self.cursor) {
            lines.push(match &e.fix {
                Some(f) if self.fixes.contains(f) => {
                    Line::styled(format!("fix on: {}", f.describe()), theme.good)
                }
                Some(f) => Line::styled(format!("Space: {}", f.describe()), theme.text),
                None => Line::styled(e.why_no_fix(), theme.dim),
            });
        }
        if self.auditing() {
            lines.push(Line::styled("⟳ auditing…", theme.accent));
        } else if let Some(a) = self.audited() {
            let count = |s: Severity| a.findings.iter().filter(|f| f.severity == s).count();
            lines.push(Line::styled(
                format!(
                    "left: {} E · {} W · {} fixable",
                    count(Severity::Error),
                    count(Severity::Warning),
                    super::fixable(&a.findings)
                ),
                theme.text,
            ));
            lines.push(Line::styled(
                format!(
                    "rows {}→{} · columns {}→{}",
                    self.data.raw.n_rows(),
                    a.rows,
                    self.data.raw.headers.len(),
                    a.columns
                ),
                theme.dim,
            ));
        }
        lines.push(Line::styled("CV accuracy (logistic):", theme.dim));
        lines.push(match &self.raw_score {
            Some(s) => Line::styled(
                format!("raw   {:.3} ({} columns)", s.accuracy, s.features.len()),
                theme.warn,
            ),
            None => Line::styled("raw   ⟳", theme.dim),
        });
        lines.push(if self.training() {
            Line::styled("fixed ⟳ training…", theme.accent)
        } else {
            match (self.fixed_score(), &self.trained) {
                (Some(s), _) => Line::styled(
                    format!("fixed {:.3} ({} columns)", s.accuracy, s.features.len()),
                    theme.title,
                ),
                (None, Some(_)) => Line::styled("fixed changed: press t", theme.warn),
                (None, None) => Line::styled("fixed press t to train", theme.text),
            }
        });
        if let Some(how) = &self.met {
            lines.push(Line::styled(format!("✓ {how}"), theme.good));
        }
        if let Some((raw, fixed)) = &self.test {
            lines.push(Line::styled(
                format!(
                    "Test, scored once: raw {:.3} · fixed {:.3} ({} rows)",
                    raw.accuracy, fixed.accuracy, fixed.rows
                ),
                theme.accent,
            ));
        }
        Paragraph::new(lines)
            .wrap(Wrap { trim: true })
            .block(
                Block::bordered()
                    .title(" Fix and score ")
                    .border_style(theme.dim),
            )
            .render(area, buf);
    }
}
