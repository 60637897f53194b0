//! `lab = "threshold"`: the learner moves a decision threshold over a model's scores.

use super::super::super::fields::{At, Ctx, Ref};
use super::super::{Goal, KindKeys, Lab, SCORING_MODELS, example};
use crate::ml::metrics::binary::CountMetric;
use crate::ml::models::ModelKind;

pub const KEYS: KindKeys = KindKeys {
    required: &["dataset", "target", "positive", "model", "goal"],
    optional: &["cost_fp", "cost_fn"],
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
    let goal = lab.goal(
        cx,
        &["metric", "at_least", "at_most", "cost_within", "best"],
    )?;
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
