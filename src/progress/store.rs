//! The only code that writes progress to disk.
//!
//! Progress lives in `progress.toml` in the data directory (`MLPATH_HOME`, else the
//! platform's data directory for mlpath). Nothing a learner achieved is ever lost:
//! - every save takes the directory's lock, re-reads the file, merges it with the
//!   progress in memory ([`merge`]) and replaces the file atomically, so two mlpath
//!   processes never erase each other's work and a crash leaves the old or the new file;
//! - a file that does not parse is never overwritten: it is moved aside unchanged to
//!   `progress.corrupt-<time>.toml` and reported as a [`Notice`];
//! - a file written by a newer mlpath is left alone: the store becomes read-only;
//! - a data directory that cannot be written (a read-only file system, no permission)
//!   is read without the lock: the store is read-only and says so;
//! - a `progress.toml` that is a symbolic link is replaced in its target's directory,
//!   so the link stays; the file keeps its permissions;
//! - a file above [`MAX_FILE_BYTES`] is refused before it is read.

mod files;
mod notice;

use std::io;
use std::mem;
use std::path::{Path, PathBuf};

use super::export::Identity;
use super::format::{self, ParseError, Parsed};
use super::merge::{merge, merge_changes};
use super::record::{CURRENT_VERSION, Progress, Status};
use crate::sanitize;

pub use files::{file_stamp, sync_dir};

/// The progress file's name in the data directory.
pub const PROGRESS_FILE: &str = "progress.toml";
/// The lock file every writer of the data directory holds.
pub const LOCK_FILE: &str = "progress.lock";
const CORRUPT_STEM: &str = "progress.corrupt";
const BACKUP_STEM: &str = "progress.before-reset";
/// The largest progress file mlpath reads (a learner's file is a few kilobytes; one
/// with every bundled lesson, lab and review card is under 100 KB).
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

pub use notice::Notice;

/// Why the store could not do what was asked.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot {action} {}: {cause}", shown(path))]
    Io {
        action: &'static str,
        path: PathBuf,
        cause: io::Error,
    },
    #[error(
        "{}: {error}\n  hint: fix the file, or export it again with `mlpath progress export`",
        shown(path)
    )]
    BadFile { path: PathBuf, error: ParseError },
    #[error(
        "{} was written by a newer mlpath (format version {version}; this one reads up to \
         {CURRENT_VERSION})\n  hint: import it with the newer mlpath",
        shown(path)
    )]
    NewerFile { path: PathBuf, version: i64 },
    #[error(
        "{} was written by a newer mlpath (format version {version}); this mlpath does not \
         change it\n  hint: update mlpath",
        shown(path)
    )]
    ReadOnly { path: PathBuf, version: i64 },
    #[error(
        "{} cannot be written ({cause}); nothing was changed\n  hint: make the directory \
         writable, or set MLPATH_HOME to a directory that is",
        shown(dir)
    )]
    ReadOnlyDir { dir: PathBuf, cause: String },
    #[error(
        "{} is {size} bytes; mlpath reads progress files up to {MAX_FILE_BYTES} bytes (8 MiB)\n  \
         hint: a progress file this large was not written by mlpath: move it away (mlpath \
         then starts afresh) and import a smaller export with `mlpath progress import`",
        shown(path)
    )]
    TooLarge { path: PathBuf, size: u64 },
    #[error("no data directory for mlpath could be found\n  hint: set MLPATH_HOME to a directory")]
    NoDataDir,
}

fn shown(path: &Path) -> String {
    sanitize::clean_line(&path.display().to_string())
}

fn io_error(action: &'static str, path: &Path) -> impl FnOnce(io::Error) -> StoreError {
    let path = path.to_path_buf();
    move |cause| StoreError::Io {
        action,
        path,
        cause,
    }
}

/// The data directory: `MLPATH_HOME` if set, else the platform's data directory.
pub fn data_dir() -> Result<PathBuf, StoreError> {
    if let Some(home) = std::env::var_os("MLPATH_HOME").filter(|v| !v.is_empty()) {
        return Ok(PathBuf::from(home));
    }
    directories::ProjectDirs::from("", "", "mlpath")
        .map(|dirs| dirs.data_dir().to_path_buf())
        .ok_or(StoreError::NoDataDir)
}

/// What [`ProgressStore::import`] brought in.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportReport {
    /// Lessons recorded in the imported file.
    pub lessons: usize,
    /// Lessons that had no record before.
    pub new_lessons: usize,
    /// Lessons that became done.
    pub newly_done: usize,
    /// Lab goals that became met.
    pub newly_met_labs: usize,
    /// Self-ratings, target role and review cards that changed.
    pub other_changes: usize,
    /// Timestamps in the file ahead of this computer's clock (`where = value`).
    pub ahead_of_clock: Vec<String>,
}

/// What [`ProgressStore::reset`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ResetReport {
    /// Whether anything was recorded for what was reset.
    pub removed: bool,
    /// Where the previous file was copied (reset of everything only).
    pub backup: Option<PathBuf>,
}

/// The learner's saved progress and the means to change it.
#[derive(Debug)]
pub struct ProgressStore {
    /// `None` in memory (tests): nothing is read or written.
    dir: Option<PathBuf>,
    /// The version of a newer file found there: the store is then read-only.
    newer: Option<i64>,
    /// Why the data directory cannot be written: the store is then read-only.
    dir_read_only: Option<String>,
    /// Out-of-range values were reported once (every read corrects them again).
    out_of_range_reported: bool,
    /// The progress as last read, merged or saved.
    progress: Progress,
    notices: Vec<Notice>,
}

impl ProgressStore {
    /// Opens the store in `dir`. A missing file (or directory) means fresh progress; the
    /// directory is created on the first save. A file that does not parse is moved
    /// aside; a newer file makes the store read-only. Both come with a [`Notice`].
    pub fn open(dir: impl Into<PathBuf>) -> Result<(ProgressStore, Vec<Notice>), StoreError> {
        let dir = dir.into();
        let mut store = ProgressStore {
            dir: Some(dir.clone()),
            newer: None,
            dir_read_only: None,
            out_of_range_reported: false,
            progress: Progress::default(),
            notices: Vec::new(),
        };
        if dir.join(PROGRESS_FILE).exists() {
            let lock = match files::lock(&dir, LOCK_FILE) {
                Ok(lock) => Some(lock),
                Err(e) if files::is_read_only_error(&e) => {
                    // Reading needs no lock when nobody can write here either.
                    let cause = e.to_string();
                    store.notices.push(Notice::ReadOnlyDir {
                        dir: dir.clone(),
                        cause: cause.clone(),
                    });
                    store.dir_read_only = Some(cause);
                    None
                }
                Err(e) => return Err(io_error("lock", &dir.join(LOCK_FILE))(e)),
            };
            if let Some(progress) = store.read_locked(&dir)? {
                store.progress = progress;
            }
            drop(lock);
        }
        let notices = mem::take(&mut store.notices);
        Ok((store, notices))
    }

    /// Opens the store in [`data_dir`].
    pub fn open_default() -> Result<(ProgressStore, Vec<Notice>), StoreError> {
        Self::open(data_dir()?)
    }

    /// A store that keeps progress in memory only.
    pub fn in_memory() -> ProgressStore {
        ProgressStore {
            dir: None,
            newer: None,
            dir_read_only: None,
            out_of_range_reported: false,
            progress: Progress::default(),
            notices: Vec::new(),
        }
    }

    /// The progress as last read or saved.
    pub fn progress(&self) -> &Progress {
        &self.progress
    }

    /// The progress file (`None` in memory).
    pub fn path(&self) -> Option<PathBuf> {
        self.dir.as_ref().map(|dir| dir.join(PROGRESS_FILE))
    }

    /// Whether saves are skipped because the file comes from a newer mlpath or the
    /// data directory cannot be written.
    pub fn is_read_only(&self) -> bool {
        self.newer.is_some() || self.dir_read_only.is_some()
    }

    /// Why nothing can be saved, as an error for a command that came to write.
    pub fn read_only_error(&self) -> Option<StoreError> {
        self.refuse_if_read_only().err()
    }

    /// Notices that arose since [`Self::open`] or the last call (during saves).
    pub fn take_notices(&mut self) -> Vec<Notice> {
        mem::take(&mut self.notices)
    }

    /// Saves `progress`: merges it with the file as it is now and writes the result,
    /// which then also becomes `progress`. In read-only mode nothing happens (the
    /// learner was told when the store opened).
    pub fn save(&mut self, progress: &mut Progress) -> Result<(), StoreError> {
        if self.is_read_only() {
            return Ok(());
        }
        let mine = progress.clone();
        if self.transact(mine, Ok)? {
            *progress = self.progress.clone();
        }
        Ok(())
    }

    /// Forgets one lesson (its record, labs and review cards), or everything after
    /// copying the file to `progress.before-reset-<time>.toml`. What is removed is not
    /// merged back from the file. Callers holding their own [`Progress`] must take
    /// [`Self::progress`] afterwards, or their next save brings the lesson back.
    pub fn reset(&mut self, lesson: Option<&str>) -> Result<ResetReport, StoreError> {
        self.refuse_if_read_only()?;
        let mut report = ResetReport::default();
        let mine = self.progress.clone();
        let written = match lesson {
            Some(id) => self.transact(mine, |mut merged| {
                report.removed = merged.reset_lesson(id);
                Ok(merged)
            })?,
            None => {
                let dir = self.dir.clone();
                self.transact(mine, |merged| {
                    report.removed = merged != Progress::default();
                    if let Some(dir) = dir {
                        let file = dir.join(PROGRESS_FILE);
                        if file.exists() {
                            let backup = files::copy_aside(&dir, &file, BACKUP_STEM)
                                .map_err(io_error("back up", &file))?;
                            report.backup = Some(backup);
                        }
                    }
                    Ok(Progress::default())
                })?
            }
        };
        if !written {
            self.refuse_if_read_only()?;
        }
        Ok(report)
    }

    /// Writes the current progress, merged with the file as it is now, to `path`
    /// (atomically: `path` is the old file or the complete new one), marked with who
    /// exported it (see [`Progress::for_export`]).
    pub fn export(&mut self, path: &Path, identity: Identity) -> Result<(), StoreError> {
        // A read-only data directory can still be copied out; a newer file cannot.
        if let Some(version) = self.newer {
            return Err(self.newer_error(version));
        }
        if let Some(dir) = self.dir.clone()
            && dir.join(PROGRESS_FILE).exists()
        {
            let _lock = match self.dir_read_only {
                Some(_) => None,
                None => Some(
                    files::lock(&dir, LOCK_FILE).map_err(io_error("lock", &dir.join(LOCK_FILE)))?,
                ),
            };
            match self.read_locked(&dir)? {
                Some(disk) => self.progress = merge(disk, mem::take(&mut self.progress)),
                None => self.refuse_if_read_only()?,
            }
        }
        let (dir, name) = split_file_path(path)?;
        let exported = self.progress.clone().for_export(identity);
        files::write_atomic(&dir, &name, &format::render(&exported))
            .map_err(io_error("write", path))
    }

    /// Reads a progress file exported earlier (or by another machine), checks it, merges
    /// it into the current progress and saves.
    pub fn import(&mut self, path: &Path) -> Result<ImportReport, StoreError> {
        let imported = read_export(path)?;
        self.refuse_if_read_only()?;
        // Who exported the file describes the file, not this learner's progress.
        let imported = Progress {
            exported: None,
            ..imported
        };

        let mut report = ImportReport {
            lessons: imported.lessons.len(),
            ahead_of_clock: format::stamps_ahead_of(&imported, std::time::SystemTime::now()),
            ..ImportReport::default()
        };
        let mine = self.progress.clone();
        let written = self.transact(mine, |before| {
            // The learner's own state here is "mine": its last lesson and newer values win.
            let after = merge(imported, before.clone());
            report = ImportReport {
                lessons: report.lessons,
                ahead_of_clock: mem::take(&mut report.ahead_of_clock),
                ..count_changes(&before, &after)
            };
            Ok(after)
        })?;
        if !written {
            self.refuse_if_read_only()?;
        }
        Ok(report)
    }

    fn newer_error(&self, version: i64) -> StoreError {
        StoreError::ReadOnly {
            path: self.path().unwrap_or_else(|| PathBuf::from(PROGRESS_FILE)),
            version,
        }
    }

    fn refuse_if_read_only(&self) -> Result<(), StoreError> {
        match (self.newer, &self.dir_read_only, &self.dir) {
            (Some(version), _, Some(dir)) => Err(StoreError::ReadOnly {
                path: dir.join(PROGRESS_FILE),
                version,
            }),
            (None, Some(cause), Some(dir)) => Err(StoreError::ReadOnlyDir {
                dir: dir.clone(),
                cause: cause.clone(),
            }),
            _ => Ok(()),
        }
    }

    /// Under the lock: reads the file, merges `mine` into it, applies `edit`, writes the
    /// result atomically and keeps it. `mine` began as [`Self::progress`]; what it
    /// changed since wins ([`merge_changes`]). Returns false (writing nothing) when the
    /// file turned out to come from a newer mlpath.
    fn transact(
        &mut self,
        mine: Progress,
        edit: impl FnOnce(Progress) -> Result<Progress, StoreError>,
    ) -> Result<bool, StoreError> {
        let base = self.progress.clone();
        let Some(dir) = self.dir.clone() else {
            let disk = mem::take(&mut self.progress);
            self.progress = edit(merge_changes(disk, &base, mine))?;
            return Ok(true);
        };
        std::fs::create_dir_all(&dir).map_err(io_error("create", &dir))?;
        let _lock = files::lock(&dir, LOCK_FILE).map_err(io_error("lock", &dir.join(LOCK_FILE)))?;
        // Any temporary file now is from a writer that crashed before its rename.
        let file = dir.join(PROGRESS_FILE);
        // A symbolic link stays one: its target is what gets replaced.
        let target = files::link_target(&file).map_err(io_error("follow the link", &file))?;
        let (target_dir, target_name) = split_file_path(&target)?;
        files::remove_stale_temps(&dir, PROGRESS_FILE).map_err(io_error("clean up", &dir))?;
        if target != file {
            files::remove_stale_temps(&target_dir, &target_name)
                .map_err(io_error("clean up", &target_dir))?;
        }
        let Some(disk) = self.read_locked(&dir)? else {
            return Ok(false);
        };
        let result = edit(merge_changes(disk, &base, mine))?;
        files::write_atomic(&target_dir, &target_name, &format::render(&result))
            .map_err(io_error("write", &target))?;
        self.progress = result;
        Ok(true)
    }

    /// Reads the progress file; the caller holds the lock. A missing file is empty
    /// progress; a file that does not parse is moved aside (and is then empty
    /// progress); a newer file makes the store read-only and gives `None`, as it must
    /// not be written. Notices are collected.
    fn read_locked(&mut self, dir: &Path) -> Result<Option<Progress>, StoreError> {
        let file = dir.join(PROGRESS_FILE);
        let bytes = match read_limited(&file) {
            Ok(bytes) => bytes,
            Err(StoreError::Io { cause, .. }) if cause.kind() == io::ErrorKind::NotFound => {
                return Ok(Some(Progress::default()));
            }
            Err(e) => return Err(e),
        };
        let parsed = String::from_utf8(bytes)
            .map_err(|e| not_utf8(&e))
            .and_then(|text| format::parse(&text));
        match parsed {
            Ok(Parsed::Current(mut progress)) => {
                let changes = format::clamp_out_of_range(&mut progress);
                if !changes.is_empty() && !self.out_of_range_reported {
                    self.out_of_range_reported = true;
                    self.notices.push(Notice::OutOfRange {
                        file: file.clone(),
                        changes,
                    });
                }
                Ok(Some(progress))
            }
            Ok(Parsed::Newer { version, progress }) => {
                if self.newer.is_none() {
                    self.notices.push(Notice::NewerVersion {
                        file: file.clone(),
                        version,
                    });
                }
                self.newer = Some(version);
                if let Some(progress) = progress {
                    self.progress = progress;
                }
                Ok(None)
            }
            Err(reason) if self.dir_read_only.is_some() => {
                self.notices.push(Notice::Unreadable { file, reason });
                Ok(Some(Progress::default()))
            }
            Err(reason) => {
                let kept_as = files::move_aside(dir, &file, CORRUPT_STEM)
                    .map_err(io_error("set aside", &file))?;
                self.notices.push(Notice::SetAside {
                    file,
                    kept_as,
                    reason,
                });
                Ok(Some(Progress::default()))
            }
        }
    }
}

/// Reads a progress file of at most [`MAX_FILE_BYTES`]; a larger one is refused
/// before its content is read.
/// Reads and checks a progress file written by `mlpath progress export` (or any
/// progress file): at most [`MAX_FILE_BYTES`], UTF-8, this build's version or older,
/// and valid, else an error with the file and, when known, the line and column.
pub fn read_export(path: &Path) -> Result<Progress, StoreError> {
    let bytes = read_limited(path)?;
    let bad = |error| StoreError::BadFile {
        path: path.to_path_buf(),
        error,
    };
    let text = String::from_utf8(bytes).map_err(|e| bad(not_utf8(&e)))?;
    let progress = match format::parse(&text).map_err(bad)? {
        Parsed::Current(progress) => progress,
        Parsed::Newer { version, .. } => {
            return Err(StoreError::NewerFile {
                path: path.to_path_buf(),
                version,
            });
        }
    };
    format::validate(&progress).map_err(bad)?;
    Ok(progress)
}

fn read_limited(path: &Path) -> Result<Vec<u8>, StoreError> {
    use std::io::Read as _;
    let file = std::fs::File::open(path).map_err(io_error("read", path))?;
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(io_error("read", path))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        let size = std::fs::metadata(path).map_or(bytes.len() as u64, |m| m.len());
        return Err(StoreError::TooLarge {
            path: path.to_path_buf(),
            size,
        });
    }
    Ok(bytes)
}

fn not_utf8(error: &std::string::FromUtf8Error) -> ParseError {
    let offset = error.utf8_error().valid_up_to();
    let bytes = error.as_bytes();
    let line = bytes[..offset].iter().filter(|&&b| b == b'\n').count() + 1;
    ParseError {
        line: Some(line),
        column: None,
        message: "the file is not UTF-8 text".to_string(),
    }
}

/// The directory (`.` for a bare name) and file name of `path`.
fn split_file_path(path: &Path) -> Result<(PathBuf, String), StoreError> {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .ok_or_else(|| StoreError::Io {
            action: "write",
            path: path.to_path_buf(),
            cause: io::Error::new(io::ErrorKind::InvalidInput, "not a file name"),
        })?;
    let dir = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    Ok((dir, name.to_string()))
}

/// What merging an import changed, from `before` to `after`.
fn count_changes(before: &Progress, after: &Progress) -> ImportReport {
    let new_lessons = after
        .lessons
        .keys()
        .filter(|id| !before.lessons.contains_key(*id))
        .count();
    let newly_done = after
        .lessons
        .iter()
        .filter(|(id, l)| l.status == Status::Done && before.status(id) != Status::Done)
        .count();
    let newly_met_labs = after
        .labs
        .iter()
        .filter(|(key, lab)| lab.goal_met && !before.labs.get(*key).is_some_and(|b| b.goal_met))
        .count();
    let changed_ratings = after
        .self_assessment
        .iter()
        .filter(|(skill, r)| before.self_assessment.get(*skill) != Some(*r))
        .count();
    let changed_cards = after
        .reviews
        .iter()
        .filter(|(key, c)| before.reviews.get(*key) != Some(*c))
        .count();
    let changed_role = usize::from(after.target_role != before.target_role);
    ImportReport {
        lessons: 0,
        new_lessons,
        newly_done,
        newly_met_labs,
        other_changes: changed_ratings + changed_cards + changed_role,
        ahead_of_clock: Vec::new(),
    }
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_odd_inputs;
