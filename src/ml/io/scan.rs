//! The one CSV reader: splits CSV bytes into cells and hands the cells of the selected
//! columns to a [`CellSink`], with the 1-based line of each row.
//!
//! Files without quotes (the common case for numeric data) go through a single-pass
//! scanner that parses plain decimals while it looks for the next comma; files with
//! quoted fields (or bare carriage returns) go through the `csv` crate's byte records.
//! Both skip blank lines and count lines from the bytes, so errors point at the same
//! line whichever path a file takes.

use super::cell::plain_decimal;
use super::error::DataError;
use super::lines::LineCounter;

/// Where the cells of the selected columns go. Slots are positions in the list of
/// selected columns; `line` is the 1-based line of the row in the file.
pub trait CellSink {
    /// The table's name, for errors.
    fn source(&self) -> &str;
    /// The header positions of the selected columns, in slot order.
    fn selected(&self) -> &[usize];
    /// Whether data row `row` (0-based) is wanted; unwanted rows are only counted.
    fn wants_row(&self, _row: usize) -> bool {
        true
    }
    /// The number of rows the file can hold at most, for a first allocation.
    fn reserve(&mut self, _rows: usize) {}
    /// A plain decimal that the sink can take at once without any check that could fail
    /// (true), or not (false: it comes again through [`CellSink::number_cell`] once the
    /// row's width is known to be right).
    fn push_number(&mut self, slot: usize, value: f64) -> bool;
    /// A cell the scanner already parsed as a plain decimal (`raw` is its text).
    fn number_cell(
        &mut self,
        slot: usize,
        _value: f64,
        raw: &[u8],
        line: u64,
    ) -> Result<(), DataError> {
        self.cell(slot, raw, line)
    }
    /// Any other cell, untrimmed.
    fn cell(&mut self, slot: usize, raw: &[u8], line: u64) -> Result<(), DataError>;
}

/// The position of the comma or line end that closes the field starting at `pos`.
#[inline]
fn field_end(bytes: &[u8], pos: usize) -> usize {
    bytes[pos..]
        .iter()
        .position(|&b| matches!(b, b',' | b'\n' | b'\r'))
        .map_or(bytes.len(), |k| pos + k)
}

/// A selected cell of the current row: parsed already, or its byte range.
#[derive(Clone, Copy)]
enum Cell {
    Number {
        value: f64,
        start: usize,
        end: usize,
    },
    Raw {
        start: usize,
        end: usize,
    },
}

/// The fast path for files without quotes: one pass over the bytes, fields end at commas.
/// Cells that may fail (text, or the first value of a column) are handed over only once
/// the row's field count is known to be right, so a ragged row is reported as such.
/// Returns the number of data rows.
pub(super) fn read_simple(
    bytes: &[u8],
    n_fields: usize,
    reader: &mut impl CellSink,
) -> Result<usize, DataError> {
    read_simple_part(bytes, n_fields, reader, 1, false)
}

/// [`read_simple`] on a part of a file: `bytes` start at a line boundary on line
/// `first_line`; when `header_done`, they hold data rows only (a later part of a file
/// read in parallel).
pub(super) fn read_simple_part(
    bytes: &[u8],
    n_fields: usize,
    reader: &mut impl CellSink,
    first_line: u64,
    header_done: bool,
) -> Result<usize, DataError> {
    let bytes = if header_done {
        bytes
    } else {
        bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)
    };
    // slot_of[field] = the selected column the field feeds, if any
    let mut slot_of = vec![usize::MAX; n_fields];
    for (slot, &field) in reader.selected().iter().enumerate() {
        slot_of[field] = slot;
    }
    let mut cells: Vec<(usize, Cell)> = Vec::with_capacity(slot_of.len());
    // one row per line at most: reserving avoids copying the columns as they grow
    reader.reserve(bytes.iter().filter(|&&b| b == b'\n').count() + 1);
    let len = bytes.len();
    let mut pos = 0usize;
    let mut line = first_line;
    let mut header_done = header_done;
    let mut row = 0usize;
    while pos < len {
        // blank lines (LF or CRLF) are skipped, as the csv crate does
        if bytes[pos] == b'\n' {
            pos += 1;
            line += 1;
            continue;
        }
        if bytes[pos] == b'\r' && bytes.get(pos + 1) == Some(&b'\n') {
            pos += 2;
            line += 1;
            continue;
        }
        let keep = header_done && reader.wants_row(row);
        cells.clear();
        let mut field = 0usize;
        loop {
            let slot = slot_of.get(field).copied().unwrap_or(usize::MAX);
            let end = if keep && slot != usize::MAX {
                match plain_decimal(bytes, pos) {
                    // A number for a numeric column cannot fail: it goes in at once (if the
                    // row turns out ragged, the whole read fails anyway).
                    Some((value, end)) if reader.push_number(slot, value) => end,
                    Some((value, end)) => {
                        cells.push((
                            slot,
                            Cell::Number {
                                value,
                                start: pos,
                                end,
                            },
                        ));
                        end
                    }
                    None => {
                        let end = field_end(bytes, pos);
                        cells.push((slot, Cell::Raw { start: pos, end }));
                        end
                    }
                }
            } else {
                field_end(bytes, pos)
            };
            field += 1;
            if end < len && bytes[end] == b',' {
                pos = end + 1;
                continue;
            }
            pos = end;
            if pos < len && bytes[pos] == b'\r' {
                pos += 1;
            }
            if pos < len && bytes[pos] == b'\n' {
                pos += 1;
            }
            break;
        }
        if !header_done {
            header_done = true;
            line += 1;
            continue;
        }
        if field != n_fields {
            return Err(field_count_error(reader.source(), line, field, n_fields));
        }
        for &(slot, cell) in &cells {
            match cell {
                Cell::Number { value, start, end } => {
                    reader.number_cell(slot, value, &bytes[start..end], line)?
                }
                Cell::Raw { start, end } => reader.cell(slot, &bytes[start..end], line)?,
            }
        }
        row += 1;
        line += 1;
    }
    Ok(row)
}

/// Quotes (or carriage returns not ending a line) need the full CSV grammar.
pub(super) fn needs_full_csv_parser(bytes: &[u8]) -> bool {
    // `contains` on bytes is a fast memchr; the byte-by-byte check runs only when needed.
    bytes.contains(&b'"')
        || (bytes.contains(&b'\r')
            && bytes
                .iter()
                .enumerate()
                .any(|(i, &b)| b == b'\r' && bytes.get(i + 1) != Some(&b'\n')))
}

pub(super) fn csv_headers(
    name: &str,
    bytes: &[u8],
    quoted: bool,
) -> Result<Vec<String>, DataError> {
    let empty = || {
        DataError::new(name, "the file is empty: no header row")
            .at_line(1)
            .with_hint("the first line must name the columns, e.g. `truth,score`")
    };
    if quoted {
        let mut csv = csv::ReaderBuilder::new()
            .has_headers(true)
            .flexible(true)
            .from_reader(header_prefix(bytes));
        let headers: Vec<String> = csv
            .headers()
            .map_err(|e| {
                let message = match e.kind() {
                    csv::ErrorKind::Utf8 { .. } => "the header is not valid UTF-8 text".to_string(),
                    _ => format!("malformed CSV: {e}"),
                };
                DataError::new(name, message).at_line(1)
            })?
            .iter()
            .map(|h| h.trim().to_string())
            .collect();
        if headers.iter().all(|h| h.is_empty()) {
            return Err(empty());
        }
        unique_headers(name, &headers, 1)?;
        return Ok(headers);
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let header = bytes
        .split(|&b| b == b'\n')
        .map(|l| l.strip_suffix(b"\r").unwrap_or(l))
        .enumerate()
        .find(|(_, l)| !l.is_empty())
        .map(|(i, l)| (i as u64 + 1, l));
    let Some((line, header)) = header else {
        return Err(empty());
    };
    let text = std::str::from_utf8(header)
        .map_err(|_| DataError::new(name, "the header is not valid UTF-8 text").at_line(line))?;
    let headers: Vec<String> = text.split(',').map(|h| h.trim().to_string()).collect();
    if headers.iter().all(|h| h.is_empty()) {
        return Err(empty());
    }
    unique_headers(name, &headers, line)?;
    Ok(headers)
}

/// Two columns with one name are an error naming both (1-based positions): a command
/// that picks a column by name would otherwise silently read one of them.
fn unique_headers(name: &str, headers: &[String], line: u64) -> Result<(), DataError> {
    let mut seen = std::collections::HashMap::with_capacity(headers.len());
    for (position, header) in headers.iter().enumerate() {
        if let Some(first) = seen.insert(header.as_str(), position) {
            return Err(DataError::new(
                name,
                format!(
                    "columns {} and {} are both named '{}'",
                    first + 1,
                    position + 1,
                    crate::sanitize::clean_line(header)
                ),
            )
            .at_line(line)
            .with_hint("give every column its own name in the header row"));
        }
    }
    Ok(())
}

/// The bytes up to the end of the first record, for reading a quoted header.
fn header_prefix(bytes: &[u8]) -> &[u8] {
    let mut quoted = false;
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'"' => quoted = !quoted,
            b'\n' if !quoted && i > 0 => return &bytes[..=i],
            _ => {}
        }
    }
    bytes
}

fn field_count_error(source: &str, line: u64, found: usize, expected: usize) -> DataError {
    DataError::new(
        source,
        format!("this row has {found} fields but the header has {expected}"),
    )
    .at_line(line)
    .with_hint("every row needs one value per column; quote values that contain commas")
}

/// The general path for files with quoted fields, through the `csv` crate's byte records.
/// Returns the number of data rows.
pub(super) fn read_with_csv_crate(
    bytes: &[u8],
    n_fields: usize,
    reader: &mut impl CellSink,
) -> Result<usize, DataError> {
    let mut csv = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .from_reader(bytes);
    let mut lines = LineCounter::new(bytes);
    let mut line_at = |offset: usize| lines.line_at(offset);
    let mut record = csv::ByteRecord::new();
    let mut row = 0usize;
    loop {
        match csv.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let mut err = DataError::new(reader.source(), format!("malformed CSV: {e}"));
                err.line = e.position().map(|p| line_at(p.byte() as usize));
                return Err(err);
            }
        }
        let line = line_at(record.position().map_or(0, |p| p.byte() as usize));
        if record.len() == 1 && record.get(0) == Some(b"") {
            continue;
        }
        if record.len() != n_fields {
            return Err(field_count_error(
                reader.source(),
                line,
                record.len(),
                n_fields,
            ));
        }
        if reader.wants_row(row) {
            for slot in 0..reader.selected().len() {
                let field = reader.selected()[slot];
                reader.cell(slot, &record[field], line)?;
            }
        }
        row += 1;
    }
    Ok(row)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `(line, slot, text)` of every cell handed over.
    type Seen = Vec<(u64, usize, String)>;

    /// Collects every selected cell as text with its line.
    struct Cells {
        selected: Vec<usize>,
        seen: Seen,
    }

    impl CellSink for Cells {
        fn source(&self) -> &str {
            "t.csv"
        }
        fn selected(&self) -> &[usize] {
            &self.selected
        }
        fn push_number(&mut self, _slot: usize, _value: f64) -> bool {
            false
        }
        fn cell(&mut self, slot: usize, raw: &[u8], line: u64) -> Result<(), DataError> {
            let text = String::from_utf8_lossy(raw.trim_ascii()).into_owned();
            self.seen.push((line, slot, text));
            Ok(())
        }
    }

    #[test]
    fn both_paths_give_the_same_cells_and_lines() {
        let plain = "a,b,c\r\n1, x ,2\n\n3,y,4\n";
        let quoted = "a,b,c\r\n1,\" x \",2\n\n3,\"y\",4\n";
        for (text, full) in [(plain, false), (quoted, true)] {
            assert_eq!(needs_full_csv_parser(text.as_bytes()), full);
            let mut sink = Cells {
                selected: vec![2, 1],
                seen: Vec::new(),
            };
            let rows = if full {
                read_with_csv_crate(text.as_bytes(), 3, &mut sink)
            } else {
                read_simple(text.as_bytes(), 3, &mut sink)
            }
            .unwrap();
            assert_eq!(rows, 2);
            let expected = [(2, 0, "2"), (2, 1, "x"), (4, 0, "4"), (4, 1, "y")];
            // The scanner hands cells over in file order, the csv crate in slot order.
            let mut got: Vec<(u64, usize, &str)> = sink
                .seen
                .iter()
                .map(|(l, s, t)| (*l, *s, t.as_str()))
                .collect();
            got.sort();
            assert_eq!(got, expected, "{text:?}");
        }
    }

    /// Every cell of a table as `(line, slot, text)`, sorted, through one path.
    fn cells(text: &str, n_fields: usize, full: bool) -> Result<(usize, Seen), String> {
        let mut sink = Cells {
            selected: (0..n_fields).collect(),
            seen: Vec::new(),
        };
        let rows = if full {
            read_with_csv_crate(text.as_bytes(), n_fields, &mut sink)
        } else {
            read_simple(text.as_bytes(), n_fields, &mut sink)
        }
        .map_err(|e| e.to_string())?;
        sink.seen.sort();
        Ok((rows, sink.seen))
    }

    proptest::proptest! {
        /// On files without quotes the scanner and the csv crate agree on every cell,
        /// every line number and every error, whatever the cells, blank lines and line
        /// ends.
        #[test]
        fn the_scanner_agrees_with_the_csv_crate(
            rows in proptest::collection::vec(
                proptest::collection::vec("[ a-z0-9.eE+-]{0,6}", 1..4), 0..12),
            blank in proptest::collection::vec(proptest::bool::ANY, 12),
            crlf in proptest::bool::ANY,
        ) {
            let end = if crlf { "\r\n" } else { "\n" };
            let mut text = format!("a,b,c{end}");
            for (i, row) in rows.iter().enumerate() {
                if blank[i] {
                    text.push_str(end);
                }
                text.push_str(&row.join(","));
                text.push_str(end);
            }
            proptest::prop_assert!(!needs_full_csv_parser(text.as_bytes()));
            proptest::prop_assert_eq!(cells(&text, 3, false), cells(&text, 3, true));
        }
    }

    #[test]
    fn duplicate_names_are_refused_on_both_paths() {
        for (text, quoted) in [("a,b,a\n1,2,3\n", false), ("a,\"b\",a\n1,2,3\n", true)] {
            let e = csv_headers("t.csv", text.as_bytes(), quoted).unwrap_err();
            assert_eq!(
                e.to_string(),
                "t.csv:1: columns 1 and 3 are both named 'a'\n  hint: give every column its own name in the header row"
            );
        }
    }

    #[test]
    fn ragged_rows_name_their_line() {
        let mut sink = Cells {
            selected: vec![0],
            seen: Vec::new(),
        };
        let e = read_simple(b"a,b\n1,2\n\n3\n", 2, &mut sink).unwrap_err();
        assert!(
            e.to_string().starts_with("t.csv:4: this row has 1 fields"),
            "{e}"
        );
    }
}
