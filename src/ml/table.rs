//! Reading CSV files into columns, keeping the 1-based line of every row so that
//! every error can point at the file, the line and the column that caused it.

use std::fmt;
use std::io::Read;
use std::path::Path;

/// A problem with input data: what went wrong and where, with a hint on how to fix it.
#[derive(Debug, Clone, PartialEq)]
pub struct DataError {
    /// The file (or bundled dataset name) the data came from.
    pub file: String,
    /// 1-based line in the file, when the problem is on one line.
    pub line: Option<u64>,
    /// The column involved, when there is one.
    pub column: Option<String>,
    pub message: String,
    pub hint: Option<String>,
}

impl DataError {
    pub fn new(file: impl Into<String>, message: impl Into<String>) -> Self {
        DataError {
            file: file.into(),
            line: None,
            column: None,
            message: message.into(),
            hint: None,
        }
    }
    pub fn at_line(mut self, line: u64) -> Self {
        self.line = Some(line);
        self
    }
    pub fn in_column(mut self, column: impl Into<String>) -> Self {
        self.column = Some(column.into());
        self
    }
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

impl fmt::Display for DataError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        write!(f, ": ")?;
        if let Some(column) = &self.column {
            write!(f, "column '{column}': ")?;
        }
        write!(f, "{}", self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

impl std::error::Error for DataError {}

/// A CSV file held column by column. Cells are kept as text; numeric parsing happens
/// per column so that a bad cell is reported with its line and column name.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// Display name of the source: a path or a bundled dataset name.
    pub source: String,
    pub headers: Vec<String>,
    /// `columns[c][r]` is the cell of row `r` in column `c`.
    pub columns: Vec<Vec<String>>,
    /// `lines[r]` is the 1-based line of row `r` in the source (the header is line 1).
    pub lines: Vec<u64>,
}

impl Table {
    /// Reads a CSV file with a header row.
    pub fn from_path(path: &Path) -> Result<Table, DataError> {
        let bytes = super::column_reader::read_file(path)?;
        Table::from_bytes(&path.display().to_string(), &bytes)
    }

    /// Reads CSV text with a header row from any reader; `source` names it in errors.
    pub fn from_reader(source: &str, mut reader: impl Read) -> Result<Table, DataError> {
        let mut bytes = Vec::new();
        reader
            .read_to_end(&mut bytes)
            .map_err(|e| DataError::new(source, format!("cannot read: {e}")))?;
        Table::from_bytes(source, &bytes)
    }

    /// Reads CSV bytes with a header row; `source` names them in errors.
    pub fn from_bytes(source: &str, bytes: &[u8]) -> Result<Table, DataError> {
        // Line numbers are counted from the bytes themselves: the csv reader's own
        // count skips blank lines.
        let mut lines = LineCounter::new(bytes);
        let mut line_at = |offset: usize| lines.line_at(offset);
        let mut csv = csv::ReaderBuilder::new()
            .has_headers(true)
            .flexible(true)
            .from_reader(bytes);
        let headers: Vec<String> = csv
            .headers()
            .map_err(|e| csv_error(source, &e))?
            .iter()
            .map(|h| h.trim().to_string())
            .collect();
        if headers.is_empty() || headers.iter().all(|h| h.is_empty()) {
            return Err(DataError::new(source, "the file is empty: no header row")
                .with_hint("the first line must name the columns, e.g. `truth,score`"));
        }
        let mut columns: Vec<Vec<String>> = vec![Vec::new(); headers.len()];
        let mut lines = Vec::new();
        let mut record = csv::StringRecord::new();
        loop {
            match csv.read_record(&mut record) {
                Ok(false) => break,
                Ok(true) => {}
                Err(e) => {
                    let mut err = csv_error(source, &e);
                    err.line = e.position().map(|p| line_at(p.byte() as usize));
                    return Err(err);
                }
            }
            let line = line_at(record.position().map(|p| p.byte() as usize).unwrap_or(0));
            if record.len() == 1 && record.get(0) == Some("") {
                continue; // a blank line
            }
            if record.len() != headers.len() {
                return Err(DataError::new(
                    source,
                    format!(
                        "this row has {} fields but the header has {}",
                        record.len(),
                        headers.len()
                    ),
                )
                .at_line(line)
                .with_hint(
                    "every row needs one value per column; quote values that contain commas",
                ));
            }
            for (column, cell) in columns.iter_mut().zip(record.iter()) {
                column.push(cell.trim().to_string());
            }
            lines.push(line);
        }
        Ok(Table {
            source: source.to_string(),
            headers,
            columns,
            lines,
        })
    }

    pub fn n_rows(&self) -> usize {
        self.lines.len()
    }

    /// The index of a column by name; the error lists the columns that exist.
    pub fn column_index(&self, name: &str) -> Result<usize, DataError> {
        self.headers.iter().position(|h| h == name).ok_or_else(|| {
            DataError::new(&self.source, format!("no column named '{name}'"))
                .with_hint(format!("the columns are: {}", self.headers.join(", ")))
        })
    }

    /// The cells of a column as text.
    pub fn text(&self, column: usize) -> &[String] {
        &self.columns[column]
    }

    /// A column parsed as numbers; the first cell that is not a number is an error
    /// naming its line and column. Empty cells and `NA`/`NaN` parse as NaN when
    /// `allow_missing` is set.
    pub fn numeric(&self, column: usize, allow_missing: bool) -> Result<Vec<f64>, DataError> {
        let name = &self.headers[column];
        self.columns[column]
            .iter()
            .zip(&self.lines)
            .map(|(cell, &line)| match parse_number(cell) {
                Some(v) if v.is_finite() => Ok(v),
                None if allow_missing && is_missing(cell) => Ok(f64::NAN),
                _ => Err(DataError::new(
                    &self.source,
                    if cell.is_empty() {
                        "empty value where a number is needed".to_string()
                    } else {
                        format!("'{}' is not a number", crate::sanitize::clean_line(cell))
                    },
                )
                .at_line(line)
                .in_column(name)),
            })
            .collect()
    }

    /// Keeps rows `start..end` (0-based, end exclusive).
    pub fn slice_rows(&self, start: usize, end: usize) -> Table {
        Table {
            source: self.source.clone(),
            headers: self.headers.clone(),
            columns: self
                .columns
                .iter()
                .map(|c| c[start..end].to_vec())
                .collect(),
            lines: self.lines[start..end].to_vec(),
        }
    }
}

/// The 1-based line of byte offsets in CSV bytes, for offsets that only grow: each call
/// counts newlines from the previous offset on, so a whole file costs one pass.
pub struct LineCounter<'a> {
    bytes: &'a [u8],
    counted_to: usize,
    line: u64,
}

impl<'a> LineCounter<'a> {
    pub fn new(bytes: &'a [u8]) -> Self {
        LineCounter {
            bytes,
            counted_to: 0,
            line: 1,
        }
    }

    /// The line of the record starting at `offset`. The csv reader can report the start
    /// of blank lines it skipped before a record, so those are stepped over first.
    pub fn line_at(&mut self, offset: usize) -> u64 {
        let bytes = self.bytes;
        let mut offset = offset.min(bytes.len());
        while offset < bytes.len() && matches!(bytes[offset], b'\n' | b'\r') {
            offset += 1;
        }
        if offset > self.counted_to {
            self.line += bytes[self.counted_to..offset]
                .iter()
                .filter(|&&b| b == b'\n')
                .count() as u64;
            self.counted_to = offset;
        }
        self.line
    }
}

/// Parses a number the way data files write them (surrounding spaces allowed).
pub fn parse_number(cell: &str) -> Option<f64> {
    let t = cell.trim();
    if t.is_empty() || is_missing(t) {
        return None;
    }
    t.parse::<f64>().ok()
}

/// Cells that mean "no value".
pub fn is_missing(cell: &str) -> bool {
    matches!(
        cell.trim(),
        "" | "NA" | "NaN" | "nan" | "N/A" | "null" | "NULL" | "None"
    )
}

fn csv_error(source: &str, e: &csv::Error) -> DataError {
    let message = match e.kind() {
        csv::ErrorKind::Utf8 { .. } => "the file is not valid UTF-8 text".to_string(),
        csv::ErrorKind::Io(io) => format!("cannot read the file: {io}"),
        _ => format!("malformed CSV: {e}"),
    };
    DataError::new(source, message)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_columns_and_lines() {
        let t = Table::from_reader("t.csv", "a,b\n1,x\n\n2,y\n".as_bytes()).unwrap();
        assert_eq!(t.headers, vec!["a", "b"]);
        assert_eq!(t.numeric(0, false).unwrap(), vec![1.0, 2.0]);
        assert_eq!(t.text(1), &["x".to_string(), "y".to_string()]);
        assert_eq!(t.lines, vec![2, 4]);
    }

    #[test]
    fn ragged_row_names_its_line() {
        let e = Table::from_reader("t.csv", "a,b\n1,2\n3\n".as_bytes()).unwrap_err();
        assert_eq!(e.line, Some(3));
        assert!(e.to_string().starts_with("t.csv:3: this row has 1 fields"));
    }

    #[test]
    fn non_numeric_cell_names_line_and_column() {
        let t = Table::from_reader("t.csv", "a,b\n1,2\noops,3\n".as_bytes()).unwrap();
        let e = t.numeric(0, false).unwrap_err();
        assert_eq!(e.to_string(), "t.csv:3: column 'a': 'oops' is not a number");
    }

    #[test]
    fn empty_file_is_an_error() {
        let e = Table::from_reader("t.csv", "".as_bytes()).unwrap_err();
        assert!(e.message.contains("empty"));
    }

    #[test]
    fn missing_column_lists_the_columns() {
        let t = Table::from_reader("t.csv", "a,b\n1,2\n".as_bytes()).unwrap();
        let e = t.column_index("c").unwrap_err();
        assert!(e.to_string().contains("the columns are: a, b"));
    }
}
