//! A small owned TOML tree that remembers where every key and value starts, built
//! from the recoverable parser so that every syntax error in a file is reported at
//! once, and byte offsets turned into the 1-based line and column authors see.

use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// The text of a file with its line starts, for turning byte offsets into positions.
#[derive(Debug)]
pub struct Doc {
    pub text: String,
    line_starts: Vec<usize>,
}

impl Doc {
    pub fn new(text: String) -> Doc {
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Doc { text, line_starts }
    }

    /// The 1-based line and column (in characters) of a byte offset. Offsets past the
    /// end are clamped to the end; offsets inside a character count as that character.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.line_starts.partition_point(|&s| s <= offset);
        let start = self.line_starts[line - 1];
        let col = self.text[start..]
            .char_indices()
            .take_while(|&(i, _)| start + i < offset)
            .count();
        (line, col + 1)
    }
}

/// A TOML value with the byte range of its source text.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub span: Range<usize>,
    pub value: Value,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Str(String),
    Int(i64),
    Float(f64),
    Bool(bool),
    Datetime(String),
    Array(Vec<Node>),
    Table(Table),
}

impl Value {
    /// The type as authors know it, with its article, for messages.
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Str(_) => "a string",
            Value::Int(_) => "an integer",
            Value::Float(_) => "a float",
            Value::Bool(_) => "a boolean",
            Value::Datetime(_) => "a date-time",
            Value::Array(_) => "an array",
            Value::Table(_) => "a table",
        }
    }
}

/// A table in source order.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Table {
    pub entries: Vec<Entry>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub key: String,
    pub key_span: Range<usize>,
    pub node: Node,
}

impl Table {
    pub fn get(&self, key: &str) -> Option<&Entry> {
        self.entries.iter().find(|e| e.key == key)
    }
}

/// A syntax problem: where it starts and what the parser said.
#[derive(Debug, Clone, PartialEq)]
pub struct SyntaxError {
    pub offset: usize,
    pub message: String,
}

/// Parses a whole document. With any syntax error, returns every error the parser
/// found (they are not in source order) instead of a partial tree.
pub fn parse(text: &str) -> Result<Table, Vec<SyntaxError>> {
    let (root, errors) = DeTable::parse_recoverable(text);
    let mut errors: Vec<SyntaxError> = errors
        .iter()
        .map(|e| SyntaxError {
            offset: e.span().map_or(0, |s| s.start),
            message: e.message().to_string(),
        })
        .collect();
    let table = convert_table(root.get_ref(), &mut errors);
    if errors.is_empty() {
        Ok(table)
    } else {
        errors.sort_by_key(|e| e.offset);
        Err(errors)
    }
}

fn convert_table(table: &DeTable<'_>, errors: &mut Vec<SyntaxError>) -> Table {
    let entries = table
        .iter()
        .map(|(k, v)| Entry {
            key: k.get_ref().to_string(),
            key_span: k.span(),
            node: convert(v, errors),
        })
        .collect();
    Table { entries }
}

fn convert(v: &Spanned<DeValue<'_>>, errors: &mut Vec<SyntaxError>) -> Node {
    let span = v.span();
    let value = match v.get_ref() {
        DeValue::String(s) => Value::Str(s.to_string()),
        DeValue::Integer(i) => match i64::from_str_radix(i.as_str(), i.radix()) {
            Ok(n) => Value::Int(n),
            Err(_) => {
                errors.push(SyntaxError {
                    offset: span.start,
                    message: "integer out of range (it must fit in 64 bits)".into(),
                });
                Value::Int(0)
            }
        },
        DeValue::Float(f) => match f.as_str().parse::<f64>() {
            Ok(x) => Value::Float(x),
            Err(_) => {
                errors.push(SyntaxError {
                    offset: span.start,
                    message: "invalid float".into(),
                });
                Value::Float(0.0)
            }
        },
        DeValue::Boolean(b) => Value::Bool(*b),
        DeValue::Datetime(d) => Value::Datetime(d.to_string()),
        DeValue::Array(a) => Value::Array(a.iter().map(|x| convert(x, errors)).collect()),
        DeValue::Table(t) => Value::Table(convert_table(t, errors)),
    };
    Node { span, value }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_is_one_based_and_counts_characters() {
        let doc = Doc::new("ab\nçé = 1\n\nx".to_string());
        assert_eq!(doc.line_col(0), (1, 1));
        assert_eq!(doc.line_col(1), (1, 2));
        assert_eq!(doc.line_col(2), (1, 3)); // the newline itself
        assert_eq!(doc.line_col(3), (2, 1));
        // 'é' starts at byte 5 (ç is two bytes): third character on line 2 is ' '.
        assert_eq!(doc.line_col(5), (2, 2));
        assert_eq!(doc.line_col(7), (2, 3));
        assert_eq!(doc.line_col(12), (3, 1));
        assert_eq!(doc.line_col(13), (4, 1));
        assert_eq!(doc.line_col(999), (4, 2));
    }

    #[test]
    fn parse_keeps_spans_of_keys_and_values() {
        let text = "a = 1\n[[steps]]\ntype = \"read\"\n";
        let t = parse(text).unwrap();
        let a = t.get("a").unwrap();
        assert_eq!(a.key_span, 0..1);
        assert_eq!(a.node.value, Value::Int(1));
        let Value::Array(steps) = &t.get("steps").unwrap().node.value else {
            panic!("steps is an array")
        };
        assert_eq!(&text[steps[0].span.clone()], "[[steps]]");
        let Value::Table(step) = &steps[0].value else {
            panic!("a table")
        };
        let ty = step.get("type").unwrap();
        assert_eq!(&text[ty.node.span.clone()], "\"read\"");
    }

    #[test]
    fn parse_reports_every_syntax_error() {
        let errors = parse("a = \"x\nb = 1\nb = 2\n").unwrap_err();
        assert!(errors.len() >= 2, "{errors:?}");
        assert!(errors.windows(2).all(|w| w[0].offset <= w[1].offset));
    }

    #[test]
    fn huge_integers_are_errors_not_wrapped() {
        let errors = parse("a = 99999999999999999999\n").unwrap_err();
        assert_eq!(errors[0].offset, 4);
        assert!(errors[0].message.contains("out of range"));
    }
}
