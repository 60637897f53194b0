//! The one keymap table. Dispatch, the footer and the `?` help overlay all read it, so
//! what the screen says a key does is what it does.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::{Action, LabKey};

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
const LESSON: &[Context] = &[Read, Choice, Number, Lab, LessonDone];
const NOT_LAB: &[Context] = &[Read, Choice, Number, LessonDone];
const QUIZ: &[Context] = &[Choice, Number];

pub static BINDINGS: &[Binding] = &[
    Binding {
        keys: &[Key::Code(KeyCode::Up), Key::Char('k')],
        label: "↑/k",
        desc: "move up",
        action: Action::Up,
        contexts: &[Home, Track, Problems, Choice, Read, Help],
        footer: true,
    },
    Binding {
        keys: &[Key::Code(KeyCode::Down), Key::Char('j')],
        label: "↓/j",
        desc: "move down",
        action: Action::Down,
        contexts: &[Home, Track, Problems, Choice, Read, Help],
        footer: true,
    },
    Binding {
        keys: &[Key::Code(KeyCode::PageUp), Key::Ctrl('u')],
        label: "PgUp",
        desc: "scroll a page up",
        action: Action::PageUp,
        contexts: &[Home, Track, Problems, Read, Help],
        footer: false,
    },
    Binding {
        keys: &[Key::Code(KeyCode::PageDown), Key::Ctrl('d')],
        label: "PgDn",
        desc: "scroll a page down",
        action: Action::PageDown,
        contexts: &[Home, Track, Problems, Read, Help],
        footer: false,
    },
    Binding {
        keys: &[Key::Code(KeyCode::Home), Key::Char('g')],
        label: "g",
        desc: "go to the top",
        action: Action::Top,
        contexts: &[Home, Track, Problems, Read],
        footer: false,
    },
    Binding {
        keys: &[Key::Code(KeyCode::End), Key::Char('G')],
        label: "G",
        desc: "go to the bottom",
        action: Action::Bottom,
        contexts: &[Home, Track, Problems, Read],
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
        keys: &[Key::Char(' ')],
        label: "Space",
        desc: "toggle an option (select all that apply)",
        action: Action::Toggle,
        contexts: &[Choice],
        footer: true,
    },
    Binding {
        keys: &[Key::Char('h')],
        label: "h",
        desc: "next hint",
        action: Action::Hint,
        contexts: QUIZ,
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
        contexts: &[Track, Problems, Read, Choice, Lab, LessonDone, Help],
        footer: true,
    },
    Binding {
        keys: &[Key::Code(KeyCode::Esc)],
        label: "Esc",
        desc: "back (Backspace deletes a digit)",
        action: Action::Back,
        contexts: &[Number],
        footer: true,
    },
    Binding {
        keys: &[Key::Char('!')],
        label: "!",
        desc: "lesson problems",
        action: Action::Problems,
        contexts: &[Home],
        footer: false,
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
    (Key::Code(KeyCode::Enter), LabKey::Enter),
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
    if context == Context::Number {
        match event.code {
            KeyCode::Char(c)
                if (c.is_ascii_digit() || matches!(c, '.' | '-' | 'e' | 'E'))
                    && !event.modifiers.contains(KeyModifiers::CONTROL) =>
            {
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
mod tests {
    use super::*;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn arrows_and_vim_keys_move() {
        assert_eq!(
            action_for(&key(KeyCode::Char('j')), Home),
            Some(Action::Down)
        );
        assert_eq!(action_for(&key(KeyCode::Up), Track), Some(Action::Up));
    }

    #[test]
    fn ctrl_c_and_q_quit_everywhere() {
        let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
        for ctx in [
            Home, Track, Read, Choice, Number, Lab, LessonDone, Problems, Help,
        ] {
            assert_eq!(action_for(&ctrl_c, ctx), Some(Action::Quit), "{ctx:?}");
            assert_eq!(
                action_for(&key(KeyCode::Char('q')), ctx),
                Some(Action::Quit)
            );
        }
    }

    #[test]
    fn number_fields_take_digits_and_backspace() {
        assert_eq!(
            action_for(&key(KeyCode::Char('7')), Number),
            Some(Action::Input('7'))
        );
        assert_eq!(
            action_for(&key(KeyCode::Backspace), Number),
            Some(Action::DeleteChar)
        );
        assert_eq!(
            action_for(&key(KeyCode::Char('h')), Number),
            Some(Action::Hint)
        );
    }

    #[test]
    fn labs_get_arrows_and_free_letters() {
        assert_eq!(
            action_for(&key(KeyCode::Left), Lab),
            Some(Action::Lab(LabKey::Left))
        );
        assert_eq!(
            action_for(&key(KeyCode::Char('m')), Lab),
            Some(Action::Lab(LabKey::Char('m')))
        );
        assert_eq!(
            action_for(&key(KeyCode::Char('n')), Lab),
            Some(Action::NextStep)
        );
        let shift_left = KeyEvent::new(KeyCode::Left, KeyModifiers::SHIFT);
        assert_eq!(
            action_for(&shift_left, Lab),
            Some(Action::Lab(LabKey::CoarseLeft))
        );
    }

    #[test]
    fn every_context_has_help_and_quit_in_its_footer() {
        for ctx in [Home, Track, Read, Choice, Number, Lab, LessonDone, Problems] {
            let footer: Vec<_> = bindings_for(ctx)
                .filter(|b| b.footer)
                .map(|b| b.label)
                .collect();
            assert!(
                footer.contains(&"?") && footer.contains(&"q"),
                "{ctx:?}: {footer:?}"
            );
        }
    }
}
