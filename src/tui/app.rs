//! The application state and its pure update: an [`Action`] changes the [`App`];
//! nothing here touches the terminal, and only an exercise step touches the disk
//! (its file in the learner's workspace); the loop saves progress when [`App::dirty`]
//! is set and opens the editor when [`App::editor_request`] is set.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::SystemTime;

use crate::catalog::{Catalog, Lesson, Step};
use crate::exercises::workspace::Workspace;
use crate::progress::{Progress, Status, step_key};

use super::action::Action;
use super::career::AssessState;
use super::keymap::Context;
use super::lesson::LessonView;
use super::review::ReviewSession;
use crate::draw::theme::Theme;

/// One entry of the home screen.
#[derive(Debug, Clone, PartialEq)]
pub enum HomeItem {
    /// Continue (or start) a lesson: the first entry, so Enter opens it.
    Continue {
        lesson: String,
        fresh: bool,
    },
    Track(usize),
    Problems,
    /// The skills map.
    Skills,
    /// The career roles, best first.
    Roles,
    /// Rate yourself skill by skill.
    Assess,
    /// Spaced review of answered quizzes.
    Review,
    /// The target role's readiness and next lesson.
    TargetRole(String),
}

pub enum Screen {
    Home {
        selected: usize,
    },
    Track {
        track: usize,
        selected: usize,
    },
    Lesson(Box<LessonView>),
    Problems {
        scroll: usize,
    },
    Skills {
        selected: usize,
    },
    Roles {
        selected: usize,
    },
    /// One role: required against current levels, and the plan (`selected` in it).
    Role {
        role: String,
        selected: usize,
    },
    Assess(AssessState),
    Review(Box<ReviewSession>),
}

pub struct App {
    pub catalog: Arc<Catalog>,
    pub progress: Progress,
    pub theme: Theme,
    /// Messages for the learner (a moved-aside progress file, a failed save...).
    pub notices: Vec<String>,
    /// Notices before this index were hidden with `x` (new ones still show).
    pub notices_dismissed: usize,
    /// Screens, the current one last; the home screen is always first.
    pub stack: Vec<Screen>,
    /// The help overlay, with its scroll offset.
    pub help: Option<usize>,
    pub quit: bool,
    /// Progress changed and must be saved.
    pub dirty: bool,
    /// The time, for review scheduling and retention (tests fix it).
    pub clock: fn() -> SystemTime,
    /// Where exercise files live (`None`: exercises say a data directory is needed).
    pub workspace: Option<Workspace>,
    /// An exercise asked to open this file in the learner's editor; the loop hands
    /// the terminal over and calls [`App::editor_returned`].
    pub editor_request: Option<PathBuf>,
    /// `lessons preview`: the lesson file reloaded on every save.
    pub preview: Option<super::preview::Preview>,
}

impl App {
    pub fn new(catalog: Arc<Catalog>, progress: Progress, theme: Theme) -> App {
        App {
            catalog,
            progress,
            theme,
            notices: Vec::new(),
            notices_dismissed: 0,
            stack: vec![Screen::Home { selected: 0 }],
            help: None,
            quit: false,
            dirty: false,
            clock: SystemTime::now,
            workspace: None,
            editor_request: None,
            preview: None,
        }
    }

    pub fn screen(&self) -> &Screen {
        self.stack.last().expect("the home screen is never popped")
    }

    fn screen_mut(&mut self) -> &mut Screen {
        self.stack
            .last_mut()
            .expect("the home screen is never popped")
    }

    /// The notices still shown at the top.
    pub fn visible_notices(&self) -> &[String] {
        &self.notices[self.notices_dismissed.min(self.notices.len())..]
    }

    /// Which keys apply now.
    pub fn context(&self) -> Context {
        if self.help.is_some() {
            return Context::Help;
        }
        self.screen_context()
    }

    /// Which keys apply on the current screen (under the help overlay, if open).
    pub fn screen_context(&self) -> Context {
        match self.screen() {
            Screen::Home { .. } => Context::Home,
            Screen::Track { .. } => Context::Track,
            Screen::Problems { .. } => Context::Problems,
            Screen::Lesson(view) => view.context(&self.catalog),
            Screen::Skills { .. } => Context::Skills,
            Screen::Roles { .. } => Context::Roles,
            Screen::Role { .. } => Context::Role,
            Screen::Assess(state) if state.form.is_some() => Context::AssessForm,
            Screen::Assess(_) => Context::Assess,
            Screen::Review(session) => session.context(&self.catalog),
        }
    }

    /// The home screen's entries, derived from the catalog and progress.
    pub fn home_items(&self) -> Vec<HomeItem> {
        let mut items = Vec::new();
        if let Some((lesson, fresh)) = self.continue_target() {
            items.push(HomeItem::Continue { lesson, fresh });
        }
        items.extend((0..self.catalog.tracks.len()).map(HomeItem::Track));
        items.extend(self.career_items());
        if !self.catalog.problems.is_empty() {
            items.push(HomeItem::Problems);
        }
        items
    }

    /// The lesson to continue: the last one opened if not done, else the first lesson
    /// not done in catalog order. `fresh` when nothing was started yet.
    pub fn continue_target(&self) -> Option<(String, bool)> {
        if let Some(last) = &self.progress.last_lesson
            && self.catalog.lesson(last).is_some()
            && self.progress.status(last) != Status::Done
        {
            return Some((last.clone(), false));
        }
        let fresh = self.progress.lessons.is_empty();
        let after_last = self.progress.last_lesson.as_deref().and_then(|last| {
            let mut seen = false;
            self.catalog.lessons().find(|l| {
                let pick = seen && self.progress.status(&l.id) != Status::Done;
                seen |= l.id == last;
                pick
            })
        });
        after_last
            .or_else(|| {
                self.catalog
                    .lessons()
                    .find(|l| self.progress.status(&l.id) != Status::Done)
            })
            .map(|l| (l.id.clone(), fresh))
    }

    /// Done and total lessons of a track.
    pub fn track_counts(&self, track: usize) -> (usize, usize) {
        let lessons = &self.catalog.tracks[track].lessons;
        let done = lessons
            .iter()
            .filter(|l| self.progress.status(&l.id) == Status::Done)
            .count();
        (done, lessons.len())
    }

    /// Lessons required by `lesson` that are not done yet.
    pub fn missing_prerequisites(&self, lesson: &Lesson) -> Vec<String> {
        lesson
            .requires
            .iter()
            .filter(|r| self.progress.status(r) != Status::Done)
            .cloned()
            .collect()
    }

    /// Applies one action.
    pub fn update(&mut self, action: Action) {
        if action == Action::Quit {
            self.quit = true;
            return;
        }
        if let Some(scroll) = self.help.as_mut() {
            match action {
                Action::Help | Action::Back => self.help = None,
                Action::Down | Action::PageDown => {
                    *scroll += if action == Action::Down { 1 } else { 10 }
                }
                Action::Up | Action::PageUp => {
                    *scroll = scroll.saturating_sub(if action == Action::Up { 1 } else { 10 })
                }
                _ => {}
            }
            return;
        }
        if action == Action::Help {
            self.help = Some(0);
            return;
        }
        if action == Action::Back && self.screen_context() == Context::AssessForm {
            // Esc closes the evidence form, not the self-assessment.
            self.update_assess(action);
            return;
        }
        if action == Action::Back {
            self.back();
            return;
        }
        if action == Action::OpenPlan {
            self.open_plan();
            return;
        }
        match self.screen() {
            Screen::Home { .. } => self.update_home(action),
            Screen::Track { .. } => self.update_track(action),
            Screen::Problems { .. } => self.update_problems(action),
            Screen::Lesson(_) => self.update_lesson(action),
            Screen::Skills { .. } => self.update_skills(action),
            Screen::Roles { .. } => self.update_roles(action),
            Screen::Role { .. } => self.update_role(action),
            Screen::Assess(_) => self.update_assess(action),
            Screen::Review(_) => self.update_review(action),
        }
    }

    fn back(&mut self) {
        if self.stack.len() > 1 {
            if let Some(Screen::Lesson(view)) = self.stack.last_mut() {
                view.leave();
            }
            let left = self.stack.pop();
            if let Some(Screen::Assess(state)) = left {
                self.after_assessment(state);
            }
        }
    }

    fn update_home(&mut self, action: Action) {
        let items = self.home_items();
        let Screen::Home { selected } = self.screen_mut() else {
            return;
        };
        move_selection(selected, items.len(), action);
        match action {
            Action::Select => match items.get(*selected) {
                Some(HomeItem::Continue { lesson, .. }) => {
                    let lesson = lesson.clone();
                    self.open_lesson(&lesson);
                }
                Some(HomeItem::Track(track)) => {
                    let track = *track;
                    let selected = self.first_unfinished(track);
                    self.stack.push(Screen::Track { track, selected });
                }
                Some(HomeItem::Problems) => self.stack.push(Screen::Problems { scroll: 0 }),
                Some(item) => {
                    let item = item.clone();
                    self.open_career_item(&item);
                }
                None => {}
            },
            Action::DismissNotices => self.notices_dismissed = self.notices.len(),
            Action::Problems if !self.catalog.problems.is_empty() => {
                self.stack.push(Screen::Problems { scroll: 0 })
            }
            _ => {}
        }
    }

    fn first_unfinished(&self, track: usize) -> usize {
        self.catalog.tracks[track]
            .lessons
            .iter()
            .position(|l| self.progress.status(&l.id) != Status::Done)
            .unwrap_or(0)
    }

    fn update_track(&mut self, action: Action) {
        let catalog = Arc::clone(&self.catalog);
        let Screen::Track { track, selected } = self.screen_mut() else {
            return;
        };
        let lessons = &catalog.tracks[*track].lessons;
        move_selection(selected, lessons.len(), action);
        if let Some(lesson) = lessons.get(*selected) {
            match action {
                Action::Select => self.open_lesson(&lesson.id),
                Action::Practise => self.open_lesson_practice(&lesson.id),
                _ => {}
            }
        }
    }

    fn update_problems(&mut self, action: Action) {
        let n = self.catalog.problems.len();
        if let Screen::Problems { scroll } = self.screen_mut() {
            move_selection(scroll, n, action);
        }
    }

    /// Opens a lesson where the learner left it, marking it in progress.
    pub fn open_lesson(&mut self, id: &str) {
        let Some(lesson) = self.catalog.lesson(id) else {
            return;
        };
        let steps = lesson.steps.len();
        let start = self
            .progress
            .lesson_record(id)
            .filter(|r| r.status != Status::Done)
            .map(|r| r.current_step.min(steps.saturating_sub(1)))
            .unwrap_or(0);
        // A finished lesson reopens at its start, for review; otherwise where it was left.
        self.progress.open_lesson(id, steps);
        self.progress.note_lesson_version(id, &lesson.content_hash);
        self.dirty = true;
        let mut view = LessonView::new(id, start);
        view.workspace = self.workspace.clone();
        view.enter_step(&self.catalog, &mut self.progress);
        // A lesson opened from a lesson's "next" replaces it, so Esc goes back to the list:
        // the list of the new lesson's track, when "next" crossed into another one.
        if matches!(self.screen(), Screen::Lesson(_)) {
            self.back();
            let place = self
                .catalog
                .tracks
                .iter()
                .enumerate()
                .find_map(|(t, track)| {
                    track
                        .lessons
                        .iter()
                        .position(|l| l.id == id)
                        .map(|l| (t, l))
                });
            if let (Some((t, l)), Screen::Track { track, selected }) = (place, self.screen_mut())
                && *track != t
            {
                *track = t;
                *selected = l;
            }
        }
        self.stack.push(Screen::Lesson(Box::new(view)));
    }

    fn update_lesson(&mut self, action: Action) {
        let catalog = Arc::clone(&self.catalog);
        let Some(Screen::Lesson(view)) = self.stack.last_mut() else {
            return;
        };
        let outcome = view.update(action, &catalog, &mut self.progress, (self.clock)());
        if outcome.changed_progress {
            self.dirty = true;
        }
        if let Some(path) = outcome.edit_file {
            self.editor_request = Some(path);
        }
        if let Some(next) = outcome.open_lesson {
            self.open_lesson(&next);
        }
        if let Some(request) = outcome.open_assessment {
            self.open_assessment(request.skills, Some(request.lab_key));
        }
    }

    /// Polls a running lab for background results; true when a redraw is needed.
    pub fn poll(&mut self) -> bool {
        if self.poll_preview() {
            return true;
        }
        let catalog = Arc::clone(&self.catalog);
        if let Some(Screen::Lesson(view)) = self.stack.last_mut() {
            let (changed, progress_changed) = view.poll(&catalog, &mut self.progress);
            self.dirty |= progress_changed;
            return changed;
        }
        false
    }

    /// The editor opened for [`App::editor_request`] returned: the exercise checks its
    /// file at once. `result` is a note for the learner or what went wrong.
    pub fn editor_returned(&mut self, result: Result<Option<String>, String>) {
        let catalog = Arc::clone(&self.catalog);
        if let Some(Screen::Lesson(view)) = self.stack.last_mut() {
            self.dirty |= view.after_editor(result, &catalog, &mut self.progress);
        }
    }

    /// True while a lab works in the background.
    pub fn busy(&self) -> bool {
        matches!(self.screen(), Screen::Lesson(v) if v.busy())
            || self.preview.as_ref().is_some_and(|p| p.pending())
    }

    /// The key under which a lesson step's lab result is stored.
    pub fn lab_key(lesson: &str, step: usize) -> String {
        step_key(lesson, step)
    }
}

/// Moves a list selection for the navigation actions, clamped to `len`.
pub fn move_selection(selected: &mut usize, len: usize, action: Action) {
    let last = len.saturating_sub(1);
    *selected = match action {
        Action::Up => selected.saturating_sub(1),
        Action::Down => (*selected + 1).min(last),
        Action::PageUp => selected.saturating_sub(10),
        Action::PageDown => (*selected + 10).min(last),
        Action::Top => 0,
        Action::Bottom => last,
        _ => (*selected).min(last),
    };
}

/// The quiz steps (0-based) not yet answered correctly nor shown.
pub fn unanswered_quizzes(lesson: &Lesson, progress: &Progress) -> Vec<usize> {
    lesson
        .steps
        .iter()
        .enumerate()
        .filter(|(_, s)| s.is_quiz())
        .filter(|(i, _)| {
            !progress
                .step_record(&lesson.id, *i)
                .is_some_and(|r| r.correct || r.revealed)
        })
        .map(|(i, _)| i)
        .collect()
}

/// A short description of a step for headers.
pub fn step_label(step: &Step) -> &'static str {
    match step {
        Step::Read { .. } => "Read",
        Step::Choice(c) if c.multi => "Quiz: select all that apply",
        Step::Choice(_) => "Quiz",
        Step::Number(_) => "Quiz: a number",
        Step::Lab(_) => "Lab",
        Step::Exercise(_) => "Exercise",
    }
}
