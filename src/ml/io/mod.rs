//! The one data path: every table that `train`, `eval`, `drift` and the labs read comes
//! through here. See `docs/data.md` for the rules in prose.
//!
//! - [`source`]: the rule for "bundled dataset name or file path" (`bundled:NAME`, an
//!   existing file wins, row ranges).
//! - [`raw`]: [`RawTable`], the one interface to a table's contents; [`scan`], the one
//!   CSV reader behind it (a single-pass scanner for files without quotes, the `csv`
//!   crate for the rest), feeding any [`CellSink`].
//! - [`cell`]: the one cell parser and the one missing-value rule.
//! - [`columns`]: typed columns (a column's first non-missing value decides numbers or
//!   text); [`table`]: a whole table as text, for small data such as `train`'s, each
//!   column a compact [`text_column::TextColumn`].
//! - [`labels`]: the one label identity rule (`1` and `1.0` are one label).
//! - [`error`]: [`DataError`], with file, line, column and a hint.
//! - [`budget`]: the memory limit of `train`, checked before a file is read.

pub mod budget;
pub mod cell;
pub mod columns;
pub mod error;
pub mod labels;
pub mod lines;
pub mod raw;
pub mod scan;
pub mod source;
pub mod table;
pub mod text_column;

pub use budget::{MAX_MATRIX_BYTES, RowLimit};
pub use cell::{MAX_MODEL_MAGNITUDE, is_missing, is_missing_bytes, parse_number, parse_number_str};
pub use columns::{ColumnValues, ColumnsRead, ReadColumn};
pub use error::{DataError, name_list};
pub use labels::{LabelIds, LabelKey, label_key, same_label};
pub use raw::{RawTable, read_file};
pub use scan::CellSink;
pub use source::{BUNDLED_PREFIX, Origin, RowRange, Source};
pub use table::{Table, count_rows};
pub use text_column::TextColumn;
