//! `lab = "changepoints"`: the learner tunes a two-window detector on a real series.

use super::super::super::fields::{Ctx, Ref};
use super::super::super::shape::{INDEPENDENT, Section, Shape, Ty, int_min, number, opt, req};
use super::super::{COMMON, Lab, example, int_at_least};
use crate::ml::datasets;

fn annotated_datasets() -> Vec<&'static str> {
    datasets::registry()
        .values()
        .filter(|d| d.change_points.iter().any(|c| !c.is_empty()))
        .map(|d| d.name.as_str())
        .collect()
}

pub const SHAPE: Shape = Shape::Section(Section {
    id: "lab_changepoints",
    doc: "`lab = \"changepoints\"`: the learner tunes a two-window detector on a real series.",
    keys: &[
        &COMMON,
        &INDEPENDENT,
        &[
            req(
                "dataset",
                Ty::Names(annotated_datasets),
                "A bundled dataset with annotated change points, by name.",
            ),
            opt(
                "column",
                Ty::Str,
                "The numeric column to watch first (default: the lab's).",
            ),
            req(
                "goal",
                Ty::Table(&GOAL),
                "`{ min_recall = 0.6, max_false_alarms = 3, tolerance = 10 }`.",
            ),
        ],
    ],
    exactly_one: &[],
});

const GOAL: Shape = Shape::Section(Section {
    id: "goal_changepoints",
    doc: "Find enough of the annotated changes with few false alarms.",
    keys: &[&[
        req(
            "min_recall",
            number(Some(0.0), Some(1.0)),
            "The share of annotated changes to find, 0 to 1.",
        ),
        req(
            "max_false_alarms",
            int_min(0),
            "Detections allowed that match no change, ≥ 0.",
        ),
        req(
            "tolerance",
            int_min(0),
            "Rows a detection may be off by and still count, ≥ 0.",
        ),
    ]],
    exactly_one: &[],
});

#[derive(Debug, Clone, PartialEq)]
pub struct ChangePointsLab {
    /// A dataset with annotated change points.
    pub dataset: String,
    /// The series to watch first; `None` means the lab's default.
    pub column: Option<String>,
    pub goal: ChangeGoal,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ChangeGoal {
    /// Share of the annotated changes found, between 0 and 1.
    pub min_recall: f64,
    pub max_false_alarms: usize,
    /// Rows a detection may be off by and still count.
    pub tolerance: usize,
}

pub(in super::super) fn parse(
    lab: &Lab<'_, '_>,
    cx: &mut Ctx<'_>,
    _skills: &mut Vec<Ref>,
) -> Option<ChangePointsLab> {
    if let Some(info) = lab.info
        && info.change_points.iter().all(Vec::is_empty)
    {
        let with: Vec<&str> = datasets::registry()
            .values()
            .filter(|d| d.change_points.iter().any(|c| !c.is_empty()))
            .map(|d| d.name.as_str())
            .collect();
        let at = lab.f.get("dataset").map_or(lab.f.at, |e| e.node.span.start);
        cx.error(
            at,
            format!(
                "{} has no annotated change points; a `changepoints` lab needs one of: {}",
                info.name,
                with.join(", ")
            ),
        );
    }
    let column = lab
        .f
        .opt_str(cx, "column", example("column"))
        .filter(|c| lab.column(cx, "column", c, true))
        .map(|c| c.value);
    let goal = lab.goal(cx, &GOAL).and_then(|goal| {
        let recall = goal.req_number(cx, "min_recall", "min_recall = 0.6");
        if let Some(r) = &recall
            && !(0.0..=1.0).contains(&r.value)
        {
            cx.error(
                r.at,
                format!("`min_recall` must be between 0 and 1, found {}", r.value),
            );
        }
        let alarms = int_at_least(
            cx,
            &goal,
            "max_false_alarms",
            "max_false_alarms = 3",
            0,
            true,
        );
        let tolerance = int_at_least(cx, &goal, "tolerance", "tolerance = 10", 0, true);
        Some(ChangeGoal {
            min_recall: recall?.value,
            max_false_alarms: alarms? as usize,
            tolerance: tolerance? as usize,
        })
    });
    Some(ChangePointsLab {
        dataset: lab.info?.name.clone(),
        column,
        goal: goal?,
    })
}
