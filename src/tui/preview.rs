//! `mlpath lessons preview FILE`: the tutor on one lesson file that reloads whenever the
//! file is saved. The step the author is on stays; a file that stops loading shows its
//! problems in place of the step until it loads again. Progress is a scratch record in
//! memory: the author's own progress is never read or written.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use crate::catalog::{self, Catalog, Problem};
use crate::exercises::watch::FileWatch;
use crate::tui::app::{App, Screen};
use crate::tui::lesson::LessonView;

pub struct Preview {
    /// The lesson file.
    pub file: PathBuf,
    /// The lesson directories loaded with the bundled catalog (the file's track's parent).
    pub dirs: Vec<PathBuf>,
    watch: FileWatch,
    /// What keeps the file from loading since the last save (errors), or its warnings.
    pub problems: Vec<Problem>,
    /// Saves seen so far, for the header.
    pub reloads: u32,
}

/// Whether a path as the catalog reports it names `file`.
fn same_file(path: &str, file: &Path) -> bool {
    let a = Path::new(path);
    a == file
        || match (a.canonicalize(), file.canonicalize()) {
            (Ok(a), Ok(b)) => a == b,
            _ => false,
        }
}

/// What loading `dirs` says about `file`: the catalog, the id of the lesson the file
/// holds (when it loads), and the problems in the file's track directory.
pub fn load(file: &Path, dirs: &[PathBuf]) -> (Catalog, Option<String>, Vec<Problem>) {
    let catalog = catalog::load(dirs);
    let id = catalog
        .lessons()
        .find(|l| same_file(&l.path, file))
        .map(|l| l.id.clone());
    let track_dir = file.parent().unwrap_or(Path::new("."));
    let problems: Vec<Problem> = catalog
        .problems
        .iter()
        .filter(|p| {
            same_file(&p.path, file)
                || Path::new(&p.path)
                    .parent()
                    .is_some_and(|d| same_file(&d.to_string_lossy(), track_dir))
        })
        .cloned()
        .collect();
    (catalog, id, problems)
}

impl Preview {
    /// Starts watching `file`; `dirs` are loaded with the bundled catalog on every save.
    pub fn start(file: &Path, dirs: Vec<PathBuf>) -> Result<Preview, String> {
        let folder = file.parent().unwrap_or(Path::new("."));
        Ok(Preview {
            file: file.to_path_buf(),
            dirs,
            watch: FileWatch::start(folder, file)?,
            problems: Vec::new(),
            reloads: 0,
        })
    }

    /// Errors that keep the file from loading (warnings do not).
    pub fn broken(&self) -> bool {
        self.problems.iter().any(Problem::is_error)
    }

    /// True while a save waits for its quiet period.
    pub fn pending(&self) -> bool {
        self.watch.pending()
    }
}

impl App {
    /// After a save of the previewed file: reloads it and reopens the lesson at the same
    /// step (the last one if the lesson got shorter), or keeps the last good version on
    /// screen under the file's problems. True when the screen changed.
    pub fn poll_preview(&mut self) -> bool {
        let Some(preview) = self.preview.as_mut() else {
            return false;
        };
        if !preview.watch.poll(Instant::now()) {
            return false;
        }
        preview.reloads += 1;
        let (catalog, id, problems) = load(&preview.file, &preview.dirs);
        let broken = problems.iter().any(Problem::is_error);
        preview.problems = problems;
        let Some(id) = id.filter(|_| !broken) else {
            return true;
        };
        let step = self
            .stack
            .iter()
            .rev()
            .find_map(|s| match s {
                Screen::Lesson(view) => Some(view.step),
                _ => None,
            })
            .unwrap_or(0);
        self.catalog = Arc::new(catalog);
        self.open_preview(&id, step);
        true
    }

    /// Shows lesson `id` at `step` (clamped), on top of the home screen.
    pub fn open_preview(&mut self, id: &str, step: usize) {
        let Some(lesson) = self.catalog.lesson(id) else {
            return;
        };
        let last = lesson.steps.len().saturating_sub(1);
        let step = step.min(last);
        self.progress.open_lesson(id, lesson.steps.len());
        self.progress.set_step(id, step);
        self.stack.truncate(1);
        let mut view = LessonView::new(id, step);
        view.workspace = self.workspace.clone();
        view.enter_step(&self.catalog, &mut self.progress);
        self.stack.push(Screen::Lesson(Box::new(view)));
    }
}
