//! The train lab: the learner picks a model, toggles features and changes the seed,
//! trains on a background thread, and reads the metrics, the confusion matrix and, for
//! two classes, the ROC curve (for a numeric target, predicted against actual).
//!
//! Everything the learner compares is 5-fold cross-validated on the training rows; the
//! test rows are scored once, for the settings that first meet the goal, as a model
//! would be reported. The goal counts at the lesson's seed only, so re-rolling the
//! split until the numbers look good does not reach it.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};

mod view;

use super::keys::{LabBinding, LabKey};
use super::worker::{Job, take_finished};
use super::{GoalLine, LabModel};
use crate::catalog::{Goal, TrainLab as TrainLabSpec};
use crate::draw::charts::thin;
use crate::draw::theme::Theme;
use crate::ml::datasets;
use crate::ml::metrics::ThresholdSweep;
use crate::ml::metrics::multiclass::ConfusionMatrix as Matrix;
use crate::ml::models::{self, ModelKind, Predictions, TrainOutcome, TrainSpec};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Command {
    PreviousFeature,
    NextFeature,
    ToggleFeature,
    AllFeatures,
    NextModel,
    /// Change the seed by one, up or down.
    Seed(i8),
    Train,
    StartOver,
}

/// The keys when the task has one model to offer (a numeric target: linear regression).
pub const KEYS_ONE_MODEL: &[LabBinding<Command>] =
    &[KEYS[0], KEYS[1], KEYS[2], KEYS[4], KEYS[5], KEYS[6]];

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
        keys: &[
            (LabKey::Right, Command::Seed(1)),
            (LabKey::Left, Command::Seed(-1)),
            (LabKey::Char('s'), Command::Seed(1)),
            (LabKey::Char('S'), Command::Seed(-1)),
        ],
        label: "←/→ s/S",
        does: "seed − / +",
    },
    LabBinding {
        keys: &[(LabKey::Char('t'), Command::Train)],
        label: "t",
        does: "train with these settings",
    },
    LabBinding {
        keys: &[(LabKey::Char('r'), Command::StartOver)],
        label: "r",
        does: "start over: the lesson's settings",
    },
];

/// The lab's settings: the lesson's, with the feature candidates read from the data.
#[derive(Debug, Clone)]
pub struct TrainSettings {
    pub dataset: String,
    pub target: String,
    pub model: ModelKind,
    /// Every feature column of the dataset, in file order.
    pub all_features: Vec<String>,
    /// The features switched on at the start.
    pub features: Vec<String>,
    pub positive: Option<String>,
    pub seed: u64,
    pub goal: Option<Goal>,
}

/// The ROC curve of a run (thinned for drawing) and its AUC.
type RocSummary = (Vec<(f64, f64)>, Option<f64>);

/// One finished training run, with what the view needs precomputed.
struct Run {
    /// Cross-validated on the training rows: what the learner compares.
    outcome: TrainOutcome,
    /// Fitted on every training row and scored on the test rows: shown only for the run
    /// that first meets the goal.
    test: TrainOutcome,
    /// A numeric target's (actual, predicted) pairs, for the scatter plot.
    scatter: Option<Vec<(f64, f64)>>,
    /// (labels, matrix) of the test rows.
    confusion: Option<(Vec<String>, Vec<Vec<u64>>)>,
    roc: Option<RocSummary>,
    /// What was trained, to tell whether the settings changed since.
    settings: (ModelKind, Vec<bool>, u64),
}

pub struct TrainLab {
    spec: TrainSettings,
    pub model: ModelKind,
    /// One switch per entry of `spec.all_features`.
    pub enabled: Vec<bool>,
    pub cursor: usize,
    pub seed: u64,
    job: Option<Job<Result<Run, String>>>,
    last: Option<Run>,
    error: Option<String>,
    met: Option<String>,
    /// The test rows' result for the settings that met the goal: the one look at them.
    pub final_test: Option<String>,
    /// Models that fit this task, in the order `m` cycles through them.
    models: Vec<ModelKind>,
}

/// Starts the lab from its lesson settings: reads the dataset's feature columns and
/// trains once with the lesson's settings.
pub fn start(spec: &TrainLabSpec) -> Result<TrainLab, String> {
    let table = datasets::load(&spec.dataset).map_err(|e| e.to_string())?;
    // Feature candidates: the numeric columns other than the target.
    let all_features: Vec<String> = table
        .headers
        .iter()
        .enumerate()
        .filter(|(i, h)| **h != spec.target && table.numeric(*i, false).is_ok())
        .map(|(_, h)| h.clone())
        .collect();
    let features = spec
        .features
        .clone()
        .unwrap_or_else(|| all_features.clone());
    Ok(TrainLab::new(TrainSettings {
        dataset: spec.dataset.clone(),
        target: spec.target.clone(),
        model: spec.model,
        all_features,
        features,
        positive: spec.positive.clone(),
        seed: spec.seed,
        goal: Some(spec.goal.clone()),
    }))
}

impl TrainLab {
    pub fn new(spec: TrainSettings) -> TrainLab {
        let enabled = spec
            .all_features
            .iter()
            .map(|f| spec.features.contains(f))
            .collect();
        let models = match spec.model {
            ModelKind::Linear => vec![ModelKind::Linear],
            _ => vec![
                ModelKind::Logistic,
                ModelKind::Tree,
                ModelKind::NaiveBayes,
                ModelKind::Kmeans,
            ],
        };
        let mut lab = TrainLab {
            model: spec.model,
            seed: spec.seed,
            spec,
            enabled,
            cursor: 0,
            job: None,
            last: None,
            error: None,
            met: None,
            final_test: None,
            models,
        };
        lab.train();
        lab
    }

    fn settings(&self) -> (ModelKind, Vec<bool>, u64) {
        (self.model, self.enabled.clone(), self.seed)
    }

    fn selected_features(&self) -> Vec<String> {
        self.spec
            .all_features
            .iter()
            .zip(&self.enabled)
            .filter(|(_, on)| **on)
            .map(|(f, _)| f.clone())
            .collect()
    }

    /// Starts a training run with the current settings.
    pub fn train(&mut self) {
        if self.job.is_some() {
            return;
        }
        let features = self.selected_features();
        if features.is_empty() {
            self.error = Some("Switch on at least one feature (Space) before training.".into());
            return;
        }
        let mut spec = TrainSpec::new(&self.spec.dataset, self.model);
        spec.target = Some(self.spec.target.clone());
        spec.features = Some(features);
        spec.positive = self.spec.positive.clone();
        spec.seed = self.seed;
        let settings = self.settings();
        self.error = None;
        self.job = Some(Job::spawn(move || {
            let data = models::prepare(&spec).map_err(|e| e.to_string())?;
            let cv =
                models::cross_validate(&spec, &data, models::FOLDS).map_err(|e| e.to_string())?;
            let test = models::fit_prepared(&spec, data).map_err(|e| e.to_string())?;
            Ok(prepare(cv, test, settings))
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
                if self.met.is_none()
                    && run.outcome.seed == self.spec.seed
                    && let Some(goal) = &self.spec.goal
                    && let Some(metric) = goal.metric()
                    && let Some(value) = run.outcome.metric(metric)
                    && goal.met_by(metric, value)
                {
                    self.met = Some(format!(
                        "cross-validated {metric} {value:.3} with {}, {} feature(s)",
                        run.outcome.model.title(),
                        run.outcome.features.len()
                    ));
                    self.final_test = Some(test_summary(&run.test, metric));
                }
                self.last = Some(run);
            }
            Some(Err(e)) => self.error = Some(e),
            None => self.error = Some("training stopped unexpectedly".into()),
        }
    }

    pub fn outcome(&self) -> Option<&TrainOutcome> {
        self.last.as_ref().map(|r| &r.outcome)
    }

    fn stale(&self) -> bool {
        self.last
            .as_ref()
            .is_some_and(|r| r.settings != self.settings())
    }
}

/// The test rows' numbers for the goal's metric and the task's headline metrics.
fn test_summary(test: &TrainOutcome, goal_metric: &str) -> String {
    let mut keys = vec![goal_metric];
    let headline: &[&str] = match &test.predictions {
        Predictions::Regression(_) => &["r2", "rmse"],
        Predictions::Classification(p) if p.classes.len() == 2 => &["precision", "recall"],
        Predictions::Classification(_) => &["accuracy", "macro_f1"],
        Predictions::Clusters(_) => &["inertia"],
    };
    keys.extend(headline.iter().filter(|k| **k != goal_metric));
    let values: Vec<String> = keys
        .iter()
        .filter_map(|k| test.metric(k).map(|v| format!("{k} {v:.3}")))
        .collect();
    format!("{} test rows: {}", test.rows_test(), values.join(" · "))
}

fn prepare(
    outcome: TrainOutcome,
    test: TrainOutcome,
    settings: (ModelKind, Vec<bool>, u64),
) -> Run {
    let (confusion, roc) = match &outcome.predictions {
        Predictions::Classification(p) => {
            let m = Matrix::from_indices(p.classes.clone(), &p.truth, &p.predicted);
            let mut labels = p.classes.clone();
            let mut rows = m.rows();
            // Two classes: the positive class first, as in the threshold lab.
            if let Some(pos) = p.positive
                && pos == 1
                && labels.len() == 2
            {
                labels.swap(0, 1);
                rows = vec![vec![rows[1][1], rows[1][0]], vec![rows[0][1], rows[0][0]]];
            }
            let roc = match (&p.scores, p.positive) {
                (Some(scores), Some(pos)) => {
                    let truth: Vec<bool> = p.truth.iter().map(|&t| t == pos).collect();
                    let sweep = ThresholdSweep::new(&truth, scores);
                    let curve = sweep.roc_curve();
                    let pts: Vec<(f64, f64)> = curve
                        .fpr
                        .iter()
                        .copied()
                        .zip(curve.tpr.iter().copied())
                        .collect();
                    Some((thin(&pts, 400), sweep.roc_auc()))
                }
                _ => None,
            };
            (Some((labels, rows)), roc)
        }
        Predictions::Regression(_) | Predictions::Clusters(_) => (None, None),
    };
    let scatter = match &outcome.predictions {
        Predictions::Regression(r) => Some(
            r.truth
                .iter()
                .copied()
                .zip(r.predicted.iter().copied())
                .collect(),
        ),
        Predictions::Classification(_) | Predictions::Clusters(_) => None,
    };
    Run {
        outcome,
        test,
        scatter,
        confusion,
        roc,
        settings,
    }
}

impl TrainLab {
    fn start_over(&mut self) {
        self.model = self.spec.model;
        self.seed = self.spec.seed;
        self.enabled = self
            .spec
            .all_features
            .iter()
            .map(|f| self.spec.features.contains(f))
            .collect();
        self.cursor = 0;
    }
}

impl LabModel for TrainLab {
    type Command = Command;

    fn key_table(&self) -> &'static [LabBinding<Command>] {
        if self.models.len() > 1 {
            KEYS
        } else {
            KEYS_ONE_MODEL
        }
    }

    fn apply(&mut self, command: Command) -> bool {
        let n = self.spec.all_features.len();
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
                let i = self
                    .models
                    .iter()
                    .position(|m| *m == self.model)
                    .unwrap_or(0);
                self.model = self.models[(i + 1) % self.models.len()];
            }
            Command::Seed(1) => self.seed = self.seed.wrapping_add(1),
            Command::Seed(_) => self.seed = self.seed.saturating_sub(1),
            Command::Train => self.train(),
            Command::StartOver => self.start_over(),
        }
        true
    }

    fn goal_line(&self) -> GoalLine {
        let goal = self
            .spec
            .goal
            .as_ref()
            .map_or_else(|| "train a model".to_string(), Goal::to_string);
        let now = self
            .spec
            .goal
            .as_ref()
            .and_then(Goal::metric)
            .and_then(|metric| {
                let outcome = self.outcome()?;
                let value = outcome.metric(metric)?;
                let note = if self.stale() { ", last run" } else { "" };
                let seed = if outcome.seed == self.spec.seed {
                    String::new()
                } else {
                    format!(", counts at seed {}", self.spec.seed)
                };
                Some(format!("{metric} {value:.3} (cross-validated{note}{seed})"))
            });
        GoalLine { goal, now }
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
        let [settings_area, results_area] = area.layout(&Layout::horizontal([
            Constraint::Length(34),
            Constraint::Min(20),
        ]));
        self.render_settings(settings_area, buf, theme);
        self.render_results(results_area, buf, theme);
    }
}

#[cfg(test)]
mod tests;
