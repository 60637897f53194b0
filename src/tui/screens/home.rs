//! Home: continue where you left off, the tracks with progress bars, problems.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget, Wrap};

use crate::tui::app::{App, HomeItem};
use crate::tui::widgets::bar::bar;

pub fn render(app: &App, selected: usize, area: Rect, buf: &mut Buffer) {
    let theme = &app.theme;
    let items = app.home_items();
    let [list_area, detail_area] = area.layout(&Layout::horizontal([
        Constraint::Percentage(60),
        Constraint::Percentage(40),
    ]));
    let mut lines = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let marker = if i == selected { "▶ " } else { "  " };
        let style = if i == selected {
            theme.selected
        } else {
            theme.text
        };
        match item {
            HomeItem::Continue { lesson, fresh } => {
                let title = app
                    .catalog
                    .lesson(lesson)
                    .map(|l| l.title.as_str())
                    .unwrap_or("");
                let verb = if *fresh { "Start" } else { "Continue" };
                lines.push(Line::from(vec![
                    Span::styled(marker, theme.accent),
                    Span::styled(format!("{verb}: {title}"), style),
                ]));
                lines.push(Line::default());
            }
            HomeItem::Track(t) => {
                let track = &app.catalog.tracks[*t];
                let (done, total) = app.track_counts(*t);
                lines.push(Line::from(vec![
                    Span::styled(marker, theme.accent),
                    Span::styled(track.title.clone(), style),
                ]));
                let mut b = bar(done, total, 20, theme);
                b.spans.insert(0, Span::raw("    "));
                b.spans.push(Span::styled(" lessons done", theme.dim));
                lines.push(b);
            }
            HomeItem::Problems => {
                lines.push(Line::default());
                lines.push(Line::from(vec![
                    Span::styled(marker, theme.accent),
                    Span::styled(
                        format!(
                            "⚠ {} lesson problem(s): see what failed to load",
                            app.catalog.problems.len()
                        ),
                        if i == selected {
                            theme.selected
                        } else {
                            theme.warn
                        },
                    ),
                ]));
            }
        }
    }
    if items.is_empty() {
        lines.push(Line::raw("No lessons are loaded."));
    }
    // Keep the selection visible: each item takes about two rows.
    let sel_row = lines
        .iter()
        .position(|l| l.spans.first().is_some_and(|s| s.content == "▶ "))
        .unwrap_or(0);
    let height = list_area.height.saturating_sub(2) as usize;
    Paragraph::new(lines)
        .scroll((super::scroll_for(sel_row + 1, height) as u16, 0))
        .block(Block::bordered().title(" Learn ").border_style(theme.dim))
        .render(list_area, buf);

    let detail = match items.get(selected) {
        Some(HomeItem::Continue { lesson, fresh }) => match app.catalog.lesson(lesson) {
            Some(l) => {
                let step = app
                    .progress
                    .lesson_record(&l.id)
                    .map(|r| r.current_step + 1)
                    .unwrap_or(1);
                let mut v = vec![
                    Line::styled(l.title.clone(), theme.title),
                    Line::raw(l.summary.clone()),
                    Line::default(),
                    Line::styled(
                        format!(
                            "{} min · {} · {} steps",
                            l.minutes,
                            l.level.name(),
                            l.steps.len()
                        ),
                        theme.dim,
                    ),
                ];
                if !fresh {
                    v.push(Line::raw(format!(
                        "You are on step {step} of {}.",
                        l.steps.len()
                    )));
                }
                v.push(Line::default());
                v.push(Line::styled("Press Enter to open it.", theme.accent));
                v
            }
            None => vec![],
        },
        Some(HomeItem::Track(t)) => {
            let track = &app.catalog.tracks[*t];
            vec![
                Line::styled(track.title.clone(), theme.title),
                Line::raw(track.summary.clone()),
                Line::default(),
                Line::styled(
                    format!("{} lessons · Enter shows them", track.lessons.len()),
                    theme.dim,
                ),
            ]
        }
        Some(HomeItem::Problems) => vec![
            Line::styled("Lesson problems", theme.title),
            Line::raw(
                "Some lesson files could not be loaded. The rest of the catalog works; Enter lists each problem with its file, line and column.",
            ),
        ],
        None => vec![],
    };
    Paragraph::new(detail)
        .wrap(Wrap { trim: true })
        .block(Block::bordered().border_style(theme.dim))
        .render(detail_area, buf);
}
