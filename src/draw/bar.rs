//! A text progress bar that reads without colour: `███░░░░ 3/7`.

use ratatui::text::{Line, Span};

use crate::draw::theme::Theme;

/// `width` cells of bar for `done` of `total`, followed by the count.
pub fn bar(done: usize, total: usize, width: usize, theme: &Theme) -> Line<'static> {
    let ratio = if total == 0 {
        0.0
    } else {
        (done as f64 / total as f64).clamp(0.0, 1.0)
    };
    let filled = (ratio * width as f64).round() as usize;
    Line::from(vec![
        Span::styled("█".repeat(filled), theme.bar_filled),
        Span::styled("░".repeat(width - filled), theme.bar_empty),
        Span::raw(format!(" {done}/{total}")),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(l: &Line) -> String {
        l.spans.iter().map(|s| s.content.as_ref()).collect()
    }

    #[test]
    fn bars_fill_in_proportion_and_survive_empty_totals() {
        let t = Theme::mono();
        assert_eq!(text(&bar(1, 4, 8, &t)), "██░░░░░░ 1/4");
        assert_eq!(text(&bar(0, 0, 4, &t)), "░░░░ 0/0");
        assert_eq!(text(&bar(9, 3, 4, &t)), "████ 9/3");
    }
}
