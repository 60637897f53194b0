//! The change-points lab: a real time series (the bundled occupancy readings), a
//! two-window detector whose window size, statistic and threshold the learner tunes, and
//! its detections scored against the changes the dataset's human annotators marked (see
//! [`crate::ml::changepoints`] for every rule). The goal asks for a recall with few false alarms.

mod view;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::keys::{LabBinding, LabKey};
use super::{GoalLine, LabModel};
use crate::catalog::{ChangeGoal, ChangePointsLab};
use crate::draw::theme::Theme;
use crate::ml::changepoints::{self as detect, Score, Statistic};
use crate::ml::datasets;

pub const MIN_WINDOW: usize = 3;
pub const MAX_WINDOW: usize = 60;
const DEFAULT_WINDOW: usize = 5;
const DEFAULT_COLUMN: &str = "light_lux";
/// The starting threshold in steps: KS D ≥ 0.50.
const DEFAULT_THRESHOLD_STEPS: u32 = 25;
/// Detections closer than this keep only the highest: one change, one alarm.
pub const MIN_GAP: usize = 10;

/// Whether a score meets the goal: the recall reached with few enough false alarms.
fn met_by(goal: &ChangeGoal, score: &Score) -> bool {
    score.recall() >= goal.min_recall - 1e-12 && score.false_alarms.len() <= goal.max_false_alarms
}

/// The settings the learner changes: ↑/↓ choose one, ←/→ change it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dial {
    Column,
    Statistic,
    Window,
    Threshold,
}

impl Dial {
    pub const ALL: [Dial; 4] = [Dial::Column, Dial::Statistic, Dial::Window, Dial::Threshold];

    pub fn name(self) -> &'static str {
        match self {
            Dial::Column => "series",
            Dial::Statistic => "statistic",
            Dial::Window => "window",
            Dial::Threshold => "threshold",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Command {
    PreviousDial,
    NextDial,
    /// Change the selected dial by this many steps.
    Turn(i32),
    Reset,
}

pub const KEYS: &[LabBinding<Command>] = &[
    LabBinding {
        keys: &[
            (LabKey::Up, Command::PreviousDial),
            (LabKey::Down, Command::NextDial),
        ],
        label: "↑/↓",
        does: "choose a dial",
    },
    LabBinding {
        keys: &[
            (LabKey::Left, Command::Turn(-1)),
            (LabKey::Right, Command::Turn(1)),
            (LabKey::CoarseLeft, Command::Turn(-5)),
            (LabKey::CoarseRight, Command::Turn(5)),
        ],
        label: "←/→",
        does: "change it (Shift: ×5)",
    },
    LabBinding {
        keys: &[(LabKey::Char('r'), Command::Reset)],
        label: "r",
        does: "start over",
    },
];

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
    /// The series the lesson starts on.
    first_column: usize,
    pub dial: Dial,
    pub window: usize,
    pub statistic: Statistic,
    /// Threshold in steps: 0.02 for KS D, 0.1 for PSI.
    threshold_steps: u32,
    series: Vec<Option<f64>>,
    detections: Vec<usize>,
    score: Score,
    met: Option<String>,
}

/// Starts the lab from its lesson settings.
pub fn start(spec: &ChangePointsLab) -> Result<ChangeLab, String> {
    let dataset = &spec.dataset;
    let info = datasets::info(dataset).ok_or_else(|| format!("'{dataset}' is not bundled"))?;
    let table = datasets::load(dataset).map_err(|e| e.to_string())?;
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
    let wanted = spec.column.as_deref().unwrap_or(DEFAULT_COLUMN);
    let column = columns
        .iter()
        .position(|c| c.name == wanted)
        .ok_or_else(|| format!("{dataset} has no numeric column '{wanted}'"))?;
    ChangeLab::new(
        dataset,
        columns,
        column,
        &info.change_points,
        Some(spec.goal),
    )
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
            first_column: column,
            dial: Dial::Threshold,
            window: DEFAULT_WINDOW,
            statistic: Statistic::Ks,
            threshold_steps: DEFAULT_THRESHOLD_STEPS,
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
            && met_by(&goal, &self.score)
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

impl ChangeLab {
    /// Turns the selected dial by `steps` (negative: down).
    fn turn(&mut self, steps: i32) {
        match self.dial {
            Dial::Column => {
                let n = self.columns.len() as i32;
                self.column = (self.column as i32 + steps.signum()).rem_euclid(n) as usize;
                self.recompute();
            }
            Dial::Statistic => self.switch_statistic(),
            Dial::Window => {
                let w = (self.window as i64 + steps as i64).max(0) as usize;
                self.set_window(w);
            }
            Dial::Threshold => {
                let t = (self.threshold_steps as i64 + steps as i64).max(0) as u32;
                self.set_threshold_steps(t);
            }
        }
    }

    fn reset(&mut self) {
        self.column = self.first_column;
        self.statistic = Statistic::Ks;
        self.window = DEFAULT_WINDOW;
        self.threshold_steps = DEFAULT_THRESHOLD_STEPS;
        self.recompute();
    }
}

impl LabModel for ChangeLab {
    type Command = Command;

    fn key_table(&self) -> &'static [LabBinding<Command>] {
        KEYS
    }

    fn apply(&mut self, command: Command) -> bool {
        let at = Dial::ALL.iter().position(|d| *d == self.dial).unwrap_or(0);
        match command {
            Command::PreviousDial => self.dial = Dial::ALL[at.saturating_sub(1)],
            Command::NextDial => self.dial = Dial::ALL[(at + 1).min(Dial::ALL.len() - 1)],
            Command::Turn(steps) => self.turn(steps),
            Command::Reset => self.reset(),
        }
        true
    }

    fn goal_line(&self) -> GoalLine {
        let goal = self.goal.map_or_else(
            || "find the marked changes".to_string(),
            |g| {
                format!(
                    "recall ≥ {} with ≤ {} false alarms",
                    g.min_recall, g.max_false_alarms
                )
            },
        );
        let now = Some(format!(
            "recall {:.2}, {} false alarm{}",
            self.score.recall(),
            self.score.false_alarms.len(),
            if self.score.false_alarms.len() == 1 {
                ""
            } else {
                "s"
            }
        ));
        GoalLine { goal, now }
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
