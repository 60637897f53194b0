//! Property tests of the data path and `train` on open-ended input: random CSV bytes
//! built from the pieces that break readers (quotes, carriage returns, byte-order marks,
//! escape sequences, extreme numbers), and random small tables with extreme values for
//! every model. Each case must end, quickly, with a result or an error that names the
//! file (and the line and column when one cell is to blame), never a panic.
//!
//! The case counts keep `cargo test` under a minute; `scripts/fuzz.sh` runs the same
//! properties with many more cases (PROPTEST_CASES).

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::time::{Duration, Instant};

use mlpath::ml::data::SplitSpec;
use mlpath::ml::io::{RawTable, Table};
use mlpath::ml::models::{self, Metrics, ModelKind, Predictions, TrainError, TrainSpec};
use proptest::prelude::*;
use proptest::test_runner::Config;

/// `cases` unless PROPTEST_CASES asks for another number (the long campaigns).
fn config(cases: u32) -> Config {
    if std::env::var_os("PROPTEST_CASES").is_some() {
        Config::default()
    } else {
        Config::with_cases(cases)
    }
}

/// Pieces of CSV text that readers get wrong.
const PIECES: &[&str] = &[
    "0",
    "1",
    "-1",
    "2.5",
    "1e308",
    "-1e308",
    "1e100",
    "1e101",
    "1e-310",
    "NaN",
    "NA",
    "inf",
    "-inf",
    "",
    " ",
    "a",
    "B",
    "\"q,\"",
    "\"",
    "\"\"",
    "\r\n",
    "\n",
    "\r",
    ",",
    ",,",
    " 7 ",
    "\u{feff}",
    "é",
    "\u{1b}[2J",
    "\u{1b}]0;t\u{7}",
    "\t",
    "x\u{202e}y",
    "01",
    "+1",
];

fn csv_text() -> impl Strategy<Value = String> {
    (
        proptest::collection::vec(proptest::sample::select(PIECES), 0..60),
        "[a-c]{1,2}(,[a-c]{1,2}){0,3}",
    )
        .prop_map(|(pieces, header)| format!("{header}\n{}", pieces.concat()))
}

/// An error names the file; one about a cell also names its line.
fn located(file: &str, message: &str, line: Option<u64>) -> Result<(), TestCaseError> {
    prop_assert!(message.starts_with(file), "{message}");
    let about_a_cell = ["is not a number", "too large", "fields but the header"]
        .iter()
        .any(|m| message.contains(m));
    prop_assert!(!about_a_cell || line.is_some(), "{message}");
    Ok(())
}

proptest! {
    #![proptest_config(config(512))]

    /// The whole-table reader and the typed column reader never panic, and every error
    /// names the file and, for a row or a cell, the line.
    #[test]
    fn the_csv_readers_end_in_a_table_or_a_located_error(text in csv_text()) {
        let outcome = catch_unwind(|| Table::from_bytes("f.csv", text.as_bytes()));
        let table = outcome.map_err(|_| TestCaseError::fail(format!("panic on {text:?}")))?;
        match table {
            Ok(t) => {
                for c in 0..t.headers.len() {
                    prop_assert_eq!(t.text(c).len(), t.n_rows());
                    if let Err(e) = t.numeric(c, true) {
                        located("f.csv", &e.to_string(), e.line)?;
                        prop_assert!(e.line.is_some() && e.column.is_some(), "{e}");
                    }
                }
            }
            Err(e) => located("f.csv", &e.to_string(), e.line)?,
        }
        let raw = RawTable::from_bytes("f.csv", text.clone().into_bytes());
        let read = catch_unwind(AssertUnwindSafe(|| {
            let n = raw.headers().map(|h| h.len())?;
            let selected: Vec<usize> = (0..n).collect();
            raw.read(&selected, &vec![false; n], None)
        }));
        let read = read.map_err(|_| TestCaseError::fail(format!("panic on {text:?}")))?;
        if let Err(e) = read {
            located("f.csv", &e.to_string(), e.line)?;
        }
    }
}

/// Feature values: mostly ordinary numbers, often extremes within the bound, rarely a
/// value beyond it or a cell that is not a number (each refused with its line).
fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        400 => (-100.0f64..100.0).prop_map(|v| format!("{v}")),
        60 => proptest::sample::select(&[
            "0", "1e100", "-1e100", "9.99e99", "1e-310", "5e-324", "-1e-300",
            "123456789012345678901234567890", "1e50", "-7e88",
        ][..]).prop_map(str::to_string),
        1 => proptest::sample::select(&["1e101", "1.7e308", "-1e308"][..]).prop_map(str::to_string),
        1 => proptest::sample::select(&["", "NA", "abc", "inf"][..]).prop_map(str::to_string),
    ]
}

/// A small table: a target `y` (two or three class labels, also read as numbers) and
/// one to three features.
fn table() -> impl Strategy<Value = (String, usize)> {
    (1usize..4, 4usize..40, 2u8..4)
        .prop_flat_map(|(features, rows, classes)| {
            (
                proptest::collection::vec(
                    (0..classes, proptest::collection::vec(value(), features)),
                    rows,
                ),
                Just(features),
            )
        })
        .prop_map(|(rows, features)| {
            let mut text = String::from("y");
            for j in 0..features {
                text.push_str(&format!(",x{j}"));
            }
            text.push('\n');
            for (label, cells) in &rows {
                text.push_str(&format!("{label},{}\n", cells.join(",")));
            }
            (text, features)
        })
}

proptest! {
    #![proptest_config(config(200))]

    /// `train` on random small tables with extreme values, with every model: a report
    /// without NaN (an undefined metric always comes with a warning), or an error that
    /// names the file (and line and column for a bad cell), within a few seconds.
    #[test]
    fn train_ends_in_an_honest_report_or_a_located_error(
        (text, _) in table(),
        model in proptest::sample::select(&ModelKind::ALL[..]),
        seed in 0u64..1000,
    ) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.csv");
        std::fs::write(&path, &text).unwrap();
        let file = path.to_str().unwrap().to_string();
        let mut spec = TrainSpec::new(&file, model);
        spec.target = Some("y".into());
        spec.seed = seed;
        spec.split = SplitSpec::TestSize(0.3);
        let start = Instant::now();
        let outcome = catch_unwind(|| models::train(&spec))
            .map_err(|_| TestCaseError::fail(format!("{model} panicked on {text:?}")))?;
        prop_assert!(start.elapsed() < Duration::from_secs(20), "{model} took {:?}", start.elapsed());
        match outcome {
            Ok(o) => {
                let values: Vec<f64> = match &o.predictions {
                    Predictions::Classification(p) => p.class_scores.iter().flatten().copied().collect(),
                    Predictions::Regression(r) => r.predicted.clone(),
                    Predictions::Clusters(_) => Vec::new(),
                };
                prop_assert!(values.iter().all(|v| v.is_finite()), "{model}: {values:?}");
                let keys: &[&str] = match &o.metrics {
                    Metrics::Binary(_) => &["accuracy", "f1", "roc_auc", "log_loss"],
                    Metrics::Multiclass(_) => &["accuracy", "macro_f1"],
                    Metrics::Regression(_) => &["mae", "mse", "r2"],
                    Metrics::Clustering(_) => &["inertia"],
                };
                for k in keys {
                    if !o.metric(k).is_some_and(f64::is_finite) {
                        prop_assert!(!o.warnings.is_empty(), "{model}: {k} undefined, no warning");
                    }
                }
            }
            Err(TrainError::Data(e)) => located(&file, &e.to_string(), e.line)?,
            Err(e @ (TrainError::Setup(_) | TrainError::Fit { .. })) => {
                // Not about one cell (e.g. a label that is not in the data, or too few
                // rows of a class): the message still says what to do.
                prop_assert!(!e.to_string().is_empty());
            }
        }
    }
}
