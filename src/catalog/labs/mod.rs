//! Lab steps: the built-in lab kinds, the keys each takes, and checks of those keys
//! against the bundled dataset they name (columns, labels, change points).

mod columns;
mod goals;
mod kinds;

pub use goals::Goal;
pub use kinds::audit::{AuditGoal, AuditLab};
pub use kinds::changepoints::{ChangeGoal, ChangePointsLab};
pub use kinds::decay::{DecayGoal, DecayLab};
pub use kinds::drift::{DriftGoal, DriftLab};
pub use kinds::label_noise::{LabelNoiseLab, MAX_FLIP_SHARE};
pub use kinds::leakage::{LeakageGoal, LeakageLab};
pub use kinds::self_assessment::SelfAssessmentLab;
pub use kinds::threshold::{Costs, ThresholdLab};
pub use kinds::train::TrainLab;

use super::LabStep;
use super::fields::{Ctx, Fields, Ref, quote};
use super::shape::{Key, Shape, Ty, opt, req};
use super::spanned::Table;
use super::suggest::did_you_mean;
use crate::ml::datasets::{self, DatasetInfo};
use crate::ml::table::Table as DataTable;
use crate::sanitize::clean;

/// The one list of lab kinds. Each line names the variant of [`LabSpec`] and
/// [`LabKind`], its typed settings, the name lessons write, and its module under
/// `kinds/` (which holds the settings, the shape of its step with every key it takes,
/// and its parser). Everything that lists kinds (the checker's messages, the authoring
/// guide's check, the JSON Schema, the tests) reads [`LabKind::ALL`] or [`LAB`];
/// `labs::start` matches [`LabSpec`] exhaustively.
macro_rules! lab_kinds {
    ($($variant:ident($spec:ty) = $name:literal in $module:ident;)*) => {
        /// A lab step's settings, parsed and checked once by the catalog; labs start
        /// from this value and never read TOML.
        #[derive(Debug, Clone, PartialEq)]
        pub enum LabSpec {
            $($variant($spec),)*
        }

        /// The kinds of lab, in the order the authoring guide lists them.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum LabKind {
            $($variant,)*
        }

        impl LabKind {
            pub const ALL: &'static [LabKind] = &[$(LabKind::$variant,)*];

            /// The name a lesson writes: `lab = "threshold"`.
            pub fn name(self) -> &'static str {
                match self {
                    $(LabKind::$variant => $name,)*
                }
            }

            /// The shape of this kind's step: every key it takes.
            pub fn shape(self) -> &'static Shape {
                match self {
                    $(LabKind::$variant => &kinds::$module::SHAPE,)*
                }
            }

            fn parse(self, lab: &Lab<'_, '_>, cx: &mut Ctx<'_>, skill_refs: &mut Vec<Ref>) -> Option<LabSpec> {
                match self {
                    $(LabKind::$variant => kinds::$module::parse(lab, cx, skill_refs).map(LabSpec::$variant),)*
                }
            }
        }

        /// A lab step: `lab` chooses the kind, and the kind its keys.
        pub const LAB: Shape = Shape::Tagged {
            id: "step_lab",
            doc: "A lab step: the learner works with a real model or dataset until a goal is met; `lab` names the kind.",
            tag: "lab",
            variants: &[$(($name, &kinds::$module::SHAPE),)*],
        };

        impl LabSpec {
            pub fn kind(&self) -> LabKind {
                match self {
                    $(LabSpec::$variant(_) => LabKind::$variant,)*
                }
            }
        }
    };
}

lab_kinds! {
    Train(TrainLab) = "train" in train;
    Threshold(ThresholdLab) = "threshold" in threshold;
    Drift(DriftLab) = "drift" in drift;
    Decay(DecayLab) = "decay" in decay;
    ChangePoints(ChangePointsLab) = "changepoints" in changepoints;
    LabelNoise(LabelNoiseLab) = "label_noise" in label_noise;
    Leakage(LeakageLab) = "leakage" in leakage;
    Audit(AuditLab) = "audit" in audit;
    SelfAssessment(SelfAssessmentLab) = "self_assessment" in self_assessment;
}

impl LabKind {
    /// The kind a lesson names, if there is one.
    pub fn from_name(name: &str) -> Option<LabKind> {
        LabKind::ALL.iter().copied().find(|k| k.name() == name)
    }

    /// Every kind's name, in order.
    pub fn names() -> Vec<&'static str> {
        LabKind::ALL.iter().map(|k| k.name()).collect()
    }

    /// The keys this kind takes besides those of every lab step ([`COMMON`]).
    fn own_keys(self) -> impl Iterator<Item = &'static Key> {
        let Shape::Section(section) = self.shape() else {
            unreachable!("a lab kind's shape is a section")
        };
        section
            .all_keys()
            .filter(|k| !COMMON.iter().chain(&INDEPENDENT).any(|c| c.name == k.name))
    }

    /// The keys this kind requires besides [`COMMON`].
    pub fn required_keys(self) -> Vec<&'static str> {
        self.own_keys()
            .filter(|k| k.required)
            .map(|k| k.name)
            .collect()
    }

    /// The keys this kind may take besides [`COMMON`].
    pub fn optional_keys(self) -> Vec<&'static str> {
        self.own_keys()
            .filter(|k| !k.required)
            .map(|k| k.name)
            .collect()
    }
}

impl LabSpec {
    /// The bundled dataset the lab uses, if any.
    pub fn dataset(&self) -> Option<&str> {
        match self {
            LabSpec::Train(s) => Some(&s.dataset),
            LabSpec::Threshold(s) => Some(&s.dataset),
            LabSpec::Drift(s) => Some(&s.dataset),
            LabSpec::Decay(s) => Some(&s.dataset),
            LabSpec::ChangePoints(s) => Some(&s.dataset),
            LabSpec::LabelNoise(s) => Some(&s.dataset),
            LabSpec::Leakage(s) => Some(&s.dataset),
            LabSpec::SelfAssessment(_) => None,
            LabSpec::Audit(s) => Some(&s.dataset),
        }
    }
}

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

fn lab_kind_names() -> Vec<&'static str> {
    LabKind::names()
}

/// Keys every lab step has, before those of its kind.
pub const COMMON: [Key; 4] = [
    super::steps::step_type("\"lab\""),
    super::shape::STEP_TITLE,
    opt(
        "text",
        Ty::Text,
        "The task in the lesson's words, shown above the lab (Markdown).",
    ),
    req("lab", Ty::Names(lab_kind_names), "The kind of lab."),
];

use super::shape::INDEPENDENT;

fn dataset_names() -> Vec<&'static str> {
    datasets::names()
}

/// Every goal metric.
pub fn metric_names() -> Vec<&'static str> {
    METRICS.to_vec()
}

/// The metrics of classifiers: every metric but the regression ones.
pub fn classifier_metric_names() -> Vec<&'static str> {
    METRICS
        .iter()
        .copied()
        .filter(|m| !REGRESSION_METRICS.contains(m))
        .collect()
}

/// `dataset`: a bundled dataset, by name.
pub const DATASET: Key = req(
    "dataset",
    Ty::Names(dataset_names),
    "A bundled dataset, by name (never a path).",
);

pub const TARGET: Key = req(
    "target",
    Ty::Str,
    "The column to predict; a column of the dataset.",
);

pub const POSITIVE_DOC: &str = "The positive class: a label that occurs in the target column.";

pub const SEED: Key = opt(
    "seed",
    super::shape::int_min(0),
    "The random seed, an integer ≥ 0.",
);

pub const FEATURES: Key = opt(
    "features",
    Ty::List {
        item: &Ty::Str,
        min: 1,
        unique: true,
    },
    "Numeric columns of the dataset to use, each once, not the target (default: all).",
);

/// `metric` with `at_least` or `at_most`, and with `best` in a threshold lab.
pub const fn metric_goal_keys(
    metrics: fn() -> Vec<&'static str>,
    metric_doc: &'static str,
) -> [Key; 3] {
    [
        req("metric", Ty::Names(metrics), metric_doc),
        opt(
            "at_least",
            super::shape::number(None, None),
            "The metric must reach at least this (a possible value of the metric).",
        ),
        opt(
            "at_most",
            super::shape::number(None, None),
            "The metric must stay at most this (a possible value of the metric).",
        ),
    ]
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
    let kinds = LabKind::names().join(", ");
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
    let Some(lab_kind) = LabKind::from_name(&kind.value) else {
        cx.error(
            kind.at,
            format!(
                "unknown lab kind {}{}; the lab kinds are {kinds}",
                quote(&kind.value),
                did_you_mean(&kind.value, LabKind::names())
            ),
        );
        return None;
    };
    let kind = kind.value.as_str();
    let f = Fields::shaped(
        cx,
        table,
        at,
        format!("the `{kind}` lab of step {n}"),
        lab_kind.shape(),
    );
    let required = lab_kind.required_keys();
    let before = cx.problems.len();
    let title = f.opt_text(cx, "title", "title = \"A short heading\"");
    let text = f.opt_text(cx, "text", "text = \"The task, in your words.\"");
    for key in &required {
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
    let dataset = if required.contains(&"dataset") {
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
    let spec = lab_kind.parse(&lab, cx, skill_refs);
    if cx.problems.len() > before {
        return None;
    }
    Some(LabStep {
        title: title.map(|t| clean(&t.value)),
        text: text.map(|t| clean(&t.value)),
        spec: spec?,
        independent: false,
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
pub(super) struct Lab<'a, 't> {
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
) -> Option<i64> {
    let v = if required {
        f.req_int(cx, key, example)
    } else {
        f.opt_int(cx, key, example)
    };
    if let Some(v) = &v
        && v.value < min
    {
        cx.error(
            v.at,
            format!(
                "`{key}` must be at least {min}, found {}; write e.g. `{example}`",
                v.value
            ),
        );
        return None;
    }
    v.map(|v| v.value)
}

/// Reads one lab step written as TOML (`lab = "threshold"`, `dataset = …`, …), with
/// every check a lesson file gets. For tests and tools that build a lab outside a
/// lesson; `path` names the text in problems.
pub fn lab_step_from_toml(path: &str, text: &str) -> Result<LabStep, Vec<super::Problem>> {
    let doc = super::spanned::Doc::new(text.to_string());
    let table = super::spanned::parse(text).map_err(|errors| {
        errors
            .into_iter()
            .map(|e| super::fields::problem_at(path, &doc, e.offset, e.message))
            .collect::<Vec<_>>()
    })?;
    let mut cx = Ctx::new(path, &doc);
    let mut skills = Vec::new();
    let step = parse_lab(&mut cx, &table, 0, 1, &mut skills);
    match step {
        Some(step) if cx.problems.is_empty() => Ok(step),
        _ => Err(cx.problems),
    }
}
