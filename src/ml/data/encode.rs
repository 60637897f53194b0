//! Turning feature columns into model inputs: numeric columns as they are, text columns
//! one-hot encoded.
//!
//! A column is text when its first non-missing value is not a number (the rule every
//! reader of the data path uses); a later cell that is not a number in a numeric column
//! is an error naming its line. A text column becomes one 0/1 indicator per category
//! found in the *training* rows, in sorted (byte) order, named `column=category`. A test
//! row whose category the training rows never had gets all zeros, and one warning per
//! column says how many rows that was.

use ndarray::Array2;
use serde::Serialize;

use crate::ml::io::{DataError, Table, is_missing, parse_number_str};

/// A text column with more categories than this in the training rows is refused: it is
/// almost always an identifier, a timestamp or free text, which one-hot encoding turns
/// into noise.
pub const MAX_CATEGORIES: usize = 50;

/// A one-hot encoded column: which categories became indicators.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OneHot {
    pub column: String,
    /// The training rows' categories, sorted; indicator `k` is 1 for `categories[k]`.
    pub categories: Vec<String>,
}

/// How one original feature column becomes model inputs.
#[derive(Debug, Clone, PartialEq)]
enum Encoding {
    Numeric,
    OneHot(OneHot),
}

/// The encoding of every feature column, fitted on the training rows.
#[derive(Debug, Clone, PartialEq)]
pub struct Encoder {
    columns: Vec<(String, Encoding)>,
}

/// Whether a column holds text: its first non-missing value is not a number.
pub fn is_text_column(table: &Table, column: usize) -> bool {
    table
        .text(column)
        .iter()
        .find(|cell| !is_missing(cell))
        .is_some_and(|cell| parse_number_str(cell).is_none())
}

impl Encoder {
    /// Decides each feature column's encoding; text columns take their categories from
    /// `train_rows` (0-based data rows of `table`).
    pub fn fit(
        table: &Table,
        feature_cols: &[usize],
        train_rows: &[usize],
    ) -> Result<Encoder, DataError> {
        let mut columns = Vec::with_capacity(feature_cols.len());
        for &c in feature_cols {
            let name = table.headers[c].clone();
            if !is_text_column(table, c) {
                columns.push((name, Encoding::Numeric));
                continue;
            }
            let cells = table.text(c);
            let mut categories: Vec<String> = Vec::new();
            for &r in train_rows {
                let cell = &cells[r];
                if is_missing(cell) {
                    return Err(missing_category(table, c, r));
                }
                categories.push(cell.to_string());
            }
            categories.sort();
            categories.dedup();
            if categories.len() > MAX_CATEGORIES {
                return Err(DataError::new(
                    &table.source,
                    format!(
                        "this text column has {} distinct values in the training rows, too many \
                         to one-hot encode (at most {MAX_CATEGORIES})",
                        categories.len()
                    ),
                )
                .in_column(&name)
                .with_hint(
                    "an identifier, a timestamp or free text is not a feature: leave it out \
                     by listing the features to use with --features",
                ));
            }
            columns.push((
                name.clone(),
                Encoding::OneHot(OneHot {
                    column: name,
                    categories,
                }),
            ));
        }
        Ok(Encoder { columns })
    }

    /// The names of the model inputs: numeric columns by name, indicators as
    /// `column=category`.
    pub fn input_names(&self) -> Vec<String> {
        let mut names = Vec::new();
        for (name, encoding) in &self.columns {
            match encoding {
                Encoding::Numeric => names.push(name.clone()),
                Encoding::OneHot(h) => names.extend(
                    h.categories
                        .iter()
                        .map(|category| format!("{name}={category}")),
                ),
            }
        }
        names
    }

    /// The one-hot encoded columns.
    pub fn one_hot(&self) -> Vec<OneHot> {
        self.columns
            .iter()
            .filter_map(|(_, e)| match e {
                Encoding::OneHot(h) => Some(h.clone()),
                Encoding::Numeric => None,
            })
            .collect()
    }

    /// The inputs of every row of `table`, whose feature columns are at `cols` (in the
    /// encoder's order), and one warning per text column with unseen categories.
    pub fn transform(
        &self,
        table: &Table,
        cols: &[usize],
    ) -> Result<(Array2<f64>, Vec<String>), DataError> {
        let all: Vec<usize> = (0..table.n_rows()).collect();
        let (mut parts, warnings) = self.transform_rows(table, cols, &[&all])?;
        Ok((parts.remove(0), warnings))
    }

    /// [`Encoder::transform`] straight into one matrix per list of rows (e.g. the
    /// training and the test rows), without a matrix of all rows in between. Every cell
    /// of every row is checked, whichever list holds its row (or none).
    pub fn transform_rows(
        &self,
        table: &Table,
        cols: &[usize],
        parts: &[&[usize]],
    ) -> Result<(Vec<Array2<f64>>, Vec<String>), DataError> {
        let width = self.input_names().len();
        let mut xs: Vec<Array2<f64>> = parts
            .iter()
            .map(|rows| Array2::zeros((rows.len(), width)))
            .collect();
        let mut warnings = Vec::new();
        let mut at = 0;
        for ((name, encoding), &c) in self.columns.iter().zip(cols) {
            match encoding {
                Encoding::Numeric => {
                    let values = table.model_numbers(c).map_err(|e| match e.hint {
                        Some(_) => e,
                        None => e.with_hint(format!(
                            "the first value of '{name}' is a number, so every value must be \
                             one; fix the cell, or leave the column out with --features"
                        )),
                    })?;
                    for (x, rows) in xs.iter_mut().zip(parts) {
                        for (i, &r) in rows.iter().enumerate() {
                            x[[i, at]] = values[r];
                        }
                    }
                    at += 1;
                }
                Encoding::OneHot(h) => {
                    let cells = table.text(c);
                    // The category of every row (None: unseen), checked for all rows.
                    let mut category = Vec::with_capacity(cells.len());
                    for (r, cell) in cells.iter().enumerate() {
                        if is_missing(cell) {
                            return Err(missing_category(table, c, r));
                        }
                        category.push(h.categories.binary_search_by(|c| c.as_str().cmp(cell)).ok());
                    }
                    let mut unseen = 0usize;
                    for (x, rows) in xs.iter_mut().zip(parts) {
                        for (i, &r) in rows.iter().enumerate() {
                            match category[r] {
                                Some(k) => x[[i, at + k]] = 1.0,
                                None => unseen += 1,
                            }
                        }
                    }
                    if unseen > 0 {
                        warnings.push(format!(
                            "column '{name}': {unseen} row{} of {} had a category the training \
                             rows do not have; encoded as all zeros",
                            if unseen == 1 { "" } else { "s" },
                            table.source
                        ));
                    }
                    at += h.categories.len();
                }
            }
        }
        Ok((xs, warnings))
    }
}

fn missing_category(table: &Table, column: usize, row: usize) -> DataError {
    DataError::new(&table.source, "missing value in a text feature column")
        .at_line(table.lines[row])
        .in_column(&table.headers[column])
        .with_hint(
            "fill it in (e.g. with `unknown`, which becomes its own category) or leave the \
             column out with --features",
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(text: &str) -> Table {
        Table::from_reader("t.csv", text.as_bytes()).unwrap()
    }

    #[test]
    fn text_columns_become_sorted_indicators_from_the_training_rows() {
        let t = table("size,colour\n1,red\n2,blue\n3,red\n4,green\n");
        let e = Encoder::fit(&t, &[0, 1], &[0, 1, 2]).unwrap();
        assert_eq!(e.input_names(), ["size", "colour=blue", "colour=red"]);
        assert_eq!(
            e.one_hot(),
            [OneHot {
                column: "colour".into(),
                categories: vec!["blue".into(), "red".into()]
            }]
        );
        let (x, warnings) = e.transform(&t, &[0, 1]).unwrap();
        assert_eq!(
            x,
            ndarray::array![
                [1.0, 0.0, 1.0],
                [2.0, 1.0, 0.0],
                [3.0, 0.0, 1.0],
                [4.0, 0.0, 0.0]
            ]
        );
        assert_eq!(
            warnings,
            [
                "column 'colour': 1 row of t.csv had a category the training rows do not have; \
              encoded as all zeros"
            ]
        );
    }

    #[test]
    fn the_first_value_decides_the_kind() {
        let t = table("a,b,c\nNA,x,1\n2,3,oops\n");
        assert!(!is_text_column(&t, 0));
        assert!(is_text_column(&t, 1));
        let e = Encoder::fit(&t, &[2], &[0, 1]).unwrap();
        let err = e.transform(&t, &[2]).unwrap_err();
        assert_eq!(err.line, Some(3));
        assert_eq!(err.column.as_deref(), Some("c"));
        assert!(err.to_string().contains("'oops' is not a number"), "{err}");
    }

    #[test]
    fn missing_categories_and_identifiers_are_refused() {
        let t = table("a,y\nx,1\n,2\n");
        let e = Encoder::fit(&t, &[0], &[0, 1]).unwrap_err();
        assert_eq!((e.line, e.column.as_deref()), (Some(3), Some("a")));
        let ids: String = (0..60).map(|i| format!("id{i},{i}\n")).collect();
        let t = table(&format!("a,y\n{ids}"));
        let rows: Vec<usize> = (0..60).collect();
        let e = Encoder::fit(&t, &[0], &rows).unwrap_err().to_string();
        assert!(e.contains("60 distinct values"), "{e}");
        assert!(e.contains("--features"), "{e}");
    }
}
