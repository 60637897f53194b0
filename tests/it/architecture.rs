//! `docs/architecture.md` stays true: the arrows run one way, the tutor reads no clock of
//! its own, every lab's keys follow the one convention, and the generated blocks of the
//! docs match the code. `MLPATH_UPDATE_DOCS=1 cargo test architecture` rewrites the
//! generated blocks.

use std::fs;
use std::path::{Path, PathBuf};

use mlpath::catalog::LabKind;
use mlpath::labs::keys::{LETTERS, TUTOR_LETTERS, convention_breaks};
use mlpath::labs::{self, LabKey};
use mlpath::tui::keymap::{BINDINGS, Context, Key};

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    out
}

fn files_containing(dirs: &[&str], needle: &str) -> Vec<String> {
    dirs.iter()
        .flat_map(|d| rust_files(Path::new(d)))
        .filter(|p| fs::read_to_string(p).unwrap().contains(needle))
        .map(|p| p.display().to_string())
        .collect()
}

#[test]
fn labs_draw_and_engines_never_import_the_tutor() {
    assert_eq!(
        files_containing(&["src/labs", "src/draw", "src/ml"], "crate::tui"),
        Vec::<String>::new()
    );
    assert_eq!(
        files_containing(&["src/ml", "src/draw"], "crate::labs"),
        Vec::<String>::new()
    );
}

#[test]
fn the_tutor_reads_time_from_the_apps_clock() {
    let readers: Vec<String> = files_containing(&["src/tui"], "SystemTime::now")
        .into_iter()
        .filter(|f| !f.ends_with("app.rs"))
        .collect();
    assert_eq!(readers, Vec::<String>::new());
    let app = fs::read_to_string("src/tui/app.rs").unwrap();
    assert_eq!(
        app.matches("SystemTime::now").count(),
        1,
        "app.rs names the system clock once, as the default of App::clock"
    );
}

#[test]
fn every_lab_follows_the_key_convention() {
    for kind in LabKind::ALL.iter().copied() {
        let tables = labs::key_tables(kind);
        if kind != LabKind::SelfAssessment {
            assert!(!tables.is_empty(), "{} has no key table", kind.name());
        }
        for table in tables {
            let breaks = convention_breaks(kind.name(), &table);
            assert!(breaks.is_empty(), "{breaks:#?}");
            for row in &table {
                assert!(
                    !row.keys.contains(&LabKey::Char(' ')),
                    "{}: Space arrives as Select",
                    kind.name()
                );
            }
        }
    }
}

#[test]
fn the_tutor_keeps_only_its_own_letters_inside_a_lab() {
    for binding in BINDINGS {
        let in_labs = binding.contexts.is_empty() || binding.contexts.contains(&Context::Lab);
        if !in_labs {
            continue;
        }
        for key in binding.keys {
            if let Key::Char(c) = key {
                assert!(
                    TUTOR_LETTERS.contains(c),
                    "the tutor takes '{c}' in labs; add it to labs::keys::TUTOR_LETTERS"
                );
            }
        }
    }
}

/// Replaces the text between `<!-- generated: NAME -->` and `<!-- end: NAME -->` with
/// `body` when asked to, otherwise checks that it is already there.
pub fn generated_block(file: &str, name: &str, body: &str) {
    let text = fs::read_to_string(file).unwrap();
    let start = format!("<!-- generated: {name} -->\n");
    let end = format!("<!-- end: {name} -->");
    let from = text
        .find(&start)
        .unwrap_or_else(|| panic!("{file} has no `{start}` marker"))
        + start.len();
    let to = text[from..]
        .find(&end)
        .unwrap_or_else(|| panic!("{file} has no `{end}` marker"))
        + from;
    if text[from..to] == *body {
        return;
    }
    if std::env::var_os("MLPATH_UPDATE_DOCS").is_some() {
        fs::write(file, format!("{}{body}{}", &text[..from], &text[to..])).unwrap();
        return;
    }
    panic!(
        "{file}: the generated block `{name}` is out of date; rerun with MLPATH_UPDATE_DOCS=1.\n\
         expected:\n{body}\nfound:\n{}",
        &text[from..to]
    );
}

#[test]
fn the_letter_table_in_the_architecture_guide_is_the_codes() {
    let mut body = String::from("| letter | meaning |\n|---|---|\n");
    for (c, meaning) in LETTERS {
        body.push_str(&format!("| `{c}` | {meaning} |\n"));
    }
    generated_block("docs/architecture.md", "lab-letters", &body);
}

#[test]
fn the_authoring_guide_lists_every_lab_kind_and_its_keys() {
    let mut body = String::from(
        "| kind | keys it needs | keys it may take | keys in the lab |\n|---|---|---|---|\n",
    );
    let code = |keys: &[&str]| {
        if keys.is_empty() {
            "—".to_string()
        } else {
            keys.iter()
                .map(|k| format!("`{k}`"))
                .collect::<Vec<_>>()
                .join(", ")
        }
    };
    for kind in LabKind::ALL.iter().copied() {
        let mut lab_keys: Vec<String> = Vec::new();
        for table in labs::key_tables(kind) {
            for row in table {
                let entry = format!("{} {}", row.label, row.does);
                if !lab_keys.contains(&entry) {
                    lab_keys.push(entry);
                }
            }
        }
        body.push_str(&format!(
            "| [`{name}`](#{name}) | {} | {} | {} |\n",
            code(&kind.required_keys()),
            code(&kind.optional_keys()),
            if lab_keys.is_empty() {
                "(a screen of its own)".to_string()
            } else {
                lab_keys.join("; ")
            },
            name = kind.name(),
        ));
    }
    generated_block("docs/authoring.md", "lab-kinds", &body);
    let guide = fs::read_to_string("docs/authoring.md").unwrap();
    for kind in LabKind::ALL {
        assert!(
            guide.contains(&format!("\n### {}\n", kind.name())),
            "docs/authoring.md has no `### {}` section",
            kind.name()
        );
    }
}
