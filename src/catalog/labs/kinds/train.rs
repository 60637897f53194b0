//! `lab = "train"`: the learner picks a model, features and seed, and trains.

use super::super::super::fields::{Ctx, Ref};
use super::super::{Goal, KindKeys, Lab, MODELS, example, int_at_least};
use crate::ml::models::ModelKind;

pub const KEYS: KindKeys = KindKeys {
    required: &["dataset", "target", "model", "goal"],
    optional: &["features", "positive", "seed"],
};

/// The seed when a lesson gives none.
pub const DEFAULT_SEED: u64 = 42;

#[derive(Debug, Clone, PartialEq)]
pub struct TrainLab {
    pub dataset: String,
    pub target: String,
    pub model: ModelKind,
    /// The features switched on at the start; `None` means every numeric column.
    pub features: Option<Vec<String>>,
    pub positive: Option<String>,
    pub seed: u64,
    /// A metric goal (`at_least` or `at_most`).
    pub goal: Goal,
}

pub(in super::super) fn parse(
    lab: &Lab<'_, '_>,
    cx: &mut Ctx<'_>,
    _skills: &mut Vec<Ref>,
) -> Option<TrainLab> {
    let target = lab.target(cx);
    let model = lab.model(cx, &MODELS);
    let positive = lab.positive(cx, target.as_ref());
    let features = lab.features(cx, target.as_ref());
    let seed = int_at_least(cx, lab.f, "seed", example("seed"), 0, false);
    if let (Some("linear"), Some(t)) = (model.as_deref(), &target) {
        lab.column(cx, "target", t, true);
    }
    let goal = lab
        .goal(cx, &["metric", "at_least", "at_most"])
        .and_then(|goal| {
            let known = lab.has_positive(target.as_ref());
            lab.metric_goal(cx, &goal, model.as_deref(), known)
        });
    Some(TrainLab {
        dataset: lab.info?.name.clone(),
        target: target?.value,
        model: ModelKind::from_name(&model?)?,
        features,
        positive,
        seed: seed.map_or(DEFAULT_SEED, |s| s as u64),
        goal: goal?,
    })
}
