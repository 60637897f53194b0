//! Attacks on trained models and the privacy mechanisms that answer them (see
//! `docs/attacks.md`): membership inference by loss threshold, the Laplace mechanism,
//! evasion of a linear model, and model extraction through a prediction API. Pure
//! engines: no files, no terminal.

pub mod evasion;
pub mod extraction;
pub mod laplace;
pub mod membership;
pub mod tree_evasion;

use crate::ml::models::TrainError;

/// Why an attack or mechanism cannot be computed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum AttackError {
    #[error(transparent)]
    Train(#[from] TrainError),
    #[error("the attack needs at least one {0} row")]
    NoRows(&'static str),
    #[error("probability {value} of {what} row {index} is not in [0, 1]")]
    BadProbability {
        what: &'static str,
        index: usize,
        value: f64,
    },
    #[error("{0}")]
    Setup(String),
}
