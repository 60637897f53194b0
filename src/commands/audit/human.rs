//! The report a person reads, within 80 columns: the table and its hash, then one block
//! per finding (most severe first): severity, check and column, the message, the first
//! rows, the hint. Long text is wrapped at spaces.

use std::fmt::Write as _;

use unicode_width::UnicodeWidthStr;

use crate::ml::audit::{Finding, Report, Severity};
use crate::sanitize::clean_line;

/// The report's width in terminal columns.
const WIDTH: usize = 80;
/// Rows shown per finding in the text report (the JSON lists more).
const SHOWN_ROWS: usize = 5;

pub fn render(source: &str, sha256: &str, report: &Report) -> String {
    let mut out = String::new();
    let target = match &report.target {
        Some(t) => format!(", target '{t}'"),
        None => String::new(),
    };
    wrap(
        &mut out,
        "",
        "  ",
        &format!(
            "audit of {source}: {} rows, {} columns{target}",
            report.rows, report.columns
        ),
    );
    if !sha256.is_empty() {
        let _ = writeln!(out, "sha256: {sha256}");
    }
    let _ = writeln!(out, "schema fingerprint: {}", report.schema_fingerprint);
    for column in &report.schema {
        let categories = match &column.categories {
            Some(c) => format!(" {{{}}}", c.join(", ")),
            None => String::new(),
        };
        wrap(
            &mut out,
            "  ",
            "      ",
            &format!("{}: {}{categories}", column.column, column.kind),
        );
    }
    out.push('\n');
    let mut findings: Vec<&Finding> = report.findings.iter().collect();
    findings.sort_by_key(|f| std::cmp::Reverse(f.severity));
    for f in &findings {
        let column = match &f.column {
            Some(c) => format!(" in '{c}'"),
            None => String::new(),
        };
        wrap(
            &mut out,
            "",
            "  ",
            &format!("{} {}{column}", f.severity.name().to_uppercase(), f.check),
        );
        wrap(&mut out, "  ", "  ", &f.message);
        if !f.rows.is_empty() {
            let shown: Vec<String> = f.rows.iter().take(SHOWN_ROWS).map(row_text).collect();
            let more = if f.count > shown.len() {
                format!(" and {} more", f.count - shown.len())
            } else {
                String::new()
            };
            wrap(
                &mut out,
                "  ",
                "    ",
                &format!("rows: {}{more}", shown.join("; ")),
            );
        }
        wrap(&mut out, "  ", "    ", &format!("hint: {}", f.hint));
        out.push('\n');
    }
    let count = |s: Severity, one: &str, many: &str| {
        let n = findings.iter().filter(|f| f.severity == s).count();
        format!("{n} {}", if n == 1 { one } else { many })
    };
    let _ = writeln!(
        out,
        "{}, {}, {}{}",
        count(Severity::Error, "error", "errors"),
        count(Severity::Warning, "warning", "warnings"),
        count(Severity::Info, "note", "notes"),
        if findings.is_empty() {
            " (no findings)"
        } else {
            ""
        }
    );
    out
}

/// A listed row: `row 3 (line 5)`, with what it repeats, its test-file place or value.
fn row_text(r: &crate::ml::audit::ListedRow) -> String {
    let mut text = format!("row {} (line {})", r.row, r.line);
    if let Some(first) = r.repeats {
        let _ = write!(text, " = row {} (line {})", first.row, first.line);
    }
    if let Some(test) = r.test {
        let _ = write!(text, " = test row {} (line {})", test.row, test.line);
    }
    if let Some(value) = &r.value {
        let shown = if value.is_empty() {
            "empty".to_string()
        } else if value.chars().count() > 20 {
            format!("'{}…'", value.chars().take(19).collect::<String>())
        } else {
            format!("'{value}'")
        };
        let _ = write!(text, " {shown}");
    }
    text
}

/// Writes `text` (cleaned to one line) wrapped at spaces to [`WIDTH`] columns: the
/// first line after `first`, the rest after `rest`. A word longer than a line is cut.
fn wrap(out: &mut String, first: &str, rest: &str, text: &str) {
    let text = clean_line(text);
    let mut line = first.to_string();
    let mut empty = true;
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        let word = cut(word, WIDTH - rest.width());
        if !empty && line.width() + 1 + word.width() > WIDTH {
            out.push_str(line.trim_end());
            out.push('\n');
            line = rest.to_string();
            empty = true;
        }
        if !empty {
            line.push(' ');
        }
        line.push_str(&word);
        empty = false;
    }
    out.push_str(line.trim_end());
    out.push('\n');
}

/// `word` cut to `max` columns with an ellipsis.
fn cut(word: &str, max: usize) -> String {
    if word.width() <= max {
        return word.to_string();
    }
    let mut kept = String::new();
    for c in word.chars() {
        if kept.width() + unicode_width::UnicodeWidthChar::width(c).unwrap_or(0) + 1 > max {
            break;
        }
        kept.push(c);
    }
    kept.push('…');
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_text_wraps_within_80_columns() {
        let mut out = String::new();
        let long = format!("{} {}", "word ".repeat(40), "x".repeat(200));
        wrap(&mut out, "  ", "    ", &long);
        for line in out.lines() {
            assert!(line.width() <= WIDTH, "{line:?}");
        }
        assert!(out.lines().count() > 2);
        assert!(out.contains('…'));
    }
}
