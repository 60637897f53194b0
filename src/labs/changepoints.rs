//! The change-points lab: a real time series (the bundled occupancy readings), a
//! two-window detector whose window size, statistic and threshold the learner tunes, and
//! its detections scored against the changes the dataset's human annotators marked (see
//! [`detect`] for every rule). The goal asks for a recall with few false alarms.

pub mod detect;
mod view;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::Lab;
use crate::catalog::LabStep;
use crate::ml::datasets;
use crate::tui::action::LabKey;
use crate::draw::theme::Theme;
use detect::{Score, Statistic};

pub const MIN_WINDOW: usize = 3;
pub const MAX_WINDOW: usize = 60;
const DEFAULT_WINDOW: usize = 5;
const DEFAULT_COLUMN: &str = "light_lux";
/// Detections closer than this keep only the highest: one change, one alarm.
pub const MIN_GAP: usize = 10;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ChangeGoal {
    pub min_recall: f64,
    pub max_false_alarms: usize,
    pub tolerance: usize,
}

impl ChangeGoal {
    pub fn from_toml(value: &toml::Value) -> Result<ChangeGoal, String> {
        let explain = || {
            "a change-point goal is { min_recall = 0.6, max_false_alarms = 3, tolerance = 10 }"
                .to_string()
        };
        let int = |key: &str| {
            value
                .get(key)
                .and_then(|v| v.as_integer())
                .filter(|v| *v >= 0)
                .map(|v| v as usize)
                .ok_or_else(explain)
        };
        Ok(ChangeGoal {
            min_recall: value
                .get("min_recall")
                .and_then(|v| v.as_float().or_else(|| v.as_integer().map(|i| i as f64)))
                .ok_or_else(explain)?,
            max_false_alarms: int("max_false_alarms")?,
            tolerance: int("tolerance")?,
        })
    }

    fn met_by(&self, score: &Score) -> bool {
        score.recall() >= self.min_recall - 1e-12
            && score.false_alarms.len() <= self.max_false_alarms
    }
}

/// A numeric column of the series.
#[derive(Debug, Clone)]
pub struct Column {
    pub name: String,
    pub values: Vec<f64>,
}

pub struct ChangeLab {
    pub dataset: String,
    columns: Vec<Column>,
    pub column: usize,
    /// The annotated changes (consensus of the annotators).
    pub changes: Vec<usize>,
    pub annotators: usize,
    goal: Option<ChangeGoal>,
    pub window: usize,
    pub statistic: Statistic,
    /// Threshold in steps: 0.02 for KS D, 0.1 for PSI.
    threshold_steps: u32,
    series: Vec<Option<f64>>,
    detections: Vec<usize>,
    score: Score,
    met: Option<String>,
}

/// Starts the lab from a lesson step.
pub fn start(step: &LabStep) -> Result<ChangeLab, String> {
    let dataset = super::dataset_of(step)?;
    let info = datasets::info(&dataset).ok_or_else(|| format!("'{dataset}' is not bundled"))?;
    let table = datasets::load(&dataset).map_err(|e| e.to_string())?;
    let columns: Vec<Column> = table
        .headers
        .iter()
        .enumerate()
        .filter_map(|(i, name)| {
            table.numeric(i, false).ok().map(|values| Column {
                name: name.clone(),
                values,
            })
        })
        .collect();
    let wanted = super::text_param(step, "column").unwrap_or_else(|| DEFAULT_COLUMN.into());
    let column = columns
        .iter()
        .position(|c| c.name == wanted)
        .ok_or_else(|| format!("{dataset} has no numeric column '{wanted}'"))?;
    let goal = step
        .params
        .get("goal")
        .map(ChangeGoal::from_toml)
        .transpose()?;
    ChangeLab::new(&dataset, columns, column, &info.change_points, goal)
}

impl ChangeLab {
    pub fn new(
        dataset: &str,
        columns: Vec<Column>,
        column: usize,
        annotators: &[Vec<usize>],
        goal: Option<ChangeGoal>,
    ) -> Result<ChangeLab, String> {
        let changes = detect::consensus(annotators);
        if changes.is_empty() {
            return Err(format!(
                "{dataset} has no change marked by {} annotators",
                detect::MIN_ANNOTATORS
            ));
        }
        let mut lab = ChangeLab {
            dataset: dataset.into(),
            columns,
            column,
            changes,
            annotators: annotators.len(),
            goal,
            window: DEFAULT_WINDOW,
            statistic: Statistic::Ks,
            threshold_steps: 25,
            series: Vec::new(),
            detections: Vec::new(),
            score: Score {
                matched: Vec::new(),
                false_alarms: Vec::new(),
            },
            met: None,
        };
        lab.recompute();
        Ok(lab)
    }

    pub fn goal(&self) -> Option<ChangeGoal> {
        self.goal
    }

    pub fn tolerance(&self) -> usize {
        self.goal.map_or(10, |g| g.tolerance)
    }

    pub fn values(&self) -> &[f64] {
        &self.columns[self.column].values
    }

    pub fn column_name(&self) -> &str {
        &self.columns[self.column].name
    }

    pub fn series(&self) -> &[Option<f64>] {
        &self.series
    }

    pub fn detections(&self) -> &[usize] {
        &self.detections
    }

    pub fn score(&self) -> &Score {
        &self.score
    }

    /// The size of one threshold step of the current statistic.
    fn step_size(&self) -> f64 {
        match self.statistic {
            Statistic::Ks => 0.02,
            Statistic::Psi => 0.1,
        }
    }

    fn max_steps(&self) -> u32 {
        match self.statistic {
            Statistic::Ks => 50,   // D ≤ 1
            Statistic::Psi => 150, // PSI up to 15
        }
    }

    pub fn threshold(&self) -> f64 {
        self.threshold_steps as f64 * self.step_size()
    }

    /// Sets the threshold, in steps of the current statistic.
    pub fn set_threshold_steps(&mut self, steps: u32) {
        self.threshold_steps = steps.min(self.max_steps());
        self.redetect();
    }

    pub fn set_window(&mut self, window: usize) {
        self.window = window.clamp(MIN_WINDOW, MAX_WINDOW);
        self.recompute();
    }

    /// The statistic for the current column and window, then the detections.
    fn recompute(&mut self) {
        self.series = detect::series(self.values(), self.window, self.statistic);
        self.redetect();
    }

    fn redetect(&mut self) {
        self.detections = detect::detect(&self.series, self.threshold(), MIN_GAP);
        self.score = detect::score(&self.changes, &self.detections, self.tolerance());
        if self.met.is_none()
            && let Some(goal) = self.goal
            && goal.met_by(&self.score)
        {
            self.met = Some(format!(
                "recall {:.2} ({} of {} changes) with {} false alarm{}: {}, window {}, {} ≥ {}",
                self.score.recall(),
                self.score.hits(),
                self.changes.len(),
                self.score.false_alarms.len(),
                if self.score.false_alarms.len() == 1 {
                    ""
                } else {
                    "s"
                },
                self.column_name(),
                self.window,
                self.statistic.name(),
                self.threshold_words()
            ));
        }
    }

    pub fn threshold_words(&self) -> String {
        match self.statistic {
            Statistic::Ks => format!("{:.2}", self.threshold()),
            Statistic::Psi => format!("{:.1}", self.threshold()),
        }
    }

    fn switch_statistic(&mut self) {
        // The threshold keeps its number of steps: D 0.50 becomes PSI 2.5, about as strict.
        self.statistic = match self.statistic {
            Statistic::Ks => Statistic::Psi,
            Statistic::Psi => Statistic::Ks,
        };
        self.threshold_steps = self.threshold_steps.min(self.max_steps());
        self.recompute();
    }
}

impl Lab for ChangeLab {
    fn handle(&mut self, key: LabKey) -> bool {
        let steps = self.threshold_steps;
        match key {
            LabKey::Left => self.set_threshold_steps(steps.saturating_sub(1)),
            LabKey::Right => self.set_threshold_steps(steps + 1),
            LabKey::CoarseLeft => self.set_threshold_steps(steps.saturating_sub(5)),
            LabKey::CoarseRight => self.set_threshold_steps(steps + 5),
            LabKey::Up => self.set_window(self.window + 1),
            LabKey::Down => self.set_window(self.window.saturating_sub(1)),
            LabKey::Char('w') => self.set_window(self.window + 5),
            LabKey::Char('W') => self.set_window(self.window.saturating_sub(5)),
            LabKey::Char('k') => self.switch_statistic(),
            LabKey::Char('c') => {
                self.column = (self.column + 1) % self.columns.len();
                self.recompute();
            }
            _ => return false,
        }
        true
    }

    fn goal_met(&self) -> Option<String> {
        self.met.clone()
    }

    fn keys(&self) -> Vec<(&'static str, &'static str)> {
        vec![
            ("←/→", "threshold (Shift: ×5)"),
            ("↑/↓", "window ±1 (w/W: ±5)"),
            ("k", "KS / PSI"),
            ("c", "column"),
        ]
    }

    fn render(&self, area: Rect, buf: &mut Buffer, theme: &Theme) {
        view::render(self, area, buf, theme);
    }
}

#[cfg(test)]
mod tests;
