//! Labs: hands-on steps inside lessons. One file per lab kind; each owns its state,
//! its update on a key, and its view. Heavy work (training) runs on a background
//! thread so that a keypress never waits for it.

pub mod charts;
pub mod goal;
pub mod threshold;
pub mod worker;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use crate::catalog::LabStep;
use crate::tui::action::LabKey;
use crate::tui::theme::Theme;

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

/// The lab kinds this build knows, for the checker and for error messages.
pub const KINDS: &[&str] = &[];

/// Starts the lab a lesson step asks for.
pub fn start(ctx: &LabContext<'_>) -> Result<Box<dyn Lab>, String> {
    Err(format!(
        "this version of mlpath has no '{}' lab",
        crate::sanitize::clean_line(&ctx.step.lab)
    ))
}
