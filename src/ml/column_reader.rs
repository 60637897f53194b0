//! Streaming a few columns out of a large CSV file without holding every cell as a
//! `String` (what [`crate::ml::table::Table`] does). Rows arrive as byte slices; the
//! 1-based line of a row is worked out only when an error needs it, so the common
//! path does no line bookkeeping at all.

use std::io::Read;
use std::path::Path;

use super::table::DataError;

/// The requested fields of one row, whitespace-trimmed.
pub struct RowFields<'a> {
    source: &'a str,
    bytes: &'a [u8],
    names: &'a [String],
    positions: &'a [usize],
    record: &'a csv::ByteRecord,
}

impl RowFields<'_> {
    /// The `i`-th requested column (in the order the columns were asked for).
    pub fn get(&self, i: usize) -> &[u8] {
        self.record
            .get(self.positions[i])
            .expect("rows are checked against the header width")
            .trim_ascii()
    }

    /// The 1-based line where this row starts. Counts newlines from the file start:
    /// meant for error messages, not for every row.
    pub fn line(&self) -> u64 {
        let offset = self.record.position().map_or(0, |p| p.byte() as usize);
        line_of_offset(self.bytes, offset)
    }

    /// An error about the `i`-th requested column of this row.
    pub fn error(&self, i: usize, message: impl Into<String>) -> DataError {
        DataError::new(self.source, message)
            .at_line(self.line())
            .in_column(&self.names[i])
    }
}

/// The line of the record starting at `offset` (one count from the file start).
fn line_of_offset(bytes: &[u8], offset: usize) -> u64 {
    super::table::LineCounter::new(bytes).line_at(offset)
}

/// Reads a whole file, with the error messages the rest of mlpath uses.
pub fn read_file(path: &Path) -> Result<Vec<u8>, DataError> {
    let name = path.display().to_string();
    let mut file = std::fs::File::open(path).map_err(|e| {
        DataError::new(&name, format!("cannot open the file: {e}"))
            .with_hint("check the path; it is relative to the current directory")
    })?;
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes)
        .map_err(|e| DataError::new(&name, format!("cannot read the file: {e}")))?;
    Ok(bytes)
}

fn csv_error(source: &str, bytes: &[u8], e: &csv::Error) -> DataError {
    let message = match e.kind() {
        csv::ErrorKind::Io(io) => format!("cannot read the file: {io}"),
        _ => format!("malformed CSV: {e}"),
    };
    let err = DataError::new(source, message);
    match e.position() {
        Some(p) => err.at_line(line_of_offset(bytes, p.byte() as usize)),
        None => err,
    }
}

/// Calls `on_row` for every data row of the CSV `bytes` (header row first) with the
/// fields of `columns`, in that order. Blank lines are skipped; a row whose width
/// differs from the header's is an error naming its line. Returns the number of rows.
pub fn for_each_row<F>(
    source: &str,
    bytes: &[u8],
    columns: &[&str],
    mut on_row: F,
) -> Result<u64, DataError>
where
    F: FnMut(&RowFields<'_>) -> Result<(), DataError>,
{
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .from_reader(bytes);
    let headers: Vec<String> = reader
        .byte_headers()
        .map_err(|e| csv_error(source, bytes, &e))?
        .iter()
        .map(|h| String::from_utf8_lossy(h).trim().to_string())
        .collect();
    let header_line = line_of_offset(bytes, 0);
    if headers.iter().all(|h| h.is_empty()) {
        return Err(DataError::new(source, "the file is empty: no header row")
            .at_line(header_line)
            .with_hint("the first line must name the columns, e.g. `truth,score`"));
    }
    let names: Vec<String> = columns.iter().map(|c| c.to_string()).collect();
    let positions = columns
        .iter()
        .map(|&name| {
            headers.iter().position(|h| h == name).ok_or_else(|| {
                DataError::new(
                    source,
                    format!(
                        "no column named '{}' in the header",
                        crate::sanitize::clean_line(name)
                    ),
                )
                .at_line(header_line)
                .with_hint(format!(
                    "the columns are: {}",
                    crate::sanitize::clean_line(&headers.join(", "))
                ))
            })
        })
        .collect::<Result<Vec<usize>, DataError>>()?;

    let mut record = csv::ByteRecord::new();
    let mut rows = 0u64;
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => return Err(csv_error(source, bytes, &e)),
        }
        if record.len() == 1 && record[0].is_empty() {
            continue; // a blank line
        }
        let row = RowFields {
            source,
            bytes,
            names: &names,
            positions: &positions,
            record: &record,
        };
        if record.len() != headers.len() {
            return Err(DataError::new(
                source,
                format!(
                    "this row has {} fields but the header has {}",
                    record.len(),
                    headers.len()
                ),
            )
            .at_line(row.line())
            .with_hint("every row needs one value per column; quote values that contain commas"));
        }
        on_row(&row)?;
        rows += 1;
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn collect(text: &str, columns: &[&str]) -> Result<Vec<(u64, Vec<String>)>, DataError> {
        let mut out = Vec::new();
        for_each_row("t.csv", text.as_bytes(), columns, |row| {
            let fields = (0..columns.len())
                .map(|i| String::from_utf8_lossy(row.get(i)).into_owned())
                .collect();
            out.push((row.line(), fields));
            Ok(())
        })?;
        Ok(out)
    }

    #[test]
    fn picks_columns_in_the_asked_order_with_lines() {
        let rows = collect("a,b,c\n1, x ,2\n\n3,y,4\n", &["c", "b"]).unwrap();
        assert_eq!(
            rows,
            vec![
                (2, vec!["2".into(), "x".into()]),
                (4, vec!["4".into(), "y".into()])
            ]
        );
    }

    #[test]
    fn crlf_and_quoted_newlines_keep_line_numbers() {
        let rows = collect("a,b\r\n1,\"two\nlines\"\r\n3,4\r\n", &["a"]).unwrap();
        assert_eq!(rows[0].0, 2);
        assert_eq!(rows[1].0, 4);
    }

    #[test]
    fn ragged_row_names_its_line() {
        let e = collect("a,b\n1,2\n\n3\n", &["a"]).unwrap_err();
        assert_eq!(e.line, Some(4));
        assert!(e.to_string().starts_with("t.csv:4: this row has 1 fields"));
    }

    #[test]
    fn missing_column_lists_the_columns() {
        let e = collect("a,b\n1,2\n", &["z"]).unwrap_err();
        assert_eq!(e.line, Some(1));
        assert!(e.to_string().contains("no column named 'z'"));
        assert!(e.to_string().contains("the columns are: a, b"));
    }

    #[test]
    fn empty_file_is_an_error() {
        let e = collect("", &["a"]).unwrap_err();
        assert!(e.message.contains("empty"));
    }

    #[test]
    fn callback_errors_carry_line_and_column() {
        let e = for_each_row("t.csv", b"a,b\n1,2\n3,oops\n", &["b"], |row| {
            if row.get(0) == b"oops" {
                Err(row.error(0, "bad"))
            } else {
                Ok(())
            }
        })
        .unwrap_err();
        assert_eq!(e.to_string(), "t.csv:3: column 'b': bad");
    }
}
