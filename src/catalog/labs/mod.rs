//! Lab steps: the built-in lab kinds, the keys each takes, and checks of those keys
//! against the bundled dataset they name (columns, labels, change points).

mod columns;
mod goals;
mod kinds;

use super::LabStep;
use super::fields::{Ctx, Fields, Ref, quote};
use super::spanned::{Table, table_to_toml};
use super::suggest::did_you_mean;
use crate::ml::datasets::{self, DatasetInfo};
use crate::ml::table::Table as DataTable;
use crate::sanitize::clean;

pub const LAB_KINDS: [&str; 6] = [
    "train",
    "threshold",
    "drift",
    "decay",
    "changepoints",
    "self_assessment",
];

pub const MODELS: [&str; 5] = ["logistic", "tree", "naive_bayes", "kmeans", "linear"];

/// Models that give a score per row, so that a decision threshold can move.
pub const SCORING_MODELS: [&str; 3] = ["logistic", "tree", "naive_bayes"];

pub const METRICS: [&str; 13] = [
    "accuracy",
    "precision",
    "recall",
    "specificity",
    "f1",
    "balanced_accuracy",
    "mcc",
    "roc_auc",
    "average_precision",
    "macro_f1",
    "r2",
    "mae",
    "rmse",
];

const REGRESSION_METRICS: [&str; 3] = ["r2", "mae", "rmse"];

/// Metrics that are about one class, so they need to know which label is positive.
const POSITIVE_CLASS_METRICS: [&str; 6] = [
    "precision",
    "recall",
    "specificity",
    "f1",
    "roc_auc",
    "average_precision",
];

/// Keys every lab step may have.
const COMMON: [&str; 5] = ["type", "title", "text", "lab", "dataset"];

/// The keys of one lab kind besides [`COMMON`].
pub struct KindKeys {
    pub required: &'static [&'static str],
    pub optional: &'static [&'static str],
}

pub fn kind_keys(kind: &str) -> Option<KindKeys> {
    let (required, optional): (&[&str], &[&str]) = match kind {
        "train" => (
            &["dataset", "target", "model", "goal"],
            &["features", "positive", "seed"],
        ),
        "threshold" => (
            &["dataset", "target", "positive", "model", "goal"],
            &["cost_fp", "cost_fn"],
        ),
        "drift" => (&["dataset", "goal"], &["features"]),
        "decay" => (&["dataset", "goal"], &["seed", "label_delay"]),
        "changepoints" => (&["dataset", "goal"], &["column"]),
        "self_assessment" => (&[], &["skills"]),
        _ => return None,
    };
    Some(KindKeys { required, optional })
}

fn example(key: &str) -> &'static str {
    match key {
        "dataset" => "dataset = \"breast_cancer\"",
        "target" => "target = \"diagnosis\"",
        "model" => "model = \"logistic\"",
        "positive" => "positive = \"malignant\"",
        "features" => "features = [\"mean_radius\", \"mean_texture\"]",
        "seed" => "seed = 7",
        "cost_fp" => "cost_fp = 1.0",
        "cost_fn" => "cost_fn = 10.0",
        "label_delay" => "label_delay = 2",
        "column" => "column = \"co2_ppm\"",
        "skills" => "skills = [\"eval_metrics\", \"monitoring\"]",
        _ => "goal = { metric = \"recall\", at_least = 0.9 }",
    }
}

/// Reads a lab step. Skill ids it names (self-assessment) go to `skill_refs`.
pub fn parse_lab(
    cx: &mut Ctx<'_>,
    table: &Table,
    at: usize,
    n: usize,
    skill_refs: &mut Vec<Ref>,
) -> Option<LabStep> {
    let kinds = LAB_KINDS.join(", ");
    let probe = Fields {
        table,
        at,
        what: format!("lab step {n}"),
    };
    if !probe.has("lab") {
        cx.error(
            at,
            format!(
                "missing field `lab` (a string) in lab step {n}; add e.g. \
                 `lab = \"threshold\"` (one of: {kinds})"
            ),
        );
        return None;
    }
    let kind = probe.opt_str(cx, "lab", "lab = \"threshold\"")?;
    let Some(keys) = kind_keys(&kind.value) else {
        cx.error(
            kind.at,
            format!(
                "unknown lab kind {}{}; the lab kinds are {kinds}",
                quote(&kind.value),
                did_you_mean(&kind.value, LAB_KINDS)
            ),
        );
        return None;
    };
    let allowed: Vec<&str> = COMMON
        .iter()
        .chain(keys.required)
        .chain(keys.optional)
        .copied()
        .filter({
            let mut seen = Vec::new();
            move |k| {
                let new = !seen.contains(k);
                seen.push(*k);
                new
            }
        })
        .collect();
    let kind = kind.value.as_str();
    let f = Fields::new(
        cx,
        table,
        at,
        format!("the `{kind}` lab of step {n}"),
        &allowed,
    );
    let before = cx.problems.len();
    let title = f.opt_text(cx, "title", "title = \"A short heading\"");
    let text = f.opt_text(cx, "text", "text = \"The task, in your words.\"");
    for key in keys.required {
        if !f.has(key) {
            cx.error(
                at,
                format!(
                    "missing field `{key}` ({}) in {}; add e.g. `{}`",
                    if *key == "goal" {
                        "a table"
                    } else {
                        "a string"
                    },
                    f.what,
                    example(key)
                ),
            );
        }
    }
    let dataset = if keys.required.contains(&"dataset") {
        dataset(cx, &f)
    } else {
        None
    };
    let lab = Lab {
        f: &f,
        kind,
        info: dataset.as_ref().map(|d| d.0),
        data: dataset.as_ref().map(|d| &d.1),
    };
    match kind {
        "train" => lab.train(cx),
        "threshold" => lab.threshold(cx),
        "drift" => lab.drift(cx),
        "decay" => lab.decay(cx),
        "changepoints" => lab.changepoints(cx),
        _ => lab.self_assessment(cx, skill_refs),
    }
    if cx.problems.len() > before {
        return None;
    }
    let mut params = table.clone();
    params.entries.retain(|e| !COMMON.contains(&e.key.as_str()));
    Some(LabStep {
        title: title.map(|t| clean(&t.value)),
        text: text.map(|t| clean(&t.value)),
        lab: kind.to_string(),
        dataset: dataset.map(|d| d.0.name.clone()),
        params: table_to_toml(&params),
    })
}

/// Reads `dataset`: a registered name, never a path.
fn dataset(cx: &mut Ctx<'_>, f: &Fields<'_>) -> Option<(&'static DatasetInfo, DataTable)> {
    let name = f.opt_str(cx, "dataset", example("dataset"))?;
    let names = datasets::names();
    let Some(info) = datasets::info(&name.value) else {
        let looks_like_path = name.value.contains(['/', '\\']) || name.value.starts_with('.');
        let message = if looks_like_path {
            format!(
                "{} is a path; lessons name datasets, never paths: use one of {}",
                quote(&name.value),
                names.join(", ")
            )
        } else {
            format!(
                "{} is not a bundled dataset{}; the datasets are {}",
                quote(&name.value),
                did_you_mean(&name.value, names.iter().copied()),
                names.join(", ")
            )
        };
        cx.error(name.at, message);
        return None;
    };
    match datasets::load(&info.name) {
        Ok(table) => Some((info, table)),
        Err(e) => {
            cx.error(
                name.at,
                format!(
                    "the dataset could not be loaded ({}); the build is broken",
                    crate::sanitize::clean_line(&e.to_string())
                ),
            );
            None
        }
    }
}

/// One lab step being checked, with its dataset when that loaded.
struct Lab<'a, 't> {
    f: &'a Fields<'t>,
    kind: &'a str,
    info: Option<&'static DatasetInfo>,
    data: Option<&'a DataTable>,
}

/// Reads an integer field that must be at least `min`.
fn int_at_least(
    cx: &mut Ctx<'_>,
    f: &Fields<'_>,
    key: &str,
    example: &str,
    min: i64,
    required: bool,
) {
    let v = if required {
        f.req_int(cx, key, example)
    } else {
        f.opt_int(cx, key, example)
    };
    if let Some(v) = v
        && v.value < min
    {
        cx.error(
            v.at,
            format!(
                "`{key}` must be at least {min}, found {}; write e.g. `{example}`",
                v.value
            ),
        );
    }
}
