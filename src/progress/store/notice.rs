//! What the store tells the learner about their progress file.

use std::fmt;
use std::path::PathBuf;

use super::shown;
use crate::progress::format::ParseError;
use crate::progress::record::CURRENT_VERSION;
use crate::sanitize;

/// Something the learner should know about their progress file.
#[derive(Debug, Clone, PartialEq)]
pub enum Notice {
    /// The file did not parse; it was moved, unchanged, to `kept_as`.
    SetAside {
        file: PathBuf,
        kept_as: PathBuf,
        reason: ParseError,
    },
    /// The file comes from a newer mlpath; nothing will be saved.
    NewerVersion { file: PathBuf, version: i64 },
    /// The data directory cannot be written; progress is shown but not saved.
    ReadOnlyDir { dir: PathBuf, cause: String },
    /// The file did not parse and, the directory being read-only, stays where it is.
    Unreadable { file: PathBuf, reason: ParseError },
    /// Values out of range were read as the nearest valid ones.
    OutOfRange { file: PathBuf, changes: Vec<String> },
}

impl fmt::Display for Notice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Notice::SetAside {
                file,
                kept_as,
                reason,
            } => write!(
                f,
                "{} could not be read ({reason}); it is kept unchanged as {} and progress \
                 starts afresh. Fix that file and run `mlpath progress import` on it to \
                 bring its progress back.",
                shown(file),
                shown(kept_as)
            ),
            Notice::NewerVersion { file, version } => write!(
                f,
                "{} was written by a newer mlpath (format version {version}; this one \
                 reads up to {CURRENT_VERSION}); progress will not be saved. Update mlpath \
                 to keep your progress.",
                shown(file)
            ),
            Notice::ReadOnlyDir { dir, cause } => write!(
                f,
                "{} cannot be written ({cause}); your progress is shown but nothing will be \
                 saved in this session. Make the directory writable or set MLPATH_HOME to \
                 one that is.",
                shown(dir)
            ),
            Notice::Unreadable { file, reason } => write!(
                f,
                "{} could not be read ({reason}); progress starts afresh in this session and \
                 the file is left unchanged (its directory is read-only).",
                shown(file)
            ),
            Notice::OutOfRange { file, changes } => write!(
                f,
                "{} holds values out of range: {}. Saving progress writes the corrected values.",
                shown(file),
                sanitize::clean_line(&changes.join("; "))
            ),
        }
    }
}
