//! The threshold lab: a trained model's scores on the test split, a threshold the
//! learner moves with ←/→, and everything that depends on it — the confusion matrix,
//! precision, recall, F1, specificity, the operating point on the ROC and
//! precision-recall curves, and, with costs, the total cost of the mistakes.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

use super::Lab;
use crate::draw::charts::{CurveChart, thin};
use super::goal::Goal;
use super::worker::Job;
use crate::catalog::LabStep;
use crate::ml::metrics::{ConfusionCounts, ThresholdSweep};
use crate::ml::models::{self, ModelKind, Predictions, ScoreKind, TrainSpec};
use crate::tui::action::LabKey;
use crate::draw::theme::Theme;
use crate::draw::confusion::ConfusionMatrix;

/// A model's positive-class scores on labelled test rows.
#[derive(Debug, Clone)]
pub struct Scored {
    /// True where the row's actual class is the positive one.
    pub labels: Vec<bool>,
    pub scores: Vec<f64>,
    pub positive: String,
    /// How to call the other class (the other label, or "other").
    pub negative: String,
    /// What was trained, for the header: "logistic regression on breast_cancer …".
    pub description: String,
}

/// The lab's settings from the lesson step.
#[derive(Debug, Clone, Default)]
pub struct ThresholdSpec {
    pub cost_fp: Option<f64>,
    pub cost_fn: Option<f64>,
    pub goal: Option<Goal>,
}

const FINE: f64 = 0.01;
const COARSE: f64 = 0.1;
/// Curves are drawn with at most this many points, so a keypress stays cheap.
const CURVE_POINTS: usize = 400;

struct Ready {
    data: Scored,
    sweep: ThresholdSweep,
    roc: Vec<(f64, f64)>,
    pr: Vec<(f64, f64)>,
    /// The cheapest threshold and its cost, when costs are given.
    cheapest: Option<(f64, f64)>,
}

enum State {
    Training(Job<Result<Scored, String>>),
    Ready(Box<Ready>),
    Failed(String),
}

pub struct ThresholdLab {
    spec: ThresholdSpec,
    state: State,
    pub threshold: f64,
    /// The cheapest (threshold, cost) the learner has visited.
    best_seen: Option<(f64, f64)>,
    met: Option<String>,
}

impl ThresholdLab {
    pub fn new(spec: ThresholdSpec, training: Job<Result<Scored, String>>) -> ThresholdLab {
        let mut lab = ThresholdLab {
            spec,
            state: State::Training(training),
            threshold: 0.5,
            best_seen: None,
            met: None,
        };
        lab.poll();
        lab
    }

    fn ready(&self) -> Option<&Ready> {
        match &self.state {
            State::Ready(r) => Some(r),
            _ => None,
        }
    }

    /// The confusion counts at the current threshold.
    pub fn counts(&self) -> Option<ConfusionCounts> {
        self.ready().map(|r| r.sweep.counts_at(self.threshold))
    }

    /// The total cost of the mistakes at the current threshold, when costs are set.
    pub fn cost(&self) -> Option<f64> {
        let c = self.counts()?;
        let (fp, fn_) = (self.spec.cost_fp?, self.spec.cost_fn?);
        Some(c.cost(fp, fn_))
    }

    fn set_threshold(&mut self, t: f64) {
        // Rounded to the step so that repeated steps land on round numbers.
        self.threshold = ((t.clamp(0.0, 1.0)) * 100.0).round() / 100.0;
        self.evaluate();
    }

    /// Checks the goal and remembers the cheapest point seen.
    fn evaluate(&mut self) {
        let Some(counts) = self.counts() else {
            return;
        };
        if let Some(cost) = self.cost()
            && self.best_seen.is_none_or(|(_, c)| cost < c)
        {
            self.best_seen = Some((self.threshold, cost));
        }
        if self.met.is_some() {
            return;
        }
        let t = self.threshold;
        self.met = match &self.spec.goal {
            Some(Goal::CostWithin(within)) => {
                let cheapest = self.ready().and_then(|r| r.cheapest);
                match (self.cost(), cheapest) {
                    (Some(cost), Some((_, min))) if cost <= min * (1.0 + within) + 1e-9 => {
                        Some(format!(
                            "threshold {t:.2} costs {cost:.0}, within {:.0}% of the cheapest ({min:.0})",
                            within * 100.0
                        ))
                    }
                    _ => None,
                }
            }
            Some(goal @ (Goal::AtLeast { metric, .. } | Goal::AtMost { metric, .. })) => {
                let value = metric_value(&counts, metric);
                value
                    .filter(|v| goal.met_by(metric, *v))
                    .map(|v| format!("{metric} {v:.3} at threshold {t:.2}"))
            }
            None => None,
        };
    }
}

/// Starts the lab from a lesson step: trains the model on a background thread.
pub fn start(step: &LabStep) -> Result<ThresholdLab, String> {
    let dataset = super::dataset_of(step)?;
    let target = super::text_param(step, "target");
    let positive = super::text_param(step, "positive");
    let model_name = super::text_param(step, "model").unwrap_or_else(|| "logistic".into());
    let model = ModelKind::from_name(&model_name)
        .filter(|m| *m != ModelKind::Linear)
        .ok_or_else(|| format!("'{model_name}' is not a classifier this lab can train"))?;
    let spec = ThresholdSpec {
        cost_fp: super::number_param(step, "cost_fp"),
        cost_fn: super::number_param(step, "cost_fn"),
        goal: super::goal_of(step)?,
    };
    let mut train = TrainSpec::new(&dataset, model);
    train.target = target;
    train.positive = positive;
    if let Some(seed) = super::number_param(step, "seed") {
        train.seed = seed as u64;
    }
    Ok(ThresholdLab::new(spec, Job::spawn(move || scored(&train))))
}

/// Trains and keeps the positive-class scores of the test rows.
pub fn scored(spec: &TrainSpec) -> Result<Scored, String> {
    let outcome = models::train(spec).map_err(|e| e.to_string())?;
    let Predictions::Classification(p) = &outcome.predictions else {
        return Err("this lab needs a classifier".into());
    };
    let (Some(scores), Some(pos)) = (&p.scores, p.positive) else {
        return Err(format!(
            "the target '{}' has {} classes; this lab needs two (or a `positive` label)",
            outcome.target,
            p.classes.len()
        ));
    };
    let negative = if p.classes.len() == 2 {
        p.classes[1 - pos].clone()
    } else {
        format!("not {}", p.classes[pos])
    };
    Ok(Scored {
        labels: p.truth.iter().map(|&t| t == pos).collect(),
        scores: scores.clone(),
        positive: p.classes[pos].clone(),
        negative,
        description: format!(
            "{} on {} · {} test rows (seed {}) · scores: {}",
            outcome.model.title(),
            outcome.dataset,
            outcome.rows_test(),
            outcome.seed,
            match p.score_kind {
                ScoreKind::Probability => "predicted probability",
                ScoreKind::LeafFraction => "share of positives in the tree leaf",
                ScoreKind::ClusterFraction => "share of positives in the cluster",
            }
        ),
    })
}

fn metric_value(c: &ConfusionCounts, metric: &str) -> Option<f64> {
    crate::ml::metrics::binary::CountMetric::from_name(metric).map(|m| c.metric(m))
}

impl Lab for ThresholdLab {
    fn handle(&mut self, key: LabKey) -> bool {
        if self.ready().is_none() {
            return false;
        }
        let t = self.threshold;
        match key {
            LabKey::Left => self.set_threshold(t - FINE),
            LabKey::Right => self.set_threshold(t + FINE),
            LabKey::CoarseLeft => self.set_threshold(t - COARSE),
            LabKey::CoarseRight => self.set_threshold(t + COARSE),
            LabKey::Char('r') => self.set_threshold(0.5),
            _ => return false,
        }
        true
    }

    fn poll(&mut self) -> bool {
        let State::Training(job) = &mut self.state else {
            return false;
        };
        let Some(result) = job.poll() else {
            return false;
        };
        self.state = match result {
            Ok(data) => {
                let sweep = ThresholdSweep::new(&data.labels, &data.scores);
                let roc_curve = sweep.roc_curve();
                let roc: Vec<(f64, f64)> = roc_curve
                    .fpr
                    .iter()
                    .copied()
                    .zip(roc_curve.tpr.iter().copied())
                    .collect();
                let pr_curve = sweep.pr_curve();
                let pr: Vec<(f64, f64)> = pr_curve
                    .recall
                    .iter()
                    .copied()
                    .zip(pr_curve.precision.iter().copied())
                    .collect();
                let cheapest = match (self.spec.cost_fp, self.spec.cost_fn) {
                    (Some(fp), Some(fn_)) => {
                        let (point, cost) = sweep.min_cost(fp, fn_);
                        Some((point.threshold, cost))
                    }
                    _ => None,
                };
                State::Ready(Box::new(Ready {
                    data,
                    sweep,
                    roc: thin(&roc, CURVE_POINTS),
                    pr: thin(&pr, CURVE_POINTS),
                    cheapest,
                }))
            }
            Err(e) => State::Failed(e),
        };
        self.evaluate();
        true
    }

    fn busy(&self) -> bool {
        matches!(self.state, State::Training(_))
    }

    fn goal_met(&self) -> Option<String> {
        self.met.clone()
    }

    fn keys(&self) -> Vec<(&'static str, &'static str)> {
        vec![
            ("←/→", "threshold −/+ 0.01"),
            ("Shift ←/→", "threshold −/+ 0.10 (also PgDn/PgUp)"),
            ("r", "back to 0.50"),
        ]
    }

    fn render(&self, area: Rect, buf: &mut Buffer, theme: &Theme) {
        let ready = match &self.state {
            State::Training(_) => {
                Paragraph::new(vec![
                    Line::styled("Training the model…", theme.accent),
                    Line::raw("The threshold appears as soon as the test scores are ready."),
                ])
                .render(area, buf);
                return;
            }
            State::Failed(e) => {
                Paragraph::new(vec![
                    Line::styled("The model could not be trained", theme.bad),
                    Line::raw(e.clone()),
                ])
                .wrap(Wrap { trim: true })
                .render(area, buf);
                return;
            }
            State::Ready(r) => r,
        };
        let counts = ready.sweep.counts_at(self.threshold);
        let [left, right] = area.layout(&Layout::horizontal([
            Constraint::Min(44),
            Constraint::Percentage(45),
        ]));
        let mut lines = vec![
            Line::styled(ready.data.description.clone(), theme.dim),
            Line::from(vec![
                Span::styled(format!("Threshold {:.2}", self.threshold), theme.title),
                Span::styled("  predicted positive when score ≥ threshold", theme.dim),
            ]),
            slider(self.threshold, 40, theme),
        ];
        let labels = vec![ready.data.positive.clone(), ready.data.negative.clone()];
        let matrix = vec![vec![counts.tp, counts.fn_], vec![counts.fp, counts.tn]];
        let cm = ConfusionMatrix {
            labels: &labels,
            matrix: &matrix,
            tags: Some([["TP", "FN"], ["FP", "TN"]]),
            theme,
        };
        lines.extend(cm.lines());
        use crate::ml::metrics::binary::CountMetric::*;
        for (metric, name) in [
            (Precision, "precision"),
            (Recall, "recall"),
            (F1, "F1"),
            (Specificity, "specificity"),
            (Accuracy, "accuracy"),
        ] {
            let value = counts.metric(metric);
            let undefined = if counts.is_undefined(metric) {
                " (undefined: 0/0)"
            } else {
                ""
            };
            lines.push(Line::from(vec![
                Span::raw(format!("{name:<12}")),
                Span::styled(format!("{value:.3}"), theme.title),
                Span::styled(undefined, theme.dim),
            ]));
        }
        if let (Some(cost), Some(fp), Some(fn_)) =
            (self.cost(), self.spec.cost_fp, self.spec.cost_fn)
        {
            lines.push(Line::from(vec![
                Span::raw(format!("{:<12}", "total cost")),
                Span::styled(format!("{cost:.0}"), theme.title),
                Span::styled(
                    format!("  = {} FP × {fp} + {} FN × {fn_}", counts.fp, counts.fn_),
                    theme.dim,
                ),
            ]));
            match (self.met.is_some(), ready.cheapest, self.best_seen) {
                (true, Some((t, c)), _) => lines.push(Line::styled(
                    format!("cheapest threshold: {t:.2} (cost {c:.0}) — found"),
                    theme.good,
                )),
                (_, _, Some((t, c))) => lines.push(Line::styled(
                    format!("cheapest you have seen: {t:.2} (cost {c:.0})"),
                    theme.dim,
                )),
                _ => {}
            }
        }
        if let Some(goal) = &self.spec.goal {
            lines.push(Line::default());
            match &self.met {
                Some(how) => lines.push(Line::styled(format!("✓ Goal met: {how}"), theme.good)),
                None => lines.push(Line::styled(format!("Goal: {goal}"), theme.warn)),
            }
        }
        Paragraph::new(lines).render(left, buf);
        let [top, bottom] = right.layout(&Layout::vertical([
            Constraint::Percentage(50),
            Constraint::Percentage(50),
        ]));
        let fpr = if counts.negatives() == 0 {
            0.0
        } else {
            counts.fp as f64 / counts.negatives() as f64
        };
        let auc = ready
            .sweep
            .roc_auc()
            .map(|a| format!("{a:.3}"))
            .unwrap_or_else(|| "undefined".into());
        let diagonal = [(0.0, 0.0), (1.0, 1.0)];
        CurveChart {
            title: format!(" ROC · AUC {auc} "),
            x_title: "FPR",
            y_title: "TPR",
            curve: &ready.roc,
            reference: Some(&diagonal),
            point: Some((fpr, counts.recall())),
            x_bounds: [0.0, 1.0],
            y_bounds: [0.0, 1.0],
        }
        .render(top, buf, theme);
        let ap = ready
            .sweep
            .average_precision()
            .map(|a| format!("{a:.3}"))
            .unwrap_or_else(|| "undefined".into());
        let prevalence = ready.sweep.positives() as f64 / ready.sweep.n().max(1) as f64;
        let baseline = [(0.0, prevalence), (1.0, prevalence)];
        CurveChart {
            title: format!(" Precision-recall · AP {ap} "),
            x_title: "recall",
            y_title: "precision",
            curve: &ready.pr,
            reference: Some(&baseline),
            point: Some((counts.recall(), counts.precision())),
            x_bounds: [0.0, 1.0],
            y_bounds: [0.0, 1.0],
        }
        .render(bottom, buf, theme);
    }
}

/// A text slider for a value in [0, 1].
fn slider(value: f64, width: usize, theme: &Theme) -> Line<'static> {
    let pos = ((value.clamp(0.0, 1.0)) * (width - 1) as f64).round() as usize;
    let track: String = (0..width)
        .map(|i| if i == pos { '┃' } else { '─' })
        .collect();
    Line::from(vec![
        Span::raw("0 "),
        Span::styled(track, theme.accent),
        Span::raw(" 1"),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scored() -> Scored {
        Scored {
            labels: vec![true, true, true, false, false, false, false, true],
            scores: vec![0.9, 0.8, 0.4, 0.35, 0.2, 0.6, 0.1, 0.55],
            positive: "malignant".into(),
            negative: "benign".into(),
            description: "test scores".into(),
        }
    }

    fn lab(spec: ThresholdSpec) -> ThresholdLab {
        ThresholdLab::new(spec, Job::ready(Ok(scored())))
    }

    #[test]
    fn arrows_move_the_threshold_and_the_counts_follow() {
        let mut l = lab(ThresholdSpec::default());
        assert_eq!(
            l.counts().unwrap(),
            ConfusionCounts {
                tp: 3,
                fp: 1,
                fn_: 1,
                tn: 3
            }
        );
        for _ in 0..15 {
            l.handle(LabKey::Left);
        }
        assert!((l.threshold - 0.35).abs() < 1e-12);
        assert_eq!(
            l.counts().unwrap(),
            ConfusionCounts {
                tp: 4,
                fp: 2,
                fn_: 0,
                tn: 2
            }
        );
        l.handle(LabKey::CoarseRight);
        assert!((l.threshold - 0.45).abs() < 1e-12);
        for _ in 0..20 {
            l.handle(LabKey::CoarseRight);
        }
        assert_eq!(l.threshold, 1.0, "clamped");
    }

    #[test]
    fn a_recall_goal_is_met_by_lowering_the_threshold() {
        let goal = Goal::AtLeast {
            metric: "recall".into(),
            value: 0.95,
        };
        let mut l = lab(ThresholdSpec {
            goal: Some(goal),
            ..Default::default()
        });
        assert!(l.goal_met().is_none());
        for _ in 0..9 {
            l.handle(LabKey::Left);
        }
        assert!(
            l.goal_met().is_none(),
            "0.41 still misses the 0.40 positive"
        );
        l.handle(LabKey::Left);
        assert_eq!(l.goal_met().unwrap(), "recall 1.000 at threshold 0.40");
    }

    #[test]
    fn a_cost_goal_needs_the_cheapest_threshold_within_the_margin() {
        // FN cost 10, FP cost 1: the cheapest keeps all positives.
        let spec = ThresholdSpec {
            cost_fp: Some(1.0),
            cost_fn: Some(10.0),
            goal: Some(Goal::CostWithin(0.05)),
        };
        let mut l = lab(spec);
        assert_eq!(l.cost(), Some(11.0));
        assert!(l.goal_met().is_none());
        l.handle(LabKey::CoarseRight);
        assert_eq!(l.cost(), Some(21.0));
        assert!(l.goal_met().is_none());
        l.handle(LabKey::CoarseLeft);
        l.handle(LabKey::CoarseLeft);
        assert_eq!(l.cost(), Some(1.0));
        assert!(
            l.goal_met()
                .unwrap()
                .contains("within 5% of the cheapest (1)")
        );
    }

    #[test]
    fn keys_wait_for_training() {
        let mut l = ThresholdLab::new(
            ThresholdSpec::default(),
            Job::spawn(|| {
                std::thread::sleep(std::time::Duration::from_millis(50));
                Ok(scored())
            }),
        );
        assert!(l.busy());
        assert!(!l.handle(LabKey::Left));
    }
}

#[cfg(test)]
mod start_tests {
    use super::*;

    #[test]
    fn starts_from_a_lesson_step_on_breast_cancer() {
        let params: toml::Table = toml::from_str(
            "target = \"diagnosis\"\npositive = \"malignant\"\nmodel = \"logistic\"\ncost_fp = 1.0\ncost_fn = 10.0\ngoal = { cost_within = 0.05 }",
        )
        .unwrap();
        let step = LabStep {
            title: None,
            text: None,
            lab: "threshold".into(),
            dataset: Some("breast_cancer".into()),
            params,
        };
        let mut lab = start(&step).unwrap();
        while lab.busy() {
            lab.poll();
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        let counts = lab.counts().expect("scores are ready");
        assert_eq!(
            counts.tp + counts.fn_,
            53,
            "53 malignant rows in the stratified test split"
        );
        assert_eq!(counts.n(), 142);
        // Walking the whole range finds the cheapest threshold.
        for _ in 0..100 {
            lab.handle(LabKey::Left);
        }
        for _ in 0..100 {
            lab.handle(LabKey::Right);
        }
        assert!(lab.goal_met().is_some());
    }
}
