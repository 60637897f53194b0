//! The run store: `mlpath.db` (SQLite, WAL mode, schema versioned by `user_version`
//! with migrations) and an artifacts folder per run.

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OptionalExtension, params};

use super::{Run, RunSpec};

/// The database file under the data directory.
pub const DB_FILE: &str = "mlpath.db";

/// The schema this build writes; older databases are migrated on open.
pub const SCHEMA_VERSION: i64 = 1;

/// How long a writer waits for another before giving up.
const BUSY_WAIT: Duration = Duration::from_secs(5);

#[derive(Debug, thiserror::Error)]
pub enum RunsError {
    #[error(
        "the run store {} is busy: another mlpath is writing to it\n  hint: wait for it to \
         finish and run the command again",
        .0.display()
    )]
    Busy(PathBuf),
    #[error(
        "the run store {} was written by a newer mlpath (schema {found}; this one knows up \
         to {SCHEMA_VERSION})\n  hint: update mlpath; the file is left untouched",
        .path.display()
    )]
    Newer { path: PathBuf, found: i64 },
    #[error("no run with id '{0}'\n  hint: `mlpath runs list` shows the run ids")]
    NoRun(String),
    #[error("the run id '{0}' matches several runs\n  hint: give more of the id")]
    Ambiguous(String),
    #[error("run store {}: {source}", .path.display())]
    Sql {
        path: PathBuf,
        source: rusqlite::Error,
    },
    #[error("run store: a recorded value cannot be read ({0})")]
    Corrupt(String),
    #[error("cannot create the data directory {}: {source}", .path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

pub struct RunStore {
    conn: Connection,
    path: PathBuf,
    artifacts: PathBuf,
}

const MIGRATIONS: [&str; 1] = [
    // 1: runs, one row each; the spec and metrics as JSON text.
    "CREATE TABLE runs (
        run_id TEXT PRIMARY KEY,
        experiment TEXT NOT NULL,
        started_at TEXT NOT NULL,
        ended_at TEXT NOT NULL,
        status TEXT NOT NULL,
        mlpath_version TEXT NOT NULL,
        spec TEXT NOT NULL,
        metrics TEXT NOT NULL,
        predictions_sha256 TEXT NOT NULL
    );
    CREATE INDEX runs_by_experiment ON runs (experiment, started_at);",
];

impl RunStore {
    /// Opens (creating or migrating) the store in data directory `dir`.
    pub fn open(dir: &Path) -> Result<RunStore, RunsError> {
        let path = dir.join(DB_FILE);
        let sql = |source| RunsError::Sql {
            path: path.clone(),
            source,
        };
        std::fs::create_dir_all(dir)
            .map_err(|e| sql(rusqlite::Error::ToSqlConversionFailure(Box::new(e))))?;
        let conn = Connection::open(&path).map_err(sql)?;
        conn.busy_timeout(BUSY_WAIT).map_err(sql)?;
        let mut store = RunStore {
            conn,
            path: path.clone(),
            artifacts: dir.join("artifacts"),
        };
        store
            .conn
            .pragma_update(None, "journal_mode", "WAL")
            .map_err(|e| store.classify(e))?;
        store.migrate()?;
        Ok(store)
    }

    /// The folder for run `id`'s files.
    pub fn artifacts_dir(&self, id: &str) -> PathBuf {
        self.artifacts.join(id)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn classify(&self, e: rusqlite::Error) -> RunsError {
        classify(&self.path, e)
    }

    fn migrate(&mut self) -> Result<(), RunsError> {
        // Several processes may open a new store at once: each step reads the version
        // under the write lock, so only one of them applies it. One transaction per
        // step: a killed migration leaves the previous schema.
        loop {
            let tx = self
                .conn
                .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
                .map_err(|e| classify(&self.path, e))?;
            let version: i64 = tx
                .pragma_query_value(None, "user_version", |r| r.get(0))
                .map_err(|e| classify(&self.path, e))?;
            if version > SCHEMA_VERSION {
                return Err(RunsError::Newer {
                    path: self.path.clone(),
                    found: version,
                });
            }
            if version == SCHEMA_VERSION {
                return Ok(());
            }
            let step = MIGRATIONS[version as usize];
            tx.execute_batch(step)
                .and_then(|()| tx.pragma_update(None, "user_version", version + 1))
                .and_then(|()| tx.commit())
                .map_err(|e| classify(&self.path, e))?;
        }
    }

    /// Records a finished run.
    pub fn insert(&mut self, run: &Run) -> Result<(), RunsError> {
        let spec =
            serde_json::to_string(&run.spec).map_err(|e| RunsError::Corrupt(e.to_string()))?;
        let metrics = run.metrics.to_string();
        self.conn
            .execute(
                "INSERT INTO runs (run_id, experiment, started_at, ended_at, status, \
                 mlpath_version, spec, metrics, predictions_sha256) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                params![
                    run.run_id,
                    run.experiment,
                    run.started_at,
                    run.ended_at,
                    run.status,
                    run.mlpath_version,
                    spec,
                    metrics,
                    run.predictions_sha256
                ],
            )
            .map_err(|e| self.classify(e))?;
        Ok(())
    }

    /// Runs, newest first, of one experiment or all.
    pub fn list(&self, experiment: Option<&str>) -> Result<Vec<Run>, RunsError> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT run_id, experiment, started_at, ended_at, status, mlpath_version, spec, \
                 metrics, predictions_sha256 FROM runs \
                 WHERE ?1 IS NULL OR experiment = ?1 ORDER BY started_at DESC, run_id DESC",
            )
            .map_err(|e| self.classify(e))?;
        let rows = stmt
            .query_map(params![experiment], row_to_parts)
            .map_err(|e| self.classify(e))?;
        let mut out = Vec::new();
        for row in rows {
            out.push(parts_to_run(row.map_err(|e| self.classify(e))?)?);
        }
        Ok(out)
    }

    /// The run whose id is `id` or starts with `id` (at least 4 characters).
    pub fn get(&self, id: &str) -> Result<Run, RunsError> {
        let exact = self
            .conn
            .query_row(
                "SELECT run_id, experiment, started_at, ended_at, status, mlpath_version, spec, \
                 metrics, predictions_sha256 FROM runs WHERE run_id = ?1",
                params![id],
                row_to_parts,
            )
            .optional()
            .map_err(|e| self.classify(e))?;
        if let Some(parts) = exact {
            return parts_to_run(parts);
        }
        if id.len() < 4 {
            return Err(RunsError::NoRun(id.to_string()));
        }
        let matches: Vec<Run> = self
            .list(None)?
            .into_iter()
            .filter(|r| r.run_id.starts_with(id))
            .collect();
        match matches.len() {
            0 => Err(RunsError::NoRun(id.to_string())),
            1 => Ok(matches.into_iter().next().expect("one")),
            _ => Err(RunsError::Ambiguous(id.to_string())),
        }
    }
}

/// A busy or locked database is [`RunsError::Busy`]; anything else an SQL error.
fn classify(path: &Path, e: rusqlite::Error) -> RunsError {
    match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked) => {
            RunsError::Busy(path.to_path_buf())
        }
        _ => RunsError::Sql {
            path: path.to_path_buf(),
            source: e,
        },
    }
}

type Parts = [String; 9];

fn row_to_parts(row: &rusqlite::Row<'_>) -> rusqlite::Result<Parts> {
    Ok([
        row.get(0)?,
        row.get(1)?,
        row.get(2)?,
        row.get(3)?,
        row.get(4)?,
        row.get(5)?,
        row.get(6)?,
        row.get(7)?,
        row.get(8)?,
    ])
}

fn parts_to_run(p: Parts) -> Result<Run, RunsError> {
    let [
        run_id,
        experiment,
        started_at,
        ended_at,
        status,
        mlpath_version,
        spec,
        metrics,
        predictions_sha256,
    ] = p;
    let spec: RunSpec = serde_json::from_str(&spec)
        .map_err(|e| RunsError::Corrupt(format!("run {run_id}'s spec: {e}")))?;
    let metrics = serde_json::from_str(&metrics)
        .map_err(|e| RunsError::Corrupt(format!("run {run_id}'s metrics: {e}")))?;
    Ok(Run {
        run_id,
        experiment,
        started_at,
        ended_at,
        status,
        mlpath_version,
        spec,
        metrics,
        predictions_sha256,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    pub fn run(id: &str, experiment: &str, at: &str) -> Run {
        Run {
            run_id: id.into(),
            experiment: experiment.into(),
            started_at: at.into(),
            ended_at: at.into(),
            status: "finished".into(),
            mlpath_version: "0.1.0".into(),
            spec: RunSpec {
                data: "iris".into(),
                data_sha256: "ab".into(),
                target: Some("species".into()),
                features: None,
                model: "tree".into(),
                seed: 42,
                test_size: Some(0.25),
                test_file: None,
                test_sha256: None,
                positive: None,
                clusters: None,
                rows: "all".into(),
            },
            metrics: serde_json::json!({"accuracy": 0.9}),
            predictions_sha256: "cd".into(),
        }
    }

    #[test]
    fn runs_round_trip_newest_first_and_by_prefix() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = RunStore::open(dir.path()).unwrap();
        store
            .insert(&run("aaaa1111", "default", "2026-01-01T00:00:00Z"))
            .unwrap();
        store
            .insert(&run("bbbb2222", "sweep", "2026-01-02T00:00:00Z"))
            .unwrap();
        let all = store.list(None).unwrap();
        assert_eq!(
            all.iter().map(|r| r.run_id.as_str()).collect::<Vec<_>>(),
            ["bbbb2222", "aaaa1111"]
        );
        assert_eq!(store.list(Some("sweep")).unwrap().len(), 1);
        assert_eq!(
            store.get("aaaa").unwrap(),
            run("aaaa1111", "default", "2026-01-01T00:00:00Z")
        );
        assert!(matches!(store.get("zzzz"), Err(RunsError::NoRun(_))));
        assert!(matches!(store.get("a"), Err(RunsError::NoRun(_))));
        // Reopening keeps the runs and does not migrate again.
        drop(store);
        let store = RunStore::open(dir.path()).unwrap();
        assert_eq!(store.list(None).unwrap().len(), 2);
    }

    #[test]
    fn a_newer_schema_is_refused_and_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        drop(RunStore::open(dir.path()).unwrap());
        let conn = Connection::open(dir.path().join(DB_FILE)).unwrap();
        conn.pragma_update(None, "user_version", 99).unwrap();
        drop(conn);
        assert!(matches!(
            RunStore::open(dir.path()),
            Err(RunsError::Newer { found: 99, .. })
        ));
    }

    #[test]
    fn an_empty_database_file_is_migrated() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(DB_FILE), b"").unwrap();
        let store = RunStore::open(dir.path()).unwrap();
        assert!(store.list(None).unwrap().is_empty());
    }

    #[test]
    fn a_held_write_lock_is_reported_as_busy() {
        let dir = tempfile::tempdir().unwrap();
        let mut a = RunStore::open(dir.path()).unwrap();
        let holder = Connection::open(dir.path().join(DB_FILE)).unwrap();
        holder.execute_batch("BEGIN IMMEDIATE").unwrap();
        a.conn.busy_timeout(Duration::from_millis(50)).unwrap();
        let err = a
            .insert(&run("cccc3333", "default", "2026-01-03T00:00:00Z"))
            .unwrap_err();
        assert!(matches!(err, RunsError::Busy(_)), "{err}");
        holder.execute_batch("COMMIT").unwrap();
        a.insert(&run("cccc3333", "default", "2026-01-03T00:00:00Z"))
            .unwrap();
    }

    #[test]
    fn diff_names_the_component_that_changed() {
        let a = run("a1", "e", "t");
        let mut b = run("b1", "e", "t");
        b.spec.seed = 7;
        b.spec.data_sha256 = "ff".into();
        b.metrics = serde_json::json!({"accuracy": 0.8});
        let d = crate::ml::runs::diff(&a, &b);
        assert_eq!(d.code, None);
        assert_eq!(
            d.data,
            vec![(
                "data_sha256".to_string(),
                "ab".to_string(),
                "ff".to_string()
            )]
        );
        assert_eq!(
            d.parameters,
            vec![("seed".to_string(), "42".to_string(), "7".to_string())]
        );
        assert_eq!(d.metrics, vec![("accuracy".to_string(), 0.9, 0.8)]);
    }
}
