//! Scoring one fitted model on rows met later (see [`crate::ml::data::later_part`]).

use super::{TrainError, TrainOutcome, TrainSpec, fit_prepared};
use crate::ml::data::{Part, PreparedData};

/// The model of [`fit_prepared`], fitted on `data`'s training rows and scored on
/// `later` instead of the test rows. Fits are deterministic, so this is the same model
/// the test rows were scored with.
pub fn fit_scored_on(
    spec: &TrainSpec,
    data: &PreparedData,
    later: Part,
) -> Result<TrainOutcome, TrainError> {
    let mut data = data.clone();
    data.test = later;
    fit_prepared(spec, data)
}
