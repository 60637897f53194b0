//! Drawing pieces shared by the tutor's screens and the labs: the colour theme, the
//! confusion matrix, curve charts, the timeline and progress bars. A leaf module: it
//! imports neither `tui` nor `labs`, so both can use it and the arrows stay one-way.

pub mod bar;
pub mod charts;
pub mod confusion;
pub mod theme;
pub mod timeline;
