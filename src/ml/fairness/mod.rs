//! Group fairness of a binary classifier's decisions, with fairlearn 0.15's definitions
//! (see `docs/fairness.md`), and a post-processing mitigation.
//!
//! - [`groups`]: confusion counts per group and the per-group rates (`n`, selection rate,
//!   TPR, FPR, precision, accuracy); a rate whose denominator is zero is `None`.
//! - [`disparity`]: the aggregates over groups (method "between_groups"): demographic
//!   parity difference and ratio, equalized odds difference and ratio (worst case over
//!   TPR and FPR), equal opportunity difference; each uses the groups where its rate is
//!   defined.
//! - [`mitigation`]: one threshold per group, chosen from the group's own scores, that
//!   brings the groups' TPR or selection rate to one target, with the accuracy and the
//!   gap before and after.
//!
//! The engine knows nothing of files or terminals: it takes group ids, truth and
//! decisions (or scores) as slices.

pub mod disparity;
pub mod groups;
pub mod mitigation;

pub use disparity::Disparities;
pub use groups::{FairnessReport, GroupCounts, GroupRates, assess, assess_scores};
pub use mitigation::{Mitigation, RateTarget, equalise};

/// Why a fairness report cannot be computed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum FairnessError {
    #[error("there are no rows to assess")]
    NoRows,
    #[error("{what} has {found} values for {expected} rows")]
    LengthMismatch {
        what: &'static str,
        found: usize,
        expected: usize,
    },
    #[error("row {row} has group id {id}, but there are only {groups} groups")]
    UnknownGroup { row: usize, id: u32, groups: usize },
    #[error("score {value} of row {row} is not a finite number")]
    NonFiniteScore { row: usize, value: f64 },
    #[error("the target rate {0} is outside [0, 1]")]
    TargetOutOfRange(f64),
}

/// Something a reader of the report must know: a rate that is undefined for a group, or
/// an aggregate that is undefined.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FairnessWarning {
    #[error(
        "group '{0}' has no positive rows: its TPR is undefined (null) and left out of \
         the TPR aggregates"
    )]
    NoPositives(String),
    #[error(
        "group '{0}' has no negative rows: its FPR is undefined (null) and left out of \
         the FPR aggregates"
    )]
    NoNegatives(String),
    #[error("group '{0}' has no predicted positives: its precision is undefined (null)")]
    NoPredictedPositives(String),
    #[error("{0} is undefined (null): every group's rate is 0, so the ratio is 0/0")]
    ZeroRatio(&'static str),
    #[error("{0} is undefined (null): no group has the rows it needs")]
    NoDefinedGroup(&'static str),
    #[error("there is one group only: every difference is 0 and every defined ratio 1")]
    OneGroup,
}
