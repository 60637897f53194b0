//! Reading the fields of a TOML table the way an instructor needs: every missing,
//! mistyped or unknown field becomes a [`Problem`] at its position, and reading goes
//! on so that one run shows every problem in the file.

use super::Problem;
use super::spanned::{Doc, Entry, Node, Table, Value};
use super::suggest::did_you_mean;

/// The file being read and the problems found in it so far.
pub struct Ctx<'d> {
    pub path: String,
    pub doc: &'d Doc,
    pub problems: Vec<Problem>,
    /// Findings that do not stop the file from loading.
    pub warnings: Vec<Problem>,
}

impl<'d> Ctx<'d> {
    pub fn new(path: &str, doc: &'d Doc) -> Self {
        Ctx {
            path: path.to_string(),
            doc,
            problems: Vec::new(),
            warnings: Vec::new(),
        }
    }

    /// A value remembered with its position, for checks made after the file is read.
    pub fn make_ref(&self, value: impl Into<String>, offset: usize) -> Ref {
        let (line, col) = self.doc.line_col(offset);
        Ref {
            value: value.into(),
            line,
            col,
        }
    }

    /// Records a problem at a byte offset of the file.
    pub fn error(&mut self, offset: usize, message: impl Into<String>) {
        self.problems
            .push(problem_at(&self.path, self.doc, offset, message));
    }

    /// Records a warning at a byte offset of the file: reported, but the file loads.
    pub fn warn(&mut self, offset: usize, message: impl Into<String>) {
        let mut problem = problem_at(&self.path, self.doc, offset, message);
        problem.severity = super::Severity::Warning;
        self.warnings.push(problem);
    }
}

pub fn problem_at(path: &str, doc: &Doc, offset: usize, message: impl Into<String>) -> Problem {
    let (line, col) = doc.line_col(offset);
    Problem {
        severity: super::Severity::Error,
        path: path.to_string(),
        line,
        col,
        // Messages quote lesson text: never let it reach the terminal raw.
        message: crate::sanitize::clean_line(&message.into()),
    }
}

/// A value from a file with its 1-based line and column, for checks across files.
#[derive(Debug, Clone, PartialEq)]
pub struct Ref {
    pub value: String,
    pub line: usize,
    pub col: usize,
}

impl Ref {
    pub fn problem(&self, path: &str, message: impl Into<String>) -> Problem {
        Problem {
            severity: super::Severity::Error,
            path: path.to_string(),
            line: self.line,
            col: self.col,
            // Messages quote lesson text: never let it reach the terminal raw.
            message: crate::sanitize::clean_line(&message.into()),
        }
    }
}

/// A value with the byte offset where it starts.
#[derive(Debug, Clone, PartialEq)]
pub struct At<T> {
    pub value: T,
    pub at: usize,
}

/// A user-written word quoted for a message, made safe to print and kept short.
pub fn quote(text: &str) -> String {
    let clean = crate::sanitize::clean_line(text);
    let mut short: String = clean.chars().take(60).collect();
    if short.len() < clean.len() {
        short.push('…');
    }
    format!("`{short}`")
}

/// The fields of one table. `at` is where the table starts (its header, or the start
/// of the file for the top level), where missing fields are reported; `what` names
/// the table in messages ("the lesson", "this choice step").
pub struct Fields<'t> {
    pub table: &'t Table,
    pub at: usize,
    pub what: String,
}

impl<'t> Fields<'t> {
    /// Starts reading a table, reporting every key not in `allowed`.
    pub fn new(
        cx: &mut Ctx<'_>,
        table: &'t Table,
        at: usize,
        what: impl Into<String>,
        allowed: &[&str],
    ) -> Self {
        let what = what.into();
        for e in &table.entries {
            if !allowed.contains(&e.key.as_str()) {
                let hint = did_you_mean(&e.key, allowed.iter().copied());
                let fix = if hint.is_empty() {
                    format!("; allowed fields: {}", allowed.join(", "))
                } else {
                    hint
                };
                cx.error(
                    e.key_span.start,
                    format!("unknown field {} in {what}{fix}", quote(&e.key)),
                );
            }
        }
        Fields { table, at, what }
    }

    /// Starts reading a table of a known shape, reporting every key the shape does
    /// not list: the same list the JSON Schema of `lessons schema` allows.
    pub fn shaped(
        cx: &mut Ctx<'_>,
        table: &'t Table,
        at: usize,
        what: impl Into<String>,
        shape: &super::shape::Shape,
    ) -> Self {
        Fields::new(cx, table, at, what, &shape.names())
    }

    pub fn get(&self, key: &str) -> Option<&'t Entry> {
        self.table.get(key)
    }

    pub fn has(&self, key: &str) -> bool {
        self.table.get(key).is_some()
    }

    fn missing(&self, cx: &mut Ctx<'_>, key: &str, ty: &str, example: &str) {
        cx.error(
            self.at,
            format!(
                "missing field `{key}` ({ty}) in {}; add e.g. `{example}`",
                self.what
            ),
        );
    }

    fn wrong(&self, cx: &mut Ctx<'_>, key: &str, node: &Node, ty: &str, example: &str) {
        cx.error(
            node.span.start,
            format!(
                "`{key}` must be {ty}, found {}; write e.g. `{example}`",
                node.value.type_name()
            ),
        );
    }

    /// A required string field; an empty or blank one is a problem too.
    pub fn req_text(&self, cx: &mut Ctx<'_>, key: &str, example: &str) -> Option<At<String>> {
        let s = self.opt_str(cx, key, example);
        if s.is_none() && !self.has(key) {
            self.missing(cx, key, "a string", example);
        }
        s.filter(|s| self.non_blank(cx, key, s))
    }

    /// An optional string field; when present it may not be blank.
    pub fn opt_text(&self, cx: &mut Ctx<'_>, key: &str, example: &str) -> Option<At<String>> {
        self.opt_str(cx, key, example)
            .filter(|s| self.non_blank(cx, key, s))
    }

    fn non_blank(&self, cx: &mut Ctx<'_>, key: &str, s: &At<String>) -> bool {
        if s.value.trim().is_empty() {
            cx.error(
                s.at,
                format!("`{key}` is empty; write the text, or remove the field if it is optional"),
            );
            return false;
        }
        true
    }

    /// An optional string, empty allowed.
    pub fn opt_str(&self, cx: &mut Ctx<'_>, key: &str, example: &str) -> Option<At<String>> {
        let e = self.get(key)?;
        match &e.node.value {
            Value::Str(s) => Some(At {
                value: s.clone(),
                at: e.node.span.start,
            }),
            _ => {
                self.wrong(cx, key, &e.node, "a string", example);
                None
            }
        }
    }

    pub fn req_str(&self, cx: &mut Ctx<'_>, key: &str, example: &str) -> Option<At<String>> {
        if !self.has(key) {
            self.missing(cx, key, "a string", example);
        }
        self.opt_str(cx, key, example)
    }

    pub fn opt_int(&self, cx: &mut Ctx<'_>, key: &str, example: &str) -> Option<At<i64>> {
        let e = self.get(key)?;
        match &e.node.value {
            Value::Int(n) => Some(At {
                value: *n,
                at: e.node.span.start,
            }),
            _ => {
                self.wrong(cx, key, &e.node, "an integer", example);
                None
            }
        }
    }

    pub fn req_int(&self, cx: &mut Ctx<'_>, key: &str, example: &str) -> Option<At<i64>> {
        if !self.has(key) {
            self.missing(cx, key, "an integer", example);
        }
        self.opt_int(cx, key, example)
    }

    /// An integer or a float; non-finite values are returned for the caller to judge.
    pub fn opt_number(&self, cx: &mut Ctx<'_>, key: &str, example: &str) -> Option<At<f64>> {
        let e = self.get(key)?;
        let value = match &e.node.value {
            Value::Int(n) => *n as f64,
            Value::Float(x) => *x,
            _ => {
                self.wrong(cx, key, &e.node, "a number", example);
                return None;
            }
        };
        Some(At {
            value,
            at: e.node.span.start,
        })
    }

    pub fn req_number(&self, cx: &mut Ctx<'_>, key: &str, example: &str) -> Option<At<f64>> {
        if !self.has(key) {
            self.missing(cx, key, "a number", example);
        }
        self.opt_number(cx, key, example)
    }

    /// A finite number, at least zero.
    pub fn opt_non_negative(&self, cx: &mut Ctx<'_>, key: &str, example: &str) -> Option<At<f64>> {
        let n = self.opt_number(cx, key, example)?;
        if !n.value.is_finite() || n.value < 0.0 {
            cx.error(
                n.at,
                format!(
                    "`{key}` must be a finite number of at least 0, found {}; write e.g. `{example}`",
                    n.value
                ),
            );
            return None;
        }
        Some(n)
    }

    /// An optional array of strings. Elements of another type are reported and skipped.
    pub fn opt_str_list(
        &self,
        cx: &mut Ctx<'_>,
        key: &str,
        example: &str,
    ) -> Option<Vec<At<String>>> {
        let e = self.get(key)?;
        let Value::Array(items) = &e.node.value else {
            self.wrong(cx, key, &e.node, "an array of strings", example);
            return None;
        };
        let mut out = Vec::new();
        for item in items {
            match &item.value {
                Value::Str(s) => out.push(At {
                    value: s.clone(),
                    at: item.span.start,
                }),
                other => cx.error(
                    item.span.start,
                    format!(
                        "every entry of `{key}` must be a string, found {}; write e.g. `{example}`",
                        other.type_name()
                    ),
                ),
            }
        }
        Some(out)
    }

    /// An optional array of integers. Elements of another type are reported and skipped.
    pub fn opt_int_list(&self, cx: &mut Ctx<'_>, key: &str, example: &str) -> Option<Vec<At<i64>>> {
        let e = self.get(key)?;
        let Value::Array(items) = &e.node.value else {
            self.wrong(cx, key, &e.node, "an array of integers", example);
            return None;
        };
        let mut out = Vec::new();
        for item in items {
            match &item.value {
                Value::Int(n) => out.push(At {
                    value: *n,
                    at: item.span.start,
                }),
                other => cx.error(
                    item.span.start,
                    format!(
                        "every entry of `{key}` must be an integer, found {}; write e.g. `{example}`",
                        other.type_name()
                    ),
                ),
            }
        }
        Some(out)
    }

    /// An optional table (inline `{ ... }` or a `[header]`), with where it starts.
    pub fn opt_table(&self, cx: &mut Ctx<'_>, key: &str, example: &str) -> Option<At<&'t Table>> {
        let e = self.get(key)?;
        match &e.node.value {
            Value::Table(t) => Some(At {
                value: t,
                at: e.node.span.start,
            }),
            _ => {
                self.wrong(cx, key, &e.node, "a table", example);
                None
            }
        }
    }

    pub fn req_table(&self, cx: &mut Ctx<'_>, key: &str, example: &str) -> Option<At<&'t Table>> {
        if !self.has(key) {
            self.missing(cx, key, "a table", example);
        }
        self.opt_table(cx, key, example)
    }

    /// An array of tables (`[[key]]` sections), with where the array starts (its first
    /// header) and where each table starts. Entries that are not tables are reported
    /// and skipped.
    pub fn opt_tables(
        &self,
        cx: &mut Ctx<'_>,
        key: &str,
        example: &str,
    ) -> Option<(usize, Vec<At<&'t Table>>)> {
        let e = self.get(key)?;
        let Value::Array(items) = &e.node.value else {
            self.wrong(cx, key, &e.node, "an array of tables", example);
            return None;
        };
        let mut out = Vec::new();
        for item in items {
            match &item.value {
                Value::Table(t) => out.push(At {
                    value: t,
                    at: item.span.start,
                }),
                other => cx.error(
                    item.span.start,
                    format!(
                        "every entry of `{key}` must be a table, found {}; write e.g. `{example}`",
                        other.type_name()
                    ),
                ),
            }
        }
        Some((e.node.span.start, out))
    }

    /// The `format_version` every file starts with: it must be 1.
    pub fn format_version(&self, cx: &mut Ctx<'_>) {
        match self.req_int(cx, "format_version", "format_version = 1") {
            Some(v) if v.value != 1 => cx.error(
                v.at,
                format!(
                    "unsupported format_version {}; this version of mlpath reads format_version = 1",
                    v.value
                ),
            ),
            _ => {}
        }
    }
}

/// Whether `id` is a lesson, track or role id: `[a-z0-9-]+`.
pub fn is_dash_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Whether `id` is a skill id: `[a-z0-9_]+`.
pub fn is_skill_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

/// Reads a required `id` (`[a-z0-9-]+`), reporting a malformed one.
pub fn dash_id(cx: &mut Ctx<'_>, f: &Fields<'_>, example: &str) -> Option<At<String>> {
    let id = f.req_str(cx, "id", example)?;
    if !is_dash_id(&id.value) {
        cx.error(
            id.at,
            format!(
                "id {} may only contain lowercase letters a-z, digits and dashes; write e.g. `{example}`",
                quote(&id.value)
            ),
        );
        return None;
    }
    Some(id)
}

#[cfg(test)]
mod tests {
    use super::super::spanned::parse;
    use super::*;

    fn read(text: &str, f: impl FnOnce(&mut Ctx<'_>, &Fields<'_>)) -> Vec<String> {
        let doc = Doc::new(text.to_string());
        let table = parse(text).unwrap();
        let mut cx = Ctx::new("f.toml", &doc);
        let fields = Fields::new(&mut cx, &table, 0, "the lesson", &["title", "minutes"]);
        f(&mut cx, &fields);
        cx.problems.iter().map(|p| p.to_string()).collect()
    }

    #[test]
    fn unknown_missing_and_mistyped_fields_are_all_reported() {
        let problems = read("titel = \"x\"\nminutes = \"12\"\n", |cx, f| {
            f.req_text(cx, "title", "title = \"...\"");
            f.req_int(cx, "minutes", "minutes = 12");
        });
        assert_eq!(
            problems,
            [
                "f.toml:1:1: error: unknown field `titel` in the lesson (did you mean `title`?)",
                "f.toml:1:1: error: missing field `title` (a string) in the lesson; add e.g. `title = \"...\"`",
                "f.toml:2:11: error: `minutes` must be an integer, found a string; write e.g. `minutes = 12`",
            ]
        );
    }

    #[test]
    fn blank_text_is_a_problem() {
        let problems = read("title = \"  \"\n", |cx, f| {
            assert!(f.req_text(cx, "title", "title = \"...\"").is_none());
        });
        assert_eq!(problems.len(), 1);
        assert!(problems[0].starts_with("f.toml:1:9: error: `title` is empty"));
    }

    #[test]
    fn ids() {
        assert!(is_dash_id("precision-recall2"));
        assert!(!is_dash_id("Precision"));
        assert!(!is_dash_id("a_b"));
        assert!(!is_dash_id(""));
        assert!(is_skill_id("eval_metrics"));
        assert!(!is_skill_id("eval-metrics"));
    }
}
