//! One role: readiness, each required skill as have/need bars with core skills and
//! blockers marked in text, and the plan, whose lessons Enter opens.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget, Wrap};

use super::{scroll_for, status_mark, wrapped_rows};
use crate::skills::plan::{PlanItem, estimate_text, format_hours};
use crate::tui::app::App;
use crate::tui::widgets::levels::{gauge, have_need_bar, pad};

pub const LEGEND: &str = "█ have ▒ missing ★ core ✗ blocker ◇ route or claim";

pub fn render(app: &App, role_id: &str, selected: usize, area: Rect, buf: &mut Buffer) {
    let theme = &app.theme;
    let (Some(role), Some(plan)) = (app.catalog.role(role_id), app.role_plan(role_id)) else {
        Paragraph::new("This role is no longer loaded.").render(area, buf);
        return;
    };
    let r = &plan.readiness;
    let [top, panes, legend] = area.layout(&Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
    ]));
    Line::styled(format!(" {LEGEND}"), theme.dim).render(legend, buf);
    let target = app.target_role() == Some(role_id);
    Line::from(vec![
        Span::raw(" Readiness "),
        Span::styled(gauge(r.readiness, 10), theme.bar_filled),
        Span::raw(format!(" {}% · ", r.percent())),
        if r.ready {
            Span::styled("✓ ready", theme.good)
        } else {
            Span::styled("not ready yet", theme.warn)
        },
        Span::styled(if target { " · ◎ your target" } else { "" }, theme.accent),
    ])
    .render(top, buf);
    let [skills_area, plan_area] = panes.layout(&Layout::horizontal([
        Constraint::Percentage(50),
        Constraint::Percentage(50),
    ]));

    // Largest weighted gap first, then the skills already met.
    let mut skills: Vec<_> = r.gaps();
    skills.extend(r.skills.iter().filter(|g| g.gap == 0));
    let inner_width = skills_area.width.saturating_sub(2) as usize;
    // "★ " + name + " " + bar(5) + " 1/4" + " ✗"
    let name_width = inner_width.saturating_sub(2 + 1 + 5 + 4 + 2).max(4);
    let skill_lines: Vec<Line> = skills
        .iter()
        .map(|g| {
            let name = app
                .catalog
                .skill(&g.skill)
                .map_or(g.skill.as_str(), |s| s.name.as_str());
            Line::from(vec![
                Span::styled(if g.core { "★ " } else { "  " }, theme.accent),
                Span::raw(pad(name, name_width)),
                Span::raw(" "),
                Span::styled(have_need_bar(g.current, g.required), theme.bar_filled),
                Span::raw(format!(" {}/{}", g.current, g.required)),
                Span::styled(if g.blocks() { " ✗" } else { "" }, theme.bad),
            ])
        })
        .collect();
    let mut skill_lines = skill_lines;
    let statuses = app.skill_statuses();
    let notes: Vec<Line> = skills
        .iter()
        .filter_map(|g| statuses.iter().find(|s| s.id == g.skill))
        .flat_map(|s| {
            let capped = s
                .capped_note()
                .map(|n| Line::styled(format!("⌃ {}: {n}", s.name), theme.warn));
            let claim = s
                .claims
                .first()
                .map(|c| Line::styled(format!("◇ {}: {}", s.name, c.label()), theme.dim));
            capped.into_iter().chain(claim)
        })
        .collect();
    if !notes.is_empty() {
        skill_lines.push(Line::default());
        skill_lines.extend(notes);
    }
    Paragraph::new(skill_lines)
        .wrap(Wrap { trim: false })
        .block(
            Block::bordered()
                .title(format!(" {} ", role.name))
                .border_style(theme.dim),
        )
        .render(skills_area, buf);

    let mut lines: Vec<Line> = Vec::new();
    let mut selected_row = 0;
    if !r.blockers.is_empty() {
        let names: Vec<String> = r
            .blockers
            .iter()
            .map(|b| app.catalog.skill(b).map_or(b.clone(), |s| s.name.clone()))
            .collect();
        lines.push(Line::styled(
            format!("✗ Blockers: {}", names.join(", ")),
            theme.warn,
        ));
        lines.push(Line::default());
    }
    if plan.items.is_empty() {
        lines.push(Line::raw(if r.ready {
            "You meet this role's bar. Keep your skills fresh with reviews."
        } else {
            "Nothing here or in the self-study routes closes these gaps yet."
        }));
    } else {
        lines.push(Line::styled("Next, blockers first:", theme.title));
        for (i, item) in plan.items.iter().enumerate() {
            let sel = i == selected;
            if sel {
                selected_row = lines.len();
            }
            let skill_name = |id: &str| {
                app.catalog
                    .skill(id)
                    .map_or(id.to_string(), |s| s.name.clone())
            };
            match item {
                PlanItem::Lesson(p) => {
                    let title = app
                        .catalog
                        .lesson(&p.lesson)
                        .map_or(p.lesson.as_str(), |l| l.title.as_str());
                    let why = match &p.prepares {
                        Some(next) => format!(
                            "before {}",
                            app.catalog
                                .lesson(next)
                                .map_or(next.as_str(), |l| l.title.as_str())
                        ),
                        None => skill_name(&p.skill),
                    };
                    lines.push(Line::from(vec![
                        Span::styled(if sel { "▶ " } else { "  " }, theme.accent),
                        status_mark(app.progress.status(&p.lesson), theme),
                        Span::raw(" "),
                        Span::styled(
                            title.to_string(),
                            if sel { theme.selected } else { theme.text },
                        ),
                        Span::styled(format!(" ({why}, {} min)", p.minutes), theme.dim),
                    ]));
                }
                PlanItem::SelfStudy(s) => {
                    lines.push(Line::from(vec![
                        Span::styled(if sel { "▶ " } else { "  " }, theme.accent),
                        Span::styled("◇ ", theme.accent),
                        Span::styled(
                            format!("Self-study: {}", skill_name(&s.skill)),
                            if sel { theme.selected } else { theme.text },
                        ),
                        Span::styled(format!(" (need {})", s.required), theme.dim),
                    ]));
                    if let Some(route) = &s.recommended {
                        let hours = route
                            .hours
                            .map_or(String::new(), |h| format!(", about {} h", format_hours(h)));
                        lines.push(Line::styled(
                            format!("    {} (level {}{hours})", route.text, route.level),
                            theme.dim,
                        ));
                    }
                    if !s.others.is_empty() {
                        lines.push(Line::styled(
                            format!("    + {} other route(s) in the skills map", s.others.len()),
                            theme.dim,
                        ));
                    }
                }
            }
        }
        lines.push(Line::default());
        lines.push(Line::styled(
            format!("Time to ready: {}", estimate_text(&plan)),
            theme.dim,
        ));
    }
    let height = plan_area.height.saturating_sub(2) as usize;
    let rows_before = wrapped_rows(&lines[..selected_row], plan_area.width.saturating_sub(2));
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .scroll((scroll_for(rows_before, height) as u16, 0))
        .block(Block::bordered().title(" Plan ").border_style(theme.dim))
        .render(plan_area, buf);
}
