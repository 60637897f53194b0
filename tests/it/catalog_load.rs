//! Loading the catalog in-process, and `mlpath list`.

use std::path::PathBuf;

use assert_cmd::Command;
use mlpath::catalog::{self, Step};

fn fixture(name: &str) -> PathBuf {
    PathBuf::from("tests/fixtures/lessons").join(name)
}

#[test]
fn a_broken_file_does_not_stop_the_rest_from_loading() {
    let catalog = catalog::load(&[fixture("valid"), fixture("syntax"), fixture("multi")]);
    // The valid lessons all load.
    let basics = catalog.track("fixture-basics").expect("valid track loads");
    let ids: Vec<&str> = basics.lessons.iter().map(|l| l.id.as_str()).collect();
    assert_eq!(ids, ["fixture-basics/first", "fixture-basics/second"]);
    assert!(catalog.lesson("fixture-labs/labs").is_some());
    // The broken tracks load without their broken lessons, whose problems are reported.
    assert!(catalog.track("syntax").unwrap().lessons.is_empty());
    assert!(catalog.track("multi").unwrap().lessons.is_empty());
    assert!(
        catalog
            .problems
            .iter()
            .any(|p| p.path.ends_with("syntax/01-a.toml"))
    );
    assert_eq!(
        catalog
            .problems
            .iter()
            .filter(|p| p.path.ends_with("multi/01-a.toml"))
            .count(),
        13
    );
    assert!(catalog.skill("eval_metrics").is_some());
    assert!(catalog.role("fixture-role").is_some());
}

#[test]
fn the_valid_fixture_loads_into_the_catalog_types() {
    let catalog = catalog::load(&[fixture("valid")]);
    assert!(catalog.problems.is_empty(), "{:?}", catalog.problems);
    let first = catalog.lesson("fixture-basics/first").unwrap();
    assert_eq!(first.track, "fixture-basics");
    assert_eq!(first.minutes, 5);
    assert_eq!(first.quiz_count(), 3);
    assert_eq!(first.skills.get("eval_metrics"), Some(&1));
    let Step::Choice(multi) = &first.steps[2] else {
        panic!("step 3 is a choice")
    };
    assert!(multi.multi);
    assert_eq!(multi.answers, [0, 2]);
    assert!(multi.is_correct(&[2, 0]));
    let Step::Number(n) = &first.steps[3] else {
        panic!("step 4 is a number")
    };
    assert!(n.is_correct(0.605) && !n.is_correct(0.62));
    let labs = catalog.lesson("fixture-labs/labs").unwrap();
    let Step::Lab(threshold) = &labs.steps[2] else {
        panic!("step 3 is a lab")
    };
    let mlpath::catalog::LabSpec::Threshold(spec) = &threshold.spec else {
        panic!("step 3 is a threshold lab")
    };
    assert_eq!(spec.dataset, "breast_cancer");
    assert_eq!(spec.positive, "malignant");
    assert_eq!(spec.goal, mlpath::catalog::Goal::CostWithin(0.05));
    assert!(spec.costs.is_some());
    assert_eq!(
        catalog
            .next_lesson("fixture-basics/second")
            .map(|l| l.id.as_str()),
        Some("fixture-labs/labs")
    );
    assert_eq!(catalog.level_name(3), "independent");
}

#[test]
fn stored_text_is_sanitised() {
    let dir = tempfile::tempdir().unwrap();
    let track = dir.path().join("t");
    std::fs::create_dir(&track).unwrap();
    std::fs::write(
        track.join("track.toml"),
        "format_version = 1\nid = \"tabs\"\ntitle = \"Tabs\"\nsummary = \"Tabbed.\"\n",
    )
    .unwrap();
    std::fs::write(
        track.join("01-a.toml"),
        "format_version = 1\nid = \"a\"\ntitle = \"A\"\nsummary = \"S.\"\nminutes = 1\n\
         level = \"beginner\"\n[[steps]]\ntype = \"read\"\ntext = \"a\\tb\"\n",
    )
    .unwrap();
    let catalog = catalog::load(&[dir.path().to_path_buf()]);
    assert!(catalog.problems.is_empty(), "{:?}", catalog.problems);
    let Step::Read { text, .. } = &catalog.lesson("tabs/a").unwrap().steps[0] else {
        panic!("a read step")
    };
    assert_eq!(text, "a    b");
}

#[test]
fn an_unreadable_extra_directory_is_a_problem_not_a_failure() {
    let catalog = catalog::load(&[fixture("no-such-dir"), fixture("valid")]);
    assert!(catalog.lesson("fixture-basics/first").is_some());
    assert!(
        catalog
            .problems
            .iter()
            .any(|p| p.path.ends_with("no-such-dir") && p.message.contains("cannot read"))
    );
}

/// Copies the `valid` fixture's basics track into a fresh directory.
#[cfg(unix)]
fn copy_of_basics() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let track = dir.path().join("basics");
    std::fs::create_dir(&track).unwrap();
    for entry in std::fs::read_dir(fixture("valid").join("basics")).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), track.join(entry.file_name())).unwrap();
    }
    dir
}

#[cfg(unix)]
#[test]
fn a_dangling_link_in_a_lessons_directory_costs_only_itself() {
    let dir = copy_of_basics();
    let track = dir.path().join("basics");
    std::os::unix::fs::symlink("../nowhere/notes.md", track.join("notes.md")).unwrap();
    let catalog = catalog::load(&[dir.path().to_path_buf()]);
    assert!(catalog.lesson("fixture-basics/first").is_some());
    assert!(catalog.lesson("fixture-basics/second").is_some());
    assert!(catalog.problems.is_empty(), "{:?}", catalog.problems);

    std::os::unix::fs::symlink("gone.toml", track.join("03-gone.toml")).unwrap();
    let catalog = catalog::load(&[dir.path().to_path_buf()]);
    assert!(catalog.lesson("fixture-basics/second").is_some());
    assert_eq!(catalog.problems.len(), 1, "{:?}", catalog.problems);
    let problem = &catalog.problems[0];
    assert!(problem.path.ends_with("basics/03-gone.toml"), "{problem:?}");
    assert!(
        problem.message.contains("symbolic link to a missing file"),
        "{problem:?}"
    );
}

#[test]
fn extra_dirs_join_the_flag_and_the_environment() {
    // The pure half of `extra_dirs_from_env`: the test binary's environment is shared
    // by every test and by the binaries they start, so it is never changed here.
    let joined = std::env::join_paths(["/a", "/b"]).unwrap();
    let dirs = catalog::join_extra_dirs(
        &[PathBuf::from("/c"), PathBuf::from("/a")],
        Some(joined.as_os_str()),
    );
    assert_eq!(
        dirs,
        [
            PathBuf::from("/c"),
            PathBuf::from("/a"),
            PathBuf::from("/b")
        ]
    );
}

#[test]
fn list_json_has_tracks_lessons_and_status() {
    let out = Command::cargo_bin("mlpath")
        .unwrap()
        .env_remove("MLPATH_LESSONS")
        .args([
            "--lessons",
            "tests/fixtures/lessons/valid",
            "list",
            "--json",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let tracks = json["tracks"].as_array().unwrap();
    let basics = tracks
        .iter()
        .find(|t| t["id"] == "fixture-basics")
        .expect("the fixture track is listed");
    assert_eq!(basics["title"], "Fixture basics");
    assert_eq!(basics["summary"], "A tiny track for the tests.");
    let second = &basics["lessons"][1];
    assert_eq!(second["id"], "fixture-basics/second");
    assert_eq!(second["title"], "The second lesson");
    assert_eq!(second["status"], "not_started");
    assert_eq!(second["minutes"], 7);
    assert_eq!(second["level"], "intermediate");
    assert_eq!(second["skills"]["eval_metrics"], 2);
    assert_eq!(
        second["requires"],
        serde_json::json!(["fixture-basics/first"])
    );
}

#[test]
fn list_prints_a_table_with_status_marks() {
    let out = Command::cargo_bin("mlpath")
        .unwrap()
        .env_remove("MLPATH_LESSONS")
        .args(["--lessons", "tests/fixtures/lessons/valid", "list"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.contains("fixture-basics: Fixture basics"),
        "{stdout}"
    );
    let row = stdout
        .lines()
        .find(|l| l.contains("fixture-basics/second"))
        .unwrap();
    assert!(row.trim_start().starts_with('·'), "{row}");
    assert!(row.contains("The second lesson"), "{row}");
    assert!(row.contains("intermediate"), "{row}");
    assert!(row.contains("fixture-basics/first"), "{row}");
    assert!(stdout.contains("✓ done"), "{stdout}");
}
