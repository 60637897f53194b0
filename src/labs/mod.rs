//! Labs: hands-on steps inside lessons. One file per lab kind; each owns its state,
//! its update on a key, and its view. Heavy work (training) runs on a background
//! thread so that a keypress never waits for it.

pub mod changepoints;
pub mod decay;
pub mod drift;
pub mod goal;
pub mod random;
pub mod threshold;
pub mod train;
pub mod worker;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use crate::catalog::LabStep;
use crate::tui::action::LabKey;
use crate::draw::theme::Theme;

/// A running lab.
pub trait Lab: Send {
    /// Handles a key; returns true when the view changed.
    fn handle(&mut self, key: LabKey) -> bool;
    /// Collects results of background work; returns true when the view changed.
    fn poll(&mut self) -> bool {
        false
    }
    /// True while background work is under way (the loop then polls often).
    fn busy(&self) -> bool {
        false
    }
    /// Draws the lab.
    fn render(&self, area: Rect, buf: &mut Buffer, theme: &Theme);
    /// When the goal is met: what the learner achieved, in a sentence.
    fn goal_met(&self) -> Option<String>;
    /// The lab's own keys as (keys, what they do), shown in its panel and in help.
    fn keys(&self) -> Vec<(&'static str, &'static str)>;
}

/// What every lab gets when it starts.
pub struct LabContext<'a> {
    pub step: &'a LabStep,
}

/// Starts the lab a lesson step asks for. The checker has validated the keys; the
/// errors here still explain themselves for lessons that skipped the check.
pub fn start(ctx: &LabContext<'_>) -> Result<Box<dyn Lab>, String> {
    let step = ctx.step;
    match step.lab.as_str() {
        "threshold" => threshold::start(step).map(|l| Box::new(l) as Box<dyn Lab>),
        "train" => train::start(step).map(|l| Box::new(l) as Box<dyn Lab>),
        "drift" => drift::start(step).map(|l| Box::new(l) as Box<dyn Lab>),
        "decay" => decay::start(step).map(|l| Box::new(l) as Box<dyn Lab>),
        "changepoints" => changepoints::start(step).map(|l| Box::new(l) as Box<dyn Lab>),
        other => Err(format!(
            "this version of mlpath has no '{}' lab",
            crate::sanitize::clean_line(other)
        )),
    }
}

/// A text key of a lab step.
pub(crate) fn text_param(step: &LabStep, key: &str) -> Option<String> {
    step.params
        .get(key)
        .and_then(|v| v.as_str())
        .map(str::to_string)
}

/// A number key of a lab step (integers allowed).
pub(crate) fn number_param(step: &LabStep, key: &str) -> Option<f64> {
    step.params
        .get(key)
        .and_then(|v| v.as_float().or_else(|| v.as_integer().map(|i| i as f64)))
}

/// The dataset of a lab step, which every data lab needs.
pub(crate) fn dataset_of(step: &LabStep) -> Result<String, String> {
    step.dataset
        .clone()
        .ok_or_else(|| format!("the '{}' lab needs a `dataset`", step.lab))
}

/// The goal of a lab step, if it has one.
pub(crate) fn goal_of(step: &LabStep) -> Result<Option<goal::Goal>, String> {
    step.params
        .get("goal")
        .map(goal::Goal::from_toml)
        .transpose()
}
