//! The drift lab: a reference and a current window of a bundled dataset (a seeded random
//! half each, see [`windows`]), one feature at a time. The learner injects a shift into the
//! current window — a mean offset, a scale change, a tail subpopulation, or missing values —
//! and watches every drift statistic react: KS D and p, normed Wasserstein, PSI and
//! Jensen–Shannon, each with its threshold and verdict, over a histogram of the two windows.
//! A key swaps the halves for resampled windows of 50 or 50,000 rows.
//!
//! Goals: find the smallest mean offset at which PSI reaches 0.25 (`smallest_major_psi`),
//! or name the feature that an unannounced, seeded shift hit (`drifted_feature`).

mod view;
pub mod windows;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::keys::{LabBinding, LabKey};
use super::random::{Draws, mix};
use super::{GoalLine, LabModel};
use crate::catalog::{DriftGoal, DriftLab as DriftLabSpec};
use crate::draw::theme::Theme;
use crate::ml::datasets;
use crate::ml::drift::binning::PSI_MAJOR;
use windows::{FeatureStats, FeatureWindows, SEED, STEP, Shift, ShiftKind, WindowSize};

/// Steps of the dial per coarse key.
const COARSE_STEPS: i32 = 5;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Command {
    PreviousFeature,
    NextFeature,
    /// Move the selected feature's shift by this many steps of the dial.
    Shift(i32),
    NextKind,
    NextWindowSize,
    StartOver,
    Answer,
}

/// The keys every goal shares; Enter's meaning depends on the goal.
macro_rules! drift_keys {
    ($enter:literal) => {
        &[
            LabBinding {
                keys: &[
                    (LabKey::Up, Command::PreviousFeature),
                    (LabKey::Down, Command::NextFeature),
                ],
                label: "↑/↓",
                does: "feature",
            },
            LabBinding {
                keys: &[
                    (LabKey::Left, Command::Shift(-1)),
                    (LabKey::Right, Command::Shift(1)),
                    (LabKey::CoarseLeft, Command::Shift(-COARSE_STEPS)),
                    (LabKey::CoarseRight, Command::Shift(COARSE_STEPS)),
                ],
                label: "←/→",
                does: "shift −/+ (Shift: ×5)",
            },
            LabBinding {
                keys: &[(LabKey::Char('c'), Command::NextKind)],
                label: "c",
                does: "kind of shift",
            },
            LabBinding {
                keys: &[(LabKey::Char('w'), Command::NextWindowSize)],
                label: "w",
                does: "window size",
            },
            LabBinding {
                keys: &[(LabKey::Char('r'), Command::StartOver)],
                label: "r",
                does: "start over: no shifts",
            },
            LabBinding {
                keys: &[(LabKey::Select, Command::Answer)],
                label: "Enter",
                does: $enter,
            },
        ]
    };
}

const CONFIRM_KEYS: &[LabBinding<Command>] = drift_keys!("confirm offset");
const CHOOSE_KEYS: &[LabBinding<Command>] = drift_keys!("this one drifted");

/// Every table the lab can show.
pub const KEY_TABLES: [&[LabBinding<Command>]; 2] = [CONFIRM_KEYS, CHOOSE_KEYS];

/// The dataset's features split into the two halves.
#[derive(Debug, Clone)]
pub struct DriftData {
    pub dataset: String,
    pub features: Vec<String>,
    /// Per feature, the sorted non-missing values of the reference and the current half.
    reference: Vec<Vec<f64>>,
    current: Vec<Vec<f64>>,
    /// Per feature, missing values in the reference and in the current half.
    missing: Vec<(usize, usize)>,
    pub reference_rows: usize,
    pub current_rows: usize,
}

impl DriftData {
    /// Splits the rows of `columns` (NaN = missing) into two halves with the lab's seed.
    pub fn from_columns(dataset: &str, columns: Vec<(String, Vec<f64>)>) -> DriftData {
        let rows = columns.first().map_or(0, |(_, v)| v.len());
        let mut order: Vec<usize> = (0..rows).collect();
        Draws::new(SEED).shuffle(&mut order);
        let (reference_rows, current_rows) = order.split_at(rows.div_ceil(2));
        let take = |values: &[f64], rows: &[usize]| {
            let mut kept: Vec<f64> = rows
                .iter()
                .map(|&r| values[r])
                .filter(|v| v.is_finite())
                .collect();
            kept.sort_unstable_by(f64::total_cmp);
            let missing = rows.len() - kept.len();
            (kept, missing)
        };
        let mut data = DriftData {
            dataset: dataset.into(),
            features: Vec::new(),
            reference: Vec::new(),
            current: Vec::new(),
            missing: Vec::new(),
            reference_rows: reference_rows.len(),
            current_rows: current_rows.len(),
        };
        for (name, values) in columns {
            let (r, rm) = take(&values, reference_rows);
            let (c, cm) = take(&values, current_rows);
            data.features.push(name);
            data.reference.push(r);
            data.current.push(c);
            data.missing.push((rm, cm));
        }
        data
    }

    fn windows(&self, feature: usize, size: WindowSize) -> Option<FeatureWindows> {
        FeatureWindows::build(
            &self.reference[feature],
            &self.current[feature],
            size,
            feature,
        )
    }
}

/// The hidden shift of a `drifted_feature` goal.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Hidden {
    pub feature: usize,
    pub shift: Shift,
}

impl Hidden {
    /// The seed of a learner's `round`-th hidden shift (the lesson's own without a
    /// learner).
    pub fn seed(learner: Option<u64>, round: u64) -> u64 {
        mix(SEED, learner.unwrap_or(0), 99 + round)
    }

    /// A seeded pick: one feature, a mean offset of ±0.6 to ±0.8 sd or a scale change
    /// (×1.6 to ×1.8, or ×0.55 to ×0.6).
    pub fn pick(features: usize, seed: u64) -> Hidden {
        let mut draws = Draws::new(seed);
        let feature = draws.below(features);
        let size = 12 + draws.below(5) as i32;
        let shift = match draws.below(3) {
            0 => Shift::new(ShiftKind::MeanOffset, size),
            1 => Shift::new(ShiftKind::MeanOffset, -size),
            _ if draws.below(2) == 0 => Shift::new(ShiftKind::Scale, size),
            _ => Shift::new(ShiftKind::Scale, -8 - draws.below(2) as i32),
        };
        Hidden { feature, shift }
    }
}

/// The answer to the last Enter.
#[derive(Debug, Clone, PartialEq)]
pub struct Feedback {
    pub right: bool,
    pub message: String,
}

pub struct DriftLab {
    data: DriftData,
    goal: Option<DriftGoal>,
    /// The goal feature of `smallest_major_psi`.
    goal_feature: Option<usize>,
    hidden: Option<Hidden>,
    pub cursor: usize,
    pub size: WindowSize,
    /// The learner's shift of each feature.
    shifts: Vec<Shift>,
    /// The selected feature's windows at the current size.
    windows: Option<FeatureWindows>,
    /// Every feature's comparison at the current size.
    stats: Vec<Option<FeatureStats>>,
    pub tries: u32,
    pub feedback: Option<Feedback>,
    met: Option<String>,
    /// Whose hidden shift this is, and how many were drawn before it: a wrong answer
    /// reveals the shift and draws a new one, so that guessing feature after feature
    /// never meets the goal.
    learner: Option<u64>,
    /// Seeds drawn so far (rounds skipped to avoid a just-named feature count too).
    round: u64,
    /// Shifts revealed by wrong answers.
    pub revealed: u32,
}

/// Starts the lab from its lesson settings.
pub fn start(spec: &DriftLabSpec, learner: Option<u64>) -> Result<DriftLab, String> {
    let dataset = spec.dataset.clone();
    let table = datasets::load(&dataset).map_err(|e| e.to_string())?;
    let target = datasets::info(&dataset).and_then(|i| i.target.clone());
    let wanted = spec.features.clone();
    let mut columns = Vec::new();
    for (i, name) in table.headers.iter().enumerate() {
        let listed = wanted.as_ref().is_none_or(|w| w.contains(name));
        if !listed || Some(name) == target.as_ref() {
            continue;
        }
        match table.numeric(i, true) {
            Ok(values) => columns.push((name.clone(), values)),
            Err(e) if wanted.is_some() => return Err(e.to_string()),
            Err(_) => {}
        }
    }
    if let Some(w) = &wanted
        && let Some(missing) = w.iter().find(|f| !columns.iter().any(|(n, _)| n == *f))
    {
        return Err(format!("{dataset} has no numeric column '{missing}'"));
    }
    DriftLab::new_for(
        DriftData::from_columns(&dataset, columns),
        Some(spec.goal.clone()),
        learner,
    )
}

impl DriftLab {
    pub fn new(data: DriftData, goal: Option<DriftGoal>) -> Result<DriftLab, String> {
        DriftLab::new_for(data, goal, None)
    }

    /// [`DriftLab::new`] with the hidden shift drawn for one learner.
    pub fn new_for(
        data: DriftData,
        goal: Option<DriftGoal>,
        learner: Option<u64>,
    ) -> Result<DriftLab, String> {
        let n = data.features.len();
        if n == 0 {
            return Err(format!(
                "{} has no numeric feature to compare",
                data.dataset
            ));
        }
        let goal_feature = match &goal {
            Some(DriftGoal::SmallestMajorPsi { feature }) => Some(
                data.features
                    .iter()
                    .position(|f| f == feature)
                    .ok_or_else(|| format!("the goal's feature '{feature}' is not in the lab"))?,
            ),
            _ => None,
        };
        let hidden = matches!(goal, Some(DriftGoal::DriftedFeature))
            .then(|| Hidden::pick(n, Hidden::seed(learner, 0)));
        let mut lab = DriftLab {
            data,
            goal,
            goal_feature,
            hidden,
            cursor: goal_feature.unwrap_or(0),
            size: WindowSize::Halves,
            shifts: vec![Shift::NONE; n],
            windows: None,
            stats: vec![None; n],
            tries: 0,
            feedback: None,
            met: None,
            learner,
            round: 0,
            revealed: 0,
        };
        lab.rebuild_all();
        Ok(lab)
    }

    pub fn features(&self) -> &[String] {
        &self.data.features
    }

    pub fn shift(&self) -> Shift {
        self.shifts[self.cursor]
    }

    /// The selected feature's comparison.
    pub fn stats(&self) -> Option<&FeatureStats> {
        self.stats[self.cursor].as_ref()
    }

    pub fn stats_of(&self, feature: usize) -> Option<&FeatureStats> {
        self.stats[feature].as_ref()
    }

    pub fn hidden(&self) -> Option<Hidden> {
        self.hidden
    }

    fn hidden_for(&self, feature: usize) -> Option<Shift> {
        self.hidden
            .filter(|h| h.feature == feature)
            .map(|h| h.shift)
    }

    /// A wrong answer: the shift was revealed, so a new one is drawn and the stats follow.
    /// It never lands on the feature just answered (the screen has just called it noise)
    /// or on the one just revealed.
    fn next_round(&mut self) {
        let n = self.data.features.len();
        let before = self.hidden.map(|h| h.feature);
        loop {
            self.round += 1;
            let next = Hidden::pick(n, Hidden::seed(self.learner, self.round));
            if n < 3 || (next.feature != self.cursor && Some(next.feature) != before) {
                self.hidden = Some(next);
                break;
            }
        }
        self.revealed += 1;
        self.tries = 0;
        self.rebuild_all();
    }

    /// Recomputes every feature at the current size and keeps the selected one's windows.
    fn rebuild_all(&mut self) {
        for f in 0..self.data.features.len() {
            let windows = self.data.windows(f, self.size);
            self.stats[f] = windows
                .as_ref()
                .map(|w| w.compare(self.hidden_for(f), self.shifts[f]));
            if f == self.cursor {
                self.windows = windows;
            }
        }
    }

    fn select(&mut self, feature: usize) {
        if feature != self.cursor {
            self.cursor = feature;
            self.windows = self.data.windows(feature, self.size);
        }
    }

    fn set_shift(&mut self, shift: Shift) {
        let f = self.cursor;
        self.shifts[f] = shift;
        self.stats[f] = self
            .windows
            .as_ref()
            .map(|w| w.compare(self.hidden_for(f), shift));
    }

    /// The missing shares (reference, current) the learner sees for the selected feature.
    pub fn missing_shares(&self) -> (f64, f64) {
        let share = |missing: usize, rows: usize| {
            if rows == 0 {
                0.0
            } else {
                missing as f64 / rows as f64
            }
        };
        let blanked = self.stats().map_or(0, |s| s.blanked);
        match self.size {
            WindowSize::Halves => {
                let (rm, cm) = self.data.missing[self.cursor];
                (
                    share(rm, self.data.reference_rows),
                    share(cm + blanked, self.data.current_rows),
                )
            }
            _ => (0.0, self.stats().map_or(0.0, |s| s.missing_share())),
        }
    }

    /// The window sizes in words, for the view and the goal message.
    pub fn window_words(&self) -> String {
        match self.size.resampled_rows() {
            None => format!(
                "halves, {} vs {} rows",
                self.data.reference_rows, self.data.current_rows
            ),
            Some(n) => format!("resampled, {n} vs {n} rows"),
        }
    }

    /// The smallest offset (in steps) on the dial at which the goal feature's PSI ≥ 0.25,
    /// at the current window size, with its PSI and the PSI one step below.
    pub fn smallest_major_offset(&self) -> Option<(i32, f64, f64)> {
        let feature = self.goal_feature?;
        let windows = self.data.windows(feature, self.size)?;
        let psi = |steps: i32| {
            windows
                .compare(None, Shift::new(ShiftKind::MeanOffset, steps))
                .drift
                .map_or(0.0, |d| d.psi)
        };
        let mut below = psi(0);
        for steps in 1..=60 {
            let p = psi(steps);
            if p >= PSI_MAJOR {
                return Some((steps, p, below));
            }
            below = p;
        }
        None
    }

    /// Enter: the learner's answer.
    fn answer(&mut self) -> bool {
        let Some(goal) = self.goal.clone() else {
            return false;
        };
        if self.met.is_some() {
            return false;
        }
        let name = self.data.features[self.cursor].clone();
        let feedback = match goal {
            DriftGoal::SmallestMajorPsi { feature } => {
                let shift = self.shift();
                if Some(self.cursor) != self.goal_feature
                    || shift.kind != ShiftKind::MeanOffset
                    || shift.steps <= 0
                {
                    Feedback {
                        right: false,
                        message: format!(
                            "Enter confirms a positive mean offset of {feature}: select it (↑/↓), \
                             choose the mean offset (k) and move it with →."
                        ),
                    }
                } else {
                    self.tries += 1;
                    self.judge_offset(&feature, shift)
                }
            }
            DriftGoal::DriftedFeature => {
                self.tries += 1;
                match self.hidden {
                    Some(h) if h.feature == self.cursor => {
                        let message = format!(
                            "{name} drifted: the hidden shift was a {} ({}). Found at first \
                             look{}.",
                            h.shift.kind.name(),
                            h.shift.describe(),
                            if self.revealed == 0 {
                                String::new()
                            } else {
                                format!(", after {} revealed", self.revealed)
                            }
                        );
                        self.met = Some(message.clone());
                        Feedback {
                            right: true,
                            message,
                        }
                    }
                    Some(h) => {
                        let drifted = self.data.features[h.feature].clone();
                        self.next_round();
                        Feedback {
                            right: false,
                            message: format!(
                                "Not {name}: sampling noise. It was {drifted} ({}). A new shift \
                                 is hidden now: read the numbers again.",
                                h.shift.describe()
                            ),
                        }
                    }
                    None => return false,
                }
            }
        };
        self.feedback = Some(feedback);
        true
    }

    fn judge_offset(&mut self, feature: &str, shift: Shift) -> Feedback {
        let psi = self
            .stats()
            .and_then(|s| s.drift.as_ref())
            .map_or(0.0, |d| d.psi);
        let offset = shift.amount();
        match self.smallest_major_offset() {
            Some((steps, p, below)) if steps == shift.steps => {
                let message = format!(
                    "PSI of {feature} first reaches 0.25 at {offset:+.2} sd (PSI {p:.3}; {:+.2} sd gives {below:.3}; \
                     windows: {}). Found on try {}.",
                    (steps - 1) as f64 * STEP,
                    self.window_words(),
                    self.tries
                );
                self.met = Some(message.clone());
                Feedback {
                    right: true,
                    message,
                }
            }
            _ if psi < PSI_MAJOR => Feedback {
                right: false,
                message: format!(
                    "PSI at {offset:+.2} sd is {psi:.3}, below 0.25: go further (try {}).",
                    self.tries
                ),
            },
            Some(_) => Feedback {
                right: false,
                message: format!(
                    "PSI at {offset:+.2} sd is {psi:.3} ≥ 0.25, but a smaller offset gets there too (try {}).",
                    self.tries
                ),
            },
            None => Feedback {
                right: false,
                message: "No offset up to +3 sd reaches PSI 0.25 in these windows.".into(),
            },
        }
    }
}

impl DriftLab {
    fn start_over(&mut self) {
        // The window size stays: it is the setting under study, not a shift.
        for shift in &mut self.shifts {
            *shift = Shift::new(shift.kind, 0);
        }
        self.rebuild_all();
    }
}

impl LabModel for DriftLab {
    type Command = Command;

    fn key_table(&self) -> &'static [LabBinding<Command>] {
        match self.goal {
            Some(DriftGoal::DriftedFeature) => CHOOSE_KEYS,
            _ => CONFIRM_KEYS,
        }
    }

    fn apply(&mut self, command: Command) -> bool {
        let n = self.data.features.len();
        let shift = self.shift();
        match command {
            Command::PreviousFeature if self.cursor > 0 => self.select(self.cursor - 1),
            Command::NextFeature if self.cursor + 1 < n => self.select(self.cursor + 1),
            Command::PreviousFeature | Command::NextFeature => return false,
            Command::Shift(by) => self.set_shift(shift.by(by)),
            Command::NextKind => self.set_shift(Shift::new(shift.kind.next(), 0)),
            Command::NextWindowSize => {
                self.size = self.size.next();
                self.rebuild_all();
            }
            Command::StartOver => self.start_over(),
            Command::Answer => return self.answer(),
        }
        true
    }

    fn goal_line(&self) -> GoalLine {
        view::goal_line(self)
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
