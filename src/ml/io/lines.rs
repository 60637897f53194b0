//! Line numbers of CSV bytes, counted from the bytes themselves (the csv crate's own
//! count skips blank lines), so that every reader reports the same line for a row.

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
