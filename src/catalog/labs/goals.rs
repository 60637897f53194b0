//! Lab goals: their shapes, metric names, and bounds a metric can reach.

use std::fmt;

use super::super::fields::{At, Ctx, Fields, quote};
use super::super::suggest::did_you_mean;
use super::{Lab, METRICS, POSITIVE_CLASS_METRICS, REGRESSION_METRICS, example};

impl Lab<'_, '_> {
    /// The lab's `goal`, with the keys its shape allows.
    pub(super) fn goal(
        &self,
        cx: &mut Ctx<'_>,
        shape: &super::super::shape::Shape,
    ) -> Option<Fields<'_>> {
        let goal = self.f.opt_table(cx, "goal", example("goal"))?;
        Some(Fields::shaped(
            cx,
            goal.value,
            goal.at,
            format!("the goal of this `{}` lab", self.kind),
            shape,
        ))
    }

    /// `metric` with `at_least` or `at_most`, checked against the model.
    pub(super) fn metric_goal(
        &self,
        cx: &mut Ctx<'_>,
        goal: &Fields<'_>,
        model: Option<&str>,
        positive: bool,
    ) -> Option<Goal> {
        let metric = goal.req_str(cx, "metric", "metric = \"recall\"");
        if let Some(m) = &metric {
            self.check_metric(cx, m, model, positive);
        }
        let least = goal.opt_number(cx, "at_least", "at_least = 0.9");
        let most = goal.opt_number(cx, "at_most", "at_most = 0.1");
        let bound = match (least, most) {
            (Some(_), Some(b)) => {
                cx.error(b.at, "give either `at_least` or `at_most`, not both");
                None
            }
            (Some(b), None) | (None, Some(b)) => Some(b),
            (None, None) => {
                if !goal.has("at_least") && !goal.has("at_most") {
                    cx.error(
                        goal.at,
                        format!(
                            "{} needs `at_least` or `at_most` with the metric; add e.g. `at_least = 0.9`",
                            goal.what
                        ),
                    );
                }
                None
            }
        };
        let at_least = goal.has("at_least");
        let (m, b) = (metric?, bound?);
        if !METRICS.contains(&m.value.as_str()) {
            return None;
        }
        let (lo, hi) = metric_range(&m.value);
        if !b.value.is_finite() || b.value < lo || b.value > hi {
            cx.error(
                b.at,
                format!(
                    "{} is not a possible value of {}: it lies between {lo} and {hi}",
                    b.value, m.value
                ),
            );
            return None;
        }
        Some(if at_least {
            Goal::AtLeast {
                metric: m.value,
                value: b.value,
            }
        } else {
            Goal::AtMost {
                metric: m.value,
                value: b.value,
            }
        })
    }

    pub(super) fn check_metric(
        &self,
        cx: &mut Ctx<'_>,
        m: &At<String>,
        model: Option<&str>,
        positive: bool,
    ) {
        let name = m.value.as_str();
        if !METRICS.contains(&name) {
            cx.error(
                m.at,
                format!(
                    "unknown metric {}{}; the metrics are {}",
                    quote(name),
                    did_you_mean(name, METRICS),
                    METRICS.join(", ")
                ),
            );
            return;
        }
        let regression = REGRESSION_METRICS.contains(&name);
        let classifier_metrics: Vec<&str> = METRICS
            .iter()
            .copied()
            .filter(|x| !REGRESSION_METRICS.contains(x))
            .collect();
        match model {
            Some("linear") if !regression => cx.error(
                m.at,
                format!(
                    "`{name}` scores classifiers; a `linear` model is scored with {}",
                    REGRESSION_METRICS.join(", ")
                ),
            ),
            Some(model) if model != "linear" && regression => cx.error(
                m.at,
                format!(
                    "`{name}` scores regression; a `{model}` model is scored with {}",
                    classifier_metrics.join(", ")
                ),
            ),
            _ if POSITIVE_CLASS_METRICS.contains(&name) && !positive => cx.error(
                m.at,
                format!(
                    "`{name}` is about one class: add `positive = \"<label>\"` to the lab to say which"
                ),
            ),
            _ => {}
        }
    }

    /// Whether the positive class is known: given, or the dataset's own for its target.
    pub(super) fn has_positive(&self, target: Option<&At<String>>) -> bool {
        self.f.has("positive")
            || self.info.is_some_and(|i| {
                i.positive.is_some() && target.is_some_and(|t| Some(&t.value) == i.target.as_ref())
            })
    }
}

/// The values a metric can take.
fn metric_range(metric: &str) -> (f64, f64) {
    match metric {
        "mcc" => (-1.0, 1.0),
        "r2" => (f64::NEG_INFINITY, 1.0),
        "mae" | "rmse" => (0.0, f64::INFINITY),
        _ => (0.0, 1.0),
    }
}

/// A goal on a model's test metrics, as lessons write it:
/// `{ metric = "recall", at_least = 0.95 }`, `{ metric = "mae", at_most = 50 }`, or,
/// in a threshold lab with costs, `{ cost_within = 0.05 }`.
#[derive(Debug, Clone, PartialEq)]
pub enum Goal {
    AtLeast {
        metric: String,
        value: f64,
    },
    AtMost {
        metric: String,
        value: f64,
    },
    /// Total cost within this fraction of the cheapest threshold's cost.
    CostWithin(f64),
    /// A threshold lab's trade-off: `metric` at least `value`, and among the thresholds
    /// that keep it there, the highest `best` (e.g. recall ≥ 0.95 with the best precision).
    /// Lowering the threshold to zero meets the bound but not the goal.
    BestWhile {
        metric: String,
        value: f64,
        best: String,
    },
}

impl Goal {
    /// Whether a metric value meets the goal (cost goals are checked by their lab).
    pub fn met_by(&self, metric: &str, value: f64) -> bool {
        match self {
            Goal::AtLeast {
                metric: m,
                value: v,
            } => m == metric && value >= *v,
            Goal::AtMost {
                metric: m,
                value: v,
            } => m == metric && value <= *v,
            Goal::CostWithin(_) | Goal::BestWhile { .. } => false,
        }
    }

    /// The metric the goal names (none for a cost goal).
    pub fn metric(&self) -> Option<&str> {
        match self {
            Goal::AtLeast { metric, .. }
            | Goal::AtMost { metric, .. }
            | Goal::BestWhile { metric, .. } => Some(metric),
            Goal::CostWithin(_) => None,
        }
    }
}

impl fmt::Display for Goal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Goal::AtLeast { metric, value } => write!(f, "{metric} ≥ {value}"),
            Goal::AtMost { metric, value } => write!(f, "{metric} ≤ {value}"),
            Goal::CostWithin(w) => write!(
                f,
                "total cost within {:.0}% of the cheapest threshold",
                w * 100.0
            ),
            Goal::BestWhile {
                metric,
                value,
                best,
            } => write!(f, "{metric} ≥ {value} with the best {best} possible"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Goal;

    #[test]
    fn goals_check_their_metric_and_bound() {
        let g = Goal::AtLeast {
            metric: "recall".into(),
            value: 0.95,
        };
        assert!(g.met_by("recall", 0.95));
        assert!(!g.met_by("recall", 0.949));
        assert!(!g.met_by("precision", 1.0));
        let m = Goal::AtMost {
            metric: "mae".into(),
            value: 50.0,
        };
        assert!(m.met_by("mae", 49.0) && !m.met_by("mae", 51.0));
        assert_eq!(g.to_string(), "recall ≥ 0.95");
        let trade = Goal::BestWhile {
            metric: "recall".into(),
            value: 0.95,
            best: "precision".into(),
        };
        assert!(
            !trade.met_by("recall", 1.0),
            "the lab checks the trade-off itself"
        );
        assert_eq!(
            trade.to_string(),
            "recall ≥ 0.95 with the best precision possible"
        );
        assert_eq!(
            Goal::CostWithin(0.05).to_string(),
            "total cost within 5% of the cheapest threshold"
        );
    }
}
