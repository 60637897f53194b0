//! File-system steps of the store: the lock, atomic replacement, and keeping a file
//! under a new time-stamped name. Each returns plain `io::Result`; the store adds
//! which file and what it was doing.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Holds the exclusive lock on a data directory until dropped (closing the file
/// releases the lock, also when the process dies).
#[derive(Debug)]
pub struct DirLock {
    _file: File,
}

/// Waits for the exclusive lock `lock_name` in `dir`.
pub fn lock(dir: &Path, lock_name: &str) -> io::Result<DirLock> {
    let file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(dir.join(lock_name))?;
    file.lock()?;
    Ok(DirLock { _file: file })
}

/// Whether an error taking the lock means that nobody can write the directory (a
/// read-only file system, or no permission), so reading without the lock is safe.
pub fn is_read_only_error(error: &io::Error) -> bool {
    matches!(
        error.kind(),
        io::ErrorKind::ReadOnlyFilesystem | io::ErrorKind::PermissionDenied
    )
}

/// The file that `path` names after following symbolic links (a link's relative
/// target is relative to the link's directory); `path` itself when it is no link.
/// The target need not exist.
pub fn link_target(path: &Path) -> io::Result<PathBuf> {
    let mut current = path.to_path_buf();
    // As the system does, give up on a loop after 40 links.
    for _ in 0..40 {
        match fs::symlink_metadata(&current) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let target = fs::read_link(&current)?;
                current = match current.parent() {
                    Some(parent) if target.is_relative() => parent.join(target),
                    _ => target,
                };
            }
            Ok(_) => return Ok(current),
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(current),
            Err(e) => return Err(e),
        }
    }
    Err(io::Error::other("too many levels of symbolic links"))
}

/// The prefix and suffix of the temporary file that becomes `file_name`.
fn temp_affixes(file_name: &str) -> (String, &'static str) {
    (format!(".{file_name}."), ".tmp")
}

/// Replaces `dir/file_name` with `text` so that the file is, at every moment and
/// after a crash, either the old content or the new one: the text goes to a temporary
/// file in the same directory, is flushed to the disk, and is renamed over the target;
/// then the directory entry itself is flushed. A file that existed keeps its
/// permissions.
pub fn write_atomic(dir: &Path, file_name: &str, text: &str) -> io::Result<()> {
    let (prefix, suffix) = temp_affixes(file_name);
    let mut temp = tempfile::Builder::new()
        .prefix(&prefix)
        .suffix(suffix)
        .tempfile_in(dir)?;
    temp.write_all(text.as_bytes())?;
    match fs::metadata(dir.join(file_name)) {
        Ok(old) => temp.as_file().set_permissions(old.permissions())?,
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(e) => return Err(e),
    }
    temp.as_file().sync_all()?;
    temp.persist(dir.join(file_name)).map_err(|e| e.error)?;
    sync_dir(dir)
}

/// Removes temporary files left by a writer of `file_name` that crashed before its
/// rename. Only call this holding the lock that every such writer holds.
pub fn remove_stale_temps(dir: &Path, file_name: &str) -> io::Result<usize> {
    let (prefix, suffix) = temp_affixes(file_name);
    let mut removed = 0;
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        if name.starts_with(&prefix) && name.ends_with(suffix) && entry.file_type()?.is_file() {
            fs::remove_file(entry.path())?;
            removed += 1;
        }
    }
    Ok(removed)
}

/// Flushes a directory's entries (a completed rename) to the disk.
#[cfg(unix)]
pub fn sync_dir(dir: &Path) -> io::Result<()> {
    File::open(dir)?.sync_all()
}

/// Windows cannot open directories as files; its rename is flushed with the file.
#[cfg(not(unix))]
pub fn sync_dir(_dir: &Path) -> io::Result<()> {
    Ok(())
}

/// The current UTC time for file names: `20261124T081500Z`.
pub fn file_stamp() -> String {
    humantime::format_rfc3339_seconds(std::time::SystemTime::now())
        .to_string()
        .replace(['-', ':'], "")
}

/// Creates an empty `dir/<stem>-<stamp>.toml` that did not exist before (adding `-2`,
/// `-3`, ... when the name is taken, as by a second save within one second) and
/// returns its path. Creating the file claims the name even against other processes.
pub fn claim_stamped_name(dir: &Path, stem: &str) -> io::Result<PathBuf> {
    let stamp = file_stamp();
    for n in 1u32.. {
        let name = if n == 1 {
            format!("{stem}-{stamp}.toml")
        } else {
            format!("{stem}-{stamp}-{n}.toml")
        };
        let path = dir.join(name);
        match OpenOptions::new().write(true).create_new(true).open(&path) {
            Ok(_) => return Ok(path),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
    Err(io::Error::other("no free file name"))
}

/// Moves `file` to a new stamped name in its directory, unchanged; returns the name.
pub fn move_aside(dir: &Path, file: &Path, stem: &str) -> io::Result<PathBuf> {
    let target = claim_stamped_name(dir, stem)?;
    if let Err(e) = fs::rename(file, &target) {
        // Give the claimed name back; the original is still in place.
        let _ = fs::remove_file(&target);
        return Err(e);
    }
    sync_dir(dir)?;
    Ok(target)
}

/// Copies `file` to a new stamped name in its directory; returns the name. The copy
/// is complete before the name appears (a crash leaves the copy whole or absent): it
/// is written to a temporary file, flushed, and then linked to the first free name.
pub fn copy_aside(dir: &Path, file: &Path, stem: &str) -> io::Result<PathBuf> {
    // Named like a temporary `file`, so that a crash's leftover is cleaned up with those.
    let name = file.file_name().and_then(|n| n.to_str()).unwrap_or(stem);
    let (prefix, suffix) = temp_affixes(name);
    let mut temp = tempfile::Builder::new()
        .prefix(&prefix)
        .suffix(suffix)
        .tempfile_in(dir)?;
    io::copy(&mut File::open(file)?, temp.as_file_mut())?;
    temp.as_file().sync_all()?;
    let stamp = file_stamp();
    for n in 1u32.. {
        let name = if n == 1 {
            format!("{stem}-{stamp}.toml")
        } else {
            format!("{stem}-{stamp}-{n}.toml")
        };
        let target = dir.join(name);
        // A hard link claims the name only if it is free, and only with the whole copy.
        match fs::hard_link(temp.path(), &target) {
            Ok(()) => {
                drop(temp);
                sync_dir(dir)?;
                return Ok(target);
            }
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
    Err(io::Error::other("no free file name"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stamp_looks_like_a_compact_utc_time() {
        let stamp = file_stamp();
        assert_eq!(stamp.len(), "20261124T081500Z".len(), "{stamp}");
        assert!(stamp.ends_with('Z'));
        assert_eq!(&stamp[8..9], "T");
        assert!(stamp[..8].chars().all(|c| c.is_ascii_digit()));
    }

    #[test]
    fn stamped_names_are_unique_within_a_second() {
        let dir = tempfile::tempdir().unwrap();
        let names: Vec<_> = (0..3)
            .map(|_| claim_stamped_name(dir.path(), "progress.corrupt").unwrap())
            .collect();
        assert_ne!(names[0], names[1]);
        assert_ne!(names[1], names[2]);
        for name in &names {
            let name = name.file_name().unwrap().to_str().unwrap();
            assert!(name.starts_with("progress.corrupt-2"), "{name}");
            assert!(name.ends_with(".toml"), "{name}");
        }
    }

    #[test]
    fn atomic_write_replaces_and_leaves_no_temp() {
        let dir = tempfile::tempdir().unwrap();
        write_atomic(dir.path(), "f.toml", "old").unwrap();
        write_atomic(dir.path(), "f.toml", "new").unwrap();
        assert_eq!(
            fs::read_to_string(dir.path().join("f.toml")).unwrap(),
            "new"
        );
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn stale_temps_of_that_file_only_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join(".f.toml.abc123.tmp"), "half").unwrap();
        fs::write(dir.path().join(".g.toml.abc123.tmp"), "other").unwrap();
        fs::write(dir.path().join("f.toml"), "kept").unwrap();
        assert_eq!(remove_stale_temps(dir.path(), "f.toml").unwrap(), 1);
        assert!(dir.path().join(".g.toml.abc123.tmp").exists());
        assert!(dir.path().join("f.toml").exists());
    }

    #[test]
    fn a_copy_aside_is_whole_and_leaves_no_temp() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("f.toml");
        let text = "x".repeat(100_000);
        fs::write(&file, &text).unwrap();
        let first = copy_aside(dir.path(), &file, "f.backup").unwrap();
        let second = copy_aside(dir.path(), &file, "f.backup").unwrap();
        assert_ne!(first, second);
        assert_eq!(fs::read_to_string(&first).unwrap(), text);
        assert_eq!(fs::read_to_string(&second).unwrap(), text);
        let names: Vec<String> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names.len(), 3, "{names:?}");
    }

    #[cfg(unix)]
    #[test]
    fn atomic_write_keeps_the_mode() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("f.toml");
        fs::write(&file, "old").unwrap();
        fs::set_permissions(&file, fs::Permissions::from_mode(0o600)).unwrap();
        write_atomic(dir.path(), "f.toml", "new").unwrap();
        let mode = fs::metadata(&file).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }

    #[cfg(unix)]
    #[test]
    fn link_targets_are_followed_relative_to_the_link() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir(dir.path().join("real")).unwrap();
        std::os::unix::fs::symlink("real/f.toml", dir.path().join("link")).unwrap();
        std::os::unix::fs::symlink("link", dir.path().join("link2")).unwrap();
        let target = link_target(&dir.path().join("link2")).unwrap();
        assert_eq!(target, dir.path().join("real/f.toml"), "dangling is fine");
        let plain = dir.path().join("plain");
        assert_eq!(link_target(&plain).unwrap(), plain);
        std::os::unix::fs::symlink("loop", dir.path().join("loop")).unwrap();
        assert!(link_target(&dir.path().join("loop")).is_err());
    }

    #[test]
    fn moving_aside_keeps_the_bytes() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("f.toml");
        fs::write(&file, b"\xff broken").unwrap();
        let kept = move_aside(dir.path(), &file, "f.corrupt").unwrap();
        assert!(!file.exists());
        assert_eq!(fs::read(kept).unwrap(), b"\xff broken");
    }
}
