//! The one rule for "bundled dataset name or file path", used by `train`, `eval`,
//! `drift` and the labs' command-line twins.
//!
//! 1. `bundled:NAME` is always the bundled dataset NAME.
//! 2. Otherwise an existing file wins: `iris` reads the file `./iris` when there is one.
//!    When that name is also a bundled dataset, [`Source::note`] says so and how to get
//!    the bundled one.
//! 3. Otherwise a bundled dataset name is the bundled dataset.
//! 4. Otherwise an argument that looks like a path (it has `/`, `\` or `.`) is a file
//!    (reading it reports a missing file); anything else is an unknown name, and the
//!    error lists the bundled datasets.
//!
//! Any of these may end in a row range `[start:end]` (0-based, end excluded, either
//! side may be left out), unless the whole argument is an existing file.

use std::path::{Path, PathBuf};

use super::error::DataError;
use crate::ml::datasets;

/// The prefix that always names a bundled dataset.
pub const BUNDLED_PREFIX: &str = "bundled:";

/// Rows `start..end` of a table (0-based, end exclusive; no end means to the last row).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RowRange {
    pub start: usize,
    pub end: Option<usize>,
}

impl RowRange {
    /// The rows `start..end` of a table with `total` rows, or an error naming `source`.
    pub fn resolve(self, source: &str, total: usize) -> Result<(usize, usize), DataError> {
        let end = self.end.unwrap_or(total);
        if end > total || self.start >= end {
            let shown = match self.end {
                Some(e) => format!("[{}:{e}]", self.start),
                None => format!("[{}:]", self.start),
            };
            return Err(DataError::new(
                source,
                format!("row range {shown} is outside the table, which has {total} rows"),
            )
            .with_hint(RANGE_HINT));
        }
        Ok((self.start, end))
    }
}

/// Where a table comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    File(PathBuf),
    Bundled(String),
}

/// A table named on the command line: a CSV path or a bundled dataset name, with an
/// optional row range such as `occupancy[0:200]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// The argument as given, for messages.
    pub display: String,
    pub origin: Origin,
    pub range: Option<RowRange>,
    /// Set when the argument is both an existing file and a bundled dataset name: which
    /// one was read and how to ask for the other. Commands print it on stderr.
    pub note: Option<String>,
}

pub(super) const RANGE_HINT: &str = "write the rows as [start:end], 0-based with the end \
     excluded, e.g. occupancy[0:200] or occupancy[200:]";

impl Source {
    /// Interprets an argument by the rule in the module documentation.
    pub fn parse(argument: &str) -> Result<Source, DataError> {
        let display = argument.to_string();
        if let Some(rest) = argument.strip_prefix(BUNDLED_PREFIX) {
            let (name, range) = split_range(rest, &display)?;
            if datasets::info(name).is_none() {
                return Err(datasets::unknown_dataset(name));
            }
            return Ok(Source {
                display,
                origin: Origin::Bundled(name.to_string()),
                range,
                note: None,
            });
        }
        if Path::new(argument).is_file() {
            return Ok(Source {
                note: shadow_note(argument),
                display,
                origin: Origin::File(argument.into()),
                range: None,
            });
        }
        let (base, range) = split_range(argument, &display)?;
        let (origin, note) = if Path::new(base).is_file() {
            (Origin::File(base.into()), shadow_note(base))
        } else if datasets::info(base).is_some() {
            (Origin::Bundled(base.to_string()), None)
        } else if base.contains(['/', '\\', '.']) {
            (Origin::File(base.into()), None)
        } else {
            return Err(
                DataError::new(base, "neither a file nor a bundled dataset name").with_hint(
                    format!(
                        "give a CSV file path (relative to the current directory) or a bundled \
                 dataset name: {}",
                        datasets::names().join(", ")
                    ),
                ),
            );
        };
        Ok(Source {
            display,
            origin,
            range,
            note,
        })
    }

    /// The bundled dataset's name, when the source is one.
    pub fn bundled(&self) -> Option<&str> {
        match &self.origin {
            Origin::Bundled(name) => Some(name),
            Origin::File(_) => None,
        }
    }
}

/// The note for a file whose name is also a bundled dataset name.
fn shadow_note(name: &str) -> Option<String> {
    datasets::info(name).map(|_| {
        format!(
            "'{0}' is a file here and a bundled dataset: reading the file ./{0}; \
             write {BUNDLED_PREFIX}{0} for the bundled dataset",
            name
        )
    })
}

/// Splits a trailing `[start:end]` off an argument.
fn split_range<'a>(
    argument: &'a str,
    display: &str,
) -> Result<(&'a str, Option<RowRange>), DataError> {
    match argument.strip_suffix(']').and_then(|s| s.rsplit_once('[')) {
        Some((base, spec)) => Ok((base, Some(parse_range(spec, display)?))),
        None => Ok((argument, None)),
    }
}

fn parse_range(spec: &str, display: &str) -> Result<RowRange, DataError> {
    let bad = |why: &str| {
        DataError::new(display, format!("bad row range [{spec}]: {why}")).with_hint(RANGE_HINT)
    };
    let (start, end) = spec
        .split_once(':')
        .ok_or_else(|| bad("a range needs a colon"))?;
    let number = |text: &str, default: Option<usize>| -> Result<Option<usize>, DataError> {
        let text = text.trim();
        if text.is_empty() {
            return Ok(default);
        }
        if !text.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad("rows are whole numbers from 0"));
        }
        text.parse::<usize>()
            .map(Some)
            .map_err(|_| bad("the number is too large"))
    };
    let start = number(start, Some(0))?.unwrap_or(0);
    let end = number(end, None)?;
    if let Some(end) = end
        && end <= start
    {
        return Err(bad("the end must be greater than the start"));
    }
    Ok(RowRange { start, end })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_and_ranges_parse() {
        let s = Source::parse("occupancy[0:200]").unwrap();
        assert_eq!(s.origin, Origin::Bundled("occupancy".into()));
        assert_eq!(
            s.range,
            Some(RowRange {
                start: 0,
                end: Some(200)
            })
        );
        assert_eq!(
            Source::parse("iris[100:]").unwrap().range,
            Some(RowRange {
                start: 100,
                end: None
            })
        );
        assert!(
            Source::parse("iris[5:2]")
                .unwrap_err()
                .message
                .contains("greater")
        );
        assert!(Source::parse("iris[a:b]").is_err());
        let e = Source::parse("nosuchdata").unwrap_err();
        assert!(e.to_string().contains("occupancy"), "{e}");
        assert_eq!(
            Source::parse("dir/x.csv").unwrap().origin,
            Origin::File("dir/x.csv".into())
        );
    }

    #[test]
    fn the_bundled_prefix_always_names_a_bundled_dataset() {
        let s = Source::parse("bundled:iris[0:10]").unwrap();
        assert_eq!(s.bundled(), Some("iris"));
        assert_eq!(s.range.unwrap().end, Some(10));
        let e = Source::parse("bundled:nope").unwrap_err().to_string();
        assert!(e.contains("bundled datasets: breast_cancer"), "{e}");
    }

    #[test]
    fn ranges_outside_the_table_are_errors() {
        let r = RowRange {
            start: 2,
            end: Some(9),
        };
        assert!(
            r.resolve("t", 4)
                .unwrap_err()
                .message
                .contains("has 4 rows")
        );
        assert_eq!(r.resolve("t", 9).unwrap(), (2, 9));
    }
}
