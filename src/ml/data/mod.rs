//! Data for modelling: a bundled dataset (by name) or any CSV file with a header row,
//! a target column, numeric feature columns, a seeded train/test split (stratified for
//! class labels) or a separate test file, and z-scoring fitted on the training rows.

mod columns;
mod encode;
mod folds;
mod later;
mod noise;
mod scale;
mod split;
mod test_file;

use std::path::PathBuf;

use ndarray::{Array1, Array2};

use crate::ml::datasets::{self, DatasetInfo};
use crate::ml::io::{
    BUNDLED_PREFIX, DataError, LabelIds, Origin, RawTable, RowLimit, Source, Table, budget,
    count_rows, name_list,
};

use encode::Encoder;
use test_file::{load_test_file, test_classes};

pub use columns::{MAX_CLASSES, sorted_classes};
pub use encode::{MAX_CATEGORIES, OneHot};
pub use folds::k_folds;
pub use later::{later_part, separation};
pub use noise::{Flipped, flip_count, flip_labels};
pub use scale::Standardiser;
pub use split::{Split, below, shuffle, stratified, test_count};

/// What the target is: class labels or a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Task {
    Classification,
    Regression,
    /// k-means: class labels when there is a target, else no labels at all
    /// ([`Targets::Unlabelled`]).
    Clustering,
}

/// Where the test rows come from.
#[derive(Debug, Clone, PartialEq)]
pub enum SplitSpec {
    /// A seeded split of the data: this share of rows (in (0, 1)) is held out.
    TestSize(f64),
    /// All rows of the data train; all rows of this CSV file (same columns) test.
    TestFile(PathBuf),
}

impl Default for SplitSpec {
    fn default() -> Self {
        SplitSpec::TestSize(0.25)
    }
}

/// Everything needed to turn a data source into model inputs.
#[derive(Debug, Clone, PartialEq)]
pub struct DataSpec {
    /// A bundled dataset name (see `datasets/datasets.toml`) or a path to a CSV file.
    pub data: String,
    /// The target column; `None` uses the bundled dataset's declared target.
    pub target: Option<String>,
    /// The feature columns; `None` uses every column but the target.
    pub features: Option<Vec<String>>,
    pub task: Task,
    pub split: SplitSpec,
    pub seed: u64,
    /// Which data rows to read (all, the first N, or a seeded sample of N).
    pub rows: RowLimit,
}

/// Targets of one split: class indices into [`PreparedData::classes`], or numbers.
#[derive(Debug, Clone, PartialEq)]
pub enum Targets {
    Classes(Array1<usize>),
    Values(Array1<f64>),
    /// No target (k-means without one): only the number of rows.
    Unlabelled(usize),
}

impl Targets {
    pub fn len(&self) -> usize {
        match self {
            Targets::Classes(y) => y.len(),
            Targets::Values(y) => y.len(),
            Targets::Unlabelled(n) => *n,
        }
    }
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// One side of the split: features (standardised and as read) and targets.
#[derive(Debug, Clone, PartialEq)]
pub struct Part {
    /// Standardised with the training rows' mean and standard deviation.
    pub x: Array2<f64>,
    /// The feature values as read from the file.
    pub raw_x: Array2<f64>,
    pub y: Targets,
}

/// A data source ready for fitting.
#[derive(Debug, Clone, PartialEq)]
pub struct PreparedData {
    /// The bundled dataset name or the file path, as given.
    pub dataset: String,
    /// The datasheet when `dataset` is bundled.
    pub info: Option<&'static DatasetInfo>,
    /// The target column; empty when there is none (k-means without a target).
    pub target: String,
    /// The model inputs, one per column of `x`: numeric feature columns by name, the
    /// indicators of one-hot encoded text columns as `column=category`.
    pub features: Vec<String>,
    /// The feature columns as named in the data (before one-hot encoding).
    pub columns: Vec<String>,
    /// The text columns that were one-hot encoded, with their categories.
    pub one_hot: Vec<OneHot>,
    /// Things to tell the learner about the data (e.g. unseen categories).
    pub warnings: Vec<String>,
    /// Facts about the data worth showing (e.g. columns left out by default).
    pub notes: Vec<String>,
    /// The sorted class labels (empty for regression).
    pub classes: Vec<String>,
    /// Features standardised with `scaler`, which was fitted on the training rows only.
    pub train: Part,
    pub test: Part,
    pub scaler: Standardiser,
    /// 0-based data-row indices: `train` into the data; `test` into the data, or into
    /// the test file when there is one.
    pub split: Split,
    /// The test file, when the test rows come from one.
    pub test_file: Option<String>,
}

/// Loads a table by the data path's rule (see [`crate::ml::io::source`]), with an optional
/// row range such as `iris[0:100]`, except that a bare bundled dataset name is always the
/// bundled dataset here: lesson files name bundled datasets only (`lessons check` verifies
/// it), and a lab must not read a file that happens to share the name in the learner's
/// current directory. Commands resolve what the user typed with [`Source::parse`] first
/// (an existing file wins) and hand a shadowing file over as `./NAME`.
///
/// `rows` keeps only some rows in memory; a file whose numeric matrix would exceed
/// [`crate::ml::io::MAX_MATRIX_BYTES`] is refused before it is read (see
/// [`crate::ml::io::budget`]). A sample is drawn with `seed`, among the rows of the range.
pub fn load_source(
    data: &str,
    rows: RowLimit,
    seed: u64,
) -> Result<(Table, Option<&'static DatasetInfo>), DataError> {
    let source = if datasets::info(data).is_some() {
        Source::parse(&format!("{BUNDLED_PREFIX}{data}"))?
    } else {
        Source::parse(data)?
    };
    let info = source.bundled().and_then(datasets::info);
    if let Origin::File(path) = &source.origin {
        budget::check_budget(&source.display, budget::estimate_matrix(path)?, rows)?;
    }
    let raw = RawTable::open(&source)?;
    let table = match rows {
        RowLimit::All => raw.into_table(source.range)?,
        RowLimit::First(n) => raw.into_table_keeping(source.range, &|r| r < n)?,
        RowLimit::Sample(n) => {
            let total = match &raw {
                RawTable::Csv { name, bytes, .. } => count_rows(name, bytes)?,
                RawTable::Bundled { table } => table.n_rows(),
            };
            let in_range = match source.range {
                None => total,
                Some(range) => {
                    let (start, end) = range.resolve(&source.display, total)?;
                    end - start
                }
            };
            let chosen = split::sample_mask(in_range, n, seed);
            raw.into_table_keeping(source.range, &|r| chosen.get(r).copied().unwrap_or(false))?
        }
    };
    Ok((table, info))
}

/// Loads, selects, splits, encodes and standardises (see the module documentation).
pub fn prepare(spec: &DataSpec) -> Result<PreparedData, DataError> {
    let (table, info) = load_source(&spec.data, spec.rows, spec.seed)?;
    let target = match (&spec.target, info.and_then(|i| i.target.as_ref())) {
        (Some(t), _) => t.clone(),
        (None, Some(t)) => t.clone(),
        (None, None) if spec.task == Task::Clustering => {
            return prepare_unlabelled(spec, table, info);
        }
        (None, None) => {
            return Err(
                DataError::new(&table.source, "no target column given").with_hint(format!(
                    "name it with --target (k-means also runs without one); the columns are: {}",
                    name_list(&table.headers)
                )),
            );
        }
    };
    let (target_col, feature_cols) =
        columns::select_columns(&table, &target, spec.features.as_deref())?;
    let feature_columns: Vec<String> = feature_cols
        .iter()
        .map(|&c| table.headers[c].clone())
        .collect();

    let test_table = match &spec.split {
        SplitSpec::TestFile(path) => Some(load_test_file(path, &table)?),
        SplitSpec::TestSize(size) => {
            if !(*size > 0.0 && *size < 1.0) {
                return Err(DataError::new(
                    &table.source,
                    format!("the test size must be between 0 and 1 (exclusive), not {size}"),
                )
                .with_hint("0.25 holds out a quarter of the rows"));
            }
            None
        }
    };

    // Targets first: the split depends on them only, and the encoding on the split.
    let (classes, y_all) = match spec.task {
        Task::Classification | Task::Clustering => {
            let classes = columns::class_labels(&table, target_col)?;
            let y = Targets::Classes(index_labels(table.text(target_col).iter(), &classes));
            (classes, y)
        }
        Task::Regression => (
            Vec::new(),
            Targets::Values(Array1::from(columns::numeric_target(&table, target_col)?)),
        ),
    };
    let split = match (&test_table, &spec.split) {
        (Some(t), _) => Split {
            train: (0..table.n_rows()).collect(),
            test: (0..t.n_rows()).collect(),
        },
        (None, SplitSpec::TestSize(size)) => {
            let split = match &y_all {
                Targets::Classes(y) => {
                    split::stratified(&y.to_vec(), classes.len(), *size, spec.seed)
                }
                Targets::Values(y) => split::shuffled(y.len(), *size, spec.seed),
                Targets::Unlabelled(n) => split::shuffled(*n, *size, spec.seed),
            };
            if split.test.is_empty() || split.train.is_empty() {
                return Err(DataError::new(
                    &table.source,
                    format!(
                        "{} rows are too few to split with test size {size}",
                        table.n_rows()
                    ),
                )
                .with_hint("raise --test-size or give more rows"));
            }
            split
        }
        (None, SplitSpec::TestFile(_)) => unreachable!("a test file is always loaded"),
    };

    // Text columns get their categories from the training rows only.
    let encoder = Encoder::fit(&table, &feature_cols, &split.train)?;
    let (train_x, train_y, test_x, test_y, warnings) = match &test_table {
        Some(t) => {
            let (train_x, _) = encoder.transform(&table, &feature_cols)?;
            let (tc, fc) = columns::select_columns(t, &target, Some(&feature_columns))?;
            let test_y = match spec.task {
                Task::Classification | Task::Clustering => test_classes(t, tc, &classes)?,
                Task::Regression => Targets::Values(Array1::from(columns::numeric_target(t, tc)?)),
            };
            // All data rows train, so unseen categories can only be in the test file.
            let (test_x, warnings) = encoder.transform(t, &fc)?;
            (train_x, y_all, test_x, test_y, warnings)
        }
        None => {
            let (xs, warnings) =
                encoder.transform_rows(&table, &feature_cols, &[&split.train, &split.test])?;
            let [train_x, test_x]: [Array2<f64>; 2] =
                xs.try_into().expect("one matrix per list of rows");
            let train_y = take_targets(&y_all, &split.train);
            let test_y = take_targets(&y_all, &split.test);
            (train_x, train_y, test_x, test_y, warnings)
        }
    };
    drop(table);

    let scaler = Standardiser::fit(&train_x);
    Ok(PreparedData {
        dataset: spec.data.clone(),
        info,
        target,
        features: encoder.input_names(),
        columns: feature_columns,
        one_hot: encoder.one_hot(),
        warnings,
        notes: Vec::new(),
        classes,
        train: Part {
            x: scaler.transform(&train_x),
            raw_x: train_x,
            y: train_y,
        },
        test: Part {
            x: scaler.transform(&test_x),
            raw_x: test_x,
            y: test_y,
        },
        scaler,
        split,
        test_file: match &spec.split {
            SplitSpec::TestFile(p) => Some(p.display().to_string()),
            SplitSpec::TestSize(_) => None,
        },
    })
}

/// [`prepare`] without a target (k-means): the features are `--features`, or else every
/// numeric column (a text column is left out, with a note, since one-hot indicators of
/// an identifier or a timestamp would dominate the distances); a seeded shuffled split
/// or a test file; standardised with the training rows.
fn prepare_unlabelled(
    spec: &DataSpec,
    table: Table,
    info: Option<&'static DatasetInfo>,
) -> Result<PreparedData, DataError> {
    let mut notes = Vec::new();
    let feature_cols: Vec<usize> = match spec.features.as_deref() {
        Some(names) => columns::feature_columns(&table, names)?,
        None => {
            let (text, numeric): (Vec<usize>, Vec<usize>) =
                (0..table.headers.len()).partition(|&c| encode::is_text_column(&table, c));
            if !text.is_empty() {
                let names: Vec<String> = text.iter().map(|&c| table.headers[c].clone()).collect();
                notes.push(format!(
                    "without a target, k-means clusters the numeric columns; left out: {} \
                     (name columns with --features to one-hot encode text columns)",
                    name_list(&names)
                ));
            }
            numeric
        }
    };
    if feature_cols.is_empty() {
        return Err(
            DataError::new(&table.source, "there are no numeric columns to cluster")
                .with_hint("name the columns to use with --features"),
        );
    }
    let feature_columns: Vec<String> = feature_cols
        .iter()
        .map(|&c| table.headers[c].clone())
        .collect();
    let test_table = match &spec.split {
        SplitSpec::TestFile(path) => Some(load_test_file(path, &table)?),
        SplitSpec::TestSize(_) => None,
    };
    let split = match (&test_table, &spec.split) {
        (Some(t), _) => Split {
            train: (0..table.n_rows()).collect(),
            test: (0..t.n_rows()).collect(),
        },
        (None, SplitSpec::TestSize(size)) => {
            if !(*size > 0.0 && *size < 1.0) {
                return Err(DataError::new(
                    &table.source,
                    format!("the test size must be between 0 and 1 (exclusive), not {size}"),
                )
                .with_hint("0.25 holds out a quarter of the rows"));
            }
            split::shuffled(table.n_rows(), *size, spec.seed)
        }
        (None, SplitSpec::TestFile(_)) => unreachable!("a test file is always loaded"),
    };
    if split.train.is_empty() || split.test.is_empty() {
        return Err(DataError::new(
            &table.source,
            format!("{} rows are too few to split", table.n_rows()),
        )
        .with_hint("raise --test-size or give more rows"));
    }
    let encoder = Encoder::fit(&table, &feature_cols, &split.train)?;
    let (train_x, test_x, warnings) = match &test_table {
        Some(t) => {
            let (train_x, _) = encoder.transform(&table, &feature_cols)?;
            let fc = columns::feature_columns(t, &feature_columns)?;
            let (test_x, warnings) = encoder.transform(t, &fc)?;
            (train_x, test_x, warnings)
        }
        None => {
            let (xs, warnings) =
                encoder.transform_rows(&table, &feature_cols, &[&split.train, &split.test])?;
            let [train_x, test_x]: [Array2<f64>; 2] =
                xs.try_into().expect("one matrix per list of rows");
            (train_x, test_x, warnings)
        }
    };
    drop(table);
    let scaler = Standardiser::fit(&train_x);
    Ok(PreparedData {
        dataset: spec.data.clone(),
        info,
        target: String::new(),
        features: encoder.input_names(),
        columns: feature_columns,
        one_hot: encoder.one_hot(),
        warnings,
        notes,
        classes: Vec::new(),
        train: Part {
            x: scaler.transform(&train_x),
            raw_x: train_x,
            y: Targets::Unlabelled(split.train.len()),
        },
        test: Part {
            x: scaler.transform(&test_x),
            raw_x: test_x,
            y: Targets::Unlabelled(split.test.len()),
        },
        scaler,
        split,
        test_file: match &spec.split {
            SplitSpec::TestFile(p) => Some(p.display().to_string()),
            SplitSpec::TestSize(_) => None,
        },
    })
}

/// Class indices of `labels` in `classes`, by the label identity rule.
fn index_labels<'a>(labels: impl Iterator<Item = &'a str>, classes: &[String]) -> Array1<usize> {
    let mut ids = LabelIds::default();
    for class in classes {
        ids.id(class);
    }
    labels
        .map(|l| ids.get(l).expect("classes come from these labels"))
        .collect()
}

fn take_targets(y: &Targets, rows: &[usize]) -> Targets {
    match y {
        Targets::Classes(y) => Targets::Classes(rows.iter().map(|&r| y[r]).collect()),
        Targets::Values(y) => Targets::Values(rows.iter().map(|&r| y[r]).collect()),
        Targets::Unlabelled(_) => Targets::Unlabelled(rows.len()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::Axis;

    fn spec(data: &str, task: Task) -> DataSpec {
        DataSpec {
            data: data.to_string(),
            target: None,
            features: None,
            task,
            split: SplitSpec::TestSize(0.25),
            seed: 42,
            rows: RowLimit::All,
        }
    }

    #[test]
    fn bundled_dataset_is_split_stratified_and_standardised() {
        let p = prepare(&spec("iris", Task::Classification)).unwrap();
        assert_eq!(p.target, "species");
        assert_eq!(p.classes, vec!["setosa", "versicolor", "virginica"]);
        assert_eq!(p.features.len(), 4);
        // 50 per class, 12.5 rounds up to 13 test rows each.
        assert_eq!(p.split.test.len(), 39);
        assert_eq!(p.split.train.len(), 111);
        let Targets::Classes(y) = &p.test.y else {
            panic!()
        };
        for class in 0..3 {
            assert_eq!(y.iter().filter(|&&c| c == class).count(), 13);
        }
        let means = p.train.x.mean_axis(Axis(0)).unwrap();
        assert!(means.iter().all(|m| m.abs() < 1e-12));
    }

    #[test]
    fn regression_targets_are_numbers() {
        let p = prepare(&spec("diabetes", Task::Regression)).unwrap();
        assert!(matches!(p.train.y, Targets::Values(_)));
        assert_eq!(p.split.test.len(), 111); // 442 * 0.25 = 110.5 -> 111
    }

    #[test]
    fn test_size_outside_zero_one_is_refused() {
        let mut s = spec("iris", Task::Classification);
        s.split = SplitSpec::TestSize(1.0);
        let e = prepare(&s).unwrap_err();
        assert!(e.message.contains("between 0 and 1"), "{e}");
    }

    #[test]
    fn unknown_source_lists_the_bundled_datasets() {
        let e = prepare(&spec("no_such_thing", Task::Classification)).unwrap_err();
        assert!(
            e.to_string()
                .contains("bundled dataset name: breast_cancer"),
            "{e}"
        );
    }

    #[test]
    fn a_test_file_with_other_columns_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let train = dir.path().join("train.csv");
        let test = dir.path().join("test.csv");
        std::fs::write(&train, "a,b,y\n1,2,x\n2,3,z\n3,1,x\n").unwrap();
        std::fs::write(&test, "a,c,y\n1,2,x\n").unwrap();
        let mut s = spec(train.to_str().unwrap(), Task::Classification);
        s.target = Some("y".into());
        s.split = SplitSpec::TestFile(test.clone());
        let e = prepare(&s).unwrap_err().to_string();
        assert!(e.contains("missing b; extra c"), "{e}");
    }

    #[test]
    fn a_test_file_supplies_the_test_rows() {
        let dir = tempfile::tempdir().unwrap();
        let train = dir.path().join("train.csv");
        let test = dir.path().join("test.csv");
        std::fs::write(&train, "a,b,y\n1,2,x\n2,3,z\n3,1,x\n").unwrap();
        std::fs::write(&test, "y,b,a\nz,2,1\n").unwrap();
        let mut s = spec(train.to_str().unwrap(), Task::Classification);
        s.target = Some("y".into());
        s.split = SplitSpec::TestFile(test.clone());
        let p = prepare(&s).unwrap();
        assert_eq!(p.split.train, vec![0, 1, 2]);
        assert_eq!(p.split.test, vec![0]);
        assert_eq!(p.test.y, Targets::Classes(ndarray::array![1]));
        // Columns are matched by name: a = 1, b = 2 standardised with the training stats.
        let expected = p.scaler.transform(&ndarray::array![[1.0, 2.0]]);
        assert_eq!(p.test.x, expected);

        std::fs::write(&test, "a,b,y\n1,2,w\n").unwrap();
        let e = prepare(&s).unwrap_err().to_string();
        assert!(
            e.contains(":2: column 'y': the label 'w' does not occur"),
            "{e}"
        );
    }
}
