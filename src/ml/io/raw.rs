//! A table's bytes (a CSV file) or a bundled dataset, before any column is parsed: the
//! one interface the commands read tables through.

use std::path::Path;

use super::columns::{ColumnReader, ColumnsRead};
use super::error::DataError;
use super::scan::{CellSink, csv_headers, needs_full_csv_parser, read_simple, read_with_csv_crate};
use super::source::{Origin, RowRange, Source};
use super::table::Table;
use crate::ml::datasets;

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

/// Reads a whole file, with the error messages the rest of mlpath uses.
pub fn read_file(path: &Path) -> Result<Vec<u8>, DataError> {
    let name = path.display().to_string();
    std::fs::read(path).map_err(|e| {
        DataError::new(&name, format!("cannot read the file: {e}")).with_hint(
            "give a CSV file path (relative to the current directory) or a bundled dataset name",
        )
    })
}

impl RawTable {
    /// Reads the file or loads the bundled dataset.
    pub fn open(source: &Source) -> Result<RawTable, DataError> {
        match &source.origin {
            Origin::File(path) => Ok(RawTable::from_bytes(
                &path.display().to_string(),
                read_file(path)?,
            )),
            Origin::Bundled(name) => Ok(RawTable::Bundled {
                table: datasets::load(name)?,
            }),
        }
    }

    /// CSV bytes with a header row; `name` names them in errors.
    pub fn from_bytes(name: &str, bytes: Vec<u8>) -> RawTable {
        RawTable::Csv {
            name: name.to_string(),
            quoted: needs_full_csv_parser(&bytes),
            bytes,
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

    /// Hands every cell of the sink's selected columns to the sink, row by row, through
    /// the fast scanner when the file has no quotes. Returns the number of data rows.
    pub fn scan(&self, sink: &mut impl CellSink) -> Result<usize, DataError> {
        match self {
            RawTable::Csv { bytes, quoted, .. } => {
                let n_fields = self.headers()?.len();
                if *quoted {
                    read_with_csv_crate(bytes, n_fields, sink)
                } else {
                    read_simple(bytes, n_fields, sink)
                }
            }
            RawTable::Bundled { table } => {
                let selected = sink.selected().to_vec();
                for (row, &line) in table.lines.iter().enumerate() {
                    if !sink.wants_row(row) {
                        continue;
                    }
                    for (slot, &field) in selected.iter().enumerate() {
                        sink.cell(slot, table.columns[field][row].as_bytes(), line)?;
                    }
                }
                Ok(table.n_rows())
            }
        }
    }

    /// Parses the columns at `selected` (header positions) into typed columns: a column's
    /// first non-missing value decides whether it holds numbers or text (see
    /// [`super::columns`]). `as_text[k]` forces column `selected[k]` to be read as text.
    pub fn read(
        &self,
        selected: &[usize],
        as_text: &[bool],
        range: Option<RowRange>,
    ) -> Result<ColumnsRead, DataError> {
        let name = self.name().to_string();
        let headers = self.headers()?;
        let mut reader = ColumnReader::new(&name, &headers, selected, as_text, range);
        let rows = self.scan(&mut reader)?;
        reader.finish(rows)
    }

    /// The whole table with every cell as text (for `train` and the labs), optionally
    /// only the rows of `range`.
    /// The table of a CSV file's rows in `range`, leaving the bytes where they are (so
    /// that another thread may read them meanwhile, e.g. to hash them); `None` for a
    /// bundled dataset, which [`RawTable::into_table`] hands over without parsing.
    pub fn csv_table(&self, range: Option<RowRange>) -> Option<Result<Table, DataError>> {
        let RawTable::Csv { name, bytes, .. } = self else {
            return None;
        };
        let Some(range) = range else {
            return Some(Table::read_all(name, bytes).map(|(table, _)| table));
        };
        let wanted = |row: usize| row >= range.start && range.end.is_none_or(|e| row < e);
        Some(csv_table(name, bytes, Some(range), &wanted))
    }

    pub fn into_table(self, range: Option<RowRange>) -> Result<Table, DataError> {
        self.into_table_keeping(range, &|_| true)
    }

    /// [`RawTable::into_table`] keeping only the rows of `range` for which `keep` is true
    /// (`keep` counts rows from the range's start). A file's other rows are never stored.
    pub fn into_table_keeping(
        self,
        range: Option<RowRange>,
        keep: &dyn Fn(usize) -> bool,
    ) -> Result<Table, DataError> {
        let (start, end) = match range {
            None => (0, None),
            Some(r) => (r.start, r.end),
        };
        let wanted = |row: usize| row >= start && end.is_none_or(|e| row < e) && keep(row - start);
        let table = match self {
            RawTable::Csv { name, bytes, .. } => return csv_table(&name, &bytes, range, &wanted),
            RawTable::Bundled { table } => table,
        };
        let (start, end) = match range {
            None => (0, table.n_rows()),
            Some(range) => range.resolve(&table.source, table.n_rows())?,
        };
        let rows: Vec<usize> = (start..end).filter(|&r| keep(r - start)).collect();
        Ok(table.select_rows(&rows))
    }
}

/// A CSV file's rows for which `wanted` (counting rows from the file's first) is true.
fn csv_table(
    name: &str,
    bytes: &[u8],
    range: Option<RowRange>,
    wanted: &dyn Fn(usize) -> bool,
) -> Result<Table, DataError> {
    let (table, total) = Table::read_keeping(name, bytes, wanted)?;
    if let Some(range) = range {
        // Checks the range against the whole file (an error names its size).
        range.resolve(name, total)?;
    }
    Ok(table)
}
