//! Exercise steps: the learner edits a file in their workspace and a built-in checker
//! judges it. Everything is checked when the lesson loads: the file name, the checker
//! and its typed `check_params`, and that the starter does not pass while the
//! solution does, so that every exercise has something to do and can be done.

use super::ExerciseStep;
use super::fields::{At, Ctx, Fields, quote};
use super::spanned::{Node, Table, Value};
use super::suggest::did_you_mean;
use crate::exercises::toml_schema::Literal;
use crate::exercises::{CHECKERS, ExerciseCheck, KeyRule, Outcome, TomlSchemaParams, ValueType};
use crate::sanitize::clean;

/// Reads exercise step `n` (1-based).
pub fn parse_exercise(
    cx: &mut Ctx<'_>,
    table: &Table,
    at: usize,
    n: usize,
) -> Option<ExerciseStep> {
    let f = Fields::shaped(
        cx,
        table,
        at,
        format!("exercise step {n}"),
        &super::checkers::EXERCISE,
    );
    let before = cx.problems.len();
    let title = super::steps::title(cx, &f);
    let text = f.req_text(
        cx,
        "text",
        "text = \"\"\"What to write in the file, and why.\"\"\"",
    );
    let file = f
        .req_str(cx, "file", "file = \"gate.toml\"")
        .filter(|name| {
            let problem = file_name_problem(&name.value);
            if let Some(p) = &problem {
                cx.error(name.at, format!("`file` {} {p}", quote(&name.value)));
            }
            problem.is_none()
        });
    let starter = f.req_str(
        cx,
        "starter",
        "starter = \"\"\"# the file as the learner first sees it\"\"\"",
    );
    let solution = f.req_str(
        cx,
        "solution",
        "solution = \"\"\"# a file that passes the check\"\"\"",
    );
    let hints = super::steps::hints(cx, &f);
    let check = checker(cx, &f, n);
    if cx.problems.len() > before {
        return None;
    }
    let (starter, solution, check) = (starter?, solution?, check?);
    if check.run(&starter.value).passed() {
        cx.error(
            starter.at,
            format!(
                "the starter already meets every requirement of `{}`, so the learner has \
                 nothing to do; leave at least one requirement unmet",
                check.name()
            ),
        );
    }
    let report = check.run(&solution.value);
    if let Some(r) = report.first_unmet() {
        let (reason, at) = match &r.outcome {
            Outcome::Unmet { reason, at } => (reason.as_str(), *at),
            Outcome::Met => ("", None),
        };
        let place = at.map_or(String::new(), |p| {
            format!(" (solution {}:{})", p.line, p.col)
        });
        cx.error(
            solution.at,
            format!(
                "the solution does not pass its own check: {}: {reason}{place}; fix the \
                 solution or the check so that the exercise can be done",
                r.what
            ),
        );
    }
    if cx.problems.len() > before {
        return None;
    }
    Some(ExerciseStep {
        title,
        text: clean(&text?.value),
        file: file?.value,
        starter: starter.value,
        solution: solution.value,
        check,
        hints,
        independent: false,
    })
}

/// Why `name` is not a plain relative file name, if it is not: the workspace must
/// never be left, and names must mean the same on every system.
pub fn file_name_problem(name: &str) -> Option<String> {
    let fix = "write a plain relative name such as `gate.toml` or `ci/gate.toml`";
    if name.is_empty() {
        return Some(format!("is empty; {fix}"));
    }
    if name.contains('\\') {
        return Some(format!(
            "contains a backslash; separate folders with `/`: {fix}"
        ));
    }
    if name.starts_with('/') || name.contains(':') {
        return Some(format!(
            "is an absolute path; exercise files live in the learner's workspace: {fix}"
        ));
    }
    if name.len() > 100 {
        return Some(format!("is longer than 100 characters; {fix}"));
    }
    for part in name.split('/') {
        if part == ".." {
            return Some(format!("leaves the workspace with `..`; {fix}"));
        }
        if part.is_empty() || part == "." {
            return Some(format!("has an empty or `.` folder part; {fix}"));
        }
        if !part
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
        {
            return Some(format!(
                "may only use letters a-z and A-Z, digits, `.`, `_`, `-` and `/`; {fix}"
            ));
        }
        if part.starts_with('-') {
            return Some(format!("has a part starting with `-`; {fix}"));
        }
    }
    if name.ends_with(".bak") {
        return Some(
            "ends in `.bak`, which is kept for the learner's backup when the starter is \
             restored; choose another name"
                .into(),
        );
    }
    None
}

/// Reads `check` and its `check_params` into a typed checker.
fn checker(cx: &mut Ctx<'_>, f: &Fields<'_>, n: usize) -> Option<ExerciseCheck> {
    let list = CHECKERS.join(", ");
    let name = f.req_str(cx, "check", "check = \"toml_schema\"")?;
    let params = f.req_table(cx, "check_params", "[check_params]");
    match name.value.as_str() {
        "toml_schema" => {
            let params = params?;
            toml_schema(cx, params, n).map(ExerciseCheck::TomlSchema)
        }
        "data_contract" => {
            super::exercise_data::data_contract(cx, params?, n).map(ExerciseCheck::DataContract)
        }
        "datasheet" => {
            super::exercise_data::datasheet(cx, params?, n).map(ExerciseCheck::Datasheet)
        }
        other => {
            cx.error(
                name.at,
                format!(
                    "unknown checker {}{}; the checkers are {list}",
                    quote(other),
                    did_you_mean(other, CHECKERS)
                ),
            );
            None
        }
    }
}

fn toml_schema(cx: &mut Ctx<'_>, params: At<&Table>, n: usize) -> Option<TomlSchemaParams> {
    let example = "[[check_params.keys]]";
    let f = Fields::shaped(
        cx,
        params.value,
        params.at,
        format!("the `check_params` of exercise step {n}"),
        &super::checkers::TOML_SCHEMA_PARAMS,
    );
    let Some((keys_at, tables)) = f.opt_tables(cx, "keys", example) else {
        if !f.has("keys") {
            cx.error(
                params.at,
                format!(
                    "missing `keys` in the `check_params` of exercise step {n}; add one \
                     `{example}` section per key, with `key`, `type` and `why`"
                ),
            );
        }
        return None;
    };
    if tables.is_empty() {
        cx.error(
            keys_at,
            "`keys` is empty; list at least one key the file must have",
        );
        return None;
    }
    let before = cx.problems.len();
    let mut rules: Vec<KeyRule> = Vec::new();
    for (i, t) in tables.iter().enumerate() {
        if let Some(rule) = key_rule(cx, t, i + 1) {
            if rules.iter().any(|r| r.path == rule.path) {
                let at = t.value.get("key").map_or(t.at, |e| e.node.span.start);
                cx.error(
                    at,
                    format!(
                        "key `{}` is listed twice; give each key one rule",
                        rule.dotted()
                    ),
                );
            } else {
                rules.push(rule);
            }
        }
    }
    (cx.problems.len() == before).then_some(TomlSchemaParams { keys: rules })
}

fn key_rule(cx: &mut Ctx<'_>, t: &At<&Table>, i: usize) -> Option<KeyRule> {
    let f = Fields::shaped(
        cx,
        t.value,
        t.at,
        format!("key rule {i}"),
        &super::checkers::KEY_RULE,
    );
    let before = cx.problems.len();
    let path = f
        .req_str(cx, "key", "key = \"gate.min_auc\"")
        .and_then(|k| {
            let parts: Vec<String> = k.value.split('.').map(str::to_string).collect();
            let ok = parts.iter().all(|p| {
                !p.is_empty()
                    && p.chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
            });
            if !ok {
                cx.error(
                    k.at,
                    format!(
                        "{} is not a dotted key path; write bare TOML keys (letters, digits, \
                         `_`, `-`) joined by dots, e.g. `key = \"gate.min_auc\"`",
                        quote(&k.value)
                    ),
                );
            }
            ok.then_some(parts)
        });
    let ty = f.req_str(cx, "type", "type = \"float\"").and_then(|ty| {
        let parsed = ValueType::parse(&ty.value);
        if parsed.is_none() {
            cx.error(
                ty.at,
                format!(
                    "unknown type {}{}; the types are {}",
                    quote(&ty.value),
                    did_you_mean(&ty.value, ValueType::NAMES),
                    ValueType::NAMES.join(", ")
                ),
            );
        }
        parsed
    });
    let why = f.req_text(
        cx,
        "why",
        "why = \"What this key decides, in one sentence.\"",
    );
    let min = bound(cx, &f, "min", ty);
    let max = bound(cx, &f, "max", ty);
    if let (Some(lo), Some(hi)) = (&min, &max)
        && lo.value > hi.value
    {
        cx.error(
            hi.at,
            format!(
                "`max` {} is below `min` {}; no value could pass",
                hi.value, lo.value
            ),
        );
    }
    let one_of = match (f.get("one_of"), ty) {
        (Some(e), Some(ty)) => one_of(cx, &e.node, ty, min.as_ref(), max.as_ref()),
        _ => Vec::new(),
    };
    if cx.problems.len() > before {
        return None;
    }
    Some(KeyRule {
        path: path?,
        ty: ty?,
        min: min.map(|m| m.value),
        max: max.map(|m| m.value),
        one_of,
        why: clean(&why?.value),
    })
}

/// Reads `min` or `max`: a finite number, only for numeric types.
fn bound(cx: &mut Ctx<'_>, f: &Fields<'_>, key: &str, ty: Option<ValueType>) -> Option<At<f64>> {
    let v = f.opt_number(cx, key, &format!("{key} = 0.5"))?;
    if !v.value.is_finite() {
        cx.error(
            v.at,
            format!("`{key}` must be a finite number, found {}", v.value),
        );
        return None;
    }
    if let Some(ty) = ty
        && !ty.is_numeric()
    {
        cx.error(
            v.at,
            format!(
                "`{key}` applies to numbers, not to a `{}` key; remove it{}",
                ty.name(),
                if ty.takes_one_of() {
                    " or list the allowed values in `one_of`"
                } else {
                    ""
                }
            ),
        );
        return None;
    }
    Some(v)
}

fn one_of(
    cx: &mut Ctx<'_>,
    node: &Node,
    ty: ValueType,
    min: Option<&At<f64>>,
    max: Option<&At<f64>>,
) -> Vec<Literal> {
    if !ty.takes_one_of() {
        cx.error(
            node.span.start,
            format!(
                "`one_of` does not apply to a `{}` key; remove it",
                ty.name()
            ),
        );
        return Vec::new();
    }
    let Value::Array(items) = &node.value else {
        cx.error(
            node.span.start,
            format!(
                "`one_of` must be an array, found {}; write e.g. `one_of = [\"roc_auc\", \"average_precision\"]`",
                node.value.type_name()
            ),
        );
        return Vec::new();
    };
    if items.is_empty() {
        cx.error(
            node.span.start,
            "`one_of` is empty; list the allowed values or remove it",
        );
    }
    let mut out = Vec::new();
    for item in items {
        let lit = match (&item.value, ty) {
            (Value::Str(s), ValueType::String) => Some(Literal::Str(s.clone())),
            (Value::Bool(b), ValueType::Boolean) => Some(Literal::Bool(*b)),
            (Value::Int(i), ValueType::Integer | ValueType::Number) => Some(Literal::Int(*i)),
            (Value::Int(i), ValueType::Float) => Some(Literal::Float(*i as f64)),
            (Value::Float(x), ValueType::Float | ValueType::Number) if x.is_finite() => {
                Some(Literal::Float(*x))
            }
            _ => None,
        };
        let Some(lit) = lit else {
            cx.error(
                item.span.start,
                format!(
                    "every entry of `one_of` must be {} (the key's type), found {}",
                    ty.with_article(),
                    item.value.type_name()
                ),
            );
            continue;
        };
        let x = match lit {
            Literal::Int(i) => Some(i as f64),
            Literal::Float(x) => Some(x),
            _ => None,
        };
        if let Some(x) = x
            && (min.is_some_and(|m| x < m.value) || max.is_some_and(|m| x > m.value))
        {
            cx.error(
                item.span.start,
                format!("{x} is outside `min`/`max`, so it could never pass; remove it or widen the range"),
            );
        }
        if out.contains(&lit) {
            cx.error(
                item.span.start,
                "this value is listed twice in `one_of`; list it once",
            );
            continue;
        }
        out.push(lit);
    }
    out
}

/// Reports exercise steps of one lesson that name the same file: each exercise owns
/// its file, so that restoring one starter never replaces another step's work.
pub fn unique_files(cx: &mut Ctx<'_>, steps: &[At<&Table>]) {
    let mut seen: Vec<(String, usize)> = Vec::new();
    for (i, step) in steps.iter().enumerate() {
        let is_exercise = matches!(
            step.value.get("type").map(|e| &e.node.value),
            Some(Value::Str(t)) if t == "exercise"
        );
        let Some(file) = step.value.get("file").filter(|_| is_exercise) else {
            continue;
        };
        let Value::Str(name) = &file.node.value else {
            continue;
        };
        match seen.iter().find(|(n, _)| n == name) {
            Some((_, first)) => cx.error(
                file.node.span.start,
                format!(
                    "`file` {} is already the file of step {first}; give each exercise its own file",
                    quote(name)
                ),
            ),
            None => seen.push((name.clone(), i + 1)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_stay_inside_the_workspace() {
        assert_eq!(file_name_problem("gate.toml"), None);
        assert_eq!(file_name_problem("ci/gate-v2_x.toml"), None);
        for bad in [
            "",
            "/etc/passwd",
            "../x.toml",
            "a/../b",
            "a\\b",
            "C:x",
            "a//b",
            "./a",
            "a b",
            "-rf",
            "gate.toml.bak",
        ] {
            assert!(file_name_problem(bad).is_some(), "{bad:?} is refused");
        }
    }
}
