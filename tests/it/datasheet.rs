//! `mlpath datasheet` as a user runs it: a bundled dataset's datasheet names its
//! licence and SHA-256 and has the seven sections with their blanks; text from a CSV
//! cannot break the Markdown; `--out` writes a file and only replaces one with --force.

use assert_cmd::Command;
use mlpath::ml::audit::datasheet::{SECTIONS, TO_FILL};
use mlpath::ml::datasets;

fn mlpath() -> Command {
    Command::cargo_bin("mlpath").expect("the binary is built")
}

fn stdout_of(args: &[&std::ffi::OsStr]) -> String {
    let output = mlpath().arg("datasheet").args(args).output().unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn a_bundled_dataset_names_its_licence_and_hash() {
    let sheet = stdout_of(&["german_credit".as_ref()]);
    let info = datasets::info("german_credit").unwrap();
    for (i, name) in SECTIONS.iter().enumerate() {
        assert!(
            sheet.contains(&format!("\n## {}. {name}\n", i + 1)),
            "{name}"
        );
    }
    assert!(sheet.matches(TO_FILL).count() >= SECTIONS.len());
    assert!(sheet.contains(&info.licence), "{sheet}");
    assert!(sheet.contains(&format!("SHA-256: `{}`", info.sha256)));
    assert!(sheet.contains("Hofmann (1994)"));
    assert!(sheet.contains("- rows: 1000\n- columns: 21\n"));
    // The registry's target gives the class balance without --target.
    assert!(sheet.contains("| good | 700 | 70.0 % |"), "{sheet}");
    assert!(sheet.contains("| bad | 300 | 30.0 % |"), "{sheet}");
}

#[test]
fn a_hostile_csv_does_not_break_the_markdown() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("h.csv");
    std::fs::write(
        &path,
        "\"|x|\",# y,label\n1,\"a|b\",\"<b>*\"\n2,c,ok\n3,c,ok\n",
    )
    .unwrap();
    let sheet = stdout_of(&[path.as_os_str(), "--target".as_ref(), "label".as_ref()]);
    // No data line starts a heading, and every table row keeps its number of cells.
    let headings: Vec<&str> = sheet.lines().filter(|l| l.starts_with('#')).collect();
    assert_eq!(headings.len(), 1 + SECTIONS.len(), "{headings:?}");
    for line in sheet.lines().filter(|l| l.starts_with('|')) {
        let borders = line.matches('|').count() - line.matches("\\|").count();
        assert!(borders == 4 || borders == 5, "{line}");
    }
    assert!(sheet.contains("| \\|x\\| | number |"), "{sheet}");
    assert!(sheet.contains("| \\# y | text |"), "{sheet}");
    assert!(sheet.contains("| \\<b\\>\\* | 1 | 33.3 % |"), "{sheet}");
    // An unknown target is bad input.
    let output = mlpath()
        .arg("datasheet")
        .arg(&path)
        .args(["--target", "nope"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn out_writes_a_file_and_refuses_to_overwrite_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("sheet.md");
    let output = mlpath()
        .args(["datasheet", "iris", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert!(output.stdout.is_empty());
    let written = std::fs::read_to_string(&out).unwrap();
    assert!(written.starts_with("# Datasheet: iris\n"), "{written}");
    std::fs::write(&out, "my notes").unwrap();
    let output = mlpath()
        .args(["datasheet", "iris", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("--force"));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "my notes");
    let output = mlpath()
        .args(["datasheet", "iris", "--force", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), written);
    // Nothing but the datasheet is left in the directory.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}
