//! The leakage lab: the learner switches features on and off and trains; each run is
//! scored three ways: 5-fold cross-validation on the training rows, the held-out test
//! rows of the same data, and a second dataset met later. A feature recorded after
//! the outcome lifts the first two and not the third. The goal counts on the later
//! data, and only while the test score is within the goal's gap of it: the model must
//! end with a test score that tells the truth. Each column's separating strength on its
//! own (ROC AUC on the training rows, as the audit measures it) is shown beside it.
//!
//! The later rows are encoded and scored with the model fitted on the training rows;
//! they are never trained on. The seed is the lesson's, so the split is fixed.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};

mod view;

use super::keys::{LabBinding, LabKey};
use super::worker::{Job, take_finished};
use super::{GoalLine, LabModel};
use crate::catalog::LeakageLab as LeakageSpec;
use crate::draw::theme::Theme;
use crate::ml::data::{later_part, separation};
use crate::ml::datasets;
use crate::ml::models::{self, FOLDS, ModelKind, TrainSpec};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Command {
    PreviousFeature,
    NextFeature,
    ToggleFeature,
    AllFeatures,
    NextModel,
    Train,
    StartOver,
}

pub const KEYS: &[LabBinding<Command>] = &[
    LabBinding {
        keys: &[
            (LabKey::Up, Command::PreviousFeature),
            (LabKey::Down, Command::NextFeature),
        ],
        label: "↑/↓",
        does: "choose a feature",
    },
    LabBinding {
        keys: &[(LabKey::Select, Command::ToggleFeature)],
        label: "Space",
        does: "feature on / off",
    },
    LabBinding {
        keys: &[(LabKey::Char('a'), Command::AllFeatures)],
        label: "a",
        does: "all features on / off",
    },
    LabBinding {
        keys: &[(LabKey::Char('m'), Command::NextModel)],
        label: "m",
        does: "next model",
    },
    LabBinding {
        keys: &[(LabKey::Char('t'), Command::Train)],
        label: "t",
        does: "train and score",
    },
    LabBinding {
        keys: &[(LabKey::Char('r'), Command::StartOver)],
        label: "r",
        does: "start over: the lesson's settings",
    },
];

/// The models `m` cycles through.
pub const MODELS: [ModelKind; 3] = [ModelKind::Logistic, ModelKind::Tree, ModelKind::NaiveBayes];

/// One finished run: the goal's metric three ways, rounded to three decimals as shown.
#[derive(Debug, Clone, PartialEq)]
pub struct Scores {
    pub model: ModelKind,
    pub features: usize,
    /// Out-of-fold on the training rows.
    pub cv: Option<f64>,
    pub test: Option<f64>,
    pub later: Option<f64>,
    pub rows_train: usize,
    pub rows_test: usize,
    pub rows_later: usize,
}

impl Scores {
    /// |test − later|, when both are defined.
    pub fn gap(&self) -> Option<f64> {
        Some((self.test? - self.later?).abs())
    }
}

struct Run {
    scores: Scores,
    settings: (ModelKind, Vec<bool>),
}

pub struct LeakageLab {
    spec: LeakageSpec,
    /// Every column but the target, in file order.
    pub columns: Vec<String>,
    pub enabled: Vec<bool>,
    /// Each column's separating strength alone on the training rows.
    pub separation: Vec<Option<f64>>,
    pub cursor: usize,
    pub model: ModelKind,
    job: Option<Job<Result<Run, String>>>,
    last: Option<Run>,
    error: Option<String>,
    met: Option<String>,
}

/// Starts the lab: reads the columns, measures each one alone on the training rows,
/// and trains once with the lesson's settings.
pub fn start(spec: &LeakageSpec) -> Result<LeakageLab, String> {
    let table = datasets::load(&spec.dataset).map_err(|e| e.to_string())?;
    let target = table
        .column_index(&spec.target)
        .map_err(|e| e.to_string())?;
    let positive = spec
        .positive
        .clone()
        .or_else(|| datasets::info(&spec.dataset).and_then(|i| i.positive.clone()))
        .ok_or_else(|| format!("which label of '{}' is positive?", spec.target))?;
    let base = train_spec(spec, spec.model, None);
    let train_rows = models::prepare(&base)
        .map_err(|e| e.to_string())?
        .split
        .train;
    let columns: Vec<String> = table
        .headers
        .iter()
        .filter(|h| **h != spec.target)
        .cloned()
        .collect();
    let separation = columns
        .iter()
        .map(|c| {
            let column = table.column_index(c).ok()?;
            separation(&table, column, target, &positive, &train_rows)
        })
        .collect();
    let enabled = on_at_start(spec, &columns);
    let mut lab = LeakageLab {
        spec: spec.clone(),
        columns,
        enabled,
        separation,
        cursor: 0,
        model: spec.model,
        job: None,
        last: None,
        error: None,
        met: None,
    };
    lab.train();
    Ok(lab)
}

fn on_at_start(spec: &LeakageSpec, columns: &[String]) -> Vec<bool> {
    columns
        .iter()
        .map(|c| spec.features.as_ref().is_none_or(|f| f.contains(c)))
        .collect()
}

fn train_spec(spec: &LeakageSpec, model: ModelKind, features: Option<Vec<String>>) -> TrainSpec {
    let mut t = TrainSpec::new(&spec.dataset, model);
    t.target = Some(spec.target.clone());
    t.features = features;
    t.positive = spec.positive.clone();
    t.seed = spec.seed;
    t
}

/// Trains `model` on the training rows of the lesson's split with `features` and
/// scores it on the cross-validation folds, the test rows and the later data.
pub fn score(
    spec: &LeakageSpec,
    model: ModelKind,
    features: Vec<String>,
) -> Result<Scores, String> {
    let t = train_spec(spec, model, Some(features));
    let metric = spec.goal.metric.as_str();
    let data = models::prepare(&t).map_err(|e| e.to_string())?;
    let cv = models::cross_validate(&t, &data, FOLDS).map_err(|e| e.to_string())?;
    let later =
        later_part(&t.data, t.rows, t.seed, &data, &spec.later).map_err(|e| e.to_string())?;
    let later = models::fit_scored_on(&t, &data, later).map_err(|e| e.to_string())?;
    let test = models::fit_prepared(&t, data).map_err(|e| e.to_string())?;
    // Judged as shown: to three decimals.
    let shown = |v: Option<f64>| v.map(|v| (v * 1000.0).round() / 1000.0);
    Ok(Scores {
        model,
        features: test.features.len(),
        cv: shown(cv.metric(metric)),
        test: shown(test.metric(metric)),
        later: shown(later.metric(metric)),
        rows_train: cv.rows_test(),
        rows_test: test.rows_test(),
        rows_later: later.rows_test(),
    })
}

impl LeakageLab {
    fn settings(&self) -> (ModelKind, Vec<bool>) {
        (self.model, self.enabled.clone())
    }

    fn selected(&self) -> Vec<String> {
        self.columns
            .iter()
            .zip(&self.enabled)
            .filter(|(_, on)| **on)
            .map(|(c, _)| c.clone())
            .collect()
    }

    /// Starts a run with the current settings.
    pub fn train(&mut self) {
        if self.job.is_some() {
            return;
        }
        let features = self.selected();
        if features.is_empty() {
            self.error = Some("Switch on at least one feature (Space) before training.".into());
            return;
        }
        let spec = self.spec.clone();
        let (model, settings) = (self.model, self.settings());
        self.error = None;
        self.job = Some(Job::spawn(move || {
            let scores = score(&spec, model, features)?;
            Ok(Run { scores, settings })
        }));
    }

    /// Waits for the running job (tests).
    pub fn wait(&mut self) {
        if let Some(job) = self.job.as_mut() {
            let result = job.wait();
            self.job = None;
            self.accept(result);
        }
    }

    fn accept(&mut self, result: Option<Result<Run, String>>) {
        match result {
            Some(Ok(run)) => {
                let goal = &self.spec.goal;
                let s = &run.scores;
                if self.met.is_none()
                    && let (Some(later), Some(gap)) = (s.later, s.gap())
                    && later >= goal.at_least
                    && gap <= goal.max_gap
                {
                    self.met = Some(format!(
                        "later {m} {later:.3}, test {m} {:.3} (gap {gap:.3}) with {}, {} feature(s)",
                        s.test.unwrap_or(f64::NAN),
                        s.model.title(),
                        s.features,
                        m = goal.metric
                    ));
                }
                self.last = Some(run);
            }
            Some(Err(e)) => self.error = Some(e),
            None => self.error = Some("training stopped unexpectedly".into()),
        }
    }

    /// The last run's scores.
    pub fn scores(&self) -> Option<&Scores> {
        self.last.as_ref().map(|r| &r.scores)
    }

    fn stale(&self) -> bool {
        self.last
            .as_ref()
            .is_some_and(|r| r.settings != self.settings())
    }
}

impl LabModel for LeakageLab {
    type Command = Command;

    fn key_table(&self) -> &'static [LabBinding<Command>] {
        KEYS
    }

    fn apply(&mut self, command: Command) -> bool {
        let n = self.columns.len();
        match command {
            Command::PreviousFeature => self.cursor = self.cursor.saturating_sub(1),
            Command::NextFeature => self.cursor = (self.cursor + 1).min(n.saturating_sub(1)),
            Command::ToggleFeature if n > 0 => {
                self.enabled[self.cursor] = !self.enabled[self.cursor]
            }
            Command::ToggleFeature => return false,
            Command::AllFeatures => {
                let all = self.enabled.iter().all(|e| *e);
                self.enabled.iter_mut().for_each(|e| *e = !all);
            }
            Command::NextModel => {
                let i = MODELS.iter().position(|m| *m == self.model).unwrap_or(0);
                self.model = MODELS[(i + 1) % MODELS.len()];
            }
            Command::Train => self.train(),
            Command::StartOver => {
                self.model = self.spec.model;
                self.enabled = on_at_start(&self.spec, &self.columns);
                self.cursor = 0;
            }
        }
        true
    }

    fn goal_line(&self) -> GoalLine {
        let m = &self.spec.goal.metric;
        let now = self.scores().and_then(|s| {
            let later = s.later?;
            let test = s.test?;
            let note = if self.stale() { ", last run" } else { "" };
            Some(format!(
                "later {m} {later:.3}, test {test:.3} (gap {:.3}{note})",
                (test - later).abs()
            ))
        });
        GoalLine {
            goal: self.spec.goal.to_string(),
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
        let [features, scores] = area.layout(&Layout::horizontal([
            Constraint::Length(38.min(area.width * 45 / 100)),
            Constraint::Min(20),
        ]));
        self.render_features(features, buf, theme);
        self.render_scores(scores, buf, theme);
    }
}

#[cfg(test)]
mod tests;
