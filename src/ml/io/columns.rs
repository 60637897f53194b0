//! Typed columns: the cells of the selected columns collected as numbers or as text.
//!
//! A column's kind comes from its first non-missing value: a number makes the column
//! numeric, and every later value must then be a finite number too; anything else makes
//! it a text column. Missing cells (see [`super::cell`]) are left out. Numbers are parsed
//! straight from the bytes (no per-cell strings).

use super::cell::{is_missing_bytes, parse_number};
use super::error::DataError;
use super::scan::CellSink;
use super::source::RowRange;

/// The values of one column with missing values removed.
#[derive(Debug, Clone, PartialEq)]
pub enum ColumnValues {
    Numeric(Vec<f64>),
    Text(Vec<String>),
}

impl ColumnValues {
    pub fn len(&self) -> usize {
        match self {
            ColumnValues::Numeric(v) => v.len(),
            ColumnValues::Text(v) => v.len(),
        }
    }
    pub fn is_empty(&self) -> bool {
        self.len() == 0
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
    pub(super) fn new(
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
            capacity_hint: 0,
        }
    }

    /// The typed columns, once the scanner has seen `total` data rows.
    pub(super) fn finish(self, total: usize) -> Result<ColumnsRead, DataError> {
        let (start, end) = match self.range {
            None => (0, total),
            Some(range) => range.resolve(self.source, total)?,
        };
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

impl CellSink for ColumnReader<'_> {
    fn source(&self) -> &str {
        self.source
    }
    fn selected(&self) -> &[usize] {
        self.selected
    }

    /// Room for `rows` values in every column that has none yet.
    fn reserve(&mut self, rows: usize) {
        let rows = match self.range {
            Some(RowRange {
                start,
                end: Some(end),
            }) => rows.min(end - start),
            _ => rows,
        };
        self.capacity_hint = rows;
    }

    fn wants_row(&self, row: usize) -> bool {
        match self.range {
            None => true,
            Some(r) => row >= r.start && r.end.is_none_or(|end| row < end),
        }
    }

    /// Appends a parsed number if the column is already numeric; false otherwise.
    #[inline(always)]
    fn push_number(&mut self, slot: usize, value: f64) -> bool {
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
    fn number_cell(
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
    fn cell(&mut self, slot: usize, raw: &[u8], line: u64) -> Result<(), DataError> {
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
    let text = String::from_utf8_lossy(cell);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ml::io::{RawTable, Source};

    fn raw(text: &str) -> RawTable {
        RawTable::from_bytes("t.csv", text.as_bytes().to_vec())
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
