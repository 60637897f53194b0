//! The one keymap table. Dispatch, the footer and the `?` help overlay all read it, so
//! what the screen says a key does is what it does.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::Action;
use crate::labs::LabKey;

/// Where the learner is, as far as keys are concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    Home,
    Track,
    Read,
    Choice,
    Number,
    Lab,
    LessonDone,
    Problems,
    Help,
    /// The skills map.
    Skills,
    /// The list of career roles.
    Roles,
    /// One role and its plan.
    Role,
    /// Rating oneself skill by skill.
    Assess,
    /// The short form that records outside evidence for one skill.
    AssessForm,
    /// A lesson's self-assessment step (it opens [`Context::Assess`]).
    AssessLab,
    /// A review item that is a choice question, not answered yet.
    ReviewChoice,
    /// A review item that asks for a number, not answered yet.
    ReviewNumber,
    /// A review item answered: on to the next.
    ReviewAnswered,
    /// No review item left.
    ReviewDone,
    /// An exercise step: the learner edits a file.
    Exercise,
    /// A lab step's whole text, read in place of the lab.
    LabText,
}

/// A key as written in the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    Code(KeyCode),
    Char(char),
    Ctrl(char),
    Shift(KeyCode),
}

impl Key {
    fn matches(self, event: &KeyEvent) -> bool {
        let ctrl = event.modifiers.contains(KeyModifiers::CONTROL);
        let shift = event.modifiers.contains(KeyModifiers::SHIFT);
        match self {
            Key::Code(code) => event.code == code && !ctrl && !shift,
            Key::Char(c) => event.code == KeyCode::Char(c) && !ctrl,
            Key::Ctrl(c) => event.code == KeyCode::Char(c) && ctrl,
            Key::Shift(code) => event.code == code && shift,
        }
    }
}

pub struct Binding {
    pub keys: &'static [Key],
    /// How the keys are shown: `↑/k`.
    pub label: &'static str,
    pub desc: &'static str,
    pub action: Action,
    /// Where the binding applies; empty means everywhere.
    pub contexts: &'static [Context],
    /// Shown in the footer (everything is shown in help).
    pub footer: bool,
}

mod bindings;

pub use bindings::BINDINGS;
use bindings::{LAB_KEYS, LESSON};

fn applies(binding: &Binding, context: Context) -> bool {
    binding.contexts.is_empty() || binding.contexts.contains(&context)
}

/// The bindings that apply in a context, in table order.
pub fn bindings_for(context: Context) -> impl Iterator<Item = &'static Binding> {
    BINDINGS.iter().filter(move |b| applies(b, context))
}

/// Translates a key press into an action in a context.
pub fn action_for(event: &KeyEvent, context: Context) -> Option<Action> {
    if matches!(context, Context::Number | Context::ReviewNumber) {
        // Every character that is not one of the context's own keys goes to the answer,
        // which takes what can be part of a number and refuses the rest with a message:
        // no keystroke disappears without a word.
        let bound = BINDINGS
            .iter()
            .filter(|b| applies(b, context))
            .any(|b| b.keys.iter().any(|k| k.matches(event)));
        match event.code {
            KeyCode::Char(c) if !bound && !event.modifiers.contains(KeyModifiers::CONTROL) => {
                return Some(Action::Input(c));
            }
            KeyCode::Backspace => return Some(Action::DeleteChar),
            _ => {}
        }
    }
    if context == Context::Lab {
        if let Some((_, k)) = LAB_KEYS.iter().find(|(key, _)| key.matches(event)) {
            return Some(Action::Lab(*k));
        }
        if let KeyCode::Char(c) = event.code {
            let reserved = BINDINGS
                .iter()
                .filter(|b| applies(b, context))
                .any(|b| b.keys.iter().any(|k| k.matches(event)));
            if !reserved && !event.modifiers.contains(KeyModifiers::CONTROL) {
                return Some(Action::Lab(LabKey::Char(c)));
            }
        }
    }
    BINDINGS
        .iter()
        .filter(|b| applies(b, context))
        .find(|b| b.keys.iter().any(|k| k.matches(event)))
        .map(|b| b.action)
}

/// Lesson contexts, for callers that group them.
pub fn is_lesson(context: Context) -> bool {
    LESSON.contains(&context)
}

#[cfg(test)]
mod tests;
