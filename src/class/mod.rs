//! Class reports: many learners' exported progress read together, per lesson and per
//! quiz item, with the classical item analysis an instructor uses to find the questions
//! that need rewriting. Pure: reading files is [`read`], the numbers are [`report`]
//! and [`stats`]; printing is the `class report` command's.

pub mod read;
pub mod report;
pub mod stats;

pub use read::{ClassInput, Learner, Skipped, read_exports};
pub use report::{
    ClassReport, Flag, ItemReport, LessonReport, Thresholds, VersionCount, WrongAnswer, build,
};
