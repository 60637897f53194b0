//! A track: its lessons with status marks and prerequisites.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget, Wrap};

use super::{STATUS_LEGEND, scroll_for, status_mark};
use crate::tui::app::App;

pub fn render(app: &App, track: usize, selected: usize, area: Rect, buf: &mut Buffer) {
    let theme = &app.theme;
    let track = &app.catalog.tracks[track];
    let [list_area, detail_area] = area.layout(&Layout::horizontal([
        Constraint::Percentage(55),
        Constraint::Percentage(45),
    ]));
    let lines: Vec<Line> = track
        .lessons
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let sel = i == selected;
            let mut spans = vec![
                Span::styled(if sel { "▶ " } else { "  " }, theme.accent),
                status_mark(app.progress.status(&l.id), theme),
                Span::raw(" "),
                Span::styled(
                    l.title.clone(),
                    if sel { theme.selected } else { theme.text },
                ),
            ];
            if !app.missing_prerequisites(l).is_empty() {
                spans.push(Span::styled(" ⚠", theme.warn));
            }
            Line::from(spans)
        })
        .collect();
    let height = list_area.height.saturating_sub(2) as usize;
    Paragraph::new(lines)
        .scroll((scroll_for(selected, height) as u16, 0))
        .block(
            Block::bordered()
                .title(format!(" {} ", track.title))
                .title_bottom(Line::styled(format!(" {STATUS_LEGEND} "), theme.dim))
                .border_style(theme.dim),
        )
        .render(list_area, buf);

    let Some(lesson) = track.lessons.get(selected) else {
        return;
    };
    let mut detail = vec![
        Line::styled(lesson.title.clone(), theme.title),
        Line::raw(lesson.summary.clone()),
        Line::default(),
        Line::styled(
            format!(
                "{} min · {} · {} steps, {} quizzes",
                lesson.minutes,
                lesson.level.name(),
                lesson.steps.len(),
                lesson.quiz_count()
            ),
            theme.dim,
        ),
    ];
    if !lesson.skills.is_empty() {
        let skills: Vec<String> = lesson
            .skills
            .iter()
            .map(|(id, lvl)| {
                let name = app.catalog.skill(id).map(|s| s.name.as_str()).unwrap_or(id);
                format!("{name} ({})", app.catalog.level_name(*lvl))
            })
            .collect();
        detail.push(Line::raw(format!("Skills: {}", skills.join(", "))));
    }
    if !lesson.requires.is_empty() {
        detail.push(Line::default());
        detail.push(Line::raw("Take first:"));
        for r in &lesson.requires {
            let title = app.catalog.lesson(r).map(|l| l.title.as_str()).unwrap_or(r);
            let done = app.progress.status(r) == crate::progress::Status::Done;
            detail.push(Line::from(vec![
                Span::styled(
                    if done { "  ✓ " } else { "  ✗ " },
                    if done { theme.good } else { theme.warn },
                ),
                Span::raw(format!(
                    "{title}{}",
                    if done { "" } else { " (not done yet)" }
                )),
            ]));
        }
        if !app.missing_prerequisites(lesson).is_empty() {
            detail.push(Line::styled("You can still open this lesson.", theme.dim));
        }
    }
    Paragraph::new(detail)
        .wrap(Wrap { trim: true })
        .block(Block::bordered().border_style(theme.dim))
        .render(detail_area, buf);
}
