//! `lab = "threshold"`: the learner moves a decision threshold over a model's scores.

use super::super::super::fields::{At, Ctx, Ref};
use super::super::super::shape::{INDEPENDENT, Key, Section, Shape, Ty, number, opt, req};
use super::super::{
    COMMON, DATASET, Goal, Lab, POSITIVE_DOC, SCORING_MODELS, TARGET, example, metric_goal_keys,
};
use crate::ml::metrics::binary::CountMetric;
use crate::ml::models::ModelKind;

fn scoring_models() -> Vec<&'static str> {
    SCORING_MODELS.to_vec()
}

fn count_metrics() -> Vec<&'static str> {
    CountMetric::ALL.iter().map(|m| m.name()).collect()
}

pub const SHAPE: Shape = Shape::Section(Section {
    id: "lab_threshold",
    doc: "`lab = \"threshold\"`: the learner moves a decision threshold over a model's scores.",
    keys: &[
        &COMMON,
        &INDEPENDENT,
        &[
            DATASET,
            TARGET,
            req("positive", Ty::Str, POSITIVE_DOC),
            req(
                "model",
                Ty::Names(scoring_models),
                "A model that scores every row.",
            ),
            req(
                "goal",
                Ty::Table(&GOAL),
                "`{ metric = \"...\", at_least = x }` or `at_most = x`, with `best = \"...\"` \
                 for a trade-off, or `{ cost_within = 0.05 }` with the costs.",
            ),
            opt(
                "cost_fp",
                number(Some(0.0), None),
                "The price of a false alarm, ≥ 0; give both costs or neither.",
            )
            .needing(&["cost_fn"]),
            opt(
                "cost_fn",
                number(Some(0.0), None),
                "The price of a miss, ≥ 0; give both costs or neither.",
            )
            .needing(&["cost_fp"]),
        ],
    ],
    exactly_one: &[],
});

const METRIC_GOAL: [Key; 3] = metric_goal_keys(
    super::super::classifier_metric_names,
    "The metric the goal is on: a classifier metric.",
);

const GOAL: Shape = Shape::OneOf {
    id: "goal_threshold",
    doc: "A metric goal (optionally a trade-off with `best`) or a cost goal.",
    shapes: &[
        &Shape::Section(Section {
            id: "goal_threshold_metric",
            doc: "A metric with `at_least` or `at_most`; with `best`, keep `metric` at least \
                  `at_least` and make `best` as high as the threshold allows.",
            keys: &[
                &METRIC_GOAL,
                &[opt(
                    "best",
                    Ty::Names(count_metrics),
                    "The metric to make as good as possible while `metric` stays at least \
                     `at_least`; a metric the threshold moves, not `metric` itself.",
                )
                .needing(&["at_least"])],
            ],
            exactly_one: &[&["at_least", "at_most"]],
        }),
        &Shape::Section(Section {
            id: "goal_threshold_cost",
            doc: "Reach a total cost within this fraction of the cheapest threshold's cost; \
                  needs `cost_fp` and `cost_fn`.",
            keys: &[&[req(
                "cost_within",
                number(Some(0.0), Some(1.0)),
                "A fraction between 0 and 1 (0.05 is within 5 %).",
            )]],
            exactly_one: &[],
        }),
    ],
};

#[derive(Debug, Clone, PartialEq)]
pub struct ThresholdLab {
    pub dataset: String,
    pub target: String,
    pub positive: String,
    /// A model that scores every row.
    pub model: ModelKind,
    /// The price of a false alarm and of a miss, when the lesson gives them.
    pub costs: Option<Costs>,
    /// A metric goal, or `cost_within` (which needs `costs`).
    pub goal: Goal,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Costs {
    pub false_positive: f64,
    pub false_negative: f64,
}

pub(in super::super) fn parse(
    lab: &Lab<'_, '_>,
    cx: &mut Ctx<'_>,
    _skills: &mut Vec<Ref>,
) -> Option<ThresholdLab> {
    let target = lab.target(cx);
    let model = lab.model(cx, &SCORING_MODELS);
    let positive = lab.positive(cx, target.as_ref());
    let cost_fp = lab.f.opt_non_negative(cx, "cost_fp", example("cost_fp"));
    let cost_fn = lab.f.opt_non_negative(cx, "cost_fn", example("cost_fn"));
    let costs_given = lab.f.has("cost_fp") && lab.f.has("cost_fn");
    if let Some(one) = cost_fp.as_ref().or(cost_fn.as_ref())
        && !costs_given
    {
        cx.error(
            one.at,
            "a cost needs its pair: give both `cost_fp` and `cost_fn` (the price of a false \
             alarm and of a miss), or neither",
        );
    }
    let costs = match (cost_fp, cost_fn) {
        (Some(fp), Some(fn_)) => Some(Costs {
            false_positive: fp.value,
            false_negative: fn_.value,
        }),
        _ => None,
    };
    let goal = lab.goal(cx, &GOAL)?;
    let goal = if goal.has("cost_within") {
        if goal.has("metric") || goal.has("at_least") || goal.has("at_most") {
            cx.error(
                goal.at,
                "a goal is either `{ cost_within = 0.05 }` or a metric with `at_least`/`at_most`, not both",
            );
        }
        if !costs_given {
            cx.error(
                goal.at,
                "a `cost_within` goal needs the costs: add `cost_fp` and `cost_fn` to the lab",
            );
        }
        let w = goal.opt_number(cx, "cost_within", "cost_within = 0.05")?;
        if !(0.0..=1.0).contains(&w.value) {
            cx.error(
                w.at,
                format!(
                    "`cost_within` is a fraction of the lowest cost between 0 and 1 (0.05 is 5 %), found {}",
                    w.value
                ),
            );
            return None;
        }
        Goal::CostWithin(w.value)
    } else {
        let bound = lab.metric_goal(cx, &goal, model.as_deref(), true)?;
        match goal.opt_str(cx, "best", "best = \"precision\"") {
            Some(best) => best_while(cx, bound, best)?,
            None => bound,
        }
    };
    Some(ThresholdLab {
        dataset: lab.info?.name.clone(),
        target: target?.value,
        positive: positive?,
        model: ModelKind::from_name(&model?)?,
        costs,
        goal,
    })
}

/// `best = "precision"` beside `metric` and `at_least`: the trade-off goal.
fn best_while(cx: &mut Ctx<'_>, bound: Goal, best: At<String>) -> Option<Goal> {
    let Goal::AtLeast { metric, value } = bound else {
        cx.error(
            best.at,
            "`best` goes with `at_least`: keep one metric at least this high and make the \
             other as good as it can be",
        );
        return None;
    };
    if CountMetric::from_name(&best.value).is_none() {
        let names: Vec<&str> = CountMetric::ALL.iter().map(|m| m.name()).collect();
        cx.error(
            best.at,
            format!(
                "`best` names a metric the threshold moves: one of {}",
                names.join(", ")
            ),
        );
        return None;
    }
    if best.value == metric {
        cx.error(
            best.at,
            format!("`best` must differ from `metric`: `{metric}` against what?"),
        );
        return None;
    }
    Some(Goal::BestWhile {
        metric,
        value,
        best: best.value,
    })
}
