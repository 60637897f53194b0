//! The label-noise lab's view: the flips and the accuracies on the left (clean, noisy,
//! after the fixes; the ranking's precision and recall against the planted flips), the
//! ranked suspects on the right.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget, Wrap};

use super::{LabelNoiseLab, Run};
use crate::draw::theme::Theme;
use crate::ml::data::flip_count;

/// A share as a percentage with one decimal when it needs one.
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
                format!("only {} → {to}", classes[c])
            }
            None => "any row, to another class".to_string(),
        }
    }

    fn accuracy_line<'a>(&self, name: &'a str, run: Option<&Run>, theme: &Theme) -> Line<'a> {
        let value = run.map_or_else(|| "…".to_string(), |r| format!("{:.3}", r.test_accuracy));
        let cv = run.map_or_else(String::new, |r| format!("   cv {:.3}", r.cv_accuracy));
        Line::from(vec![
            Span::raw(format!("  {name:<8}")),
            Span::styled(value, theme.title),
            Span::styled(cv, theme.dim),
        ])
    }

    pub(super) fn render_numbers(&self, area: Rect, buf: &mut Buffer, theme: &Theme) {
        let n = self.truth.len();
        let planted = self.flipped.rows.len();
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
            Line::styled(format!("training labels: {}", self.noise_kind()), theme.dim),
            Line::styled(
                format!("test accuracy ({} true labels)", self.data.split.test.len()),
                theme.dim,
            ),
            self.accuracy_line("clean", self.clean.as_ref(), theme),
            self.accuracy_line("noisy", self.noisy.as_ref(), theme),
            self.accuracy_line("last run", self.last.as_ref(), theme),
        ];
        if self.job.is_some() {
            lines.push(Line::styled("⟳ working…", theme.accent));
        } else if self.stale() {
            lines.push(Line::styled(
                "Labels changed: press t to train.",
                theme.warn,
            ));
        }
        if let Some(e) = &self.error {
            lines.push(Line::styled(e.clone(), theme.bad));
        }
        if let Some(how) = &self.met {
            lines.push(Line::styled(format!("✓ {how}"), theme.good));
        }
        if self.suspects.is_some() {
            let (k, hits) = (self.k(), self.hits());
            lines.push(Line::raw(format!(
                "top k = {k}: {hits} planted, precision {}",
                ratio(hits, k)
            )));
            lines.push(Line::raw(format!(
                "flips found {hits} of {planted}, recall {}",
                ratio(hits, planted)
            )));
        }
        if !self.fixes.is_empty() {
            let (undone, wrong) = self.fix_counts();
            lines.push(Line::raw(format!(
                "fixed {}: {undone} flips undone, {wrong} labels now wrong",
                self.fixes.len()
            )));
        }
        Paragraph::new(lines)
            .wrap(Wrap { trim: true })
            .block(Block::bordered().title(" Labels ").border_style(theme.dim))
            .render(area, buf);
    }

    pub(super) fn render_suspects(&self, area: Rect, buf: &mut Buffer, theme: &Theme) {
        let block = Block::bordered()
            .title(" Suspects ")
            .border_style(theme.dim);
        let Some(suspects) = &self.suspects else {
            let hint = format!(
                "Press f: confident learning ranks the training rows whose label looks \
                 wrong, from {}-fold out-of-sample probabilities. Expect about {} flips.",
                crate::ml::models::FOLDS,
                flip_count(self.truth.len(), self.share).min(self.flipped.rows.len())
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
                format!("{} found · p(given) ↑", suspects.issues.len())
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
