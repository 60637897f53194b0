//! The career roles, best first, each with a readiness gauge; the selected role's
//! description, blockers and core skills.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget, Wrap};

use super::scroll_for;
use crate::tui::app::App;
use crate::tui::widgets::levels::{gauge, pad};

pub fn render(app: &App, selected: usize, area: Rect, buf: &mut Buffer) {
    let theme = &app.theme;
    let ranked = app.ranked_roles();
    let target = app.target_role();
    let [panes, legend] = area.layout(&Layout::vertical([
        Constraint::Min(1),
        Constraint::Length(1),
    ]));
    let [list_area, detail_area] = panes.layout(&Layout::horizontal([
        Constraint::Percentage(60),
        Constraint::Percentage(40),
    ]));
    Line::styled(" ✓ ready  ✗n blockers  ◎ your target", theme.dim).render(legend, buf);

    // "▶ " + name + " " + gauge(8) + " 100%" + " ✗9" + " ✓◎"
    let inner_width = list_area.width.saturating_sub(2) as usize;
    let name_width = inner_width.saturating_sub(2 + 1 + 8 + 5 + 3 + 3).max(4);
    let lines: Vec<Line> = ranked
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let sel = i == selected;
            let name = app
                .catalog
                .role(&r.role)
                .map_or(r.role.as_str(), |role| role.name.as_str());
            Line::from(vec![
                Span::styled(if sel { "▶ " } else { "  " }, theme.accent),
                Span::styled(
                    pad(name, name_width),
                    if sel { theme.selected } else { theme.text },
                ),
                Span::raw(" "),
                Span::styled(gauge(r.readiness, 8), theme.bar_filled),
                Span::raw(format!(" {:>3}%", r.percent())),
                Span::styled(
                    match r.blockers.len() {
                        0 => "   ".to_string(),
                        n => format!(" ✗{}", n.min(9)),
                    },
                    theme.bad,
                ),
                Span::styled(if r.ready { " ✓" } else { "  " }, theme.good),
                Span::styled(
                    if target == Some(r.role.as_str()) {
                        "◎"
                    } else {
                        ""
                    },
                    theme.accent,
                ),
            ])
        })
        .collect();
    let height = list_area.height.saturating_sub(2) as usize;
    Paragraph::new(lines)
        .scroll((scroll_for(selected, height) as u16, 0))
        .block(
            Block::bordered()
                .title(" Career roles · best first ")
                .border_style(theme.dim),
        )
        .render(list_area, buf);

    let mut detail = Vec::new();
    if let Some(r) = ranked.get(selected)
        && let Some(role) = app.catalog.role(&r.role)
    {
        let skill_names = |ids: &[String]| {
            ids.iter()
                .map(|id| app.catalog.skill(id).map_or(id.clone(), |s| s.name.clone()))
                .collect::<Vec<_>>()
                .join(", ")
        };
        detail.push(Line::styled(role.name.clone(), theme.title));
        detail.push(Line::raw(format!(
            "{}% ready: {}",
            r.percent(),
            if r.ready {
                "✓ ready"
            } else {
                "not ready yet"
            }
        )));
        if !r.blockers.is_empty() {
            detail.push(Line::styled(
                format!("✗ Blockers: {}", skill_names(&r.blockers)),
                theme.warn,
            ));
        }
        detail.push(Line::default());
        detail.push(Line::raw(role.description.clone()));
        detail.push(Line::default());
        detail.push(Line::raw(format!(
            "Core skills: {}",
            skill_names(&role.core)
        )));
        detail.push(Line::default());
        detail.push(Line::styled(
            if target == Some(r.role.as_str()) {
                "◎ Your target role. Enter shows its plan."
            } else {
                "Enter shows its plan; t makes it your target."
            },
            theme.accent,
        ));
    }
    Paragraph::new(detail)
        .wrap(Wrap { trim: true })
        .block(Block::bordered().border_style(theme.dim))
        .render(detail_area, buf);
}
