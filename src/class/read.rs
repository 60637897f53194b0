//! Reading a class's exported progress files: directories and files given on the
//! command line, each file checked as `progress import` checks it, a file that cannot
//! be read reported and left out, and several exports by one learner merged.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::progress::{self, Progress, StoreError};
use crate::sanitize::clean_line;

/// One learner: their id (from the export, else the file's name) and their progress.
#[derive(Debug, Clone)]
pub struct Learner {
    pub id: String,
    /// The files this learner's progress came from.
    pub files: Vec<String>,
    pub progress: Progress,
}

/// A file that was left out, and why.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Skipped {
    pub file: String,
    pub reason: String,
}

/// Everything read for a class report.
#[derive(Debug, Clone, Default)]
pub struct ClassInput {
    pub learners: Vec<Learner>,
    /// Files read, in order.
    pub files: Vec<String>,
    pub skipped: Vec<Skipped>,
}

/// The `.toml` files in `dirs_or_files`: a directory gives its own `.toml` files
/// (sorted by name, not its subdirectories), a file is taken as given.
pub fn export_files(dirs_or_files: &[PathBuf]) -> Result<Vec<PathBuf>, Skipped> {
    let mut out = Vec::new();
    for path in dirs_or_files {
        if path.is_dir() {
            let entries = std::fs::read_dir(path).map_err(|e| Skipped {
                file: shown(path),
                reason: format!("cannot list this directory ({e})"),
            })?;
            let mut found: Vec<PathBuf> = entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "toml"))
                .collect();
            found.sort();
            out.extend(found);
        } else {
            out.push(path.clone());
        }
    }
    Ok(out)
}

/// Reads every export in `dirs_or_files`. A file that is missing, too large, not a
/// progress file or invalid is listed in [`ClassInput::skipped`] with the line and
/// column of its problem; exports with the same learner id are merged as `progress
/// import` would merge them.
pub fn read_exports(dirs_or_files: &[PathBuf]) -> ClassInput {
    let mut input = ClassInput::default();
    let files = match export_files(dirs_or_files) {
        Ok(files) => files,
        Err(skipped) => {
            input.skipped.push(skipped);
            return input;
        }
    };
    let mut by_id: BTreeMap<String, Learner> = BTreeMap::new();
    for file in files {
        let name = shown(&file);
        match progress::read_export(&file) {
            Ok(progress) => {
                input.files.push(name.clone());
                let id = learner_id(&progress, &file);
                match by_id.remove(&id) {
                    Some(mut learner) => {
                        learner.files.push(name);
                        learner.progress = progress::merge(learner.progress, progress);
                        by_id.insert(id, learner);
                    }
                    None => {
                        by_id.insert(
                            id.clone(),
                            Learner {
                                id,
                                files: vec![name],
                                progress,
                            },
                        );
                    }
                }
            }
            Err(error) => input.skipped.push(Skipped {
                file: name,
                reason: reason(&error),
            }),
        }
    }
    input.learners = by_id.into_values().collect();
    input
}

/// The learner an export belongs to: the id it was exported with, else the file's
/// name without its extension (a plain copy of `progress.toml`).
fn learner_id(progress: &Progress, file: &Path) -> String {
    match &progress.exported {
        Some(info) if !info.learner.trim().is_empty() => clean_line(info.learner.trim()),
        _ => file
            .file_stem()
            .map(|s| clean_line(&s.to_string_lossy()))
            .unwrap_or_else(|| shown(file)),
    }
}

/// Why a file was left out, as `line L, column C: …` when the position is known.
fn reason(error: &StoreError) -> String {
    match error {
        StoreError::BadFile { error, .. } => match (error.line, error.column) {
            (Some(line), Some(column)) => format!("{line}:{column}: {}", error.message),
            (Some(line), None) => format!("{line}: {}", error.message),
            _ => error.message.clone(),
        },
        other => first_line(&other.to_string()),
    }
}

fn first_line(text: &str) -> String {
    clean_line(text.lines().next().unwrap_or_default())
}

fn shown(path: &Path) -> String {
    clean_line(&path.display().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::progress::Identity;
    use crate::progress::format;

    fn write(dir: &Path, name: &str, progress: Progress) -> PathBuf {
        let path = dir.join(name);
        std::fs::write(&path, format::render(&progress)).unwrap();
        path
    }

    #[test]
    fn a_directory_gives_its_exports_and_bad_files_are_named_with_their_line() {
        let dir = tempfile::tempdir().unwrap();
        let mut a = Progress::default();
        a.open_lesson("t/a", 2);
        write(dir.path(), "ada.toml", a.clone());
        write(dir.path(), "bob.toml", a.for_export(Identity::random()));
        std::fs::write(dir.path().join("broken.toml"), "version = 1\nlessons = 3\n").unwrap();
        std::fs::write(dir.path().join("notes.txt"), "not an export").unwrap();
        let input = read_exports(&[dir.path().to_path_buf()]);
        assert_eq!(input.learners.len(), 2);
        assert_eq!(input.files.len(), 2);
        assert_eq!(input.skipped.len(), 1, "{:?}", input.skipped);
        assert!(input.skipped[0].file.ends_with("broken.toml"));
        assert!(
            input.skipped[0].reason.starts_with("2:"),
            "{:?}",
            input.skipped
        );
        assert!(input.learners.iter().any(|l| l.id == "ada"));
    }

    #[test]
    fn two_exports_by_one_learner_are_one_learner() {
        let dir = tempfile::tempdir().unwrap();
        let id = Identity::Anonymous {
            learner: "abc".into(),
        };
        let mut first = Progress::default();
        first.open_lesson("t/a", 2);
        let mut second = first.clone();
        second.complete_lesson("t/a");
        second.open_lesson("t/b", 2);
        let one = write(dir.path(), "1.toml", first.for_export(id.clone()));
        let two = write(dir.path(), "2.toml", second.for_export(id));
        let input = read_exports(&[one, two]);
        assert_eq!(input.learners.len(), 1);
        let learner = &input.learners[0];
        assert_eq!(learner.id, "abc");
        assert_eq!(learner.files.len(), 2);
        assert_eq!(learner.progress.lessons.len(), 2);
    }

    #[test]
    fn a_missing_file_is_skipped_with_a_reason() {
        let input = read_exports(&[PathBuf::from("/nonexistent/x.toml")]);
        assert!(input.learners.is_empty());
        assert_eq!(input.skipped.len(), 1);
        assert!(!input.skipped[0].reason.is_empty());
    }
}
