//! One module per lab kind: its typed settings, the keys a lesson may give it, and
//! the parser that checks them and builds the settings.

pub mod audit;
pub mod changepoints;
pub mod decay;
pub mod drift;
pub mod label_noise;
pub mod leakage;
pub mod self_assessment;
pub mod threshold;
pub mod train;
