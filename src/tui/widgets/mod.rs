//! Small reusable pieces of the screens.

pub mod bar;
pub mod confusion;
pub mod footer;
pub mod help;
pub mod levels;
pub mod too_small;
