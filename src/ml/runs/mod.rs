//! Tracked runs: what a training run used (code, data, parameters) and what it
//! measured, kept in a SQLite database so that runs can be listed, compared and
//! reproduced. Knows nothing of terminals; `commands/runs.rs` prints.

mod store;

pub use store::{DB_FILE, RunStore, RunsError, SCHEMA_VERSION};

use serde::{Deserialize, Serialize};

/// Everything needed to train the run again, and the hash of the data it read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunSpec {
    /// The dataset name or file path as given.
    pub data: String,
    /// SHA-256 of the data's bytes (the bundled file's for a bundled dataset).
    pub data_sha256: String,
    pub target: Option<String>,
    pub features: Option<Vec<String>>,
    pub model: String,
    pub seed: u64,
    /// `test_size` share, or the test file.
    pub test_size: Option<f64>,
    pub test_file: Option<String>,
    /// SHA-256 of the test file, when there is one.
    pub test_sha256: Option<String>,
    pub positive: Option<String>,
    pub clusters: Option<usize>,
    /// `all`, `first:N` or `sample:N`.
    pub rows: String,
}

/// A recorded run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Run {
    pub run_id: String,
    pub experiment: String,
    pub started_at: String,
    pub ended_at: String,
    pub status: String,
    /// The mlpath version that trained it: the run's code.
    pub mlpath_version: String,
    pub spec: RunSpec,
    /// The metrics as `train --json` reports them.
    pub metrics: serde_json::Value,
    /// SHA-256 of the test rows' predictions as written to the run's artifacts: equal
    /// hashes mean bit-identical predictions.
    pub predictions_sha256: String,
}

/// What differs between two runs, by the three components of reproducibility.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RunDiff {
    pub code: Option<(String, String)>,
    pub data: Vec<(String, String, String)>,
    pub parameters: Vec<(String, String, String)>,
    /// Metrics present in both, with their values in A and B.
    pub metrics: Vec<(String, f64, f64)>,
}

/// The differences between runs `a` and `b`.
pub fn diff(a: &Run, b: &Run) -> RunDiff {
    let code = (a.mlpath_version != b.mlpath_version)
        .then(|| (a.mlpath_version.clone(), b.mlpath_version.clone()));
    let mut data = Vec::new();
    for (name, x, y) in [
        ("data", &a.spec.data, &b.spec.data),
        ("data_sha256", &a.spec.data_sha256, &b.spec.data_sha256),
    ] {
        if x != y {
            data.push((name.to_string(), x.clone(), y.clone()));
        }
    }
    if a.spec.test_sha256 != b.spec.test_sha256 {
        data.push((
            "test_sha256".into(),
            opt(&a.spec.test_sha256),
            opt(&b.spec.test_sha256),
        ));
    }
    let params: [(&str, String, String); 9] = [
        ("target", opt(&a.spec.target), opt(&b.spec.target)),
        ("features", opt(&a.spec.features), opt(&b.spec.features)),
        ("model", a.spec.model.clone(), b.spec.model.clone()),
        ("seed", a.spec.seed.to_string(), b.spec.seed.to_string()),
        ("test_size", opt(&a.spec.test_size), opt(&b.spec.test_size)),
        ("test_file", opt(&a.spec.test_file), opt(&b.spec.test_file)),
        ("positive", opt(&a.spec.positive), opt(&b.spec.positive)),
        ("clusters", opt(&a.spec.clusters), opt(&b.spec.clusters)),
        ("rows", a.spec.rows.clone(), b.spec.rows.clone()),
    ];
    let parameters = params
        .into_iter()
        .filter(|(_, x, y)| x != y)
        .map(|(n, x, y)| (n.to_string(), x, y))
        .collect();
    let mut metrics = Vec::new();
    if let (Some(ma), Some(mb)) = (a.metrics.as_object(), b.metrics.as_object()) {
        for (name, va) in ma {
            if let (Some(x), Some(y)) = (va.as_f64(), mb.get(name).and_then(|v| v.as_f64())) {
                metrics.push((name.clone(), x, y));
            }
        }
    }
    RunDiff {
        code,
        data,
        parameters,
        metrics,
    }
}

/// An optional value as a diff shows it.
fn opt<T: std::fmt::Debug>(value: &Option<T>) -> String {
    match value {
        Some(v) => format!("{v:?}").trim_matches('"').to_string(),
        None => "none".to_string(),
    }
}
