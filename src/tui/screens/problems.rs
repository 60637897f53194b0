//! Problems found while loading lessons, one per line with file:line:col.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph, Widget, Wrap};

use crate::tui::app::App;

pub fn render(app: &App, scroll: usize, area: Rect, buf: &mut Buffer) {
    let theme = &app.theme;
    let mut lines = vec![
        Line::raw(
            "These lesson files could not be loaded; everything else works. Fix them and run `mlpath lessons check DIR`.",
        ),
        Line::default(),
    ];
    for p in &app.catalog.problems {
        lines.push(Line::styled(
            format!("{}:{}:{}", p.path, p.line, p.col),
            theme.warn,
        ));
        lines.push(Line::raw(format!("  {}", p.message)));
    }
    let title = format!(" {} problem(s) ", app.catalog.problems.len());
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .scroll(((scroll * 2) as u16, 0))
        .block(Block::bordered().title(title).border_style(theme.dim))
        .render(area, buf);
}
