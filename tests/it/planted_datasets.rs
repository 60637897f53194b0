//! The bundled datasets with planted problems, for the data-quality track, are made
//! here from the clean bundled files by a seeded generator: this test regenerates each
//! one and checks it byte for byte against `datasets/`, so none is a file nobody can
//! rebuild. `MLPATH_UPDATE_DATASETS=1 cargo test --test it planted` rewrites them (then
//! update their `sha256` in `datasets/datasets.toml`; the loader's test checks it).
//!
//! The generator uses its own small PRNG (SplitMix64), so the files do not depend on
//! the version of any random-number crate.

use std::path::{Path, PathBuf};

/// SplitMix64 (Steele, Lea & Flood, 2014): a tiny PRNG whose output is fixed forever.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    /// Uniform in 0..n.
    fn below(&mut self, n: usize) -> usize {
        (self.unit() * n as f64) as usize
    }
    /// `k` distinct indices of 0..n, in increasing order (a partial Fisher–Yates).
    fn choose(&mut self, n: usize, k: usize) -> Vec<usize> {
        let mut all: Vec<usize> = (0..n).collect();
        for i in 0..k {
            let j = i + self.below(n - i);
            all.swap(i, j);
        }
        let mut picked = all[..k].to_vec();
        picked.sort_unstable();
        picked
    }
}

struct Csv {
    headers: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Csv {
    fn read(name: &str) -> Csv {
        let path = datasets_dir().join(name);
        let mut reader = csv::Reader::from_path(&path).unwrap();
        let headers = reader.headers().unwrap().iter().map(String::from).collect();
        let rows = reader
            .records()
            .map(|r| r.unwrap().iter().map(String::from).collect())
            .collect();
        Csv { headers, rows }
    }
    fn col(&self, name: &str) -> usize {
        self.headers.iter().position(|h| h == name).unwrap()
    }
    /// Inserts a column before `before`, with one value per row.
    fn insert(&mut self, before: usize, name: &str, values: Vec<String>) {
        self.headers.insert(before, name.to_string());
        for (row, value) in self.rows.iter_mut().zip(values) {
            row.insert(before, value);
        }
    }
    fn bytes(&self) -> Vec<u8> {
        let mut writer = csv::WriterBuilder::new()
            .terminator(csv::Terminator::Any(b'\n'))
            .from_writer(Vec::new());
        writer.write_record(&self.headers).unwrap();
        for row in &self.rows {
            writer.write_record(row).unwrap();
        }
        writer.into_inner().unwrap()
    }
}

fn datasets_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("datasets")
}

/// `breast_cancer_dirty`: every problem `mlpath audit` looks for, planted in the breast
/// cancer data. Seed 9001.
///
/// - 28 labels (5 %) flipped between `malignant` and `benign`;
/// - `treatment_cost`: known only after diagnosis, drawn from the (given) label:
///   8,000–20,000 for malignant, 0–900 for benign (a leak);
/// - `scanner`: the same value in every row (constant);
/// - `mean_texture`: 15 empty cells; `mean_smoothness`: 10 `NA` and 5 `?` (missing,
///   with mixed null tokens);
/// - `worst_area`: 6 values written with a decimal comma, `"2019,5"` (mixed types);
/// - 12 rows repeated exactly, each somewhere after the row it repeats (duplicates).
fn breast_cancer_dirty() -> Csv {
    let mut rng = Rng(9001);
    let mut csv = Csv::read("breast_cancer.csv");
    let n = csv.rows.len();
    let target = csv.col("diagnosis");
    for row in rng.choose(n, 28) {
        let label = &mut csv.rows[row][target];
        *label = if label == "malignant" {
            "benign"
        } else {
            "malignant"
        }
        .to_string();
    }
    let costs = (0..n)
        .map(|row| {
            let cost = if csv.rows[row][target] == "malignant" {
                8000.0 + 12000.0 * rng.unit()
            } else {
                900.0 * rng.unit()
            };
            format!("{cost:.0}")
        })
        .collect();
    csv.insert(target, "scanner", vec!["S-200".to_string(); n]);
    let target = target + 1;
    csv.insert(target, "treatment_cost", costs);
    let texture = csv.col("mean_texture");
    for row in rng.choose(n, 15) {
        csv.rows[row][texture] = String::new();
    }
    let smoothness = csv.col("mean_smoothness");
    for (i, row) in rng.choose(n, 15).into_iter().enumerate() {
        csv.rows[row][smoothness] = if i % 3 == 2 { "?" } else { "NA" }.to_string();
    }
    let area = csv.col("worst_area");
    for row in rng.choose(n, 6) {
        let value: f64 = csv.rows[row][area].parse().unwrap();
        csv.rows[row][area] = format!("{value:.1}").replace('.', ",");
    }
    let mut repeated = rng.choose(n, 12);
    // Insert from the last so earlier positions stay valid.
    repeated.reverse();
    for row in repeated {
        let copy = csv.rows[row].clone();
        let at = row + 1 + rng.below(n - row);
        csv.rows.insert(at, copy);
    }
    csv
}

/// The number of calls from collections in the year after the loan, drawn from the
/// outcome: 1–6 for a bad credit; for a good one 0 (85 %), 1 (10 %) or 2 (5 %).
fn collection_calls(rng: &mut Rng, bad: bool) -> String {
    let calls = if bad {
        1 + rng.below(6)
    } else {
        match rng.unit() {
            u if u < 0.85 => 0,
            u if u < 0.95 => 1,
            _ => 2,
        }
    };
    calls.to_string()
}

/// `german_credit_leaky` (the first 800 applicants) and `german_credit_later` (the
/// last 200): the German credit data with `collection_calls`, a column recorded after
/// the outcome. In the training file it tracks the outcome; in the later file, scored
/// at decision time, no call has happened yet and it is 0 for everyone. Seed 9002.
fn german_credit_leaky_and_later() -> (Csv, Csv) {
    let mut rng = Rng(9002);
    let mut csv = Csv::read("german_credit.csv");
    let target = csv.col("credit_risk");
    let calls = csv
        .rows
        .iter()
        .enumerate()
        .map(|(i, row)| {
            if i < 800 {
                collection_calls(&mut rng, row[target] == "bad")
            } else {
                "0".to_string()
            }
        })
        .collect();
    csv.insert(target, "collection_calls", calls);
    let later = Csv {
        headers: csv.headers.clone(),
        rows: csv.rows.split_off(800),
    };
    (csv, later)
}

/// `german_credit_batch`: a new batch of 200 applications drawn from the German credit
/// data, with five problems a data contract should catch. Seed 9003.
///
/// - `age_years`: 5 impossible ages (0, 999, -30, 7, 160);
/// - `purpose`: 8 rows with a category the training data never had, `vacation`;
/// - `credit_amount_dm`: 10 amounts written with their unit, `1169 DM` (text in a
///   number column);
/// - `duration_months`: 60 cells (30 %) empty;
/// - `telephone` renamed `phone` (a required column missing).
fn german_credit_batch() -> Csv {
    let mut rng = Rng(9003);
    let source = Csv::read("german_credit.csv");
    let mut order: Vec<usize> = (0..source.rows.len()).collect();
    for i in 0..200 {
        let j = i + rng.below(order.len() - i);
        order.swap(i, j);
    }
    let mut csv = Csv {
        headers: source.headers.clone(),
        rows: order[..200]
            .iter()
            .map(|&i| source.rows[i].clone())
            .collect(),
    };
    let age = csv.col("age_years");
    for (row, value) in rng
        .choose(200, 5)
        .into_iter()
        .zip(["0", "999", "-30", "7", "160"])
    {
        csv.rows[row][age] = value.to_string();
    }
    let purpose = csv.col("purpose");
    for row in rng.choose(200, 8) {
        csv.rows[row][purpose] = "vacation".to_string();
    }
    let amount = csv.col("credit_amount_dm");
    for row in rng.choose(200, 10) {
        csv.rows[row][amount] = format!("{} DM", csv.rows[row][amount]);
    }
    let duration = csv.col("duration_months");
    for row in rng.choose(200, 60) {
        csv.rows[row][duration] = String::new();
    }
    let phone = csv.col("telephone");
    csv.headers[phone] = "phone".to_string();
    csv
}

fn generated() -> Vec<(&'static str, Vec<u8>)> {
    let (leaky, later) = german_credit_leaky_and_later();
    vec![
        ("breast_cancer_dirty.csv", breast_cancer_dirty().bytes()),
        ("german_credit_leaky.csv", leaky.bytes()),
        ("german_credit_later.csv", later.bytes()),
        ("german_credit_batch.csv", german_credit_batch().bytes()),
    ]
}

#[test]
fn planted_datasets_regenerate_byte_for_byte() {
    let update = std::env::var_os("MLPATH_UPDATE_DATASETS").is_some();
    for (file, bytes) in generated() {
        let path = datasets_dir().join(file);
        if update {
            std::fs::write(&path, &bytes).unwrap();
            continue;
        }
        let bundled = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert!(
            bundled == bytes,
            "datasets/{file} differs from what tests/it/planted_datasets.rs generates; \
             rerun with MLPATH_UPDATE_DATASETS=1 if the generator changed on purpose"
        );
    }
}

#[test]
fn the_generator_is_seeded() {
    assert_eq!(generated(), generated());
}

/// The rows of `breast_cancer_dirty` whose label differs from the clean data's, found by
/// matching each row to its clean original on columns the generator never touches.
fn flipped_rows_of_dirty() -> Vec<usize> {
    let clean = Csv::read("breast_cancer.csv");
    let dirty = Csv::read("breast_cancer_dirty.csv");
    let keys = [
        "mean_radius",
        "mean_perimeter",
        "mean_area",
        "worst_radius",
        "mean_compactness",
    ];
    let key = |csv: &Csv, row: &[String]| -> Vec<String> {
        keys.iter().map(|k| row[csv.col(k)].clone()).collect()
    };
    let truth: std::collections::HashMap<Vec<String>, String> = clean
        .rows
        .iter()
        .map(|row| (key(&clean, row), row[clean.col("diagnosis")].clone()))
        .collect();
    assert_eq!(
        truth.len(),
        clean.rows.len(),
        "the key columns identify every row"
    );
    let target = dirty.col("diagnosis");
    (0..dirty.rows.len())
        .filter(|&i| truth[&key(&dirty, &dirty.rows[i])] != dirty.rows[i][target])
        .collect()
}

#[test]
fn audit_finds_every_problem_planted_in_breast_cancer_dirty() {
    let out = assert_cmd::Command::cargo_bin("mlpath")
        .unwrap()
        .args([
            "audit",
            "breast_cancer_dirty",
            "--target",
            "diagnosis",
            "--json",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let findings = report["findings"].as_array().unwrap();
    let found = |check: &str, column: Option<&str>| {
        findings
            .iter()
            .find(|f| f["check"] == check && f["column"].as_str() == column)
            .map(|f| f["count"].as_u64().unwrap())
    };
    assert_eq!(found("duplicates", None), Some(12));
    assert_eq!(found("missing", Some("mean_texture")), Some(15));
    assert_eq!(found("missing", Some("mean_smoothness")), Some(15));
    assert!(found("missing_tokens", Some("mean_smoothness")).is_some());
    assert_eq!(found("mixed_types", Some("worst_area")), Some(6));
    assert!(found("constant", Some("scanner")).is_some());
    assert!(found("leakage", Some("treatment_cost")).is_some());
    // 28 labels were flipped, and one of them is among the 12 repeated rows.
    let flipped = flipped_rows_of_dirty();
    assert_eq!(flipped.len(), 29);
    let ranked: Vec<usize> = report["label_issues"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["row"].as_u64().unwrap() as usize)
        .collect();
    let hits = |k: usize| {
        ranked
            .iter()
            .take(k)
            .filter(|r| flipped.contains(r))
            .count()
    };
    // Measured: 9 of the top 10 and 18 of the top 20 are planted flips, 21 of 23 in all.
    assert!(hits(10) >= 9, "top 10: {} flips", hits(10));
    assert!(hits(20) >= 18, "top 20: {} flips", hits(20));
    assert!(
        hits(ranked.len()) >= 21,
        "all: {} of {}",
        hits(ranked.len()),
        ranked.len()
    );
}
