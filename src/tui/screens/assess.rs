//! Self-assessment: choose a skill with ↑/↓, set its level with ←/→; the scale with
//! each level's name and the chosen level's description are shown while choosing.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget, Wrap};

use super::{scroll_for, wrapped_rows};
use crate::skills::MAX_LEVEL;
use crate::tui::app::App;
use crate::tui::career::{AssessState, EVIDENCE_KINDS, EvidenceForm};
use crate::tui::widgets::levels::pad;

pub fn render(app: &App, state: &AssessState, area: Rect, buf: &mut Buffer) {
    let theme = &app.theme;
    let [list_area, detail_area] = area.layout(&Layout::horizontal([
        Constraint::Percentage(50),
        Constraint::Percentage(50),
    ]));
    let rated = state
        .skills
        .iter()
        .filter(|s| app.progress.self_level(s).is_some())
        .count();
    let inner_width = list_area.width.saturating_sub(2) as usize;
    // "▶ " + name + " " + "3" + "⌃" (the rating counts for less: see the detail)
    let name_width = inner_width.saturating_sub(2 + 3).max(4);
    let statuses = app.skill_statuses();
    let capped = |id: &str| {
        statuses
            .iter()
            .any(|s| s.id == id && s.capped_note().is_some())
    };
    let lines: Vec<Line> = state
        .skills
        .iter()
        .enumerate()
        .map(|(i, id)| {
            let sel = i == state.selected;
            let name = app
                .catalog
                .skill(id)
                .map_or(id.as_str(), |s| s.name.as_str());
            let level = app
                .progress
                .self_level(id)
                .map_or("–".to_string(), |l| l.to_string());
            Line::from(vec![
                Span::styled(if sel { "▶ " } else { "  " }, theme.accent),
                Span::styled(
                    pad(name, name_width),
                    if sel { theme.selected } else { theme.text },
                ),
                Span::raw(format!(" {level}")),
                Span::styled(if capped(id) { "⌃" } else { "" }, theme.warn),
            ])
        })
        .collect();
    let height = list_area.height.saturating_sub(2) as usize;
    Paragraph::new(lines)
        .scroll((scroll_for(state.selected, height) as u16, 0))
        .block(
            Block::bordered()
                .title(format!(" Rate yourself · {rated}/{} ", state.skills.len()))
                .border_style(theme.dim),
        )
        .render(list_area, buf);

    let mut detail = Vec::new();
    if let Some(id) = state.skills.get(state.selected) {
        let current = app.progress.self_level(id);
        if let Some(skill) = app.catalog.skill(id) {
            detail.push(Line::styled(skill.name.clone(), theme.title));
            detail.push(Line::raw(skill.description.clone()));
        }
        let status = statuses.iter().find(|s| &s.id == id);
        let observed = status.map_or(0, |s| s.observed);
        detail.push(Line::styled(
            format!(
                "Lessons show: {observed} {}",
                app.catalog.level_name(observed)
            ),
            theme.dim,
        ));
        for claim in status.iter().flat_map(|s| &s.claims) {
            detail.push(Line::styled(format!("◇ {}", claim.label()), theme.dim));
        }
        let capped_note = status
            .and_then(|s| s.capped_note())
            .map(|note| Line::styled(format!("⌃ {note}."), theme.warn));
        detail.push(Line::default());
        if let Some(form) = &state.form {
            detail.extend(capped_note.clone());
            detail.extend(form_lines(app, form));
            Paragraph::new(detail)
                .wrap(Wrap { trim: true })
                .block(
                    Block::bordered()
                        .title(" Outside evidence · your claim ")
                        .border_style(theme.accent),
                )
                .render(detail_area, buf);
            return;
        }
        let description = |level: u8| {
            app.catalog
                .levels
                .iter()
                .find(|l| l.level == level)
                .map_or(String::new(), |l| l.description.clone())
        };
        let scale_line = |level: u8, with_description: bool| {
            let on = current == Some(level);
            let mut spans = vec![
                Span::styled(if on { "▶ " } else { "  " }, theme.accent),
                Span::styled(
                    format!("{level} {}", app.catalog.level_name(level)),
                    if on { theme.selected } else { theme.title },
                ),
            ];
            if with_description {
                spans.push(Span::raw(format!(": {}", description(level))));
            }
            Line::from(spans)
        };
        // Every level with its description when that fits; otherwise the names, and
        // the description of the level chosen.
        let inner = Rect {
            width: detail_area.width.saturating_sub(2),
            height: detail_area.height.saturating_sub(2),
            ..detail_area
        };
        let full: Vec<Line> = (0..=MAX_LEVEL).map(|l| scale_line(l, true)).collect();
        let note_rows = capped_note.as_ref().map_or(0, |n| {
            1 + wrapped_rows(std::slice::from_ref(n), inner.width)
        });
        let rows =
            wrapped_rows(&detail, inner.width) + wrapped_rows(&full, inner.width) + note_rows;
        if rows <= inner.height as usize {
            detail.extend(full);
        } else {
            detail.extend((0..=MAX_LEVEL).map(|l| scale_line(l, false)));
            detail.push(Line::default());
            detail.push(match current {
                Some(level) => Line::styled(
                    format!(
                        "{level} {}: {}",
                        app.catalog.level_name(level),
                        description(level)
                    ),
                    theme.accent,
                ),
                None => Line::styled("Not rated yet: → starts at 1, ← sets 0.", theme.dim),
            });
        }
        if let Some(note) = capped_note {
            detail.push(Line::default());
            detail.push(note);
        }
    }
    Paragraph::new(detail)
        .wrap(Wrap { trim: true })
        .block(
            Block::bordered()
                .title(" ←/→ sets the level · e adds evidence ")
                .border_style(theme.dim),
        )
        .render(detail_area, buf);
}

/// The evidence form: what it was (↑/↓) and the level it shows (←/→).
fn form_lines(app: &App, form: &EvidenceForm) -> Vec<Line<'static>> {
    let theme = &app.theme;
    let mut lines = vec![Line::styled("What was it? (↑/↓)", theme.title)];
    for (i, kind) in EVIDENCE_KINDS.iter().enumerate() {
        let on = i == form.kind;
        lines.push(Line::from(vec![
            Span::styled(if on { "▶ " } else { "  " }, theme.accent),
            Span::styled(
                kind.to_string(),
                if on { theme.selected } else { theme.text },
            ),
        ]));
    }
    lines.push(Line::default());
    lines.push(Line::styled(
        format!(
            "Level it shows (←/→): {} {}",
            form.level,
            app.catalog.level_name(form.level)
        ),
        theme.title,
    ));
    lines.push(Line::default());
    lines.push(Line::styled(
        "Enter saves it as your claim; it counts up to its level and is always shown as yours. \
         Add a text, link or date with `mlpath skills evidence add`.",
        theme.dim,
    ));
    lines
}
