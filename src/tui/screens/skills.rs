//! The skills map: every skill with its evidence bar, the self-rating marker, the
//! current level and notes; the selected skill's details and the lessons teaching it.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget, Wrap};

use super::{scroll_for, status_mark};
use crate::tui::app::App;
use crate::tui::widgets::levels::{evidence_bar, pad};

pub const LEGEND: &str = "█ evidence  ◆ your rating  ↓ rusty  ≠ mismatch";

pub fn render(app: &App, selected: usize, area: Rect, buf: &mut Buffer) {
    let theme = &app.theme;
    let skills = app.skill_statuses();
    let [panes, legend] = area.layout(&Layout::vertical([
        Constraint::Min(1),
        Constraint::Length(1),
    ]));
    let [list_area, detail_area] = panes.layout(&Layout::horizontal([
        Constraint::Percentage(55),
        Constraint::Percentage(45),
    ]));
    Line::styled(format!(" {LEGEND}"), theme.dim).render(legend, buf);

    // "▶ " + name + " " + bar(5) + " " + level + flags(2), inside the borders.
    let inner_width = list_area.width.saturating_sub(2) as usize;
    let name_width = inner_width.saturating_sub(2 + 1 + 5 + 2 + 3).max(4);
    let lines: Vec<Line> = skills
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let sel = i == selected;
            let flags = format!(
                "{}{}",
                if s.rusty { "↓" } else { "" },
                if s.mismatch.is_some() { "≠" } else { "" }
            );
            Line::from(vec![
                Span::styled(if sel { "▶ " } else { "  " }, theme.accent),
                Span::styled(
                    pad(&s.name, name_width),
                    if sel { theme.selected } else { theme.text },
                ),
                Span::raw(" "),
                Span::styled(evidence_bar(s.evidence, s.self_level), theme.bar_filled),
                Span::raw(format!(" {}", s.current)),
                Span::styled(format!(" {flags}"), theme.warn),
            ])
        })
        .collect();
    let height = list_area.height.saturating_sub(2) as usize;
    Paragraph::new(lines)
        .scroll((scroll_for(selected, height) as u16, 0))
        .block(
            Block::bordered()
                .title(" Skills map · level now ")
                .border_style(theme.dim),
        )
        .render(list_area, buf);

    let mut detail = Vec::new();
    if let Some(s) = skills.get(selected) {
        let level = |l: u8| format!("{l} {}", app.catalog.level_name(l));
        detail.push(Line::styled(s.name.clone(), theme.title));
        if let Some(skill) = app.catalog.skill(&s.id) {
            detail.push(Line::raw(skill.description.clone()));
        }
        detail.push(Line::default());
        detail.push(Line::raw(format!("Lessons show: {}", level(s.observed))));
        if !s.claims.is_empty() {
            detail.push(Line::raw("Your outside evidence (your claims):"));
            for claim in &s.claims {
                detail.push(Line::raw(format!("- {}", claim.label())));
            }
        }
        detail.push(Line::raw(match s.self_level {
            Some(l) => format!("You rate yourself: {}", level(l)),
            None => "You rate yourself: not rated".to_string(),
        }));
        detail.push(Line::styled(
            format!("Level now: {}", level(s.current)),
            theme.title,
        ));
        if let Some(note) = s.capped_note() {
            detail.push(Line::styled(format!("⌃ {note}."), theme.warn));
        }
        if s.rusty {
            detail.push(Line::styled(
                "↓ Rusty: your reviews of it keep failing, so it counts one level lower. Review the due items.",
                theme.warn,
            ));
        }
        if let Some(note) = &s.mismatch {
            detail.push(Line::styled(
                format!("≠ Mismatch: {note}. A lesson or lab would settle it."),
                theme.warn,
            ));
        }
        detail.push(Line::default());
        if s.lessons.is_empty() {
            detail.push(Line::raw("No lesson here teaches it yet. Self-study:"));
            if let Some(skill) = app.catalog.skill(&s.id) {
                for route in &skill.self_study {
                    detail.push(Line::raw(format!(
                        "- {} (level {})",
                        route.text, route.level
                    )));
                }
            }
        } else {
            detail.push(Line::raw("Lessons that teach it:"));
            for id in &s.lessons {
                let Some(lesson) = app.catalog.lesson(id) else {
                    continue;
                };
                let taught = lesson.skills.get(&s.id).copied().unwrap_or(0);
                detail.push(Line::from(vec![
                    status_mark(app.progress.status(id), theme),
                    Span::raw(format!(" {} (level {taught})", lesson.title)),
                ]));
            }
        }
    }
    Paragraph::new(detail)
        .wrap(Wrap { trim: true })
        .block(Block::bordered().border_style(theme.dim))
        .render(detail_area, buf);
}
