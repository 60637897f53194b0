//! The lesson screen: a step counter, the step itself (text, quiz or lab), feedback
//! with the explanation, the hint ladder, and the end-of-lesson panel.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{
    Block, Borders, Paragraph, Scrollbar, ScrollbarOrientation, ScrollbarState, StatefulWidget,
    Widget, Wrap,
};

use crate::catalog::{Lesson, Step};
use crate::draw::theme::Theme;
use crate::labs::Lab;
use crate::progress::Status;
use crate::progress::step_key;
use crate::tui::app::{App, step_label, unanswered_quizzes};
use crate::tui::lesson::{Feedback, LabSlot, LessonView, is_self_assessment};
use crate::tui::markdown;

pub fn render(app: &App, view: &LessonView, area: Rect, buf: &mut Buffer) {
    let theme = &app.theme;
    let Some(lesson) = view.lesson(&app.catalog) else {
        Paragraph::new("This lesson is no longer loaded.").render(area, buf);
        return;
    };
    let [top, body] = area.layout(&Layout::vertical([
        Constraint::Length(2),
        Constraint::Min(1),
    ]));
    if let Some(preview) = app.preview.as_ref().filter(|p| p.broken()) {
        render_preview_problems(preview, theme, area, buf);
        return;
    }
    if view.finished {
        let done = steps_done(app, lesson, lesson.steps.len());
        render_counter(
            lesson,
            lesson.steps.len(),
            &done,
            "End of lesson",
            theme,
            top,
            buf,
        );
        render_finished(app, lesson, body, buf);
        return;
    }
    let Some(step) = lesson.steps.get(view.step) else {
        return;
    };
    let label = match step.title() {
        Some(t) => format!("{} · {}", step_label(step), t),
        None => step_label(step).to_string(),
    };
    let label = match (&view.lab, &view.exercise) {
        (Some(LabSlot { recorded: true, .. }), _) => format!("{label}  ·  ✓ goal met and saved"),
        (_, Some(ex)) if ex.recorded => format!("{label}  ·  ✓ done and saved"),
        _ => label,
    };
    let done = steps_done(app, lesson, view.step);
    render_counter(lesson, view.step, &done, &label, theme, top, buf);
    match step {
        Step::Read { text, .. } => {
            let text = markdown::render(text, theme);
            render_scrolled(text, view, body, buf, theme);
        }
        Step::Choice(_) | Step::Number(_) => render_quiz(step, view, theme, body, buf),
        Step::Exercise(ex) => super::exercise::render(view, ex, theme, body, buf),
        Step::Lab(lab_step) if view.lab_text => {
            let text = lab_step.text.as_deref().unwrap_or("");
            render_scrolled(markdown::render(text, theme), view, body, buf, theme);
        }
        Step::Lab(lab_step) => {
            let full_height = lab_step.text.as_ref().map_or(0, |t| {
                Paragraph::new(markdown::render(t, theme))
                    .wrap(Wrap { trim: false })
                    .line_count(body.width) as u16
            });
            let intro_height = full_height.min(body.height / 3);
            let goal = match &view.lab {
                Some(LabSlot { lab: Ok(lab), .. }) => Some(goal_paragraph(&**lab, theme)),
                _ => None,
            };
            let goal_height = goal.as_ref().map_or(0, |g| g.line_count(body.width) as u16);
            let [intro, goal_area, lab_area] = body.layout(&Layout::vertical([
                Constraint::Length(intro_height),
                Constraint::Length(goal_height),
                Constraint::Min(1),
            ]));
            if let Some(t) = &lab_step.text {
                Paragraph::new(markdown::render(t, theme))
                    .wrap(Wrap { trim: false })
                    .render(intro, buf);
                // Text that does not fit says so on its last line, and how to read it all.
                if full_height > intro_height && intro.height > 0 {
                    let marker = " … i: read it all ";
                    let w = marker.chars().count() as u16;
                    let last = Rect::new(
                        intro.right().saturating_sub(w),
                        intro.bottom() - 1,
                        w.min(intro.width),
                        1,
                    );
                    buf.set_style(last, ratatui::style::Style::reset());
                    Line::styled(marker, theme.warn).render(last, buf);
                }
            }
            if let Some(goal) = goal {
                goal.render(goal_area, buf);
            }
            match &view.lab {
                Some(LabSlot { lab: Ok(lab), .. }) => lab.render(lab_area, buf, theme),
                Some(LabSlot { lab: Err(e), .. }) => {
                    Paragraph::new(vec![
                        Line::styled("This lab cannot start", theme.bad),
                        Line::raw(e.clone()),
                        Line::raw("Press n to go on to the next step."),
                    ])
                    .wrap(Wrap { trim: true })
                    .render(lab_area, buf);
                }
                None if is_self_assessment(step) => {
                    render_self_assessment(app, lesson, view.step, lab_area, buf)
                }
                None => {}
            }
        }
    }
}

/// The lab's goal and the learner's current value of its metric, on top of every lab
/// so that neither is ever scrolled or squeezed away; wrapped at word boundaries.
fn goal_paragraph(lab: &dyn Lab, theme: &Theme) -> Paragraph<'static> {
    let line = lab.goal_line();
    let (mark, style) = if lab.goal_met().is_some() {
        ("✓ Goal met: ", theme.good)
    } else {
        ("Goal: ", theme.warn)
    };
    let mut spans = vec![Span::styled(mark, style), Span::styled(line.goal, style)];
    if let Some(now) = line.now {
        spans.push(Span::styled(" · now ", theme.dim));
        spans.push(Span::styled(now, theme.title));
    }
    Paragraph::new(Line::from(spans)).wrap(Wrap { trim: true })
}

/// Which steps count as done for the dots: a read step once passed, a quiz once
/// answered right or shown, a lab or exercise once its goal is met. A skipped quiz or
/// lab stays open (○) even after the learner has moved past it.
fn steps_done(app: &App, lesson: &Lesson, current: usize) -> Vec<bool> {
    lesson
        .steps
        .iter()
        .enumerate()
        .map(|(i, step)| match step {
            Step::Read { .. } => i < current,
            Step::Choice(_) | Step::Number(_) => app
                .progress
                .step_record(&lesson.id, i)
                .is_some_and(|r| r.correct || r.revealed),
            _ => app
                .progress
                .labs
                .get(&step_key(&lesson.id, i))
                .is_some_and(|r| r.goal_met),
        })
        .collect()
}

fn render_counter(
    lesson: &Lesson,
    step: usize,
    done: &[bool],
    label: &str,
    theme: &Theme,
    area: Rect,
    buf: &mut Buffer,
) {
    let n = lesson.steps.len();
    let shown = (step + 1).min(n);
    let dots: String = (0..n)
        .map(|i| {
            if i == step {
                '◉'
            } else if done.get(i).copied().unwrap_or(false) {
                '●'
            } else {
                '○'
            }
        })
        .collect();
    Paragraph::new(vec![
        Line::from(vec![
            Span::styled(format!("Step {shown} of {n}"), theme.title),
            Span::raw("  "),
            Span::styled(dots, theme.accent),
        ]),
        Line::styled(label.to_string(), theme.dim),
    ])
    .render(area, buf);
}

pub(crate) fn render_scrolled(
    text: Text<'static>,
    view: &LessonView,
    area: Rect,
    buf: &mut Buffer,
    theme: &Theme,
) {
    let block = Block::new().borders(Borders::TOP).border_style(theme.dim);
    let inner = block.inner(area);
    block.render(area, buf);
    let text_area = Rect {
        width: inner.width.saturating_sub(1),
        ..inner
    };
    let para = Paragraph::new(text).wrap(Wrap { trim: false });
    let total = para.line_count(text_area.width);
    let max = total.saturating_sub(text_area.height as usize);
    view.max_scroll.set(max);
    let scroll = view.scroll.min(max);
    para.scroll((scroll as u16, 0)).render(text_area, buf);
    if max > 0 {
        let mut state = ScrollbarState::new(max + 1).position(scroll);
        Scrollbar::new(ScrollbarOrientation::VerticalRight).render(inner, buf, &mut state);
        let hint = if scroll < max { " ↓ more " } else { " end " };
        let w = hint.chars().count() as u16;
        if area.width > w + 2 {
            Line::styled(hint, theme.dim)
                .render(Rect::new(area.right() - w - 2, area.y, w, 1), buf);
        }
    }
}

pub(crate) fn render_quiz(
    step: &Step,
    view: &LessonView,
    theme: &Theme,
    area: Rect,
    buf: &mut Buffer,
) {
    let q = &view.quiz;
    let (prompt, explain, hints) = match step {
        Step::Choice(c) => (&c.prompt, &c.explain, &c.hints),
        Step::Number(n) => (&n.prompt, &n.explain, &n.hints),
        _ => return,
    };
    let mut lines: Vec<Line<'static>> = markdown::render(prompt, theme).lines;
    lines.push(Line::default());
    let answered = matches!(q.feedback, Some(Feedback::Correct | Feedback::Revealed));
    let mut anchor = lines.len();
    match step {
        Step::Choice(c) => {
            for (i, option) in c.options.iter().enumerate() {
                let is_answer = c.answers.contains(&i);
                let ticked = if c.multi {
                    q.chosen.contains(&i)
                } else if answered {
                    is_answer
                } else {
                    // The learner's pick, once they have made one.
                    q.touched && i == q.cursor
                };
                let mark = match (c.multi, ticked) {
                    (true, true) => "[x] ",
                    (true, false) => "[ ] ",
                    (false, true) => "(•) ",
                    (false, false) => "( ) ",
                };
                let cursor = i == q.cursor && !answered;
                if cursor {
                    anchor = lines.len();
                }
                let mut spans = vec![
                    Span::styled(if cursor { "▶ " } else { "  " }, theme.accent),
                    Span::raw(mark),
                    Span::styled(
                        option.clone(),
                        if cursor { theme.selected } else { theme.text },
                    ),
                ];
                if answered && is_answer {
                    spans.push(Span::styled("  ✓ answer", theme.good));
                }
                lines.push(Line::from(spans));
            }
        }
        Step::Number(n) => {
            let shown = if answered && q.input.is_empty() {
                format_number(n.answer)
            } else {
                q.input.clone()
            };
            lines.push(Line::from(vec![
                Span::raw("Your answer: "),
                Span::styled(
                    format!(" {shown}{} ", if answered { "" } else { "▏" }),
                    theme.selected,
                ),
                Span::styled(
                    // An exact answer needs no "±0"; the prompt says what is expected.
                    if n.tolerance > 0.0 {
                        format!("   (within ±{})", format_number(n.tolerance))
                    } else {
                        String::new()
                    },
                    theme.dim,
                ),
            ]));
        }
        _ => {}
    }
    lines.push(Line::default());
    if q.feedback.is_some() {
        anchor = lines.len();
    }
    match &q.feedback {
        Some(Feedback::Correct) => {
            lines.push(Line::styled("✓ Correct.", theme.good));
            lines.extend(markdown::render(explain, theme).lines);
            lines.push(Line::styled("Press Enter for the next step.", theme.dim));
        }
        Some(Feedback::Revealed) => {
            let answer = match step {
                Step::Number(n) => format!("The answer is {}.", format_number(n.answer)),
                _ => "The answer is marked above.".to_string(),
            };
            lines.push(Line::styled(format!("Shown: {answer}"), theme.warn));
            lines.extend(markdown::render(explain, theme).lines);
            lines.push(Line::styled("Press Enter for the next step.", theme.dim));
        }
        Some(Feedback::Wrong) => {
            lines.push(Line::styled("✗ Not quite. Try again.", theme.bad));
            if let (Some(p), Step::Choice(c)) = (&q.partial, step) {
                let mut text = format!(
                    "{} of the options are right; you ticked {} of them.",
                    p.right, p.right_ticked
                );
                for &w in &p.wrong_ticked {
                    let option = crate::draw::shorten(&c.options[w], 51);
                    text.push_str(&format!(" Not right: \"{option}\"."));
                }
                lines.push(Line::styled(text, theme.warn));
            }
            let more = if q.hints_shown < hints.len() {
                "h for a hint, "
            } else {
                ""
            };
            lines.push(Line::styled(
                format!("Press {more}s to see the answer."),
                theme.dim,
            ));
        }
        Some(Feedback::Invalid(msg)) => lines.push(Line::styled(msg.clone(), theme.warn)),
        None => {}
    }
    for (i, hint) in hints.iter().take(q.hints_shown).enumerate() {
        lines.push(Line::default());
        let mut hint_lines = markdown::render(hint, theme).lines;
        if let Some(first) = hint_lines.first_mut() {
            first.spans.insert(
                0,
                Span::styled(format!("Hint {} of {}: ", i + 1, hints.len()), theme.accent),
            );
        }
        lines.extend(hint_lines);
    }
    if !answered && q.hints_shown == 0 && !hints.is_empty() && q.feedback.is_none() {
        lines.push(Line::styled(
            format!("Stuck? Press h for a hint ({} available).", hints.len()),
            theme.dim,
        ));
    }
    // Keep the cursor or the feedback in view on short terminals.
    let width = area.width;
    let rows_before: usize = lines[..anchor.min(lines.len())]
        .iter()
        .map(|l| {
            Paragraph::new(l.clone())
                .wrap(Wrap { trim: false })
                .line_count(width)
                .max(1)
        })
        .sum();
    let height = area.height as usize;
    let scroll = rows_before.saturating_sub(height.saturating_sub(4).max(1));
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .scroll((scroll as u16, 0))
        .render(area, buf);
}

fn render_finished(app: &App, lesson: &Lesson, area: Rect, buf: &mut Buffer) {
    let theme = &app.theme;
    let missing = unanswered_quizzes(lesson, &app.progress);
    let mut lines = Vec::new();
    if missing.is_empty() && app.progress.status(&lesson.id) == Status::Done {
        let quizzes: Vec<_> = (0..lesson.steps.len())
            .filter(|&i| lesson.steps[i].is_quiz())
            .filter_map(|i| app.progress.step_record(&lesson.id, i))
            .collect();
        let first_try = quizzes
            .iter()
            .filter(|r| r.correct && r.attempts == 1 && r.hints_used == 0)
            .count();
        let hints: u32 = quizzes.iter().map(|r| r.hints_used).sum();
        lines.push(Line::styled(
            format!("✓ Lesson complete: {}", lesson.title),
            theme.good,
        ));
        lines.push(Line::default());
        lines.push(Line::raw(format!(
            "{first_try} of {} quizzes right at the first try without hints; {hints} hint(s) used.",
            quizzes.len()
        )));
        lines.push(Line::default());
        match app.catalog.next_lesson(&lesson.id) {
            Some(next) => {
                lines.push(Line::from(vec![
                    Span::raw("Next: "),
                    Span::styled(next.title.clone(), theme.title),
                    Span::styled(format!("  ({} min)", next.minutes), theme.dim),
                ]));
                lines.push(Line::styled(
                    "Press Enter to start it, Esc to go back.",
                    theme.accent,
                ));
            }
            None => lines.push(Line::styled(
                "That was the last lesson. Esc goes back.",
                theme.accent,
            )),
        }
    } else {
        let steps: Vec<String> = missing.iter().map(|i| (i + 1).to_string()).collect();
        lines.push(Line::styled("Almost there", theme.warn));
        lines.push(Line::default());
        lines.push(Line::raw(format!(
            "Answer the quiz on step(s) {} to finish this lesson.",
            steps.join(", ")
        )));
        lines.push(Line::styled(
            "Press Enter to go to the first of them.",
            theme.accent,
        ));
    }
    Paragraph::new(lines)
        .wrap(Wrap { trim: true })
        .render(area, buf);
}

/// The panel of a self-assessment step: what is rated so far and how to go on.
fn render_self_assessment(app: &App, lesson: &Lesson, step: usize, area: Rect, buf: &mut Buffer) {
    let theme = &app.theme;
    let rated = app
        .catalog
        .skills
        .iter()
        .filter(|s| app.progress.self_level(&s.id).is_some())
        .count();
    let mut lines = vec![Line::raw(format!(
        "You have rated {rated} of {} skills.",
        app.catalog.skills.len()
    ))];
    if let Some(role) = app.target_role()
        && let Some(plan) = app.role_plan(role)
    {
        let name = app.catalog.role(role).map_or(role, |r| r.name.as_str());
        lines.push(Line::raw(format!(
            "Target role: {name}, {}% ready.",
            plan.readiness.percent()
        )));
    }
    if app
        .progress
        .lab_record(&step_key(&lesson.id, step))
        .is_some_and(|r| r.goal_met)
    {
        lines.push(Line::styled(
            "✓ Self-assessment done and saved.",
            theme.good,
        ));
    }
    lines.push(Line::default());
    lines.push(Line::styled(
        "Press Enter to rate yourself, v to see your plan.",
        theme.accent,
    ));
    Paragraph::new(lines)
        .wrap(Wrap { trim: true })
        .block(
            Block::bordered()
                .title(" Self-assessment ")
                .border_style(theme.accent),
        )
        .render(area, buf);
}

/// A number as a learner would write it: no trailing zeros.
pub fn format_number(v: f64) -> String {
    let s = format!("{v:.6}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s.is_empty() || s == "-" {
        "0".into()
    } else {
        s.to_string()
    }
}

/// A previewed file that does not load: its problems, in place of the step, until a
/// save fixes them (the step comes back then).
fn render_preview_problems(
    preview: &crate::tui::preview::Preview,
    theme: &Theme,
    area: Rect,
    buf: &mut Buffer,
) {
    let mut lines = vec![
        Line::styled(
            format!("{} does not load", preview.file.display()),
            theme.bad,
        ),
        Line::styled(
            "Fix it and save: the lesson comes back at the same step.",
            theme.dim,
        ),
        Line::default(),
    ];
    for p in &preview.problems {
        lines.push(Line::raw(format!("{}:{}: {}", p.line, p.col, p.message)));
    }
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .render(area, buf);
}
