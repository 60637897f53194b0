//! `lab = "audit"`: the learner audits a dataset with planted problems, switches on the
//! fix each finding offers, watches the findings go, and trains on the fixed table.

use super::super::super::fields::{Ctx, Ref, quote};
use super::super::super::shape::{INDEPENDENT, Section, Shape, Ty, int_min, req};
use super::super::{COMMON, DATASET, Lab, POSITIVE_DOC, SEED, TARGET, example, int_at_least};

pub const SHAPE: Shape = Shape::Section(Section {
    id: "lab_audit",
    doc: "`lab = \"audit\"`: the learner audits a dataset, applies the fix each finding \
          offers, and trains on the fixed table next to the raw one.",
    keys: &[
        &COMMON,
        &INDEPENDENT,
        &[
            DATASET,
            TARGET,
            req("positive", Ty::Str, POSITIVE_DOC),
            SEED,
            req(
                "goal",
                Ty::Table(&GOAL),
                "`{ max_fixable = 0 }`: at most this many error or warning findings that a \
                 fix can remove are left, and a model was trained (`t`) on the fixed table.",
            ),
        ],
    ],
    exactly_one: &[],
});

const GOAL: Shape = Shape::Section(Section {
    id: "goal_audit",
    doc: "How many fixable error or warning findings may be left.",
    keys: &[&[req(
        "max_fixable",
        int_min(0),
        "Error or warning findings with a fix that may be left, ≥ 0.",
    )]],
    exactly_one: &[],
});

/// The seed when a lesson gives none.
pub const DEFAULT_SEED: u64 = 42;

#[derive(Debug, Clone, PartialEq)]
pub struct AuditLab {
    pub dataset: String,
    /// A column with two labels.
    pub target: String,
    pub positive: String,
    /// Draws the train/test split and the folds.
    pub seed: u64,
    pub goal: AuditGoal,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AuditGoal {
    /// Error or warning findings with a fix that may be left.
    pub max_fixable: usize,
}

pub(in super::super) fn parse(
    lab: &Lab<'_, '_>,
    cx: &mut Ctx<'_>,
    _skills: &mut Vec<Ref>,
) -> Option<AuditLab> {
    let target = lab.target(cx);
    if let (Some(t), Some(data)) = (&target, lab.data)
        && let Ok(index) = data.column_index(&t.value)
    {
        let mut labels: Vec<&str> = data.text(index).iter().collect();
        labels.sort_unstable();
        labels.dedup();
        if labels.len() != 2 {
            cx.error(
                t.at,
                format!(
                    "an `audit` lab needs a target with two labels; {} has {}",
                    quote(&t.value),
                    labels.len()
                ),
            );
        }
    }
    let positive = lab.positive(cx, target.as_ref());
    let seed = int_at_least(cx, lab.f, "seed", example("seed"), 0, false);
    let goal = lab.goal(cx, &GOAL).and_then(|goal| {
        let max = int_at_least(cx, &goal, "max_fixable", "max_fixable = 0", 0, true);
        Some(AuditGoal {
            max_fixable: max? as usize,
        })
    });
    Some(AuditLab {
        dataset: lab.info?.name.clone(),
        target: target?.value,
        positive: positive?,
        seed: seed.map_or(DEFAULT_SEED, |s| s as u64),
        goal: goal?,
    })
}
