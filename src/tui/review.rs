//! The review screen's state and update: due quiz items asked one at a time with the
//! lesson's own quiz (its hints included), each rescheduled as soon as it is answered.
//!
//! The quiz runs in a [`LessonView`] against a scratch, empty [`Progress`], so that
//! answering in review never changes the lesson's own record; only the review card
//! changes.

use std::sync::Arc;
use std::time::SystemTime;

use rand_xoshiro::Xoshiro256Plus;
use rand_xoshiro::rand_core::SeedableRng;

use crate::catalog::{Catalog, Step};
use crate::progress::Progress;
use crate::skills::review::{Rating, parse_key, record_review};

use super::action::Action;
use super::keymap::Context;
use super::lesson::{Feedback, LessonView};

/// How the current item went.
#[derive(Debug, Clone, PartialEq)]
pub struct ReviewOutcome {
    pub rating: Rating,
    /// When the item is due again (RFC 3339).
    pub due: String,
}

pub struct ReviewSession {
    /// The keys of the items to ask, in order.
    pub queue: Vec<String>,
    /// The item being asked (`queue.len()` when finished).
    pub index: usize,
    /// The quiz of the current item.
    pub view: Option<LessonView>,
    /// The current item's result once answered.
    pub outcome: Option<ReviewOutcome>,
    /// Items answered in this session.
    pub answered: usize,
    /// Practice: items asked now whether due or not, and answers leave the schedule as
    /// it is (the learner practises; the spaced review stays honest).
    pub practice: bool,
    scratch: Progress,
    /// The catalog the current item is asked from: a copy in which a choice question's
    /// options are shuffled, so that an answer is recalled, not its position.
    pub catalog: Option<Arc<Catalog>>,
    /// Seeds the shuffles of this session.
    seed: u64,
}

/// A copy of `catalog` in which step `step` of lesson `lesson`, a choice question, has its
/// options in a seeded random order (its answers follow them); `None` for other steps.
fn shuffled(catalog: &Catalog, lesson: &str, step: usize, seed: u64) -> Option<Catalog> {
    let mut copy = catalog.clone();
    let target = copy
        .tracks
        .iter_mut()
        .flat_map(|t| t.lessons.iter_mut())
        .find(|l| l.id == lesson)?;
    let Some(Step::Choice(q)) = target.steps.get_mut(step) else {
        return None;
    };
    let mut order: Vec<usize> = (0..q.options.len()).collect();
    crate::ml::data::shuffle(&mut order, &mut Xoshiro256Plus::seed_from_u64(seed));
    q.options = order.iter().map(|&i| q.options[i].clone()).collect();
    let mut answers: Vec<usize> = q
        .answers
        .iter()
        .map(|a| order.iter().position(|i| i == a).expect("a permutation"))
        .collect();
    answers.sort_unstable();
    q.answers = answers;
    Some(copy)
}

/// The keys a review passes to the quiz: choosing, typing, hints and answering (not
/// the lesson's step keys).
fn is_quiz_action(action: Action) -> bool {
    matches!(
        action,
        Action::Up
            | Action::Down
            | Action::Toggle
            | Action::Input(_)
            | Action::DeleteChar
            | Action::Hint
            | Action::Select
    )
}

impl ReviewSession {
    /// A review of `queue`; `seed` draws the order of each choice question's options
    /// (the app passes its clock, so every session differs and tests can fix it).
    pub fn new(queue: Vec<String>, catalog: &Catalog, seed: u64) -> ReviewSession {
        let mut session = ReviewSession {
            queue,
            index: 0,
            view: None,
            outcome: None,
            answered: 0,
            practice: false,
            scratch: Progress::default(),
            catalog: None,
            seed,
        };
        session.load(catalog);
        session
    }

    /// The catalog to ask the current item from (see [`ReviewSession::catalog`]).
    pub fn item_catalog<'c>(&'c self, catalog: &'c Catalog) -> &'c Catalog {
        self.catalog.as_deref().unwrap_or(catalog)
    }

    /// A practice session over `queue`: nothing is rescheduled.
    pub fn practice(queue: Vec<String>, catalog: &Catalog, seed: u64) -> ReviewSession {
        let mut session = ReviewSession::new(queue, catalog, seed);
        session.practice = true;
        session
    }

    /// Prepares the quiz of the item at `index`, skipping items that cannot be asked.
    fn load(&mut self, catalog: &Catalog) {
        self.view = None;
        self.outcome = None;
        self.catalog = None;
        self.scratch = Progress::default();
        while let Some(key) = self.queue.get(self.index) {
            if let Some((lesson, step)) = parse_key(key)
                && catalog
                    .lesson(lesson)
                    .and_then(|l| l.steps.get(step))
                    .is_some_and(Step::is_quiz)
            {
                let seed = crate::labs::learner_seed(key) ^ self.seed;
                self.catalog = shuffled(catalog, lesson, step, seed).map(Arc::new);
                let mut view = LessonView::new(lesson, step);
                let item_catalog = self.catalog.as_deref().unwrap_or(catalog);
                view.enter_step(item_catalog, &mut self.scratch);
                self.view = Some(view);
                return;
            }
            self.index += 1;
        }
    }

    pub fn finished(&self) -> bool {
        self.view.is_none()
    }

    pub fn context(&self, catalog: &Catalog) -> Context {
        match &self.view {
            None => Context::ReviewDone,
            Some(_) if self.outcome.is_some() => Context::ReviewAnswered,
            Some(view) => match view.context(catalog) {
                Context::Number => Context::ReviewNumber,
                _ => Context::ReviewChoice,
            },
        }
    }

    /// Applies an action; returns whether `progress` changed.
    pub fn update(
        &mut self,
        action: Action,
        catalog: &Catalog,
        progress: &mut Progress,
        now: SystemTime,
    ) -> bool {
        if self.outcome.is_some() {
            if action == Action::Select {
                self.index += 1;
                self.load(catalog);
            }
            return false;
        }
        let Some(view) = self.view.as_mut() else {
            return false;
        };
        if !is_quiz_action(action) {
            return false;
        }
        let item_catalog = self.catalog.as_deref().unwrap_or(catalog);
        view.update(action, item_catalog, &mut self.scratch, now);
        let rating = match view.quiz.feedback {
            Some(Feedback::Correct) => Rating::from_quiz(true, view.quiz.hints_shown as u32),
            Some(Feedback::Wrong) => {
                // One try in review: show the answer and its explanation.
                view.quiz.feedback = Some(Feedback::Revealed);
                Rating::Again
            }
            _ => return false,
        };
        let key = &self.queue[self.index];
        if self.practice {
            self.outcome = Some(ReviewOutcome {
                rating,
                due: String::new(),
            });
            self.answered += 1;
            return false;
        }
        record_review(progress, key, rating, now);
        self.outcome = Some(ReviewOutcome {
            rating,
            due: progress
                .reviews
                .get(key)
                .map(|c| c.due.clone())
                .unwrap_or_default(),
        });
        self.answered += 1;
        true
    }
}
