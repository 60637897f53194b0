//! Reading the columns to compare from CSV files or bundled datasets, fast enough for
//! tables of millions of numbers, with every error naming its file, line and column.
//!
//! A column's kind comes from its first non-missing value: a number makes the column
//! numeric, and every later value must then be a number too; anything else makes it a
//! text column. Empty cells and `NA`, `NaN`, `N/A`, `null`, `None` are missing values and
//! are left out. Numbers are parsed straight from the bytes (no per-cell strings); files
//! without quotes are split by a plain scanner, files with quotes by the `csv` crate.

use std::path::{Path, PathBuf};

use crate::ml::datasets;
use crate::ml::table::{DataError, Table, is_missing};
use crate::sanitize::clean_line;

use super::csv_scan::{
    csv_headers, needs_full_csv_parser, parse_number, read_simple, read_with_csv_crate,
};
use super::report::ColumnValues;

/// Rows `start..end` of a table (0-based, end exclusive; no end means to the last row).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RowRange {
    pub start: usize,
    pub end: Option<usize>,
}

/// Where a table comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    File(PathBuf),
    Bundled(String),
}

/// A table named on the command line: a CSV path or a bundled dataset name, with an
/// optional row range such as `occupancy[0:200]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// The argument as given, for messages.
    pub display: String,
    pub origin: Origin,
    pub range: Option<RowRange>,
}

const RANGE_HINT: &str = "write the rows as [start:end], 0-based with the end excluded, \
     e.g. occupancy[0:200] or occupancy[200:]";

impl Source {
    /// Interprets an argument. An existing file wins; otherwise a trailing `[start:end]`
    /// is a row range, and the rest is a bundled dataset name or a file path.
    pub fn parse(argument: &str) -> Result<Source, DataError> {
        let display = clean_line(argument);
        if Path::new(argument).is_file() {
            return Ok(Source {
                display,
                origin: Origin::File(argument.into()),
                range: None,
            });
        }
        let (base, range) = match argument.strip_suffix(']').and_then(|s| s.rsplit_once('[')) {
            Some((base, spec)) => (base, Some(parse_range(spec, &display)?)),
            None => (argument, None),
        };
        let origin = if Path::new(base).is_file() {
            Origin::File(base.into())
        } else if datasets::info(base).is_some() {
            Origin::Bundled(base.to_string())
        } else if base.contains(['/', '\\', '.']) {
            Origin::File(base.into())
        } else {
            return Err(datasets::unknown_dataset(base).with_hint(format!(
                "give a CSV file path or a bundled dataset name: {}",
                datasets::names().join(", ")
            )));
        };
        Ok(Source {
            display,
            origin,
            range,
        })
    }
}

fn parse_range(spec: &str, display: &str) -> Result<RowRange, DataError> {
    let bad = |why: &str| {
        DataError::new(
            display,
            format!("bad row range [{}]: {why}", clean_line(spec)),
        )
        .with_hint(RANGE_HINT)
    };
    let (start, end) = spec
        .split_once(':')
        .ok_or_else(|| bad("a range needs a colon"))?;
    let number = |text: &str, default: Option<usize>| -> Result<Option<usize>, DataError> {
        let text = text.trim();
        if text.is_empty() {
            return Ok(default);
        }
        if !text.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad("rows are whole numbers from 0"));
        }
        text.parse::<usize>()
            .map(Some)
            .map_err(|_| bad("the number is too large"))
    };
    let start = number(start, Some(0))?.unwrap_or(0);
    let end = number(end, None)?;
    if let Some(end) = end
        && end <= start
    {
        return Err(bad("the end must be greater than the start"));
    }
    Ok(RowRange { start, end })
}

/// A table's contents before any column is parsed.
pub enum RawTable {
    Csv {
        name: String,
        bytes: Vec<u8>,
        /// Whether the file needs the full CSV grammar (quotes, bare carriage returns).
        quoted: bool,
    },
    Bundled {
        table: Table,
    },
}

impl RawTable {
    /// Reads the file or loads the bundled dataset.
    pub fn open(source: &Source) -> Result<RawTable, DataError> {
        match &source.origin {
            Origin::File(path) => {
                let name = clean_line(&path.display().to_string());
                let bytes = std::fs::read(path).map_err(|e| {
                    DataError::new(&name, format!("cannot read the file: {e}")).with_hint(
                        "give a CSV file path (relative to the current directory) or a bundled \
                         dataset name",
                    )
                })?;
                let quoted = needs_full_csv_parser(&bytes);
                Ok(RawTable::Csv {
                    name,
                    bytes,
                    quoted,
                })
            }
            Origin::Bundled(name) => Ok(RawTable::Bundled {
                table: datasets::load(name)?,
            }),
        }
    }

    pub fn name(&self) -> &str {
        match self {
            RawTable::Csv { name, .. } => name,
            RawTable::Bundled { table } => &table.source,
        }
    }

    /// The column names.
    pub fn headers(&self) -> Result<Vec<String>, DataError> {
        match self {
            RawTable::Csv {
                name,
                bytes,
                quoted,
            } => csv_headers(name, bytes, *quoted),
            RawTable::Bundled { table } => Ok(table.headers.clone()),
        }
    }

    /// Parses the columns at `selected` (header positions). `as_text[k]` forces column
    /// `selected[k]` to be read as text.
    pub fn read(
        &self,
        selected: &[usize],
        as_text: &[bool],
        range: Option<RowRange>,
    ) -> Result<ColumnsRead, DataError> {
        let name = self.name().to_string();
        let headers = self.headers()?;
        let mut reader = ColumnReader::new(&name, &headers, selected, as_text, range);
        match self {
            RawTable::Csv { bytes, quoted, .. } => {
                if *quoted {
                    read_with_csv_crate(bytes, &mut reader)?;
                } else {
                    read_simple(bytes, &mut reader)?;
                }
            }
            RawTable::Bundled { table } => {
                for (row, &line) in table.lines.iter().enumerate() {
                    if !reader.wants_row(row) {
                        continue;
                    }
                    for (slot, &field) in selected.iter().enumerate() {
                        reader.cell(slot, table.columns[field][row].as_bytes(), line)?;
                    }
                }
                reader.rows_seen = table.n_rows();
            }
        }
        reader.finish()
    }
}

/// The parsed columns of one table.
#[derive(Debug)]
pub struct ColumnsRead {
    /// Rows in the requested range.
    pub rows: usize,
    pub columns: Vec<ReadColumn>,
}

/// One parsed column. `values` is `None` when every cell was missing.
#[derive(Debug)]
pub struct ReadColumn {
    pub values: Option<ColumnValues>,
    /// Line and text of the first non-missing value, for messages.
    pub first: Option<(u64, String)>,
}

/// Collects cells into typed columns.
pub(super) struct ColumnReader<'a> {
    source: &'a str,
    headers: &'a [String],
    selected: &'a [usize],
    range: Option<RowRange>,
    columns: Vec<ColumnBuilder>,
    rows_seen: usize,
    /// The expected number of values per column, for the first allocation.
    capacity_hint: usize,
}

enum ColumnBuilder {
    Undecided {
        text: bool,
    },
    Numeric {
        values: Vec<f64>,
        first: (u64, String),
    },
    Text {
        values: Vec<String>,
        first: (u64, String),
    },
}

impl<'a> ColumnReader<'a> {
    fn new(
        source: &'a str,
        headers: &'a [String],
        selected: &'a [usize],
        as_text: &[bool],
        range: Option<RowRange>,
    ) -> Self {
        let columns = (0..selected.len())
            .map(|k| ColumnBuilder::Undecided {
                text: as_text.get(k).copied().unwrap_or(false),
            })
            .collect();
        ColumnReader {
            source,
            headers,
            selected,
            range,
            columns,
            rows_seen: 0,
            capacity_hint: 0,
        }
    }

    pub(super) fn source(&self) -> &str {
        self.source
    }
    pub(super) fn n_fields(&self) -> usize {
        self.headers.len()
    }
    pub(super) fn selected(&self) -> &[usize] {
        self.selected
    }
    pub(super) fn set_rows_seen(&mut self, rows: usize) {
        self.rows_seen = rows;
    }
    /// Room for `rows` values in every column that has none yet.
    pub(super) fn reserve(&mut self, rows: usize) {
        let rows = match self.range {
            Some(RowRange {
                start,
                end: Some(end),
            }) => rows.min(end - start),
            _ => rows,
        };
        self.capacity_hint = rows;
    }

    pub(super) fn wants_row(&self, row: usize) -> bool {
        match self.range {
            None => true,
            Some(r) => row >= r.start && r.end.is_none_or(|end| row < end),
        }
    }

    /// Appends a parsed number if the column is already numeric; false otherwise.
    #[inline(always)]
    pub(super) fn push_number(&mut self, slot: usize, value: f64) -> bool {
        match &mut self.columns[slot] {
            ColumnBuilder::Numeric { values, .. } => {
                values.push(value);
                true
            }
            _ => false,
        }
    }

    /// A cell the scanner already parsed as a plain decimal (`raw` is its text).
    #[inline]
    pub(super) fn number_cell(
        &mut self,
        slot: usize,
        value: f64,
        raw: &[u8],
        line: u64,
    ) -> Result<(), DataError> {
        match &mut self.columns[slot] {
            ColumnBuilder::Numeric { values, .. } => {
                values.push(value);
                Ok(())
            }
            _ => self.cell(slot, raw, line),
        }
    }

    /// Any cell: missing values are skipped, the first value decides the column's kind.
    pub(super) fn cell(&mut self, slot: usize, raw: &[u8], line: u64) -> Result<(), DataError> {
        let cell = raw.trim_ascii();
        if cell.is_empty() || is_missing_bytes(cell) {
            return Ok(());
        }
        let (source, column_name) = (self.source, &self.headers[self.selected[slot]]);
        let capacity = self.capacity_hint;
        let column = &mut self.columns[slot];
        match column {
            ColumnBuilder::Numeric { values, first } => match parse_number(cell) {
                Some(v) if v.is_finite() => values.push(v),
                _ => return Err(not_a_number(source, column_name, cell, line, Some(first.0))),
            },
            ColumnBuilder::Text { values, .. } => values.push(utf8_text(source, cell, line)?),
            ColumnBuilder::Undecided { text } => {
                let shown = String::from_utf8_lossy(cell).into_owned();
                if !*text && let Some(v) = parse_number(cell) {
                    if !v.is_finite() {
                        return Err(not_a_number(source, column_name, cell, line, None));
                    }
                    let mut values = Vec::with_capacity(capacity);
                    values.push(v);
                    *column = ColumnBuilder::Numeric {
                        values,
                        first: (line, shown),
                    };
                } else {
                    let value = utf8_text(source, cell, line)?;
                    *column = ColumnBuilder::Text {
                        values: vec![value],
                        first: (line, shown),
                    };
                }
            }
        }
        Ok(())
    }

    fn finish(self) -> Result<ColumnsRead, DataError> {
        let total = self.rows_seen;
        let (start, end) = match self.range {
            None => (0, total),
            Some(range) => (range.start, range.end.unwrap_or(total)),
        };
        if let Some(range) = self.range
            && (end > total || start >= end)
        {
            let shown = match range.end {
                Some(e) => format!("[{}:{e}]", range.start),
                None => format!("[{}:]", range.start),
            };
            return Err(DataError::new(
                self.source,
                format!("row range {shown} is outside the table, which has {total} rows"),
            )
            .with_hint(RANGE_HINT));
        }
        let rows = end - start;
        let columns = self
            .columns
            .into_iter()
            .map(|c| match c {
                ColumnBuilder::Undecided { .. } => ReadColumn {
                    values: None,
                    first: None,
                },
                ColumnBuilder::Numeric { values, first } => ReadColumn {
                    values: Some(ColumnValues::Numeric(values)),
                    first: Some(first),
                },
                ColumnBuilder::Text { values, first } => ReadColumn {
                    values: Some(ColumnValues::Text(values)),
                    first: Some(first),
                },
            })
            .collect();
        Ok(ColumnsRead { rows, columns })
    }
}

/// The error for a cell that should hold a number; `first_line` is the line of the
/// column's first value when that value made the column numeric.
fn not_a_number(
    source: &str,
    column: &str,
    cell: &[u8],
    line: u64,
    first_line: Option<u64>,
) -> DataError {
    let text = clean_line(&String::from_utf8_lossy(cell));
    let error = DataError::new(source, format!("'{text}' is not a finite number"))
        .at_line(line)
        .in_column(column);
    match first_line {
        Some(first) => error.with_hint(format!(
            "the column's first value (line {first}) is a number, so every value must be one; \
             leave the cell empty or write NA for a missing value"
        )),
        None => {
            error.with_hint("write a finite number, or leave the cell empty for a missing value")
        }
    }
}

fn utf8_text(source: &str, cell: &[u8], line: u64) -> Result<String, DataError> {
    std::str::from_utf8(cell)
        .map(str::to_string)
        .map_err(|_| DataError::new(source, "the text is not valid UTF-8").at_line(line))
}

fn is_missing_bytes(cell: &[u8]) -> bool {
    cell.len() <= 4 && std::str::from_utf8(cell).is_ok_and(is_missing)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(text: &str) -> RawTable {
        let bytes = text.as_bytes().to_vec();
        RawTable::Csv {
            name: "t.csv".into(),
            quoted: needs_full_csv_parser(&bytes),
            bytes,
        }
    }

    fn numbers(read: &ColumnsRead, k: usize) -> Vec<f64> {
        match &read.columns[k].values {
            Some(ColumnValues::Numeric(v)) => v.clone(),
            other => panic!("numbers expected, got {other:?}"),
        }
    }

    #[test]
    fn fast_and_general_paths_agree() {
        let plain = "a,b,c\n1,x,2.5\n\n-3,y,NA\n4.25,\"z\",1e3\n";
        let quoted = plain.replace("x", "\"x\"");
        for text in [plain.replace("\"z\"", "z"), quoted] {
            let t = raw(&text);
            let r = t.read(&[0, 1, 2], &[false; 3], None).unwrap();
            assert_eq!(r.rows, 3);
            assert_eq!(numbers(&r, 0), vec![1.0, -3.0, 4.25]);
            assert_eq!(numbers(&r, 2), vec![2.5, 1000.0]);
            assert_eq!(
                r.columns[1].values,
                Some(ColumnValues::Text(vec!["x".into(), "y".into(), "z".into()]))
            );
        }
    }

    #[test]
    fn bad_number_names_file_line_and_column() {
        for text in ["a,b\n1,2\n\n3,oops\n", "a,b\n1,2\n\n3,\"oops\"\n"] {
            let e = raw(text).read(&[1], &[false], None).unwrap_err();
            assert_eq!(
                e.to_string().lines().next().unwrap(),
                "t.csv:4: column 'b': 'oops' is not a finite number"
            );
        }
    }

    #[test]
    fn ragged_rows_and_ranges() {
        let e = raw("a,b\n1,2\n3\n").read(&[0], &[false], None).unwrap_err();
        assert_eq!(e.line, Some(3));
        let t = raw("a\n0\n1\n2\n3\n");
        let r = t
            .read(
                &[0],
                &[false],
                Some(RowRange {
                    start: 1,
                    end: Some(3),
                }),
            )
            .unwrap();
        assert_eq!((r.rows, numbers(&r, 0)), (2, vec![1.0, 2.0]));
        let r = t
            .read(
                &[0],
                &[false],
                Some(RowRange {
                    start: 2,
                    end: None,
                }),
            )
            .unwrap();
        assert_eq!(numbers(&r, 0), vec![2.0, 3.0]);
        let e = t
            .read(
                &[0],
                &[false],
                Some(RowRange {
                    start: 2,
                    end: Some(9),
                }),
            )
            .unwrap_err();
        assert!(e.message.contains("has 4 rows"), "{e}");
    }

    #[test]
    fn sources_and_ranges_parse() {
        let s = Source::parse("occupancy[0:200]").unwrap();
        assert_eq!(s.origin, Origin::Bundled("occupancy".into()));
        assert_eq!(
            s.range,
            Some(RowRange {
                start: 0,
                end: Some(200)
            })
        );
        assert_eq!(
            Source::parse("iris[100:]").unwrap().range,
            Some(RowRange {
                start: 100,
                end: None
            })
        );
        assert!(
            Source::parse("iris[5:2]")
                .unwrap_err()
                .message
                .contains("greater")
        );
        assert!(Source::parse("iris[a:b]").is_err());
        let e = Source::parse("nosuchdata").unwrap_err();
        assert!(e.to_string().contains("occupancy"), "{e}");
        assert_eq!(
            Source::parse("dir/x.csv").unwrap().origin,
            Origin::File("dir/x.csv".into())
        );
    }

    #[test]
    fn bundled_tables_read_by_range() {
        let s = Source::parse("iris[0:10]").unwrap();
        let t = RawTable::open(&s).unwrap();
        let headers = t.headers().unwrap();
        let species = headers.iter().position(|h| h == "species").unwrap();
        let r = t.read(&[0, species], &[false, false], s.range).unwrap();
        assert_eq!(r.rows, 10);
        assert!(matches!(r.columns[1].values, Some(ColumnValues::Text(_))));
    }
}
