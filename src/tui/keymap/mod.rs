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

use Context::*;

const LISTS: &[Context] = &[Home, Track, Problems];
const LESSON: &[Context] = &[
    Read, Choice, Number, Lab, LabText, LessonDone, AssessLab, Exercise,
];
const NOT_LAB: &[Context] = &[Read, Choice, Number, LessonDone, AssessLab];
const QUIZ: &[Context] = &[Choice, Number];
const REVIEW_QUIZ: &[Context] = &[ReviewChoice, ReviewNumber];

pub static BINDINGS: &[Binding] = &[
    Binding {
        keys: &[Key::Code(KeyCode::Up), Key::Char('k')],
        label: "↑/k",
        desc: "move up",
        action: Action::Up,
        contexts: &[
            Home,
            Track,
            Problems,
            Choice,
            Read,
            LabText,
            Help,
            Skills,
            Roles,
            Role,
            Assess,
            AssessForm,
            ReviewChoice,
        ],
        footer: true,
    },
    Binding {
        keys: &[Key::Code(KeyCode::Down), Key::Char('j')],
        label: "↓/j",
        desc: "move down",
        action: Action::Down,
        contexts: &[
            Home,
            Track,
            Problems,
            Choice,
            Read,
            LabText,
            Help,
            Skills,
            Roles,
            Role,
            Assess,
            AssessForm,
            ReviewChoice,
        ],
        footer: true,
    },
    Binding {
        keys: &[Key::Code(KeyCode::PageUp), Key::Ctrl('u')],
        label: "PgUp",
        desc: "scroll a page up",
        action: Action::PageUp,
        contexts: &[
            Home, Track, Problems, Read, LabText, Help, Skills, Roles, Role, Assess,
        ],
        footer: false,
    },
    Binding {
        keys: &[Key::Code(KeyCode::PageDown), Key::Ctrl('d')],
        label: "PgDn",
        desc: "scroll a page down",
        action: Action::PageDown,
        contexts: &[
            Home, Track, Problems, Read, LabText, Help, Skills, Roles, Role, Assess,
        ],
        footer: false,
    },
    Binding {
        keys: &[Key::Code(KeyCode::Home), Key::Char('g')],
        label: "g",
        desc: "go to the top",
        action: Action::Top,
        contexts: &[Home, Track, Problems, Read, Skills, Roles, Role, Assess],
        footer: false,
    },
    Binding {
        keys: &[Key::Code(KeyCode::End), Key::Char('G')],
        label: "G",
        desc: "go to the bottom",
        action: Action::Bottom,
        contexts: &[Home, Track, Problems, Read, Skills, Roles, Role, Assess],
        footer: false,
    },
    Binding {
        keys: &[Key::Code(KeyCode::Enter)],
        label: "Enter",
        desc: "open",
        action: Action::Select,
        contexts: LISTS,
        footer: true,
    },
    Binding {
        keys: &[Key::Code(KeyCode::Enter)],
        label: "Enter",
        desc: "next step",
        action: Action::Select,
        contexts: &[Read],
        footer: true,
    },
    Binding {
        keys: &[Key::Code(KeyCode::Enter)],
        label: "Enter",
        desc: "answer / next step",
        action: Action::Select,
        contexts: QUIZ,
        footer: true,
    },
    Binding {
        keys: &[Key::Code(KeyCode::Enter)],
        label: "Enter",
        desc: "next lesson",
        action: Action::Select,
        contexts: &[LessonDone],
        footer: true,
    },
    Binding {
        keys: &[Key::Code(KeyCode::Enter)],
        label: "Enter",
        desc: "rate yourself",
        action: Action::Select,
        contexts: &[AssessLab],
        footer: true,
    },
    Binding {
        keys: &[Key::Char('i')],
        label: "i",
        desc: "the lab's whole text",
        action: Action::ToggleLabText,
        contexts: &[Lab],
        // The footer is full of the lab's own keys; a cut text names `i` in place.
        footer: false,
    },
    Binding {
        keys: &[Key::Char('i')],
        label: "i",
        desc: "back to the lab",
        action: Action::ToggleLabText,
        contexts: &[LabText],
        footer: true,
    },
    Binding {
        keys: &[Key::Char('v')],
        label: "v",
        desc: "view your plan",
        action: Action::OpenPlan,
        contexts: &[AssessLab],
        footer: true,
    },
    Binding {
        keys: &[Key::Code(KeyCode::Enter)],
        label: "Enter",
        desc: "open a lesson that teaches it",
        action: Action::Select,
        contexts: &[Skills],
        footer: true,
    },
    Binding {
        keys: &[Key::Code(KeyCode::Enter)],
        label: "Enter",
        desc: "open the role",
        action: Action::Select,
        contexts: &[Roles],
        footer: true,
    },
    Binding {
        keys: &[Key::Code(KeyCode::Enter)],
        label: "Enter",
        desc: "open the lesson",
        action: Action::Select,
        contexts: &[Role],
        footer: true,
    },
    Binding {
        keys: &[Key::Char('t')],
        label: "t",
        desc: "make it your target role",
        action: Action::SetTarget,
        contexts: &[Roles, Role],
        footer: true,
    },
    Binding {
        keys: &[Key::Code(KeyCode::Left)],
        label: "←",
        desc: "lower your level",
        action: Action::Lower,
        contexts: &[Assess],
        footer: true,
    },
    Binding {
        keys: &[Key::Char('p')],
        label: "p",
        desc: "practise now",
        action: Action::Practise,
        contexts: &[Skills],
        footer: true,
    },
    Binding {
        keys: &[Key::Char('p')],
        label: "p",
        desc: "practise",
        action: Action::Practise,
        contexts: &[Track],
        footer: true,
    },
    Binding {
        keys: &[Key::Char('d')],
        label: "d",
        desc: "mark a route done",
        action: Action::AddEvidence,
        contexts: &[Role],
        footer: true,
    },
    Binding {
        keys: &[Key::Char('e')],
        label: "e",
        desc: "add outside evidence",
        action: Action::AddEvidence,
        contexts: &[Assess],
        footer: true,
    },
    Binding {
        keys: &[Key::Code(KeyCode::Left)],
        label: "←/→",
        desc: "the level it shows",
        action: Action::Lower,
        contexts: &[AssessForm],
        footer: true,
    },
    Binding {
        keys: &[Key::Code(KeyCode::Right)],
        label: "→",
        desc: "raise the level it shows",
        action: Action::Raise,
        contexts: &[AssessForm],
        footer: false,
    },
    Binding {
        keys: &[Key::Code(KeyCode::Enter)],
        label: "Enter",
        desc: "save it as your claim",
        action: Action::Select,
        contexts: &[AssessForm],
        footer: true,
    },
    Binding {
        keys: &[Key::Code(KeyCode::Esc), Key::Code(KeyCode::Backspace)],
        label: "Esc",
        desc: "cancel",
        action: Action::Back,
        contexts: &[AssessForm],
        footer: true,
    },
    Binding {
        keys: &[Key::Code(KeyCode::Right)],
        label: "→",
        desc: "raise your level",
        action: Action::Raise,
        contexts: &[Assess],
        footer: true,
    },
    Binding {
        keys: &[Key::Code(KeyCode::Enter)],
        label: "Enter",
        desc: "answer",
        action: Action::Select,
        contexts: REVIEW_QUIZ,
        footer: true,
    },
    Binding {
        keys: &[Key::Code(KeyCode::Enter)],
        label: "Enter",
        desc: "next item",
        action: Action::Select,
        contexts: &[ReviewAnswered],
        footer: true,
    },
    Binding {
        keys: &[Key::Char(' ')],
        label: "Space",
        desc: "mark an option",
        action: Action::Toggle,
        contexts: &[Choice, ReviewChoice],
        footer: true,
    },
    Binding {
        keys: &[Key::Char('h')],
        label: "h",
        desc: "next hint",
        action: Action::Hint,
        contexts: &[Choice, Number, ReviewChoice, ReviewNumber],
        footer: true,
    },
    Binding {
        keys: &[Key::Char('s')],
        label: "s",
        desc: "show the answer (after a wrong try)",
        action: Action::Reveal,
        contexts: QUIZ,
        footer: false,
    },
    Binding {
        keys: &[Key::Code(KeyCode::Left)],
        label: "←",
        desc: "previous step",
        action: Action::PrevStep,
        contexts: NOT_LAB,
        footer: true,
    },
    Binding {
        keys: &[Key::Code(KeyCode::Right)],
        label: "→",
        desc: "next step",
        action: Action::NextStep,
        contexts: NOT_LAB,
        footer: true,
    },
    Binding {
        keys: &[Key::Char('p')],
        label: "p",
        desc: "previous step",
        action: Action::PrevStep,
        contexts: &[Lab],
        footer: true,
    },
    Binding {
        keys: &[Key::Char('n')],
        label: "n",
        desc: "next step",
        action: Action::NextStep,
        contexts: &[Lab],
        footer: true,
    },
    Binding {
        keys: &[Key::Code(KeyCode::Esc), Key::Code(KeyCode::Backspace)],
        label: "Esc",
        desc: "back",
        action: Action::Back,
        contexts: &[
            Track,
            Problems,
            Read,
            Choice,
            Lab,
            LessonDone,
            Help,
            Skills,
            Roles,
            Role,
            AssessLab,
            ReviewChoice,
            ReviewAnswered,
            ReviewDone,
        ],
        footer: true,
    },
    Binding {
        keys: &[Key::Code(KeyCode::Esc)],
        label: "Esc",
        desc: "back (Backspace deletes a digit)",
        action: Action::Back,
        contexts: &[Number, ReviewNumber],
        footer: true,
    },
    Binding {
        keys: &[Key::Code(KeyCode::Esc), Key::Code(KeyCode::Backspace)],
        label: "Esc",
        desc: "back (saved as you go)",
        action: Action::Back,
        contexts: &[Assess],
        footer: true,
    },
    Binding {
        keys: &[Key::Char('x')],
        label: "x",
        desc: "hide the notices at the top",
        action: Action::DismissNotices,
        contexts: &[Home],
        footer: false,
    },
    Binding {
        keys: &[Key::Char('!')],
        label: "!",
        desc: "lesson problems",
        action: Action::Problems,
        contexts: &[Home],
        footer: false,
    },
    // Exercise steps.
    Binding {
        keys: &[Key::Char('e')],
        label: "e",
        desc: "edit the file",
        action: Action::Edit,
        contexts: &[Exercise],
        footer: true,
    },
    Binding {
        keys: &[Key::Char('r')],
        label: "r",
        desc: "restore the starter",
        action: Action::Restore,
        contexts: &[Exercise],
        footer: true,
    },
    Binding {
        keys: &[Key::Char('c')],
        label: "c",
        desc: "check the file now",
        action: Action::Recheck,
        contexts: &[Exercise],
        footer: false,
    },
    Binding {
        keys: &[Key::Char('h')],
        label: "h",
        desc: "next hint",
        action: Action::Hint,
        contexts: &[Exercise],
        footer: true,
    },
    Binding {
        keys: &[Key::Code(KeyCode::Up), Key::Char('k')],
        label: "↑/k",
        desc: "scroll the task up",
        action: Action::Up,
        contexts: &[Exercise],
        footer: false,
    },
    Binding {
        keys: &[Key::Code(KeyCode::Down), Key::Char('j')],
        label: "↓/j",
        desc: "scroll the task down",
        action: Action::Down,
        contexts: &[Exercise],
        footer: false,
    },
    Binding {
        keys: &[Key::Code(KeyCode::Left)],
        label: "←",
        desc: "previous step",
        action: Action::PrevStep,
        contexts: &[Exercise],
        footer: true,
    },
    Binding {
        keys: &[Key::Code(KeyCode::Right)],
        label: "→",
        desc: "next step",
        action: Action::NextStep,
        contexts: &[Exercise],
        footer: true,
    },
    Binding {
        keys: &[Key::Code(KeyCode::Enter)],
        label: "Enter",
        desc: "next step",
        action: Action::Select,
        contexts: &[Exercise],
        footer: false,
    },
    Binding {
        keys: &[Key::Code(KeyCode::Esc), Key::Code(KeyCode::Backspace)],
        label: "Esc",
        desc: "back",
        action: Action::Back,
        contexts: &[Exercise],
        footer: true,
    },
    Binding {
        keys: &[Key::Char('?')],
        label: "?",
        desc: "help",
        action: Action::Help,
        contexts: &[],
        footer: true,
    },
    Binding {
        keys: &[Key::Char('q')],
        label: "q",
        desc: "quit",
        action: Action::Quit,
        contexts: &[],
        footer: true,
    },
    Binding {
        keys: &[Key::Ctrl('c')],
        label: "Ctrl-C",
        desc: "quit",
        action: Action::Quit,
        contexts: &[],
        footer: false,
    },
];

/// Keys every lab receives (each lab lists what they do in its own panel).
static LAB_KEYS: &[(Key, LabKey)] = &[
    (Key::Code(KeyCode::Left), LabKey::Left),
    (Key::Code(KeyCode::Right), LabKey::Right),
    (Key::Shift(KeyCode::Left), LabKey::CoarseLeft),
    (Key::Shift(KeyCode::Right), LabKey::CoarseRight),
    (Key::Code(KeyCode::PageDown), LabKey::CoarseLeft),
    (Key::Code(KeyCode::PageUp), LabKey::CoarseRight),
    (Key::Code(KeyCode::Up), LabKey::Up),
    (Key::Code(KeyCode::Down), LabKey::Down),
    (Key::Char('k'), LabKey::Up),
    (Key::Char('j'), LabKey::Down),
    (Key::Code(KeyCode::Enter), LabKey::Select),
    (Key::Char(' '), LabKey::Select),
];

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
