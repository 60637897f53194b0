//! Reading the truth column and the score or prediction column of `mlpath eval`,
//! fast enough for millions of rows: labels are interned to small ids as they are read
//! and scores parsed straight from the bytes.

use std::collections::HashMap;

use crate::ml::column_reader::{RowFields, for_each_row};
use crate::ml::table::{DataError, is_missing};
use crate::sanitize::clean_line;

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
    fn id(&mut self, row: &RowFields<'_>, column: usize) -> Result<u32, DataError> {
        let cell = row.get(column);
        let found = if self.labels.len() <= LINEAR_SCAN_LIMIT {
            self.labels.iter().position(|l| l == cell).map(|i| i as u32)
        } else {
            self.index.get(cell).copied()
        };
        if let Some(id) = found {
            return Ok(id);
        }
        if cell.is_empty() || is_missing(&String::from_utf8_lossy(cell)) {
            return Err(row
                .error(column, "missing label")
                .with_hint("every row needs a label here; drop or fill the rows without one"));
        }
        if std::str::from_utf8(cell).is_err() {
            return Err(row.error(column, "this label is not valid UTF-8 text"));
        }
        if self.labels.len() == MAX_LABELS {
            return Err(row
                .error(column, format!("more than {MAX_LABELS} distinct labels"))
                .with_hint("eval scores classifiers; is this a numeric (regression) column?"));
        }
        let id = self.labels.len() as u32;
        self.labels.push(cell.to_vec());
        self.index.insert(cell.to_vec(), id);
        Ok(id)
    }
}

fn parse_probability(row: &RowFields<'_>, column: usize) -> Result<f64, DataError> {
    let cell = row.get(column);
    let value = std::str::from_utf8(cell)
        .ok()
        .and_then(|s| s.parse::<f64>().ok());
    match value {
        Some(p) if (0.0..=1.0).contains(&p) => Ok(p),
        Some(p) if !p.is_nan() => Err(row
            .error(column, format!("score {p} is outside [0, 1]"))
            .with_hint(
                "log loss and the Brier score need probabilities of the positive class; \
                 convert scores to probabilities (e.g. a sigmoid) or evaluate hard labels with --pred",
            )),
        _ => {
            let text = clean_line(&String::from_utf8_lossy(cell));
            let message = if is_missing(&text) {
                "missing score".to_string()
            } else {
                format!("'{text}' is not a number")
            };
            Err(row
                .error(column, message)
                .with_hint("every row needs a probability between 0 and 1 in the score column"))
        }
    }
}

/// Reads `truth` and the prediction column from CSV `bytes`.
pub fn read(
    source: &str,
    bytes: &[u8],
    truth: &str,
    predictions: Predictions<'_>,
) -> Result<EvalColumns, DataError> {
    let second = match predictions {
        Predictions::Scores(c) | Predictions::Labels(c) => c,
    };
    let mut interner = Interner::default();
    let mut truth_ids = Vec::new();
    let mut pred_ids = Vec::new();
    let mut scores = Vec::new();
    let scored = matches!(predictions, Predictions::Scores(_));
    for_each_row(source, bytes, &[truth, second], |row| {
        truth_ids.push(interner.id(row, 0)?);
        if scored {
            scores.push(parse_probability(row, 1)?);
        } else {
            pred_ids.push(interner.id(row, 1)?);
        }
        Ok(())
    })?;
    let mut columns = EvalColumns {
        labels: interner
            .labels
            .into_iter()
            .map(|l| String::from_utf8(l).expect("checked when interned"))
            .collect(),
        truth: truth_ids,
        pred: (!scored).then_some(pred_ids),
        scores: scored.then_some(scores),
    };
    merge_numeric_spellings(&mut columns);
    Ok(columns)
}

/// The value of a label that is a number, so that "1" and "1.0" compare equal.
pub fn numeric_value(label: &str) -> Option<f64> {
    label
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite())
        .map(|v| v + 0.0)
}

/// Whether two label spellings name the same class.
pub fn same_label(a: &str, b: &str) -> bool {
    a == b || matches!((numeric_value(a), numeric_value(b)), (Some(x), Some(y)) if x == y)
}

/// Gives every spelling of one number the id of its first spelling, then renumbers
/// the ids densely.
fn merge_numeric_spellings(columns: &mut EvalColumns) {
    let mut first_of_value: HashMap<u64, u32> = HashMap::new();
    let mut target: Vec<u32> = (0..columns.labels.len() as u32).collect();
    for (id, label) in columns.labels.iter().enumerate() {
        if let Some(v) = numeric_value(label) {
            target[id] = *first_of_value.entry(v.to_bits()).or_insert(id as u32);
        }
    }
    if target.iter().enumerate().all(|(id, &t)| id as u32 == t) {
        return;
    }
    let mut dense = vec![u32::MAX; target.len()];
    let mut labels = Vec::new();
    for (id, label) in columns.labels.iter().enumerate() {
        if target[id] == id as u32 {
            dense[id] = labels.len() as u32;
            labels.push(label.clone());
        }
    }
    let remap: Vec<u32> = target.iter().map(|&t| dense[t as usize]).collect();
    for id in columns
        .truth
        .iter_mut()
        .chain(columns.pred.iter_mut().flatten())
    {
        *id = remap[*id as usize];
    }
    columns.labels = labels;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_text(text: &str, predictions: Predictions<'_>) -> Result<EvalColumns, DataError> {
        read("t.csv", text.as_bytes(), "y", predictions)
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
        assert!(same_label("1", "1.0"));
        assert!(!same_label("a", "b"));
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
