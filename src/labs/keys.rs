//! The keys a lab receives and the one table per lab that both dispatches them and
//! labels them in the footer and in help, so that what the screen says a key does is
//! what it does.
//!
//! The convention every lab follows (written down in `docs/architecture.md`):
//! ↑/↓ and k/j move the lab's cursor, ←/→ change the selected dial (Shift or
//! PgUp/PgDn in bigger steps), Enter and Space act on the selection, and a letter
//! means one thing in every lab ([`LETTERS`]). `p`/`n` (previous/next step), `?`, `q`
//! and Esc stay with the tutor ([`TUTOR_LETTERS`]).

/// A key as a lab sees it; the tutor's keymap turns terminal keys into these.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LabKey {
    /// ← : the selected dial down.
    Left,
    /// → : the selected dial up.
    Right,
    /// Shift-← or PgDn: the dial down in a bigger step.
    CoarseLeft,
    /// Shift-→ or PgUp: the dial up in a bigger step.
    CoarseRight,
    /// ↑ or k: the cursor up.
    Up,
    /// ↓ or j: the cursor down.
    Down,
    /// Enter or Space: act on the selection (toggle it, choose it, play or pause).
    Select,
    /// Any other letter, digit or sign.
    Char(char),
}

/// One row of a lab's key table: keys shown together (`←/→`), each with its command.
#[derive(Debug, Clone, Copy)]
pub struct LabBinding<C: 'static> {
    pub keys: &'static [(LabKey, C)],
    /// How the keys are shown: `←/→`.
    pub label: &'static str,
    /// What they do, in a few words.
    pub does: &'static str,
}

/// The command a key stands for in a table, if any.
pub fn command_for<C: Copy>(table: &[LabBinding<C>], key: LabKey) -> Option<C> {
    table
        .iter()
        .flat_map(|b| b.keys.iter())
        .find(|(k, _)| *k == key)
        .map(|(_, c)| *c)
}

/// The (keys, what they do) pairs of a table, for the footer and help.
pub fn help<C>(table: &[LabBinding<C>]) -> Vec<(&'static str, &'static str)> {
    table.iter().map(|b| (b.label, b.does)).collect()
}

/// A table row without its commands, for checks and docs.
#[derive(Debug, Clone, PartialEq)]
pub struct KeyRow {
    pub keys: Vec<LabKey>,
    pub label: &'static str,
    pub does: &'static str,
}

pub fn rows<C>(table: &[LabBinding<C>]) -> Vec<KeyRow> {
    table
        .iter()
        .map(|b| KeyRow {
            keys: b.keys.iter().map(|(k, _)| *k).collect(),
            label: b.label,
            does: b.does,
        })
        .collect()
}

/// What each letter means in every lab: a lab that binds a letter must use it for
/// this meaning (its `does` text contains the word), and a new letter is added here
/// first. Tests hold every lab's table to it.
pub const LETTERS: &[(char, &str)] = &[
    ('m', "model"),
    ('s', "seed"),
    ('S', "seed"),
    ('r', "start"),
    ('t', "train"),
    ('a', "all"),
    ('w', "window"),
    ('c', "kind"),
    ('g', "signal"),
    ('b', "batch"),
    ('o', "on alert"),
    ('f', "find"),
    ('x', "fix"),
];

/// Letters the tutor keeps while a lab is open: previous and next step, help, quit,
/// and the cursor letters k/j, which arrive as [`LabKey::Up`] and [`LabKey::Down`].
pub const TUTOR_LETTERS: &[char] = &['p', 'n', '?', 'q', 'k', 'j', 'i', ' '];

/// The sentence a table's letters break the convention with, if they do.
pub fn convention_breaks(lab: &str, table: &[KeyRow]) -> Vec<String> {
    let mut breaks = Vec::new();
    let mut seen: Vec<LabKey> = Vec::new();
    for b in table {
        for key in &b.keys {
            if seen.contains(key) {
                breaks.push(format!("{lab}: {key:?} is bound twice"));
            }
            seen.push(*key);
            let LabKey::Char(c) = key else { continue };
            if TUTOR_LETTERS.contains(c) {
                breaks.push(format!("{lab}: '{c}' belongs to the tutor"));
                continue;
            }
            match LETTERS.iter().find(|(l, _)| l == c) {
                None => breaks.push(format!(
                    "{lab}: '{c}' is not in labs::keys::LETTERS; give it one meaning there"
                )),
                Some((_, meaning)) if !b.does.contains(meaning) => breaks.push(format!(
                    "{lab}: '{c}' means \"{meaning}\" in every lab, but here it does \"{}\"",
                    b.does
                )),
                Some(_) => {}
            }
        }
    }
    breaks
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Clone, Copy, PartialEq)]
    enum Cmd {
        Up,
        Seed,
    }

    const TABLE: &[LabBinding<Cmd>] = &[
        LabBinding {
            keys: &[(LabKey::Up, Cmd::Up)],
            label: "↑",
            does: "feature up",
        },
        LabBinding {
            keys: &[(LabKey::Char('s'), Cmd::Seed)],
            label: "s",
            does: "next seed",
        },
    ];

    #[test]
    fn dispatch_and_help_come_from_one_table() {
        assert_eq!(command_for(TABLE, LabKey::Up), Some(Cmd::Up));
        assert_eq!(command_for(TABLE, LabKey::Char('s')), Some(Cmd::Seed));
        assert_eq!(command_for(TABLE, LabKey::Char('x')), None);
        assert_eq!(help(TABLE), [("↑", "feature up"), ("s", "next seed")]);
    }

    #[test]
    fn the_convention_catches_a_letter_with_another_meaning() {
        assert!(convention_breaks("t", &rows(TABLE)).is_empty());
        let bad = [
            LabBinding {
                keys: &[(LabKey::Char('s'), ())],
                label: "s",
                does: "window size",
            },
            LabBinding {
                keys: &[(LabKey::Char('p'), ())],
                label: "p",
                does: "play",
            },
            LabBinding {
                keys: &[(LabKey::Char('z'), ())],
                label: "z",
                does: "zoom",
            },
        ];
        let breaks = convention_breaks("x", &rows(&bad));
        assert_eq!(breaks.len(), 3, "{breaks:?}");
    }

    #[test]
    fn every_letter_has_one_meaning() {
        for (i, (c, _)) in LETTERS.iter().enumerate() {
            assert!(!LETTERS[i + 1..].iter().any(|(d, _)| d == c), "{c} twice");
            assert!(!TUTOR_LETTERS.contains(c), "{c} is the tutor's");
        }
    }
}
