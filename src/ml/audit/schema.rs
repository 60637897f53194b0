//! A table's schema and its fingerprint, and `schema_change`: what changed between a
//! baseline table and this one (the lineage check a pipeline runs before training).
//!
//! A column's schema is its name, its type (`number`, `text`, `mixed` numbers and text,
//! or `empty` when every cell is missing, by the audit's cell rules) and, for a text
//! column of at most [`MAX_CATEGORIES`] distinct values, its sorted set of categories.
//! The fingerprint is the first 16 hexadecimal digits of the SHA-256 of the schema
//! written one column a line: name, type and categories separated by the unit separator
//! (U+001F), categories by the record separator (U+001E).

use serde::Serialize;
use sha2::{Digest, Sha256};

use super::encode::{CodedTable, Kind};
use super::{Finding, Severity};
use crate::ml::io::Table;

/// A text column lists its categories in the schema when it has at most this many.
pub const MAX_CATEGORIES: usize = 50;

/// One column of a schema.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ColumnSchema {
    pub column: String,
    /// `number`, `text`, `mixed` or `empty`.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// The sorted distinct values of a text column with few of them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub categories: Option<Vec<String>>,
}

/// The schema of a table, in header order.
pub fn schema(table: &Table) -> Vec<ColumnSchema> {
    of_coded(table, &CodedTable::new(table, None))
}

pub(super) fn of_coded(table: &Table, coded: &CodedTable) -> Vec<ColumnSchema> {
    table
        .headers
        .iter()
        .enumerate()
        .map(|(column, name)| {
            let profile = &coded.profiles[column];
            let kind = match profile.kind {
                Kind::AllMissing => "empty",
                Kind::Numeric => "number",
                Kind::Text => "text",
                Kind::Mixed => "mixed",
            };
            let categories = (profile.kind == Kind::Text && profile.distinct() <= MAX_CATEGORIES)
                .then(|| {
                    let cells = table.text(column);
                    let mut values: Vec<String> = profile.first_row[1..]
                        .iter()
                        .map(|&row| cells[row].to_string())
                        .collect();
                    values.sort();
                    values
                });
            ColumnSchema {
                column: name.clone(),
                kind,
                categories,
            }
        })
        .collect()
}

/// The schema's fingerprint: 16 hexadecimal digits (see the module's documentation).
pub fn fingerprint(schema: &[ColumnSchema]) -> String {
    let mut hasher = Sha256::new();
    for column in schema {
        hasher.update(column.column.as_bytes());
        hasher.update("\u{1f}");
        hasher.update(column.kind.as_bytes());
        hasher.update("\u{1f}");
        if let Some(categories) = &column.categories {
            hasher.update(categories.join("\u{1e}").as_bytes());
        }
        hasher.update("\n");
    }
    format!("{:x}", hasher.finalize())[..16].to_string()
}

/// The `schema_change` findings of `current` against `baseline`: removed and retyped
/// columns (errors), added columns and new categories (warnings), categories gone and,
/// when the schemas are identical, a changed SHA-256 (notes). `hashes` are the
/// baseline's and the current file's SHA-256, when known.
pub fn compare(
    baseline: &[ColumnSchema],
    current: &[ColumnSchema],
    hashes: Option<(&str, &str)>,
) -> Vec<Finding> {
    let mut findings = Vec::new();
    let mut push = |severity: Severity, column: &str, count: usize, message: String, hint: &str| {
        findings.push(Finding {
            check: "schema_change",
            severity,
            column: Some(column.to_string()),
            count,
            rows: Vec::new(),
            message,
            hint: hint.to_string(),
        });
    };
    for old in baseline {
        let Some(new) = find(current, &old.column) else {
            push(
                Severity::Error,
                &old.column,
                1,
                format!("the column ({}) of the baseline is gone", old.kind),
                "a model trained on the baseline needs this column: restore it, or retrain \
                 and document why it was dropped",
            );
            continue;
        };
        if new.kind != old.kind {
            push(
                Severity::Error,
                &old.column,
                1,
                format!(
                    "the column was {} in the baseline and is {} now",
                    old.kind, new.kind
                ),
                "find the cells that changed the type (a unit, a placeholder, a new code) \
                 and fix them upstream before training",
            );
            continue;
        }
        if let (Some(was), Some(is)) = (&old.categories, &new.categories) {
            let added: Vec<&String> = is.iter().filter(|c| !was.contains(c)).collect();
            let gone: Vec<&String> = was.iter().filter(|c| !is.contains(c)).collect();
            if !added.is_empty() {
                push(
                    Severity::Warning,
                    &old.column,
                    added.len(),
                    format!("new categories: {}", category_list(&added)),
                    "a model fitted on the baseline has never seen these values: map them to \
                     known ones or retrain",
                );
            }
            if !gone.is_empty() {
                push(
                    Severity::Info,
                    &old.column,
                    gone.len(),
                    format!("categories no longer present: {}", category_list(&gone)),
                    "check that the rows holding them were not lost on the way",
                );
            }
        }
    }
    for new in current {
        if find(baseline, &new.column).is_none() {
            push(
                Severity::Warning,
                &new.column,
                1,
                format!("a new column ({}) the baseline does not have", new.kind),
                "a model trained on the baseline ignores it; document where it comes from",
            );
        }
    }
    if let Some((was, is)) = hashes
        && baseline == current
        && was != is
    {
        findings.push(Finding {
            check: "schema_change",
            severity: Severity::Info,
            column: None,
            count: 1,
            rows: Vec::new(),
            message: format!(
                "same schema, different data: SHA-256 {} in the baseline, {} now",
                short(was),
                short(is)
            ),
            hint: "record which version a model was trained on (the SHA-256) so that the \
                   run can be reproduced"
                .to_string(),
        });
    }
    findings
}

fn find<'a>(schema: &'a [ColumnSchema], name: &str) -> Option<&'a ColumnSchema> {
    schema.iter().find(|c| c.column == name)
}

fn short(hash: &str) -> &str {
    hash.get(..12).unwrap_or(hash)
}

fn category_list(categories: &[&String]) -> String {
    const SHOWN: usize = 10;
    let mut text = categories
        .iter()
        .take(SHOWN)
        .map(|c| super::quoted(c))
        .collect::<Vec<_>>()
        .join(", ");
    if categories.len() > SHOWN {
        text.push_str(&format!(" and {} more", categories.len() - SHOWN));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(csv: &str) -> Vec<ColumnSchema> {
        schema(&Table::from_bytes("t.csv", csv.as_bytes()).unwrap())
    }

    fn changes(old: &str, new: &str) -> Vec<(Severity, Option<String>, String)> {
        compare(&of(old), &of(new), Some(("aa", "bb")))
            .into_iter()
            .map(|f| {
                assert_eq!(f.check, "schema_change");
                (f.severity, f.column, f.message)
            })
            .collect()
    }

    #[test]
    fn columns_are_typed_and_text_lists_its_sorted_categories() {
        let s = of("n,t,m,e\n1,b,1,\n2.5,a,x,NA\n3,b,2,?\n");
        let kinds: Vec<&str> = s.iter().map(|c| c.kind).collect();
        assert_eq!(kinds, vec!["number", "text", "mixed", "empty"]);
        assert_eq!(
            s[1].categories,
            Some(vec!["a".to_string(), "b".to_string()])
        );
        assert_eq!(s[0].categories, None);
        assert_eq!(s[2].categories, None);
        // More than MAX_CATEGORIES values: no category set.
        let mut csv = String::from("t\n");
        for i in 0..=MAX_CATEGORIES {
            csv.push_str(&format!("v{i}\n"));
        }
        assert_eq!(of(&csv)[0].categories, None);
    }

    #[test]
    fn the_fingerprint_follows_the_schema_only() {
        let a = fingerprint(&of("x,y\n1,a\n2,b\n"));
        assert_eq!(a.len(), 16);
        assert_eq!(a, fingerprint(&of("x,y\n7,b\n9,a\n3,a\n")));
        assert_ne!(a, fingerprint(&of("x,y\n1,a\n2,c\n")));
        assert_ne!(a, fingerprint(&of("x,z\n1,a\n2,b\n")));
        assert_ne!(a, fingerprint(&of("x,y\nq,a\n2,b\n")));
    }

    #[test]
    fn removed_retyped_added_columns_and_categories_are_reported() {
        let found = changes(
            "a,b,c,d\n1,x,1,p\n2,y,2,q\n",
            "a,c,d,e\n1,one,p,0\n2,2,r,1\n",
        );
        let kinds: Vec<(Severity, Option<&str>)> =
            found.iter().map(|(s, c, _)| (*s, c.as_deref())).collect();
        assert_eq!(
            kinds,
            vec![
                (Severity::Error, Some("b")),
                (Severity::Error, Some("c")),
                (Severity::Warning, Some("d")),
                (Severity::Info, Some("d")),
                (Severity::Warning, Some("e")),
            ]
        );
        assert!(found[0].2.contains("gone"), "{found:?}");
        assert!(found[1].2.contains("was number") && found[1].2.contains("mixed"));
        assert!(found[2].2.contains("'r'"));
        assert!(found[3].2.contains("'q'"));
    }

    #[test]
    fn same_schema_reports_only_a_changed_hash() {
        let same = compare(&of("a,b\n1,x\n"), &of("a,b\n2,x\n"), Some(("aa", "aa")));
        assert!(same.is_empty());
        let found = changes("a,b\n1,x\n", "a,b\n2,x\n");
        assert_eq!(found.len(), 1);
        assert_eq!((found[0].0, found[0].1.as_deref()), (Severity::Info, None));
        assert!(compare(&of("a\n1\n"), &of("a\n2\n"), None).is_empty());
        // A changed schema does not add the hash note: the schema findings say more.
        assert_eq!(changes("a\n1\n", "a,b\n1,2\n").len(), 1);
    }
}
