//! The loader and the generated JSON Schema agree: on valid files with every kind of
//! step, lab, goal and checker, each key removed, mistyped or unknown is accepted by
//! both or rejected by both, and the keys the loader names as allowed are exactly the
//! properties of the schema's definition for that table.

use std::collections::BTreeSet;

use serde_json::{Value, json};

use super::Problem;
use super::schema::{SchemaKind, json_schema};
use super::shape::{Section, Shape, Ty};
use super::source::{Content, SourceFile, TrackSource};

fn source(name: &str, text: String) -> SourceFile {
    SourceFile {
        name: name.into(),
        path: name.into(),
        content: Content::Bytes(text.into_bytes().into()),
    }
}

/// What `mlpath datasheet german_credit` writes.
fn datasheet_reference() -> String {
    crate::exercises::datasheet::reference("german_credit").expect("the bundled data loads")
}

/// The errors the loader reports for one file of `kind`, read on its own.
fn loader_errors(kind: SchemaKind, doc: &Value) -> Vec<String> {
    let text = toml::to_string(doc).expect("the document is TOML");
    let mut problems: Vec<Problem> = Vec::new();
    match kind {
        SchemaKind::Lesson => {
            super::parse::parse_lesson(&source("01-a.toml", text), "t", &mut problems);
        }
        SchemaKind::Track => {
            let track = TrackSource {
                dir: "t".into(),
                dir_name: "t".into(),
                track_file: source("track.toml", text),
                lessons: Vec::new(),
            };
            super::parse::parse_track(track, &mut problems);
        }
        SchemaKind::Skills => {
            super::skillfile::parse_skills(&source("skills.toml", text), false, &mut problems);
        }
        SchemaKind::Roles => {
            super::skillfile::parse_roles(&source("roles.toml", text), &mut problems);
        }
    }
    problems
        .into_iter()
        .filter(Problem::is_error)
        .map(|p| p.to_string())
        .collect()
}

fn root_shape(kind: SchemaKind) -> &'static Shape {
    match kind {
        SchemaKind::Lesson => &super::shape::LESSON,
        SchemaKind::Track => &super::shape::TRACK,
        SchemaKind::Skills => &super::skillfile::SKILLS_FILE,
        SchemaKind::Roles => &super::skillfile::ROLES_FILE,
    }
}

/// A valid file of each kind, with every kind of step, lab, goal and checker.
fn valid(kind: SchemaKind) -> Value {
    match kind {
        SchemaKind::Lesson => json!({
            "format_version": 1,
            "id": "a",
            "title": "A lesson",
            "summary": "One sentence.",
            "minutes": 5,
            "level": "beginner",
            "requires": ["t/other"],
            "skills": { "eval_metrics": 3 },
            "steps": [
                { "type": "read", "title": "Read", "text": "Hello." },
                { "type": "choice", "title": "One", "prompt": "Which?",
                  "options": ["x", "y"], "answer": 1, "explain": "Because.",
                  "hints": ["A nudge."] },
                { "type": "choice", "prompt": "Which ones?", "options": ["x", "y", "z"],
                  "answers": [0, 2] },
                { "type": "number", "title": "N", "prompt": "Precision with TP = 6 and FP = 4?",
                  "answer": 0.6, "tolerance": 0.01, "explain": "Six of ten.",
                  "hints": ["Flagged rows that are right."] },
                { "type": "lab", "lab": "train", "title": "Train", "text": "Train it.",
                  "independent": true, "dataset": "breast_cancer", "target": "diagnosis",
                  "model": "logistic", "features": ["mean_radius", "mean_texture"],
                  "positive": "malignant", "seed": 7,
                  "goal": { "metric": "recall", "at_least": 0.5 } },
                { "type": "lab", "lab": "threshold", "dataset": "breast_cancer",
                  "target": "diagnosis", "positive": "malignant", "model": "logistic",
                  "goal": { "metric": "recall", "at_least": 0.9, "best": "precision" } },
                { "type": "lab", "lab": "threshold", "dataset": "breast_cancer",
                  "target": "diagnosis", "positive": "malignant", "model": "tree",
                  "cost_fp": 1.0, "cost_fn": 10.0, "goal": { "cost_within": 0.05 } },
                { "type": "lab", "lab": "drift", "dataset": "breast_cancer",
                  "features": ["mean_radius", "mean_texture"],
                  "goal": { "find": "smallest_major_psi", "feature": "mean_radius" } },
                { "type": "lab", "lab": "drift", "dataset": "wine",
                  "goal": { "find": "drifted_feature" } },
                { "type": "lab", "lab": "decay", "dataset": "phishing", "seed": 3,
                  "label_delay": 2, "goal": { "catch_within": 3, "max_false_alarms": 1 } },
                { "type": "lab", "lab": "changepoints", "dataset": "occupancy",
                  "column": "light_lux",
                  "goal": { "min_recall": 0.6, "max_false_alarms": 3, "tolerance": 10 } },
                { "type": "lab", "lab": "label_noise", "dataset": "breast_cancer",
                  "target": "diagnosis", "positive": "malignant", "seed": 42,
                  "flip_share": 0.1, "flip_class": "malignant",
                  "goal": { "metric": "accuracy", "at_least": 0.95 } },
                { "type": "lab", "lab": "leakage", "dataset": "german_credit_leaky",
                  "later": "german_credit_later", "target": "credit_risk",
                  "positive": "bad", "model": "tree", "features": ["purpose", "age_years"],
                  "seed": 3,
                  "goal": { "metric": "roc_auc", "at_least": 0.7, "max_gap": 0.05 } },
                { "type": "lab", "lab": "self_assessment", "skills": ["eval_metrics"] },
                { "type": "lab", "lab": "audit", "dataset": "breast_cancer_dirty",
                  "target": "diagnosis", "positive": "malignant", "seed": 7,
                  "goal": { "max_fixable": 0 } },
                { "type": "exercise", "title": "Gate", "text": "Write the gate.",
                  "independent": true, "file": "ci/gate.toml",
                  "starter": "[gate]\nmetric = \"accuracy\"\n",
                  "solution": "[gate]\nmetric = \"roc_auc\"\nmin_auc = 0.85\n",
                  "check": "toml_schema", "hints": ["Floats need a decimal point."],
                  "check_params": { "keys": [
                      { "key": "gate.min_auc", "type": "float", "min": 0.8, "max": 1.0,
                        "why": "Lower is blocked." },
                      { "key": "gate.metric", "type": "string",
                        "one_of": ["roc_auc", "average_precision"], "why": "Not accuracy." },
                  ] } },
                { "type": "exercise", "title": "Contract", "text": "Write the contract.",
                  "file": "contract.toml",
                  "starter": "[[columns]]\nname = \"age_years\"\ntype = \"number\"\n",
                  "solution": "[[columns]]\nname = \"age_years\"\ntype = \"integer\"\nmin = 18\n\
                               max = 100\n\n[[columns]]\nname = \"telephone\"\ntype = \"text\"\n",
                  "check": "data_contract", "hints": ["Ages have a range."],
                  "check_params": {
                      "clean": "german_credit", "batch": "german_credit_batch",
                      "catch": [
                          { "column": "age_years", "problem": "range", "why": "999 is a typo." },
                          { "column": "telephone", "problem": "missing_column" },
                      ] } },
                { "type": "exercise", "title": "Datasheet", "text": "Fill the datasheet.",
                  "file": "datasheet.md",
                  "starter": datasheet_reference().replace("- rows: 1000", "- rows: ?"),
                  "solution": datasheet_reference().replace(
                      "> TO FILL: past uses",
                      "Used in many fairness examples; see the code table issue.\n\n> TO FILL: past uses",
                  ).replace("> TO FILL: past uses", "Not for real credit decisions today."),
                  "check": "datasheet",
                  "check_params": {
                      "dataset": "german_credit", "sections": ["Uses"],
                      "mentions": [{ "section": "Uses", "any_of": ["code table", "Grömping"],
                                     "why": "The code table is wrong." }] } },
            ],
        }),
        SchemaKind::Track => json!({
            "format_version": 1, "id": "t", "title": "A track", "summary": "Two sentences.",
            "order": 3,
        }),
        SchemaKind::Skills => json!({
            "format_version": 1,
            "levels": (0..=5).map(|l| json!({
                "level": l, "name": format!("level{l}"), "description": "What it means."
            })).collect::<Vec<_>>(),
            "skills": [{
                "id": "eval_metrics", "name": "Metrics", "description": "Measures models.",
                "self_study": ["A course.", { "text": "A project.", "level": 3, "hours": 20 }],
            }],
        }),
        SchemaKind::Roles => json!({
            "format_version": 1,
            "roles": [{
                "id": "ml-engineer", "name": "ML engineer", "description": "Ships models.",
                "requires": { "eval_metrics": 3, "python": 4 }, "core": ["python"],
            }],
        }),
    }
}

/// A table of a file: where it is (a JSON pointer), its section, and the properties
/// the schema allows there.
struct Place {
    pointer: String,
    section: &'static Section,
    allowed: BTreeSet<String>,
}

/// The properties of a shape's definition in the schema (of every alternative).
fn schema_properties(schema: &Value, shape: &Shape, root: bool) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for section in shape.sections() {
        let def = if root {
            schema
        } else {
            &schema["definitions"][section.id]
        };
        let props = def["properties"]
            .as_object()
            .unwrap_or_else(|| panic!("the schema defines `{}`", section.id));
        out.extend(props.keys().cloned());
    }
    out
}

/// Every table of `value` (of shape `shape`) with its section. `union`: the keys the
/// loader lists for a tagged table it reads as one (a drift goal), before looking at
/// the tag; a `[[steps]]` table is read with its variant's keys.
fn places(
    schema: &Value,
    value: &Value,
    shape: &'static Shape,
    pointer: &str,
    root: bool,
    out: &mut Vec<Place>,
) {
    places_in(schema, value, shape, pointer, root, None, out)
}

fn places_in(
    schema: &Value,
    value: &Value,
    shape: &'static Shape,
    pointer: &str,
    root: bool,
    union: Option<BTreeSet<String>>,
    out: &mut Vec<Place>,
) {
    let section: &'static Section = match shape {
        Shape::Section(s) => s,
        Shape::Tagged { tag, .. } => {
            let chosen = value[*tag].as_str().expect("the tag is a string");
            let variant = shape.variant(chosen).expect("a known tag");
            return places_in(schema, value, variant, pointer, false, union, out);
        }
        Shape::OneOf { .. } => {
            let map = value.as_object().expect("a table");
            shape
                .sections()
                .into_iter()
                .find(|s| map.keys().all(|k| s.key(k).is_some()))
                .expect("an alternative fits")
        }
    };
    out.push(Place {
        pointer: pointer.to_string(),
        section,
        allowed: union.unwrap_or_else(|| schema_properties(schema, shape, root)),
    });
    for key in section.all_keys() {
        let Some(v) = value.get(key.name) else {
            continue;
        };
        let at = format!("{pointer}/{}", key.name);
        match &key.ty {
            Ty::Table(inner @ Shape::Tagged { .. }) => {
                let union = schema_properties(schema, inner, false);
                places_in(schema, v, inner, &at, false, Some(union), out)
            }
            Ty::Table(inner) => places(schema, v, inner, &at, false, out),
            Ty::Tables { shape: inner, .. } | Ty::Scale { shape: inner, .. } => {
                for (i, item) in v.as_array().unwrap().iter().enumerate() {
                    places(schema, item, inner, &format!("{at}/{i}"), false, out);
                }
            }
            Ty::List {
                item: Ty::AnyOf(tys),
                ..
            } => {
                let table = tys.iter().find_map(|t| match t {
                    Ty::Table(s) => Some(*s),
                    _ => None,
                });
                for (i, item) in v.as_array().unwrap().iter().enumerate() {
                    if let (Some(inner), true) = (table, item.is_object()) {
                        places(schema, item, inner, &format!("{at}/{i}"), false, out);
                    }
                }
            }
            _ => {}
        }
    }
}

/// Every section a file of this shape may contain, by id.
fn reachable(shape: &'static Shape, out: &mut BTreeSet<&'static str>) {
    fn in_ty(ty: &'static Ty, out: &mut BTreeSet<&'static str>) {
        match ty {
            Ty::Table(s) | Ty::Tables { shape: s, .. } | Ty::Scale { shape: s, .. } => {
                reachable(s, out)
            }
            Ty::List { item, .. } => in_ty(item, out),
            Ty::AnyOf(tys) => tys.iter().for_each(|t| in_ty(t, out)),
            _ => {}
        }
    }
    for section in shape.sections() {
        if out.insert(section.id) {
            section.all_keys().for_each(|k| in_ty(&k.ty, out));
        }
    }
}

/// A value of the wrong type for `ty`.
fn wrong_value(ty: &Ty) -> Value {
    match ty {
        Ty::Bool => json!("yes"),
        _ => json!(true),
    }
}

/// Values just past the limits of `ty` that the schema states, given the valid value
/// (if the file has one): each must be rejected by both.
fn past_limits(ty: &Ty, valid: Option<&Value>) -> Vec<Value> {
    let mut out = Vec::new();
    match ty {
        Ty::Names(_) => out.push(json!("zz_not_listed")),
        Ty::Text => out.push(json!("   ")),
        Ty::Pattern(_) => out.push(json!("Not A Pattern!")),
        Ty::Const(n) => out.push(json!(n + 1)),
        Ty::Int { min, max } => {
            out.extend(min.map(|m| json!(m - 1)));
            out.extend(max.map(|m| json!(m + 1)));
        }
        Ty::Number { min, max, above } => {
            out.extend(min.map(|m| json!(m - 1.0)));
            out.extend(max.map(|m| json!(m + 0.5)));
            out.extend(above.map(|m| json!(m)));
        }
        Ty::List { min, unique, .. } => {
            if let Some(items) = valid.and_then(Value::as_array) {
                if *min > 0 {
                    out.push(Value::Array(items[..min - 1].to_vec()));
                }
                if *unique && !items.is_empty() {
                    let mut twice = items.clone();
                    twice.push(items[0].clone());
                    out.push(Value::Array(twice));
                }
            }
        }
        Ty::Tables { min, .. } if *min > 0 => out.push(json!([])),
        Ty::Scale { .. } => {
            if let Some(items) = valid.and_then(Value::as_array) {
                // One level short, and one level twice.
                out.push(Value::Array(items[1..].to_vec()));
                let mut twice = items[1..].to_vec();
                twice.push(items[1].clone());
                out.push(Value::Array(twice));
            }
        }
        Ty::Map { min, .. } if *min > 0 => out.push(json!({})),
        _ => {}
    }
    out
}

/// The limits of `ty` themselves, where loader and schema must agree too.
fn at_limits(ty: &Ty) -> Vec<Value> {
    match ty {
        Ty::Int { min, max } => min.iter().chain(max).map(|m| json!(m)).collect(),
        Ty::Number { min, max, .. } => min.iter().chain(max).map(|m| json!(m)).collect(),
        _ => Vec::new(),
    }
}

fn edit(doc: &Value, pointer: &str, f: impl FnOnce(&mut serde_json::Map<String, Value>)) -> Value {
    let mut doc = doc.clone();
    let table = doc
        .pointer_mut(pointer)
        .and_then(Value::as_object_mut)
        .expect("a table");
    f(table);
    doc
}

#[test]
fn the_loader_and_the_schema_agree_on_every_key() {
    for kind in SchemaKind::ALL {
        let schema = json_schema(kind);
        let validator = jsonschema::draft7::new(&schema).expect("the schema compiles");
        let base = valid(kind);
        let errors = loader_errors(kind, &base);
        assert!(errors.is_empty(), "{}: {errors:#?}", kind.name());
        assert!(validator.is_valid(&base), "{}", kind.name());

        let mut found = Vec::new();
        places(&schema, &base, root_shape(kind), "", true, &mut found);
        let mut all = BTreeSet::new();
        reachable(root_shape(kind), &mut all);
        let covered: BTreeSet<&str> = found.iter().map(|p| p.section.id).collect();
        assert_eq!(
            covered,
            all,
            "{}: the valid file has a table of every section (add a new kind's step to it)",
            kind.name()
        );
        let mut disagreements = Vec::new();
        let mut check = |what: String, doc: Value, both_reject: bool| {
            let loader_ok = loader_errors(kind, &doc).is_empty();
            let schema_ok = validator.is_valid(&doc);
            if loader_ok != schema_ok || (both_reject && loader_ok) {
                disagreements.push(format!(
                    "{}: {what}: loader {}, schema {}",
                    kind.name(),
                    if loader_ok { "accepts" } else { "rejects" },
                    if schema_ok { "accepts" } else { "rejects" },
                ));
            }
        };
        for place in &found {
            let at = if place.pointer.is_empty() {
                "the file".to_string()
            } else {
                place.pointer.clone()
            };
            // An unknown key: both reject it, and the loader's list of allowed keys is
            // the schema's.
            let doc = edit(&base, &place.pointer, |t| {
                t.insert("zz_unknown".into(), json!(1));
            });
            let message = loader_errors(kind, &doc)
                .into_iter()
                .find(|m| m.contains("unknown field `zz_unknown`"))
                .unwrap_or_else(|| panic!("{at}: the loader reports the unknown key"));
            let listed: BTreeSet<String> = message
                .split_once("allowed fields: ")
                .expect("the allowed keys are listed")
                .1
                .split(", ")
                .map(str::to_string)
                .collect();
            assert_eq!(listed, place.allowed, "{at}: loader and schema keys");
            check(format!("{at}: unknown key"), doc, true);

            for key in place.section.all_keys() {
                let present = base
                    .pointer(&format!("{}/{}", place.pointer, key.name))
                    .is_some();
                if present {
                    let removed = edit(&base, &place.pointer, |t| {
                        t.remove(key.name);
                    });
                    check(
                        format!("{at}: without `{}`", key.name),
                        removed,
                        key.required,
                    );
                }
                let mistyped = edit(&base, &place.pointer, |t| {
                    t.insert(key.name.into(), wrong_value(&key.ty));
                });
                let unknown = format!("unknown field `{}`", key.name);
                assert!(
                    !loader_errors(kind, &mistyped)
                        .iter()
                        .any(|m| m.contains(&unknown)),
                    "{at}: the loader takes `{}`, which the schema lists",
                    key.name
                );
                check(format!("{at}: `{}` mistyped", key.name), mistyped, true);
                let valid_value = base.pointer(&format!("{}/{}", place.pointer, key.name));
                for bad in past_limits(&key.ty, valid_value) {
                    let doc = edit(&base, &place.pointer, |t| {
                        t.insert(key.name.into(), bad.clone());
                    });
                    check(format!("{at}: `{}` = {bad}", key.name), doc, true);
                }
                for edge in at_limits(&key.ty) {
                    let doc = edit(&base, &place.pointer, |t| {
                        t.insert(key.name.into(), edge.clone());
                    });
                    check(format!("{at}: `{}` = {edge}", key.name), doc, false);
                }
            }
        }
        assert!(disagreements.is_empty(), "{disagreements:#?}");
    }
}

#[test]
fn the_tag_lists_are_the_named_lists() {
    assert_eq!(super::steps::STEP.tags(), super::STEP_TYPES);
    assert_eq!(super::labs::LAB.tags(), super::LabKind::names());
    assert_eq!(
        super::checkers::EXERCISE.tags(),
        crate::exercises::CHECKERS.to_vec()
    );
}
