//! Splitting CSV bytes into cells and parsing numbers straight from the bytes.
//!
//! Files without quotes (the common case for numeric data) go through a single-pass
//! scanner that parses plain decimals while it looks for the next comma; files with
//! quoted fields go through the `csv` crate's byte records. Both count lines the way
//! [`crate::ml::table::Table`] does, so errors point at the same line.

use crate::ml::table::{DataError, LineCounter, Table, is_missing};

use super::input::ColumnReader;

/// Exact powers of ten that doubles represent exactly.
const POWERS_OF_TEN: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/// `[+-]digits[.digits]` (or `[+-].digits`) with at most 19 digits in all, from
/// `cell[pos..]` up to a delimiter (comma, line end or the end of the bytes). Converted
/// exactly when the digits fit in 53 bits and the scale is at most 10^22: one correctly
/// rounded division (Clinger's fast path). Returns the value and the delimiter's
/// position, or `None` for anything else, which then goes to the standard parser.
#[inline(always)]
fn plain_decimal(bytes: &[u8], mut pos: usize) -> Option<(f64, usize)> {
    let negative = match bytes.get(pos) {
        Some(b'-') => {
            pos += 1;
            true
        }
        Some(b'+') => {
            pos += 1;
            false
        }
        _ => false,
    };
    // Wrapping arithmetic: more than 19 digits are refused below, before the value is used.
    let mut mantissa: u64 = 0;
    let integer_start = pos;
    while let Some(&b) = bytes.get(pos) {
        let digit = b.wrapping_sub(b'0');
        if digit > 9 {
            break;
        }
        mantissa = mantissa.wrapping_mul(10).wrapping_add(digit as u64);
        pos += 1;
    }
    let integer_digits = pos - integer_start;
    let mut fraction_digits = 0;
    if bytes.get(pos) == Some(&b'.') {
        pos += 1;
        let fraction_start = pos;
        while let Some(&b) = bytes.get(pos) {
            let digit = b.wrapping_sub(b'0');
            if digit > 9 {
                break;
            }
            mantissa = mantissa.wrapping_mul(10).wrapping_add(digit as u64);
            pos += 1;
        }
        fraction_digits = pos - fraction_start;
    }
    if !matches!(bytes.get(pos), None | Some(b',' | b'\n' | b'\r')) {
        return None;
    }
    let digits = integer_digits + fraction_digits;
    if digits == 0 || digits > 19 || mantissa > (1u64 << 53) || fraction_digits > 22 {
        return None;
    }
    let value = mantissa as f64 / POWERS_OF_TEN[fraction_digits];
    Some((if negative { -value } else { value }, pos))
}

/// Parses one cell as a number: the exact fast path for plain decimals, the standard
/// parser otherwise (exponents, long mantissas, `inf`). Missing markers give `None`.
pub fn parse_number(cell: &[u8]) -> Option<f64> {
    if let Some((v, end)) = plain_decimal(cell, 0)
        && end == cell.len()
    {
        return Some(v);
    }
    let text = std::str::from_utf8(cell).ok()?;
    if is_missing(text) {
        return None;
    }
    text.parse::<f64>().ok()
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
pub(super) fn read_simple(bytes: &[u8], reader: &mut ColumnReader) -> Result<(), DataError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let n_fields = reader.n_fields();
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
    let mut line = 1u64;
    let mut header_done = false;
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
    reader.set_rows_seen(row);
    Ok(())
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
    if quoted {
        return Table::from_bytes(name, header_prefix(bytes)).map(|t| t.headers);
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let header = bytes
        .split(|&b| b == b'\n')
        .map(|l| l.strip_suffix(b"\r").unwrap_or(l))
        .enumerate()
        .find(|(_, l)| !l.is_empty())
        .map(|(i, l)| (i as u64 + 1, l));
    let Some((line, header)) = header else {
        return Err(DataError::new(name, "the file is empty: no header row")
            .with_hint("the first line must name the columns, e.g. `temperature,humidity`"));
    };
    let text = std::str::from_utf8(header)
        .map_err(|_| DataError::new(name, "the header is not valid UTF-8 text").at_line(line))?;
    Ok(text.split(',').map(|h| h.trim().to_string()).collect())
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
pub(super) fn read_with_csv_crate(
    bytes: &[u8],
    reader: &mut ColumnReader,
) -> Result<(), DataError> {
    let n_fields = reader.n_fields();
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
    reader.set_rows_seen(row);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_decimals_parse_exactly() {
        for text in [
            "0.1",
            "-2.5",
            "123456789.123",
            "+7",
            ".5",
            "5.",
            "0.000001",
            "9007199254740993",
            "0.30000000000000004",
            "1e5",
            "-0",
            "00012.50",
        ] {
            let parsed = parse_number(text.as_bytes());
            assert_eq!(
                parsed.map(f64::to_bits),
                text.parse::<f64>().ok().map(f64::to_bits),
                "{text}"
            );
        }
        assert_eq!(parse_number(b"."), None);
        assert_eq!(parse_number(b"1e"), None);
        assert_eq!(parse_number(b"NA"), None);
        assert_eq!(parse_number(b"1.2.3"), None);
    }

    #[test]
    fn the_fast_path_stops_at_delimiters() {
        assert_eq!(plain_decimal(b"1.5,2", 0), Some((1.5, 3)));
        assert_eq!(plain_decimal(b"-3\r\n", 0), Some((-3.0, 2)));
        assert_eq!(plain_decimal(b" 3,", 0), None);
        assert_eq!(plain_decimal(b",", 0), None);
    }
}
