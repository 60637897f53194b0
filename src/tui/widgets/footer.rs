//! The footer: the keys of the current context, straight from the keymap table, led
//! by a lab's own keys when a lab is open (the same list its help section shows).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Widget, Wrap};

use crate::tui::keymap::{Context, bindings_for};
use crate::draw::theme::Theme;

/// Rows the footer needs at this width: a rule and one or two lines of keys.
pub fn height(context: Context, extra: &[(&str, &str)], width: u16) -> u16 {
    let rows = Paragraph::new(line(context, extra, &Theme::mono()))
        .wrap(Wrap { trim: true })
        .line_count(width.max(1));
    1 + (rows as u16).clamp(1, 3)
}

pub fn render(
    context: Context,
    extra: &[(&str, &str)],
    area: Rect,
    buf: &mut Buffer,
    theme: &Theme,
) {
    Paragraph::new(line(context, extra, theme))
        .wrap(Wrap { trim: true })
        .block(Block::new().borders(Borders::TOP).border_style(theme.dim))
        .render(area, buf);
}

fn line(context: Context, extra: &[(&str, &str)], theme: &Theme) -> Line<'static> {
    let mut spans = Vec::new();
    for (keys, desc) in extra {
        if !spans.is_empty() {
            spans.push(Span::raw("  "));
        }
        spans.push(Span::styled(keys.to_string(), theme.key));
        spans.push(Span::raw(format!(" {desc}")));
    }
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
