//! Watching an exercise file so that saving it from any editor re-runs the check.
//!
//! The folder is watched, not the file: many editors save by writing a new file and
//! renaming it over the old one, which a watch on the old file would miss. Events
//! arrive on a channel from the watcher's thread; [`FileWatch::poll`] drains it without
//! blocking and reports a change once the file has been quiet for [`DEBOUNCE`], so a
//! save that touches the file several times runs the check once.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use notify::event::{AccessKind, AccessMode, MetadataKind, ModifyKind};
use notify::{Event, EventKind, RecommendedWatcher, RecursiveMode, Watcher};

/// How long the file must be quiet before a change is reported.
pub const DEBOUNCE: Duration = Duration::from_millis(200);

pub struct FileWatch {
    // Dropping the watcher stops it.
    _watcher: RecommendedWatcher,
    events: Receiver<Instant>,
    last_change: Option<Instant>,
}

impl std::fmt::Debug for FileWatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FileWatch")
            .field("last_change", &self.last_change)
            .finish_non_exhaustive()
    }
}

/// Whether an event can have changed the file's content (our own reads of the file
/// must not count, or every check would trigger the next).
fn is_change(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        EventKind::Modify(ModifyKind::Metadata(MetadataKind::AccessTime)) => false,
        _ => true,
    }
}

/// Whether an event's path is the watched file. Some systems report paths in another
/// spelling (macOS resolves `/var` to `/private/var`), so the name decides when the
/// full paths differ.
fn is_target(path: &Path, target: &Path) -> bool {
    path == target || (path.file_name().is_some() && path.file_name() == target.file_name())
}

impl FileWatch {
    /// Watches `file` through its folder `dir` (which must exist).
    pub fn start(dir: &Path, file: &Path) -> Result<FileWatch, String> {
        let (tx, events) = channel();
        let target: PathBuf = file.to_path_buf();
        let mut watcher = notify::recommended_watcher(move |res: notify::Result<Event>| {
            if let Ok(event) = res
                && is_change(&event.kind)
                && (event.paths.is_empty() || event.paths.iter().any(|p| is_target(p, &target)))
            {
                // The receiver is gone once the step is left; nothing to do then.
                let _ = tx.send(Instant::now());
            }
        })
        .map_err(|e| e.to_string())?;
        watcher
            .watch(dir, RecursiveMode::Recursive)
            .map_err(|e| e.to_string())?;
        Ok(FileWatch {
            _watcher: watcher,
            events,
            last_change: None,
        })
    }

    /// Collects events; true once a change has been followed by [`DEBOUNCE`] of quiet.
    pub fn poll(&mut self, now: Instant) -> bool {
        while let Ok(at) = self.events.try_recv() {
            self.last_change = Some(self.last_change.map_or(at, |last| last.max(at)));
        }
        match self.last_change {
            Some(last) if now.saturating_duration_since(last) >= DEBOUNCE => {
                self.last_change = None;
                true
            }
            _ => false,
        }
    }

    /// Forgets changes seen so far (after a check that already read the file).
    pub fn clear(&mut self) {
        while self.events.try_recv().is_ok() {}
        self.last_change = None;
    }

    /// True while a change waits for its quiet period.
    pub fn pending(&self) -> bool {
        self.last_change.is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Polls until a change is reported or `limit` passes.
    fn wait_for_change(watch: &mut FileWatch, limit: Duration) -> bool {
        let deadline = Instant::now() + limit;
        while Instant::now() < deadline {
            if watch.poll(Instant::now()) {
                return true;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        false
    }

    #[test]
    fn a_write_is_reported_once_after_the_quiet_period() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("gate.toml");
        std::fs::write(&file, "a = 1\n").unwrap();
        let mut watch = FileWatch::start(dir.path(), &file).unwrap();
        std::fs::write(&file, "a = 2\n").unwrap();
        std::fs::write(&file, "a = 3\n").unwrap();
        assert!(wait_for_change(&mut watch, Duration::from_secs(5)));
        assert!(!watch.poll(Instant::now() + DEBOUNCE * 10), "reported once");
    }

    #[test]
    fn a_save_by_rename_is_seen_and_other_files_are_not() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("gate.toml");
        std::fs::write(&file, "a = 1\n").unwrap();
        let mut watch = FileWatch::start(dir.path(), &file).unwrap();
        std::fs::write(dir.path().join("other.txt"), "x").unwrap();
        std::fs::read_to_string(&file).unwrap();
        assert!(!wait_for_change(&mut watch, Duration::from_millis(600)));
        let temp = dir.path().join(".gate.toml.swp");
        std::fs::write(&temp, "a = 2\n").unwrap();
        std::fs::rename(&temp, &file).unwrap();
        assert!(wait_for_change(&mut watch, Duration::from_secs(5)));
    }

    #[test]
    fn a_file_in_a_sub_folder_is_watched_through_the_lesson_folder() {
        let dir = tempfile::tempdir().unwrap();
        let sub = dir.path().join("ci");
        std::fs::create_dir(&sub).unwrap();
        let file = sub.join("gate.toml");
        std::fs::write(&file, "a = 1\n").unwrap();
        let mut watch = FileWatch::start(dir.path(), &file).unwrap();
        std::fs::write(&file, "a = 2\n").unwrap();
        assert!(wait_for_change(&mut watch, Duration::from_secs(5)));
    }

    #[test]
    fn a_missing_folder_is_an_error_not_a_panic() {
        let dir = tempfile::tempdir().unwrap();
        let gone = dir.path().join("nope");
        assert!(FileWatch::start(&gone, &gone.join("a.toml")).is_err());
    }
}
