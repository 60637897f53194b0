//! `lab = "decay"`: a model meets a stream that drifts; the learner sets the alert.

use super::super::super::fields::{Ctx, Ref};
use super::super::super::shape::{INDEPENDENT, Section, Shape, Ty, int_min, opt, req};
use super::super::{COMMON, Lab, SEED, example, int_at_least};
use crate::ml::datasets;

fn binary_datasets() -> Vec<&'static str> {
    datasets::registry()
        .values()
        .filter(|d| d.task == "binary")
        .map(|d| d.name.as_str())
        .collect()
}

pub const SHAPE: Shape = Shape::Section(Section {
    id: "lab_decay",
    doc: "`lab = \"decay\"`: a model meets a stream that drifts; the learner sets the alert.",
    keys: &[
        &COMMON,
        &INDEPENDENT,
        &[
            req(
                "dataset",
                Ty::Names(binary_datasets),
                "A bundled two-class dataset, by name.",
            ),
            SEED,
            opt(
                "label_delay",
                int_min(0),
                "Batches between a batch's predictions and its labels, ≥ 0 (default 2).",
            ),
            req(
                "goal",
                Ty::Table(&GOAL),
                "`{ catch_within = 3, max_false_alarms = 1 }`.",
            ),
        ],
    ],
    exactly_one: &[],
});

const GOAL: Shape = Shape::Section(Section {
    id: "goal_decay",
    doc: "An alert soon after the onset, with few false alarms before it.",
    keys: &[&[
        req(
            "catch_within",
            int_min(1),
            "Batches after the onset within which an alert must come, ≥ 1.",
        ),
        req(
            "max_false_alarms",
            int_min(0),
            "Alerts allowed before the onset, ≥ 0.",
        ),
    ]],
    exactly_one: &[],
});

/// The seed and label delay when a lesson gives none.
pub const DEFAULT_SEED: u64 = 7;
pub const DEFAULT_LABEL_DELAY: usize = 2;

#[derive(Debug, Clone, PartialEq)]
pub struct DecayLab {
    /// A two-class dataset.
    pub dataset: String,
    pub seed: u64,
    /// Batches between a batch's predictions and its labels.
    pub label_delay: usize,
    pub goal: DecayGoal,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DecayGoal {
    /// Batches after the onset within which an alert must come (at least 1).
    pub catch_within: usize,
    pub max_false_alarms: usize,
}

pub(in super::super) fn parse(
    lab: &Lab<'_, '_>,
    cx: &mut Ctx<'_>,
    _skills: &mut Vec<Ref>,
) -> Option<DecayLab> {
    // The scenario needs a two-class target: a positive class that starts to mimic
    // the negative one.
    if let Some(info) = lab.info
        && info.task != "binary"
    {
        let with: Vec<&str> = datasets::registry()
            .values()
            .filter(|d| d.task == "binary")
            .map(|d| d.name.as_str())
            .collect();
        let at = lab.f.get("dataset").map_or(lab.f.at, |e| e.node.span.start);
        cx.error(
            at,
            format!(
                "{} is a {} dataset; a `decay` lab needs a two-class one: {}",
                info.name,
                info.task,
                with.join(", ")
            ),
        );
    }
    let seed = int_at_least(cx, lab.f, "seed", example("seed"), 0, false);
    let delay = int_at_least(cx, lab.f, "label_delay", example("label_delay"), 0, false);
    let goal = lab.goal(cx, &GOAL).and_then(|goal| {
        let catch = int_at_least(cx, &goal, "catch_within", "catch_within = 3", 1, true);
        let alarms = int_at_least(
            cx,
            &goal,
            "max_false_alarms",
            "max_false_alarms = 1",
            0,
            true,
        );
        Some(DecayGoal {
            catch_within: catch? as usize,
            max_false_alarms: alarms? as usize,
        })
    });
    Some(DecayLab {
        dataset: lab.info?.name.clone(),
        seed: seed.map_or(DEFAULT_SEED, |s| s as u64),
        label_delay: delay.map_or(DEFAULT_LABEL_DELAY, |d| d as usize),
        goal: goal?,
    })
}
