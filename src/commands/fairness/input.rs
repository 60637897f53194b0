//! Reading the truth, prediction or score, and group columns of `mlpath fairness` in one
//! pass: labels and groups are interned to small ids as they are read, scores parsed
//! straight from the bytes. With `--data`, the group column comes from another table,
//! matched on the predictions file's `row` column (as `train --predictions` writes it).

use std::collections::HashMap;

use crate::ml::io::labels::merge_spellings;
use crate::ml::io::{CellSink, DataError, RawTable, RowRange, is_missing_bytes, parse_number};

/// More distinct labels than this is not a classifier's output.
pub const MAX_LABELS: usize = 1000;
/// More distinct groups than this is an identifier or a measurement, not a group.
pub const MAX_GROUPS: usize = 1000;

/// The column `train --predictions` writes the 0-based data row into.
pub const ROW_COLUMN: &str = "row";

/// What a column of the predictions file feeds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Truth,
    Pred,
    Score,
    Group,
    /// A data row index of the `--data` table.
    Row,
}

/// The columns of one report. Labels of the truth and prediction columns share one id
/// space; spellings of one number ("1", "1.0") are one label, and one group.
#[derive(Debug, Default)]
pub struct FairnessColumns {
    pub labels: Vec<String>,
    pub truth: Vec<u32>,
    pub pred: Option<Vec<u32>>,
    pub scores: Option<Vec<f64>>,
    pub group_names: Vec<String>,
    pub groups: Vec<u32>,
}

/// Assigns ids to byte strings: a linear scan for the first few, a map beyond.
#[derive(Default)]
struct Interner {
    values: Vec<Vec<u8>>,
    index: HashMap<Vec<u8>, u32>,
}

impl Interner {
    fn id(
        &mut self,
        cell: &[u8],
        kind: Role,
        error: &dyn Fn(&str) -> DataError,
    ) -> Result<u32, DataError> {
        let found = if self.values.len() <= 16 {
            self.values.iter().position(|l| l == cell).map(|i| i as u32)
        } else {
            self.index.get(cell).copied()
        };
        if let Some(id) = found {
            return Ok(id);
        }
        let (what, limit, hint) = if kind == Role::Group {
            (
                "group",
                MAX_GROUPS,
                "group by a column with few values (e.g. an age band rather than the age)",
            )
        } else {
            (
                "label",
                MAX_LABELS,
                "fairness metrics score a classifier's decisions; is this a numeric column?",
            )
        };
        if is_missing_bytes(cell) {
            return Err(error(&format!("missing {what}")).with_hint(format!(
                "every row needs a {what} here; drop or fill the rows without one"
            )));
        }
        if std::str::from_utf8(cell).is_err() {
            return Err(error(&format!("this {what} is not valid UTF-8 text")));
        }
        if self.values.len() == limit {
            return Err(error(&format!("more than {limit} distinct {what}s")).with_hint(hint));
        }
        let id = self.values.len() as u32;
        self.values.push(cell.to_vec());
        self.index.insert(cell.to_vec(), id);
        Ok(id)
    }

    /// The spellings, merged by label identity, and each id's new id.
    fn merged(self) -> (Vec<String>, Vec<u32>) {
        let spellings: Vec<String> = self
            .values
            .into_iter()
            .map(|l| String::from_utf8(l).expect("checked when interned"))
            .collect();
        merge_spellings(&spellings)
    }
}

struct Sink<'a> {
    source: &'a str,
    names: Vec<&'a str>,
    selected: Vec<usize>,
    roles: Vec<Vec<Role>>,
    range: Option<RowRange>,
    labels: Interner,
    groups: Interner,
    out: FairnessColumns,
    /// With [`Role::Row`]: each row index and the line it was read on.
    rows: Vec<(u64, u64)>,
}

impl Sink<'_> {
    fn take(
        &mut self,
        slot: usize,
        raw: &[u8],
        value: Option<f64>,
        line: u64,
    ) -> Result<(), DataError> {
        let cell = raw.trim_ascii();
        let (source, name) = (self.source, self.names[slot]);
        let error = move |m: &str| DataError::new(source, m).at_line(line).in_column(name);
        for k in 0..self.roles[slot].len() {
            match self.roles[slot][k] {
                Role::Truth => {
                    let id = self.labels.id(cell, Role::Truth, &error)?;
                    self.out.truth.push(id);
                }
                Role::Pred => {
                    let id = self.labels.id(cell, Role::Pred, &error)?;
                    self.out.pred.get_or_insert_default().push(id);
                }
                Role::Group => {
                    let id = self.groups.id(cell, Role::Group, &error)?;
                    self.out.groups.push(id);
                }
                Role::Score => {
                    let score = score(cell, value, &error)?;
                    self.out.scores.get_or_insert_default().push(score);
                }
                Role::Row => self.rows.push((row_index(cell, &error)?, line)),
            }
        }
        Ok(())
    }
}

fn score(
    cell: &[u8],
    value: Option<f64>,
    error: &dyn Fn(&str) -> DataError,
) -> Result<f64, DataError> {
    match value.or_else(|| parse_number(cell)) {
        Some(s) if s.is_finite() => Ok(s),
        Some(s) if !s.is_nan() => Err(error(&format!("score {s} is not a finite number"))
            .with_hint("every row needs a finite score in the score column")),
        _ => {
            let message = if is_missing_bytes(cell) {
                "missing score".to_string()
            } else {
                format!("'{}' is not a number", String::from_utf8_lossy(cell))
            };
            Err(error(&message).with_hint("every row needs a number in the score column"))
        }
    }
}

fn row_index(cell: &[u8], error: &dyn Fn(&str) -> DataError) -> Result<u64, DataError> {
    std::str::from_utf8(cell)
        .ok()
        .and_then(|t| t.parse::<u64>().ok())
        .ok_or_else(|| {
            error(&format!(
                "'{}' is not a row index (0, 1, 2, ...)",
                String::from_utf8_lossy(cell)
            ))
            .with_hint(format!(
                "with --data, column '{ROW_COLUMN}' holds the 0-based data row of each prediction, \
                 as `mlpath train --predictions` writes it"
            ))
        })
}

impl CellSink for Sink<'_> {
    fn source(&self) -> &str {
        self.source
    }
    fn selected(&self) -> &[usize] {
        &self.selected
    }
    fn wants_row(&self, row: usize) -> bool {
        self.range
            .is_none_or(|r| row >= r.start && r.end.is_none_or(|end| row < end))
    }
    fn reserve(&mut self, rows: usize) {
        self.out.truth.reserve(rows);
        self.out.groups.reserve(rows);
    }
    #[inline(always)]
    fn push_number(&mut self, slot: usize, value: f64) -> bool {
        // Only a finite score that feeds nothing else cannot fail.
        if self.roles[slot] == [Role::Score] && value.is_finite() {
            self.out.scores.get_or_insert_default().push(value);
            true
        } else {
            false
        }
    }
    fn number_cell(
        &mut self,
        slot: usize,
        value: f64,
        raw: &[u8],
        line: u64,
    ) -> Result<(), DataError> {
        self.take(slot, raw, Some(value), line)
    }
    fn cell(&mut self, slot: usize, raw: &[u8], line: u64) -> Result<(), DataError> {
        self.take(slot, raw, None, line)
    }
}

/// A column of a table, by name, or the error naming the file, line 1 and the columns.
pub fn position(table: &RawTable, headers: &[String], name: &str) -> Result<usize, DataError> {
    headers.iter().position(|h| h == name).ok_or_else(|| {
        DataError::new(
            table.name(),
            format!("no column named '{name}' in the header"),
        )
        .at_line(1)
        .with_hint(format!(
            "the columns are: {}",
            crate::ml::io::name_list(headers)
        ))
    })
}

/// Reads the named columns (only the rows of `range`); `wanted` pairs each role with its
/// column name. Returns the columns and, for [`Role::Row`], the row indices read with
/// their lines.
pub fn read(
    table: &RawTable,
    wanted: &[(Role, &str)],
    range: Option<RowRange>,
) -> Result<(FairnessColumns, Vec<(u64, u64)>), DataError> {
    let headers = table.headers()?;
    let mut selected: Vec<usize> = Vec::new();
    let mut names: Vec<&str> = Vec::new();
    let mut roles: Vec<Vec<Role>> = Vec::new();
    for &(role, name) in wanted {
        let at = position(table, &headers, name)?;
        match selected.iter().position(|&s| s == at) {
            Some(slot) => roles[slot].push(role),
            None => {
                selected.push(at);
                names.push(name);
                roles.push(vec![role]);
            }
        }
    }
    let mut sink = Sink {
        source: table.name(),
        names,
        selected,
        roles,
        range,
        labels: Interner::default(),
        groups: Interner::default(),
        out: FairnessColumns::default(),
        rows: Vec::new(),
    };
    let total = table.scan(&mut sink)?;
    if let Some(range) = range {
        range.resolve(table.name(), total)?;
    }
    let mut out = sink.out;
    let (labels, remap) = sink.labels.merged();
    if labels.len() != remap.len() {
        for id in out.truth.iter_mut().chain(out.pred.iter_mut().flatten()) {
            *id = remap[*id as usize];
        }
    }
    out.labels = labels;
    let (group_names, remap) = sink.groups.merged();
    if group_names.len() != remap.len() {
        for id in out.groups.iter_mut() {
            *id = remap[*id as usize];
        }
    }
    out.group_names = group_names;
    Ok((out, sink.rows))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_text(
        text: &str,
        wanted: &[(Role, &str)],
    ) -> Result<(FairnessColumns, Vec<(u64, u64)>), DataError> {
        read(
            &RawTable::from_bytes("t.csv", text.as_bytes().to_vec()),
            wanted,
            None,
        )
    }

    #[test]
    fn reads_truth_scores_and_groups_in_one_pass() {
        let (c, _) = read_text(
            "g,y,s\na,1,0.9\nb,0,-3\na,1.0,2e1\n",
            &[(Role::Truth, "y"), (Role::Score, "s"), (Role::Group, "g")],
        )
        .unwrap();
        assert_eq!(c.labels, vec!["1", "0"]);
        assert_eq!(c.truth, vec![0, 1, 0]);
        assert_eq!(c.scores.unwrap(), vec![0.9, -3.0, 20.0]);
        assert_eq!(c.group_names, vec!["a", "b"]);
        assert_eq!(c.groups, vec![0, 1, 0]);
    }

    #[test]
    fn bad_cells_name_line_and_column() {
        let wanted = [(Role::Truth, "y"), (Role::Score, "s"), (Role::Group, "g")];
        let e = read_text("g,y,s\na,1,0.9\nb,0,abc\n", &wanted).unwrap_err();
        assert_eq!(
            e.to_string().lines().next().unwrap(),
            "t.csv:3: column 's': 'abc' is not a number"
        );
        let e = read_text("g,y,s\n,1,0.9\n", &wanted).unwrap_err();
        assert!(
            e.to_string()
                .starts_with("t.csv:2: column 'g': missing group"),
            "{e}"
        );
        let e = read_text("g,y,s\na,1,inf\n", &wanted).unwrap_err();
        assert!(
            e.to_string()
                .starts_with("t.csv:2: column 's': score inf is not a finite number"),
            "{e}"
        );
        let e = read_text("g,y\na,1\n", &wanted).unwrap_err();
        assert!(
            e.to_string().starts_with("t.csv:1: no column named 's'"),
            "{e}"
        );
        let e = read_text("r,y\nx,1\n", &[(Role::Row, "r")]).unwrap_err();
        assert!(
            e.to_string()
                .starts_with("t.csv:2: column 'r': 'x' is not a row index"),
            "{e}"
        );
    }

    #[test]
    fn one_column_may_play_two_roles() {
        let (c, _) = read_text(
            "y\na\nb\n",
            &[(Role::Truth, "y"), (Role::Pred, "y"), (Role::Group, "y")],
        )
        .unwrap();
        assert_eq!(c.truth, vec![0, 1]);
        assert_eq!(c.pred.unwrap(), vec![0, 1]);
        assert_eq!(c.groups, vec![0, 1]);
    }
}
