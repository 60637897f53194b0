//! The checks of each lab kind.

use super::super::fields::{Ctx, Ref, quote};
use super::super::suggest::did_you_mean;
use super::{Lab, MODELS, SCORING_MODELS, example, int_at_least};
use crate::ml::datasets;

impl Lab<'_, '_> {
    pub(super) fn train(&self, cx: &mut Ctx<'_>) {
        let target = self.target(cx);
        let model = self.model(cx, &MODELS);
        self.positive(cx, target.as_ref());
        self.features(cx, target.as_ref());
        int_at_least(cx, self.f, "seed", example("seed"), 0, false);
        if let (Some("linear"), Some(t)) = (model.as_deref(), &target) {
            self.column(cx, "target", t, true);
        }
        if let Some(goal) = self.goal(cx, &["metric", "at_least", "at_most"]) {
            let positive = self.has_positive(target.as_ref());
            self.metric_goal(cx, &goal, model.as_deref(), positive);
        }
    }

    pub(super) fn threshold(&self, cx: &mut Ctx<'_>) {
        let target = self.target(cx);
        let model = self.model(cx, &SCORING_MODELS);
        self.positive(cx, target.as_ref());
        let cost_fp = self.f.opt_non_negative(cx, "cost_fp", example("cost_fp"));
        let cost_fn = self.f.opt_non_negative(cx, "cost_fn", example("cost_fn"));
        let costs = self.f.has("cost_fp") && self.f.has("cost_fn");
        if let Some(one) = cost_fp.or(cost_fn)
            && !costs
        {
            cx.error(
                one.at,
                "a cost needs its pair: give both `cost_fp` and `cost_fn` (the price of a false \
                 alarm and of a miss), or neither",
            );
        }
        let Some(goal) = self.goal(cx, &["metric", "at_least", "at_most", "cost_within"]) else {
            return;
        };
        if goal.has("cost_within") {
            if goal.has("metric") || goal.has("at_least") || goal.has("at_most") {
                cx.error(
                    goal.at,
                    "a goal is either `{ cost_within = 0.05 }` or a metric with `at_least`/`at_most`, not both",
                );
            }
            if let Some(w) = goal.opt_number(cx, "cost_within", "cost_within = 0.05")
                && !(0.0..=1.0).contains(&w.value)
            {
                cx.error(
                    w.at,
                    format!(
                        "`cost_within` is a fraction of the lowest cost between 0 and 1 (0.05 is 5 %), found {}",
                        w.value
                    ),
                );
            }
            if !costs {
                cx.error(
                    goal.at,
                    "a `cost_within` goal needs the costs: add `cost_fp` and `cost_fn` to the lab",
                );
            }
        } else {
            self.metric_goal(cx, &goal, model.as_deref(), true);
        }
    }

    pub(super) fn drift(&self, cx: &mut Ctx<'_>) {
        let features = self.features(cx, None);
        let Some(goal) = self.goal(cx, &["find", "feature"]) else {
            return;
        };
        let finds = ["smallest_major_psi", "drifted_feature"];
        let Some(find) = goal.req_str(cx, "find", "find = \"drifted_feature\"") else {
            return;
        };
        match find.value.as_str() {
            "smallest_major_psi" => {
                let feature = goal.req_str(cx, "feature", "feature = \"mean_radius\"");
                if let Some(feature) = feature
                    && self.column(cx, "feature", &feature, true)
                    && features
                        .as_ref()
                        .is_some_and(|f| !f.contains(&feature.value))
                {
                    cx.error(
                        feature.at,
                        format!(
                            "feature {} is not among the lab's `features`; add it there",
                            quote(&feature.value)
                        ),
                    );
                }
            }
            "drifted_feature" => {
                if let Some(e) = goal.get("feature") {
                    cx.error(
                        e.key_span.start,
                        "remove `feature`: with `find = \"drifted_feature\"` the learner finds the feature",
                    );
                }
                if let Some(f) = features.filter(|f| f.len() < 2) {
                    let at = self
                        .f
                        .get("features")
                        .map_or(self.f.at, |e| e.node.span.start);
                    cx.error(
                        at,
                        format!(
                            "finding the drifted feature needs at least 2 features to choose from, found {}",
                            f.len()
                        ),
                    );
                }
            }
            other => cx.error(
                find.at,
                format!(
                    "unknown goal {}{}; a drift goal finds {}",
                    quote(other),
                    did_you_mean(other, finds),
                    finds.join(" or ")
                ),
            ),
        }
    }

    pub(super) fn decay(&self, cx: &mut Ctx<'_>) {
        // The scenario needs a two-class target: a positive class that starts to mimic
        // the negative one.
        if let Some(info) = self.info
            && info.task != "binary"
        {
            let with: Vec<&str> = datasets::registry()
                .values()
                .filter(|d| d.task == "binary")
                .map(|d| d.name.as_str())
                .collect();
            let at = self
                .f
                .get("dataset")
                .map_or(self.f.at, |e| e.node.span.start);
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
        int_at_least(cx, self.f, "seed", example("seed"), 0, false);
        int_at_least(cx, self.f, "label_delay", example("label_delay"), 0, false);
        if let Some(goal) = self.goal(cx, &["catch_within", "max_false_alarms"]) {
            for (key, ex, min) in [
                ("catch_within", "catch_within = 3", 1),
                ("max_false_alarms", "max_false_alarms = 1", 0),
            ] {
                int_at_least(cx, &goal, key, ex, min, true);
            }
        }
    }

    pub(super) fn changepoints(&self, cx: &mut Ctx<'_>) {
        if let Some(info) = self.info
            && info.change_points.iter().all(Vec::is_empty)
        {
            let with: Vec<&str> = datasets::registry()
                .values()
                .filter(|d| d.change_points.iter().any(|c| !c.is_empty()))
                .map(|d| d.name.as_str())
                .collect();
            let at = self
                .f
                .get("dataset")
                .map_or(self.f.at, |e| e.node.span.start);
            cx.error(
                at,
                format!(
                    "{} has no annotated change points; a `changepoints` lab needs one of: {}",
                    info.name,
                    with.join(", ")
                ),
            );
        }
        if let Some(column) = self.f.opt_str(cx, "column", example("column")) {
            self.column(cx, "column", &column, true);
        }
        if let Some(goal) = self.goal(cx, &["min_recall", "max_false_alarms", "tolerance"]) {
            if let Some(r) = goal.req_number(cx, "min_recall", "min_recall = 0.6")
                && !(0.0..=1.0).contains(&r.value)
            {
                cx.error(
                    r.at,
                    format!("`min_recall` must be between 0 and 1, found {}", r.value),
                );
            }
            for (key, ex) in [
                ("max_false_alarms", "max_false_alarms = 3"),
                ("tolerance", "tolerance = 10"),
            ] {
                int_at_least(cx, &goal, key, ex, 0, true);
            }
        }
    }

    pub(super) fn self_assessment(&self, cx: &mut Ctx<'_>, skill_refs: &mut Vec<Ref>) {
        if let Some(list) = self.f.opt_str_list(cx, "skills", example("skills")) {
            if list.is_empty() {
                let at = self
                    .f
                    .get("skills")
                    .map_or(self.f.at, |e| e.node.span.start);
                cx.error(
                    at,
                    "`skills` is empty; list skill ids, or remove `skills` to rate every skill",
                );
            }
            skill_refs.extend(list.into_iter().map(|s| cx.make_ref(s.value, s.at)));
        }
    }
}
