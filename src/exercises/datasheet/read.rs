//! Reading the Markdown that `mlpath datasheet` writes: the measured lines, the rows of
//! its two tables and the text of each section, each with where it starts. The same
//! reader reads the learner's file and the datasheet built from the data, so the two
//! are compared value by value.

use crate::ml::audit::datasheet::{SECTIONS, TO_FILL};

/// A piece of text and the byte offset where it starts in the file.
#[derive(Debug, Clone, PartialEq)]
pub struct Piece {
    pub text: String,
    pub at: usize,
}

/// One row of a Markdown table: its cells, the first one naming it.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub cells: Vec<Piece>,
}

impl Row {
    pub fn key(&self) -> &str {
        self.cells.first().map_or("", |c| c.text.as_str())
    }
}

/// One `## N. Name` section: where its heading is and its lines.
#[derive(Debug, Clone, PartialEq)]
pub struct SectionText {
    pub name: String,
    pub at: usize,
    pub lines: Vec<Piece>,
}

/// What the reader found in a datasheet.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Sheet {
    /// `- rows: 1000`, `- columns: 21`, `- SHA-256: …`: the name and the value.
    pub facts: Vec<(String, Piece)>,
    /// The rows of the `| column | type | missing | distinct values |` table.
    pub columns: Vec<Row>,
    /// The rows of the `| class | rows | share |` table.
    pub classes: Vec<Row>,
    pub sections: Vec<SectionText>,
}

/// The measured lines, by the name before the colon.
pub const FACTS: [&str; 3] = ["rows", "columns", "SHA-256"];

const COLUMN_HEADER: [&str; 4] = ["column", "type", "missing", "distinct values"];
const CLASS_HEADER: [&str; 3] = ["class", "rows", "share"];

#[derive(Clone, Copy, PartialEq)]
enum InTable {
    None,
    Columns,
    Classes,
}

impl Sheet {
    pub fn fact(&self, name: &str) -> Option<&Piece> {
        self.facts.iter().find(|(n, _)| n == name).map(|(_, p)| p)
    }

    pub fn section(&self, name: &str) -> Option<&SectionText> {
        self.sections.iter().find(|s| s.name == name)
    }
}

/// Whether a line is a section's `> TO FILL:` blank.
pub fn is_blank_line(line: &str) -> bool {
    line.trim_start().starts_with(TO_FILL.trim_end_matches(':'))
}

/// The section a `## …` heading names: `## 2. Composition` is `Composition`.
fn heading_name(line: &str) -> Option<&str> {
    let rest = line.strip_prefix("## ")?.trim();
    let rest = match rest.split_once(". ") {
        Some((number, name)) if number.chars().all(|c| c.is_ascii_digit()) => name,
        _ => rest,
    };
    SECTIONS
        .iter()
        .find(|s| s.eq_ignore_ascii_case(rest.trim()))
        .copied()
}

/// The cells of a table line, split at the `|` that are not escaped.
fn cells(line: &str, at: usize) -> Vec<Piece> {
    let inner = line.trim_end();
    let mut out = Vec::new();
    let mut start = None;
    let mut escaped = false;
    for (i, c) in inner.char_indices() {
        if c == '|' && !escaped {
            if let Some(s) = start {
                let raw: &str = &inner[s..i];
                let lead = raw.len() - raw.trim_start().len();
                out.push(Piece {
                    text: raw.trim().to_string(),
                    at: at + s + lead,
                });
            }
            start = Some(i + 1);
        }
        escaped = c == '\\' && !escaped;
    }
    if let Some(s) = start
        && !inner[s..].trim().is_empty()
    {
        // A row without its closing `|`.
        let raw = &inner[s..];
        let lead = raw.len() - raw.trim_start().len();
        out.push(Piece {
            text: raw.trim().to_string(),
            at: at + s + lead,
        });
    }
    out
}

fn is_header(row: &[Piece], names: &[&str]) -> bool {
    row.len() == names.len()
        && row
            .iter()
            .zip(names)
            .all(|(c, n)| c.text.eq_ignore_ascii_case(n))
}

/// Reads a datasheet; never fails (what is not found is simply absent).
pub fn read(text: &str) -> Sheet {
    let mut sheet = Sheet::default();
    let mut table = InTable::None;
    let mut offset = 0;
    for raw in text.split_inclusive('\n') {
        let at = offset;
        offset += raw.len();
        let line = raw.trim_end_matches(['\n', '\r']);
        if let Some(name) = heading_name(line) {
            sheet.sections.push(SectionText {
                name: name.to_string(),
                at,
                lines: Vec::new(),
            });
            table = InTable::None;
            continue;
        }
        if let Some(section) = sheet.sections.last_mut()
            && !line.trim().is_empty()
        {
            section.lines.push(Piece {
                text: line.trim().to_string(),
                at: at + (line.len() - line.trim_start().len()),
            });
        }
        let trimmed = line.trim_start();
        if trimmed.starts_with('|') {
            let row = cells(trimmed, at + (line.len() - trimmed.len()));
            if is_header(&row, &COLUMN_HEADER) {
                table = InTable::Columns;
            } else if is_header(&row, &CLASS_HEADER) {
                table = InTable::Classes;
            } else if row
                .iter()
                .all(|c| !c.text.is_empty() && c.text.chars().all(|ch| matches!(ch, '-' | ':')))
            {
                // the line under a table's header
            } else {
                match table {
                    InTable::Columns => sheet.columns.push(Row { cells: row }),
                    InTable::Classes => sheet.classes.push(Row { cells: row }),
                    InTable::None => {}
                }
            }
            continue;
        }
        table = InTable::None;
        if let Some(item) = trimmed.strip_prefix("- ")
            && let Some((name, value)) = item.split_once(':')
            && let Some(fact) = FACTS.iter().find(|f| f.eq_ignore_ascii_case(name.trim()))
        {
            let value_at = at + (line.len() - trimmed.len()) + 2 + name.len() + 1;
            let lead = value.len() - value.trim_start().len();
            sheet.facts.push((
                fact.to_string(),
                Piece {
                    text: value.trim().to_string(),
                    at: value_at + lead,
                },
            ));
        }
    }
    sheet
}

/// A cell's text as the data has it: the datasheet's backslash escapes removed.
pub fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut escaped = false;
    for c in text.chars() {
        if c == '\\' && !escaped {
            escaped = true;
            continue;
        }
        escaped = false;
        out.push(c);
    }
    out
}
