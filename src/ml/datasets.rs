//! The registry of bundled datasets (`datasets/datasets.toml`): a small datasheet per
//! dataset, and loading by name with the SHA-256 and row count checked.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Deserialize;
use sha2::{Digest, Sha256};

use super::io::{DataError, Table};
use crate::assets;

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct DatasetInfo {
    pub name: String,
    pub file: String,
    pub rows: usize,
    pub columns: usize,
    #[serde(default)]
    pub target: Option<String>,
    /// binary | multiclass | regression | series
    pub task: String,
    /// The conventional positive label for binary tasks.
    #[serde(default)]
    pub positive: Option<String>,
    pub source: String,
    pub licence: String,
    pub sha256: String,
    pub description: String,
    /// Change points marked by human annotators (0-based rows), one list per annotator.
    #[serde(default)]
    pub change_points: Vec<Vec<usize>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Manifest {
    #[allow(dead_code)]
    format_version: u32,
    datasets: Vec<DatasetInfo>,
}

/// Every bundled dataset, by name.
pub fn registry() -> &'static BTreeMap<String, DatasetInfo> {
    static REGISTRY: OnceLock<BTreeMap<String, DatasetInfo>> = OnceLock::new();
    REGISTRY.get_or_init(|| {
        let text = assets::DATASETS
            .get_file("datasets.toml")
            .and_then(|f| f.contents_utf8())
            .expect("datasets/datasets.toml is bundled at build time");
        let manifest: Manifest =
            toml::from_str(text).expect("datasets/datasets.toml is checked by the test suite");
        manifest
            .datasets
            .into_iter()
            .map(|d| (d.name.clone(), d))
            .collect()
    })
}

/// The datasheet of a bundled dataset.
pub fn info(name: &str) -> Option<&'static DatasetInfo> {
    registry().get(name)
}

/// The names of all bundled datasets, sorted.
pub fn names() -> Vec<&'static str> {
    registry().keys().map(String::as_str).collect()
}

/// Loads a bundled dataset by name, checking its SHA-256 and row count.
pub fn load(name: &str) -> Result<Table, DataError> {
    static CACHE: OnceLock<std::sync::Mutex<BTreeMap<String, Table>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    if let Some(t) = cache.lock().ok().and_then(|c| c.get(name).cloned()) {
        return Ok(t);
    }
    let info = info(name).ok_or_else(|| unknown_dataset(name))?;
    let file = assets::DATASETS
        .get_file(&info.file)
        .ok_or_else(|| DataError::new(&info.file, "the bundled file is missing from the build"))?;
    let bytes = file.contents();
    let digest = format!("{:x}", Sha256::digest(bytes));
    if digest != info.sha256 {
        return Err(DataError::new(
            format!("datasets/{}", info.file),
            format!("SHA-256 mismatch: expected {}, found {digest}", info.sha256),
        )
        .with_hint("the file differs from the one described in datasets/datasets.toml"));
    }
    let table = Table::from_reader(name, bytes)?;
    if table.n_rows() != info.rows {
        return Err(DataError::new(
            format!("datasets/{}", info.file),
            format!("expected {} rows, found {}", info.rows, table.n_rows()),
        ));
    }
    if let Ok(mut c) = cache.lock() {
        c.insert(name.to_string(), table.clone());
    }
    Ok(table)
}

/// The error for a name that is not a bundled dataset, listing the valid ones.
pub fn unknown_dataset(name: &str) -> DataError {
    DataError::new(
        crate::sanitize::clean_line(name),
        "not a bundled dataset name",
    )
    .with_hint(format!("bundled datasets: {}", names().join(", ")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_bundled_dataset_loads_and_matches_its_datasheet() {
        assert_eq!(registry().len(), 12);
        for (name, info) in registry() {
            let t = load(name).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(t.n_rows(), info.rows, "{name}");
            assert_eq!(t.headers.len(), info.columns, "{name}");
            if let Some(target) = &info.target {
                assert!(t.column_index(target).is_ok(), "{name}: {target}");
            }
        }
    }

    #[test]
    fn unknown_names_are_refused_with_the_list() {
        let e = load("../etc/passwd").unwrap_err();
        assert!(e.to_string().contains("bundled datasets: breast_cancer"));
    }
}
