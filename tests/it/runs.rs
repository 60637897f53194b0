//! Tracked runs through the binary: `train --track`, `runs list/show/diff/reproduce`,
//! and reproduce failing for each component that can change.

use std::fs;
use std::path::Path;

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

fn mlpath(home: &Path) -> Command {
    let mut cmd = Command::cargo_bin("mlpath").unwrap();
    cmd.env("MLPATH_HOME", home).current_dir(home);
    cmd
}

fn json(cmd: &mut Command) -> Value {
    let out = cmd.assert().success().get_output().stdout.clone();
    serde_json::from_slice(&out).unwrap()
}

fn track(home: &Path, args: &[&str]) -> String {
    let mut cmd = mlpath(home);
    cmd.arg("train").args(args).args(["--track", "--json"]);
    json(&mut cmd)["run_id"].as_str().unwrap().to_string()
}

#[test]
fn a_tracked_run_is_listed_shown_and_reproduced_bit_for_bit() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let first = track(h, &["iris", "--target", "species", "--model", "logistic"]);
    let second = track(
        h,
        &[
            "iris",
            "--target",
            "species",
            "--model",
            "tree",
            "--experiment",
            "sweep",
        ],
    );
    assert_eq!(first.len(), 32);
    let list = json(mlpath(h).args(["runs", "list", "--json"]));
    let ids: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["run_id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, [second.as_str(), first.as_str()], "newest first");
    let sweep = json(mlpath(h).args(["runs", "list", "--experiment", "sweep", "--json"]));
    assert_eq!(sweep.as_array().unwrap().len(), 1);
    let shown = json(mlpath(h).args(["runs", "show", &first[..8], "--json"]));
    assert_eq!(shown["spec"]["model"], "logistic");
    assert_eq!(shown["spec"]["seed"], 42);
    assert_eq!(shown["spec"]["data_sha256"].as_str().unwrap().len(), 64);
    for file in ["predictions.csv", "split.json", "run.json"] {
        assert!(
            h.join("artifacts").join(&first).join(file).is_file(),
            "{file}"
        );
    }
    assert!(h.join("mlpath.db").is_file());
    mlpath(h)
        .args(["runs", "reproduce", &first])
        .assert()
        .success()
        .stdout(predicate::str::contains("metrics     bit-identical"))
        .stdout(predicate::str::contains("Reproduced"));
    mlpath(h)
        .args(["runs", "diff", &first, &second])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "parameters  model: logistic → tree",
        ))
        .stdout(predicate::str::contains("data        same (SHA-256)"))
        .stdout(predicate::str::contains("metric      accuracy:"));
}

#[test]
fn reproduce_names_the_data_when_the_file_changed() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let rows: String = (0..60)
        .map(|i| {
            format!(
                "{},{},{}\n",
                i,
                (i * 7) % 13,
                if i % 3 == 0 { "a" } else { "b" }
            )
        })
        .collect();
    fs::write(h.join("mine.csv"), format!("x,y,label\n{rows}")).unwrap();
    let id = track(
        h,
        &[
            "mine.csv",
            "--target",
            "label",
            "--model",
            "tree",
            "--positive",
            "a",
        ],
    );
    mlpath(h)
        .args(["runs", "reproduce", &id])
        .assert()
        .success();
    // Every label swapped: the data's hash, the model and its predictions change.
    let changed = fs::read_to_string(h.join("mine.csv"))
        .unwrap()
        .replace(",a\n", ",A\n")
        .replace(",b\n", ",a\n")
        .replace(",A\n", ",b\n");
    fs::write(h.join("mine.csv"), changed).unwrap();
    mlpath(h)
        .args(["runs", "reproduce", &id])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("data        changed: SHA-256"))
        .stdout(predicate::str::contains("Not reproduced: the data changed"));
}

#[test]
fn reproduce_names_the_code_when_another_version_trained_it() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let id = track(h, &["iris", "--target", "species", "--model", "tree"]);
    // As if an older mlpath had trained it, with other predictions.
    let conn = rusqlite::Connection::open(h.join("mlpath.db")).unwrap();
    conn.execute(
        "UPDATE runs SET mlpath_version = '0.0.1', predictions_sha256 = 'x' WHERE run_id = ?1",
        [&id],
    )
    .unwrap();
    drop(conn);
    mlpath(h)
        .args(["runs", "reproduce", &id])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "code        changed: mlpath 0.0.1 →",
        ))
        .stdout(predicate::str::contains("Not reproduced: the code changed"));
}

#[test]
fn unknown_runs_and_experiments_without_track_are_refused() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    mlpath(h)
        .args(["runs", "show", "deadbeef"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no run with id 'deadbeef'"))
        .stderr(predicate::str::contains("mlpath runs list"));
    mlpath(h)
        .args(["runs", "list"])
        .assert()
        .success()
        .stdout(predicate::str::contains("No runs yet"));
    mlpath(h)
        .args([
            "train",
            "iris",
            "--target",
            "species",
            "--model",
            "tree",
            "--experiment",
            "x",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--track"));
}

#[test]
fn concurrent_tracked_runs_are_all_recorded() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path().to_path_buf();
    let workers: Vec<_> = (0..4)
        .map(|seed| {
            let h = h.clone();
            std::thread::spawn(move || {
                let seed = seed.to_string();
                track(
                    &h,
                    &[
                        "iris", "--target", "species", "--model", "tree", "--seed", &seed,
                    ],
                )
            })
        })
        .collect();
    let mut ids: Vec<String> = workers.into_iter().map(|w| w.join().unwrap()).collect();
    ids.sort();
    let list = json(mlpath(&h).args(["runs", "list", "--json"]));
    let mut listed: Vec<String> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["run_id"].as_str().unwrap().to_string())
        .collect();
    listed.sort();
    assert_eq!(listed, ids);
}
