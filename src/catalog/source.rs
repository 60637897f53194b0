//! Finding lesson files: in the bundled `lessons/` folder compiled into the binary and
//! in instructors' directories on disk. Only names and bytes here; parsing is elsewhere.

use std::borrow::Cow;
use std::path::Path;

use include_dir::Dir;

use super::Problem;

/// Files larger than this are not parsed (a lesson is a few kilobytes).
pub const MAX_FILE_BYTES: u64 = 1024 * 1024;

/// A file's bytes, or why there are none.
#[derive(Debug, Clone)]
pub enum Content {
    Bytes(Cow<'static, [u8]>),
    TooLarge(u64),
    Unreadable(String),
}

#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The file's name within its directory.
    pub name: String,
    /// The path shown in messages.
    pub path: String,
    pub content: Content,
}

/// A directory as read: its files and (one level of) subdirectories, sorted by name.
#[derive(Debug, Clone, Default)]
pub struct VDir {
    pub path: String,
    pub files: Vec<SourceFile>,
    pub dirs: Vec<VDir>,
}

/// A track directory: its `track.toml` and its lesson files in lesson order.
#[derive(Debug, Clone)]
pub struct TrackSource {
    pub dir: String,
    /// The directory's own name, used as the track id if `track.toml` has none.
    pub dir_name: String,
    pub track_file: SourceFile,
    pub lessons: Vec<SourceFile>,
}

/// Everything found in one lessons directory.
#[derive(Debug, Clone, Default)]
pub struct LessonsSource {
    pub tracks: Vec<TrackSource>,
    pub skills: Option<SourceFile>,
    pub roles: Option<SourceFile>,
}

/// Reads the bundled lessons.
pub fn bundled(root: &'static Dir<'static>) -> VDir {
    fn walk(dir: &'static Dir<'static>, path: String, depth: usize) -> VDir {
        let mut files: Vec<SourceFile> = dir
            .files()
            .map(|f| {
                let name = file_name(f.path());
                SourceFile {
                    path: format!("{path}/{name}"),
                    name,
                    content: Content::Bytes(Cow::Borrowed(f.contents())),
                }
            })
            .collect();
        files.sort_by(|a, b| a.name.cmp(&b.name));
        let mut dirs: Vec<VDir> = if depth == 0 {
            dir.dirs()
                .map(|d| walk(d, format!("{path}/{}", file_name(d.path())), depth + 1))
                .collect()
        } else {
            Vec::new()
        };
        dirs.sort_by(|a, b| a.path.cmp(&b.path));
        VDir { path, files, dirs }
    }
    walk(root, "lessons".to_string(), 0)
}

/// Reads a directory on disk (and its subdirectories, one level deep).
pub fn disk(dir: &Path) -> Result<VDir, std::io::Error> {
    fn walk(dir: &Path, depth: usize) -> Result<VDir, std::io::Error> {
        let mut out = VDir {
            path: display(dir),
            ..VDir::default()
        };
        for entry in std::fs::read_dir(dir)? {
            let entry = entry?;
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().into_owned();
            // Hidden entries (.git, editor swap files) are not lessons.
            if name.starts_with('.') {
                continue;
            }
            let meta = match std::fs::metadata(&path) {
                Ok(meta) => meta,
                // One entry that cannot be followed (a broken symbolic link) costs only
                // itself: a TOML file is reported by name, anything else was never read.
                Err(e) => {
                    if name.ends_with(".toml") {
                        let why = if std::fs::symlink_metadata(&path)
                            .is_ok_and(|m| m.file_type().is_symlink())
                        {
                            format!("it is a symbolic link to a missing file ({e})")
                        } else {
                            e.to_string()
                        };
                        out.files.push(SourceFile {
                            name,
                            path: display(&path),
                            content: Content::Unreadable(why),
                        });
                    }
                    continue;
                }
            };
            if meta.is_dir() {
                if depth == 0 {
                    out.dirs.push(walk(&path, depth + 1)?);
                }
            } else if meta.is_file() {
                let content = if !name.ends_with(".toml") {
                    // Not read: only TOML files matter.
                    Content::Bytes(Cow::Borrowed(&[]))
                } else if meta.len() > MAX_FILE_BYTES {
                    Content::TooLarge(meta.len())
                } else {
                    match std::fs::read(&path) {
                        Ok(bytes) => Content::Bytes(Cow::Owned(bytes)),
                        Err(e) => Content::Unreadable(e.to_string()),
                    }
                };
                out.files.push(SourceFile {
                    name,
                    path: display(&path),
                    content,
                });
            }
        }
        out.files.sort_by(|a, b| a.name.cmp(&b.name));
        out.dirs.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(out)
    }
    walk(dir, 0)
}

fn display(path: &Path) -> String {
    crate::sanitize::clean_line(&path.display().to_string())
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Whether a file name is a lesson file name: `<digits>-<slug>.toml`, slug `[a-z0-9-]+`.
pub fn is_lesson_file_name(name: &str) -> bool {
    let Some(stem) = name.strip_suffix(".toml") else {
        return false;
    };
    let digits = stem.bytes().take_while(u8::is_ascii_digit).count();
    let Some(slug) = stem[digits..].strip_prefix('-') else {
        return false;
    };
    digits > 0 && super::fields::is_dash_id(slug)
}

/// Sorts a directory's contents into tracks, skills.toml and roles.toml. A directory
/// with a `track.toml` is a single track; otherwise its subdirectories are tracks.
pub fn classify(root: VDir, bundled: bool, problems: &mut Vec<Problem>) -> LessonsSource {
    let mut out = LessonsSource::default();
    if root.files.iter().any(|f| f.name == "track.toml") {
        out.tracks.extend(track(root, problems));
        return out;
    }
    let found_anything = !root.dirs.is_empty()
        || root
            .files
            .iter()
            .any(|f| f.name == "skills.toml" || f.name == "roles.toml");
    for file in root.files {
        match file.name.as_str() {
            "skills.toml" => out.skills = Some(file),
            "roles.toml" => out.roles = Some(file),
            name if name.ends_with(".toml") => problems.push(at_start(
                &file.path,
                format!(
                    "unexpected file `{name}` in a lessons directory; it holds track directories \
                     (each with a track.toml), skills.toml and roles.toml: move lesson files into \
                     a track directory"
                ),
            )),
            _ => {}
        }
    }
    for dir in root.dirs {
        let has_toml = dir.files.iter().any(|f| f.name.ends_with(".toml"));
        if dir.files.iter().any(|f| f.name == "track.toml") {
            out.tracks.extend(track(dir, problems));
        } else if has_toml {
            problems.push(at_start(
                &dir.path,
                "this directory has .toml files but no track.toml; add a track.toml with \
                 format_version, id, title and summary to make it a track",
            ));
        }
    }
    if !found_anything && !bundled {
        problems.push(at_start(
            &root.path,
            "no lessons here: a lessons directory holds track directories (each with a \
             track.toml), or is itself a track directory",
        ));
    }
    out
}

fn track(dir: VDir, problems: &mut Vec<Problem>) -> Option<TrackSource> {
    let mut track_file = None;
    let mut lessons = Vec::new();
    for file in dir.files {
        if file.name == "track.toml" {
            track_file = Some(file);
        } else if is_lesson_file_name(&file.name) {
            lessons.push(file);
        } else if file.name.ends_with(".toml") {
            problems.push(at_start(
                &file.path,
                format!(
                    "`{}` is not a lesson file name; name lesson files `<NN>-<slug>.toml` \
                     (digits, a dash, then lowercase letters, digits and dashes), \
                     e.g. `01-precision-recall.toml`",
                    crate::sanitize::clean_line(&file.name)
                ),
            ));
        }
    }
    let dir_name = Path::new(&dir.path)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    Some(TrackSource {
        dir: dir.path,
        dir_name,
        track_file: track_file?,
        lessons,
    })
}

pub fn at_start(path: &str, message: impl Into<String>) -> Problem {
    Problem {
        severity: super::Severity::Error,
        path: path.to_string(),
        line: 1,
        col: 1,
        // Messages quote lesson text: never let it reach the terminal raw.
        message: crate::sanitize::clean_line(&message.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn a_broken_link_costs_only_its_own_entry() {
        let dir = tempfile::tempdir().unwrap();
        let track = dir.path().join("t");
        std::fs::create_dir(&track).unwrap();
        std::fs::write(track.join("track.toml"), "id = \"t\"\n").unwrap();
        std::os::unix::fs::symlink("missing.md", track.join("notes.md")).unwrap();
        std::os::unix::fs::symlink("missing.toml", track.join("02-gone.toml")).unwrap();
        std::os::unix::fs::symlink("nowhere", dir.path().join("skills.toml")).unwrap();
        let read = disk(dir.path()).unwrap();
        let root_files: Vec<&str> = read.files.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(root_files, ["skills.toml"]);
        let t = &read.dirs[0];
        let names: Vec<&str> = t.files.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["02-gone.toml", "track.toml"], "notes.md is skipped");
        let Content::Unreadable(why) = &t.files[0].content else {
            panic!("{:?}", t.files[0].content);
        };
        assert!(why.contains("symbolic link to a missing file"), "{why}");
    }

    #[test]
    fn lesson_file_names() {
        assert!(is_lesson_file_name("01-precision-recall.toml"));
        assert!(is_lesson_file_name("7-a.toml"));
        assert!(!is_lesson_file_name("precision.toml"));
        assert!(!is_lesson_file_name("01_precision.toml"));
        assert!(!is_lesson_file_name("01-.toml"));
        assert!(!is_lesson_file_name("01-Precision.toml"));
        assert!(!is_lesson_file_name("-a.toml"));
        assert!(!is_lesson_file_name("01-a.md"));
    }
}
