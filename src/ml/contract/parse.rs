//! Reading a contract file: TOML syntax, then every key checked with its line and
//! column.

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::{ColumnRule, ColumnType, Contract, ContractError, Place};
use crate::sanitize::clean_line;

const RULE_KEYS: [&str; 7] = [
    "name",
    "type",
    "required",
    "min",
    "max",
    "allowed",
    "max_missing",
];

/// The 1-based line and column of a byte offset in `text` (clamped to its end).
fn place(text: &str, offset: usize) -> Place {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    Place {
        line: before.matches('\n').count() + 1,
        col: text[start..offset].chars().count() + 1,
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

struct Reader<'t> {
    text: &'t str,
}

impl Reader<'_> {
    fn error(&self, offset: usize, message: impl Into<String>) -> ContractError {
        ContractError {
            at: place(self.text, offset),
            message: message.into(),
        }
    }

    fn number(&self, key: &str, v: &Spanned<DeValue<'_>>) -> Result<f64, ContractError> {
        let x = match v.get_ref() {
            DeValue::Integer(i) => i64::from_str_radix(i.as_str(), i.radix())
                .ok()
                .map(|n| n as f64),
            DeValue::Float(f) => f.as_str().parse::<f64>().ok(),
            other => {
                return Err(self.error(
                    v.span().start,
                    format!("`{key}` must be a number, found {}", type_name(other)),
                ));
            }
        };
        match x {
            Some(x) if x.is_finite() => Ok(x),
            _ => Err(self.error(v.span().start, format!("`{key}` must be a finite number"))),
        }
    }

    fn string<'v>(&self, key: &str, v: &'v Spanned<DeValue<'_>>) -> Result<&'v str, ContractError> {
        match v.get_ref() {
            DeValue::String(s) => Ok(s.as_ref()),
            other => Err(self.error(
                v.span().start,
                format!("`{key}` must be a string, found {}", type_name(other)),
            )),
        }
    }

    fn rule(
        &self,
        table: &DeTable<'_>,
        at: usize,
        index: usize,
    ) -> Result<ColumnRule, ContractError> {
        for (key, _) in table.iter() {
            let k = key.get_ref().as_ref();
            if !RULE_KEYS.contains(&k) {
                return Err(self.error(
                    key.span().start,
                    format!(
                        "unknown key `{}` in column rule {index}; the keys are {}",
                        clean_line(k),
                        RULE_KEYS.join(", ")
                    ),
                ));
            }
        }
        let get = |k: &str| {
            table
                .iter()
                .find(|(key, _)| key.get_ref().as_ref() == k)
                .map(|(_, v)| v)
        };
        let name_v = get("name").ok_or_else(|| {
            self.error(
                at,
                format!("column rule {index} has no `name`; add `name = \"<column>\"`"),
            )
        })?;
        let name = self.string("name", name_v)?;
        if name.trim().is_empty() {
            return Err(self.error(
                name_v.span().start,
                "`name` is empty; write the column's header",
            ));
        }
        let type_v = get("type").ok_or_else(|| {
            self.error(
                at,
                format!(
                    "column `{}` has no `type`; add `type = \"number\"`, \"integer\" or \"text\"",
                    clean_line(name)
                ),
            )
        })?;
        let ty_name = self.string("type", type_v)?;
        let ty = ColumnType::parse(ty_name).ok_or_else(|| {
            self.error(
                type_v.span().start,
                format!(
                    "unknown type \"{}\"; the types are {}",
                    clean_line(ty_name),
                    ColumnType::NAMES.join(", ")
                ),
            )
        })?;
        let required = match get("required") {
            None => true,
            Some(v) => match v.get_ref() {
                DeValue::Boolean(b) => *b,
                other => {
                    return Err(self.error(
                        v.span().start,
                        format!(
                            "`required` must be true or false, found {}",
                            type_name(other)
                        ),
                    ));
                }
            },
        };
        let bound = |key: &str| -> Result<Option<f64>, ContractError> {
            let Some(v) = get(key) else { return Ok(None) };
            if !ty.is_numeric() {
                return Err(self.error(
                    v.span().start,
                    format!(
                        "`{key}` applies to number and integer columns, not to the text column `{}`; \
                         list its values in `allowed` instead",
                        clean_line(name)
                    ),
                ));
            }
            self.number(key, v).map(Some)
        };
        let min = bound("min")?;
        let max = bound("max")?;
        if let (Some(lo), Some(hi)) = (min, max)
            && lo > hi
        {
            let at = get("max").map_or(at, |v| v.span().start);
            return Err(self.error(
                at,
                format!("`max` {hi} is below `min` {lo}; no value could pass"),
            ));
        }
        let mut allowed = Vec::new();
        if let Some(v) = get("allowed") {
            if ty.is_numeric() {
                return Err(self.error(
                    v.span().start,
                    format!(
                        "`allowed` applies to text columns, not to the {} column `{}`; use `min` and `max`",
                        ty.name(),
                        clean_line(name)
                    ),
                ));
            }
            let DeValue::Array(items) = v.get_ref() else {
                return Err(self.error(
                    v.span().start,
                    format!(
                        "`allowed` must be an array of strings, found {}; write e.g. `allowed = [\"yes\", \"no\"]`",
                        type_name(v.get_ref())
                    ),
                ));
            };
            if items.is_empty() {
                return Err(self.error(
                    v.span().start,
                    "`allowed` is empty; list the values or remove it",
                ));
            }
            for item in items.iter() {
                let s = self.string("allowed", item).map_err(|_| {
                    self.error(
                        item.span().start,
                        format!(
                            "every entry of `allowed` must be a string, found {}",
                            type_name(item.get_ref())
                        ),
                    )
                })?;
                if allowed.iter().any(|a| a == s.trim()) {
                    return Err(
                        self.error(item.span().start, "this value is listed twice in `allowed`")
                    );
                }
                allowed.push(s.trim().to_string());
            }
        }
        let max_missing = match get("max_missing") {
            None => 0.0,
            Some(v) => {
                let x = self.number("max_missing", v)?;
                if !(0.0..=1.0).contains(&x) {
                    return Err(self.error(
                        v.span().start,
                        format!("`max_missing` is a share from 0 to 1, found {x}; 5 % is 0.05"),
                    ));
                }
                x
            }
        };
        Ok(ColumnRule {
            name: name.trim().to_string(),
            ty,
            required,
            min,
            max,
            allowed,
            max_missing,
            at: place(self.text, name_v.span().start),
        })
    }
}

/// Parses a contract file; the first problem is the error, at its line and column.
pub fn parse(text: &str) -> Result<Contract, ContractError> {
    let r = Reader { text };
    let (root, errors) = DeTable::parse_recoverable(text);
    if let Some(first) = errors
        .iter()
        .min_by_key(|e| e.span().map_or(0, |s| s.start))
    {
        let message = first.message().lines().next().unwrap_or("").trim();
        return Err(r.error(
            first.span().map_or(0, |s| s.start),
            format!("TOML syntax: {}", clean_line(message)),
        ));
    }
    let root = root.get_ref();
    for (key, _) in root.iter() {
        let k = key.get_ref().as_ref();
        if k != "columns" {
            return Err(r.error(
                key.span().start,
                format!(
                    "unknown key `{}`; a contract holds only `[[columns]]` rules",
                    clean_line(k)
                ),
            ));
        }
    }
    let Some((_, columns)) = root.iter().find(|(k, _)| k.get_ref().as_ref() == "columns") else {
        return Err(r.error(
            0,
            "the contract has no `[[columns]]` rule; add one per column, with `name` and `type`",
        ));
    };
    let DeValue::Array(items) = columns.get_ref() else {
        return Err(r.error(
            columns.span().start,
            format!(
                "`columns` must be an array of tables (`[[columns]]` sections), found {}",
                type_name(columns.get_ref())
            ),
        ));
    };
    if items.is_empty() {
        return Err(r.error(
            columns.span().start,
            "`columns` is empty; add one `[[columns]]` rule per column",
        ));
    }
    let mut contract = Contract::default();
    for (i, item) in items.iter().enumerate() {
        let DeValue::Table(t) = item.get_ref() else {
            return Err(r.error(
                item.span().start,
                format!(
                    "every entry of `columns` must be a table, found {}",
                    type_name(item.get_ref())
                ),
            ));
        };
        let rule = r.rule(t, item.span().start, i + 1)?;
        if let Some(first) = contract.columns.iter().find(|c| c.name == rule.name) {
            return Err(ContractError {
                at: rule.at,
                message: format!(
                    "column `{}` is listed twice (first at line {}); give each column one rule",
                    clean_line(&rule.name),
                    first.at.line
                ),
            });
        }
        contract.columns.push(rule);
    }
    Ok(contract)
}
