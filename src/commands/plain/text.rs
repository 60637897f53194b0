//! What plain mode prints: lesson lists, steps, feedback, labs and exercises as plain
//! lines of text (no colour, no box drawing, no cursor movement).

use std::fmt::Write as _;

use crate::catalog::{Catalog, ChoiceStep, Lesson, NumberStep, Step};
use crate::draw::theme::Theme;
use crate::exercises::Outcome;
use crate::labs::Lab;
use crate::progress::{Progress, Status};
use crate::sanitize::{clean, clean_line};
use crate::tui::app::{step_label, unanswered_quizzes};
use crate::tui::exercise::{Checked, ExerciseState};
use crate::tui::lesson::{Feedback, LessonView, is_self_assessment};
use crate::tui::markdown;

/// Lesson markdown as plain text: the markers go, lists keep their bullets.
pub fn markdown_text(text: &str) -> String {
    let rendered = markdown::render(text, &Theme::mono());
    let mut out = String::new();
    for line in rendered.lines {
        for span in line.spans {
            out.push_str(&span.content);
        }
        out.push('\n');
    }
    clean(&out)
}

/// The lessons, numbered across tracks, with their status.
pub fn lesson_list(catalog: &Catalog, progress: &Progress) -> String {
    let mut out = String::from("Lessons:\n");
    let mut n = 0;
    for track in &catalog.tracks {
        let _ = writeln!(out, "{}", clean_line(&track.title));
        for lesson in &track.lessons {
            n += 1;
            let status = match progress.status(&lesson.id) {
                Status::Done => " (done)",
                Status::InProgress => " (in progress)",
                Status::NotStarted => "",
            };
            let _ = writeln!(
                out,
                "  {n}. {}: {}{status}",
                clean_line(&lesson.id),
                clean_line(&lesson.title)
            );
        }
    }
    out
}

/// The lessons in the order [`lesson_list`] numbers them.
pub fn numbered_lessons(catalog: &Catalog) -> Vec<&Lesson> {
    catalog
        .tracks
        .iter()
        .flat_map(|t| t.lessons.iter())
        .collect()
}

pub const HELP: &str = "Commands (type them on a line of their own):
  next, or an empty line   go on to the next step
  back                     the previous step
  hint                     show the next hint of a quiz or exercise
  answer                   show the answer (after a wrong try)
  step                     print the current step again
  lessons                  back to the list of lessons
  help                     this list
  quit                     leave (progress is saved after every change)
In a quiz, type the option's number (several numbers for \"select all that apply\",
separated by spaces or commas), the option's text, or the number asked for.
In a lab, type the lab's keys: left, right, up, down, page-left, page-right, select,
or the letter shown. In an exercise: check, restore.";

/// The whole current step: where the learner is, the step's text and what to type.
pub fn step(lesson: &Lesson, view: &LessonView, progress: &Progress) -> String {
    let mut out = String::new();
    if view.finished {
        let _ = writeln!(out, "\nEnd of lesson: {}", clean_line(&lesson.title));
        let missing = unanswered_quizzes(lesson, progress);
        if missing.is_empty() {
            out.push_str(
                "Lesson complete. Type next for the next lesson, or lessons for the list.\n",
            );
        } else {
            let steps: Vec<String> = missing.iter().map(|i| (i + 1).to_string()).collect();
            let _ = writeln!(
                out,
                "Quizzes still to answer: step {}. Type next to go to the first of them.",
                steps.join(", ")
            );
        }
        return out;
    }
    let Some(step) = lesson.steps.get(view.step) else {
        return out;
    };
    let _ = writeln!(
        out,
        "\n{}: step {} of {} ({})",
        clean_line(&lesson.title),
        view.step + 1,
        lesson.steps.len(),
        step_label(step)
    );
    if let Some(title) = step.title() {
        let _ = writeln!(out, "{}", clean_line(title));
    }
    match step {
        Step::Read { text, .. } => {
            out.push_str(&markdown_text(text));
            out.push_str("Type next (or an empty line) to go on.\n");
        }
        Step::Choice(choice) => {
            out.push_str(&markdown_text(&choice.prompt));
            for (i, option) in choice.options.iter().enumerate() {
                let _ = writeln!(out, "  {}. {}", i + 1, clean_line(option));
            }
            out.push_str(&feedback(step, view).unwrap_or_else(|| {
                if choice.multi {
                    "Type the numbers of every option that applies, separated by spaces.\n"
                        .to_string()
                } else {
                    "Type the number of your answer.\n".to_string()
                }
            }));
        }
        Step::Number(number) => {
            out.push_str(&markdown_text(&number.prompt));
            out.push_str(&feedback(step, view).unwrap_or_else(|| {
                "Type a number (a decimal, a fraction such as 3/4, or a percentage).\n".to_string()
            }));
        }
        Step::Lab(lab) => {
            if let Some(text) = &lab.text {
                out.push_str(&markdown_text(text));
            }
            if is_self_assessment(step) {
                out.push_str("Type rate to rate your skills, or next to go on.\n");
            } else {
                out.push_str(&lab_state(view));
            }
        }
        Step::Exercise(ex) => {
            out.push_str(&markdown_text(&ex.text));
            out.push_str(&exercise_state(view.exercise.as_ref()));
        }
    }
    out
}

/// What the quiz's state says, once the learner has answered (or asked for help).
pub fn feedback(step: &Step, view: &LessonView) -> Option<String> {
    let (explain, answer) = match step {
        Step::Choice(c) => (&c.explain, choice_answer(c)),
        Step::Number(n) => (&n.explain, number_answer(n)),
        _ => return None,
    };
    let explain = if explain.trim().is_empty() {
        String::new()
    } else {
        markdown_text(explain)
    };
    Some(match view.quiz.feedback.as_ref()? {
        Feedback::Correct => format!("Correct.\n{explain}Type next to go on.\n"),
        Feedback::Revealed => {
            format!("The answer: {answer}\n{explain}Type next to go on.\n")
        }
        Feedback::Wrong => {
            let mut text = String::from("Not quite; try again.");
            if let Some(p) = &view.quiz.partial {
                let _ = write!(
                    text,
                    " You ticked {} of the {} right options",
                    p.right_ticked, p.right
                );
                if !p.wrong_ticked.is_empty() {
                    let wrong: Vec<String> =
                        p.wrong_ticked.iter().map(|i| (i + 1).to_string()).collect();
                    let _ = write!(text, ", and {} is not one", wrong.join(", "));
                }
                text.push('.');
            }
            text.push_str(" Type hint for a hint or answer to see the answer.\n");
            text
        }
        Feedback::Invalid(why) => format!("{}\n", clean_line(why)),
    })
}

fn choice_answer(choice: &ChoiceStep) -> String {
    let answers: Vec<String> = choice
        .answers
        .iter()
        .map(|&i| {
            let option = choice.options.get(i).map_or("", String::as_str);
            format!("{}. {}", i + 1, clean_line(option))
        })
        .collect();
    answers.join("; ")
}

fn number_answer(number: &NumberStep) -> String {
    if number.tolerance > 0.0 {
        format!("{} (within {})", number.answer, number.tolerance)
    } else {
        number.answer.to_string()
    }
}

/// The hint shown last, numbered.
pub fn hint(step: &Step, shown: usize) -> Option<String> {
    let hints = match step {
        Step::Choice(c) => &c.hints,
        Step::Number(n) => &n.hints,
        Step::Exercise(e) => &e.hints,
        _ => return None,
    };
    let text = hints.get(shown.checked_sub(1)?)?;
    Some(format!(
        "Hint {shown} of {}: {}",
        hints.len(),
        markdown_text(text).trim_end()
    ))
}

/// A lab as text: its goal, the learner's current value and its keys as commands.
pub fn lab_state(view: &LessonView) -> String {
    let Some(slot) = &view.lab else {
        return String::new();
    };
    match &slot.lab {
        Err(why) => format!(
            "This lab could not start: {}\nType next to go on.\n",
            clean_line(why)
        ),
        Ok(lab) => {
            let mut out = lab_goal(lab.as_ref());
            if slot.recorded {
                out.push_str("Goal met (recorded). Type next to go on.\n");
            }
            out.push_str("Keys (type them as commands):\n");
            for (keys, does) in lab.keys() {
                let _ = writeln!(out, "  {}: {}", key_words(keys), clean_line(does));
            }
            out.push_str(
                "The lab's chart is drawn only in the full-screen tutor; its numbers are above.\n",
            );
            out
        }
    }
}

/// The goal line of a lab.
pub fn lab_goal(lab: &dyn Lab) -> String {
    let goal = lab.goal_line();
    let mut out = format!("Goal: {}\n", clean_line(&goal.goal));
    if let Some(now) = goal.now {
        let _ = writeln!(out, "Now: {}", clean_line(&now));
    }
    out
}

/// A key label (`←/→`, `Enter`) in the words plain mode accepts.
fn key_words(label: &str) -> String {
    label
        .replace("Enter/Space", "select")
        .replace("Shift ←/→", "page-left/page-right")
        .replace("←/→", "left/right")
        .replace("↑/↓", "up/down")
        .replace('←', "left")
        .replace('→', "right")
        .replace('↑', "up")
        .replace('↓', "down")
        .replace("Enter", "select")
        .replace("Space", "select")
}

/// An exercise as text: the file to edit and what its last check found.
pub fn exercise_state(state: Option<&ExerciseState>) -> String {
    let Some(state) = state else {
        return String::new();
    };
    let mut out = String::new();
    match &state.path {
        Some(path) => {
            let _ = writeln!(
                out,
                "Edit this file in your editor: {}\nThen type check. (restore puts the starter back, keeping yours as .bak.)",
                clean_line(&path.display().to_string())
            );
        }
        None => out.push_str("This exercise needs a data directory (set MLPATH_HOME).\n"),
    }
    match &state.checked {
        Checked::Problem(why) => {
            let _ = writeln!(out, "Problem: {}", clean_line(why));
        }
        Checked::Report(report) => {
            let _ = writeln!(
                out,
                "Check: {} of {} requirements met{}",
                report.met(),
                report.requirements.len(),
                if report.passed() { " (passed)" } else { "" }
            );
            for r in &report.requirements {
                match &r.outcome {
                    Outcome::Met => {
                        let _ = writeln!(out, "  met: {}", clean_line(&r.what));
                    }
                    Outcome::Unmet { reason, at } => {
                        let place = at
                            .as_ref()
                            .map(|p| format!(" (line {}, column {})", p.line, p.col))
                            .unwrap_or_default();
                        let _ = writeln!(
                            out,
                            "  not yet: {}{place}: {}",
                            clean_line(&r.what),
                            clean_line(reason)
                        );
                    }
                }
            }
        }
    }
    if let Some(notice) = &state.notice {
        let _ = writeln!(out, "{}", clean_line(&notice.text));
    }
    out
}
