//! `skills.toml` (the level scale and the skills) and `roles.toml` (career roles and
//! the skill levels they require). Entries load one by one: a broken entry is left
//! out and reported, the others still load.

use std::collections::BTreeMap;

use super::fields::{Ctx, Fields, Ref, dash_id, is_skill_id, quote};
use super::shape::{DASH_ID, FORMAT_VERSION, SKILL_ID, Section, Shape, Ty, int_range, opt, req};
use super::source::SourceFile;
use super::spanned::Value;
use super::text::read_toml;
use super::{LevelInfo, Problem, Role, Route, Skill};
use crate::sanitize::clean;

pub const SKILLS_FILE: Shape = Shape::Section(Section {
    id: "skills_file",
    doc: "A skills.toml: the level scale 0-5 and the skills that lessons give evidence for \
          and roles require.",
    keys: &[&[
        FORMAT_VERSION,
        opt(
            "levels",
            Ty::Scale {
                shape: &LEVEL,
                key: "level",
                lo: 0,
                hi: 5,
            },
            "The level scale: each of the levels 0 to 5 once. Required in the bundled \
             skills.toml; an extra directory's file may leave the scale to it.",
        ),
        req(
            "skills",
            Ty::Tables {
                shape: &SKILL,
                min: 0,
            },
            "One `[[skills]]` section per skill.",
        ),
    ]],
    exactly_one: &[],
});

const LEVEL: Shape = Shape::Section(Section {
    id: "level",
    doc: "One level of the 0-5 scale.",
    keys: &[&[
        req("level", int_range(0, 5), "The level, 0 to 5."),
        req("name", Ty::Text, "Its one-word name, e.g. \"independent\"."),
        req(
            "description",
            Ty::Text,
            "One sentence on what the level means.",
        ),
    ]],
    exactly_one: &[],
});

const SKILL: Shape = Shape::Section(Section {
    id: "skill",
    doc: "A skill.",
    keys: &[&[
        req(
            "id",
            Ty::Pattern(SKILL_ID),
            "The skill id, [a-z0-9_]+, unique; progress is stored under it.",
        ),
        req("name", Ty::Text, "The skill's name."),
        req(
            "description",
            Ty::Text,
            "One sentence on what the skill is.",
        ),
        opt(
            "self_study",
            Ty::List {
                item: &Ty::AnyOf(&[Ty::Text, Ty::Table(&ROUTE)]),
                min: 0,
                unique: false,
            },
            "Self-study routes outside mlpath: a string (level 2), or a table with `text`, \
             `level` and `hours`.",
        ),
    ]],
    exactly_one: &[],
});

const ROUTE: Shape = Shape::Section(Section {
    id: "route",
    doc: "A self-study route: a course, book or project outside mlpath.",
    keys: &[&[
        req("text", Ty::Text, "The route, in one or two sentences."),
        opt(
            "level",
            int_range(1, 5),
            "The level finishing the route shows, 1 to 5 (default 2).",
        ),
        opt(
            "hours",
            Ty::Number {
                min: None,
                max: None,
                above: Some(0.0),
            },
            "The time the route takes, in hours, above 0.",
        ),
    ]],
    exactly_one: &[],
});

pub const ROLES_FILE: Shape = Shape::Section(Section {
    id: "roles_file",
    doc: "A roles.toml: career roles and the skill levels they require.",
    keys: &[&[
        FORMAT_VERSION,
        req(
            "roles",
            Ty::Tables {
                shape: &ROLE,
                min: 0,
            },
            "One `[[roles]]` section per role.",
        ),
    ]],
    exactly_one: &[],
});

const ROLE: Shape = Shape::Section(Section {
    id: "role",
    doc: "A career role.",
    keys: &[&[
        req(
            "id",
            Ty::Pattern(DASH_ID),
            "The role id, [a-z0-9-]+, unique in the file.",
        ),
        req("name", Ty::Text, "The role's name."),
        req(
            "description",
            Ty::Text,
            "What the role does, in a few sentences.",
        ),
        req(
            "requires",
            Ty::Map {
                key: SKILL_ID,
                value: &int_range(1, 5),
                min: 1,
            },
            "Skill id (from skills.toml) = the level 1-5 a job-ready person needs; leave out \
             skills the role does not require.",
        ),
        opt(
            "core",
            Ty::List {
                item: &Ty::Str,
                min: 0,
                unique: true,
            },
            "The role's core skills (weight 3 in readiness), each among `requires`.",
        ),
    ]],
    exactly_one: &[],
});

#[derive(Debug, Clone, Default)]
pub struct SkillsFile {
    /// The level scale, when the file has a complete and valid one.
    pub levels: Option<Vec<LevelInfo>>,
    /// Skills that loaded, with the position of their id.
    pub skills: Vec<(Skill, Ref)>,
    /// Every skill id written in the file, loaded or not, for messages.
    pub declared: Vec<String>,
}

/// Reads a `skills.toml`. `levels_required`: whether `[[levels]]` must be present (in
/// the bundled file; extra files may leave the scale to it).
pub fn parse_skills(
    file: &SourceFile,
    levels_required: bool,
    problems: &mut Vec<Problem>,
) -> SkillsFile {
    let mut out = SkillsFile::default();
    let Some((doc, table)) = read_toml(file, problems) else {
        return out;
    };
    let mut cx = Ctx::new(&file.path, &doc);
    let f = Fields::shaped(&mut cx, &table, 0, "skills.toml", &SKILLS_FILE);
    f.format_version(&mut cx);
    if f.has("levels") || levels_required {
        out.levels = levels(&mut cx, &f);
    }
    let skills = f.opt_tables(&mut cx, "skills", "[[skills]]");
    if skills.is_none() && !f.has("skills") {
        cx.error(
            0,
            "missing `[[skills]]` sections in skills.toml; add one per skill with id, name and description",
        );
    }
    for s in skills.map(|s| s.1).unwrap_or_default() {
        let before = cx.problems.len();
        let f = Fields::shaped(&mut cx, s.value, s.at, "this skill", &SKILL);
        let id = f.req_str(&mut cx, "id", "id = \"eval_metrics\"");
        if let Some(id) = &id {
            if !is_skill_id(&id.value) {
                cx.error(
                    id.at,
                    format!(
                        "skill id {} may only contain lowercase letters a-z, digits and underscores; write e.g. `id = \"eval_metrics\"`",
                        quote(&id.value)
                    ),
                );
            } else if out.declared.contains(&id.value) {
                cx.error(
                    id.at,
                    format!(
                        "skill id {} is defined twice in this file; keep one",
                        quote(&id.value)
                    ),
                );
            } else {
                out.declared.push(id.value.clone());
            }
        }
        let name = f.req_text(&mut cx, "name", "name = \"Evaluation metrics\"");
        let description = f.req_text(&mut cx, "description", "description = \"One sentence.\"");
        let self_study = routes(&mut cx, &f);
        if cx.problems.len() == before
            && let (Some(id), Some(name), Some(description)) = (id, name, description)
        {
            let id_ref = cx.make_ref(id.value.clone(), id.at);
            out.skills.push((
                Skill {
                    id: id.value,
                    name: clean(&name.value),
                    description: clean(&description.value),
                    self_study,
                },
                id_ref,
            ));
        }
    }
    problems.append(&mut cx.problems);
    out
}

const ROUTE_EXAMPLE: &str =
    "self_study = [\"A course.\", { text = \"A project.\", level = 3, hours = 20 }]";

/// Reads `self_study`: each route is a string (level 2, no estimate) or a table with
/// `text`, an optional `level` (1 to 5) and optional `hours` (above 0).
fn routes(cx: &mut Ctx<'_>, f: &Fields<'_>) -> Vec<Route> {
    let Some(e) = f.get("self_study") else {
        return Vec::new();
    };
    let Value::Array(items) = &e.node.value else {
        cx.error(
            e.node.span.start,
            format!(
                "`self_study` must be an array, found {}; write e.g. `{ROUTE_EXAMPLE}`",
                e.node.value.type_name()
            ),
        );
        return Vec::new();
    };
    let mut out = Vec::new();
    for item in items {
        let at = item.span.start;
        let route = match &item.value {
            Value::Str(text) => Some(Route::plain(clean(text))),
            Value::Table(table) => {
                let rf = Fields::shaped(cx, table, at, "this self-study route", &ROUTE);
                let text = rf.req_text(cx, "text", "text = \"A project.\"");
                let level = rf.opt_int(cx, "level", "level = 3");
                let hours = rf.opt_number(cx, "hours", "hours = 20");
                let level = match level {
                    Some(l) if (1..=5).contains(&l.value) => Some(l.value as u8),
                    Some(l) => {
                        cx.error(
                            l.at,
                            format!(
                                "route level {} is outside 1-5; write the level finishing the route shows, e.g. `level = 3`",
                                l.value
                            ),
                        );
                        None
                    }
                    None => Some(Route::DEFAULT_LEVEL),
                };
                let hours = match hours {
                    Some(h) if h.value.is_finite() && h.value > 0.0 => Some(Some(h.value)),
                    Some(h) => {
                        cx.error(
                            h.at,
                            "`hours` must be a number above 0; write the time the route states, e.g. `hours = 20`, or leave it out",
                        );
                        None
                    }
                    None => Some(None),
                };
                match (text, level, hours) {
                    (Some(text), Some(level), Some(hours)) => Some(Route {
                        text: clean(&text.value),
                        level,
                        hours,
                    }),
                    _ => None,
                }
            }
            other => {
                cx.error(
                    at,
                    format!(
                        "every entry of `self_study` must be a string or a table, found {}; write e.g. `{ROUTE_EXAMPLE}`",
                        other.type_name()
                    ),
                );
                None
            }
        };
        match route {
            Some(r) if r.text.trim().is_empty() => {
                cx.error(at, "this self-study entry is empty; write it or remove it")
            }
            Some(r) => out.push(r),
            None => {}
        }
    }
    out
}

/// Reads `[[levels]]`: exactly the levels 0 to 5, each once.
fn levels(cx: &mut Ctx<'_>, f: &Fields<'_>) -> Option<Vec<LevelInfo>> {
    let before = cx.problems.len();
    let Some((at, tables)) = f.opt_tables(cx, "levels", "[[levels]]") else {
        if !f.has("levels") {
            cx.error(
                0,
                "missing `[[levels]]` sections in skills.toml; add the six levels 0 to 5, each with level, name and description",
            );
        }
        return None;
    };
    let mut out: Vec<LevelInfo> = Vec::new();
    for t in tables {
        let f = Fields::shaped(cx, t.value, t.at, "this level", &LEVEL);
        let level = f.req_int(cx, "level", "level = 3");
        let name = f.req_text(cx, "name", "name = \"independent\"");
        let description = f.req_text(cx, "description", "description = \"One sentence.\"");
        let Some(level) = level else { continue };
        if !(0..=5).contains(&level.value) {
            cx.error(
                level.at,
                format!(
                    "level {} is outside the scale; the levels are 0 to 5",
                    level.value
                ),
            );
        } else if out.iter().any(|l| i64::from(l.level) == level.value) {
            cx.error(
                level.at,
                format!(
                    "level {} is defined twice; define each of 0 to 5 once",
                    level.value
                ),
            );
        } else if let (Some(name), Some(description)) = (name, description) {
            out.push(LevelInfo {
                level: level.value as u8,
                name: clean(&name.value),
                description: clean(&description.value),
            });
        }
    }
    let missing: Vec<String> = (0..=5u8)
        .filter(|l| !out.iter().any(|x| x.level == *l))
        .map(|l| l.to_string())
        .collect();
    if !missing.is_empty() {
        cx.error(
            at,
            format!(
                "the level scale is incomplete: {} missing; define each of the levels 0 to 5 once",
                if missing.len() == 1 {
                    format!("level {} is", missing[0])
                } else {
                    format!("levels {} are", missing.join(", "))
                }
            ),
        );
        return None;
    }
    if cx.problems.len() > before {
        return None;
    }
    out.sort_by_key(|l| l.level);
    Some(out)
}

/// A role as read, with the positions of its skill ids for the checks against skills.
#[derive(Debug, Clone)]
pub struct RoleDraft {
    pub role: Role,
    pub id: Ref,
    /// Skill ids in `requires`, at their keys.
    pub skills: Vec<Ref>,
    /// Whether the role had no problems in its file.
    pub ok: bool,
}

/// Reads a `roles.toml`. Every role with an id is returned, so that its skill ids
/// are checked too; those with problems have `ok` false and are left out later.
pub fn parse_roles(file: &SourceFile, problems: &mut Vec<Problem>) -> Vec<RoleDraft> {
    let Some((doc, table)) = read_toml(file, problems) else {
        return Vec::new();
    };
    let mut cx = Ctx::new(&file.path, &doc);
    let f = Fields::shaped(&mut cx, &table, 0, "roles.toml", &ROLES_FILE);
    f.format_version(&mut cx);
    let roles = f.opt_tables(&mut cx, "roles", "[[roles]]");
    if roles.is_none() && !f.has("roles") {
        cx.error(
            0,
            "missing `[[roles]]` sections in roles.toml; add one per role with id, name, description, requires and core",
        );
    }
    let mut out: Vec<RoleDraft> = Vec::new();
    let mut seen: Vec<String> = Vec::new();
    for r in roles.map(|r| r.1).unwrap_or_default() {
        let before = cx.problems.len();
        let f = Fields::shaped(&mut cx, r.value, r.at, "this role", &ROLE);
        let mut id = dash_id(&mut cx, &f, "id = \"ml-engineer\"");
        if let Some(i) = &id {
            if seen.contains(&i.value) {
                cx.error(
                    i.at,
                    format!(
                        "role id {} is defined twice in this file; keep one",
                        quote(&i.value)
                    ),
                );
                // Reported here; the second definition is not considered further.
                id = None;
            } else {
                seen.push(i.value.clone());
            }
        }
        let name = f.req_text(&mut cx, "name", "name = \"Machine Learning Engineer\"");
        let description = f.req_text(&mut cx, "description", "description = \"One sentence.\"");
        let mut requires = BTreeMap::new();
        let mut skills = Vec::new();
        if let Some(t) = f.req_table(
            &mut cx,
            "requires",
            "requires = { python = 4, ml_core = 4 }",
        ) {
            for e in &t.value.entries {
                match &e.node.value {
                    Value::Int(n) if (1..=5).contains(n) => {
                        requires.insert(clean(&e.key), *n as u8);
                        skills.push(cx.make_ref(e.key.clone(), e.key_span.start));
                    }
                    Value::Int(0) => cx.error(
                        e.node.span.start,
                        "required level 0 means not required; remove this skill from `requires`",
                    ),
                    Value::Int(n) => cx.error(
                        e.node.span.start,
                        format!("required level {n} is outside 1-5; write the level a job-ready person needs"),
                    ),
                    other => cx.error(
                        e.node.span.start,
                        format!(
                            "a required level must be an integer from 1 to 5, found {}",
                            other.type_name()
                        ),
                    ),
                }
            }
            if t.value.entries.is_empty() {
                cx.error(t.at, "the role requires no skills; list the skills and levels it requires, e.g. `requires = { python = 4 }`");
            }
        }
        let core = f
            .opt_str_list(&mut cx, "core", "core = [\"python\", \"ml_core\"]")
            .unwrap_or_default();
        for (i, c) in core.iter().enumerate() {
            if core[..i].iter().any(|p| p.value == c.value) {
                cx.error(
                    c.at,
                    format!(
                        "core skill {} is listed twice; list it once",
                        quote(&c.value)
                    ),
                );
            } else if f.has("requires") && !requires.contains_key(&c.value) {
                let required: Vec<&str> = requires.keys().map(String::as_str).collect();
                cx.error(
                    c.at,
                    format!(
                        "core skill {} is not among the role's required skills{}; add it to `requires` or remove it from `core`",
                        quote(&c.value),
                        super::suggest::did_you_mean(&c.value, required)
                    ),
                );
            }
        }
        if let Some(id) = id {
            let ok = cx.problems.len() == before;
            out.push(RoleDraft {
                id: cx.make_ref(id.value.clone(), id.at),
                role: Role {
                    id: id.value,
                    name: name.map(|n| clean(&n.value)).unwrap_or_default(),
                    description: description.map(|d| clean(&d.value)).unwrap_or_default(),
                    requires,
                    core: core.iter().map(|c| clean(&c.value)).collect(),
                },
                skills,
                ok,
            });
        }
    }
    problems.append(&mut cx.problems);
    out
}
