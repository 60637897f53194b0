//! Home: continue where you left off, the tracks with progress bars, problems.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget, Wrap};

use crate::draw::bar::bar;
use crate::skills::plan::PlanItem;
use crate::tui::app::{App, HomeItem};

pub fn render(app: &App, selected: usize, area: Rect, buf: &mut Buffer) {
    let theme = &app.theme;
    let items = app.home_items();
    let [list_area, detail_area] = area.layout(&Layout::horizontal([
        Constraint::Percentage(60),
        Constraint::Percentage(40),
    ]));
    let mut lines = Vec::new();
    let first_career = items.iter().position(is_career);
    for (i, item) in items.iter().enumerate() {
        if Some(i) == first_career {
            lines.push(Line::default());
        }
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
            HomeItem::Skills
            | HomeItem::Roles
            | HomeItem::Assess
            | HomeItem::Review
            | HomeItem::TargetRole(_) => lines.push(Line::from(vec![
                Span::styled(marker, theme.accent),
                Span::styled(career_label(app, item), style),
            ])),
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
        Some(
            item @ (HomeItem::Skills
            | HomeItem::Roles
            | HomeItem::Assess
            | HomeItem::Review
            | HomeItem::TargetRole(_)),
        ) => career_detail(app, item),
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

fn is_career(item: &HomeItem) -> bool {
    matches!(
        item,
        HomeItem::Skills
            | HomeItem::Roles
            | HomeItem::Assess
            | HomeItem::Review
            | HomeItem::TargetRole(_)
    )
}

/// The one-line label of a career entry.
fn career_label(app: &App, item: &HomeItem) -> String {
    match item {
        HomeItem::Skills => "Skills map".into(),
        HomeItem::Roles => "Career roles".into(),
        HomeItem::Assess => "Self-assessment".into(),
        HomeItem::Review => format!("Review ({} due)", app.due_reviews().len()),
        HomeItem::TargetRole(role) => target_line(app, role),
        _ => String::new(),
    }
}

/// "MLOps Engineer — 42% ready — next: Drift statistics".
pub fn target_line(app: &App, role: &str) -> String {
    let name = app.catalog.role(role).map_or(role, |r| r.name.as_str());
    let Some(plan) = app.role_plan(role) else {
        return name.to_string();
    };
    let next = match plan.first() {
        _ if plan.readiness.ready => "✓ ready".to_string(),
        Some(PlanItem::Lesson(p)) => format!(
            "next: {}",
            app.catalog
                .lesson(&p.lesson)
                .map_or(p.lesson.as_str(), |l| l.title.as_str())
        ),
        Some(PlanItem::SelfStudy(s)) => format!(
            "next: self-study in {}",
            app.catalog
                .skill(&s.skill)
                .map_or(s.skill.as_str(), |k| k.name.as_str())
        ),
        None => "no gaps left".to_string(),
    };
    format!("{name} — {}% ready — {next}", plan.readiness.percent())
}

fn career_detail(app: &App, item: &HomeItem) -> Vec<Line<'static>> {
    let theme = &app.theme;
    let (title, text, hint) = match item {
        HomeItem::Skills => (
            "Skills map",
            "Every skill with what your lessons and labs show, your own rating, and the level your plans use.".to_string(),
            "Enter opens it.",
        ),
        HomeItem::Roles => (
            "Career roles",
            "How ready you are for each ML role, best first. Pick a target role and see its plan.".to_string(),
            "Enter opens them.",
        ),
        HomeItem::Assess => (
            "Self-assessment",
            "Rate yourself 0-5 in each skill, and record outside evidence (a course, a project, a job). A bare rating lifts a skill at most one level; evidence counts up to its level.".to_string(),
            "Enter starts it.",
        ),
        HomeItem::Review => {
            let due = app.due_reviews().len();
            (
                "Review",
                if due == 0 {
                    "Nothing is due. Quizzes you answer come back here when you are about to forget them.".to_string()
                } else {
                    format!("{due} quiz item(s) are due: answering them now keeps them in memory.")
                },
                "Enter starts the review.",
            )
        }
        HomeItem::TargetRole(role) => (
            "Your target role",
            target_line(app, role),
            "Enter shows the plan.",
        ),
        _ => return vec![],
    };
    vec![
        Line::styled(title, theme.title),
        Line::raw(text),
        Line::default(),
        Line::styled(hint, theme.accent),
    ]
}
