//! A whole CSV table held as text, column by column, keeping the 1-based line of every
//! row so that every error can point at the file, the line and the column that caused
//! it. For small tables (training data, bundled datasets); large ones are scanned
//! column by column through [`super::RawTable`].

use std::io::Read;
use std::path::Path;

use super::cell::{MAX_MODEL_MAGNITUDE, is_missing, parse_number_str};
pub use super::error::DataError;
use super::scan::{
    CellSink, csv_headers, needs_full_csv_parser, read_simple, read_simple_part,
    read_with_csv_crate,
};
use super::text_column::TextColumn;

/// A CSV file held column by column. Cells are kept as text; numeric parsing happens
/// per column so that a bad cell is reported with its line and column name.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// Display name of the source: a path or a bundled dataset name.
    pub source: String,
    pub headers: Vec<String>,
    /// `columns[c][r]` is the cell of row `r` in column `c`.
    pub columns: Vec<TextColumn>,
    /// `lines[r]` is the 1-based line of row `r` in the source (the header is line 1).
    pub lines: Vec<u64>,
}

impl Table {
    /// Reads a CSV file with a header row.
    pub fn from_path(path: &Path) -> Result<Table, DataError> {
        let bytes = super::raw::read_file(path)?;
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

    /// Reads CSV bytes with a header row; `source` names them in errors. Goes through the
    /// one CSV reader ([`super::scan`]) with every column selected.
    pub fn from_bytes(source: &str, bytes: &[u8]) -> Result<Table, DataError> {
        Table::from_bytes_keeping(source, bytes, &|_| true)
    }

    /// [`Table::from_bytes`] keeping only the data rows (0-based) for which `keep` is
    /// true; the others are scanned (a ragged row is still an error) but not stored, so a
    /// row range or a sample of a large file needs memory for its own rows only.
    pub fn from_bytes_keeping(
        source: &str,
        bytes: &[u8],
        keep: &dyn Fn(usize) -> bool,
    ) -> Result<Table, DataError> {
        Table::read_keeping(source, bytes, keep).map(|(table, _)| table)
    }

    /// [`Table::from_bytes_keeping`] and the number of data rows in the whole file.
    pub(super) fn read_keeping(
        source: &str,
        bytes: &[u8],
        keep: &dyn Fn(usize) -> bool,
    ) -> Result<(Table, usize), DataError> {
        let quoted = needs_full_csv_parser(bytes);
        let headers = csv_headers(source, bytes, quoted)?;
        let mut sink = TextSink {
            source,
            headers: &headers,
            selected: (0..headers.len()).collect(),
            columns: vec![TextColumn::new(); headers.len()],
            lines: Vec::new(),
            keep,
        };
        let total = if quoted {
            read_with_csv_crate(bytes, headers.len(), &mut sink)?
        } else {
            read_simple(bytes, headers.len(), &mut sink)?
        };
        let (mut columns, mut lines) = (sink.columns, sink.lines);
        columns.iter_mut().for_each(TextColumn::shrink_to_fit);
        lines.shrink_to_fit();
        let table = Table {
            source: source.to_string(),
            headers,
            columns,
            lines,
        };
        Ok((table, total))
    }

    /// Every row of a CSV file, as [`Table::from_bytes`] reads them, with the data rows of
    /// a large file without quotes parsed in parallel parts split at line ends (one per
    /// core, at most [`MAX_READ_THREADS`]); the same table, lines and errors as the
    /// serial reader. Returns the number of data rows too.
    pub(super) fn read_all(source: &str, bytes: &[u8]) -> Result<(Table, usize), DataError> {
        let threads = std::thread::available_parallelism()
            .map_or(1, |t| t.get())
            .min(MAX_READ_THREADS);
        Table::read_in_parts(source, bytes, threads, PARALLEL_READ_BYTES)
    }

    /// [`Table::read_all`] with `threads` parts for files of at least `min_bytes`.
    fn read_in_parts(
        source: &str,
        bytes: &[u8],
        threads: usize,
        min_bytes: usize,
    ) -> Result<(Table, usize), DataError> {
        let serial = || Table::read_keeping(source, bytes, &|_| true);
        if threads < 2 || bytes.len() < min_bytes || needs_full_csv_parser(bytes) {
            return serial();
        }
        let Some(parts) = line_parts(bytes, threads) else {
            return serial();
        };
        let headers = csv_headers(source, bytes, false)?;
        let read_part = |(i, &(start, end, first_line)): (usize, &(usize, usize, u64))| {
            let mut sink = TextSink {
                source,
                headers: &headers,
                selected: (0..headers.len()).collect(),
                columns: vec![TextColumn::new(); headers.len()],
                lines: Vec::new(),
                keep: &|_| true,
            };
            read_simple_part(
                &bytes[start..end],
                headers.len(),
                &mut sink,
                first_line,
                i > 0,
            )
            .map(|rows| (sink.columns, sink.lines, rows))
        };
        let results: Vec<_> = std::thread::scope(|scope| {
            let handles: Vec<_> = parts
                .iter()
                .enumerate()
                .skip(1)
                .map(|part| scope.spawn(move || read_part(part)))
                .collect();
            let first = read_part((0, &parts[0]));
            std::iter::once(first)
                .chain(handles.into_iter().map(|h| h.join().expect("a part reads")))
                .collect()
        });
        // The first error in file order is the one the serial reader would report.
        let mut parts = results
            .into_iter()
            .collect::<Result<Vec<_>, _>>()?
            .into_iter();
        let (mut columns, mut lines, mut total) = parts.next().expect("at least one part");
        for (more_columns, more_lines, rows) in parts {
            for (slot, (column, more)) in columns.iter_mut().zip(&more_columns).enumerate() {
                column.append(more).map_err(|_| {
                    DataError::new(source, "a column holds more than 4 GiB of text")
                        .in_column(&headers[slot])
                        .with_hint("keep fewer rows with --max-rows or --sample")
                })?;
            }
            lines.extend(more_lines);
            total += rows;
        }
        columns.iter_mut().for_each(TextColumn::shrink_to_fit);
        lines.shrink_to_fit();
        let table = Table {
            source: source.to_string(),
            headers,
            columns,
            lines,
        };
        Ok((table, total))
    }

    pub fn n_rows(&self) -> usize {
        self.lines.len()
    }

    /// The index of a column by name; the error lists the columns that exist.
    pub fn column_index(&self, name: &str) -> Result<usize, DataError> {
        self.headers.iter().position(|h| h == name).ok_or_else(|| {
            DataError::new(&self.source, format!("no column named '{name}'")).with_hint(format!(
                "the columns are: {}",
                super::name_list(&self.headers)
            ))
        })
    }

    /// The cells of a column as text.
    pub fn text(&self, column: usize) -> &TextColumn {
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
            .map(|(cell, &line)| match parse_number_str(cell) {
                Some(v) if v.is_finite() => Ok(v),
                None if allow_missing && is_missing(cell) => Ok(f64::NAN),
                _ => Err(DataError::new(
                    &self.source,
                    if cell.is_empty() {
                        "empty value where a number is needed".to_string()
                    } else if is_missing(cell) {
                        format!("missing value ('{cell}') where a number is needed")
                    } else {
                        format!("'{}' is not a number", crate::sanitize::clean_line(cell))
                    },
                )
                .at_line(line)
                .in_column(name)),
            })
            .collect()
    }

    /// A column as numbers for a model: [`Table::numeric`] without missing values, and
    /// every value at most [`MAX_MODEL_MAGNITUDE`] in magnitude (the first larger one is
    /// an error naming its line and column).
    pub fn model_numbers(&self, column: usize) -> Result<Vec<f64>, DataError> {
        let values = self.numeric(column, false)?;
        if let Some(r) = values.iter().position(|v| v.abs() > MAX_MODEL_MAGNITUDE) {
            return Err(DataError::new(
                &self.source,
                format!(
                    "'{}' is too large for a model (the limit is ±{MAX_MODEL_MAGNITUDE:e})",
                    crate::sanitize::clean_line(&self.columns[column][r])
                ),
            )
            .at_line(self.lines[r])
            .in_column(&self.headers[column])
            .with_hint(
                "squares of such values overflow; check the unit or the cell, rescale the \
                 column, or leave it out with --features",
            ));
        }
        Ok(values)
    }

    /// Keeps the rows at `rows` (0-based, in that order).
    pub fn select_rows(&self, rows: &[usize]) -> Table {
        Table {
            source: self.source.clone(),
            headers: self.headers.clone(),
            columns: self
                .columns
                .iter()
                .map(|c| rows.iter().map(|&r| &c[r]).collect())
                .collect(),
            lines: rows.iter().map(|&r| self.lines[r]).collect(),
        }
    }
}

/// The number of data rows of CSV bytes (blank lines do not count), without storing
/// any cell; a ragged row is an error naming its line.
pub fn count_rows(source: &str, bytes: &[u8]) -> Result<usize, DataError> {
    struct Count<'a>(&'a str);
    impl CellSink for Count<'_> {
        fn source(&self) -> &str {
            self.0
        }
        fn selected(&self) -> &[usize] {
            &[]
        }
        fn push_number(&mut self, _slot: usize, _value: f64) -> bool {
            true
        }
        fn cell(&mut self, _slot: usize, _raw: &[u8], _line: u64) -> Result<(), DataError> {
            Ok(())
        }
    }
    let quoted = needs_full_csv_parser(bytes);
    let n_fields = csv_headers(source, bytes, quoted)?.len();
    if quoted {
        read_with_csv_crate(bytes, n_fields, &mut Count(source))
    } else {
        read_simple(bytes, n_fields, &mut Count(source))
    }
}

/// Collects every cell as trimmed text, and the line of every row.
struct TextSink<'a> {
    source: &'a str,
    headers: &'a [String],
    selected: Vec<usize>,
    columns: Vec<TextColumn>,
    lines: Vec<u64>,
    keep: &'a dyn Fn(usize) -> bool,
}

/// Files below this size are read by one thread: starting more costs more than it saves.
const PARALLEL_READ_BYTES: usize = 4 << 20;
/// The most threads one file is read with.
const MAX_READ_THREADS: usize = 8;

/// `parts` byte ranges `(start, end, first line)` of a file without quotes, split just
/// after a line end, the first holding the header line; `None` when the file is too
/// short in lines to split (the header line alone reaches past the first split).
fn line_parts(bytes: &[u8], parts: usize) -> Option<Vec<(usize, usize, u64)>> {
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").map_or(0, |_| 3);
    // The header is the first line that is not blank.
    let mut header_end = body;
    loop {
        let end = header_end + bytes[header_end..].iter().position(|&b| b == b'\n')? + 1;
        let line = &bytes[header_end..end - 1];
        header_end = end;
        if !(line.is_empty() || line == b"\r") {
            break;
        }
    }
    let mut cuts = vec![0usize];
    for k in 1..parts {
        let target = (bytes.len() * k / parts).max(header_end);
        let Some(newline) = bytes[target..].iter().position(|&b| b == b'\n') else {
            break;
        };
        let cut = target + newline + 1;
        if cut > *cuts.last().expect("starts with 0") && cut < bytes.len() {
            cuts.push(cut);
        }
    }
    if cuts.len() < 2 {
        return None;
    }
    cuts.push(bytes.len());
    let mut line = 1u64;
    let mut out = Vec::with_capacity(cuts.len() - 1);
    for pair in cuts.windows(2) {
        out.push((pair[0], pair[1], line));
        line += bytes[pair[0]..pair[1]]
            .iter()
            .filter(|&&b| b == b'\n')
            .count() as u64;
    }
    Some(out)
}

impl CellSink for TextSink<'_> {
    fn wants_row(&self, row: usize) -> bool {
        (self.keep)(row)
    }
    fn source(&self) -> &str {
        self.source
    }
    fn selected(&self) -> &[usize] {
        &self.selected
    }
    fn push_number(&mut self, _slot: usize, _value: f64) -> bool {
        false // every cell is kept as text, with its row's line
    }
    fn cell(&mut self, slot: usize, raw: &[u8], line: u64) -> Result<(), DataError> {
        let text = std::str::from_utf8(raw).map_err(|_| {
            DataError::new(self.source, "the file is not valid UTF-8 text")
                .at_line(line)
                .in_column(&self.headers[slot])
        })?;
        // Every row hands over all its cells, the first column's first.
        if slot == 0 {
            self.lines.push(line);
        }
        self.columns[slot].push(text.trim()).map_err(|_| {
            DataError::new(self.source, "a column holds more than 4 GiB of text")
                .at_line(line)
                .in_column(&self.headers[slot])
                .with_hint("keep fewer rows with --max-rows or --sample")
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Reading in parts gives the serial reader's table, lines, row count and error,
        /// whatever the blank lines, line ends, byte-order mark and ragged rows.
        #[test]
        fn reading_in_parts_equals_reading_at_once(
            rows in proptest::collection::vec(
                (0u8..4, proptest::collection::vec("[a-z0-9 .-]{0,6}", 3), any::<bool>()),
                1..60,
            ),
            bom in any::<bool>(),
            blank_first in any::<bool>(),
            threads in 2usize..6,
        ) {
            let mut text = String::new();
            if bom {
                text.push('\u{feff}');
            }
            if blank_first {
                text.push('\n');
            }
            text.push_str("a,b,c\n");
            for (kind, cells, crlf) in &rows {
                let end = if *crlf { "\r\n" } else { "\n" };
                match kind {
                    0 => text.push_str(end), // a blank line
                    1 => text.push_str(&format!("{}{end}", cells[..2].join(","))), // ragged
                    _ => text.push_str(&format!("{}{end}", cells.join(","))),
                }
            }
            let serial = Table::read_keeping("t.csv", text.as_bytes(), &|_| true);
            let parts = Table::read_in_parts("t.csv", text.as_bytes(), threads, 0);
            prop_assert_eq!(parts, serial);
        }
    }

    #[test]
    fn a_large_file_is_split_after_line_ends_with_the_header_in_the_first_part() {
        let text = format!("x,y\n\n{}", "1,2\n".repeat(1000));
        let parts = line_parts(text.as_bytes(), 3).unwrap();
        assert_eq!(parts.len(), 3);
        assert_eq!((parts[0].0, parts[2].1), (0, text.len()));
        for w in parts.windows(2) {
            assert_eq!(w[0].1, w[1].0);
            assert_eq!(text.as_bytes()[w[1].0 - 1], b'\n');
            let before = text[..w[1].0].matches('\n').count() as u64;
            assert_eq!(w[1].2, before + 1);
        }
        // A header longer than the file's first share is never split.
        assert!(line_parts(b"a,b", 2).is_none());
    }

    #[test]
    fn reads_columns_and_lines() {
        let t = Table::from_reader("t.csv", "a,b\n1,x\n\n2,y\n".as_bytes()).unwrap();
        assert_eq!(t.headers, vec!["a", "b"]);
        assert_eq!(t.numeric(0, false).unwrap(), vec![1.0, 2.0]);
        assert_eq!(t.text(1).to_vec(), vec!["x", "y"]);
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
