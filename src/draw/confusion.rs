//! A confusion matrix that reads without colour: rows are the actual class, columns
//! the predicted one, every cell shows its count, and a shade (░ ▒ ▓ █) shows the
//! cell's share of its row.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use crate::draw::shorten;
use crate::draw::theme::Theme;

pub struct ConfusionMatrix<'a> {
    pub labels: &'a [String],
    /// `matrix[actual][predicted]`.
    pub matrix: &'a [Vec<u64>],
    /// For binary matrices: the names of the four cells (`TP`, `FN`...), row by row.
    pub tags: Option<[[&'a str; 2]; 2]>,
    pub theme: &'a Theme,
}

/// The shade for a share of a row.
pub fn shade(share: f64) -> char {
    match share {
        s if s.is_nan() || s <= 0.0 => ' ',
        s if s < 0.25 => '░',
        s if s < 0.5 => '▒',
        s if s < 0.75 => '▓',
        _ => '█',
    }
}

impl ConfusionMatrix<'_> {
    /// The lines of the widget, also used by plain-text output.
    pub fn lines(&self) -> Vec<Line<'static>> {
        self.lines_within(usize::MAX)
    }

    /// The lines, laid out to fit `width` columns where they can: first the "actual ↓"
    /// lead moves into the header line, then cells and labels narrow; a label that no
    /// longer fits ends in "…", so nothing is cut without a mark.
    pub fn lines_within(&self, width: usize) -> Vec<Line<'static>> {
        let theme = self.theme;
        let n = self.labels.len();
        let mut label_w = self
            .labels
            .iter()
            .map(|l| l.chars().count())
            .max()
            .unwrap_or(1)
            .clamp(6, 14);
        let max_count = self.matrix.iter().flatten().copied().max().unwrap_or(0);
        let tag_w = if self.tags.is_some() { 3 } else { 0 };
        let count_w = max_count.to_string().len() + tag_w + 2;
        let mut cell_w = (count_w + 2).max(label_w.min(10)).max(7);
        let mut lead_w = 9;
        let total = |lead: usize, label: usize, cell: usize| lead + label + n * (cell + 1);
        if total(lead_w, label_w, cell_w) > width {
            lead_w = 0;
        }
        while total(lead_w, label_w, cell_w) > width && cell_w > count_w.max(5) {
            cell_w -= 1;
        }
        while total(lead_w, label_w, cell_w) > width && label_w > 4 {
            label_w -= 1;
        }
        let fit = |s: &str, w: usize| -> String {
            let s = shorten(s, w);
            format!("{s:^w$}")
        };
        let mut lines = Vec::new();
        let indent = " ".repeat(label_w + lead_w);
        lines.push(Line::from(if lead_w == 0 {
            vec![Span::styled("actual ↓ · predicted →", theme.dim)]
        } else {
            vec![
                Span::raw(indent.clone()),
                Span::styled("predicted →", theme.dim),
            ]
        }));
        let mut header = vec![Span::raw(indent)];
        for l in self.labels {
            header.push(Span::styled(fit(l, cell_w), theme.title));
            header.push(Span::raw(" "));
        }
        lines.push(Line::from(header));
        for (r, row) in self.matrix.iter().enumerate().take(n) {
            let total: u64 = row.iter().sum();
            let lead = match (lead_w, r) {
                (0, _) => "",
                (_, 0) => "actual ↓ ",
                _ => "         ",
            };
            let mut spans = vec![
                Span::styled(lead, theme.dim),
                Span::styled(
                    format!("{:>label_w$}", fit(&self.labels[r], label_w).trim()),
                    theme.title,
                ),
            ];
            for (c, &count) in row.iter().enumerate().take(n) {
                let share = if total == 0 {
                    0.0
                } else {
                    count as f64 / total as f64
                };
                let fill = shade(share);
                let tag = self
                    .tags
                    .and_then(|t| t.get(r).and_then(|row| row.get(c)).copied());
                let text = match tag {
                    Some(t) => format!(" {t} {count} "),
                    None => format!(" {count} "),
                };
                let pad = cell_w.saturating_sub(text.chars().count());
                let left = pad / 2;
                let cell = format!(
                    "{}{}{}",
                    fill.to_string().repeat(left),
                    text,
                    fill.to_string().repeat(pad - left)
                );
                let style = if r == c { theme.good } else { theme.text };
                spans.push(Span::raw(" "));
                spans.push(Span::styled(cell, style));
            }
            lines.push(Line::from(spans));
        }
        let legend = "row share: ░ <25% ▒ <50% ▓ <75% █ ≥75%";
        let short = "░ <25% ▒ <50% ▓ <75% █ of row";
        lines.push(Line::styled(
            if legend.chars().count() <= width {
                legend
            } else {
                short
            },
            theme.dim,
        ));
        lines
    }
}

impl Widget for &ConfusionMatrix<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        for (i, line) in self
            .lines_within(area.width as usize)
            .into_iter()
            .enumerate()
        {
            if i as u16 >= area.height {
                break;
            }
            line.render(
                Rect {
                    y: area.y + i as u16,
                    height: 1,
                    ..area
                },
                buf,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_shades_read_without_colour() {
        let labels = vec!["malignant".to_string(), "benign".to_string()];
        let matrix = vec![vec![50, 3], vec![2, 88]];
        let theme = Theme::mono();
        let cm = ConfusionMatrix {
            labels: &labels,
            matrix: &matrix,
            tags: Some([["TP", "FN"], ["FP", "TN"]]),
            theme: &theme,
        };
        let text: Vec<String> = cm
            .lines()
            .iter()
            .map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect())
            .collect();
        assert!(
            text[2].contains("TP 50") && text[2].contains('█'),
            "{}",
            text[2]
        );
        assert!(
            text[2].contains("FN 3") && text[2].contains('░'),
            "{}",
            text[2]
        );
        assert!(text[3].contains("TN 88"), "{}", text[3]);
        assert!(text[0].contains("predicted"));
        assert!(text[2].starts_with("actual"));
    }

    #[test]
    fn narrow_widths_keep_every_count_and_mark_cut_labels() {
        let labels: Vec<String> = ["setosa", "versicolor", "virginica"]
            .map(String::from)
            .to_vec();
        let matrix = vec![vec![13, 0, 0], vec![0, 12, 1], vec![0, 1, 12]];
        let theme = Theme::mono();
        let cm = ConfusionMatrix {
            labels: &labels,
            matrix: &matrix,
            tags: None,
            theme: &theme,
        };
        let width = |lines: &[Line]| lines.iter().map(|l| l.width()).max().unwrap();
        assert!(width(&cm.lines()) > 46);
        for w in [46, 40, 34] {
            let lines = cm.lines_within(w);
            assert!(width(&lines) <= w, "{w}: {}", width(&lines));
            let text: String = lines
                .iter()
                .flat_map(|l| l.spans.iter().map(|s| s.content.to_string()))
                .collect();
            for count in [" 13 ", " 12 ", " 1 "] {
                assert!(text.contains(count), "{w}: {text}");
            }
        }
        let tight: String = cm.lines_within(34)[1]
            .spans
            .iter()
            .map(|s| s.content.to_string())
            .collect();
        assert!(tight.contains('…'), "{tight}");
    }

    #[test]
    fn shade_steps() {
        assert_eq!(shade(0.0), ' ');
        assert_eq!(shade(f64::NAN), ' ');
        assert_eq!(shade(0.1), '░');
        assert_eq!(shade(0.3), '▒');
        assert_eq!(shade(0.6), '▓');
        assert_eq!(shade(0.9), '█');
    }
}
