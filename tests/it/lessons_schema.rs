//! `mlpath lessons schema`: every bundled file validates against the generated JSON
//! Schema, and the schema rejects every malformed fixture class it can express. The
//! classes it cannot express are listed with the reason, so that a new fixture class
//! must be classified here.

use std::fs;
use std::path::Path;

use mlpath::catalog::{DRAFT, SchemaKind, json_schema};
use serde_json::{Value, json};

fn validator(kind: SchemaKind) -> jsonschema::Validator {
    let schema = json_schema(kind);
    assert_eq!(schema["$schema"], DRAFT);
    assert!(
        jsonschema::meta::is_valid(&schema),
        "the {} schema is a valid draft-07 schema",
        kind.name()
    );
    jsonschema::draft7::new(&schema).expect("the schema compiles")
}

/// The kind of lesson-format file a path is.
fn kind_of(path: &Path) -> SchemaKind {
    match path.file_name().and_then(|n| n.to_str()) {
        Some("track.toml") => SchemaKind::Track,
        Some("skills.toml") => SchemaKind::Skills,
        Some("roles.toml") => SchemaKind::Roles,
        _ => SchemaKind::Lesson,
    }
}

/// A TOML file as the JSON an editor's schema check sees.
fn as_json(path: &Path) -> Value {
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let value: toml::Value =
        toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::to_value(value).unwrap()
}

fn errors(v: &jsonschema::Validator, instance: &Value) -> Vec<String> {
    v.iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

/// Every `.toml` file under `dir`, sorted.
fn toml_files(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "toml") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

#[test]
fn every_bundled_file_is_valid_against_its_schema() {
    let validators: Vec<(SchemaKind, jsonschema::Validator)> = SchemaKind::ALL
        .iter()
        .map(|k| (*k, validator(*k)))
        .collect();
    let files = toml_files(Path::new("lessons"));
    let mut kinds_seen = Vec::new();
    for path in &files {
        let kind = kind_of(path);
        kinds_seen.push(kind);
        let v = &validators.iter().find(|(k, _)| *k == kind).unwrap().1;
        let found = errors(v, &as_json(path));
        assert!(found.is_empty(), "{}: {found:#?}", path.display());
    }
    for kind in SchemaKind::ALL {
        assert!(
            kinds_seen.contains(&kind),
            "no bundled {} file",
            kind.name()
        );
    }
    assert!(files.len() > 10, "the bundled lessons were found");
}

/// A header that the lesson schema accepts, for checking one step on its own.
fn lesson_with(step: Value) -> Value {
    json!({
        "format_version": 1,
        "id": "a",
        "title": "A lesson",
        "summary": "One sentence.",
        "minutes": 5,
        "level": "beginner",
        "steps": [step],
    })
}

/// What the schema makes of one fixture class.
enum Class {
    /// The schema rejects each of these: a whole file (no step numbers), or each
    /// listed step (1-based) of a lesson file on its own, under a valid header.
    Rejects(&'static [(&'static str, &'static [usize])]),
    /// The schema rejects these, and cannot express the rest of the class, because…
    Partly(&'static [(&'static str, &'static [usize])], &'static str),
    /// The schema cannot express the class at all, because…
    Cannot(&'static str),
    /// A valid fixture: the schema accepts every file.
    Valid,
}

use Class::*;

const WHOLE: &[usize] = &[];

/// Every fixture class in tests/fixtures/lessons.
const CLASSES: &[(&str, Class)] = &[
    ("bad-id", Rejects(&[("01-a.toml", WHOLE)])),
    (
        "choice-answer",
        Cannot("an answer index must be below the number of options: a bound set by another key"),
    ),
    ("choice-answers", Rejects(&[("01-a.toml", &[1, 2, 3])])),
    ("choice-options", Rejects(&[("01-a.toml", &[1, 2])])),
    (
        "control-chars",
        Cannot(
            "control characters and escape sequences are found in the raw file, TOML escapes \
             included; the schema leaves text to the loader's sanitising checks",
        ),
    ),
    ("cycle", Cannot("prerequisite cycles span several files")),
    ("dataset", Rejects(&[("01-a.toml", &[1, 2, 3])])),
    (
        "duplicate-id",
        Cannot("unique lesson ids span several files"),
    ),
    (
        "duplicate-track",
        Cannot("unique track ids span several directories"),
    ),
    ("empty-text", Rejects(&[("01-a.toml", &[1])])),
    (
        "exercise-check",
        Partly(
            &[("01-a.toml", WHOLE), ("01-a.toml", &[1, 2, 3])],
            "`min`/`max` on a non-numeric key, `min` above `max`, `one_of` values of another \
             type than the key or outside `min`/`max`, and a key listed twice depend on other \
             keys' values or other rules",
        ),
    ),
    (
        "exercise-data-check",
        Partly(
            &[("01-a.toml", &[1, 2, 4, 5])],
            "a `catch` column must be a column of the clean dataset (its contents), and \
             `batch` must differ from `clean` (another key's value)",
        ),
    ),
    ("exercise-data-ok", Valid),
    (
        "exercise-file",
        Partly(
            &[("01-a.toml", &[1, 3])],
            "`..` folder parts and names ending in .bak need look-ahead that editors' \
             patterns lack; one file per exercise spans several steps",
        ),
    ),
    (
        "exercise-goal",
        Partly(
            &[("01-a.toml", &[3])],
            "whether the starter fails and the solution passes needs the checker run on them",
        ),
    ),
    ("exercise-ok", Valid),
    (
        "file-name",
        Cannot("lesson file names and stray files are about the directory, not a file's content"),
    ),
    ("format-version", Rejects(&[("01-a.toml", WHOLE)])),
    (
        "honest-levels",
        Partly(
            &[
                ("01-a.toml", &[1]),
                ("02-b.toml", WHOLE),
                ("03-c.toml", &[1]),
            ],
            "level 3 needs an `independent` exercise or lab step: it depends on the steps",
        ),
    ),
    (
        "invalid-utf8",
        Cannot("a file that is not UTF-8 has no TOML to check"),
    ),
    ("lab-changepoints", Rejects(&[("01-a.toml", &[1])])),
    (
        "lab-columns",
        Cannot("columns and labels are checked against the dataset's contents"),
    ),
    ("lab-decay", Rejects(&[("01-a.toml", &[1])])),
    (
        "lab-goal",
        Partly(
            &[("01-a.toml", &[1, 3, 4, 5, 6])],
            "a metric that fits the model, a bound the metric can reach, and `best` differing \
             from `metric` depend on other keys' values",
        ),
    ),
    ("lab-keys", Rejects(&[("01-a.toml", &[1])])),
    ("lab-kind", Rejects(&[("01-a.toml", &[1])])),
    ("lab-model", Rejects(&[("01-a.toml", &[1, 2])])),
    ("lab-numbers", Rejects(&[("01-a.toml", &[1, 2, 3])])),
    ("missing-field", Rejects(&[("01-a.toml", WHOLE)])),
    (
        "multi",
        Rejects(&[("01-a.toml", WHOLE), ("01-a.toml", &[1, 2, 3, 4])]),
    ),
    ("no-steps", Rejects(&[("01-a.toml", WHOLE)])),
    (
        "number-fairness",
        Cannot("whether the tolerance accepts the numbers the hints discuss needs the text read"),
    ),
    (
        "number-precision",
        Cannot("the precision the prompt asks for is in its words"),
    ),
    ("number-step", Rejects(&[("01-a.toml", &[1])])),
    (
        "requires",
        Partly(
            &[("01-a.toml", WHOLE)],
            "whether a required lesson exists spans several files",
        ),
    ),
    (
        "roles-file",
        Partly(
            &[("roles.toml", WHOLE)],
            "unknown skill ids, core skills outside `requires` and role ids defined twice \
             need skills.toml or the other roles",
        ),
    ),
    (
        "skills",
        Partly(
            &[("01-a.toml", WHOLE)],
            "unknown skill ids need skills.toml",
        ),
    ),
    (
        "skills-file",
        Partly(
            &[("skills.toml", WHOLE)],
            "a skill id defined twice needs the other skills",
        ),
    ),
    ("step-type", Rejects(&[("01-a.toml", &[1])])),
    (
        "syntax",
        Cannot("a file that is not TOML has nothing to check"),
    ),
    ("unknown-field", Rejects(&[("01-a.toml", WHOLE)])),
    ("valid", Valid),
    ("wrong-type", Rejects(&[("01-a.toml", WHOLE)])),
];

#[test]
fn the_schema_rejects_every_fixture_class_it_can_express() {
    let lesson = validator(SchemaKind::Lesson);
    let root = Path::new("tests/fixtures/lessons");
    let mut dirs: Vec<String> = fs::read_dir(root)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    dirs.sort();
    let named: Vec<&str> = CLASSES.iter().map(|(n, _)| *n).collect();
    for dir in &dirs {
        assert!(
            named.contains(&dir.as_str()),
            "fixture class `{dir}` is not classified: say in CLASSES whether the schema \
             rejects it, or why it cannot"
        );
    }
    for name in &named {
        assert!(dirs.iter().any(|d| d == name), "no fixture class `{name}`");
    }
    for (name, class) in CLASSES {
        let dir = root.join(name);
        if let Cannot(reason) | Partly(_, reason) = class {
            assert!(!reason.is_empty(), "{name}: give the reason");
        }
        let parts = match class {
            Rejects(parts) | Partly(parts, _) => *parts,
            Cannot(_) => continue,
            Valid => {
                for path in toml_files(&dir) {
                    let v = validator(kind_of(&path));
                    let found = errors(&v, &as_json(&path));
                    assert!(found.is_empty(), "{}: {found:#?}", path.display());
                }
                continue;
            }
        };
        assert!(!parts.is_empty(), "{name}: list what the schema rejects");
        for (file, steps) in parts {
            let path = dir.join(file);
            let doc = as_json(&path);
            if steps.is_empty() {
                let v = validator(kind_of(&path));
                assert!(
                    !v.is_valid(&doc),
                    "{}: the schema accepts this malformed file",
                    path.display()
                );
                continue;
            }
            let all = doc["steps"].as_array().expect("a lesson with steps");
            assert!(
                lesson.is_valid(&lesson_with(json!({ "type": "read", "text": "Hello." }))),
                "the header used for single steps is valid"
            );
            for n in *steps {
                let step = all
                    .get(n - 1)
                    .unwrap_or_else(|| panic!("{}: no step {n}", path.display()));
                assert!(
                    !lesson.is_valid(&lesson_with(step.clone())),
                    "{}: the schema accepts malformed step {n}: {step}",
                    path.display()
                );
            }
        }
    }
}

#[test]
fn lessons_schema_prints_the_lesson_schema_and_writes_all_four() {
    let out = assert_cmd::Command::cargo_bin("mlpath")
        .unwrap()
        .args(["lessons", "schema"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let printed: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(printed, json_schema(SchemaKind::Lesson));

    let out = assert_cmd::Command::cargo_bin("mlpath")
        .unwrap()
        .args(["lessons", "schema", "--kind", "roles"])
        .output()
        .unwrap();
    let printed: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(printed, json_schema(SchemaKind::Roles));

    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("schemas");
    let out = assert_cmd::Command::cargo_bin("mlpath")
        .unwrap()
        .args(["lessons", "schema", "--out"])
        .arg(&target)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    for kind in SchemaKind::ALL {
        let text = fs::read_to_string(target.join(kind.file_name())).unwrap();
        let written: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(written, json_schema(kind), "{}", kind.file_name());
    }
}

#[test]
fn a_scaffolded_lesson_is_valid_against_the_schema() {
    let dir = tempfile::tempdir().unwrap();
    let out = assert_cmd::Command::cargo_bin("mlpath")
        .unwrap()
        .env_remove("MLPATH_LESSONS")
        .args(["lessons", "new", "mlops/model-registry", "--dir"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let files = toml_files(dir.path());
    assert_eq!(files.len(), 2, "{files:?}");
    for path in files {
        let v = validator(kind_of(&path));
        let found = errors(&v, &as_json(&path));
        assert!(found.is_empty(), "{}: {found:#?}", path.display());
    }
}
