//! `lab = "train"`: the learner picks a model, features and seed, and trains.

use super::super::super::fields::{Ctx, Ref};
use super::super::super::shape::{INDEPENDENT, Section, Shape, Ty, opt, req};
use super::super::{
    COMMON, DATASET, FEATURES, Goal, Lab, MODELS, POSITIVE_DOC, SEED, TARGET, example,
    int_at_least, metric_goal_keys,
};
use crate::ml::models::ModelKind;

fn models() -> Vec<&'static str> {
    MODELS.to_vec()
}

pub const SHAPE: Shape = Shape::Section(Section {
    id: "lab_train",
    doc: "`lab = \"train\"`: the learner picks a model, features and seed, and trains until \
          the goal is met.",
    keys: &[
        &COMMON,
        &INDEPENDENT,
        &[
            DATASET,
            TARGET,
            req(
                "model",
                Ty::Names(models),
                "The model the lab starts with; `linear` is scored with r2, mae or rmse, the \
                 others with the classifier metrics.",
            ),
            FEATURES,
            opt("positive", Ty::Str, POSITIVE_DOC),
            SEED,
            req(
                "goal",
                Ty::Table(&GOAL),
                "The score to reach: `{ metric = \"recall\", at_least = 0.95 }` or \
                 `{ metric = \"rmse\", at_most = 60 }`.",
            ),
        ],
    ],
    exactly_one: &[],
});

const GOAL: Shape = Shape::Section(Section {
    id: "goal_train",
    doc: "A metric with `at_least` or `at_most`.",
    keys: &[&metric_goal_keys(
        super::super::metric_names,
        "The metric the goal is on: r2, mae or rmse for the `linear` model, the others for \
         the classifiers.",
    )],
    exactly_one: &[&["at_least", "at_most"]],
});

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
    let features = lab.features(cx, target.as_ref(), true);
    let seed = int_at_least(cx, lab.f, "seed", example("seed"), 0, false);
    if let (Some("linear"), Some(t)) = (model.as_deref(), &target) {
        lab.column(cx, "target", t, true);
    }
    let goal = lab.goal(cx, &GOAL).and_then(|goal| {
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
