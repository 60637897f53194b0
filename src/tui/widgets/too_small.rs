//! Shown instead of the app when the terminal is smaller than the app needs.

use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Widget, Wrap};

use crate::draw::theme::Theme;

pub fn render(area: Rect, buf: &mut Buffer, min_w: u16, min_h: u16, theme: &Theme) {
    let lines = vec![
        Line::styled("Terminal too small", theme.title),
        Line::raw(format!(
            "need {min_w}×{min_h}, have {}×{}",
            area.width, area.height
        )),
        Line::raw("Enlarge the window, or press q to quit."),
    ];
    let top = area.height.saturating_sub(3) / 2;
    let inner = Rect {
        y: area.y + top,
        height: area.height - top,
        ..area
    };
    Paragraph::new(lines)
        .alignment(Alignment::Center)
        .wrap(Wrap { trim: true })
        .render(inner, buf);
}
