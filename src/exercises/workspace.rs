//! The learner's exercise files: `<data dir>/workspace/<track>/<lesson>/<file>`.
//!
//! The learner's file is theirs: it is created from the starter when missing and
//! otherwise only replaced when they ask to restore the starter, and then their
//! version is kept as `<file>.bak` first. Every write goes to a temporary file in the
//! same directory that is renamed into place, so a crash leaves the old or the new
//! file, never half of one.

use std::fs;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use thiserror::Error;

/// The folder of the data directory that holds the workspaces.
pub const WORKSPACE_DIR: &str = "workspace";

/// Files larger than this are not read (a learner's config is far smaller).
pub const MAX_FILE_BYTES: u64 = 1024 * 1024;

#[derive(Debug, Error)]
pub enum WorkspaceError {
    #[error("cannot {action} {}: {cause}", shown(path))]
    Io {
        action: &'static str,
        path: PathBuf,
        cause: io::Error,
    },
    #[error("{} does not exist; press r to write the starter again", shown(path))]
    Missing { path: PathBuf },
    #[error(
        "{} is over the 1 MiB limit ({size} bytes); is it the right file?",
        shown(path)
    )]
    TooLarge { path: PathBuf, size: u64 },
    #[error(
        "{} is not valid UTF-8 (byte 0x{byte:02X} at {line}:{col}); save it with UTF-8 encoding",
        shown(path)
    )]
    NotUtf8 {
        path: PathBuf,
        byte: u8,
        line: usize,
        col: usize,
    },
}

fn shown(path: &Path) -> String {
    crate::sanitize::clean_line(&path.display().to_string())
}

fn io_error(action: &'static str, path: &Path) -> impl FnOnce(io::Error) -> WorkspaceError {
    let path = path.to_path_buf();
    move |cause| WorkspaceError::Io {
        action,
        path,
        cause,
    }
}

/// What [`Workspace::restore`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Restored {
    /// The file already held the starter; nothing changed.
    Unchanged,
    /// The file was missing and now holds the starter.
    Written,
    /// The learner's version was kept at this path and the starter written.
    BackedUp(PathBuf),
}

/// The root of all exercise workspaces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Workspace {
    root: PathBuf,
}

impl Workspace {
    /// The workspace root inside a data directory.
    pub fn in_data_dir(data_dir: &Path) -> Workspace {
        Workspace {
            root: data_dir.join(WORKSPACE_DIR),
        }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The folder of one lesson (`track/lesson` id): `<root>/<track>/<lesson>`.
    pub fn lesson_dir(&self, lesson_id: &str) -> PathBuf {
        // Lesson ids are `[a-z0-9-]+/[a-z0-9-]+`, checked by the catalog.
        lesson_id
            .split('/')
            .fold(self.root.clone(), |dir, part| dir.join(part))
    }

    /// The path of an exercise file (a relative name checked by the catalog).
    pub fn file(&self, lesson_id: &str, file: &str) -> PathBuf {
        file.split('/')
            .fold(self.lesson_dir(lesson_id), |dir, part| dir.join(part))
    }

    /// Creates the file from `starter` if it does not exist; never replaces one that
    /// does. Returns whether it was created.
    pub fn ensure(
        &self,
        lesson_id: &str,
        file: &str,
        starter: &str,
    ) -> Result<bool, WorkspaceError> {
        let path = self.file(lesson_id, file);
        if path.exists() {
            return Ok(false);
        }
        let dir = parent(&path);
        fs::create_dir_all(&dir).map_err(io_error("create the folder", &dir))?;
        match write_new(&dir, &path, starter) {
            Ok(()) => Ok(true),
            // Someone (the learner's editor) created it meanwhile: theirs wins.
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Ok(false),
            Err(e) => Err(io_error("write", &path)(e)),
        }
    }

    /// Puts the starter back. A learner's version that differs from it is first kept
    /// as `<file>.bak` (replacing an older backup).
    pub fn restore(
        &self,
        lesson_id: &str,
        file: &str,
        starter: &str,
    ) -> Result<Restored, WorkspaceError> {
        let path = self.file(lesson_id, file);
        let dir = parent(&path);
        let current = match fs::read(&path) {
            Ok(bytes) => Some(bytes),
            Err(e) if e.kind() == io::ErrorKind::NotFound => None,
            Err(e) => return Err(io_error("read", &path)(e)),
        };
        let restored = match current {
            Some(bytes) if bytes == starter.as_bytes() => return Ok(Restored::Unchanged),
            Some(bytes) => {
                let backup = backup_path(&path);
                write_replacing(&dir, &backup, &bytes).map_err(io_error("write", &backup))?;
                Restored::BackedUp(backup)
            }
            None => {
                fs::create_dir_all(&dir).map_err(io_error("create the folder", &dir))?;
                Restored::Written
            }
        };
        write_replacing(&dir, &path, starter.as_bytes()).map_err(io_error("write", &path))?;
        Ok(restored)
    }

    /// Reads the learner's file as text.
    pub fn read(&self, lesson_id: &str, file: &str) -> Result<String, WorkspaceError> {
        read_text(&self.file(lesson_id, file))
    }
}

/// Reads a file of at most [`MAX_FILE_BYTES`] as UTF-8.
pub fn read_text(path: &Path) -> Result<String, WorkspaceError> {
    let handle = match fs::File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            return Err(WorkspaceError::Missing {
                path: path.to_path_buf(),
            });
        }
        Err(e) => return Err(io_error("open", path)(e)),
    };
    let mut bytes = Vec::new();
    handle
        .take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(io_error("read", path))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        let size = fs::metadata(path).map_or(bytes.len() as u64, |m| m.len());
        return Err(WorkspaceError::TooLarge {
            path: path.to_path_buf(),
            size,
        });
    }
    String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let bytes = e.into_bytes();
        let prefix = String::from_utf8_lossy(&bytes[..valid]);
        let pos = super::pos_of(&prefix, valid);
        WorkspaceError::NotUtf8 {
            path: path.to_path_buf(),
            byte: bytes[valid],
            line: pos.line,
            col: pos.col,
        }
    })
}

/// `<file>.bak` beside the file.
pub fn backup_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".bak");
    path.with_file_name(name)
}

fn parent(path: &Path) -> PathBuf {
    path.parent().map(Path::to_path_buf).unwrap_or_default()
}

fn temp_in(dir: &Path, target: &Path, bytes: &[u8]) -> io::Result<tempfile::NamedTempFile> {
    let name = target.file_name().unwrap_or_default().to_string_lossy();
    let mut temp = tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .suffix(".tmp")
        .tempfile_in(dir)?;
    temp.write_all(bytes)?;
    temp.as_file().sync_all()?;
    Ok(temp)
}

/// Writes `target` atomically, replacing it if present.
fn write_replacing(dir: &Path, target: &Path, bytes: &[u8]) -> io::Result<()> {
    temp_in(dir, target, bytes)?
        .persist(target)
        .map_err(|e| e.error)?;
    crate::progress::store::sync_dir(dir)
}

/// Writes `target` atomically, failing with `AlreadyExists` if it exists.
fn write_new(dir: &Path, target: &Path, text: &str) -> io::Result<()> {
    temp_in(dir, target, text.as_bytes())?
        .persist_noclobber(target)
        .map_err(|e| e.error)?;
    crate::progress::store::sync_dir(dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ws() -> (tempfile::TempDir, Workspace) {
        let home = tempfile::tempdir().unwrap();
        let ws = Workspace::in_data_dir(home.path());
        (home, ws)
    }

    #[test]
    fn paths_follow_track_and_lesson() {
        let ws = Workspace::in_data_dir(Path::new("/data"));
        assert_eq!(
            ws.file("mlops/gates", "ci/gate.toml"),
            Path::new("/data/workspace/mlops/gates/ci/gate.toml")
        );
    }

    #[test]
    fn ensure_creates_once_and_never_overwrites() {
        let (_home, ws) = ws();
        assert!(ws.ensure("t/l", "a.toml", "start\n").unwrap());
        assert_eq!(ws.read("t/l", "a.toml").unwrap(), "start\n");
        fs::write(ws.file("t/l", "a.toml"), "mine\n").unwrap();
        assert!(!ws.ensure("t/l", "a.toml", "start\n").unwrap());
        assert_eq!(ws.read("t/l", "a.toml").unwrap(), "mine\n");
        // No temporary files are left behind.
        let names: Vec<_> = fs::read_dir(ws.lesson_dir("t/l"))
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["a.toml"]);
    }

    #[test]
    fn restore_keeps_the_learners_version() {
        let (_home, ws) = ws();
        ws.ensure("t/l", "a.toml", "start\n").unwrap();
        assert_eq!(
            ws.restore("t/l", "a.toml", "start\n").unwrap(),
            Restored::Unchanged
        );
        fs::write(ws.file("t/l", "a.toml"), "mine\n").unwrap();
        let backup = ws.file("t/l", "a.toml.bak");
        assert_eq!(
            ws.restore("t/l", "a.toml", "start\n").unwrap(),
            Restored::BackedUp(backup.clone())
        );
        assert_eq!(fs::read_to_string(&backup).unwrap(), "mine\n");
        assert_eq!(ws.read("t/l", "a.toml").unwrap(), "start\n");
        // Restoring again keeps the backup: the file already is the starter.
        ws.restore("t/l", "a.toml", "start\n").unwrap();
        assert_eq!(fs::read_to_string(&backup).unwrap(), "mine\n");
        fs::remove_file(ws.file("t/l", "a.toml")).unwrap();
        assert_eq!(
            ws.restore("t/l", "a.toml", "start\n").unwrap(),
            Restored::Written
        );
    }

    #[test]
    fn reading_reports_missing_large_and_non_utf8_files() {
        let (_home, ws) = ws();
        let err = ws.read("t/l", "a.toml").unwrap_err().to_string();
        assert!(err.contains("does not exist; press r"), "{err}");
        ws.ensure("t/l", "a.toml", "").unwrap();
        fs::write(ws.file("t/l", "a.toml"), b"ok = 1\nx = \"\xff\"\n").unwrap();
        let err = ws.read("t/l", "a.toml").unwrap_err().to_string();
        assert!(err.contains("byte 0xFF at 2:6"), "{err}");
        fs::write(ws.file("t/l", "a.toml"), vec![b'#'; 2 * 1024 * 1024]).unwrap();
        let err = ws.read("t/l", "a.toml").unwrap_err().to_string();
        assert!(
            err.contains("over the 1 MiB limit (2097152 bytes)"),
            "{err}"
        );
    }
}
