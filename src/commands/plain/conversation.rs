//! The plain-mode loop: read a line, turn it into the tutor's actions, apply them to
//! the [`App`] exactly as the full-screen tutor does, save when progress changed, and
//! print what changed.

use std::io::{self, BufRead, Write};
use std::sync::Arc;
use std::time::{Duration, Instant};

use super::{read_line, say, text};
use crate::catalog::{Catalog, Step};
use crate::labs::LabKey;
use crate::progress::Progress;
use crate::skills::MAX_LEVEL;
use crate::tui::action::Action;
use crate::tui::app::{App, Screen};
use crate::tui::lesson::{Feedback, LessonView, is_self_assessment};

/// How long plain mode waits for a lab's background work before prompting again.
const LAB_WAIT: Duration = Duration::from_secs(120);

pub struct Conversation<R, W, S> {
    app: App,
    input: R,
    out: W,
    save: S,
}

impl<R, W, S> Conversation<R, W, S>
where
    R: BufRead,
    W: Write,
    S: FnMut(&mut Progress) -> Result<(), String>,
{
    pub fn new(app: App, input: R, out: W, save: S) -> Self {
        Conversation {
            app,
            input,
            out,
            save,
        }
    }

    /// The progress as it stands (for tests).
    pub fn progress(&self) -> &Progress {
        &self.app.progress
    }

    /// Talks until the learner quits or the input ends.
    pub fn run(&mut self, notes: &[String]) -> io::Result<()> {
        say(
            &mut self.out,
            "mlpath, plain mode. Type help for the commands, quit to leave.",
        )?;
        for note in notes {
            say(&mut self.out, &format!("Note: {note}"))?;
        }
        let mut show = true;
        loop {
            let keep_going = match self.app.screen() {
                Screen::Lesson(_) => self.lesson_turn(&mut show)?,
                Screen::Assess(_) => self.assess_turn(&mut show)?,
                _ => self.menu_turn(&mut show)?,
            };
            self.persist()?;
            if !keep_going {
                return say(&mut self.out, "Goodbye.");
            }
        }
    }

    /// Saves when progress changed, as the tutor's loop does; a failed save is told.
    fn persist(&mut self) -> io::Result<()> {
        if self.app.dirty {
            self.app.dirty = false;
            if let Err(e) = (self.save)(&mut self.app.progress) {
                say(&mut self.out, &format!("Progress could not be saved: {e}"))?;
            }
        }
        Ok(())
    }

    fn catalog(&self) -> Arc<Catalog> {
        Arc::clone(&self.app.catalog)
    }

    fn prompt(&mut self) -> io::Result<Option<String>> {
        self.out.write_all(b"> ")?;
        self.out.flush()?;
        read_line(&mut self.input)
    }

    /// The list of lessons: a number or a lesson id opens one.
    fn menu_turn(&mut self, show: &mut bool) -> io::Result<bool> {
        // Any other screen of the tutor (skills, roles...) is reached with its command.
        while self.app.stack.len() > 1 {
            self.app.update(Action::Back);
        }
        let catalog = self.catalog();
        if *show {
            let mut list = text::lesson_list(&catalog, &self.app.progress);
            if let Some((lesson, fresh)) = self.app.continue_target() {
                list.push_str(&format!(
                    "Type a lesson's number or id; an empty line {} {lesson}.",
                    if fresh { "starts" } else { "continues" }
                ));
            } else {
                list.push_str("Type a lesson's number or id.");
            }
            say(&mut self.out, &list)?;
            *show = false;
        }
        let Some(line) = self.prompt()? else {
            return Ok(false);
        };
        let lessons = text::numbered_lessons(&catalog);
        let chosen = match line.as_str() {
            "quit" | "q" | "exit" => return Ok(false),
            "help" | "?" => {
                say(&mut self.out, text::HELP)?;
                return Ok(true);
            }
            "lessons" | "list" => {
                *show = true;
                return Ok(true);
            }
            "" => self.app.continue_target().map(|(id, _)| id),
            _ => match line.parse::<usize>() {
                Ok(n) if (1..=lessons.len()).contains(&n) => Some(lessons[n - 1].id.clone()),
                _ => lessons.iter().find(|l| l.id == line).map(|l| l.id.clone()),
            },
        };
        match chosen {
            Some(id) => {
                self.app.open_lesson(&id);
                *show = true;
            }
            None => say(
                &mut self.out,
                &format!(
                    "There is no lesson '{line}'. Type a number from 1 to {}, or lessons for the list.",
                    lessons.len()
                ),
            )?,
        }
        Ok(true)
    }

    fn view(&self) -> Option<&LessonView> {
        match self.app.screen() {
            Screen::Lesson(view) => Some(view),
            _ => None,
        }
    }

    fn view_mut(&mut self) -> Option<&mut LessonView> {
        match self.app.stack.last_mut() {
            Some(Screen::Lesson(view)) => Some(view),
            _ => None,
        }
    }

    /// Where the learner is: lesson, step, end panel.
    fn place(&self) -> Option<(String, usize, bool)> {
        self.view().map(|v| (v.lesson.clone(), v.step, v.finished))
    }

    fn print_step(&mut self) -> io::Result<()> {
        // A lab that is still training has no numbers to tell yet.
        self.wait_for_lab();
        let catalog = self.catalog();
        let Some(view) = self.view() else {
            return Ok(());
        };
        let Some(lesson) = catalog.lesson(&view.lesson) else {
            return Ok(());
        };
        let text = text::step(lesson, view, &self.app.progress);
        say(&mut self.out, &text)
    }

    fn current_step(&self) -> Option<Step> {
        let view = self.view()?;
        self.app
            .catalog
            .lesson(&view.lesson)?
            .steps
            .get(view.step)
            .cloned()
    }

    fn lesson_turn(&mut self, show: &mut bool) -> io::Result<bool> {
        if *show {
            self.print_step()?;
            *show = false;
        }
        let Some(line) = self.prompt()? else {
            return Ok(false);
        };
        let before = self.place();
        let finished = before.as_ref().is_some_and(|p| p.2);
        let step = self.current_step();
        let answered = self.view().is_some_and(|v| {
            matches!(
                v.quiz.feedback,
                Some(Feedback::Correct | Feedback::Revealed)
            )
        });
        let command = line.to_lowercase();
        match command.as_str() {
            "quit" | "q" | "exit" => return Ok(false),
            "help" | "?" => say(&mut self.out, text::HELP)?,
            "step" => *show = true,
            "lessons" | "list" | "menu" => {
                self.app.update(Action::Back);
                *show = true;
                return Ok(true);
            }
            "back" | "prev" | "previous" => self.app.update(Action::PrevStep),
            "" | "next" | "n" if finished => self.app.update(Action::Select),
            "" if step.as_ref().is_some_and(Step::is_quiz) && !answered => {
                say(
                    &mut self.out,
                    "Type your answer, hint, answer (to see it after a try), or next to skip.",
                )?;
            }
            "" | "next" | "n" => self.app.update(Action::NextStep),
            "hint" | "h" => self.hint(step.as_ref())?,
            "answer" | "show answer" => self.reveal(step.as_ref())?,
            _ => match &step {
                Some(Step::Choice(_)) | Some(Step::Number(_)) if !finished => {
                    self.answer(step.as_ref().expect("matched"), &line)?
                }
                Some(s @ Step::Lab(_)) if is_self_assessment(s) && command == "rate" => {
                    self.app.update(Action::Select);
                    *show = true;
                    return Ok(true);
                }
                Some(Step::Lab(_)) if !finished => self.lab_command(&line)?,
                Some(Step::Exercise(_)) if !finished => self.exercise_command(&command)?,
                _ => say(
                    &mut self.out,
                    &format!("'{line}' is not a command here; type help for the commands."),
                )?,
            },
        }
        if self.place() != before || self.view().is_none() {
            *show = true;
        }
        Ok(true)
    }

    fn hint(&mut self, step: Option<&Step>) -> io::Result<()> {
        let Some(step) = step else { return Ok(()) };
        let shown_before = self.view().map_or(0, |v| v.quiz.hints_shown);
        self.app.update(Action::Hint);
        let shown = self.view().map_or(0, |v| v.quiz.hints_shown);
        let text = if shown > shown_before {
            text::hint(step, shown)
        } else {
            None
        };
        say(
            &mut self.out,
            &text.unwrap_or_else(|| "There are no more hints for this step.".into()),
        )
    }

    fn reveal(&mut self, step: Option<&Step>) -> io::Result<()> {
        let Some(step) = step.filter(|s| s.is_quiz()) else {
            return say(&mut self.out, "Only a quiz has an answer to show.");
        };
        if self
            .view()
            .is_some_and(|v| v.quiz.wrong == 0 && v.quiz.feedback.is_none())
        {
            return say(
                &mut self.out,
                "Try an answer first; the answer can be shown after a wrong try.",
            );
        }
        self.app.update(Action::Reveal);
        self.say_feedback(step)
    }

    fn say_feedback(&mut self, step: &Step) -> io::Result<()> {
        let text = self.view().and_then(|v| text::feedback(step, v));
        match text {
            Some(text) => say(&mut self.out, &text),
            None => Ok(()),
        }
    }

    /// An answer typed to a quiz: option numbers or text, or a number; graded by the
    /// lesson's own update as if the keys had been pressed.
    fn answer(&mut self, step: &Step, line: &str) -> io::Result<()> {
        match step {
            Step::Choice(choice) => {
                let Some(chosen) = parse_choice(line, &choice.options) else {
                    return say(
                        &mut self.out,
                        &format!(
                            "Type an option's number from 1 to {} (or its text).",
                            choice.options.len()
                        ),
                    );
                };
                if !choice.multi && chosen.len() != 1 {
                    return say(
                        &mut self.out,
                        "This question has one answer: type one number.",
                    );
                }
                if let Some(view) = self.view_mut() {
                    view.quiz.cursor = chosen[0];
                    view.quiz.touched = true;
                    view.quiz.chosen = if choice.multi { chosen } else { Vec::new() };
                }
                self.app.update(Action::Select);
            }
            Step::Number(_) => {
                let typed = self.view().map_or(0, |v| v.quiz.input.chars().count());
                for _ in 0..typed {
                    self.app.update(Action::DeleteChar);
                }
                for c in line.chars() {
                    self.app.update(Action::Input(c));
                    if matches!(
                        self.view().and_then(|v| v.quiz.feedback.as_ref()),
                        Some(Feedback::Invalid(_))
                    ) {
                        return self.say_feedback(step);
                    }
                }
                self.app.update(Action::Select);
            }
            _ => {}
        }
        self.say_feedback(step)
    }

    /// A lab key typed as a word (`left`) or its letter; letters keep their case
    /// (`s` and `S` are different keys).
    fn lab_command(&mut self, typed: &str) -> io::Result<()> {
        let command = typed.to_lowercase();
        let key = match command.as_str() {
            "left" => LabKey::Left,
            "right" => LabKey::Right,
            "up" => LabKey::Up,
            "down" => LabKey::Down,
            "page-left" => LabKey::CoarseLeft,
            "page-right" => LabKey::CoarseRight,
            "select" | "enter" | "space" => LabKey::Select,
            _ => {
                let mut chars = typed.chars();
                match (chars.next(), chars.next()) {
                    (Some(c), None) if c.is_alphanumeric() => LabKey::Char(c),
                    _ => {
                        return say(
                            &mut self.out,
                            &format!("'{typed}' is not a key of this lab; type step to see them."),
                        );
                    }
                }
            }
        };
        self.app.update(Action::Lab(key));
        self.wait_for_lab();
        let state = self.view().map(text::lab_state).unwrap_or_default();
        let goal = state
            .lines()
            .take_while(|l| !l.starts_with("Keys"))
            .collect::<Vec<_>>()
            .join("\n");
        say(&mut self.out, &goal)
    }

    /// Lets a lab's background work finish, polling as the tutor's loop does.
    fn wait_for_lab(&mut self) {
        let started = Instant::now();
        loop {
            self.app.poll();
            if !self.app.busy() || started.elapsed() > LAB_WAIT {
                break;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn exercise_command(&mut self, command: &str) -> io::Result<()> {
        let action = match command {
            "check" => Action::Recheck,
            "restore" => Action::Restore,
            _ => {
                return say(
                    &mut self.out,
                    &format!("'{command}' is not a command here; type help for the commands."),
                );
            }
        };
        self.app.update(action);
        let state = text::exercise_state(self.view().and_then(|v| v.exercise.as_ref()));
        say(&mut self.out, &state)
    }

    /// The self-assessment: `<number or skill id> <level>` rates, `done` goes back.
    fn assess_turn(&mut self, show: &mut bool) -> io::Result<bool> {
        let catalog = self.catalog();
        let Screen::Assess(state) = self.app.screen() else {
            return Ok(true);
        };
        let skills = state.skills.clone();
        if *show {
            let mut list = String::from("Rate yourself from 0 to 5 in each skill:\n");
            for (i, id) in skills.iter().enumerate() {
                let name = catalog.skill(id).map_or(id.as_str(), |s| s.name.as_str());
                let level = self
                    .app
                    .progress
                    .self_level(id)
                    .map_or("not rated".to_string(), |l| {
                        format!("{l} ({})", catalog.level_name(l))
                    });
                list.push_str(&format!("  {}. {name}: {level}\n", i + 1));
            }
            list.push_str(
                "Type a skill's number and a level (e.g. 2 3); done (or an empty line) when finished.",
            );
            say(&mut self.out, &list)?;
            *show = false;
        }
        let Some(line) = self.prompt()? else {
            return Ok(false);
        };
        match line.as_str() {
            "quit" | "q" | "exit" => return Ok(false),
            "" | "done" | "back" => {
                self.app.update(Action::Back);
                *show = true;
                return Ok(true);
            }
            _ => {}
        }
        let mut words = line.split_whitespace();
        let (which, level) = (
            words.next(),
            words.next().and_then(|l| l.parse::<u8>().ok()),
        );
        let index = which.and_then(|w| match w.parse::<usize>() {
            Ok(n) if (1..=skills.len()).contains(&n) => Some(n - 1),
            _ => skills.iter().position(|s| s == w),
        });
        match (index, level) {
            (Some(i), Some(level)) if level <= MAX_LEVEL => {
                self.rate(i, level);
                *show = true;
            }
            _ => say(
                &mut self.out,
                &format!(
                    "Type a skill's number (1 to {}) and a level from 0 to {MAX_LEVEL}, e.g. 1 3.",
                    skills.len()
                ),
            )?,
        }
        Ok(true)
    }

    /// Sets a rating with the assessment screen's own keys (lower, raise).
    fn rate(&mut self, index: usize, level: u8) {
        if let Some(Screen::Assess(state)) = self.app.stack.last_mut() {
            state.selected = index;
        }
        let skill = match self.app.screen() {
            Screen::Assess(state) => state.skills[index].clone(),
            _ => return,
        };
        for _ in 0..=MAX_LEVEL + 1 {
            match self.app.progress.self_level(&skill) {
                Some(now) if now == level => break,
                Some(now) if now > level => self.app.update(Action::Lower),
                _ => self.app.update(Action::Raise),
            }
        }
    }
}

/// Option indices from `1 3`, `1,3` or an option's text (case and spacing ignored).
fn parse_choice(line: &str, options: &[String]) -> Option<Vec<usize>> {
    let numbers: Option<Vec<usize>> = line
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|w| !w.is_empty())
        .map(|w| match w.parse::<usize>() {
            Ok(n) if (1..=options.len()).contains(&n) => Some(n - 1),
            _ => None,
        })
        .collect();
    if let Some(mut numbers) = numbers.filter(|n| !n.is_empty()) {
        numbers.sort_unstable();
        numbers.dedup();
        return Some(numbers);
    }
    let wanted = normalise(line);
    options
        .iter()
        .position(|o| normalise(o) == wanted)
        .map(|i| vec![i])
}

fn normalise(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn choices_are_numbers_or_option_text() {
        let options = vec!["Precision".to_string(), "Recall  rate".to_string()];
        assert_eq!(parse_choice("2", &options), Some(vec![1]));
        assert_eq!(parse_choice("2, 1 2", &options), Some(vec![0, 1]));
        assert_eq!(parse_choice("recall rate", &options), Some(vec![1]));
        assert_eq!(parse_choice("3", &options), None);
        assert_eq!(parse_choice("0", &options), None);
        assert_eq!(parse_choice("f1", &options), None);
    }
}
