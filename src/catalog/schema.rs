//! JSON Schemas of the lesson-format files, for editors: generated from the shapes in
//! [`super::shape`] that the loader reads its keys from, so that completion and
//! `mlpath lessons check` never disagree on which keys exist.
//!
//! The schemas are JSON Schema draft-07, which Taplo (Even Better TOML) and most
//! editors understand. A schema checks each file on its own: what needs other keys'
//! values, other files or the datasets' columns stays with `mlpath lessons check`.

use serde_json::{Map, Value, json};

use super::shape::{Key, Section, Shape, Ty};

/// The JSON Schema dialect of every generated schema.
pub const DRAFT: &str = "http://json-schema.org/draft-07/schema#";

/// The files a schema describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SchemaKind {
    /// A lesson file, `<NN>-<slug>.toml`.
    Lesson,
    /// A `track.toml`.
    Track,
    /// `skills.toml`.
    Skills,
    /// `roles.toml`.
    Roles,
}

impl SchemaKind {
    pub const ALL: [SchemaKind; 4] = [
        SchemaKind::Lesson,
        SchemaKind::Track,
        SchemaKind::Skills,
        SchemaKind::Roles,
    ];

    /// `lesson`, `track`, `skills` or `roles`.
    pub fn name(self) -> &'static str {
        match self {
            SchemaKind::Lesson => "lesson",
            SchemaKind::Track => "track",
            SchemaKind::Skills => "skills",
            SchemaKind::Roles => "roles",
        }
    }

    /// The file name `lessons schema --out` writes: `lesson.schema.json`.
    pub fn file_name(self) -> String {
        format!("{}.schema.json", self.name())
    }

    fn shape(self) -> &'static Shape {
        match self {
            SchemaKind::Lesson => &super::shape::LESSON,
            SchemaKind::Track => &super::shape::TRACK,
            SchemaKind::Skills => &super::skillfile::SKILLS_FILE,
            SchemaKind::Roles => &super::skillfile::ROLES_FILE,
        }
    }

    fn title(self) -> &'static str {
        match self {
            SchemaKind::Lesson => "mlpath lesson file",
            SchemaKind::Track => "mlpath track.toml",
            SchemaKind::Skills => "mlpath skills.toml",
            SchemaKind::Roles => "mlpath roles.toml",
        }
    }
}

/// The JSON Schema of one kind of file.
pub fn json_schema(kind: SchemaKind) -> Value {
    let mut defs = Map::new();
    let Value::Object(body) = shape_schema(kind.shape(), &[], &mut defs) else {
        unreachable!("a shape's schema is an object")
    };
    let mut root = Map::new();
    root.insert("$schema".into(), DRAFT.into());
    root.insert("title".into(), kind.title().into());
    root.extend(body);
    root.insert("definitions".into(), Value::Object(defs));
    Value::Object(root)
}

/// A `$ref` to the shape's definition, defining it first if needed.
fn reference(shape: &Shape, consts: &[(&str, &str)], defs: &mut Map<String, Value>) -> Value {
    let id = shape.id();
    if !defs.contains_key(id) {
        // A placeholder first, so that a shape that contains itself ends.
        defs.insert(id.into(), Value::Bool(true));
        let schema = shape_schema(shape, consts, defs);
        defs.insert(id.into(), schema);
    }
    json!({ "$ref": format!("#/definitions/{id}") })
}

/// `consts`: the tags that chose this shape (`type = "lab"`, `lab = "train"`), fixed
/// to their values in the sections below.
fn shape_schema(shape: &Shape, consts: &[(&str, &str)], defs: &mut Map<String, Value>) -> Value {
    match shape {
        Shape::Section(s) => section_schema(s, consts, defs),
        Shape::Tagged {
            doc, tag, variants, ..
        } => {
            let tags: Vec<&str> = variants.iter().map(|(v, _)| *v).collect();
            let branches: Vec<Value> = variants
                .iter()
                .map(|(value, variant)| {
                    let mut inner = consts.to_vec();
                    inner.push((tag, value));
                    reference(variant, &inner, defs)
                })
                .collect();
            json!({
                "type": "object",
                "description": doc,
                "required": [tag],
                "properties": { *tag: { "type": "string", "enum": tags } },
                "oneOf": branches,
            })
        }
        Shape::OneOf { doc, shapes, .. } => {
            let branches: Vec<Value> = shapes.iter().map(|s| reference(s, consts, defs)).collect();
            json!({ "type": "object", "description": doc, "oneOf": branches })
        }
    }
}

fn section_schema(s: &Section, consts: &[(&str, &str)], defs: &mut Map<String, Value>) -> Value {
    let mut properties = Map::new();
    let mut required = Vec::new();
    let mut dependencies = Map::new();
    for key in s.all_keys() {
        let mut schema = key_schema(key, defs);
        if let Some((_, value)) = consts.iter().find(|(tag, _)| *tag == key.name) {
            schema = json!({ "const": value, "description": key.doc });
        }
        properties.insert(key.name.into(), schema);
        if key.required {
            required.push(key.name);
        }
        if !key.needs.is_empty() {
            dependencies.insert(key.name.into(), json!(key.needs));
        }
    }
    let mut out = Map::new();
    out.insert("type".into(), "object".into());
    out.insert("description".into(), s.doc.into());
    out.insert("properties".into(), Value::Object(properties));
    if !required.is_empty() {
        out.insert("required".into(), json!(required));
    }
    out.insert("additionalProperties".into(), false.into());
    if !dependencies.is_empty() {
        out.insert("dependencies".into(), Value::Object(dependencies));
    }
    let exactly_one: Vec<Value> = s
        .exactly_one
        .iter()
        .map(|set| {
            let each: Vec<Value> = set.iter().map(|k| json!({ "required": [k] })).collect();
            json!({ "oneOf": each })
        })
        .collect();
    if !exactly_one.is_empty() {
        out.insert("allOf".into(), Value::Array(exactly_one));
    }
    Value::Object(out)
}

fn key_schema(key: &Key, defs: &mut Map<String, Value>) -> Value {
    let mut schema = ty_schema(&key.ty, defs);
    if let Value::Object(map) = &mut schema {
        map.insert("description".into(), key.doc.into());
    }
    schema
}

fn ty_schema(ty: &Ty, defs: &mut Map<String, Value>) -> Value {
    let mut out = Map::new();
    let mut set = |k: &str, v: Value| {
        out.insert(k.to_string(), v);
    };
    match ty {
        Ty::Str => set("type", "string".into()),
        Ty::Text => {
            set("type", "string".into());
            // Some text that is not blank.
            set("pattern", "\\S".into());
        }
        Ty::Pattern(p) => {
            set("type", "string".into());
            set("pattern", (*p).into());
        }
        Ty::Names(names) => {
            set("type", "string".into());
            set("enum", json!(names()));
        }
        Ty::Const(n) => {
            set("type", "integer".into());
            set("const", json!(n));
        }
        Ty::Int { min, max } => {
            set("type", "integer".into());
            if let Some(m) = min {
                set("minimum", json!(m));
            }
            if let Some(m) = max {
                set("maximum", json!(m));
            }
        }
        Ty::Number { min, max, above } => {
            set("type", "number".into());
            if let Some(m) = min {
                set("minimum", json!(m));
            }
            if let Some(m) = max {
                set("maximum", json!(m));
            }
            if let Some(m) = above {
                set("exclusiveMinimum", json!(m));
            }
        }
        Ty::Bool => set("type", "boolean".into()),
        Ty::List { item, min, unique } => {
            set("type", "array".into());
            set("items", ty_schema(item, defs));
            if *min > 0 {
                set("minItems", json!(min));
            }
            if *unique {
                set("uniqueItems", true.into());
            }
        }
        Ty::Table(shape) => return reference(shape, &[], defs),
        Ty::Tables { shape, min } => {
            set("type", "array".into());
            set("items", reference(shape, &[], defs));
            if *min > 0 {
                set("minItems", json!(min));
            }
        }
        Ty::Scale { shape, key, lo, hi } => {
            let count = hi - lo + 1;
            set("type", "array".into());
            set("items", reference(shape, &[], defs));
            set("minItems", json!(count));
            set("maxItems", json!(count));
            let each: Vec<Value> = (*lo..=*hi)
                .map(|v| json!({ "contains": { "required": [key], "properties": { *key: { "const": v } } } }))
                .collect();
            set("allOf", Value::Array(each));
        }
        Ty::Map { key, value, min } => {
            set("type", "object".into());
            set("propertyNames", json!({ "pattern": key }));
            set("additionalProperties", ty_schema(value, defs));
            if *min > 0 {
                set("minProperties", json!(min));
            }
        }
        Ty::AnyOf(tys) => {
            let each: Vec<Value> = tys.iter().map(|t| ty_schema(t, defs)).collect();
            set("anyOf", Value::Array(each));
        }
        Ty::Scalar => set("type", json!(["string", "number", "boolean"])),
    }
    Value::Object(out)
}
