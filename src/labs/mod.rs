//! Labs: hands-on steps inside lessons. One folder per lab kind
//! (`<kind>/{mod.rs, view.rs, tests.rs}`): its state and update, its view, its tests.
//! A lab starts from the typed settings the catalog parsed ([`LabSpec`]) and never
//! reads TOML. Heavy work (training) runs on a background thread so that a keypress
//! never waits for it. Labs draw with [`crate::draw`] and know nothing of the tutor.

pub mod audit;
pub mod changepoints;
pub mod decay;
pub mod drift;
pub mod keys;
pub mod label_noise;
pub mod leakage;
pub mod random;
pub mod threshold;
pub mod train;
pub mod worker;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use crate::catalog::{LabKind, LabSpec};
use crate::draw::theme::Theme;
pub use keys::{KeyRow, LabBinding, LabKey};

/// A running lab, as the tutor holds it.
pub trait Lab: Send {
    /// Handles a key; returns true when the view changed.
    fn handle(&mut self, key: LabKey) -> bool;
    /// Collects results of background work; returns true when the view changed.
    fn poll(&mut self) -> bool;
    /// True while background work is under way (the loop then polls often).
    fn busy(&self) -> bool;
    /// Draws the lab.
    fn render(&self, area: Rect, buf: &mut Buffer, theme: &Theme);
    /// When the goal is met: what the learner achieved, in a sentence.
    fn goal_met(&self) -> Option<String>;
    /// The goal and where the learner stands, exactly as the lab draws them.
    fn goal_line(&self) -> GoalLine;
    /// The lab's keys as (keys, what they do), for its panel, the footer and help.
    fn keys(&self) -> Vec<(&'static str, &'static str)>;
}

/// The goal as the lab shows it: the goal's text and the learner's current value of
/// the metric it names (`None` until there is one, e.g. while a model trains).
#[derive(Debug, Clone, PartialEq)]
pub struct GoalLine {
    pub goal: String,
    pub now: Option<String>,
}

/// What a lab kind implements. Its keys are one table of [`LabBinding`]s: the same
/// table dispatches a key to a command and labels it, so the two never disagree.
pub trait LabModel: Send {
    type Command: Copy + 'static;
    /// The key table in force (a lab may switch tables with its goal).
    fn key_table(&self) -> &'static [LabBinding<Self::Command>];
    /// Carries out a command; returns true when the view changed.
    fn apply(&mut self, command: Self::Command) -> bool;
    fn poll(&mut self) -> bool {
        false
    }
    fn busy(&self) -> bool {
        false
    }
    fn render(&self, area: Rect, buf: &mut Buffer, theme: &Theme);
    fn goal_met(&self) -> Option<String>;
    fn goal_line(&self) -> GoalLine;

    /// A key through the lab's table: its command, carried out.
    fn press(&mut self, key: LabKey) -> bool {
        keys::command_for(self.key_table(), key).is_some_and(|c| self.apply(c))
    }
}

/// A lab kind held by the tutor: [`Lab`] for any [`LabModel`], with keys dispatched
/// and labelled from the lab's one table.
pub struct Hosted<L>(pub L);

impl<L: LabModel> Lab for Hosted<L> {
    fn handle(&mut self, key: LabKey) -> bool {
        self.0.press(key)
    }
    fn poll(&mut self) -> bool {
        self.0.poll()
    }
    fn busy(&self) -> bool {
        self.0.busy()
    }
    fn render(&self, area: Rect, buf: &mut Buffer, theme: &Theme) {
        self.0.render(area, buf, theme);
    }
    fn goal_met(&self) -> Option<String> {
        self.0.goal_met()
    }
    fn goal_line(&self) -> GoalLine {
        self.0.goal_line()
    }
    fn keys(&self) -> Vec<(&'static str, &'static str)> {
        keys::help(self.0.key_table())
    }
}

/// Why a lab could not start (a dataset that failed to load, a column that is not
/// numeric): said in the lab's panel instead of the lab.
pub type StartError = String;

/// Starts the lab a lesson step asks for, with the lesson's own hidden changes (the same
/// for everyone: tests and documentation). `None` for the self-assessment, which the
/// tutor hosts as a screen of its own.
pub fn start(spec: &LabSpec) -> Option<Result<Box<dyn Lab>, StartError>> {
    start_for(spec, None)
}

/// A number that identifies one learner's run of one lesson, from a stable text in their
/// progress (FNV-1a, the same on every platform and build).
pub fn learner_seed(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// [`start`] for one learner: labs that hide something for the learner to find (the
/// drifted feature, the onset of decay) draw it from `learner`, so that one learner's
/// answer is not another's.
pub fn start_for(spec: &LabSpec, learner: Option<u64>) -> Option<Result<Box<dyn Lab>, StartError>> {
    fn boxed<L: LabModel + 'static>(
        lab: Result<L, StartError>,
    ) -> Result<Box<dyn Lab>, StartError> {
        lab.map(|l| Box::new(Hosted(l)) as Box<dyn Lab>)
    }
    Some(match spec {
        LabSpec::Threshold(s) => boxed(threshold::start(s)),
        LabSpec::Train(s) => boxed(train::start(s)),
        LabSpec::Drift(s) => boxed(drift::start(s, learner)),
        LabSpec::Decay(s) => boxed(decay::start(s, learner)),
        LabSpec::ChangePoints(s) => boxed(changepoints::start(s)),
        LabSpec::LabelNoise(s) => boxed(label_noise::start(s)),
        LabSpec::Leakage(s) => boxed(leakage::start(s)),
        LabSpec::Audit(s) => boxed(audit::start(s)),
        LabSpec::SelfAssessment(_) => return None,
    })
}

/// Every key table a lab kind can show, as plain rows: for the tests and docs that
/// hold every lab to the key convention. Exhaustive over [`LabKind`], so a new kind
/// cannot be forgotten here.
pub fn key_tables(kind: LabKind) -> Vec<Vec<KeyRow>> {
    match kind {
        LabKind::Threshold => vec![keys::rows(threshold::KEYS)],
        LabKind::Train => vec![keys::rows(train::KEYS)],
        LabKind::Drift => drift::KEY_TABLES.iter().map(|t| keys::rows(t)).collect(),
        LabKind::Decay => vec![keys::rows(decay::KEYS)],
        LabKind::ChangePoints => vec![keys::rows(changepoints::KEYS)],
        LabKind::LabelNoise => vec![keys::rows(label_noise::KEYS)],
        LabKind::Leakage => vec![keys::rows(leakage::KEYS)],
        LabKind::Audit => vec![keys::rows(audit::KEYS)],
        LabKind::SelfAssessment => Vec::new(),
    }
}

/// The settings of a lab step written as TOML, checked as a lesson's would be (tests).
#[cfg(test)]
pub(crate) fn test_spec(text: &str) -> LabSpec {
    match crate::catalog::lab_step_from_toml("test", text) {
        Ok(step) => step.spec,
        Err(problems) => panic!("the test's lab step has problems: {problems:?}"),
    }
}
