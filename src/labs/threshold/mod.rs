//! The threshold lab: a model's cross-validated scores on the training rows, a threshold
//! the learner moves with ←/→, and everything that depends on it — the confusion matrix,
//! precision, recall, F1, specificity, the operating point on the ROC and
//! precision-recall curves, and, with costs, the total cost of the mistakes.
//!
//! The threshold is chosen on out-of-fold scores, never on the test rows: those are
//! scored once, at the learner's threshold, when the goal is met.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

mod view;

use super::keys::{LabBinding, LabKey};
use super::worker::Job;
use super::{GoalLine, LabModel};
use crate::catalog::{Goal, ThresholdLab as ThresholdLabSpec};
use crate::draw::charts::thin;
use crate::draw::theme::Theme;
use crate::ml::metrics::{ConfusionCounts, ThresholdSweep};
use crate::ml::models::{self, ClassPredictions, Predictions, ScoreKind, TrainOutcome, TrainSpec};

/// A model's positive-class scores: out-of-fold on the training rows (what the learner
/// tunes on), and on the test rows (held back for one final score).
#[derive(Debug, Clone)]
pub struct Scored {
    /// True where the row's actual class is the positive one.
    pub labels: Vec<bool>,
    pub scores: Vec<f64>,
    /// The test rows' labels and scores, from the model fitted on every training row.
    pub test: Option<(Vec<bool>, Vec<f64>)>,
    pub positive: String,
    /// How to call the other class (the other label, or "other").
    pub negative: String,
    /// What was trained, for the header: "logistic regression on breast_cancer …".
    pub description: String,
}

/// What the lab scores the learner's threshold with.
#[derive(Debug, Clone, Default)]
pub struct ThresholdSpec {
    pub cost_fp: Option<f64>,
    pub cost_fn: Option<f64>,
    pub goal: Option<Goal>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Command {
    Lower,
    Raise,
    LowerMore,
    RaiseMore,
    Reset,
}

pub const KEYS: &[LabBinding<Command>] = &[
    LabBinding {
        keys: &[
            (LabKey::Left, Command::Lower),
            (LabKey::Right, Command::Raise),
        ],
        label: "←/→",
        does: "threshold −/+ 0.01",
    },
    LabBinding {
        keys: &[
            (LabKey::CoarseLeft, Command::LowerMore),
            (LabKey::CoarseRight, Command::RaiseMore),
        ],
        label: "Shift ←/→",
        does: "threshold −/+ 0.10 (also PgDn/PgUp)",
    },
    LabBinding {
        keys: &[(LabKey::Char('r'), Command::Reset)],
        label: "r",
        does: "start over: threshold 0.50",
    },
];

const FINE: f64 = 0.01;
const COARSE: f64 = 0.1;
/// Curves are drawn with at most this many points, so a keypress stays cheap.
const CURVE_POINTS: usize = 400;

struct Ready {
    data: Scored,
    sweep: ThresholdSweep,
    roc: Vec<(f64, f64)>,
    pr: Vec<(f64, f64)>,
    /// The cheapest thresholds the learner can set, when costs are given.
    cheapest: Option<Cheapest>,
    /// A trade-off goal's best reachable value of the metric it maximises.
    best_possible: Option<f64>,
}

/// The lowest total cost over the thresholds the learner can set (0.00, 0.01, …, 1.00)
/// and the range of thresholds that reach it. Only settable thresholds count, so the
/// screen never names a cheapest threshold the slider cannot reach.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Cheapest {
    pub cost: f64,
    /// The lowest and highest thresholds with that cost (equal when there is one).
    pub from: f64,
    pub to: f64,
}

/// Every threshold the slider reaches.
fn settable() -> impl Iterator<Item = f64> {
    (0..=100).map(|i| f64::from(i) / 100.0)
}

fn cheapest(sweep: &ThresholdSweep, cost_fp: f64, cost_fn: f64) -> Cheapest {
    let mut best: Option<Cheapest> = None;
    for t in settable() {
        let cost = sweep.counts_at(t).cost(cost_fp, cost_fn);
        match &mut best {
            Some(b) if (cost - b.cost).abs() < 1e-9 => b.to = t,
            Some(b) if cost >= b.cost => {}
            _ => {
                best = Some(Cheapest {
                    cost,
                    from: t,
                    to: t,
                })
            }
        }
    }
    best.expect("the slider has thresholds")
}

/// The highest value of `best` over the settable thresholds that keep `metric` ≥ `value`.
fn best_possible(sweep: &ThresholdSweep, metric: &str, value: f64, best: &str) -> Option<f64> {
    settable()
        .map(|t| sweep.counts_at(t))
        .filter(|c| metric_value(c, metric).is_some_and(|v| v >= value))
        .filter_map(|c| metric_value(&c, best))
        .fold(None, |acc: Option<f64>, v| {
            Some(acc.map_or(v, |a| a.max(v)))
        })
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
    /// The test rows' result at the threshold that met the goal, computed once.
    pub final_test: Option<String>,
}

impl ThresholdLab {
    pub fn new(spec: ThresholdSpec, training: Job<Result<Scored, String>>) -> ThresholdLab {
        let mut lab = ThresholdLab {
            spec,
            state: State::Training(training),
            threshold: 0.5,
            best_seen: None,
            met: None,
            final_test: None,
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
                    (Some(cost), Some(c)) if cost <= c.cost * (1.0 + within) + 1e-9 => {
                        Some(format!(
                            "threshold {t:.2} costs {cost:.0}, within {:.0}% of the cheapest ({:.0})",
                            within * 100.0,
                            c.cost
                        ))
                    }
                    _ => None,
                }
            }
            Some(Goal::BestWhile {
                metric,
                value,
                best,
            }) => {
                let possible = self.ready().and_then(|r| r.best_possible);
                match (
                    metric_value(&counts, metric),
                    metric_value(&counts, best),
                    possible,
                ) {
                    (Some(m), Some(b), Some(p)) if m >= *value && b >= p - 1e-9 => Some(format!(
                        "{metric} {m:.3} with {best} {b:.3}, the best possible, at threshold {t:.2}"
                    )),
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
        if self.met.is_some() {
            self.final_test = self.score_test();
        }
    }

    /// The test rows at the current threshold, in the goal's terms: the one look at them.
    fn score_test(&self) -> Option<String> {
        let (labels, scores) = self.ready()?.data.test.as_ref()?;
        let counts = ThresholdSweep::new(labels, scores).counts_at(self.threshold);
        let mut parts = Vec::new();
        match &self.spec.goal {
            Some(Goal::BestWhile { metric, best, .. }) => {
                for m in [metric, best] {
                    parts.extend(metric_value(&counts, m).map(|v| format!("{m} {v:.3}")));
                }
            }
            Some(Goal::AtLeast { metric, .. } | Goal::AtMost { metric, .. }) => {
                parts.extend(metric_value(&counts, metric).map(|v| format!("{metric} {v:.3}")));
            }
            _ => {}
        }
        if let (Some(fp), Some(fn_)) = (self.spec.cost_fp, self.spec.cost_fn) {
            parts.push(format!("cost {:.0}", counts.cost(fp, fn_)));
        }
        parts.push(format!(
            "TP {} FN {} FP {} TN {}",
            counts.tp, counts.fn_, counts.fp, counts.tn
        ));
        Some(format!(
            "{} test rows at {:.2}: {}",
            labels.len(),
            self.threshold,
            parts.join(" · ")
        ))
    }
}

/// Starts the lab from its lesson settings: trains the model on a background thread.
pub fn start(spec: &ThresholdLabSpec) -> Result<ThresholdLab, String> {
    let settings = ThresholdSpec {
        cost_fp: spec.costs.map(|c| c.false_positive),
        cost_fn: spec.costs.map(|c| c.false_negative),
        goal: Some(spec.goal.clone()),
    };
    let mut train = TrainSpec::new(&spec.dataset, spec.model);
    train.target = Some(spec.target.clone());
    train.positive = Some(spec.positive.clone());
    Ok(ThresholdLab::new(
        settings,
        Job::spawn(move || scored(&train)),
    ))
}

/// Cross-validates on the training rows and keeps the out-of-fold positive-class
/// scores; fits on every training row and keeps the test rows' scores for the end.
pub fn scored(spec: &TrainSpec) -> Result<Scored, String> {
    let data = models::prepare(spec).map_err(|e| e.to_string())?;
    let cv = models::cross_validate(spec, &data, models::FOLDS).map_err(|e| e.to_string())?;
    let test = models::fit_prepared(spec, data).map_err(|e| e.to_string())?;
    let (labels, scores, p) = positive_scores(&cv)?;
    let (test_labels, test_scores, _) = positive_scores(&test)?;
    let pos = p.positive.expect("positive_scores checks it");
    let negative = if p.classes.len() == 2 {
        p.classes[1 - pos].clone()
    } else {
        format!("not {}", p.classes[pos])
    };
    Ok(Scored {
        labels,
        scores,
        test: Some((test_labels, test_scores)),
        positive: p.classes[pos].clone(),
        negative,
        description: format!(
            "{} on {} · {}-fold CV on {} training rows (seed {}), {} test rows held back · scores: {}",
            cv.model.title(),
            cv.dataset,
            models::FOLDS,
            cv.rows_train(),
            cv.seed,
            test.rows_test(),
            match p.score_kind {
                ScoreKind::Probability => "predicted probability",
                ScoreKind::LeafFraction => "share of positives in the tree leaf",
                ScoreKind::ClusterFraction => "share of positives in the cluster",
            }
        ),
    })
}

/// Each row's truth (positive or not) and positive-class score.
fn positive_scores(
    outcome: &TrainOutcome,
) -> Result<(Vec<bool>, Vec<f64>, &ClassPredictions), String> {
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
    Ok((
        p.truth.iter().map(|&t| t == pos).collect(),
        scores.clone(),
        p,
    ))
}

fn metric_value(c: &ConfusionCounts, metric: &str) -> Option<f64> {
    crate::ml::metrics::binary::CountMetric::from_name(metric).map(|m| c.metric(m))
}

impl LabModel for ThresholdLab {
    type Command = Command;

    fn key_table(&self) -> &'static [LabBinding<Command>] {
        KEYS
    }

    fn apply(&mut self, command: Command) -> bool {
        if self.ready().is_none() {
            return false;
        }
        let t = self.threshold;
        match command {
            Command::Lower => self.set_threshold(t - FINE),
            Command::Raise => self.set_threshold(t + FINE),
            Command::LowerMore => self.set_threshold(t - COARSE),
            Command::RaiseMore => self.set_threshold(t + COARSE),
            Command::Reset => self.set_threshold(0.5),
        }
        true
    }

    fn goal_line(&self) -> GoalLine {
        let goal = self
            .spec
            .goal
            .as_ref()
            .map_or_else(|| "explore the threshold".to_string(), Goal::to_string);
        let t = self.threshold;
        let now = match &self.spec.goal {
            Some(Goal::CostWithin(_)) => self.cost().map(|cost| {
                let cheapest = self.ready().and_then(|r| r.cheapest);
                match cheapest {
                    Some(c) => format!("cost {cost:.0} at {t:.2} (lowest {:.0})", c.cost),
                    None => format!("cost {cost:.0} at {t:.2}"),
                }
            }),
            Some(Goal::BestWhile { metric, best, .. }) => self.counts().map(|c| {
                let show = |m: &str| {
                    metric_value(&c, m).map_or_else(|| format!("{m} —"), |v| format!("{m} {v:.3}"))
                };
                format!("{} · {} at {t:.2}", show(metric), show(best))
            }),
            Some(Goal::AtLeast { metric, .. } | Goal::AtMost { metric, .. }) => self
                .counts()
                .and_then(|c| metric_value(&c, metric))
                .map(|v| format!("{metric} {v:.3} at {t:.2}")),
            None => None,
        };
        GoalLine { goal, now }
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
                    (Some(fp), Some(fn_)) => Some(cheapest(&sweep, fp, fn_)),
                    _ => None,
                };
                let best_possible = match &self.spec.goal {
                    Some(Goal::BestWhile {
                        metric,
                        value,
                        best,
                    }) => best_possible(&sweep, metric, *value, best),
                    _ => None,
                };
                State::Ready(Box::new(Ready {
                    data,
                    sweep,
                    roc: thin(&roc, CURVE_POINTS),
                    pr: thin(&pr, CURVE_POINTS),
                    cheapest,
                    best_possible,
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

    fn render(&self, area: Rect, buf: &mut Buffer, theme: &Theme) {
        view::render(self, area, buf, theme);
    }
}

#[cfg(test)]
mod tests;
