//! The shape of an exercise step and of each checker's `check_params`: every key, its
//! type and its meaning. A new checker adds its variant to [`EXERCISE`] (and its name
//! to `crate::exercises::CHECKERS`); the loader and `lessons schema` both read it.

use super::shape::{HINTS, INDEPENDENT, Key, STEP_TITLE, Section, Shape, Ty, number, opt, req};
use super::steps::step_type;
use crate::exercises::{CHECKERS, ValueType};

fn checker_names() -> Vec<&'static str> {
    CHECKERS.to_vec()
}

fn value_types() -> Vec<&'static str> {
    ValueType::NAMES.to_vec()
}

/// Keys of every exercise step, whatever its checker.
const COMMON: [Key; 8] = [
    step_type("\"exercise\""),
    STEP_TITLE,
    req(
        "text",
        Ty::Text,
        "The task: what to write in the file, and why (Markdown).",
    ),
    req(
        "file",
        // What a pattern can say of `file_name_problem`'s rules: the characters, and
        // folder parts that are not empty and do not start with `-` or `/`.
        Ty::Pattern("^[A-Za-z0-9._][A-Za-z0-9._-]*(/[A-Za-z0-9._][A-Za-z0-9._-]*)*$"),
        "A plain relative file name in the learner's workspace, e.g. gate.toml or \
         ci/gate.toml: letters, digits, `.`, `_`, `-` and `/` between folders; no absolute \
         path, no `..`, not ending in .bak; each exercise of a lesson has its own file.",
    ),
    req(
        "starter",
        Ty::Str,
        "The file's first contents (may be empty); it must not pass the check.",
    ),
    req(
        "solution",
        Ty::Str,
        "A file that passes the check; never shown to the learner, it proves that the \
         exercise can be done.",
    ),
    req("check", Ty::Names(checker_names), "The built-in checker."),
    HINTS,
];

/// An exercise step: `check` names the checker, and the checker its `check_params`.
pub const EXERCISE: Shape = Shape::Tagged {
    id: "step_exercise",
    doc: "An exercise step: the learner edits a file in their workspace until a built-in \
          checker passes it; `check` names the checker.",
    tag: "check",
    variants: &[
        ("toml_schema", &TOML_SCHEMA),
        ("data_contract", &DATA_CONTRACT),
        ("datasheet", &DATASHEET),
    ],
};

const TOML_SCHEMA: Shape = Shape::Section(Section {
    id: "exercise_toml_schema",
    doc: "An exercise checked by `toml_schema`: the file is TOML with the listed keys, each \
          of its type and, where given, in range or from a list.",
    keys: &[
        &COMMON,
        &INDEPENDENT,
        &[req(
            "check_params",
            Ty::Table(&TOML_SCHEMA_PARAMS),
            "The checker's parameters: write `[[steps.check_params.keys]]` after the step's \
             `[[steps]]`.",
        )],
    ],
    exactly_one: &[],
});

/// The `check_params` of `toml_schema`.
pub const TOML_SCHEMA_PARAMS: Shape = Shape::Section(Section {
    id: "check_params_toml_schema",
    doc: "The parameters of the `toml_schema` checker: one rule per key.",
    keys: &[&[req(
        "keys",
        Ty::Tables {
            shape: &KEY_RULE,
            min: 1,
        },
        "One rule per key the file must have, in the order the learner sees them.",
    )]],
    exactly_one: &[],
});

/// One `[[steps.check_params.keys]]` rule.
pub const KEY_RULE: Shape = Shape::Section(Section {
    id: "toml_schema_key_rule",
    doc: "What one key of the learner's file must hold.",
    keys: &[&[
        req(
            "key",
            Ty::Pattern("^[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*$"),
            "A dotted path of bare TOML keys, e.g. gate.min_auc (the key min_auc in the \
             table [gate]).",
        ),
        req(
            "type",
            Ty::Names(value_types),
            "The type the value must have; `float` wants a decimal point, `number` is an \
             integer or a float.",
        ),
        opt(
            "min",
            number(None, None),
            "Inclusive lower bound, for float, integer and number keys only.",
        ),
        opt(
            "max",
            number(None, None),
            "Inclusive upper bound, for float, integer and number keys only.",
        ),
        opt(
            "one_of",
            Ty::List {
                item: &Ty::Scalar,
                min: 1,
                unique: true,
            },
            "The allowed values, of the key's type (not for array or table keys).",
        ),
        req(
            "why",
            Ty::Text,
            "One sentence on what the key decides, shown under an unmet requirement.",
        ),
    ]],
    exactly_one: &[],
});

fn dataset_names() -> Vec<&'static str> {
    crate::ml::datasets::names()
}

fn violation_kinds() -> Vec<&'static str> {
    crate::ml::contract::ViolationKind::NAMES.to_vec()
}

fn section_names() -> Vec<&'static str> {
    crate::ml::audit::datasheet::SECTIONS.to_vec()
}

const DATA_CONTRACT: Shape = Shape::Section(Section {
    id: "exercise_data_contract",
    doc: "An exercise checked by `data_contract`: the file is a data contract that the \
          clean dataset passes and the corrupted batch fails, catching each planted problem.",
    keys: &[
        &COMMON,
        &INDEPENDENT,
        &[req(
            "check_params",
            Ty::Table(&DATA_CONTRACT_PARAMS),
            "The checker's parameters: `[steps.check_params]` with `clean` and `batch`, and \
             a `[[steps.check_params.catch]]` per planted problem.",
        )],
    ],
    exactly_one: &[],
});

/// The `check_params` of `data_contract`.
pub const DATA_CONTRACT_PARAMS: Shape = Shape::Section(Section {
    id: "check_params_data_contract",
    doc: "The parameters of the `data_contract` checker: the data the contract must pass, \
          the batch it must fail, and the problems it must catch.",
    keys: &[&[
        req(
            "clean",
            Ty::Names(dataset_names),
            "The bundled dataset the contract describes; it must pass the contract.",
        ),
        req(
            "batch",
            Ty::Names(dataset_names),
            "A bundled corrupted batch of the same data; it must fail the contract.",
        ),
        opt(
            "catch",
            Ty::Tables {
                shape: &CATCH,
                min: 1,
            },
            "The planted problems the contract must catch, one requirement each.",
        ),
    ]],
    exactly_one: &[],
});

/// One `[[steps.check_params.catch]]` entry.
pub const CATCH: Shape = Shape::Section(Section {
    id: "data_contract_catch",
    doc: "A planted problem of the batch: a kind of violation in one column.",
    keys: &[&[
        req(
            "column",
            Ty::Str,
            "A column of the clean dataset (for `missing_column`, the one the batch lacks).",
        ),
        req(
            "problem",
            Ty::Names(violation_kinds),
            "The kind of violation: missing_column, type, range, allowed or missing.",
        ),
        opt(
            "why",
            Ty::Text,
            "One sentence on why the problem matters, shown under the requirement.",
        ),
    ]],
    exactly_one: &[],
});

const DATASHEET: Shape = Shape::Section(Section {
    id: "exercise_datasheet",
    doc: "An exercise checked by `datasheet`: the file is the Markdown of `mlpath \
          datasheet` for a bundled dataset, with the measured values right and the listed \
          sections answered.",
    keys: &[
        &COMMON,
        &INDEPENDENT,
        &[req(
            "check_params",
            Ty::Table(&DATASHEET_PARAMS),
            "The checker's parameters: `[steps.check_params]` with `dataset`, and optional \
             `sections` and `[[steps.check_params.mentions]]`.",
        )],
    ],
    exactly_one: &[],
});

/// The `check_params` of `datasheet`.
pub const DATASHEET_PARAMS: Shape = Shape::Section(Section {
    id: "check_params_datasheet",
    doc: "The parameters of the `datasheet` checker.",
    keys: &[&[
        req(
            "dataset",
            Ty::Names(dataset_names),
            "The bundled dataset the datasheet describes; its measured values are checked \
             against it.",
        ),
        opt(
            "sections",
            Ty::List {
                item: &Ty::Names(section_names),
                min: 1,
                unique: true,
            },
            "Sections whose `> TO FILL:` line must be replaced by the learner's answer.",
        ),
        opt(
            "mentions",
            Ty::Tables {
                shape: &MENTION,
                min: 1,
            },
            "Known issues the datasheet must name, one requirement each.",
        ),
    ]],
    exactly_one: &[],
});

/// One `[[steps.check_params.mentions]]` entry.
pub const MENTION: Shape = Shape::Section(Section {
    id: "datasheet_mention",
    doc: "A known issue of the data that a section of the datasheet must name.",
    keys: &[&[
        req(
            "section",
            Ty::Names(section_names),
            "The section that must name the issue.",
        ),
        req(
            "any_of",
            Ty::List {
                item: &Ty::Text,
                min: 1,
                unique: true,
            },
            "Words or phrases, any one of which names the issue (case does not matter).",
        ),
        req(
            "why",
            Ty::Text,
            "The issue in one sentence, shown under the requirement.",
        ),
    ]],
    exactly_one: &[],
});
