//! `mlpath datasheet DATA`: a Markdown datasheet skeleton for a bundled dataset or a CSV
//! file ([`crate::ml::audit::datasheet`]), on stdout or, with `--out`, written
//! atomically to a file that is only replaced with `--force`.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;

use crate::cli::DatasheetArgs;
use crate::ml::audit::datasheet::{SheetInput, datasheet};
use crate::ml::datasets;
use crate::ml::io::Source;
use crate::sanitize::clean_line;

pub fn run(args: &DatasheetArgs) -> anyhow::Result<ExitCode> {
    let source = Source::parse(&args.data)?;
    super::note(source.note.as_deref());
    if let Some(path) = &args.out
        && !args.force
        && path.exists()
    {
        anyhow::bail!(
            "{} exists; pass --force to replace it",
            clean_line(&path.display().to_string())
        );
    }
    let (table, sha256) = super::audit::read(&source)?;
    let info = source.bundled().and_then(datasets::info);
    let target = args
        .target
        .as_deref()
        .or_else(|| info.and_then(|i| i.target.as_deref()));
    let text = datasheet(
        &table,
        &SheetInput {
            source: &source.display,
            sha256: &sha256,
            target,
            info,
        },
    )?;
    match &args.out {
        None => super::out(&text)?,
        Some(path) => {
            write_file(path, &text, args.force)?;
            super::err_line(&format!(
                "wrote the datasheet to {}",
                clean_line(&path.display().to_string())
            ));
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Writes `text` to `path` atomically (a temporary file in the same directory, then
/// renamed), replacing an existing file only when `force` is set.
fn write_file(path: &Path, text: &str, force: bool) -> anyhow::Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let shown = clean_line(&path.display().to_string());
    let mut file = tempfile::NamedTempFile::new_in(&dir)
        .with_context(|| format!("cannot write {shown} (is its directory there and writable?)"))?;
    file.write_all(text.as_bytes())
        .with_context(|| format!("cannot write {shown}"))?;
    let persisted = if force {
        file.persist(path).map(drop)
    } else {
        file.persist_noclobber(path).map(drop)
    };
    persisted.map_err(|e| {
        if e.error.kind() == std::io::ErrorKind::AlreadyExists {
            anyhow::anyhow!("{shown} exists; pass --force to replace it")
        } else {
            anyhow::Error::new(e.error).context(format!("cannot write {shown}"))
        }
    })
}
