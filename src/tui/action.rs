//! What a key means, independent of which key it was.

use crate::labs::LabKey;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    /// Enter: open the selection, submit an answer, or go on.
    Select,
    /// Space: toggle an option in a "select all that apply" question.
    Toggle,
    /// Esc or Backspace: back to the previous screen.
    Back,
    PrevStep,
    NextStep,
    Hint,
    /// Show the answer of a quiz after a wrong attempt.
    Reveal,
    Help,
    Quit,
    /// A character typed into an answer field.
    Input(char),
    /// Backspace inside an answer field.
    DeleteChar,
    /// Open the problems screen.
    Problems,
    /// Hide the notices at the top (they were also printed when the tutor started
    /// and are printed again on exit).
    DismissNotices,
    /// Lower the selected value (a self-rating).
    Lower,
    /// Raise the selected value (a self-rating).
    Raise,
    /// Make the selected role the target role.
    SetTarget,
    /// Open the form that records outside evidence for the selected skill.
    AddEvidence,
    /// Practise the review items of the selected skill now, due or not.
    Practise,
    /// Open the plan for the target role (or the roles, without one).
    OpenPlan,
    /// Show a lab step's whole text in place of the lab, or go back to the lab.
    ToggleLabText,
    /// Keys handed to a lab (its own keymap decides).
    Lab(LabKey),
    /// Open an exercise's file in the learner's editor.
    Edit,
    /// Put an exercise's starter back (the learner's version is kept as `.bak`).
    Restore,
    /// Check an exercise's file now.
    Recheck,
}
