//! The `datasheet` checker: the learner fills the measurable parts of a datasheet
//! (Gebru et al., "Datasheets for Datasets", 2021) for a bundled dataset, in the
//! Markdown that `mlpath datasheet` writes, and answers the sections the lesson lists.
//!
//! The checker builds the same datasheet from the data and reads both with one reader
//! ([`read`]), so every measured value is compared with the value measured the same
//! way and rounded the same way. A reason never gives the right value away: it says
//! what was written and how to measure it.

pub mod read;

use read::{Piece, Row, Sheet, is_blank_line, unescape};

use super::{Outcome, Report, Requirement, pos_of};
use crate::ml::audit::datasheet::{SheetInput, datasheet};
use crate::ml::datasets;
use crate::sanitize::clean_line;

/// The parameters of a `datasheet` check.
#[derive(Debug, Clone, PartialEq)]
pub struct DatasheetParams {
    /// The bundled dataset the datasheet describes.
    pub dataset: String,
    /// Sections whose `> TO FILL:` blank must be replaced by an answer.
    pub sections: Vec<String>,
    /// Known issues the datasheet must name.
    pub mentions: Vec<Mention>,
}

/// A known issue that a section must name.
#[derive(Debug, Clone, PartialEq)]
pub struct Mention {
    pub section: String,
    /// Words or phrases, any one of which names the issue (case does not matter).
    pub any_of: Vec<String>,
    pub why: String,
}

/// How close a written share (in percent) must be to the measured one: the datasheet
/// writes one decimal.
pub const SHARE_TOLERANCE: f64 = 0.05;

/// An answer needs at least this many words of the learner's own.
pub const MIN_ANSWER_WORDS: usize = 5;

/// The datasheet `mlpath datasheet <dataset>` writes, built from the bundled data
/// (once per dataset: the check runs on every save).
pub fn reference(dataset: &str) -> Result<String, String> {
    use std::collections::BTreeMap;
    use std::sync::{Mutex, OnceLock};
    static CACHE: OnceLock<Mutex<BTreeMap<String, String>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    if let Some(text) = cache.lock().ok().and_then(|c| c.get(dataset).cloned()) {
        return Ok(text);
    }
    let text = build_reference(dataset)?;
    if let Ok(mut c) = cache.lock() {
        c.insert(dataset.to_string(), text.clone());
    }
    Ok(text)
}

fn build_reference(dataset: &str) -> Result<String, String> {
    let table = datasets::load(dataset).map_err(|e| e.to_string())?;
    let info = datasets::info(dataset);
    let input = SheetInput {
        source: dataset,
        sha256: info.map_or("", |i| i.sha256.as_str()),
        target: info.and_then(|i| i.target.as_deref()),
        info,
    };
    datasheet(&table, &input).map_err(|e| e.to_string())
}

/// Checks the learner's datasheet against the bundled dataset.
pub fn check(params: &DatasheetParams, text: &str) -> Report {
    match reference(&params.dataset) {
        Ok(reference) => check_with(params, &reference, text),
        Err(e) => Report {
            requirements: vec![Requirement {
                what: format!("the bundled dataset `{}` loads", params.dataset),
                why: String::new(),
                outcome: Outcome::Unmet {
                    reason: clean_line(&e),
                    at: None,
                },
            }],
        },
    }
}

/// What comparing one written value found.
enum Found {
    Right,
    NotFilled,
    Wrong,
}

/// A whole number, perhaps with thousands separators (`1,000`, `1 000`, `1_000`): each
/// group after the first has three digits.
fn integer(text: &str) -> Option<u64> {
    let text = text.trim().trim_matches('`').trim();
    let groups: Vec<&str> = text
        .split([',', '_', '\'', ' ', '\u{a0}', '\u{202f}', '\u{2009}'])
        .collect();
    let well_grouped = groups.iter().skip(1).all(|g| g.len() == 3)
        && groups
            .iter()
            .all(|g| !g.is_empty() && g.bytes().all(|b| b.is_ascii_digit()));
    if !well_grouped {
        return None;
    }
    groups.concat().parse().ok()
}

fn share(text: &str) -> Option<f64> {
    let t = text.trim().trim_end_matches('%').trim();
    t.parse::<f64>().ok().filter(|x| x.is_finite())
}

/// `12 (1.2 %)`: a count and a share.
fn count_and_share(text: &str) -> Option<(u64, f64)> {
    let (count, rest) = text.split_once('(')?;
    let rest = rest.trim().strip_suffix(')')?;
    Some((integer(count)?, share(rest)?))
}

fn not_filled(text: &str) -> bool {
    let t = text.trim().trim_matches('`').trim();
    t.is_empty() || t.contains('?')
}

/// Compares a written cell with the measured one of the same kind.
fn compare(kind: Kind, written: &str, measured: &str) -> Found {
    if not_filled(written) {
        return Found::NotFilled;
    }
    let right = match kind {
        Kind::Integer => integer(written).is_some() && integer(written) == integer(measured),
        Kind::Hash => written
            .trim()
            .trim_matches('`')
            .trim()
            .eq_ignore_ascii_case(measured.trim().trim_matches('`')),
        Kind::Word => written.trim().eq_ignore_ascii_case(measured.trim()),
        Kind::Share => match (share(written), share(measured)) {
            (Some(a), Some(b)) => (a - b).abs() <= SHARE_TOLERANCE + 1e-9,
            _ => false,
        },
        Kind::CountShare => match (count_and_share(written), count_and_share(measured)) {
            (Some((a, x)), Some((b, y))) => a == b && (x - y).abs() <= SHARE_TOLERANCE + 1e-9,
            _ => false,
        },
    };
    if right { Found::Right } else { Found::Wrong }
}

#[derive(Clone, Copy)]
enum Kind {
    Integer,
    Hash,
    Word,
    Share,
    CountShare,
}

struct Ctx<'a> {
    params: &'a DatasheetParams,
    text: &'a str,
}

impl Ctx<'_> {
    fn unmet(&self, reason: String, at: Option<usize>) -> Outcome {
        Outcome::Unmet {
            reason,
            at: at.map(|a| pos_of(self.text, a)),
        }
    }

    fn measure(&self) -> String {
        format!("measure it with `mlpath audit {}`", self.params.dataset)
    }

    /// The outcome of one written value against the measured one.
    fn value(&self, label: &str, kind: Kind, written: &Piece, measured: &str) -> Outcome {
        match compare(kind, &written.text, measured) {
            Found::Right => Outcome::Met,
            Found::NotFilled => self.unmet(
                format!("{label}: not filled yet; {}", self.measure()),
                Some(written.at),
            ),
            Found::Wrong => {
                let shown: String = clean_line(&written.text).chars().take(70).collect();
                self.unmet(
                    format!(
                        "{label} says `{shown}`, which does not match `{}`; {}",
                        self.params.dataset,
                        self.measure()
                    ),
                    Some(written.at),
                )
            }
        }
    }

    /// A table row against its measured row, cell by cell after the first.
    fn row(
        &self,
        name: &str,
        kinds: &[(Kind, &str)],
        written: Option<&Row>,
        measured: &Row,
    ) -> Outcome {
        let Some(written) = written else {
            return self.unmet(
                format!(
                    "the table row of `{name}` is missing; keep the rows `mlpath datasheet` writes"
                ),
                None,
            );
        };
        for (i, (kind, label)) in kinds.iter().enumerate() {
            let Some(m) = measured.cells.get(i + 1) else {
                continue;
            };
            let Some(w) = written.cells.get(i + 1) else {
                return self.unmet(
                    format!("the row of `{name}` has no {label} cell"),
                    written.cells.first().map(|c| c.at),
                );
            };
            let outcome = self.value(&format!("the {label} of `{name}`"), *kind, w, &m.text);
            if outcome != Outcome::Met {
                return outcome;
            }
        }
        Outcome::Met
    }
}

fn req(what: String, why: &str, outcome: Outcome) -> Requirement {
    Requirement {
        what,
        why: why.to_string(),
        outcome,
    }
}

/// The lines the learner wrote in a section: those the built datasheet does not have.
fn own_lines<'s>(
    written: &'s read::SectionText,
    measured: Option<&read::SectionText>,
) -> Vec<&'s Piece> {
    written
        .lines
        .iter()
        .filter(|l| !is_blank_line(&l.text))
        .filter(|l| !measured.is_some_and(|m| m.lines.iter().any(|r| r.text == l.text)))
        .collect()
}

/// [`check`] against a datasheet already built from the data.
pub fn check_with(params: &DatasheetParams, reference: &str, text: &str) -> Report {
    let cx = Ctx { params, text };
    let measured = read::read(reference);
    let written = read::read(text);
    let mut out = Vec::new();
    for name in read::FACTS {
        let Some(m) = measured.fact(name) else {
            continue;
        };
        let kind = if name == "SHA-256" {
            Kind::Hash
        } else {
            Kind::Integer
        };
        let outcome = match written.fact(name) {
            Some(w) => cx.value(&format!("`{name}`"), kind, w, &m.text),
            None => cx.unmet(
                format!(
                    "the line `- {name}:` is missing; keep the lines `mlpath datasheet` writes"
                ),
                None,
            ),
        };
        out.push(req(format!("{name} as measured"), "", outcome));
    }
    let column_kinds = [
        (Kind::Word, "type"),
        (Kind::CountShare, "missing cells"),
        (Kind::Integer, "distinct values"),
    ];
    for m in &measured.columns {
        let name = clean_line(&unescape(m.key()));
        let w = written
            .columns
            .iter()
            .find(|r| unescape(r.key()) == unescape(m.key()));
        out.push(req(
            format!("column `{name}`: type, missing cells and distinct values as measured"),
            "",
            cx.row(&name, &column_kinds, w, m),
        ));
    }
    let class_kinds = [(Kind::Integer, "rows"), (Kind::Share, "share")];
    for m in &measured.classes {
        let name = clean_line(&unescape(m.key()));
        let w = written
            .classes
            .iter()
            .find(|r| unescape(r.key()) == unescape(m.key()));
        out.push(req(
            format!("class `{name}`: rows and share as measured"),
            "",
            cx.row(&name, &class_kinds, w, m),
        ));
    }
    for name in &params.sections {
        out.push(req(
            format!("`{name}` is answered"),
            "",
            answered(&cx, &written, &measured, name),
        ));
    }
    for mention in &params.mentions {
        out.push(req(
            format!("`{}` names a known issue of the data", mention.section),
            &mention.why,
            mentioned(&cx, &written, &measured, mention),
        ));
    }
    Report { requirements: out }
}

fn answered(cx: &Ctx<'_>, written: &Sheet, measured: &Sheet, name: &str) -> Outcome {
    let Some(section) = written.section(name) else {
        return cx.unmet(
            format!(
                "the `## {name}` section is missing; keep the headings `mlpath datasheet` writes"
            ),
            None,
        );
    };
    if let Some(blank) = section.lines.iter().find(|l| is_blank_line(&l.text)) {
        return cx.unmet(
            "still has its `> TO FILL:` line; replace it with your answer".to_string(),
            Some(blank.at),
        );
    }
    let own = own_lines(section, measured.section(name));
    let words: usize = own.iter().map(|l| l.text.split_whitespace().count()).sum();
    if words < MIN_ANSWER_WORDS {
        return cx.unmet(
            format!(
                "write your answer (at least {MIN_ANSWER_WORDS} words) where the `> TO FILL:` line was"
            ),
            Some(section.at),
        );
    }
    Outcome::Met
}

fn mentioned(cx: &Ctx<'_>, written: &Sheet, measured: &Sheet, mention: &Mention) -> Outcome {
    let Some(section) = written.section(&mention.section) else {
        return cx.unmet(
            format!(
                "the `## {}` section is missing; keep the headings `mlpath datasheet` writes",
                mention.section
            ),
            None,
        );
    };
    let own = own_lines(section, measured.section(&mention.section));
    let named = own.iter().any(|l| {
        let line = l.text.to_lowercase();
        mention
            .any_of
            .iter()
            .any(|p| line.contains(&p.to_lowercase()))
    });
    if named {
        Outcome::Met
    } else {
        cx.unmet(
            format!(
                "nothing you wrote in `{}` names this issue yet; read the dataset's description \
                 and write what a user must know",
                mention.section
            ),
            Some(section.at),
        )
    }
}

#[cfg(test)]
mod tests;
