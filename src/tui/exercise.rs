//! An exercise step in the tutor: the learner's file in the workspace, its check
//! re-run on entry, on `c`, after the editor returns and whenever the file is saved,
//! and the step recorded as done (lab evidence) once every requirement is met.
//!
//! This is the one part of the tutor's update that touches the disk: the step's file
//! belongs to the learner, so it is read and, only when missing or on `r`, written.

use std::path::PathBuf;
use std::time::Instant;

use crate::catalog::ExerciseStep;
use crate::exercises::Report;
use crate::exercises::watch::FileWatch;
use crate::exercises::workspace::{Restored, Workspace, backup_path};
use crate::progress::{Progress, step_key};
use crate::sanitize::clean_line;

/// The last check of the learner's file.
#[derive(Debug, Clone, PartialEq)]
pub enum Checked {
    Report(Report),
    /// The file could not be read or written; what to do about it.
    Problem(String),
}

/// A message under the check: what the last key did, or what went wrong.
#[derive(Debug, Clone, PartialEq)]
pub struct Notice {
    pub text: String,
    pub warn: bool,
}

impl Notice {
    fn info(text: impl Into<String>) -> Notice {
        Notice {
            text: text.into(),
            warn: false,
        }
    }

    fn warn(text: impl Into<String>) -> Notice {
        Notice {
            text: text.into(),
            warn: true,
        }
    }
}

#[derive(Debug)]
pub struct ExerciseState {
    /// The learner's file (`None` without a workspace).
    pub path: Option<PathBuf>,
    pub checked: Checked,
    /// The step is recorded as done in progress.
    pub recorded: bool,
    pub notice: Option<Notice>,
    /// `r` was pressed once: the next `r` restores the starter.
    pub confirm_restore: bool,
    /// Whether the file is watched (a failed watch is told in [`Self::notice`]).
    pub watched: bool,
    lesson: String,
    step: usize,
    workspace: Option<Workspace>,
    watch: Option<FileWatch>,
}

impl ExerciseState {
    /// Enters the step: creates the file from the starter if it is missing, starts
    /// watching it and checks it (recording the step if it already passes).
    pub fn enter(
        workspace: Option<&Workspace>,
        lesson: &str,
        step: usize,
        ex: &ExerciseStep,
        progress: &mut Progress,
    ) -> ExerciseState {
        let recorded = progress
            .lab_record(&step_key(lesson, step))
            .is_some_and(|r| r.goal_met);
        let mut state = ExerciseState {
            path: workspace.map(|w| w.file(lesson, &ex.file)),
            checked: Checked::Problem(String::new()),
            recorded,
            notice: None,
            confirm_restore: false,
            watched: false,
            lesson: lesson.to_string(),
            step,
            workspace: workspace.cloned(),
            watch: None,
        };
        let Some(ws) = workspace else {
            state.checked = Checked::Problem(
                "exercises need a data directory for their files; set MLPATH_HOME to a \
                 directory and start mlpath again"
                    .into(),
            );
            return state;
        };
        match ws.ensure(lesson, &ex.file, &ex.starter) {
            Ok(true) => {
                state.notice = Some(Notice::info(format!(
                    "Created {} from the starter.",
                    clean_line(&ex.file)
                )))
            }
            Ok(false) => {}
            Err(e) => {
                state.checked = Checked::Problem(e.to_string());
                return state;
            }
        }
        let dir = ws.lesson_dir(lesson);
        if let Some(path) = &state.path {
            match FileWatch::start(&dir, path) {
                Ok(w) => {
                    state.watch = Some(w);
                    state.watched = true;
                }
                Err(e) => {
                    state.notice = Some(Notice::warn(format!(
                        "The file is not watched ({}); press c to check it after saving.",
                        clean_line(&e)
                    )))
                }
            }
        }
        state.recheck(ex, progress);
        state
    }

    /// Reads and checks the file; records the step once every requirement is met.
    /// Returns whether progress changed.
    pub fn recheck(&mut self, ex: &ExerciseStep, progress: &mut Progress) -> bool {
        let Some(ws) = &self.workspace else {
            return false;
        };
        if let Some(w) = self.watch.as_mut() {
            w.clear();
        }
        self.checked = match ws.read(&self.lesson, &ex.file) {
            Ok(text) => Checked::Report(ex.check.run(&text)),
            Err(e) => Checked::Problem(e.to_string()),
        };
        match &self.checked {
            Checked::Report(report) if report.passed() && !self.recorded => {
                let summary = format!(
                    "{}: all {} requirements met",
                    ex.file,
                    report.requirements.len()
                );
                progress.record_lab(&step_key(&self.lesson, self.step), true, &summary);
                self.recorded = true;
                true
            }
            _ => false,
        }
    }

    /// The passed check, if the last one passed.
    pub fn passed(&self) -> bool {
        matches!(&self.checked, Checked::Report(r) if r.passed())
    }

    /// `r`: the first press asks, the second puts the starter back (keeping the
    /// learner's version as `<file>.bak`). Returns whether progress changed.
    pub fn restore(&mut self, ex: &ExerciseStep, progress: &mut Progress) -> bool {
        let Some(ws) = self.workspace.clone() else {
            return false;
        };
        let name = clean_line(&ex.file);
        // Nothing of the learner's can be lost when the file is gone: no need to ask.
        let missing = self.path.as_deref().is_some_and(|p| !p.exists());
        if !self.confirm_restore && !missing {
            if ws.read(&self.lesson, &ex.file).ok().as_deref() == Some(ex.starter.as_str()) {
                self.notice = Some(Notice::info(format!(
                    "{name} already holds the starter; nothing to restore."
                )));
                return false;
            }
            self.confirm_restore = true;
            self.notice = Some(Notice::warn(format!(
                "Press r again to replace {name} with the starter; your version is kept as \
                 {name}.bak."
            )));
            return false;
        }
        self.confirm_restore = false;
        self.notice = Some(match ws.restore(&self.lesson, &ex.file, &ex.starter) {
            Ok(Restored::BackedUp(path)) => Notice::info(format!(
                "Restored the starter; your version is in {}.",
                clean_line(&path.file_name().unwrap_or_default().to_string_lossy())
            )),
            Ok(Restored::Written) => Notice::info(format!("Wrote {name} from the starter.")),
            Ok(Restored::Unchanged) => Notice::info(format!(
                "{name} already holds the starter; nothing to restore."
            )),
            Err(e) => Notice::warn(e.to_string()),
        });
        self.recheck(ex, progress)
    }

    /// `c`: checks now. Returns whether progress changed.
    pub fn check_now(&mut self, ex: &ExerciseStep, progress: &mut Progress) -> bool {
        // The result on screen is the answer; an old notice would only distract.
        self.notice = None;
        self.recheck(ex, progress)
    }

    /// The editor returned (`note` tells what went wrong or which fallback ran).
    pub fn after_editor(
        &mut self,
        ex: &ExerciseStep,
        note: Option<Notice>,
        progress: &mut Progress,
    ) -> bool {
        self.notice = note;
        self.recheck(ex, progress)
    }

    /// Any key but `r` cancels a pending restore.
    pub fn cancel_restore(&mut self) {
        if self.confirm_restore {
            self.confirm_restore = false;
            self.notice = None;
        }
    }

    /// Collects file events: (redraw needed, progress changed).
    pub fn poll(&mut self, ex: &ExerciseStep, progress: &mut Progress) -> (bool, bool) {
        let changed = self.watch.as_mut().is_some_and(|w| w.poll(Instant::now()));
        if !changed {
            return (false, false);
        }
        (true, self.recheck(ex, progress))
    }

    /// True while a file change waits for its quiet period.
    pub fn pending(&self) -> bool {
        self.watch.as_ref().is_some_and(FileWatch::pending)
    }

    /// The `.bak` path beside the file, for messages and tests.
    pub fn backup(&self) -> Option<PathBuf> {
        self.path.as_deref().map(backup_path)
    }
}

/// A note from the editor handover for the step's notice line.
pub fn editor_notice(result: Result<Option<String>, String>) -> Option<Notice> {
    match result {
        Ok(None) => None,
        Ok(Some(note)) => Some(Notice::info(note)),
        Err(e) => Some(Notice::warn(e)),
    }
}
