//! The label-noise lab's view: the flips and the accuracies on the left (clean, noisy,
//! after the fixes; the ranking's precision and recall against the planted flips), the
//! ranked suspects on the right.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Padding, Paragraph, Widget, Wrap};

use super::{LabelNoiseLab, Run};
use crate::draw::theme::Theme;

/// A share as a whole percentage.
fn percent(share: f64) -> String {
    format!("{:.0} %", share * 100.0)
}

fn ratio(part: usize, whole: usize) -> String {
    if whole == 0 {
        "–".to_string()
    } else {
        format!("{:.2}", part as f64 / whole as f64)
    }
}

impl LabelNoiseLab {
    fn noise_kind(&self) -> String {
        match self.flip_class {
            Some(c) => {
                let classes = &self.data.classes;
                let to = if classes.len() == 2 {
                    classes[1 - c].as_str()
                } else {
                    "another class"
                };
                format!("systematic: {} → {to}", classes[c])
            }
            None => "symmetric: any row, either way".to_string(),
        }
    }

    pub(super) fn render_numbers(&self, area: Rect, buf: &mut Buffer, theme: &Theme) {
        let n = self.truth.len();
        let planted = self.flipped.rows.len();
        let accuracy = |run: Option<&Run>| {
            run.map_or_else(|| "…".to_string(), |r| format!("{:.3}", r.test_accuracy))
        };
        let now = match &self.last {
            Some(run) if self.noisy.as_ref() != Some(run) => {
                format!(" · now {}", accuracy(Some(run)))
            }
            _ => String::new(),
        };
        let mut lines = vec![
            Line::from(vec![
                Span::raw("flipped "),
                Span::styled(
                    format!("{} = {planted} of {n}", percent(self.share)),
                    theme.title,
                ),
                Span::styled(
                    if self.share + 1e-9 >= self.spec.flip_share {
                        " (←/→)".to_string()
                    } else {
                        format!(" goal at ≥ {}", percent(self.spec.flip_share))
                    },
                    theme.dim,
                ),
            ]),
            Line::styled(self.noise_kind(), theme.dim),
            Line::styled(
                format!("test accuracy, {} true labels:", self.data.split.test.len()),
                theme.dim,
            ),
            Line::styled(
                format!(
                    "clean {} · noisy {}{now}",
                    accuracy(self.clean.as_ref()),
                    accuracy(self.noisy.as_ref())
                ),
                theme.title,
            ),
        ];
        if let Some(run) = &self.last {
            lines.push(Line::styled(
                format!("cv on the labels in force {:.3}", run.cv_accuracy),
                theme.dim,
            ));
        }
        if self.suspects.is_some() {
            let (k, hits) = (self.k(), self.hits());
            lines.push(Line::raw(format!(
                "top k = {k}: {hits} planted, precision {}",
                ratio(hits, k)
            )));
            lines.push(Line::raw(format!(
                "found {hits} of {planted} flips, recall {}",
                ratio(hits, planted)
            )));
        }
        if !self.fixes.is_empty() {
            let (undone, wrong) = self.fix_counts();
            lines.push(Line::raw(format!(
                "fixed {}: {undone} flips undone, {wrong} now wrong",
                self.fixes.len()
            )));
        }
        if self.job.is_some() {
            lines.push(Line::styled("⟳ working…", theme.accent));
        } else if self.stale() {
            lines.push(Line::styled("Labels changed: t trains.", theme.warn));
        }
        if let Some(e) = &self.error {
            lines.push(Line::styled(e.clone(), theme.bad));
        }
        if self.met.is_some() {
            lines.push(Line::styled("✓ goal met", theme.good));
        }
        Paragraph::new(lines)
            .wrap(Wrap { trim: true })
            .block(
                Block::bordered()
                    .title(" Labels ")
                    .border_style(theme.dim)
                    .padding(Padding::right(1)),
            )
            .render(area, buf);
    }

    pub(super) fn render_suspects(&self, area: Rect, buf: &mut Buffer, theme: &Theme) {
        let block = Block::bordered()
            .title(" Suspects ")
            .border_style(theme.dim)
            .padding(Padding::right(1));
        let Some(suspects) = &self.suspects else {
            let hint = format!(
                "f ranks the training rows whose label looks wrong: confident learning \
                 on {}-fold out-of-sample probabilities.",
                crate::ml::models::FOLDS
            );
            Paragraph::new(Line::styled(hint, theme.dim))
                .wrap(Wrap { trim: true })
                .block(block)
                .render(area, buf);
            return;
        };
        let mut lines = vec![Line::styled(
            if self.suspects_stale() {
                "found with other flips: press f".to_string()
            } else {
                format!("{} found, lowest p(given) first", suspects.issues.len())
            },
            theme.dim,
        )];
        let height = area.height.saturating_sub(3) as usize;
        let first = self.cursor.saturating_sub(height.saturating_sub(1));
        let classes = &self.data.classes;
        for (i, issue) in suspects.issues.iter().enumerate().skip(first).take(height) {
            let cursor = i == self.cursor;
            let mark = match self.fixes.get(&issue.index) {
                None => "[ ]",
                Some(&c) if c == self.truth[issue.index] => "[✓]",
                Some(_) => "[✗]",
            };
            let row = self.data.split.train[issue.index];
            lines.push(Line::from(vec![
                Span::styled(if cursor { "▶" } else { " " }, theme.accent),
                Span::raw(format!("{mark} {row:>3} ")),
                Span::styled(
                    format!(
                        "{}→{} {:.2}",
                        classes[issue.given], classes[issue.suggested], issue.quality
                    ),
                    if cursor { theme.selected } else { theme.text },
                ),
            ]));
        }
        Paragraph::new(lines).block(block).render(area, buf);
    }
}
