//! The label-noise lab: a share of the training labels is flipped (the lab knows which,
//! because it planted them); the learner trains and watches the test accuracy fall,
//! ranks the suspects with confident learning, fixes them and retrains.
//!
//! The test labels are never flipped: the test accuracy, scored against the true
//! labels, is the truth the goal is on. The ranking reads the training rows' features
//! and their labels as they are (noisy, with the learner's fixes) and nothing else:
//! out-of-fold probabilities by 5-fold cross-validation inside the training rows. The
//! goal counts only with at least the lesson's share of labels flipped, so turning the
//! noise dial down is no shortcut; the seed is the lesson's.

use std::collections::BTreeMap;
use std::sync::Arc;

use ndarray::Array2;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};

mod view;

use super::keys::{LabBinding, LabKey};
use super::worker::{Job, take_finished};
use super::{GoalLine, LabModel};
use crate::catalog::{Goal, LabelNoiseLab as Spec, MAX_FLIP_SHARE};
use crate::draw::theme::Theme;
use crate::ml::audit::{RankedIssue, confident_learning};
use crate::ml::data::{Flipped, PreparedData, Targets, flip_count, flip_labels};
use crate::ml::models::{self, FOLDS, ModelKind, TrainOutcome, TrainSpec};

/// One step of the noise dial.
pub const SHARE_STEP: f64 = 0.05;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Command {
    /// The noise dial one step down or up.
    Share(i8),
    PreviousSuspect,
    NextSuspect,
    /// Mark or unmark the selected suspect as reviewed and relabelled.
    ToggleFix,
    FixTop,
    Find,
    Train,
    StartOver,
}

pub const KEYS: &[LabBinding<Command>] = &[
    LabBinding {
        keys: &[
            (LabKey::Left, Command::Share(-1)),
            (LabKey::Right, Command::Share(1)),
        ],
        label: "←/→",
        does: "labels flipped − / +",
    },
    LabBinding {
        keys: &[(LabKey::Char('t'), Command::Train)],
        label: "t",
        does: "train on the labels as they are",
    },
    LabBinding {
        keys: &[(LabKey::Char('f'), Command::Find)],
        label: "f",
        does: "find label issues",
    },
    LabBinding {
        keys: &[
            (LabKey::Up, Command::PreviousSuspect),
            (LabKey::Down, Command::NextSuspect),
        ],
        label: "↑/↓",
        does: "choose a suspect",
    },
    LabBinding {
        keys: &[(LabKey::Select, Command::ToggleFix)],
        label: "Enter",
        does: "relabel the suspect / undo",
    },
    LabBinding {
        keys: &[(LabKey::Char('x'), Command::FixTop)],
        label: "x",
        does: "fix the top k suspects",
    },
    LabBinding {
        keys: &[(LabKey::Char('r'), Command::StartOver)],
        label: "r",
        does: "start over: the lesson's flips, no fixes",
    },
];

/// One training run: cross-validated on the training labels in force, and scored on
/// the test rows with their true labels.
#[derive(Debug, Clone, PartialEq)]
pub struct Run {
    /// The share of labels flipped when it ran.
    pub share: f64,
    /// How many labels the learner had fixed.
    pub fixes: usize,
    /// Accuracy of 5-fold cross-validation against the training labels in force.
    pub cv_accuracy: f64,
    /// Accuracy on the test rows, against their true labels.
    pub test_accuracy: f64,
}

/// The ranked suspects of one search.
#[derive(Debug, Clone)]
pub struct Suspects {
    pub issues: Vec<RankedIssue>,
    /// The share flipped when it ran.
    share: f64,
}

enum Done {
    /// The clean baseline and the first run on the noisy labels.
    Start(Run, Run),
    Trained(Run),
    Found(Suspects),
}

pub struct LabelNoiseLab {
    spec: Spec,
    /// Prepared once: the lesson's seeded, stratified split.
    data: Arc<PreparedData>,
    /// The training rows' true labels: for the counts the lab shows, never for the
    /// ranking or the training.
    truth: Vec<usize>,
    n_classes: usize,
    flip_class: Option<usize>,
    pub share: f64,
    pub flipped: Flipped,
    /// Relabelled training positions and the class each now has.
    pub fixes: BTreeMap<usize, usize>,
    pub suspects: Option<Suspects>,
    pub cursor: usize,
    job: Option<Job<Result<Done, String>>>,
    pub clean: Option<Run>,
    pub noisy: Option<Run>,
    pub last: Option<Run>,
    error: Option<String>,
    met: Option<String>,
}

/// Starts the lab: prepares the split, plants the flips and trains twice (on the true
/// labels, for the baseline, and on the noisy ones) in the background.
pub fn start(spec: &Spec) -> Result<LabelNoiseLab, String> {
    let data = models::prepare(&train_spec(spec)).map_err(|e| e.to_string())?;
    let Targets::Classes(y) = &data.train.y else {
        return Err(format!("the target {} does not hold classes", spec.target));
    };
    let truth = y.to_vec();
    let n_classes = data.classes.len();
    let flip_class = match &spec.flip_class {
        Some(c) => Some(
            data.classes
                .iter()
                .position(|k| k == c)
                .ok_or_else(|| format!("{c} is not a class of {}", spec.target))?,
        ),
        None => None,
    };
    let mut lab = LabelNoiseLab {
        share: spec.flip_share,
        flipped: flip_labels(&truth, n_classes, spec.flip_share, flip_class, spec.seed),
        spec: spec.clone(),
        data: Arc::new(data),
        truth,
        n_classes,
        flip_class,
        fixes: BTreeMap::new(),
        suspects: None,
        cursor: 0,
        job: None,
        clean: None,
        noisy: None,
        last: None,
        error: None,
        met: None,
    };
    let (t, data, truth) = (
        train_spec(&lab.spec),
        Arc::clone(&lab.data),
        lab.truth.clone(),
    );
    let (noisy, share) = (lab.labels(), lab.share);
    lab.job = Some(Job::spawn(move || {
        let clean = run(&t, &data, truth, 0.0, 0)?;
        let noisy = run(&t, &data, noisy, share, 0)?;
        Ok(Done::Start(clean, noisy))
    }));
    Ok(lab)
}

fn train_spec(spec: &Spec) -> TrainSpec {
    let mut t = TrainSpec::new(&spec.dataset, ModelKind::Logistic);
    t.target = Some(spec.target.clone());
    t.positive = spec.positive.clone();
    t.seed = spec.seed;
    t
}

/// Trains logistic regression on the training rows with `labels`: 5-fold
/// cross-validated accuracy against those labels, and test accuracy against the test
/// rows' true labels.
pub fn run(
    spec: &TrainSpec,
    data: &PreparedData,
    labels: Vec<usize>,
    share: f64,
    fixes: usize,
) -> Result<Run, String> {
    let mut data = data.clone();
    data.train.y = Targets::Classes(labels.into());
    let cv = models::cross_validate(spec, &data, FOLDS).map_err(|e| e.to_string())?;
    let test = models::fit_prepared(spec, data).map_err(|e| e.to_string())?;
    let accuracy = |o: &TrainOutcome| o.metric("accuracy").unwrap_or(f64::NAN);
    Ok(Run {
        share,
        fixes,
        cv_accuracy: accuracy(&cv),
        test_accuracy: accuracy(&test),
    })
}

/// The suspects among the training rows: confident learning on their features and the
/// labels given. Only the training part goes in, so the test rows cannot.
pub fn rank(
    train_x: &Array2<f64>,
    labels: &[usize],
    n_classes: usize,
) -> Result<Vec<RankedIssue>, String> {
    confident_learning(train_x, labels, n_classes)
}

impl LabelNoiseLab {
    /// The training labels in force: the flipped ones with the learner's fixes.
    pub fn labels(&self) -> Vec<usize> {
        let mut labels = self.flipped.labels.clone();
        for (&row, &class) in &self.fixes {
            labels[row] = class;
        }
        labels
    }

    /// The training rows' true labels (the lab shows counts with them; it never trains
    /// or ranks on them).
    pub fn truth(&self) -> &[usize] {
        &self.truth
    }

    pub fn data(&self) -> &PreparedData {
        &self.data
    }

    /// k: how many suspects `x` fixes, the number confident learning found.
    pub fn k(&self) -> usize {
        self.suspects.as_ref().map_or(0, |s| s.issues.len())
    }

    /// Of the top k suspects, how many are planted flips.
    pub fn hits(&self) -> usize {
        self.suspects.as_ref().map_or(0, |s| {
            s.issues.iter().filter(|i| self.planted(i.index)).count()
        })
    }

    /// Whether the label of training position `row` was flipped.
    pub fn planted(&self, row: usize) -> bool {
        self.flipped.rows.binary_search(&row).is_ok()
    }

    /// Fixes that undo a planted flip, and fixes that made a right label wrong.
    pub fn fix_counts(&self) -> (usize, usize) {
        let wrong = |(&row, &class): (&usize, &usize)| class != self.truth[row];
        let undone = self
            .fixes
            .iter()
            .filter(|&(&row, &class)| self.planted(row) && class == self.truth[row])
            .count();
        (undone, self.fixes.iter().filter(|&f| wrong(f)).count())
    }

    /// The dial's top: [`MAX_FLIP_SHARE`], and with one class flipped, no more than
    /// half of that class's rows (beyond, most of its labels would be wrong and no
    /// method could tell the class from its flips).
    pub fn max_share(&self) -> f64 {
        let n = self.truth.len();
        let limit = |share: f64| match self.flip_class {
            Some(c) => 2 * flip_count(n, share) <= self.truth.iter().filter(|&&l| l == c).count(),
            None => true,
        };
        let mut top = 0.0;
        while top + SHARE_STEP <= MAX_FLIP_SHARE + 1e-9 && limit(top + SHARE_STEP) {
            top += SHARE_STEP;
        }
        ((top * 1e6).round() / 1e6).max(self.spec.flip_share)
    }

    fn set_share(&mut self, share: f64) {
        let share = (share.clamp(0.0, self.max_share()) * 1e6).round() / 1e6;
        if (share - self.share).abs() < 1e-9 {
            return;
        }
        self.share = share;
        self.flipped = flip_labels(
            &self.truth,
            self.n_classes,
            share,
            self.flip_class,
            self.spec.seed,
        );
        self.fixes.clear();
        self.suspects = None;
        self.cursor = 0;
    }

    pub fn train(&mut self) {
        if self.job.is_some() {
            return;
        }
        let (spec, data) = (train_spec(&self.spec), Arc::clone(&self.data));
        let (labels, share, fixes) = (self.labels(), self.share, self.fixes.len());
        self.error = None;
        self.job = Some(Job::spawn(move || {
            run(&spec, &data, labels, share, fixes).map(Done::Trained)
        }));
    }

    pub fn find(&mut self) {
        if self.job.is_some() {
            return;
        }
        let (data, labels) = (Arc::clone(&self.data), self.labels());
        let (n, share) = (self.n_classes, self.share);
        self.error = None;
        self.job = Some(Job::spawn(move || {
            rank(&data.train.raw_x, &labels, n)
                .map(|issues| Done::Found(Suspects { issues, share }))
        }));
    }

    fn fix_top(&mut self) {
        let Some(s) = &self.suspects else {
            self.error = Some("Find the label issues first (f).".into());
            return;
        };
        for issue in &s.issues {
            self.fixes.insert(issue.index, issue.suggested);
        }
    }

    fn toggle_fix(&mut self) -> bool {
        let Some(issue) = self
            .suspects
            .as_ref()
            .and_then(|s| s.issues.get(self.cursor))
        else {
            return false;
        };
        if self.fixes.remove(&issue.index).is_none() {
            self.fixes.insert(issue.index, issue.suggested);
        }
        true
    }

    /// Waits for the running job (tests).
    pub fn wait(&mut self) {
        if let Some(job) = self.job.as_mut() {
            let result = job.wait();
            self.job = None;
            self.accept(result);
        }
    }

    fn accept(&mut self, result: Option<Result<Done, String>>) {
        match result {
            Some(Ok(Done::Start(clean, noisy))) => {
                self.clean = Some(clean);
                self.noisy = Some(noisy.clone());
                self.record(noisy);
            }
            Some(Ok(Done::Trained(run))) => self.record(run),
            Some(Ok(Done::Found(suspects))) => {
                self.cursor = 0;
                self.suspects = Some(suspects);
            }
            Some(Err(e)) => self.error = Some(e),
            None => self.error = Some("the work stopped unexpectedly".into()),
        }
    }

    /// Whether a run had at least the lesson's share of labels flipped.
    fn counts(&self, run: &Run) -> bool {
        run.share + 1e-9 >= self.spec.flip_share
    }

    fn record(&mut self, run: Run) {
        if self.met.is_none()
            && self.counts(&run)
            && let Goal::AtLeast { metric, value } = &self.spec.goal
            && run.test_accuracy >= *value
        {
            self.met = Some(format!(
                "test {metric} {:.3} with {:.0} % of the training labels flipped and {} fixed",
                run.test_accuracy,
                run.share * 100.0,
                run.fixes
            ));
        }
        self.last = Some(run);
    }

    /// Whether the labels changed since the last run.
    fn stale(&self) -> bool {
        self.last
            .as_ref()
            .is_some_and(|r| (r.share - self.share).abs() > 1e-9 || r.fixes != self.fixes.len())
    }

    /// Whether the suspects were found with other flips than those in force.
    fn suspects_stale(&self) -> bool {
        self.suspects
            .as_ref()
            .is_some_and(|s| (s.share - self.share).abs() > 1e-9)
    }

    fn start_over(&mut self) {
        self.set_share(self.spec.flip_share);
        self.fixes.clear();
        self.cursor = 0;
    }
}

impl LabModel for LabelNoiseLab {
    type Command = Command;

    fn key_table(&self) -> &'static [LabBinding<Command>] {
        KEYS
    }

    fn apply(&mut self, command: Command) -> bool {
        let n = self.k();
        match command {
            Command::Share(step) => self.set_share(self.share + f64::from(step) * SHARE_STEP),
            Command::PreviousSuspect => self.cursor = self.cursor.saturating_sub(1),
            Command::NextSuspect => self.cursor = (self.cursor + 1).min(n.saturating_sub(1)),
            Command::ToggleFix => return self.toggle_fix(),
            Command::FixTop => self.fix_top(),
            Command::Find => self.find(),
            Command::Train => self.train(),
            Command::StartOver => self.start_over(),
        }
        true
    }

    fn goal_line(&self) -> GoalLine {
        let now = self.last.as_ref().map(|run| {
            let note = if self.stale() { ", last run" } else { "" };
            let counts = if self.counts(run) {
                String::new()
            } else {
                format!(
                    ", counts with ≥ {:.0} % flipped",
                    self.spec.flip_share * 100.0
                )
            };
            format!("test accuracy {:.3}{note}{counts}", run.test_accuracy)
        });
        GoalLine {
            goal: format!("test {}", self.spec.goal),
            now,
        }
    }

    fn poll(&mut self) -> bool {
        let Some(result) = take_finished(&mut self.job) else {
            return false;
        };
        self.accept(result);
        true
    }

    fn busy(&self) -> bool {
        self.job.is_some()
    }

    fn goal_met(&self) -> Option<String> {
        self.met.clone()
    }

    fn render(&self, area: Rect, buf: &mut Buffer, theme: &Theme) {
        let [left, right] = area.layout(&Layout::horizontal([
            Constraint::Percentage(55),
            Constraint::Min(20),
        ]));
        self.render_numbers(left, buf, theme);
        self.render_suspects(right, buf, theme);
    }
}

#[cfg(test)]
mod tests;
