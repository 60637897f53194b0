//! The `?` overlay: every key of the current screen, from the same table as the footer,
//! plus a lab's own keys when a lab is open.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Widget, Wrap};

use crate::tui::app::{App, Screen};
use crate::tui::keymap::bindings_for;
use crate::tui::lesson::LabSlot;

pub fn render(app: &App, scroll: usize, area: Rect, buf: &mut Buffer) {
    let theme = &app.theme;
    let popup = area.centered(Constraint::Percentage(80), Constraint::Percentage(90));
    Clear.render(popup, buf);
    // The context under the overlay: what the keys do once help is closed.
    let under = app.screen_context();
    let mut lines = vec![
        Line::styled("Keys on this screen", theme.title),
        Line::default(),
    ];
    for b in bindings_for(under) {
        lines.push(Line::from(vec![
            Span::styled(format!("{:<8}", b.label), theme.key),
            Span::raw(b.desc),
        ]));
    }
    if let Screen::Lesson(view) = app.screen()
        && let Some(LabSlot { lab: Ok(lab), .. }) = &view.lab
    {
        lines.push(Line::default());
        lines.push(Line::styled("Lab keys", theme.title));
        for (keys, desc) in lab.keys() {
            lines.push(Line::from(vec![
                Span::styled(format!("{keys:<8}"), theme.key),
                Span::raw(desc),
            ]));
        }
    }
    lines.push(Line::default());
    lines.push(Line::styled("Esc or ? closes this help.", theme.dim));
    let max = lines.len().saturating_sub(1);
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .scroll((scroll.min(max) as u16, 0))
        .block(Block::bordered().title(" Help ").border_style(theme.accent))
        .render(popup, buf);
}
