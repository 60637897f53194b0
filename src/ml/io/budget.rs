//! Bounded memory for `train`: before a file is read, the size of the numeric matrix it
//! would become is estimated from the file's size and its first bytes, and a file whose
//! matrix would exceed [`MAX_MATRIX_BYTES`] is refused with a message that says how to
//! go on (`--max-rows N` or `--sample N`, which keep only those rows in memory).

use std::io::Read;
use std::path::Path;

use super::error::DataError;

/// The largest numeric matrix (rows × columns × 8 bytes) `train` reads without
/// `--max-rows` or `--sample`: 256 MiB, a CSV file of roughly 300 MB.
pub const MAX_MATRIX_BYTES: u64 = 256 * 1024 * 1024;

/// How much of the file the estimate looks at.
const SAMPLE_BYTES: u64 = 64 * 1024;

/// Which data rows `train` keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RowLimit {
    /// Every row (refused above [`MAX_MATRIX_BYTES`]).
    #[default]
    All,
    /// The first N rows.
    First(usize),
    /// N rows drawn at random (seeded), in file order.
    Sample(usize),
}

/// What a file would take once read.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MatrixEstimate {
    /// Data rows, estimated from the line lengths of the first bytes.
    pub rows: u64,
    /// Cells per row (from the separators of the first bytes).
    pub columns: u64,
    /// rows × columns × 8.
    pub bytes: u64,
}

/// Estimates the matrix of a CSV file from its size and its first 64 KiB: the share of
/// separators (commas and line ends) among those bytes gives the number of cells, the
/// share of line ends the number of rows. Quotes are ignored (a rough but cheap bound).
pub fn estimate_matrix(path: &Path) -> Result<MatrixEstimate, DataError> {
    let name = path.display().to_string();
    let cannot = |e: std::io::Error| {
        DataError::new(&name, format!("cannot read the file: {e}"))
            .with_hint("give a CSV file path (relative to the current directory)")
    };
    let file = std::fs::File::open(path).map_err(cannot)?;
    let size = file.metadata().map_err(cannot)?.len();
    let mut head = Vec::with_capacity(SAMPLE_BYTES as usize);
    file.take(SAMPLE_BYTES)
        .read_to_end(&mut head)
        .map_err(cannot)?;
    Ok(estimate_from(size, &head))
}

/// [`estimate_matrix`] on a file of `size` bytes that starts with `head`.
pub fn estimate_from(size: u64, head: &[u8]) -> MatrixEstimate {
    let line_ends = head.iter().filter(|&&b| b == b'\n').count() as u64;
    let commas = head.iter().filter(|&&b| b == b',').count() as u64;
    let sampled = head.len().max(1) as u64;
    let scale = |count: u64| (u128::from(count) * u128::from(size) / u128::from(sampled)) as u64;
    // A line that ends past the sample (a very wide header) still counts as one row.
    let rows = scale(line_ends).max(1);
    let cells = scale(commas + line_ends).max(rows);
    let columns = cells.div_ceil(rows);
    MatrixEstimate {
        rows,
        columns,
        bytes: rows.saturating_mul(columns).saturating_mul(8),
    }
}

/// Refuses a file whose estimated matrix (after `limit`) exceeds [`MAX_MATRIX_BYTES`].
pub fn check_budget(
    name: &str,
    estimate: MatrixEstimate,
    limit: RowLimit,
) -> Result<(), DataError> {
    let rows = match limit {
        RowLimit::All => estimate.rows,
        RowLimit::First(n) | RowLimit::Sample(n) => estimate.rows.min(n as u64),
    };
    let bytes = rows.saturating_mul(estimate.columns).saturating_mul(8);
    if bytes <= MAX_MATRIX_BYTES {
        return Ok(());
    }
    let fitting = (MAX_MATRIX_BYTES / 8 / estimate.columns.max(1)).max(1);
    Err(DataError::new(
        name,
        format!(
            "too large to train on in memory: about {} rows × {} columns, a matrix of about {} MB \
             (the limit is {} MB)",
            estimate.rows,
            estimate.columns,
            bytes / 1_000_000,
            MAX_MATRIX_BYTES / 1_000_000
        ),
    )
    .with_hint(format!(
        "keep fewer rows: --max-rows {fitting} reads the first ones, --sample {fitting} draws \
         them at random (seeded by --seed); or leave columns out of the file"
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_estimate_scales_the_first_bytes_to_the_file() {
        let head = b"a,b,c\n1,2,3\n4,5,6\n7,8,9\n";
        let e = estimate_from(head.len() as u64 * 1000, head);
        assert_eq!(e.rows, 4000);
        assert_eq!(e.columns, 3);
        assert_eq!(e.bytes, 4000 * 3 * 8);
    }

    #[test]
    fn a_header_wider_than_the_sample_still_counts() {
        let head = vec![b','; 1000];
        let e = estimate_from(1_000_000, &head);
        assert_eq!(e.rows, 1);
        assert!(e.columns >= 1_000_000, "{e:?}");
    }

    #[test]
    fn too_large_is_refused_with_the_way_on() {
        let e = MatrixEstimate {
            rows: 10_000_000,
            columns: 10,
            bytes: 800_000_000,
        };
        let err = check_budget("big.csv", e, RowLimit::All)
            .unwrap_err()
            .to_string();
        assert!(err.contains("too large to train on in memory"), "{err}");
        assert!(err.contains("--max-rows 3355443"), "{err}");
        assert!(check_budget("big.csv", e, RowLimit::First(1000)).is_ok());
        assert!(check_budget("big.csv", e, RowLimit::Sample(1000)).is_ok());
    }
}
