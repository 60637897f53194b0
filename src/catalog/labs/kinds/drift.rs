//! `lab = "drift"`: the learner shifts features and reads the drift statistics.

use super::super::super::fields::{Ctx, Ref, quote};
use super::super::super::shape::{INDEPENDENT, Section, Shape, Ty, req};
use super::super::super::suggest::did_you_mean;
use super::super::{COMMON, DATASET, FEATURES, Lab};

pub const SHAPE: Shape = Shape::Section(Section {
    id: "lab_drift",
    doc: "`lab = \"drift\"`: the learner shifts features and reads the drift statistics.",
    keys: &[
        &COMMON,
        &INDEPENDENT,
        &[
            DATASET,
            FEATURES,
            req(
                "goal",
                Ty::Table(&GOAL),
                "`{ find = \"smallest_major_psi\", feature = \"col\" }` or \
                 `{ find = \"drifted_feature\" }`.",
            ),
        ],
    ],
    exactly_one: &[],
});

const FIND: &str = "What the learner is asked to find.";

const GOAL: Shape = Shape::Tagged {
    id: "goal_drift",
    doc: "What the learner is asked to find.",
    tag: "find",
    variants: &[
        (
            "smallest_major_psi",
            &Shape::Section(Section {
                id: "goal_drift_smallest_major_psi",
                doc: "The smallest mean offset, in reference standard deviations, at which \
                      PSI ≥ 0.25 for `feature`.",
                keys: &[&[
                    req("find", Ty::Str, FIND),
                    req(
                        "feature",
                        Ty::Str,
                        "A numeric column of the dataset (in `features` if given).",
                    ),
                ]],
                exactly_one: &[],
            }),
        ),
        (
            "drifted_feature",
            &Shape::Section(Section {
                id: "goal_drift_drifted_feature",
                doc: "A hidden shift hits one feature and the learner names it.",
                keys: &[&[req("find", Ty::Str, FIND)]],
                exactly_one: &[],
            }),
        ),
    ],
};

#[derive(Debug, Clone, PartialEq)]
pub struct DriftLab {
    pub dataset: String,
    /// The features to compare; `None` means every numeric column but the target.
    pub features: Option<Vec<String>>,
    pub goal: DriftGoal,
}

/// What the learner is asked to find.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DriftGoal {
    /// The smallest mean offset on the dial's grid at which PSI ≥ 0.25 for this feature.
    SmallestMajorPsi { feature: String },
    /// The feature that a hidden shift hit.
    DriftedFeature,
}

pub(in super::super) fn parse(
    lab: &Lab<'_, '_>,
    cx: &mut Ctx<'_>,
    _skills: &mut Vec<Ref>,
) -> Option<DriftLab> {
    let features = lab.features(cx, None, true);
    let goal = goal(lab, cx, features.as_deref());
    Some(DriftLab {
        dataset: lab.info?.name.clone(),
        features,
        goal: goal?,
    })
}

fn goal(lab: &Lab<'_, '_>, cx: &mut Ctx<'_>, features: Option<&[String]>) -> Option<DriftGoal> {
    let goal = lab.goal(cx, &GOAL)?;
    let find = goal.req_str(cx, "find", "find = \"drifted_feature\"")?;
    match find.value.as_str() {
        "smallest_major_psi" => {
            let feature = goal.req_str(cx, "feature", "feature = \"mean_radius\"")?;
            if !lab.column(cx, "feature", &feature, true) {
                return None;
            }
            if features.is_some_and(|f| !f.contains(&feature.value)) {
                cx.error(
                    feature.at,
                    format!(
                        "feature {} is not among the lab's `features`; add it there",
                        quote(&feature.value)
                    ),
                );
                return None;
            }
            Some(DriftGoal::SmallestMajorPsi {
                feature: feature.value,
            })
        }
        "drifted_feature" => {
            if let Some(e) = goal.get("feature") {
                cx.error(
                    e.key_span.start,
                    "remove `feature`: with `find = \"drifted_feature\"` the learner finds the feature",
                );
            }
            if let Some(f) = features.filter(|f| f.len() < 2) {
                let at = lab
                    .f
                    .get("features")
                    .map_or(lab.f.at, |e| e.node.span.start);
                cx.error(
                    at,
                    format!(
                        "finding the drifted feature needs at least 2 features to choose from, found {}",
                        f.len()
                    ),
                );
            }
            Some(DriftGoal::DriftedFeature)
        }
        other => {
            cx.error(
                find.at,
                format!(
                    "unknown goal {}{}; a drift goal finds {}",
                    quote(other),
                    did_you_mean(other, GOAL.tags()),
                    GOAL.tags().join(" or ")
                ),
            );
            None
        }
    }
}
