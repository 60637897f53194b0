//! The train lab: the learner picks a model, toggles features and changes the seed,
//! trains on a background thread, and reads the test metrics, the confusion matrix
//! and, for two classes, the ROC curve.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget, Wrap};

use super::Lab;
use crate::draw::charts::{CurveChart, thin};
use super::goal::Goal;
use super::worker::Job;
use crate::catalog::LabStep;
use crate::ml::datasets;
use crate::ml::metrics::ThresholdSweep;
use crate::ml::metrics::multiclass::ConfusionMatrix as Matrix;
use crate::ml::models::{self, ModelKind, Predictions, TrainOutcome, TrainSpec};
use crate::tui::action::LabKey;
use crate::draw::theme::Theme;
use crate::draw::confusion::ConfusionMatrix;

/// The lab's settings from the lesson step.
#[derive(Debug, Clone)]
pub struct TrainLabSpec {
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
    outcome: TrainOutcome,
    /// (labels, matrix) of the test rows.
    confusion: Option<(Vec<String>, Vec<Vec<u64>>)>,
    roc: Option<RocSummary>,
    /// What was trained, to tell whether the settings changed since.
    settings: (ModelKind, Vec<bool>, u64),
}

pub struct TrainLab {
    spec: TrainLabSpec,
    pub model: ModelKind,
    /// One switch per entry of `spec.all_features`.
    pub enabled: Vec<bool>,
    pub cursor: usize,
    pub seed: u64,
    job: Option<Job<Result<Run, String>>>,
    last: Option<Run>,
    error: Option<String>,
    met: Option<String>,
    /// Models that fit this task, in the order `m` cycles through them.
    models: Vec<ModelKind>,
}

/// Starts the lab from a lesson step: reads the dataset's feature columns and trains
/// once with the lesson's settings.
pub fn start(step: &LabStep) -> Result<TrainLab, String> {
    let dataset = super::dataset_of(step)?;
    let table = datasets::load(&dataset).map_err(|e| e.to_string())?;
    let target = super::text_param(step, "target")
        .or_else(|| datasets::info(&dataset).and_then(|d| d.target.clone()))
        .ok_or("the train lab needs a `target` column")?;
    let model_name = super::text_param(step, "model").unwrap_or_else(|| "logistic".into());
    let model = ModelKind::from_name(&model_name)
        .ok_or_else(|| format!("'{model_name}' is not a model"))?;
    // Feature candidates: the numeric columns other than the target.
    let all_features: Vec<String> = table
        .headers
        .iter()
        .enumerate()
        .filter(|(i, h)| **h != target && table.numeric(*i, false).is_ok())
        .map(|(_, h)| h.clone())
        .collect();
    let features = match step.params.get("features").and_then(|v| v.as_array()) {
        Some(list) => list
            .iter()
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect(),
        None => all_features.clone(),
    };
    Ok(TrainLab::new(TrainLabSpec {
        dataset,
        target,
        model,
        all_features,
        features,
        positive: super::text_param(step, "positive"),
        seed: super::number_param(step, "seed")
            .map(|s| s as u64)
            .unwrap_or(42),
        goal: super::goal_of(step)?,
    }))
}

impl TrainLab {
    pub fn new(spec: TrainLabSpec) -> TrainLab {
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
            let outcome = models::train(&spec).map_err(|e| e.to_string())?;
            Ok(prepare(outcome, settings))
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
                    && let Some(goal) = &self.spec.goal
                    && let Some(metric) = goal.metric()
                    && let Some(value) = run.outcome.metric(metric)
                    && goal.met_by(metric, value)
                {
                    self.met = Some(format!(
                        "{metric} {value:.3} with {}, seed {}, {} feature(s)",
                        run.outcome.model.title(),
                        run.outcome.seed,
                        run.outcome.features.len()
                    ));
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

fn prepare(outcome: TrainOutcome, settings: (ModelKind, Vec<bool>, u64)) -> Run {
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
        Predictions::Regression(_) => (None, None),
    };
    Run {
        outcome,
        confusion,
        roc,
        settings,
    }
}

impl Lab for TrainLab {
    fn handle(&mut self, key: LabKey) -> bool {
        let n = self.spec.all_features.len();
        match key {
            LabKey::Up => self.cursor = self.cursor.saturating_sub(1),
            LabKey::Down => self.cursor = (self.cursor + 1).min(n.saturating_sub(1)),
            LabKey::Char(' ') if n > 0 => self.enabled[self.cursor] = !self.enabled[self.cursor],
            LabKey::Char('a') => {
                let all = self.enabled.iter().all(|e| *e);
                self.enabled.iter_mut().for_each(|e| *e = !all);
            }
            LabKey::Char('m') => {
                let i = self
                    .models
                    .iter()
                    .position(|m| *m == self.model)
                    .unwrap_or(0);
                self.model = self.models[(i + 1) % self.models.len()];
            }
            LabKey::Char('s') | LabKey::Right => self.seed = self.seed.wrapping_add(1),
            LabKey::Char('S') | LabKey::Left => self.seed = self.seed.saturating_sub(1),
            LabKey::Enter | LabKey::Char('t') => self.train(),
            _ => return false,
        }
        true
    }

    fn poll(&mut self) -> bool {
        let Some(job) = self.job.as_mut() else {
            return false;
        };
        match job.poll() {
            Some(result) => {
                self.job = None;
                self.accept(Some(result));
                true
            }
            None if !job.running() => {
                self.job = None;
                self.accept(None);
                true
            }
            None => false,
        }
    }

    fn busy(&self) -> bool {
        self.job.is_some()
    }

    fn goal_met(&self) -> Option<String> {
        self.met.clone()
    }

    fn keys(&self) -> Vec<(&'static str, &'static str)> {
        vec![
            ("m", "next model"),
            ("↑/↓", "choose a feature"),
            ("Space", "switch the feature on or off"),
            ("a", "all features on / off"),
            ("s / S, →/←", "seed + 1 / − 1"),
            ("Enter, t", "train with these settings"),
        ]
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

impl TrainLab {
    fn render_settings(&self, area: Rect, buf: &mut Buffer, theme: &Theme) {
        let mut lines = vec![
            Line::from(vec![
                Span::raw("model  "),
                Span::styled(self.model.title(), theme.title),
                Span::styled("  (m)", theme.dim),
            ]),
            Line::from(vec![
                Span::raw("seed   "),
                Span::styled(self.seed.to_string(), theme.title),
                Span::styled("  (s/S)", theme.dim),
            ]),
            Line::styled(format!("target {}", self.spec.target), theme.dim),
            Line::default(),
            Line::styled("features (Space toggles)", theme.dim),
        ];
        let height = area.height.saturating_sub(7) as usize;
        let first = self.cursor.saturating_sub(height.saturating_sub(1));
        for (i, (f, on)) in self
            .spec
            .all_features
            .iter()
            .zip(&self.enabled)
            .enumerate()
            .skip(first)
            .take(height)
        {
            let cursor = i == self.cursor;
            lines.push(Line::from(vec![
                Span::styled(if cursor { "▶ " } else { "  " }, theme.accent),
                Span::raw(if *on { "[x] " } else { "[ ] " }),
                Span::styled(f.clone(), if cursor { theme.selected } else { theme.text }),
            ]));
        }
        Paragraph::new(lines)
            .block(
                Block::bordered()
                    .title(" Settings ")
                    .border_style(theme.dim),
            )
            .render(area, buf);
    }

    fn render_results(&self, area: Rect, buf: &mut Buffer, theme: &Theme) {
        let mut lines = Vec::new();
        if self.job.is_some() {
            lines.push(Line::styled("⟳ training…", theme.accent));
        } else if self.stale() {
            lines.push(Line::styled(
                "Settings changed: press Enter to train.",
                theme.warn,
            ));
        }
        if let Some(e) = &self.error {
            lines.push(Line::styled(e.clone(), theme.bad));
        }
        if let Some(goal) = &self.spec.goal {
            match &self.met {
                Some(how) => lines.push(Line::styled(format!("✓ Goal met: {how}"), theme.good)),
                None => lines.push(Line::styled(
                    format!("Goal: {goal} on the test rows"),
                    theme.warn,
                )),
            }
        }
        let Some(run) = &self.last else {
            Paragraph::new(lines)
                .wrap(Wrap { trim: true })
                .render(area, buf);
            return;
        };
        let o = &run.outcome;
        lines.push(Line::styled(
            format!(
                "{} · {} train / {} test rows · seed {}",
                o.model.title(),
                o.rows_train(),
                o.rows_test(),
                o.seed
            ),
            theme.dim,
        ));
        let keys: &[&str] = match &o.predictions {
            Predictions::Regression(_) => &["mae", "rmse", "r2"],
            Predictions::Classification(p) if p.classes.len() == 2 => {
                &["accuracy", "precision", "recall", "f1", "roc_auc", "mcc"]
            }
            Predictions::Classification(_) => &["accuracy", "macro_f1", "weighted_f1", "kappa"],
        };
        let metrics: Vec<Span> = keys
            .iter()
            .filter_map(|k| o.metric(k).map(|v| Span::raw(format!("{k} {v:.3}   "))))
            .collect();
        lines.push(Line::from(metrics));
        for w in &o.warnings {
            lines.push(Line::styled(format!("! {w}"), theme.warn));
        }
        for n in &o.notes {
            lines.push(Line::styled(n.clone(), theme.dim));
        }
        lines.push(Line::default());
        if let Some((labels, rows)) = &run.confusion {
            let tags = (labels.len() == 2).then_some([["TP", "FN"], ["FP", "TN"]]);
            let cm = ConfusionMatrix {
                labels,
                matrix: rows,
                tags,
                theme,
            };
            lines.extend(cm.lines());
        }
        let text_height = (lines.len() as u16).min(area.height);
        let [text_area, chart_area] = area.layout(&Layout::vertical([
            Constraint::Length(text_height),
            Constraint::Min(0),
        ]));
        Paragraph::new(lines).render(text_area, buf);
        if let Some((roc, auc)) = &run.roc
            && chart_area.height >= 6
        {
            let auc = auc
                .map(|a| format!("{a:.3}"))
                .unwrap_or_else(|| "undefined".into());
            let diagonal = [(0.0, 0.0), (1.0, 1.0)];
            CurveChart {
                title: format!(" ROC on the test rows · AUC {auc} "),
                x_title: "FPR",
                y_title: "TPR",
                curve: roc,
                reference: Some(&diagonal),
                point: None,
                x_bounds: [0.0, 1.0],
                y_bounds: [0.0, 1.0],
            }
            .render(chart_area, buf, theme);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn step(toml_text: &str) -> LabStep {
        let params: toml::Table = toml::from_str(toml_text).unwrap();
        LabStep {
            title: None,
            text: None,
            lab: "train".into(),
            dataset: Some("breast_cancer".into()),
            params,
        }
    }

    #[test]
    fn trains_on_start_and_meets_a_recall_goal() {
        let mut lab = start(&step(
            "target = \"diagnosis\"\npositive = \"malignant\"\nmodel = \"logistic\"\ngoal = { metric = \"recall\", at_least = 0.8 }",
        ))
        .unwrap();
        assert!(lab.busy(), "training runs in the background");
        lab.wait();
        let outcome = lab.outcome().unwrap();
        assert_eq!(outcome.features.len(), 30);
        assert!(
            lab.goal_met().unwrap().starts_with("recall "),
            "{:?}",
            lab.goal_met()
        );
    }

    #[test]
    fn keys_change_model_features_and_seed_and_mark_results_stale() {
        let mut lab = start(&step("target = \"diagnosis\"\npositive = \"malignant\"\nmodel = \"logistic\"\ngoal = { metric = \"recall\", at_least = 0.99 }")).unwrap();
        lab.wait();
        lab.handle(LabKey::Char('m'));
        assert_eq!(lab.model, ModelKind::Tree);
        lab.handle(LabKey::Char(' '));
        assert!(!lab.enabled[0]);
        lab.handle(LabKey::Char('s'));
        assert_eq!(lab.seed, 43);
        assert!(lab.stale());
        lab.handle(LabKey::Enter);
        lab.wait();
        assert!(!lab.stale());
        assert_eq!(lab.outcome().unwrap().features.len(), 29);
        assert_eq!(lab.outcome().unwrap().model, ModelKind::Tree);
    }

    #[test]
    fn no_features_is_explained_not_trained() {
        let mut lab = start(&step("target = \"diagnosis\"\npositive = \"malignant\"\nmodel = \"tree\"\ngoal = { metric = \"f1\", at_least = 0.5 }")).unwrap();
        lab.wait();
        lab.handle(LabKey::Char('a'));
        lab.handle(LabKey::Enter);
        assert!(!lab.busy());
        assert!(
            lab.error
                .as_deref()
                .unwrap()
                .contains("at least one feature")
        );
    }
}
