//! `mlpath drift REFERENCE CURRENT`: which columns drifted, by how much, and whether the
//! dataset drifted. Both tables are read at the same time (one per core), then the
//! columns are compared in parallel.

mod human;
mod json;

use std::collections::{HashMap, HashSet};
use std::process::ExitCode;

use anyhow::{Context, bail};

use crate::cli::{DriftArgs, DriftTestArg};
use crate::ml::drift::report::{ColumnSamples, DriftOptions, compare_columns};
use crate::ml::drift::rules::DriftTest;
use crate::ml::io::{ColumnValues, DataError, RawTable, Source, name_list};

pub fn run(args: &DriftArgs) -> anyhow::Result<ExitCode> {
    let options = DriftOptions {
        test: match args.test {
            DriftTestArg::Auto => None,
            DriftTestArg::Ks => Some(DriftTest::Ks),
            DriftTestArg::Wasserstein => Some(DriftTest::Wasserstein),
            DriftTestArg::Psi => Some(DriftTest::Psi),
            DriftTestArg::Jsd => Some(DriftTest::Jsd),
            DriftTestArg::Chi2 => Some(DriftTest::Chi2),
        },
        bins: args.bins as usize,
        bonferroni: args.bonferroni,
    };
    let reference = Source::parse(&args.reference)?;
    let current = Source::parse(&args.current)?;
    super::note(reference.note.as_deref());
    super::note(current.note.as_deref());
    let (reference_raw, current_raw) =
        both(|| RawTable::open(&reference), || RawTable::open(&current));
    let (reference_raw, current_raw) = (reference_raw?, current_raw?);
    let reference_headers = reference_raw.headers()?;
    let current_headers = current_raw.headers()?;
    // Name → position maps keep column selection linear in the number of columns (the
    // data path has already refused duplicate names).
    let reference_index = header_index(&reference_headers);
    let current_index = header_index(&current_headers);
    let names = columns_to_compare(
        &args.columns,
        (&reference.display, &reference_headers, &reference_index),
        (&current.display, &current_headers, &current_index),
    )?;
    let reference_columns: Vec<usize> = names.iter().map(|n| reference_index[n.as_str()]).collect();
    let current_columns: Vec<usize> = names.iter().map(|n| current_index[n.as_str()]).collect();
    let plain = vec![false; names.len()];
    let (reference_read, current_read) = both(
        || reference_raw.read(&reference_columns, &plain, reference.range),
        || current_raw.read(&current_columns, &plain, current.range),
    );
    let reference_read = reference_read?;
    let mut current_read = current_read?;
    for (side, read) in [(&reference, &reference_read), (&current, &current_read)] {
        if read.rows < 2 {
            return Err(DataError::new(
                &side.display,
                format!(
                    "only {} row(s) to compare; drift needs at least 2",
                    read.rows
                ),
            )
            .with_hint("give more rows, or a wider row range such as [0:200]")
            .into());
        }
    }

    // A column is text in the current table wherever it is text in the reference.
    let text_in_reference: Vec<bool> = reference_read
        .columns
        .iter()
        .map(|c| matches!(c.values, Some(ColumnValues::Text(_))))
        .collect();
    let needs_reread = text_in_reference
        .iter()
        .zip(&current_read.columns)
        .any(|(&text, c)| text && matches!(c.values, Some(ColumnValues::Numeric(_))));
    if needs_reread {
        current_read = current_raw.read(&current_columns, &text_in_reference, current.range)?;
    }

    let mut columns = Vec::with_capacity(names.len());
    let mut skipped = Vec::new();
    let reference_name = reference_raw.name().to_string();
    let current_name = current_raw.name().to_string();
    let (reference_rows, current_rows) = (reference_read.rows, current_read.rows);
    for ((name, r), c) in names
        .iter()
        .zip(reference_read.columns)
        .zip(current_read.columns)
    {
        let no_values = |table: &str| {
            DataError::new(table, "every cell of this column is empty or missing")
                .in_column(name)
                .with_hint("leave the column out with --columns, or fill in its values")
        };
        let reference_values = r.values.ok_or_else(|| no_values(&reference_name))?;
        let current_values = c.values.ok_or_else(|| no_values(&current_name))?;
        if let (ColumnValues::Numeric(_), ColumnValues::Text(_)) =
            (&reference_values, &current_values)
        {
            let (line, text) = c.first.expect("a text column has a first value");
            let first_number = r.first.map_or(0, |f| f.0);
            return Err(DataError::new(
                &current_name,
                format!("'{text}' is not a finite number"),
            )
            .at_line(line)
            .in_column(name)
            .with_hint(format!(
                "in {reference_name} the column holds numbers (first value on line {first_number}), \
                 so it must hold numbers here too; empty cells and NA count as missing"
            ))
            .into());
        }
        if args.columns.is_empty()
            && let Some(reason) = identifier_like(&reference_values, &current_values)
        {
            skipped.push(json::Skipped {
                name: name.clone(),
                reason,
            });
            continue;
        }
        columns.push(ColumnSamples {
            name: name.clone(),
            reference: reference_values,
            current: current_values,
        });
    }
    if columns.is_empty() {
        bail!(
            "no column is left to compare: every common column looks like an identifier or a \
             timestamp\n  hint: name columns with --columns to compare them anyway"
        );
    }
    let report = compare_columns(columns, &options).context("cannot compare the tables")?;
    let tables = json::Tables {
        reference: json::TableInfo {
            source: reference.display.clone(),
            rows: reference_rows,
        },
        current: json::TableInfo {
            source: current.display.clone(),
            rows: current_rows,
        },
    };
    let text = if args.json {
        json::render(&tables, &options, &report, &skipped)?
    } else {
        human::render(&tables, &options, &report, &skipped)
    };
    super::out(&text)?;
    if args.fail_on_drift && report.dataset_drift {
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

/// Text columns whose every value is distinct in both tables (at least
/// [`IDENTIFIER_MIN_VALUES`] of them) are identifiers or timestamps: as categories they
/// never repeat, so a chi-square test or a share of drifted columns means nothing. They
/// are left out unless named with `--columns`.
const IDENTIFIER_MIN_VALUES: usize = 20;

fn identifier_like(reference: &ColumnValues, current: &ColumnValues) -> Option<String> {
    let all_distinct = |values: &[String]| {
        let mut seen = std::collections::HashSet::with_capacity(values.len());
        values.iter().all(|v| seen.insert(v.as_str()))
    };
    match (reference, current) {
        (ColumnValues::Text(r), ColumnValues::Text(c))
            if r.len() >= IDENTIFIER_MIN_VALUES && all_distinct(r) && all_distinct(c) =>
        {
            Some(
                "every value is distinct (an identifier or a timestamp?); name it with \
                 --columns to compare it anyway"
                    .to_string(),
            )
        }
        _ => None,
    }
}

/// Each column name with its position.
fn header_index(headers: &[String]) -> HashMap<&str, usize> {
    headers
        .iter()
        .enumerate()
        .map(|(i, h)| (h.as_str(), i))
        .collect()
}

/// The columns named with `--columns` (each must be in both tables), or else every
/// column of the reference that the current table also has, in the reference's order.
fn columns_to_compare(
    requested: &[String],
    (reference, reference_headers, reference_index): (&str, &[String], &HashMap<&str, usize>),
    (current, current_headers, current_index): (&str, &[String], &HashMap<&str, usize>),
) -> anyhow::Result<Vec<String>> {
    if requested.is_empty() {
        let names: Vec<String> = reference_headers
            .iter()
            .filter(|h| current_index.contains_key(h.as_str()))
            .cloned()
            .collect();
        if names.is_empty() {
            bail!(
                "{reference} and {current} have no column in common\n  hint: the reference has: {}; \
                 the current table has: {}",
                name_list(reference_headers),
                name_list(current_headers)
            );
        }
        return Ok(names);
    }
    let mut names: Vec<String> = Vec::new();
    let mut chosen = HashSet::new();
    for name in requested.iter().map(|n| n.trim()) {
        if name.is_empty() {
            bail!("--columns has an empty name\n  hint: separate names with commas: --columns a,b");
        }
        for (table, headers, index) in [
            (reference, reference_headers, reference_index),
            (current, current_headers, current_index),
        ] {
            if !index.contains_key(name) {
                return Err(DataError::new(table, format!("no column named '{name}'"))
                    .with_hint(format!("its columns are: {}", name_list(headers)))
                    .into());
            }
        }
        if chosen.insert(name) {
            names.push(name.to_string());
        }
    }
    Ok(names)
}

/// Runs two jobs at the same time.
fn both<A: Send, B: Send>(a: impl FnOnce() -> A + Send, b: impl FnOnce() -> B + Send) -> (A, B) {
    std::thread::scope(|scope| {
        let first = scope.spawn(a);
        let second = b();
        (
            first.join().expect("reading a table does not panic"),
            second,
        )
    })
}
