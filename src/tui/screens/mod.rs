//! One file per screen; each draws from the app state and nothing else.

pub mod assess;
pub mod home;
pub mod lesson;
pub mod problems;
pub mod review;
pub mod role;
pub mod roles;
pub mod skills;
pub mod track;

use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use crate::progress::Status;
use crate::draw::theme::Theme;

/// A status mark that reads without colour (the legend explains it).
pub fn status_mark(status: Status, theme: &Theme) -> Span<'static> {
    match status {
        Status::Done => Span::styled("✓", theme.good),
        Status::InProgress => Span::styled("◐", theme.accent),
        Status::NotStarted => Span::styled("○", theme.dim),
    }
}

/// Keeps the selected row visible in a list of `len` rows shown `height` at a time.
pub fn scroll_for(selected: usize, height: usize) -> usize {
    if height == 0 {
        0
    } else {
        selected.saturating_sub(height - 1)
    }
}

/// Rows `lines` take when wrapped at `width` (an empty line takes one).
pub fn wrapped_rows(lines: &[Line<'_>], width: u16) -> usize {
    lines
        .iter()
        .map(|l| {
            Paragraph::new(l.clone())
                .wrap(Wrap { trim: false })
                .line_count(width)
                .max(1)
        })
        .sum()
}

/// The legend for [`status_mark`].
pub const STATUS_LEGEND: &str = "✓ done ◐ started ○ new ⚠ needs prerequisites";
