//! `mlpath train --track` and `mlpath runs`: record a training run (code, data,
//! parameters, metrics, artifacts) and list, show, compare and reproduce runs.

use std::fmt::Write as _;
use std::io::Read;
use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use sha2::{Digest, Sha256};

use crate::cli::{RunsCommand, TrainArgs};
use crate::ml::data::SplitSpec;
use crate::ml::io::{Origin, RowLimit, Source};
use crate::ml::models::{self, ModelKind, TrainOutcome, TrainSpec};
use crate::ml::runs::{self, Run, RunSpec, RunStore};
use crate::sanitize::clean_line;

/// The experiment a run goes to when none is named.
pub const DEFAULT_EXPERIMENT: &str = "default";

fn open_store() -> anyhow::Result<RunStore> {
    let dir = crate::progress::store::data_dir()?;
    Ok(RunStore::open(&dir)?)
}

/// SHA-256 of a table's bytes: the bundled file's recorded hash, or the file's.
fn data_sha256(data: &str) -> anyhow::Result<String> {
    let source = Source::parse(data)?;
    match &source.origin {
        Origin::Bundled(name) => Ok(crate::ml::datasets::info(name)
            .map(|i| i.sha256.clone())
            .unwrap_or_default()),
        Origin::File(path) => file_sha256(path),
    }
}

fn file_sha256(path: &Path) -> anyhow::Result<String> {
    let mut file = std::fs::File::open(path)
        .with_context(|| format!("cannot read {} to hash it", path.display()))?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 1 << 16];
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
    }
    Ok(format!("{:x}", hasher.finalize()))
}

fn run_spec(spec: &TrainSpec) -> anyhow::Result<RunSpec> {
    let (test_size, test_file, test_sha256) = match &spec.split {
        SplitSpec::TestSize(s) => (Some(*s), None, None),
        SplitSpec::TestFile(f) => (None, Some(f.display().to_string()), Some(file_sha256(f)?)),
    };
    Ok(RunSpec {
        data: spec.data.clone(),
        data_sha256: data_sha256(&spec.data)?,
        target: spec.target.clone(),
        features: spec.features.clone(),
        model: spec.model.name().to_string(),
        seed: spec.seed,
        test_size,
        test_file,
        test_sha256,
        positive: spec.positive.clone(),
        clusters: spec.clusters,
        rows: match spec.rows {
            RowLimit::All => "all".to_string(),
            RowLimit::First(n) => format!("first:{n}"),
            RowLimit::Sample(n) => format!("sample:{n}"),
        },
    })
}

fn train_spec(spec: &RunSpec) -> anyhow::Result<TrainSpec> {
    let model = ModelKind::from_name(&spec.model)
        .with_context(|| format!("the run names an unknown model '{}'", spec.model))?;
    let rows = match spec.rows.split_once(':') {
        Some(("first", n)) => RowLimit::First(n.parse()?),
        Some(("sample", n)) => RowLimit::Sample(n.parse()?),
        _ => RowLimit::All,
    };
    Ok(TrainSpec {
        data: spec.data.clone(),
        target: spec.target.clone(),
        model,
        features: spec.features.clone(),
        split: match (&spec.test_file, spec.test_size) {
            (Some(f), _) => SplitSpec::TestFile(f.into()),
            (None, s) => SplitSpec::TestSize(s.unwrap_or(0.25)),
        },
        seed: spec.seed,
        positive: spec.positive.clone(),
        clusters: spec.clusters,
        rows,
    })
}

fn new_run_id() -> String {
    use rand::Rng;
    let n: u128 = rand::thread_rng().r#gen();
    format!("{n:032x}")
}

/// Records a finished training run with its artifacts; returns its id.
pub fn track(
    args: &TrainArgs,
    spec: &TrainSpec,
    outcome: &TrainOutcome,
    started_at: String,
) -> anyhow::Result<String> {
    let mut store = open_store()?;
    let run_id = new_run_id();
    let dir = store.artifacts_dir(&run_id);
    std::fs::create_dir_all(&dir)
        .with_context(|| format!("cannot create the run's folder {}", dir.display()))?;
    let predictions = dir.join("predictions.csv");
    super::train::export_predictions(&predictions, outcome)?;
    super::train::export_split(&dir.join("split.json"), outcome)?;
    let run = Run {
        run_id: run_id.clone(),
        experiment: args
            .experiment
            .clone()
            .unwrap_or_else(|| DEFAULT_EXPERIMENT.to_string()),
        started_at,
        ended_at: crate::progress::now(),
        status: "finished".to_string(),
        mlpath_version: env!("CARGO_PKG_VERSION").to_string(),
        spec: run_spec(spec)?,
        metrics: serde_json::to_value(&outcome.metrics)?,
        predictions_sha256: file_sha256(&predictions)?,
    };
    std::fs::write(
        dir.join("run.json"),
        serde_json::to_string_pretty(&run)? + "\n",
    )
    .with_context(|| format!("cannot write {}", dir.join("run.json").display()))?;
    store.insert(&run)?;
    Ok(run_id)
}

pub fn run(command: RunsCommand) -> anyhow::Result<ExitCode> {
    match command {
        RunsCommand::List { experiment, json } => list(experiment.as_deref(), json),
        RunsCommand::Show { id, json } => show(&id, json),
        RunsCommand::Diff { a, b, json } => diff(&a, &b, json),
        RunsCommand::Reproduce { id } => reproduce(&id),
    }
}

/// The metrics a table shows, in this order when present.
const KEY_METRICS: [&str; 4] = ["accuracy", "roc_auc", "f1", "r2"];

fn key_metrics(run: &Run) -> String {
    KEY_METRICS
        .iter()
        .filter_map(|m| {
            let v = run.metrics.get(m)?.as_f64()?;
            Some(format!("{m} {v:.4}"))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn list(experiment: Option<&str>, json: bool) -> anyhow::Result<ExitCode> {
    let store = open_store()?;
    let runs = store.list(experiment)?;
    if json {
        super::out(&(serde_json::to_string_pretty(&runs)? + "\n"))?;
        return Ok(ExitCode::SUCCESS);
    }
    if runs.is_empty() {
        super::out("No runs yet: train with `mlpath train … --track` to record one.\n")?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut out = String::from("run       started              experiment  model        metrics\n");
    for r in &runs {
        let _ = writeln!(
            out,
            "{:<8}  {:<19}  {:<10}  {:<11}  {}",
            &r.run_id[..8.min(r.run_id.len())],
            r.started_at
                .get(..19)
                .unwrap_or(&r.started_at)
                .replace('T', " "),
            clean_line(&r.experiment),
            r.spec.model,
            key_metrics(r)
        );
    }
    super::out(&out)?;
    Ok(ExitCode::SUCCESS)
}

fn show(id: &str, json: bool) -> anyhow::Result<ExitCode> {
    let store = open_store()?;
    let run = store.get(id)?;
    if json {
        super::out(&(serde_json::to_string_pretty(&run)? + "\n"))?;
        return Ok(ExitCode::SUCCESS);
    }
    let s = &run.spec;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "run {}  ({}, {})",
        run.run_id, run.experiment, run.status
    );
    let _ = writeln!(out, "  started {}  ended {}", run.started_at, run.ended_at);
    let _ = writeln!(out, "code        mlpath {}", run.mlpath_version);
    let _ = writeln!(out, "data        {}  sha256 {}", s.data, s.data_sha256);
    if let (Some(f), Some(h)) = (&s.test_file, &s.test_sha256) {
        let _ = writeln!(out, "test file   {f}  sha256 {h}");
    }
    let _ = writeln!(
        out,
        "parameters  model {}, target {}, features {}, seed {}, split {}, rows {}",
        s.model,
        s.target.as_deref().unwrap_or("none"),
        s.features
            .as_ref()
            .map_or_else(|| "all".to_string(), |f| f.join(",")),
        s.seed,
        s.test_size
            .map_or_else(|| "test file".to_string(), |t| format!("test size {t}")),
        s.rows
    );
    let _ = writeln!(out, "metrics     {}", key_metrics(&run));
    let _ = writeln!(
        out,
        "artifacts   {}",
        store.artifacts_dir(&run.run_id).display()
    );
    super::out(&out)?;
    Ok(ExitCode::SUCCESS)
}

fn diff(a: &str, b: &str, json: bool) -> anyhow::Result<ExitCode> {
    let store = open_store()?;
    let (ra, rb) = (store.get(a)?, store.get(b)?);
    let d = runs::diff(&ra, &rb);
    if json {
        super::out(&(serde_json::to_string_pretty(&d)? + "\n"))?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut out = format!("{} → {}\n", &ra.run_id[..8], &rb.run_id[..8]);
    match &d.code {
        Some((x, y)) => {
            let _ = writeln!(out, "code        mlpath {x} → {y}");
        }
        None => out.push_str("code        same (mlpath version)\n"),
    }
    if d.data.is_empty() {
        out.push_str("data        same (SHA-256)\n");
    }
    for (name, x, y) in &d.data {
        let _ = writeln!(out, "data        {name}: {x} → {y}");
    }
    if d.parameters.is_empty() {
        out.push_str("parameters  same\n");
    }
    for (name, x, y) in &d.parameters {
        let _ = writeln!(out, "parameters  {name}: {x} → {y}");
    }
    for (name, x, y) in &d.metrics {
        let _ = writeln!(out, "metric      {name}: {x:.4} → {y:.4} ({:+.4})", y - x);
    }
    super::out(&out)?;
    Ok(ExitCode::SUCCESS)
}

fn reproduce(id: &str) -> anyhow::Result<ExitCode> {
    let store = open_store()?;
    let run = store.get(id)?;
    let spec = train_spec(&run.spec)?;
    let version = env!("CARGO_PKG_VERSION");
    let data_now = data_sha256(&run.spec.data)
        .with_context(|| format!("the run's data {} cannot be read now", run.spec.data))?;
    let outcome = models::train(&spec)?;
    let scratch = tempfile::tempdir()?;
    let predictions = scratch.path().join("predictions.csv");
    super::train::export_predictions(&predictions, &outcome)?;
    let metrics_now = serde_json::to_value(&outcome.metrics)?;
    let same_metrics = metrics_now == run.metrics;
    let same_predictions = file_sha256(&predictions)? == run.predictions_sha256;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "code        {}",
        if run.mlpath_version == version {
            format!("same (mlpath {version})")
        } else {
            format!("changed: mlpath {} → {version}", run.mlpath_version)
        }
    );
    let _ = writeln!(
        out,
        "data        {}",
        if run.spec.data_sha256 == data_now {
            "same (SHA-256)".to_string()
        } else {
            format!("changed: SHA-256 {} → {data_now}", run.spec.data_sha256)
        }
    );
    out.push_str("parameters  as recorded\n");
    let _ = writeln!(
        out,
        "metrics     {}",
        if same_metrics {
            "bit-identical"
        } else {
            "differ"
        }
    );
    let _ = writeln!(
        out,
        "predictions {}",
        if same_predictions {
            "bit-identical"
        } else {
            "differ"
        }
    );
    if same_metrics && same_predictions {
        out.push_str("Reproduced: the same metrics and test predictions, bit for bit.\n");
        super::out(&out)?;
        return Ok(ExitCode::SUCCESS);
    }
    let why = if run.spec.data_sha256 != data_now {
        format!(
            "the data changed: {} no longer has the SHA-256 the run recorded",
            run.spec.data
        )
    } else if run.mlpath_version != version {
        format!(
            "the code changed: the run was trained by mlpath {}, this is {version}",
            run.mlpath_version
        )
    } else {
        "code, data and parameters are the same, so the training itself is not \
         deterministic here"
            .to_string()
    };
    let _ = writeln!(out, "Not reproduced: {why}.");
    super::out(&out)?;
    Ok(ExitCode::from(1))
}
