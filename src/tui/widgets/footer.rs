//! The footer: the keys of the current context, straight from the keymap table.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Widget, Wrap};

use crate::tui::keymap::{Context, bindings_for};
use crate::tui::theme::Theme;

/// Rows the footer needs at this width: a rule and one or two lines of keys.
pub fn height(context: Context, width: u16) -> u16 {
    let text = line(context, &Theme::mono()).width() as u16;
    1 + if text > width { 2 } else { 1 }
}

pub fn render(context: Context, area: Rect, buf: &mut Buffer, theme: &Theme) {
    Paragraph::new(line(context, theme))
        .wrap(Wrap { trim: true })
        .block(Block::new().borders(Borders::TOP).border_style(theme.dim))
        .render(area, buf);
}

fn line(context: Context, theme: &Theme) -> Line<'static> {
    let mut spans = Vec::new();
    for b in bindings_for(context).filter(|b| b.footer) {
        if !spans.is_empty() {
            spans.push(Span::raw("  "));
        }
        spans.push(Span::styled(b.label, theme.key));
        spans.push(Span::raw(" "));
        spans.push(Span::raw(b.desc));
    }
    Line::from(spans)
}
