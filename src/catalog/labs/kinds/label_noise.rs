//! `lab = "label_noise"`: a share of the training labels is flipped; the learner watches
//! the test accuracy fall, finds the flips in a ranked list of suspects (confident
//! learning), fixes them and retrains.

use super::super::super::fields::{At, Ctx, Ref, quote};
use super::super::super::shape::{INDEPENDENT, Section, Shape, Ty, number, opt, req};
use super::super::{COMMON, DATASET, Goal, Lab, POSITIVE_DOC, SEED, TARGET, example, int_at_least};

/// The largest share a lesson may flip: beyond a half of two classes the labels say
/// more about the other class than their own.
pub const MAX_FLIP_SHARE: f64 = 0.45;

fn accuracy() -> Vec<&'static str> {
    vec!["accuracy"]
}

pub const SHAPE: Shape = Shape::Section(Section {
    id: "lab_label_noise",
    doc: "`lab = \"label_noise\"`: a share of the training labels is flipped; the learner \
          finds the flips with confident learning, fixes them and retrains until the test \
          accuracy reaches the goal.",
    keys: &[
        &COMMON,
        &INDEPENDENT,
        &[
            DATASET,
            TARGET,
            opt("positive", Ty::Str, POSITIVE_DOC),
            SEED,
            req(
                "flip_share",
                Ty::Number {
                    min: None,
                    max: Some(MAX_FLIP_SHARE),
                    above: Some(0.0),
                },
                "The share of training labels flipped at the start, above 0 and at most \
                 0.45; the goal counts only with at least this share flipped.",
            ),
            opt(
                "flip_class",
                Ty::Str,
                "Flip only rows of this class, to another (systematic noise); without it \
                 the flips fall on any row (symmetric noise). A label of the target column.",
            ),
            req(
                "goal",
                Ty::Table(&GOAL),
                "The test accuracy to reach after fixing: `{ metric = \"accuracy\", \
                 at_least = 0.95 }`.",
            ),
        ],
    ],
    exactly_one: &[],
});

const GOAL: Shape = Shape::Section(Section {
    id: "goal_label_noise",
    doc: "The test accuracy after the fixes, with `at_least`.",
    keys: &[&[
        req(
            "metric",
            Ty::Names(accuracy),
            "`accuracy`: the share of test rows (with their true labels) predicted right.",
        ),
        req(
            "at_least",
            number(Some(0.0), Some(1.0)),
            "The test accuracy to reach, 0 to 1.",
        ),
    ]],
    exactly_one: &[],
});

/// The seed when a lesson gives none.
pub const DEFAULT_SEED: u64 = 42;

#[derive(Debug, Clone, PartialEq)]
pub struct LabelNoiseLab {
    pub dataset: String,
    pub target: String,
    pub positive: Option<String>,
    pub seed: u64,
    /// The share of training labels flipped at the start (and the least for the goal).
    pub flip_share: f64,
    /// Only rows of this class are flipped, when given.
    pub flip_class: Option<String>,
    /// `accuracy` at least a value, on the test rows.
    pub goal: Goal,
}

pub(in super::super) fn parse(
    lab: &Lab<'_, '_>,
    cx: &mut Ctx<'_>,
    _skills: &mut Vec<Ref>,
) -> Option<LabelNoiseLab> {
    let target = lab.target(cx);
    let positive = lab.positive(cx, target.as_ref());
    let seed = int_at_least(cx, lab.f, "seed", example("seed"), 0, false);
    let share = lab.f.req_number(cx, "flip_share", "flip_share = 0.2");
    if let Some(s) = &share
        && !(s.value > 0.0 && s.value <= MAX_FLIP_SHARE)
    {
        cx.error(
            s.at,
            format!(
                "`flip_share` must be above 0 and at most {MAX_FLIP_SHARE}, found {}; write \
                 e.g. `flip_share = 0.2`",
                s.value
            ),
        );
    }
    let flip_class = lab
        .f
        .opt_str(cx, "flip_class", "flip_class = \"malignant\"");
    let flip_class_ok = match (&flip_class, &target) {
        (Some(c), Some(t)) => class_of(lab, cx, c, t),
        _ => true,
    };
    let goal = lab.goal(cx, &GOAL).and_then(|goal| {
        let metric = goal.req_str(cx, "metric", "metric = \"accuracy\"");
        if let Some(m) = &metric
            && m.value != "accuracy"
        {
            cx.error(
                m.at,
                format!(
                    "a `label_noise` goal is on the test accuracy: write `metric = \"accuracy\"`, \
                     not {}",
                    quote(&m.value)
                ),
            );
        }
        let least = goal.req_number(cx, "at_least", "at_least = 0.95");
        if let Some(b) = &least
            && !(0.0..=1.0).contains(&b.value)
        {
            cx.error(
                b.at,
                format!(
                    "{} is not a possible accuracy: it lies between 0 and 1",
                    b.value
                ),
            );
            return None;
        }
        Some(Goal::AtLeast {
            metric: metric?.value,
            value: least?.value,
        })
    });
    if !flip_class_ok {
        return None;
    }
    Some(LabelNoiseLab {
        dataset: lab.info?.name.clone(),
        target: target?.value,
        positive,
        seed: seed.map_or(DEFAULT_SEED, |s| s as u64),
        flip_share: share?.value,
        flip_class: flip_class.map(|c| c.value),
        goal: goal?,
    })
}

/// Checks that `class` is a label of the target column.
fn class_of(lab: &Lab<'_, '_>, cx: &mut Ctx<'_>, class: &At<String>, target: &At<String>) -> bool {
    let Some(data) = lab.data else {
        return true;
    };
    let Ok(index) = data.column_index(&target.value) else {
        return false;
    };
    let mut labels: Vec<&str> = data.text(index).iter().collect();
    labels.sort_unstable();
    labels.dedup();
    if labels.contains(&class.value.as_str()) {
        return true;
    }
    let shown: Vec<&str> = labels.iter().take(12).copied().collect();
    cx.error(
        class.at,
        format!(
            "`flip_class` {} is not a label of the target column {}; its labels are {}{}",
            quote(&class.value),
            quote(&target.value),
            shown.join(", "),
            if labels.len() > shown.len() {
                ", …"
            } else {
                ""
            }
        ),
    );
    false
}
