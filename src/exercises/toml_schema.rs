//! The `toml_schema` checker: the file parses as TOML and has the listed keys, each
//! with the listed type and, where given, a value in range or from a list.

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::{Outcome, Pos, Report, Requirement, pos_of};
use crate::sanitize::clean_line;

/// The parameters of a `toml_schema` check: one rule per key.
#[derive(Debug, Clone, PartialEq)]
pub struct TomlSchemaParams {
    pub keys: Vec<KeyRule>,
}

/// What one key must hold.
#[derive(Debug, Clone, PartialEq)]
pub struct KeyRule {
    /// The dotted path split into its parts: `gate.min_auc` is `["gate", "min_auc"]`.
    pub path: Vec<String>,
    pub ty: ValueType,
    /// Bounds for numbers, inclusive.
    pub min: Option<f64>,
    pub max: Option<f64>,
    /// The allowed values (strings, numbers or booleans); empty means any.
    pub one_of: Vec<Literal>,
    /// Why the key matters, in the lesson's words; shown with the requirement.
    pub why: String,
}

impl KeyRule {
    pub fn dotted(&self) -> String {
        self.path.join(".")
    }

    /// What the rule requires, in one line: "`gate.min_auc`: a float from 0.5 to 1".
    pub fn describe(&self) -> String {
        let mut text = format!("`{}`: {}", self.dotted(), self.ty.with_article());
        match (self.min, self.max) {
            (Some(lo), Some(hi)) => text.push_str(&format!(" from {lo} to {hi}")),
            (Some(lo), None) => text.push_str(&format!(" of at least {lo}")),
            (None, Some(hi)) => text.push_str(&format!(" of at most {hi}")),
            (None, None) => {}
        }
        if !self.one_of.is_empty() {
            let list: Vec<String> = self.one_of.iter().map(Literal::shown).collect();
            text.push_str(&format!(", one of {}", list.join(", ")));
        }
        text
    }
}

/// The type a key must have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueType {
    Float,
    Integer,
    /// An integer or a float.
    Number,
    String,
    Boolean,
    Array,
    Table,
}

impl ValueType {
    /// The names lessons write in `type`, in the order of the enum.
    pub const NAMES: [&'static str; 7] = [
        "float", "integer", "number", "string", "boolean", "array", "table",
    ];

    pub fn parse(name: &str) -> Option<ValueType> {
        use ValueType::*;
        const ALL: [ValueType; 7] = [Float, Integer, Number, String, Boolean, Array, Table];
        Self::NAMES.iter().position(|n| *n == name).map(|i| ALL[i])
    }

    pub fn name(self) -> &'static str {
        Self::NAMES[self as usize]
    }

    pub fn with_article(self) -> &'static str {
        match self {
            ValueType::Float => "a float",
            ValueType::Integer => "an integer",
            ValueType::Number => "a number",
            ValueType::String => "a string",
            ValueType::Boolean => "a boolean",
            ValueType::Array => "an array",
            ValueType::Table => "a table",
        }
    }

    /// Whether bounds (`min`, `max`) apply to this type.
    pub fn is_numeric(self) -> bool {
        matches!(
            self,
            ValueType::Float | ValueType::Integer | ValueType::Number
        )
    }

    /// Whether `one_of` applies to this type.
    pub fn takes_one_of(self) -> bool {
        !matches!(self, ValueType::Array | ValueType::Table)
    }

    /// A placeholder for messages: `<a float>`.
    fn placeholder(self) -> String {
        format!("<{}>", self.with_article())
    }
}

/// A value in a `one_of` list.
#[derive(Debug, Clone, PartialEq)]
pub enum Literal {
    Str(String),
    Int(i64),
    Float(f64),
    Bool(bool),
}

impl Literal {
    /// As written in TOML, for messages.
    pub fn shown(&self) -> String {
        match self {
            Literal::Str(s) => format!("\"{}\"", clean_line(s)),
            Literal::Int(n) => n.to_string(),
            Literal::Float(x) => x.to_string(),
            Literal::Bool(b) => b.to_string(),
        }
    }
}

/// A value read from the learner's file, reduced to what rules compare.
enum Found<'a> {
    Str(&'a str),
    Int(i64),
    Float(f64),
    Bool(bool),
    Other,
}

impl Found<'_> {
    fn number(&self) -> Option<f64> {
        match self {
            Found::Int(n) => Some(*n as f64),
            Found::Float(x) => Some(*x),
            _ => None,
        }
    }

    fn equals(&self, lit: &Literal) -> bool {
        match (self, lit) {
            (Found::Str(a), Literal::Str(b)) => *a == b,
            (Found::Bool(a), Literal::Bool(b)) => a == b,
            (Found::Int(a), Literal::Int(b)) => a == b,
            (Found::Int(_) | Found::Float(_), Literal::Int(_) | Literal::Float(_)) => {
                let b = match lit {
                    Literal::Int(n) => *n as f64,
                    Literal::Float(x) => *x,
                    _ => unreachable!("matched above"),
                };
                self.number() == Some(b)
            }
            _ => false,
        }
    }

    fn shown(&self) -> String {
        match self {
            Found::Str(s) => {
                let mut short: String = clean_line(s).chars().take(40).collect();
                if short.len() < s.len() {
                    short.push('…');
                }
                format!("\"{short}\"")
            }
            Found::Int(n) => n.to_string(),
            Found::Float(x) => x.to_string(),
            Found::Bool(b) => b.to_string(),
            Found::Other => "this value".to_string(),
        }
    }
}

fn type_name(v: &DeValue<'_>) -> &'static str {
    match v {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a float",
        DeValue::Boolean(_) => "a boolean",
        DeValue::Datetime(_) => "a date-time",
        DeValue::Array(_) => "an array",
        DeValue::Table(_) => "a table",
    }
}

/// The syntax requirement's text.
const VALID_TOML: &str = "the file is valid TOML";

/// Checks `text` against every rule: first that it parses, then each key in order.
pub fn check(params: &TomlSchemaParams, text: &str) -> Report {
    let (root, errors) = DeTable::parse_recoverable(text);
    let mut requirements = Vec::with_capacity(params.keys.len() + 1);
    if let Some(first) = errors
        .iter()
        .min_by_key(|e| e.span().map_or(0, |s| s.start))
    {
        let message = first.message().lines().next().unwrap_or("").trim();
        let more = match errors.len() {
            1 => String::new(),
            n => format!(" ({} more after it)", n - 1),
        };
        requirements.push(Requirement {
            what: VALID_TOML.to_string(),
            why: String::new(),
            outcome: Outcome::Unmet {
                reason: format!("TOML syntax: {}{more}", clean_line(message)),
                at: Some(pos_of(text, first.span().map_or(0, |s| s.start))),
            },
        });
        for rule in &params.keys {
            requirements.push(Requirement {
                what: rule.describe(),
                why: rule.why.clone(),
                outcome: Outcome::Unmet {
                    reason: "not checked until the file is valid TOML".to_string(),
                    at: None,
                },
            });
        }
        return Report { requirements };
    }
    requirements.push(Requirement {
        what: VALID_TOML.to_string(),
        why: String::new(),
        outcome: Outcome::Met,
    });
    for rule in &params.keys {
        requirements.push(Requirement {
            what: rule.describe(),
            why: rule.why.clone(),
            outcome: check_rule(rule, root.get_ref(), text),
        });
    }
    Report { requirements }
}

fn lookup<'t, 'a>(table: &'t DeTable<'a>, key: &str) -> Option<&'t Spanned<DeValue<'a>>> {
    table
        .iter()
        .find(|(k, _)| k.get_ref().as_ref() == key)
        .map(|(_, v)| v)
}

fn unmet(reason: String, at: Option<Pos>) -> Outcome {
    Outcome::Unmet { reason, at }
}

fn check_rule(rule: &KeyRule, root: &DeTable<'_>, text: &str) -> Outcome {
    let mut table = root;
    // Where the innermost table found so far starts (`None` for the top level).
    let mut table_at: Option<usize> = None;
    let (last, parents) = rule
        .path
        .split_last()
        .expect("the catalog never makes an empty key path");
    for (depth, part) in parents.iter().enumerate() {
        let prefix = rule.path[..=depth].join(".");
        match lookup(table, part) {
            Some(v) => match v.get_ref() {
                DeValue::Table(t) => {
                    table = t;
                    table_at = Some(v.span().start);
                }
                other => {
                    return unmet(
                        format!(
                            "`{prefix}` must be a table, found {}; `{}` goes inside it",
                            type_name(other),
                            rule.dotted()
                        ),
                        Some(pos_of(text, v.span().start)),
                    );
                }
            },
            None => {
                let rest = rule.path[depth + 1..].join(".");
                return unmet(
                    format!(
                        "missing: add a `[{prefix}]` table with `{rest} = {}`",
                        rule.ty.placeholder()
                    ),
                    table_at.map(|at| pos_of(text, at)),
                );
            }
        }
    }
    let Some(value) = lookup(table, last) else {
        let place = if parents.is_empty() {
            "at the top of the file, before any [table]".to_string()
        } else {
            format!("under `[{}]`", parents.join("."))
        };
        return unmet(
            format!("missing: add `{last} = {}` {place}", rule.ty.placeholder()),
            table_at.map(|at| pos_of(text, at)),
        );
    };
    let at = Some(pos_of(text, value.span().start));
    let found = match value.get_ref() {
        DeValue::String(s) => Found::Str(s.as_ref()),
        DeValue::Integer(i) => match i64::from_str_radix(i.as_str(), i.radix()) {
            Ok(n) => Found::Int(n),
            Err(_) => {
                return unmet("this integer does not fit in 64 bits".to_string(), at);
            }
        },
        DeValue::Float(f) => match f.as_str().parse::<f64>() {
            Ok(x) => Found::Float(x),
            Err(_) => return unmet("this float cannot be read".to_string(), at),
        },
        DeValue::Boolean(b) => Found::Bool(*b),
        _ => Found::Other,
    };
    let type_ok = matches!(
        (rule.ty, value.get_ref()),
        (ValueType::Float, DeValue::Float(_))
            | (ValueType::Integer, DeValue::Integer(_))
            | (ValueType::Number, DeValue::Integer(_) | DeValue::Float(_))
            | (ValueType::String, DeValue::String(_))
            | (ValueType::Boolean, DeValue::Boolean(_))
            | (ValueType::Array, DeValue::Array(_))
            | (ValueType::Table, DeValue::Table(_))
    );
    if !type_ok {
        let found_name = type_name(value.get_ref());
        let fix = match (rule.ty, &found) {
            (ValueType::Float, Found::Int(n)) => {
                format!("; write it with a decimal point, e.g. {n}.0")
            }
            (ValueType::Integer, Found::Float(_)) => "; write a whole number".to_string(),
            (ValueType::Number | ValueType::Float | ValueType::Integer, Found::Str(_))
            | (ValueType::Boolean, Found::Str(_)) => "; remove the quotes".to_string(),
            _ => String::new(),
        };
        return unmet(
            format!(
                "`{}` must be {}, found {found_name}{fix}",
                rule.dotted(),
                rule.ty.with_article()
            ),
            at,
        );
    }
    if let Some(x) = found.number() {
        if x.is_nan() {
            return unmet("nan is not a usable number here".to_string(), at);
        }
        if let Some(lo) = rule.min
            && x < lo
        {
            return unmet(format!("{} is below the minimum {lo}", found.shown()), at);
        }
        if let Some(hi) = rule.max
            && x > hi
        {
            return unmet(format!("{} is above the maximum {hi}", found.shown()), at);
        }
    }
    if !rule.one_of.is_empty() && !rule.one_of.iter().any(|lit| found.equals(lit)) {
        let list: Vec<String> = rule.one_of.iter().map(Literal::shown).collect();
        return unmet(
            format!("{} is not one of {}", found.shown(), list.join(", ")),
            at,
        );
    }
    Outcome::Met
}

#[cfg(test)]
mod tests;
