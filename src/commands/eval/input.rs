//! Reading the truth column and the score or prediction column of `mlpath eval`,
//! fast enough for millions of rows: labels are interned to small ids as they are read
//! and scores parsed straight from the bytes.

use std::collections::HashMap;

use crate::ml::io::labels::merge_spellings;
use crate::ml::io::{CellSink, DataError, RawTable, RowRange, is_missing_bytes, parse_number};

/// More distinct labels than this is not a classifier's output (perhaps a regression
/// target); the confusion matrix would be unreadable and huge.
pub const MAX_LABELS: usize = 1000;

/// The columns of one evaluation. Labels of the truth and prediction columns share
/// one id space; spellings of the same number ("1", "1.0") are one label.
#[derive(Debug)]
pub struct EvalColumns {
    /// Display spelling of each label id (the first spelling seen).
    pub labels: Vec<String>,
    pub truth: Vec<u32>,
    pub pred: Option<Vec<u32>>,
    pub scores: Option<Vec<f64>>,
}

/// What the second column holds.
pub enum Predictions<'a> {
    Scores(&'a str),
    Labels(&'a str),
}

/// Assigns ids to label byte strings; a linear scan beats hashing for the few labels
/// a classifier has, the map takes over beyond that.
#[derive(Default)]
struct Interner {
    labels: Vec<Vec<u8>>,
    index: HashMap<Vec<u8>, u32>,
}

const LINEAR_SCAN_LIMIT: usize = 16;

impl Interner {
    fn id(&mut self, cell: &[u8], error: impl Fn(&str) -> DataError) -> Result<u32, DataError> {
        let found = if self.labels.len() <= LINEAR_SCAN_LIMIT {
            self.labels.iter().position(|l| l == cell).map(|i| i as u32)
        } else {
            self.index.get(cell).copied()
        };
        if let Some(id) = found {
            return Ok(id);
        }
        if is_missing_bytes(cell) {
            return Err(error("missing label")
                .with_hint("every row needs a label here; drop or fill the rows without one"));
        }
        if std::str::from_utf8(cell).is_err() {
            return Err(error("this label is not valid UTF-8 text"));
        }
        if self.labels.len() == MAX_LABELS {
            return Err(error(&format!("more than {MAX_LABELS} distinct labels"))
                .with_hint("eval scores classifiers; is this a numeric (regression) column?"));
        }
        let id = self.labels.len() as u32;
        self.labels.push(cell.to_vec());
        self.index.insert(cell.to_vec(), id);
        Ok(id)
    }
}

/// The probability in a score cell; `value` is the scanner's parse when it has one.
fn probability(
    cell: &[u8],
    value: Option<f64>,
    error: impl Fn(&str) -> DataError,
) -> Result<f64, DataError> {
    match value.or_else(|| parse_number(cell)) {
        Some(p) if (0.0..=1.0).contains(&p) => Ok(p),
        Some(p) if !p.is_nan() => Err(error(&format!("score {p} is outside [0, 1]")).with_hint(
            "log loss and the Brier score need probabilities of the positive class; \
             convert scores to probabilities (e.g. a sigmoid) or evaluate hard labels with --pred",
        )),
        _ => {
            let message = if is_missing_bytes(cell) {
                "missing score".to_string()
            } else {
                format!("'{}' is not a number", String::from_utf8_lossy(cell))
            };
            Err(error(&message)
                .with_hint("every row needs a probability between 0 and 1 in the score column"))
        }
    }
}

/// Collects the truth labels and the scores or predicted labels as the scanner reads
/// them. Slot 0 is the truth column, slot 1 the other one (absent when both name the
/// same column: then one cell feeds both).
struct EvalSink<'a> {
    source: &'a str,
    names: [&'a str; 2],
    selected: Vec<usize>,
    scored: bool,
    range: Option<RowRange>,
    interner: Interner,
    truth: Vec<u32>,
    pred: Vec<u32>,
    scores: Vec<f64>,
}

impl EvalSink<'_> {
    fn error(&self, slot: usize, line: u64) -> impl Fn(&str) -> DataError + '_ {
        move |message: &str| {
            DataError::new(self.source, message)
                .at_line(line)
                .in_column(self.names[slot])
        }
    }

    fn take(
        &mut self,
        slot: usize,
        raw: &[u8],
        value: Option<f64>,
        line: u64,
    ) -> Result<(), DataError> {
        let cell = raw.trim_ascii();
        let same_column = self.selected.len() == 1;
        if slot == 0 {
            let id = {
                let source = self.source;
                let name = self.names[0];
                self.interner.id(cell, |m| {
                    DataError::new(source, m).at_line(line).in_column(name)
                })?
            };
            self.truth.push(id);
            if !same_column {
                return Ok(());
            }
        }
        if self.scored {
            let p = probability(cell, value, self.error(1, line))?;
            self.scores.push(p);
        } else {
            let (source, name) = (self.source, self.names[1]);
            let id = self.interner.id(cell, |m| {
                DataError::new(source, m).at_line(line).in_column(name)
            })?;
            self.pred.push(id);
        }
        Ok(())
    }
}

impl CellSink for EvalSink<'_> {
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
        self.truth.reserve(rows);
        if self.scored {
            self.scores.reserve(rows);
        } else {
            self.pred.reserve(rows);
        }
    }
    #[inline(always)]
    fn push_number(&mut self, slot: usize, value: f64) -> bool {
        // Only a score in [0, 1] cannot fail; labels go through the interner.
        if slot == 1 && self.scored && (0.0..=1.0).contains(&value) {
            self.scores.push(value);
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

/// Reads `truth` and the prediction column of a table (only the rows of `range`).
pub fn read(
    table: &RawTable,
    truth: &str,
    predictions: Predictions<'_>,
    range: Option<RowRange>,
) -> Result<EvalColumns, DataError> {
    let second = match predictions {
        Predictions::Scores(c) | Predictions::Labels(c) => c,
    };
    let headers = table.headers()?;
    let position = |name: &str| {
        headers.iter().position(|h| h == name).ok_or_else(|| {
            DataError::new(
                table.name(),
                format!("no column named '{name}' in the header"),
            )
            .at_line(1)
            .with_hint(format!(
                "the columns are: {}",
                crate::ml::io::name_list(&headers)
            ))
        })
    };
    let (truth_at, second_at) = (position(truth)?, position(second)?);
    let selected = if truth_at == second_at {
        vec![truth_at]
    } else {
        vec![truth_at, second_at]
    };
    let scored = matches!(predictions, Predictions::Scores(_));
    let mut sink = EvalSink {
        source: table.name(),
        names: [truth, second],
        selected,
        scored,
        range,
        interner: Interner::default(),
        truth: Vec::new(),
        pred: Vec::new(),
        scores: Vec::new(),
    };
    let total = table.scan(&mut sink)?;
    if let Some(range) = range {
        range.resolve(table.name(), total)?;
    }
    let spellings: Vec<String> = sink
        .interner
        .labels
        .into_iter()
        .map(|l| String::from_utf8(l).expect("checked when interned"))
        .collect();
    // One label identity: spellings of one number ("1", "1.0") become one label.
    let (labels, remap) = merge_spellings(&spellings);
    let mut truth_ids = sink.truth;
    let mut pred_ids = sink.pred;
    if labels.len() != spellings.len() {
        for id in truth_ids.iter_mut().chain(pred_ids.iter_mut()) {
            *id = remap[*id as usize];
        }
    }
    Ok(EvalColumns {
        labels,
        truth: truth_ids,
        pred: (!scored).then_some(pred_ids),
        scores: scored.then_some(sink.scores),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_text(text: &str, predictions: Predictions<'_>) -> Result<EvalColumns, DataError> {
        read(
            &RawTable::from_bytes("t.csv", text.as_bytes().to_vec()),
            "y",
            predictions,
            None,
        )
    }

    #[test]
    fn reads_labels_and_scores() {
        let c = read_text("y,p\n1,0.9\n0,0.2\n1,0.4\n", Predictions::Scores("p")).unwrap();
        assert_eq!(c.labels, vec!["1", "0"]);
        assert_eq!(c.truth, vec![0, 1, 0]);
        assert_eq!(c.scores.unwrap(), vec![0.9, 0.2, 0.4]);
        assert!(c.pred.is_none());
    }

    #[test]
    fn numeric_spellings_are_one_label() {
        let c = read_text("y,p\n1,0\n0.0,1.0\n0,1\n", Predictions::Labels("p")).unwrap();
        assert_eq!(c.labels, vec!["1", "0"]);
        assert_eq!(c.truth, vec![0, 1, 1]);
        assert_eq!(c.pred.unwrap(), vec![1, 0, 0]);
    }

    #[test]
    fn quoted_files_and_one_column_for_both_read_the_same() {
        let plain = read_text("y,p\n1,0.9\n\n0,0.2\n", Predictions::Scores("p")).unwrap();
        let quoted = read_text(
            "\"y\",p\n\"1\",0.9\n\n0,\"0.2\"\n",
            Predictions::Scores("p"),
        )
        .unwrap();
        assert_eq!(plain.labels, quoted.labels);
        assert_eq!(plain.truth, quoted.truth);
        assert_eq!(plain.scores, quoted.scores);
        let e = read_text("\"y\",p\n1,0.9\n0,\"x\"\n", Predictions::Scores("p")).unwrap_err();
        assert_eq!(
            e.to_string().lines().next().unwrap(),
            "t.csv:3: column 'p': 'x' is not a number"
        );
        let same = read_text("y\na\nb\na\n", Predictions::Labels("y")).unwrap();
        assert_eq!(same.truth, vec![0, 1, 0]);
        assert_eq!(same.pred.unwrap(), vec![0, 1, 0]);
    }

    #[test]
    fn bad_scores_name_line_and_column() {
        let e = read_text("y,p\n1,0.9\n0,abc\n", Predictions::Scores("p")).unwrap_err();
        assert_eq!(
            e.to_string().lines().next().unwrap(),
            "t.csv:3: column 'p': 'abc' is not a number"
        );
        let e = read_text("y,p\n1,1.5\n", Predictions::Scores("p")).unwrap_err();
        assert!(
            e.to_string()
                .starts_with("t.csv:2: column 'p': score 1.5 is outside [0, 1]")
        );
        assert!(e.to_string().contains("log loss"));
        let e = read_text("y,p\n1,NaN\n", Predictions::Scores("p")).unwrap_err();
        assert!(
            e.to_string()
                .starts_with("t.csv:2: column 'p': missing score")
        );
        let e = read_text("y,p\n1,\n", Predictions::Scores("p")).unwrap_err();
        assert!(
            e.to_string()
                .starts_with("t.csv:2: column 'p': missing score")
        );
    }

    #[test]
    fn missing_label_names_line_and_column() {
        let e = read_text("y,p\n1,0.5\n,0.5\n", Predictions::Scores("p")).unwrap_err();
        assert!(
            e.to_string()
                .starts_with("t.csv:3: column 'y': missing label")
        );
    }

    #[test]
    fn too_many_labels_is_an_error() {
        let mut text = String::from("y,p\n");
        for i in 0..=MAX_LABELS {
            text.push_str(&format!("{i},0.5\n"));
        }
        let e = read_text(&text, Predictions::Scores("p")).unwrap_err();
        assert_eq!(e.line, Some(MAX_LABELS as u64 + 2));
        assert!(e.message.contains("distinct labels"));
    }
}
