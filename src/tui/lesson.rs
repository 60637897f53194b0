//! The lesson screen's state and update: one step at a time, quizzes with feedback,
//! a hint ladder, retries, labs hosted inside their step, and exercises (see
//! [`super::exercise`]).

use std::cell::Cell;
use std::path::PathBuf;
use std::time::SystemTime;

use crate::catalog::{Catalog, ExerciseStep, LabSpec, Lesson, Step};
use crate::exercises::workspace::Workspace;
use crate::labs::{self, Lab};
use crate::progress::{Progress, step_key};
use crate::skills::review::{Rating, start_card};

use super::action::Action;
use super::app::{move_selection, unanswered_quizzes};
use super::exercise::{ExerciseState, editor_notice};
use super::keymap::Context;
use super::number_input;

#[derive(Debug, Clone, PartialEq)]
pub enum Feedback {
    Correct,
    /// A wrong answer; the learner can try again.
    Wrong,
    /// The learner asked for the answer.
    Revealed,
    /// The input could not be read as an answer (nothing is recorded).
    Invalid(String),
}

/// The state of the quiz on the current step.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct QuizState {
    pub cursor: usize,
    /// Options ticked in a "select all that apply" question.
    pub chosen: Vec<usize>,
    /// The typed number.
    pub input: String,
    pub feedback: Option<Feedback>,
    pub hints_shown: usize,
    /// Wrong answers on this visit.
    pub wrong: u32,
    /// The learner has picked something in a one-answer question (moved the cursor or
    /// pressed Space); until then Enter asks for a choice instead of submitting the
    /// first option by accident.
    pub touched: bool,
    /// After a wrong "select all that apply" answer: how many options are right and
    /// which of the ticked ones are not (the rest stays hidden until `s`).
    pub partial: Option<Partial>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Partial {
    pub right: usize,
    pub right_ticked: usize,
    /// Ticked options that are wrong, by index.
    pub wrong_ticked: Vec<usize>,
}

/// A lab running in a step, or why it could not start.
pub struct LabSlot {
    pub lab: Result<Box<dyn Lab>, String>,
    pub recorded: bool,
}

pub struct LessonView {
    pub lesson: String,
    pub step: usize,
    pub quiz: QuizState,
    /// Scroll offset of the step's text, clamped by the view.
    pub scroll: usize,
    /// The largest useful scroll offset at the last draw.
    pub max_scroll: Cell<usize>,
    /// Showing the end-of-lesson panel.
    pub finished: bool,
    pub lab: Option<LabSlot>,
    /// The exercise on the current step, if it is one.
    pub exercise: Option<ExerciseState>,
    /// Where exercise files live (`None`: no data directory).
    pub workspace: Option<Workspace>,
    /// A lab step shows its whole text instead of the lab (`i`).
    pub lab_text: bool,
}

/// What an update asks of the app.
#[derive(Debug, Default, PartialEq)]
pub struct Outcome {
    pub changed_progress: bool,
    pub open_lesson: Option<String>,
    /// A self-assessment step asks for the self-assessment screen.
    pub open_assessment: Option<AssessRequest>,
    /// An exercise asks for its file to be opened in the learner's editor.
    pub edit_file: Option<PathBuf>,
}

/// The self-assessment a lesson step asks for.
#[derive(Debug, Clone, PartialEq)]
pub struct AssessRequest {
    /// The step's lab key, recorded as met once the learner has rated themself.
    pub lab_key: String,
    /// The skills to rate (the step's `skills` list); empty means every skill.
    pub skills: Vec<String>,
}

/// Whether a lab step is the self-assessment, which the tutor hosts as a screen.
/// The seed of a lab's hidden changes (a drifted feature, the onset of decay) for this
/// learner: drawn from when they started the lesson, so it stays put between sessions
/// and differs from another learner's. `None` before the lesson is started.
pub fn learner_seed(progress: &Progress, lesson: &str) -> Option<u64> {
    let started = progress.lessons.get(lesson)?.started_at.as_deref()?;
    Some(labs::learner_seed(&format!("{lesson}@{started}")))
}

pub fn is_self_assessment(step: &Step) -> bool {
    matches!(step, Step::Lab(lab) if matches!(lab.spec, LabSpec::SelfAssessment(_)))
}

impl LessonView {
    pub fn new(lesson: &str, step: usize) -> LessonView {
        LessonView {
            lesson: lesson.to_string(),
            step,
            quiz: QuizState::default(),
            scroll: 0,
            max_scroll: Cell::new(usize::MAX),
            finished: false,
            lab: None,
            exercise: None,
            workspace: None,
            lab_text: false,
        }
    }

    pub fn lesson<'c>(&self, catalog: &'c Catalog) -> Option<&'c Lesson> {
        catalog.lesson(&self.lesson)
    }

    pub fn context(&self, catalog: &Catalog) -> Context {
        if self.finished {
            return Context::LessonDone;
        }
        match self.lesson(catalog).and_then(|l| l.steps.get(self.step)) {
            Some(Step::Read { .. }) | None => Context::Read,
            Some(Step::Choice(_)) => Context::Choice,
            Some(Step::Number(_)) => Context::Number,
            Some(step) if is_self_assessment(step) => Context::AssessLab,
            Some(Step::Lab(_)) if self.lab_text => Context::LabText,
            Some(Step::Lab(_)) => Context::Lab,
            Some(Step::Exercise(_)) => Context::Exercise,
        }
    }

    /// Prepares the state of the current step, restoring an earlier answer.
    pub fn enter_step(&mut self, catalog: &Catalog, progress: &mut Progress) {
        self.quiz = QuizState::default();
        self.scroll = 0;
        self.lab_text = false;
        self.max_scroll.set(usize::MAX);
        self.lab = None;
        self.exercise = None;
        let Some(lesson) = self.lesson(catalog) else {
            return;
        };
        if let Some(record) = progress.step_record(&lesson.id, self.step) {
            self.quiz.hints_shown = record.hints_used as usize;
            if record.correct {
                self.quiz.feedback = Some(Feedback::Correct);
            } else if record.revealed {
                self.quiz.feedback = Some(Feedback::Revealed);
            }
        }
        if let Some(Step::Lab(step)) = lesson.steps.get(self.step)
            && let Some(lab) = labs::start_for(&step.spec, learner_seed(progress, &lesson.id))
        {
            let recorded = progress
                .labs
                .get(&step_key(&lesson.id, self.step))
                .is_some_and(|r| r.goal_met);
            self.lab = Some(LabSlot { lab, recorded });
        }
        if let Some(Step::Exercise(ex)) = lesson.steps.get(self.step) {
            self.exercise = Some(ExerciseState::enter(
                self.workspace.as_ref(),
                &lesson.id,
                self.step,
                ex,
                progress,
            ));
        }
    }

    /// Leaving the lesson screen.
    pub fn leave(&mut self) {
        self.lab = None;
        self.exercise = None;
    }

    pub fn busy(&self) -> bool {
        matches!(&self.lab, Some(LabSlot { lab: Ok(lab), .. }) if lab.busy())
            || self.exercise.as_ref().is_some_and(ExerciseState::pending)
    }

    /// Carries out an action. `now` is the app's clock (tests fix it): review cards
    /// started by an answer are dated with it.
    pub fn update(
        &mut self,
        action: Action,
        catalog: &Catalog,
        progress: &mut Progress,
        now: SystemTime,
    ) -> Outcome {
        let mut out = Outcome::default();
        let Some(lesson) = self.lesson(catalog) else {
            return out;
        };
        if self.finished {
            match action {
                Action::Select => {
                    let missing = unanswered_quizzes(lesson, progress);
                    if let Some(&first) = missing.first() {
                        self.go_to(first, catalog, progress, &mut out);
                    } else if let Some(next) = catalog.next_lesson(&lesson.id) {
                        out.open_lesson = Some(next.id.clone());
                    }
                }
                Action::PrevStep => {
                    self.finished = false;
                    let last = lesson.steps.len().saturating_sub(1);
                    self.go_to(last, catalog, progress, &mut out);
                }
                _ => {}
            }
            return out;
        }
        match action {
            Action::PrevStep if self.step > 0 => {
                self.go_to(self.step - 1, catalog, progress, &mut out)
            }
            Action::NextStep => self.advance(catalog, progress, &mut out),
            _ => match lesson.steps.get(self.step) {
                Some(Step::Read { .. }) => match action {
                    Action::Select => self.advance(catalog, progress, &mut out),
                    _ => self.scroll_by(action),
                },
                Some(Step::Choice(_)) | Some(Step::Number(_)) => {
                    self.update_quiz(action, catalog, progress, &mut out, now)
                }
                Some(Step::Lab(lab)) if is_self_assessment(&lesson.steps[self.step]) => {
                    let LabSpec::SelfAssessment(spec) = &lab.spec else {
                        return out;
                    };
                    out.open_assessment = (action == Action::Select).then(|| AssessRequest {
                        lab_key: step_key(&lesson.id, self.step),
                        skills: spec.skills.clone(),
                    });
                }
                Some(Step::Lab(_)) if action == Action::ToggleLabText => {
                    self.lab_text = !self.lab_text;
                    self.scroll = 0;
                    self.max_scroll.set(usize::MAX);
                }
                Some(Step::Lab(_)) if self.lab_text => self.scroll_by(action),
                Some(Step::Lab(_)) => self.update_lab(action, lesson, progress, &mut out),
                Some(Step::Exercise(ex)) => {
                    self.update_exercise(action, ex, catalog, progress, &mut out)
                }
                None => {}
            },
        }
        out
    }

    fn scroll_by(&mut self, action: Action) {
        let max = self.max_scroll.get();
        // An exercise scrolls to its newest hint with an offset past the end.
        self.scroll = self.scroll.min(max);
        move_selection(&mut self.scroll, max.saturating_add(1), action);
    }

    fn go_to(
        &mut self,
        step: usize,
        catalog: &Catalog,
        progress: &mut Progress,
        out: &mut Outcome,
    ) {
        self.step = step;
        self.finished = false;
        self.enter_step(catalog, progress);
        progress.set_step(&self.lesson, step);
        out.changed_progress = true;
    }

    /// Next step, or the end-of-lesson panel after the last one.
    fn advance(&mut self, catalog: &Catalog, progress: &mut Progress, out: &mut Outcome) {
        let Some(lesson) = self.lesson(catalog) else {
            return;
        };
        if self.step + 1 < lesson.steps.len() {
            self.go_to(self.step + 1, catalog, progress, out);
            return;
        }
        self.lab = None;
        self.exercise = None;
        self.finished = true;
        if unanswered_quizzes(lesson, progress).is_empty() {
            let id = lesson.id.clone();
            progress.complete_lesson(&id);
            out.changed_progress = true;
        }
    }

    fn update_quiz(
        &mut self,
        action: Action,
        catalog: &Catalog,
        progress: &mut Progress,
        out: &mut Outcome,
        now: SystemTime,
    ) {
        let Some(lesson) = self.lesson(catalog) else {
            return;
        };
        let id = lesson.id.clone();
        let step = &lesson.steps[self.step];
        let answered = matches!(
            self.quiz.feedback,
            Some(Feedback::Correct | Feedback::Revealed)
        );
        let hints = match step {
            Step::Choice(c) => c.hints.len(),
            Step::Number(n) => n.hints.len(),
            _ => 0,
        };
        match action {
            Action::Hint if self.quiz.hints_shown < hints => {
                self.quiz.hints_shown += 1;
                if !answered {
                    progress.record_hints(&id, self.step, self.quiz.hints_shown as u32);
                    out.changed_progress = true;
                }
            }
            Action::Reveal if !answered && self.quiz.wrong > 0 => {
                self.quiz.feedback = Some(Feedback::Revealed);
                progress.record_reveal(&id, self.step);
                start_card(progress, &id, self.step, Rating::Again, now);
                out.changed_progress = true;
            }
            Action::Select if answered => self.advance(catalog, progress, out),
            _ if answered => {}
            _ => match step {
                Step::Choice(choice) => {
                    let n = choice.options.len();
                    match action {
                        Action::Up | Action::Down => {
                            move_selection(&mut self.quiz.cursor, n, action);
                            self.quiz.touched = true;
                            self.quiz.feedback = None;
                        }
                        Action::Toggle if !choice.multi => {
                            self.quiz.touched = true;
                            self.quiz.feedback = None;
                        }
                        Action::Toggle if choice.multi => {
                            let c = self.quiz.cursor;
                            if let Some(pos) = self.quiz.chosen.iter().position(|&x| x == c) {
                                self.quiz.chosen.remove(pos);
                            } else {
                                self.quiz.chosen.push(c);
                            }
                            self.quiz.feedback = None;
                        }
                        Action::Select if !choice.multi && !self.quiz.touched => {
                            self.quiz.feedback = Some(Feedback::Invalid(
                                "Choose an answer first: move to it with ↑/↓ (Space marks the \
                                 one under the cursor), then press Enter."
                                    .into(),
                            ));
                        }
                        Action::Select => {
                            let chosen = if choice.multi {
                                self.quiz.chosen.clone()
                            } else {
                                vec![self.quiz.cursor]
                            };
                            if chosen.is_empty() {
                                self.quiz.feedback = Some(Feedback::Invalid(
                                    "Tick the options that apply with Space, then press Enter."
                                        .into(),
                                ));
                                return;
                            }
                            let correct = choice.is_correct(&chosen);
                            self.quiz.partial = (choice.multi && !correct).then(|| {
                                let mut wrong_ticked: Vec<usize> = chosen
                                    .iter()
                                    .copied()
                                    .filter(|c| !choice.answers.contains(c))
                                    .collect();
                                wrong_ticked.sort_unstable();
                                Partial {
                                    right: choice.answers.len(),
                                    right_ticked: chosen.len() - wrong_ticked.len(),
                                    wrong_ticked,
                                }
                            });
                            let mut shown = chosen.clone();
                            shown.sort_unstable();
                            let answer = shown
                                .iter()
                                .filter_map(|&i| choice.options.get(i).map(String::as_str))
                                .collect::<Vec<_>>()
                                .join(" + ");
                            self.submit(&id, (correct, &answer), progress, out, now);
                        }
                        _ => {}
                    }
                }
                Step::Number(number) => match action {
                    Action::Input(c) if !number_input::is_number_char(c) => {
                        self.quiz.feedback = Some(Feedback::Invalid(format!(
                            "'{c}' cannot be part of a number: type digits, a decimal point or \
                             comma, / for a fraction or % for a percentage."
                        )));
                    }
                    Action::Input(c) if self.quiz.input.chars().count() < 24 => {
                        self.quiz.input.push(c);
                        self.quiz.feedback = None;
                    }
                    Action::Input(_) => {
                        self.quiz.feedback = Some(Feedback::Invalid(
                            "That is as long as an answer can be (24 characters).".into(),
                        ));
                    }
                    Action::DeleteChar => {
                        self.quiz.input.pop();
                        self.quiz.feedback = None;
                    }
                    Action::Select => match number_input::parse_answer(&self.quiz.input) {
                        Ok(v) => {
                            let correct = number.is_correct(v);
                            let typed = self.quiz.input.clone();
                            self.submit(&id, (correct, &typed), progress, out, now);
                        }
                        Err(why) => self.quiz.feedback = Some(Feedback::Invalid(why)),
                    },
                    _ => {}
                },
                _ => {}
            },
        }
    }

    /// Records an answer, `(correct, what was answered)`.
    fn submit(
        &mut self,
        lesson: &str,
        (correct, answer): (bool, &str),
        progress: &mut Progress,
        out: &mut Outcome,
        now: SystemTime,
    ) {
        progress.record_answer(lesson, self.step, correct, self.quiz.hints_shown as u32);
        if !correct {
            progress.record_wrong_answer(lesson, self.step, answer);
        }
        // The first answer starts the item's review card (later tries leave it).
        let rating = Rating::from_quiz(correct, self.quiz.hints_shown as u32);
        start_card(progress, lesson, self.step, rating, now);
        out.changed_progress = true;
        if correct {
            self.quiz.feedback = Some(Feedback::Correct);
        } else {
            self.quiz.wrong += 1;
            self.quiz.feedback = Some(Feedback::Wrong);
        }
    }

    fn update_lab(
        &mut self,
        action: Action,
        lesson: &Lesson,
        progress: &mut Progress,
        out: &mut Outcome,
    ) {
        if let (Action::Lab(key), Some(LabSlot { lab: Ok(lab), .. })) = (action, self.lab.as_mut())
        {
            lab.handle(key);
        }
        self.record_lab_goal(lesson, progress, out);
    }

    fn record_lab_goal(&mut self, lesson: &Lesson, progress: &mut Progress, out: &mut Outcome) {
        if let Some(slot) = self.lab.as_mut()
            && let Ok(lab) = &slot.lab
            && !slot.recorded
            && let Some(summary) = lab.goal_met()
        {
            progress.record_lab(&step_key(&lesson.id, self.step), true, &summary);
            slot.recorded = true;
            out.changed_progress = true;
        }
    }

    fn update_exercise(
        &mut self,
        action: Action,
        ex: &ExerciseStep,
        catalog: &Catalog,
        progress: &mut Progress,
        out: &mut Outcome,
    ) {
        let Some(state) = self.exercise.as_mut() else {
            return;
        };
        if action != Action::Restore {
            state.cancel_restore();
        }
        match action {
            Action::Edit => out.edit_file = state.path.clone(),
            Action::Restore => out.changed_progress |= state.restore(ex, progress),
            Action::Recheck => out.changed_progress |= state.check_now(ex, progress),
            Action::Hint if self.quiz.hints_shown < ex.hints.len() => {
                self.quiz.hints_shown += 1;
                // The hints follow the task: scroll to the new one (the view clamps).
                self.scroll = usize::MAX;
                progress.record_hints(&self.lesson, self.step, self.quiz.hints_shown as u32);
                out.changed_progress = true;
            }
            Action::Select => self.advance(catalog, progress, out),
            _ => self.scroll_by(action),
        }
    }

    /// The learner's editor returned: re-check the exercise at once. `result` is a
    /// note (a fallback editor was used) or what went wrong. Returns whether progress
    /// changed.
    pub fn after_editor(
        &mut self,
        result: Result<Option<String>, String>,
        catalog: &Catalog,
        progress: &mut Progress,
    ) -> bool {
        let Some(Step::Exercise(ex)) = catalog
            .lesson(&self.lesson)
            .and_then(|l| l.steps.get(self.step))
        else {
            return false;
        };
        match self.exercise.as_mut() {
            Some(state) => state.after_editor(ex, editor_notice(result), progress),
            None => false,
        }
    }

    /// Collects a lab's background results: (redraw needed, progress changed).
    pub fn poll(&mut self, catalog: &Catalog, progress: &mut Progress) -> (bool, bool) {
        if let Some(state) = self.exercise.as_mut()
            && let Some(Step::Exercise(ex)) = catalog
                .lesson(&self.lesson)
                .and_then(|l| l.steps.get(self.step))
        {
            return state.poll(ex, progress);
        }
        let changed = match self.lab.as_mut() {
            Some(LabSlot { lab: Ok(lab), .. }) => lab.poll(),
            _ => false,
        };
        let mut out = Outcome::default();
        if changed && let Some(lesson) = catalog.lesson(&self.lesson) {
            self.record_lab_goal(lesson, progress, &mut out);
        }
        (changed, out.changed_progress)
    }
}
