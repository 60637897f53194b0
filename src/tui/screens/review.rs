//! The review screen: the due item's quiz as in its lesson, then how it was rated
//! and when it comes back; a summary when nothing is left.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget, Wrap};

use crate::skills::review::Rating;
use crate::tui::app::App;
use crate::tui::review::ReviewSession;
use crate::tui::screens::lesson::render_quiz;

pub fn render(app: &App, session: &ReviewSession, area: Rect, buf: &mut Buffer) {
    let theme = &app.theme;
    let Some(view) = &session.view else {
        let mut lines = Vec::new();
        if session.queue.is_empty() {
            lines.push(Line::styled("Nothing is due for review now.", theme.title));
            lines.push(Line::default());
            lines.push(Line::raw(
                "Every quiz you answer in a lesson comes back here when you are about to forget it.",
            ));
        } else {
            lines.push(Line::styled(
                format!("✓ Review done: {} item(s) answered.", session.answered),
                theme.good,
            ));
        }
        if let Some(next) = crate::skills::review::items(&app.progress)
            .into_iter()
            .find(|i| i.due > (app.clock)())
        {
            lines.push(Line::default());
            lines.push(Line::raw(format!("Next item due: {}", day(&next.card.due))));
        }
        lines.push(Line::default());
        lines.push(Line::styled("Esc goes back.", theme.accent));
        Paragraph::new(lines)
            .wrap(Wrap { trim: true })
            .block(Block::bordered().title(" Review ").border_style(theme.dim))
            .render(area, buf);
        return;
    };
    let Some(lesson) = view.lesson(session.item_catalog(&app.catalog)) else {
        return;
    };
    let Some(step) = lesson.steps.get(view.step) else {
        return;
    };
    let [top, body] = area.layout(&Layout::vertical([
        Constraint::Length(2),
        Constraint::Min(1),
    ]));
    let status = match &session.outcome {
        None if session.practice => Line::styled(
            "Practice: one try; your review schedule does not change.",
            theme.dim,
        ),
        None => Line::styled("One try; hints make it count as Hard.", theme.dim),
        Some(o) => {
            let (mark, style) = match o.rating {
                Rating::Again => ("✗ Rated Again", theme.bad),
                _ => ("✓ Rated", theme.good),
            };
            let rating = if o.rating == Rating::Again {
                String::new()
            } else {
                format!(" {}", o.rating.name())
            };
            let next = if session.practice {
                "; practice, the schedule is unchanged. Enter: next.".to_string()
            } else {
                format!("; back on {}. Enter: next.", day(&o.due))
            };
            Line::from(vec![
                Span::styled(format!("{mark}{rating}"), style),
                Span::raw(next),
            ])
        }
    };
    Paragraph::new(vec![
        Line::from(vec![
            Span::styled(
                format!(
                    "{} {} of {}",
                    if session.practice {
                        "Practice"
                    } else {
                        "Review"
                    },
                    (session.index + 1).min(session.queue.len()),
                    session.queue.len()
                ),
                theme.title,
            ),
            Span::styled(format!("  {}", lesson.title), theme.dim),
        ]),
        status,
    ])
    .render(top, buf);
    render_quiz(step, view, theme, body, buf);
}

/// The date part of an RFC 3339 timestamp.
fn day(stamp: &str) -> &str {
    stamp.get(..10).unwrap_or(stamp)
}
