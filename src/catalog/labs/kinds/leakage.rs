//! `lab = "leakage"`: the learner trains with and without features and compares the
//! test score with the score on data met later; the goal counts on the later data, and
//! only while the test score tells the truth about it.

use super::super::super::fields::{Ctx, Ref, quote};
use super::super::super::shape::{INDEPENDENT, Section, Shape, Ty, number, opt, req};
use super::super::{
    COMMON, DATASET, Lab, POSITIVE_DOC, SCORING_MODELS, SEED, TARGET, classifier_metric_names,
    example, int_at_least,
};
use crate::ml::datasets;
use crate::ml::models::ModelKind;

fn binary_datasets() -> Vec<&'static str> {
    datasets::registry()
        .values()
        .filter(|d| d.task == "binary")
        .map(|d| d.name.as_str())
        .collect()
}

fn scoring_models() -> Vec<&'static str> {
    SCORING_MODELS.to_vec()
}

pub const SHAPE: Shape = Shape::Section(Section {
    id: "lab_leakage",
    doc: "`lab = \"leakage\"`: train with and without features; the test score is compared \
          with the score on data met later, and the goal counts on the later data while the \
          test score stays within `max_gap` of it.",
    keys: &[
        &COMMON,
        &INDEPENDENT,
        &[
            DATASET,
            req(
                "later",
                Ty::Names(binary_datasets),
                "A bundled dataset with the same columns as `dataset`: the rows the model \
                 meets later. It is only ever scored, never trained on.",
            ),
            TARGET,
            opt("positive", Ty::Str, POSITIVE_DOC),
            opt(
                "model",
                Ty::Names(scoring_models),
                "The model the lab starts with (default `logistic`); `m` cycles through \
                 logistic, tree and naive_bayes.",
            ),
            opt(
                "features",
                Ty::List {
                    item: &Ty::Str,
                    min: 1,
                    unique: true,
                },
                "Columns switched on at the start, each once, not the target (default: all; \
                 text columns are one-hot encoded).",
            ),
            SEED,
            req(
                "goal",
                Ty::Table(&GOAL),
                "`{ metric = \"roc_auc\", at_least = 0.75, max_gap = 0.05 }`.",
            ),
        ],
    ],
    exactly_one: &[],
});

const GOAL: Shape = Shape::Section(Section {
    id: "goal_leakage",
    doc: "A score on the later data, counted while the test score is within `max_gap` of it.",
    keys: &[&[
        req(
            "metric",
            Ty::Names(classifier_metric_names),
            "The classifier metric the goal is on.",
        ),
        req(
            "at_least",
            number(Some(0.0), Some(1.0)),
            "The later data's score must reach at least this (0 to 1).",
        ),
        req(
            "max_gap",
            number(Some(0.0), Some(1.0)),
            "The test score may differ from the later data's by at most this (0 to 1).",
        ),
    ]],
    exactly_one: &[],
});

/// The seed when a lesson gives none.
pub const DEFAULT_SEED: u64 = 42;

#[derive(Debug, Clone, PartialEq)]
pub struct LeakageLab {
    /// A two-class dataset: its rows are split into training and test rows.
    pub dataset: String,
    /// A dataset with the same columns, scored only.
    pub later: String,
    pub target: String,
    pub positive: Option<String>,
    pub model: ModelKind,
    /// The columns on at the start; `None`: every column but the target.
    pub features: Option<Vec<String>>,
    pub seed: u64,
    pub goal: LeakageGoal,
}

#[derive(Debug, Clone, PartialEq)]
pub struct LeakageGoal {
    pub metric: String,
    /// The later data's score must reach this.
    pub at_least: f64,
    /// |test − later| must stay within this.
    pub max_gap: f64,
}

impl std::fmt::Display for LeakageGoal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "later {m} ≥ {} with test {m} within {} of it",
            self.at_least,
            self.max_gap,
            m = self.metric
        )
    }
}

pub(in super::super) fn parse(
    lab: &Lab<'_, '_>,
    cx: &mut Ctx<'_>,
    _skills: &mut Vec<Ref>,
) -> Option<LeakageLab> {
    if let Some(info) = lab.info
        && info.task != "binary"
    {
        let at = lab.f.get("dataset").map_or(lab.f.at, |e| e.node.span.start);
        cx.error(
            at,
            format!(
                "{} is a {} dataset; a `leakage` lab needs a two-class one: {}",
                info.name,
                info.task,
                binary_datasets().join(", ")
            ),
        );
    }
    let later = later(lab, cx);
    let target = lab.target(cx);
    let positive = lab.positive(cx, target.as_ref());
    let model = if lab.f.has("model") {
        lab.model(cx, &SCORING_MODELS)
    } else {
        Some("logistic".to_string())
    };
    let features = lab.features(cx, target.as_ref(), false);
    let seed = int_at_least(cx, lab.f, "seed", example("seed"), 0, false);
    let goal = lab.goal(cx, &GOAL).and_then(|goal| {
        let metric = goal.req_str(cx, "metric", "metric = \"roc_auc\"");
        if let Some(m) = &metric {
            let known = lab.has_positive(target.as_ref());
            lab.check_metric(cx, m, model.as_deref(), known);
        }
        let mut fraction = |key: &str, example: &str| {
            let v = goal.req_number(cx, key, example)?;
            if !(0.0..=1.0).contains(&v.value) {
                cx.error(
                    v.at,
                    format!("`{key}` must lie between 0 and 1, found {}", v.value),
                );
                return None;
            }
            Some(v.value)
        };
        let at_least = fraction("at_least", "at_least = 0.75");
        let max_gap = fraction("max_gap", "max_gap = 0.05");
        Some(LeakageGoal {
            metric: metric?.value,
            at_least: at_least?,
            max_gap: max_gap?,
        })
    });
    Some(LeakageLab {
        dataset: lab.info?.name.clone(),
        later: later?,
        target: target?.value,
        positive,
        model: ModelKind::from_name(&model?)?,
        features,
        seed: seed.map_or(DEFAULT_SEED, |s| s as u64),
        goal: goal?,
    })
}

/// `later`: a bundled dataset other than `dataset`, with exactly its columns.
fn later(lab: &Lab<'_, '_>, cx: &mut Ctx<'_>) -> Option<String> {
    let name = lab
        .f
        .req_str(cx, "later", "later = \"german_credit_later\"")?;
    let Some(info) = datasets::info(&name.value) else {
        cx.error(
            name.at,
            format!(
                "{} is not a bundled dataset; the two-class datasets are {}",
                quote(&name.value),
                binary_datasets().join(", ")
            ),
        );
        return None;
    };
    let (Some(own), Some(data)) = (lab.info, lab.data) else {
        return Some(info.name.clone());
    };
    if own.name == info.name {
        cx.error(
            name.at,
            format!(
                "`later` is {} itself; name the data the model meets later, a dataset with \
                 the same columns whose rows it never trained on",
                own.name
            ),
        );
        return None;
    }
    let table = match datasets::load(&info.name) {
        Ok(t) => t,
        Err(e) => {
            cx.error(name.at, format!("{} could not be loaded: {e}", info.name));
            return None;
        }
    };
    if table.headers != data.headers {
        let missing: Vec<&str> = data
            .headers
            .iter()
            .filter(|h| !table.headers.contains(h))
            .map(String::as_str)
            .collect();
        let extra: Vec<&str> = table
            .headers
            .iter()
            .filter(|h| !data.headers.contains(h))
            .map(String::as_str)
            .collect();
        let what = match (missing.is_empty(), extra.is_empty()) {
            (true, true) => "the same columns in another order".to_string(),
            _ => format!(
                "missing: {}; extra: {}",
                if missing.is_empty() {
                    "none".to_string()
                } else {
                    missing.join(", ")
                },
                if extra.is_empty() {
                    "none".to_string()
                } else {
                    extra.join(", ")
                }
            ),
        };
        cx.error(
            name.at,
            format!(
                "`later` {} must have the columns of {} in its order ({what})",
                info.name, own.name
            ),
        );
        return None;
    }
    Some(info.name.clone())
}

#[cfg(test)]
mod tests {
    use crate::catalog::lab_step_from_toml;

    const OK: &str = "lab = \"leakage\"\ndataset = \"german_credit_leaky\"\nlater = \"german_credit_later\"\ntarget = \"credit_risk\"\ngoal = { metric = \"roc_auc\", at_least = 0.75, max_gap = 0.05 }\n";

    fn problems(text: &str) -> String {
        match lab_step_from_toml("lab.toml", text) {
            Ok(_) => String::new(),
            Err(p) => p
                .iter()
                .map(|p| p.to_string())
                .collect::<Vec<_>>()
                .join("\n"),
        }
    }

    #[test]
    fn a_valid_step_parses_with_its_defaults() {
        let step = lab_step_from_toml("lab.toml", OK).unwrap();
        let crate::catalog::LabSpec::Leakage(s) = step.spec else {
            panic!("a leakage lab")
        };
        assert_eq!(s.model, crate::ml::models::ModelKind::Logistic);
        assert_eq!((s.seed, s.features), (super::DEFAULT_SEED, None));
        assert_eq!(
            s.goal.to_string(),
            "later roc_auc ≥ 0.75 with test roc_auc within 0.05 of it"
        );
    }

    #[test]
    fn later_must_be_another_dataset_with_the_same_columns() {
        let same = OK.replace("german_credit_later", "german_credit_leaky");
        assert!(
            problems(&same)
                .starts_with("lab.toml:3:9: error: `later` is german_credit_leaky itself"),
            "{}",
            problems(&same)
        );
        let other = OK.replace("german_credit_later", "german_credit");
        let p = problems(&other);
        assert!(
            p.starts_with("lab.toml:3:9: error: `later` german_credit must have the columns"),
            "{p}"
        );
        assert!(p.contains("missing: collection_calls; extra: none"), "{p}");
    }

    #[test]
    fn model_goal_and_features_are_checked() {
        let p = problems(&format!("{OK}model = \"kmeans\"\n"));
        assert!(p.contains("lab.toml:6:9: error:"), "{p}");
        let p = problems(&OK.replace("max_gap = 0.05", "max_gap = 1.5"));
        assert!(p.contains("lab.toml:5:"), "{p}");
        let p = problems(&OK.replace(", max_gap = 0.05", ""));
        assert!(p.contains("max_gap"), "{p}");
        let p = problems(&format!("{OK}features = [\"credit_risk\"]\n"));
        assert!(p.contains("is the target"), "{p}");
        let p = problems(&format!("{OK}features = [\"purpose\", \"calls\"]\n"));
        assert!(p.contains("`features` `calls` is not a column"), "{p}");
        assert!(problems(&format!("{OK}features = [\"purpose\"]\n")).is_empty());
        let p = problems(&format!("{OK}features = [\"purpose\", \"purpose\"]\n"));
        assert!(p.contains("`purpose` is listed twice"), "{p}");
    }
}
