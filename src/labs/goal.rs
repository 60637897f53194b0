//! Lab goals as lessons write them: `{ metric = "recall", at_least = 0.95 }`,
//! `{ metric = "...", at_most = x }` or `{ cost_within = 0.05 }`.

use std::fmt;

/// Metric names a goal can use: the checker's list, so both agree.
pub use crate::catalog::METRICS;

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
}

impl Goal {
    /// Reads a goal table; the error says what is wrong in the lesson's terms.
    pub fn from_toml(value: &toml::Value) -> Result<Goal, String> {
        let table = value
            .as_table()
            .ok_or("`goal` must be a table such as { metric = \"recall\", at_least = 0.95 }")?;
        let number = |key: &str| -> Result<Option<f64>, String> {
            match table.get(key) {
                None => Ok(None),
                Some(v) => v
                    .as_float()
                    .or_else(|| v.as_integer().map(|i| i as f64))
                    .filter(|f| f.is_finite())
                    .map(Some)
                    .ok_or_else(|| format!("`goal.{key}` must be a number")),
            }
        };
        if let Some(within) = number("cost_within")? {
            if !(0.0..=1.0).contains(&within) {
                return Err("`goal.cost_within` is a fraction between 0 and 1, e.g. 0.05".into());
            }
            return Ok(Goal::CostWithin(within));
        }
        let metric = table
            .get("metric")
            .and_then(|m| m.as_str())
            .ok_or("`goal` needs `metric` with `at_least` or `at_most`, or `cost_within`")?;
        if !METRICS.contains(&metric) {
            return Err(format!(
                "`{metric}` is not a goal metric; use one of: {}",
                METRICS.join(", ")
            ));
        }
        match (number("at_least")?, number("at_most")?) {
            (Some(v), None) => Ok(Goal::AtLeast {
                metric: metric.into(),
                value: v,
            }),
            (None, Some(v)) => Ok(Goal::AtMost {
                metric: metric.into(),
                value: v,
            }),
            _ => Err("`goal` needs exactly one of `at_least` and `at_most`".into()),
        }
    }

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
            Goal::CostWithin(_) => false,
        }
    }

    pub fn metric(&self) -> Option<&str> {
        match self {
            Goal::AtLeast { metric, .. } | Goal::AtMost { metric, .. } => Some(metric),
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
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn goal(s: &str) -> Result<Goal, String> {
        let v: toml::Value =
            toml::from_str::<toml::Table>(&format!("goal = {s}")).unwrap()["goal"].clone();
        Goal::from_toml(&v)
    }

    #[test]
    fn reads_the_three_forms() {
        assert_eq!(
            goal("{ metric = \"recall\", at_least = 0.95 }").unwrap(),
            Goal::AtLeast {
                metric: "recall".into(),
                value: 0.95
            }
        );
        assert_eq!(
            goal("{ metric = \"mae\", at_most = 50 }").unwrap(),
            Goal::AtMost {
                metric: "mae".into(),
                value: 50.0
            }
        );
        assert_eq!(
            goal("{ cost_within = 0.05 }").unwrap(),
            Goal::CostWithin(0.05)
        );
    }

    #[test]
    fn explains_bad_goals() {
        assert!(
            goal("{ metric = \"recal\", at_least = 0.9 }")
                .unwrap_err()
                .contains("not a goal metric")
        );
        assert!(
            goal("{ metric = \"recall\" }")
                .unwrap_err()
                .contains("exactly one")
        );
        assert!(goal("0.9").unwrap_err().contains("must be a table"));
    }

    #[test]
    fn checks_values() {
        let g = goal("{ metric = \"recall\", at_least = 0.95 }").unwrap();
        assert!(g.met_by("recall", 0.95));
        assert!(!g.met_by("recall", 0.949));
        assert!(!g.met_by("precision", 1.0));
    }
}
