//! An exercise step: the task (scrollable, with the hints under it) above the
//! learner's file and the live result of its check. The task keeps a third of the rows;
//! the result gets the rest and, when it is long, drops the lessons' "why" lines and
//! then lists only what is unmet, so that what is left to do stays on screen.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Widget, Wrap};

use super::lesson::render_scrolled;
use crate::catalog::ExerciseStep;
use crate::draw::theme::Theme;
use crate::exercises::{Outcome, Requirement};
use crate::sanitize::clean_line;
use crate::tui::exercise::{Checked, ExerciseState};
use crate::tui::lesson::LessonView;
use crate::tui::markdown;

/// Rows the task keeps at least (its rule and a line; ↑/↓ scroll it), and the share of
/// the screen it keeps when the result is long: a task read through a one-line slot is
/// not read.
const MIN_TASK_ROWS: u16 = 2;
const TASK_SHARE: u16 = 3;

/// How much of the result fits: every requirement with its "why"; without the whys;
/// or, shortest, the unmet requirements first and the met ones counted in one line.
#[derive(Clone, Copy, PartialEq)]
enum Detail {
    Full,
    NoWhy,
    UnmetFirst,
}

pub fn render(view: &LessonView, ex: &ExerciseStep, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let task_rows = MIN_TASK_ROWS.max(area.height / TASK_SHARE);
    let room = area.height.saturating_sub(task_rows + 1) as usize;
    let state = view.exercise.as_ref();
    let paragraph = |detail| {
        Paragraph::new(check_lines(state, ex, theme, area.width, detail)).wrap(Wrap { trim: false })
    };
    // Short of rows: the reasons matter more than the lesson's "why", and what is left
    // to do more than what is done.
    let check = [Detail::Full, Detail::NoWhy, Detail::UnmetFirst]
        .into_iter()
        .map(paragraph)
        .find(|p| p.line_count(area.width) <= room)
        .unwrap_or_else(|| paragraph(Detail::UnmetFirst));
    let needed = check.line_count(area.width) as u16 + 1;
    let check_rows = needed.min(area.height.saturating_sub(task_rows));
    let [task, result] = area.layout(&Layout::vertical([
        Constraint::Min(0),
        Constraint::Length(check_rows),
    ]));
    render_scrolled(task_text(view, ex, theme), view, task, buf, theme);
    check
        .block(Block::new().borders(Borders::TOP).border_style(theme.dim))
        .render(result, buf);
}

/// The task in the lesson's words, then the hints shown so far.
fn task_text(view: &LessonView, ex: &ExerciseStep, theme: &Theme) -> ratatui::text::Text<'static> {
    let mut text = markdown::render(&ex.text, theme);
    let shown = view.quiz.hints_shown.min(ex.hints.len());
    for (i, hint) in ex.hints.iter().take(shown).enumerate() {
        text.lines.push(Line::default());
        let mut lines = markdown::render(hint, theme).lines;
        if let Some(first) = lines.first_mut() {
            first.spans.insert(
                0,
                Span::styled(
                    format!("Hint {} of {}: ", i + 1, ex.hints.len()),
                    theme.accent,
                ),
            );
        }
        text.lines.extend(lines);
    }
    let passed = view.exercise.as_ref().is_some_and(ExerciseState::passed);
    if shown == 0 && !ex.hints.is_empty() && !passed {
        text.lines.push(Line::default());
        text.lines.push(Line::styled(
            format!("Stuck? Press h for a hint ({} available).", ex.hints.len()),
            theme.dim,
        ));
    }
    text
}

fn check_lines(
    state: Option<&ExerciseState>,
    ex: &ExerciseStep,
    theme: &Theme,
    width: u16,
    detail: Detail,
) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    let Some(state) = state else {
        return lines;
    };
    if let Some(path) = &state.path {
        path_lines(
            &clean_line(&path.display().to_string()),
            width,
            theme,
            &mut lines,
        );
    }
    if let Some(notice) = &state.notice {
        lines.push(Line::styled(
            notice.text.clone(),
            if notice.warn { theme.warn } else { theme.dim },
        ));
    }
    match &state.checked {
        Checked::Problem(problem) => {
            lines.push(Line::from(vec![
                Span::styled("✗ ", theme.bad),
                Span::raw(clean_line(problem)),
            ]));
        }
        Checked::Report(report) => {
            let n = report.requirements.len();
            if report.passed() {
                let saved = if state.recorded {
                    " Saved as done."
                } else {
                    ""
                };
                lines.push(Line::styled(
                    format!("✓ All {n} requirements met.{saved} Enter: next step."),
                    theme.good,
                ));
            } else {
                let how = if state.watched {
                    "save the file to re-check."
                } else {
                    "press c after saving."
                };
                lines.push(Line::from(vec![
                    Span::styled(
                        format!("✗ {} of {n} requirements met; ", report.met()),
                        theme.warn,
                    ),
                    Span::styled(how, theme.dim),
                ]));
            }
            let with_why = detail == Detail::Full;
            if detail == Detail::UnmetFirst && !report.passed() {
                for r in report.requirements.iter().filter(|r| !r.is_met()) {
                    requirement_lines(r, &ex.file, theme, false, &mut lines);
                }
                if report.met() > 0 {
                    lines.push(Line::from(vec![
                        Span::styled("✓ ", theme.good),
                        Span::styled(
                            format!("and {} met", counted(report.met(), "requirement")),
                            theme.dim,
                        ),
                    ]));
                }
            } else {
                for r in &report.requirements {
                    requirement_lines(r, &ex.file, theme, with_why, &mut lines);
                }
            }
        }
    }
    lines
}

fn counted(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// `File: <path>`, the path broken at the width rather than moved to a line of its
/// own (a path has no spaces for the word wrap to use).
fn path_lines(path: &str, width: u16, theme: &Theme, lines: &mut Vec<Line<'static>>) {
    const LABEL: &str = "File: ";
    let width = (width as usize).max(LABEL.len() + 1);
    let chars: Vec<char> = path.chars().collect();
    let first = (width - LABEL.len()).min(chars.len());
    lines.push(Line::from(vec![
        Span::styled(LABEL, theme.dim),
        Span::styled(chars[..first].iter().collect::<String>(), theme.key),
    ]));
    for chunk in chars[first..].chunks(width) {
        lines.push(Line::styled(chunk.iter().collect::<String>(), theme.key));
    }
}

fn requirement_lines(
    r: &Requirement,
    file: &str,
    theme: &Theme,
    with_why: bool,
    lines: &mut Vec<Line<'static>>,
) {
    match &r.outcome {
        Outcome::Met => lines.push(Line::from(vec![
            Span::styled("✓ ", theme.good),
            Span::raw(clean_line(&r.what)),
        ])),
        Outcome::Unmet { reason, at } => {
            lines.push(Line::from(vec![
                Span::styled("✗ ", theme.bad),
                Span::raw(clean_line(&r.what)),
            ]));
            let place = at.map_or(String::new(), |p| {
                format!("{}:{}:{}: ", clean_line(file), p.line, p.col)
            });
            lines.push(Line::from(vec![
                Span::raw("    "),
                Span::styled(place, theme.key),
                Span::styled(clean_line(reason), theme.bad),
            ]));
            if with_why && !r.why.is_empty() {
                lines.push(Line::styled(
                    format!("    {}", clean_line(&r.why)),
                    theme.dim,
                ));
            }
        }
    }
}
