//! The decay lab: a model watches a stream of batches in which, from an unannounced batch
//! on, the world slowly changes (the seeded scenario of [`scenario`]). Each batch shows at
//! once how far the model's scores moved from its training scores (PSI, the drift score);
//! its accuracy is known only when its labels arrive, `label_delay` batches later.
//!
//! The learner picks the signal to alert on and its threshold, steps through the batches
//! (or plays them), and retrains on the most recent labelled batches by hand or on every
//! alert. When the run ends the onset is revealed and the alerts are scored: the goal is an
//! alert within `catch_within` batches of the onset with at most `max_false_alarms` alerts
//! before it.

pub mod scenario;
mod view;

use std::sync::Arc;
use std::time::{Duration, Instant};

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::keys::{LabBinding, LabKey};
use super::worker::Job;
use super::{GoalLine, LabModel};
use crate::catalog::{DecayGoal, DecayLab as DecayLabSpec};
use crate::draw::theme::Theme;
use scenario::{BATCH_ROWS, BATCHES, Model, Scenario};

/// Batches a retrained model learns from: the most recent labelled ones.
pub const RETRAIN_BATCHES: usize = 3;
/// Time between batches while playing.
const PLAY_STEP: Duration = Duration::from_millis(400);

/// What the alert watches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Signal {
    /// PSI of the batch's scores against the model's training scores: known at once.
    DriftScore,
    /// Accuracy of the newest labelled batch: known `label_delay` batches late.
    Accuracy,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Command {
    NextBatch,
    PlayPause,
    /// Move the alert threshold by this many hundredths.
    Threshold(i32),
    SwitchSignal,
    RetrainNow,
    RetrainOnAlert,
    StartOver,
}

pub const KEYS: &[LabBinding<Command>] = &[
    LabBinding {
        keys: &[(LabKey::Select, Command::PlayPause)],
        label: "Enter/Space",
        does: "play / pause",
    },
    LabBinding {
        keys: &[(LabKey::Char('b'), Command::NextBatch)],
        label: "b",
        does: "one batch",
    },
    LabBinding {
        keys: &[
            (LabKey::Left, Command::Threshold(-1)),
            (LabKey::Right, Command::Threshold(1)),
            (LabKey::CoarseLeft, Command::Threshold(-10)),
            (LabKey::CoarseRight, Command::Threshold(10)),
        ],
        label: "←/→",
        does: "alert threshold (Shift: ×10)",
    },
    LabBinding {
        keys: &[(LabKey::Char('g'), Command::SwitchSignal)],
        label: "g",
        does: "alert signal",
    },
    LabBinding {
        keys: &[(LabKey::Char('t'), Command::RetrainNow)],
        label: "t",
        does: "retrain now",
    },
    LabBinding {
        keys: &[(LabKey::Char('o'), Command::RetrainOnAlert)],
        label: "o",
        does: "retrain on alert on/off",
    },
    LabBinding {
        keys: &[(LabKey::Char('r'), Command::StartOver)],
        label: "r",
        does: "start over",
    },
];

#[derive(Debug, Clone)]
pub struct DecaySpec {
    pub dataset: String,
    pub seed: u64,
    pub label_delay: usize,
    pub goal: Option<DecayGoal>,
}

/// One processed batch.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Batch {
    /// The model that scored it (index into the run's models).
    pub model: usize,
    pub psi: f64,
    pub accuracy: f64,
}

/// An alert raised when batch `at` arrived.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Alert {
    pub at: usize,
    pub signal: Signal,
    pub value: f64,
}

/// How the alerts of a finished run score against the onset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Verdict {
    pub onset: usize,
    /// The first alert at or after the onset.
    pub first_after: Option<usize>,
    pub false_alarms: usize,
}

/// A run through the stream.
pub struct Run {
    pub scenario: Arc<Scenario>,
    first: Model,
    pub models: Vec<Model>,
    pub batches: Vec<Batch>,
    pub alerts: Vec<Alert>,
    /// (before batch, what the new model was trained on).
    pub retrains: Vec<(usize, String)>,
    retraining: Option<Job<Result<Model, String>>>,
    pub note: Option<String>,
}

impl Run {
    fn new(scenario: Arc<Scenario>, first: Model) -> Run {
        Run {
            scenario,
            models: vec![first.clone()],
            first,
            batches: Vec::new(),
            alerts: Vec::new(),
            retrains: Vec::new(),
            retraining: None,
            note: None,
        }
    }

    pub fn ended(&self) -> bool {
        self.batches.len() == BATCHES
    }

    /// Batches whose labels have arrived: 0..labelled.
    pub fn labelled(&self, delay: usize) -> usize {
        self.batches.len().saturating_sub(delay)
    }

    pub fn model(&self) -> &Model {
        self.models.last().unwrap_or(&self.first)
    }

    pub fn verdict(&self) -> Verdict {
        let onset = self.scenario.onset;
        Verdict {
            onset,
            first_after: self.alerts.iter().map(|a| a.at).find(|&at| at >= onset),
            false_alarms: self.alerts.iter().filter(|a| a.at < onset).count(),
        }
    }
}

enum State {
    Building(Job<Result<(Scenario, Model), String>>),
    Ready(Box<Run>),
    Failed(String),
}

pub struct DecayLab {
    spec: DecaySpec,
    state: State,
    pub signal: Signal,
    /// Alert thresholds in hundredths: PSI at or above, accuracy below.
    pub psi_threshold: u32,
    pub accuracy_threshold: u32,
    pub auto_retrain: bool,
    playing: Option<Instant>,
    met: Option<String>,
}

/// Starts the lab: builds the scenario and fits the first model in the background.
pub fn start(spec: &DecayLabSpec, learner: Option<u64>) -> Result<DecayLab, String> {
    let spec = DecaySpec {
        dataset: spec.dataset.clone(),
        seed: spec.seed,
        label_delay: spec.label_delay,
        goal: Some(spec.goal),
    };
    let (dataset, seed) = (spec.dataset.clone(), spec.seed);
    Ok(DecayLab::new(
        spec,
        Job::spawn(move || {
            let scenario = Scenario::build_for(&dataset, seed, learner)?;
            let model = scenario.first_model()?;
            Ok((scenario, model))
        }),
    ))
}

impl DecayLab {
    pub fn new(spec: DecaySpec, building: Job<Result<(Scenario, Model), String>>) -> DecayLab {
        let mut lab = DecayLab {
            spec,
            state: State::Building(building),
            signal: Signal::DriftScore,
            psi_threshold: 10,
            accuracy_threshold: 80,
            auto_retrain: false,
            playing: None,
            met: None,
        };
        lab.poll();
        lab
    }

    pub fn run(&self) -> Option<&Run> {
        match &self.state {
            State::Ready(r) => Some(r),
            _ => None,
        }
    }

    fn run_mut(&mut self) -> Option<&mut Run> {
        match &mut self.state {
            State::Ready(r) => Some(r),
            _ => None,
        }
    }

    pub fn spec(&self) -> &DecaySpec {
        &self.spec
    }

    pub fn threshold(&self) -> f64 {
        match self.signal {
            Signal::DriftScore => self.psi_threshold as f64 / 100.0,
            Signal::Accuracy => self.accuracy_threshold as f64 / 100.0,
        }
    }

    pub fn playing(&self) -> bool {
        self.playing.is_some()
    }

    pub fn retraining(&self) -> bool {
        self.run().is_some_and(|r| r.retraining.is_some())
    }

    fn move_threshold(&mut self, hundredths: i32) {
        let (value, max) = match self.signal {
            Signal::DriftScore => (&mut self.psi_threshold, 300),
            Signal::Accuracy => (&mut self.accuracy_threshold, 100),
        };
        *value = (*value as i32 + hundredths).clamp(0, max) as u32;
    }

    /// Processes the next batch: its drift score and accuracy, then the alert rule.
    /// False when there is nothing to do (run over, not ready, or retraining).
    pub fn advance(&mut self) -> bool {
        let delay = self.spec.label_delay;
        let (signal, threshold, auto) = (self.signal, self.threshold(), self.auto_retrain);
        let Some(run) = self.run_mut() else {
            return false;
        };
        if run.ended() || run.retraining.is_some() {
            return false;
        }
        let b = run.batches.len();
        let model_index = run.models.len() - 1;
        let rows = b * BATCH_ROWS..(b + 1) * BATCH_ROWS;
        let (psi, correct) = {
            let model = run.model();
            let scores = &model.scores[rows.clone()];
            let psi = model.reference.compare(scores).map_or(f64::NAN, |d| d.psi);
            let correct = rows
                .zip(scores)
                .filter(|(r, s)| (**s >= 0.5) == run.scenario.is_positive(*r))
                .count();
            (psi, correct)
        };
        run.batches.push(Batch {
            model: model_index,
            psi,
            accuracy: correct as f64 / BATCH_ROWS as f64,
        });
        let alert = match signal {
            Signal::DriftScore => (psi >= threshold - 1e-12).then_some(psi),
            Signal::Accuracy => {
                // The labels of batch b − delay arrived with this batch.
                b.checked_sub(delay)
                    .map(|l| run.batches[l].accuracy)
                    .filter(|a| *a < threshold - 1e-12)
            }
        };
        if let Some(value) = alert {
            run.alerts.push(Alert {
                at: b,
                signal,
                value,
            });
            if auto {
                self.retrain();
            }
        }
        if self.run().is_some_and(Run::ended) {
            self.playing = None;
            self.judge();
        }
        true
    }

    /// Retrains on the most recent labelled batches, in the background.
    pub fn retrain(&mut self) -> bool {
        let delay = self.spec.label_delay;
        let Some(run) = self.run_mut() else {
            return false;
        };
        if run.retraining.is_some() || run.ended() {
            return false;
        }
        let labelled = run.labelled(delay);
        if labelled == 0 {
            run.note = Some("No labelled batches yet: nothing to retrain on.".into());
            return true;
        }
        let batches = labelled.saturating_sub(RETRAIN_BATCHES)..labelled;
        let scenario = Arc::clone(&run.scenario);
        run.note = None;
        run.retraining = Some(Job::spawn(move || scenario.retrained(batches)));
        true
    }

    /// Waits for a retraining job (tests).
    pub fn wait(&mut self) {
        if let State::Building(job) = &mut self.state {
            let result = job.wait();
            self.accept_build(result);
        }
        if let Some(run) = self.run_mut()
            && let Some(mut job) = run.retraining.take()
        {
            let result = job.wait();
            Self::accept_model(run, result);
        }
    }

    fn accept_build(&mut self, result: Option<Result<(Scenario, Model), String>>) {
        self.state = match result {
            Some(Ok((scenario, model))) => {
                State::Ready(Box::new(Run::new(Arc::new(scenario), model)))
            }
            Some(Err(e)) => State::Failed(e),
            None => State::Failed("building the scenario stopped unexpectedly".into()),
        };
    }

    fn accept_model(run: &mut Run, result: Option<Result<Model, String>>) {
        match result {
            Some(Ok(model)) => {
                run.retrains
                    .push((run.batches.len(), model.trained_on.clone()));
                run.models.push(model);
            }
            Some(Err(e)) => run.note = Some(format!("Retraining failed: {e}")),
            None => run.note = Some("Retraining stopped unexpectedly.".into()),
        }
    }

    /// Back to batch 1 with the first model; thresholds and settings stay.
    fn restart(&mut self) {
        self.playing = None;
        if let State::Ready(run) = &mut self.state {
            let fresh = Run::new(Arc::clone(&run.scenario), run.first.clone());
            **run = fresh;
        }
    }

    /// Scores a finished run against the goal.
    fn judge(&mut self) {
        let (Some(goal), Some(run)) = (self.spec.goal, self.run()) else {
            return;
        };
        if self.met.is_some() {
            return;
        }
        let v = run.verdict();
        if let Some(at) = v.first_after
            && at - v.onset <= goal.catch_within
            && v.false_alarms <= goal.max_false_alarms
        {
            let signal = match run.alerts.iter().find(|a| a.at == at).map(|a| a.signal) {
                Some(Signal::Accuracy) => format!(
                    "accuracy below {:.2}",
                    self.accuracy_threshold as f64 / 100.0
                ),
                _ => format!("PSI of scores ≥ {:.2}", self.psi_threshold as f64 / 100.0),
            };
            self.met = Some(format!(
                "alert ({signal}) at batch {}, {} after the onset (batch {}); {} false alarm{} before it",
                at + 1,
                batches(at - v.onset),
                v.onset + 1,
                v.false_alarms,
                if v.false_alarms == 1 { "" } else { "s" }
            ));
        }
    }
}

/// "2 batches", "1 batch".
pub fn batches(n: usize) -> String {
    if n == 1 {
        "1 batch".into()
    } else {
        format!("{n} batches")
    }
}

impl LabModel for DecayLab {
    type Command = Command;

    fn key_table(&self) -> &'static [LabBinding<Command>] {
        KEYS
    }

    fn apply(&mut self, command: Command) -> bool {
        if self.run().is_none() {
            return false;
        }
        match command {
            Command::NextBatch => {
                self.playing = None;
                return self.advance();
            }
            Command::PlayPause => {
                let ended = self.run().is_some_and(Run::ended);
                self.playing = match self.playing {
                    // Due at once: the first batch plays on the next poll.
                    None if !ended => Some(
                        Instant::now()
                            .checked_sub(PLAY_STEP)
                            .unwrap_or_else(Instant::now),
                    ),
                    _ => None,
                };
            }
            Command::Threshold(by) => self.move_threshold(by),
            Command::SwitchSignal => {
                self.signal = match self.signal {
                    Signal::DriftScore => Signal::Accuracy,
                    Signal::Accuracy => Signal::DriftScore,
                }
            }
            Command::RetrainNow => return self.retrain(),
            Command::RetrainOnAlert => self.auto_retrain = !self.auto_retrain,
            Command::StartOver => self.restart(),
        }
        true
    }

    fn poll(&mut self) -> bool {
        let mut changed = false;
        if let State::Building(job) = &mut self.state {
            match job.poll() {
                Some(result) => {
                    self.accept_build(Some(result));
                    changed = true;
                }
                None if !job.running() => {
                    self.accept_build(None);
                    changed = true;
                }
                None => return false,
            }
        }
        if let Some(run) = self.run_mut()
            && let Some(job) = run.retraining.as_mut()
        {
            match job.poll() {
                Some(result) => {
                    run.retraining = None;
                    Self::accept_model(run, Some(result));
                    changed = true;
                }
                None if !job.running() => {
                    run.retraining = None;
                    Self::accept_model(run, None);
                    changed = true;
                }
                None => {}
            }
        }
        if let Some(last) = self.playing
            && last.elapsed() >= PLAY_STEP
            && !self.retraining()
        {
            self.playing = Some(Instant::now());
            changed |= self.advance();
        }
        changed
    }

    fn busy(&self) -> bool {
        matches!(self.state, State::Building(_)) || self.retraining() || self.playing()
    }

    fn goal_met(&self) -> Option<String> {
        self.met.clone()
    }

    fn goal_line(&self) -> GoalLine {
        view::goal_line(self)
    }

    fn render(&self, area: Rect, buf: &mut Buffer, theme: &Theme) {
        match &self.state {
            State::Building(_) => view::message(
                area,
                buf,
                theme,
                "Building the scenario and training the first model…",
                false,
            ),
            State::Failed(e) => view::message(area, buf, theme, e, true),
            State::Ready(run) => view::render(self, run, area, buf, theme),
        }
    }
}

#[cfg(test)]
mod tests;
