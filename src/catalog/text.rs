//! From a file's bytes to a parsed TOML tree, refusing what must never reach a
//! terminal: oversized files, invalid UTF-8, control characters and escape sequences,
//! whether written raw or as TOML escapes such as `\u001b`.

use std::collections::BTreeSet;

use super::Problem;
use super::fields::problem_at;
use super::source::{Content, MAX_FILE_BYTES, SourceFile, at_start};
use super::spanned::{self, Doc, Node, Table, Value};
use crate::sanitize::is_forbidden;

/// Reads, decodes and parses a file, reporting every problem found on the way.
/// Returns the tree unless the file could not be read or parsed; a tree with
/// forbidden characters is still returned so that its other problems are found too.
pub fn read_toml(file: &SourceFile, problems: &mut Vec<Problem>) -> Option<(Doc, Table)> {
    let bytes = match &file.content {
        Content::Bytes(b) => b,
        Content::TooLarge(n) => {
            problems.push(too_large(&file.path, *n));
            return None;
        }
        Content::Unreadable(e) => {
            problems.push(at_start(
                &file.path,
                format!(
                    "cannot read the file ({}); check that it exists and that you may read it",
                    crate::sanitize::clean_line(e)
                ),
            ));
            return None;
        }
    };
    if bytes.len() as u64 > MAX_FILE_BYTES {
        problems.push(too_large(&file.path, bytes.len() as u64));
        return None;
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t.to_string(),
        Err(e) => {
            let valid = e.valid_up_to();
            let prefix = String::from_utf8_lossy(&bytes[..valid]).into_owned();
            let doc = Doc::new(prefix);
            problems.push(problem_at(
                &file.path,
                &doc,
                valid,
                format!(
                    "the file is not valid UTF-8 (byte 0x{:02X}); save it with UTF-8 encoding",
                    bytes[valid]
                ),
            ));
            return None;
        }
    };
    let doc = Doc::new(text);
    let mut reported = BTreeSet::new();
    for (offset, c) in raw_forbidden(&doc.text) {
        reported.insert(offset);
        problems.push(problem_at(&file.path, &doc, offset, forbidden_message(c)));
    }
    let table = match spanned::parse(&doc.text) {
        Ok(t) => t,
        Err(errors) => {
            for e in errors {
                // A control character is also a TOML error; its own message says more.
                if !reported.contains(&e.offset) {
                    problems.push(problem_at(
                        &file.path,
                        &doc,
                        e.offset,
                        format!(
                            "TOML syntax: {}; fix the TOML here (see docs/authoring.md)",
                            e.message
                        ),
                    ));
                }
            }
            return None;
        }
    };
    let mut escaped = Vec::new();
    strings_in_table(&doc.text, &table, &mut escaped);
    for (offset, c) in escaped {
        if reported.insert(offset) {
            problems.push(problem_at(&file.path, &doc, offset, forbidden_message(c)));
        }
    }
    Some((doc, table))
}

fn too_large(path: &str, size: u64) -> Problem {
    at_start(
        path,
        format!(
            "the file is {size} bytes, over the 1 MiB limit, and was not read; split it into smaller lessons"
        ),
    )
}

fn forbidden_message(c: char) -> String {
    let what = if c == '\u{1b}' {
        "an escape character (U+001B), which starts terminal escape sequences".to_string()
    } else if matches!(c, '\u{2028}' | '\u{2029}') {
        format!(
            "a {} separator (U+{:04X}), which terminals do not show as a break; use a newline \
             (a blank line for a new paragraph) instead",
            if c == '\u{2028}' { "line" } else { "paragraph" },
            c as u32
        )
    } else if matches!(c, '\u{fff9}'..='\u{fffb}') {
        format!(
            "an interlinear annotation character (U+{:04X}), whose width terminals disagree on",
            c as u32
        )
    } else if matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}') {
        format!(
            "a bidirectional-text control (U+{:04X}), which makes text display differently from what it says",
            c as u32
        )
    } else {
        format!("a control character (U+{:04X})", c as u32)
    };
    format!("{what}; remove it: lesson files may contain no control characters or escape sequences")
}

/// Whether a forbidden character at `offset` is allowed after all: a carriage return
/// of a Windows line ending.
fn is_crlf(text: &str, offset: usize, c: char) -> bool {
    c == '\r' && text[offset + 1..].starts_with('\n')
}

/// Every forbidden character in the raw text, with its byte offset.
fn raw_forbidden(text: &str) -> Vec<(usize, char)> {
    text.char_indices()
        .filter(|&(i, c)| is_forbidden(c) && !is_crlf(text, i, c))
        .collect()
}

fn strings_in_table(text: &str, table: &Table, out: &mut Vec<(usize, char)>) {
    for e in &table.entries {
        if has_forbidden(&e.key) {
            out.push(locate(text, &e.key_span));
        }
        strings_in(text, &e.node, out);
    }
}

fn strings_in(text: &str, node: &Node, out: &mut Vec<(usize, char)>) {
    match &node.value {
        Value::Str(s) if has_forbidden(s) => out.push(locate(text, &node.span)),
        Value::Array(items) => items.iter().for_each(|n| strings_in(text, n, out)),
        Value::Table(t) => strings_in_table(text, t, out),
        _ => {}
    }
}

fn has_forbidden(s: &str) -> bool {
    s.char_indices()
        .any(|(i, c)| is_forbidden(c) && !is_crlf(s, i, c))
}

/// Finds where, in a string's source text, a forbidden character comes from: the
/// escape (`\e`, `\xHH`, `\uXXXX`, `\UXXXXXXXX`) or the raw character. Falls back to
/// the start of the string.
fn locate(text: &str, span: &std::ops::Range<usize>) -> (usize, char) {
    let src = text.get(span.clone()).unwrap_or("");
    let mut chars = src.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c != '\\' {
            if is_forbidden(c) && !is_crlf(src, i, c) {
                return (span.start + i, c);
            }
            continue;
        }
        let Some(&(_, kind)) = chars.peek() else {
            break;
        };
        chars.next();
        let digits = match kind {
            'e' => 0,
            'x' => 2,
            'u' => 4,
            'U' => 8,
            _ => continue,
        };
        let decoded = if digits == 0 {
            Some('\u{1b}')
        } else {
            let hex: String = (0..digits)
                .filter_map(|_| chars.next().map(|(_, h)| h))
                .collect();
            u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32)
        };
        if let Some(d) = decoded.filter(|&d| is_forbidden(d)) {
            return (span.start + i, d);
        }
    }
    (span.start, '\u{1b}')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems_of(text: &str) -> Vec<String> {
        let file = SourceFile {
            name: "x.toml".into(),
            path: "x.toml".into(),
            content: Content::Bytes(text.as_bytes().to_vec().into()),
        };
        let mut problems = Vec::new();
        read_toml(&file, &mut problems);
        problems.iter().map(|p| p.to_string()).collect()
    }

    #[test]
    fn escapes_are_reported_where_they_are_written() {
        let p = problems_of("a = \"ok\"\nb = \"red \\u001b[31m text\"\nc = 'x'\n");
        assert_eq!(p.len(), 1, "{p:?}");
        assert!(
            p[0].starts_with("x.toml:2:10: error: an escape character"),
            "{p:?}"
        );
        let p = problems_of("b = \"\\\\u001b is fine, \\e is not\"\n");
        assert_eq!(p.len(), 1, "{p:?}");
        assert!(p[0].starts_with("x.toml:1:23: error: an escape"), "{p:?}");
    }

    #[test]
    fn separators_and_annotations_are_refused_where_they_are() {
        let p = problems_of("a = \"one\u{2028}two\"\nb = \"x\\u2029\"\nc = \"\u{fffa}\"\n");
        assert_eq!(p.len(), 3, "{p:?}");
        let has = |start: &str| p.iter().any(|m| m.starts_with(start));
        assert!(has("x.toml:1:9: error: a line separator (U+2028)"), "{p:?}");
        assert!(p.iter().any(|m| m.contains("use a newline")), "{p:?}");
        assert!(
            has("x.toml:2:7: error: a paragraph separator (U+2029)"),
            "{p:?}"
        );
        assert!(
            has("x.toml:3:6: error: an interlinear annotation character (U+FFFA)"),
            "{p:?}"
        );
    }

    #[test]
    fn raw_control_characters_are_reported_once() {
        let p = problems_of("a = \"bell\u{7}\"\n# \u{202e} in a comment\n");
        assert_eq!(p.len(), 2, "{p:?}");
        assert!(p[0].starts_with("x.toml:1:10: error: a control character (U+0007)"));
        assert!(p[1].starts_with("x.toml:2:3: error: a bidirectional-text control (U+202E)"));
    }

    #[test]
    fn windows_line_endings_are_fine() {
        assert!(problems_of("a = 1\r\nb = \"\"\"x\r\ny\"\"\"\r\n").is_empty());
    }

    #[test]
    fn invalid_utf8_and_size() {
        let file = SourceFile {
            name: "x.toml".into(),
            path: "x.toml".into(),
            content: Content::Bytes(b"a = 1\nb = \"\xff\"\n".to_vec().into()),
        };
        let mut problems = Vec::new();
        assert!(read_toml(&file, &mut problems).is_none());
        assert!(
            problems[0]
                .to_string()
                .starts_with("x.toml:2:6: error: the file is not valid UTF-8 (byte 0xFF)")
        );
        let big = SourceFile {
            content: Content::Bytes(vec![b' '; 1024 * 1024 + 1].into()),
            ..file
        };
        let mut problems = Vec::new();
        assert!(read_toml(&big, &mut problems).is_none());
        assert!(problems[0].message.contains("over the 1 MiB limit"));
    }
}
