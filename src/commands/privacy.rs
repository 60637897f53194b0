//! `mlpath privacy`: k-anonymity and l-diversity of a table over chosen
//! quasi-identifiers (the engine is `crate::ml::privacy`).

use std::collections::HashMap;
use std::process::ExitCode;

use serde_json::json;

use crate::cli::PrivacyArgs;
use crate::ml::io::{CellSink, DataError, RawTable, RowRange, Source};
use crate::ml::privacy::{self, AnonymityReport};
use crate::sanitize::clean_line;

/// How many of the small classes the text report lists.
const LISTED_CLASSES: usize = 10;

/// Each selected column's cells as ids into its own list of values (text as written,
/// surrounding spaces removed; an empty cell is a value too).
struct Sink<'a> {
    source: &'a str,
    selected: Vec<usize>,
    range: Option<RowRange>,
    values: Vec<Vec<String>>,
    index: Vec<HashMap<String, u32>>,
    ids: Vec<Vec<u32>>,
}

impl CellSink for Sink<'_> {
    fn source(&self) -> &str {
        self.source
    }
    fn selected(&self) -> &[usize] {
        &self.selected
    }
    fn wants_row(&self, row: usize) -> bool {
        self.range
            .is_none_or(|r| row >= r.start && r.end.is_none_or(|end| row < end))
    }
    fn push_number(&mut self, _slot: usize, _value: f64) -> bool {
        false
    }
    fn cell(&mut self, slot: usize, raw: &[u8], line: u64) -> Result<(), DataError> {
        let text = std::str::from_utf8(raw.trim_ascii()).map_err(|_| {
            DataError::new(self.source, "this cell is not valid UTF-8 text").at_line(line)
        })?;
        let id = match self.index[slot].get(text) {
            Some(&id) => id,
            None => {
                let id = self.values[slot].len() as u32;
                self.values[slot].push(text.to_string());
                self.index[slot].insert(text.to_string(), id);
                id
            }
        };
        self.ids[slot].push(id);
        Ok(())
    }
}

pub fn run(args: &PrivacyArgs) -> anyhow::Result<ExitCode> {
    let table_source = Source::parse(&args.file)?;
    super::note(table_source.note.as_deref());
    let source = table_source.display.clone();
    let table = RawTable::open(&table_source)?;
    let headers = table.headers()?;
    let mut names: Vec<&str> = args.quasi.iter().map(String::as_str).collect();
    if let Some(s) = &args.sensitive {
        if names.contains(&s.as_str()) {
            return Err(DataError::new(
                &source,
                format!("column '{s}' is both a quasi-identifier and the sensitive column"),
            )
            .with_hint(
                "the sensitive column is what an attacker must not learn; leave it out of --quasi",
            )
            .into());
        }
        names.push(s);
    }
    let mut selected = Vec::new();
    for (i, name) in names.iter().enumerate() {
        let at = headers.iter().position(|h| h == name).ok_or_else(|| {
            DataError::new(&source, format!("no column named '{name}' in the header"))
                .at_line(1)
                .with_hint(format!(
                    "the columns are: {}",
                    crate::ml::io::name_list(&headers)
                ))
        })?;
        if selected.contains(&at) {
            return Err(
                DataError::new(&source, format!("column '{name}' is named twice"))
                    .with_hint("name each quasi-identifier once")
                    .into(),
            );
        }
        debug_assert_eq!(selected.len(), i);
        selected.push(at);
    }
    let slots = selected.len();
    let mut sink = Sink {
        source: table.name(),
        selected,
        range: table_source.range,
        values: vec![Vec::new(); slots],
        index: vec![HashMap::new(); slots],
        ids: vec![Vec::new(); slots],
    };
    let total = table.scan(&mut sink)?;
    if let Some(range) = table_source.range {
        range.resolve(table.name(), total)?;
    }
    let quasi = args.quasi.len();
    let columns: Vec<&[u32]> = sink.ids[..quasi].iter().map(Vec::as_slice).collect();
    let sensitive = args.sensitive.as_ref().map(|_| sink.ids[quasi].as_slice());
    let report = privacy::assess(&columns, sensitive, args.k).map_err(|e| {
        DataError::new(&source, e.to_string())
            .with_hint("the file needs data rows below the header")
    })?;
    let view = View {
        source: &source,
        args,
        values: &sink.values,
        report: &report,
    };
    super::out(&if args.json { view.json() } else { view.text() })?;
    Ok(ExitCode::SUCCESS)
}

/// `text` cut to `width` terminal columns, ending in `…` when cut.
fn shortened(text: &str, width: usize) -> String {
    use unicode_width::UnicodeWidthStr;
    if text.width() <= width {
        return text.to_string();
    }
    let mut out = String::new();
    for c in text.chars() {
        if out.width() + c.to_string().width() >= width {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}

struct View<'a> {
    source: &'a str,
    args: &'a PrivacyArgs,
    values: &'a [Vec<String>],
    report: &'a AnonymityReport,
}

impl View<'_> {
    fn class_values(&self, values: &[u32]) -> Vec<&str> {
        values
            .iter()
            .enumerate()
            .map(|(c, &id)| self.values[c][id as usize].as_str())
            .collect()
    }

    fn json(&self) -> String {
        let r = self.report;
        let small: Vec<_> = r
            .small_classes()
            .map(|c| {
                let values: serde_json::Map<String, serde_json::Value> = self
                    .args
                    .quasi
                    .iter()
                    .zip(self.class_values(&c.values))
                    .map(|(q, v)| (q.clone(), json!(v)))
                    .collect();
                json!({"values": values, "size": c.size, "distinct_sensitive": c.distinct_sensitive})
            })
            .collect();
        let without: serde_json::Map<String, serde_json::Value> = self
            .args
            .quasi
            .iter()
            .zip(&r.k_without)
            .map(|(q, k)| (q.clone(), json!(k)))
            .collect();
        let value = json!({
            "source": self.source,
            "quasi_identifiers": self.args.quasi,
            "sensitive": self.args.sensitive,
            "rows": r.rows,
            "classes": r.classes.len(),
            "k": r.k,
            "k_wanted": r.k_wanted,
            "rows_below_k": r.rows_below_k,
            "small_classes": small,
            "l": r.l,
            "k_without": without,
        });
        let mut text = serde_json::to_string_pretty(&value).expect("plain data serialises");
        text.push('\n');
        text
    }

    fn text(&self) -> String {
        let r = self.report;
        let quasi: Vec<String> = self.args.quasi.iter().map(|q| clean_line(q)).collect();
        let mut out = format!(
            "{}: {} rows, {} equivalence classes\nquasi-identifiers: {}\n\n",
            clean_line(self.source),
            r.rows,
            r.classes.len(),
            quasi.join(", ")
        );
        out.push_str(&format!(
            "k-anonymity: k = {} (the smallest class has {} row{})\n",
            r.k,
            r.k,
            if r.k == 1 { "" } else { "s" }
        ));
        if let (Some(l), Some(s)) = (r.l, &self.args.sensitive) {
            out.push_str(&format!(
                "l-diversity: l = {l} (the least diverse class holds {l} distinct value{} of '{}')\n",
                if l == 1 { "" } else { "s" },
                clean_line(s)
            ));
        }
        let small: Vec<_> = r.small_classes().collect();
        out.push_str(&format!(
            "\nrows in classes smaller than k = {}: {} of {} ({} classes)\n",
            r.k_wanted,
            r.rows_below_k,
            r.rows,
            small.len()
        ));
        for class in small.iter().take(LISTED_CLASSES) {
            let values: Vec<String> = self
                .class_values(&class.values)
                .into_iter()
                .map(clean_line)
                .collect();
            let line = format!("  {} row(s): {}", class.size, values.join(", "));
            out.push_str(&shortened(&line, 80));
            out.push('\n');
        }
        if small.len() > LISTED_CLASSES {
            out.push_str(&format!(
                "  … and {} more classes\n",
                small.len() - LISTED_CLASSES
            ));
        }
        out.push_str("\ngeneralising one column to a single value (suppressing it):\n");
        for (q, k) in quasi.iter().zip(&r.k_without) {
            out.push_str(&format!("  without {q}: k = {k}\n"));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_are_cut_to_the_width() {
        assert_eq!(shortened("abc", 80), "abc");
        let cut = shortened(&"x".repeat(100), 80);
        assert_eq!(cut.chars().count(), 80);
        assert!(cut.ends_with('…'));
    }
}
