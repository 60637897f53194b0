//! Small reusable pieces of the screens.

pub mod footer;
pub mod help;
pub mod levels;
pub mod too_small;
