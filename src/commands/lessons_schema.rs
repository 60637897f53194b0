//! `mlpath lessons schema`: the JSON Schema of lesson files (or track, skills and
//! roles files) for editors, generated from the shapes the loader reads.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;

use crate::catalog::{SchemaKind, json_schema};
use crate::cli::SchemaFile;

fn kind_of(file: SchemaFile) -> SchemaKind {
    match file {
        SchemaFile::Lesson => SchemaKind::Lesson,
        SchemaFile::Track => SchemaKind::Track,
        SchemaFile::Skills => SchemaKind::Skills,
        SchemaFile::Roles => SchemaKind::Roles,
    }
}

/// The schema as the file holds it: pretty JSON with a final newline.
pub fn schema_text(kind: SchemaKind) -> String {
    let mut text =
        serde_json::to_string_pretty(&json_schema(kind)).expect("a JSON value serialises");
    text.push('\n');
    text
}

/// Writes every schema into `dir` (created if missing); returns the files written.
pub fn write_all(dir: &Path) -> anyhow::Result<Vec<PathBuf>> {
    fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let mut written = Vec::new();
    for kind in SchemaKind::ALL {
        let path = dir.join(kind.file_name());
        fs::write(&path, schema_text(kind))
            .with_context(|| format!("writing {}", path.display()))?;
        written.push(path);
    }
    Ok(written)
}

pub fn run(kind: SchemaFile, out: Option<&Path>) -> anyhow::Result<ExitCode> {
    match out {
        None => super::out(&schema_text(kind_of(kind)))?,
        Some(dir) => {
            let mut text = String::new();
            for path in write_all(dir)? {
                text.push_str(&format!("wrote {}\n", path.display()));
            }
            text.push_str(
                "put `#:schema ./lesson.schema.json` (a path relative to the TOML file) at \
                 the top of a lesson file for completion in Taplo / Even Better TOML\n",
            );
            super::out(&text)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
