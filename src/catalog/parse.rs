//! Reading one `track.toml` or one lesson file into the catalog types, keeping the
//! positions of everything that is checked across files later (ids, `requires`,
//! skill ids).

use std::collections::BTreeMap;

use super::fields::{Ctx, Fields, Ref, dash_id, is_dash_id, quote};
use super::source::{SourceFile, TrackSource};
use super::spanned::Value;
use super::steps::parse_step;
use super::text::read_toml;
use super::{Lesson, Level, Problem, Track};
use crate::sanitize::clean;

/// A track as read from its `track.toml`, before its lessons are added.
#[derive(Debug, Clone)]
pub struct TrackDraft {
    pub track: Track,
    /// The `track.toml` path.
    pub path: String,
    /// The id as written, with its position; `None` when missing or invalid.
    pub id: Option<Ref>,
    pub source: TrackSource,
}

/// Tracks without `order` come after those with one.
pub const NO_ORDER: i64 = i64::MAX;

pub fn parse_track(source: TrackSource, problems: &mut Vec<Problem>) -> TrackDraft {
    let path = source.track_file.path.clone();
    let mut track = Track {
        id: source.dir_name.clone(),
        title: String::new(),
        summary: String::new(),
        order: NO_ORDER,
        lessons: Vec::new(),
        origin: source.dir.clone(),
    };
    let mut id = None;
    if let Some((doc, table)) = read_toml(&source.track_file, problems) {
        let mut cx = Ctx::new(&path, &doc);
        let f = Fields::shaped(&mut cx, &table, 0, "track.toml", &super::shape::TRACK);
        f.format_version(&mut cx);
        if let Some(i) = dash_id(&mut cx, &f, "id = \"metrics\"") {
            track.id = i.value.clone();
            id = Some(cx.make_ref(i.value, i.at));
        }
        if let Some(t) = f.req_text(&mut cx, "title", "title = \"Evaluation metrics\"") {
            track.title = clean(&t.value);
        }
        if let Some(s) = f.req_text(&mut cx, "summary", "summary = \"One sentence.\"") {
            track.summary = clean(&s.value);
        }
        if let Some(o) = f.opt_int(&mut cx, "order", "order = 10") {
            track.order = o.value;
        }
        problems.append(&mut cx.problems);
    }
    TrackDraft {
        track,
        path,
        id,
        source,
    }
}

/// A lesson as read from its file, with what later checks need.
#[derive(Debug, Clone)]
pub struct LessonDraft {
    /// Complete only if the file had no problems; fields that could not be read are empty.
    pub lesson: Lesson,
    /// The lesson's own id (without the track), with its position.
    pub id: Option<Ref>,
    /// `requires` entries that are well-formed full ids.
    pub requires: Vec<Ref>,
    /// Skill ids from `skills`, at their keys.
    pub skills: Vec<Ref>,
    /// Skill ids named by labs.
    pub lab_skills: Vec<Ref>,
}

/// The first 16 hex digits of the SHA-256 of a file's bytes (empty when unreadable).
pub fn content_hash(file: &SourceFile) -> String {
    use sha2::{Digest, Sha256};
    match &file.content {
        super::source::Content::Bytes(bytes) => {
            let digest = Sha256::digest(bytes);
            digest[..8].iter().map(|b| format!("{b:02x}")).collect()
        }
        _ => String::new(),
    }
}

pub fn parse_lesson(
    file: &SourceFile,
    track_id: &str,
    problems: &mut Vec<Problem>,
) -> Option<LessonDraft> {
    let (doc, mut table) = read_toml(file, problems)?;
    let mut cx = Ctx::new(&file.path, &doc);
    misplaced_check_params(&mut cx, &mut table);
    let f = Fields::shaped(&mut cx, &table, 0, "the lesson", &super::shape::LESSON);
    f.format_version(&mut cx);
    let id = dash_id(&mut cx, &f, "id = \"precision-recall\"");
    let mut lesson = Lesson {
        id: String::new(),
        track: track_id.to_string(),
        title: String::new(),
        summary: String::new(),
        minutes: 0,
        level: Level::Beginner,
        requires: Vec::new(),
        skills: BTreeMap::new(),
        steps: Vec::new(),
        path: file.path.clone(),
        content_hash: content_hash(file),
    };
    if let Some(id) = &id {
        lesson.id = format!("{track_id}/{}", id.value);
    }
    if let Some(t) = f.req_text(&mut cx, "title", "title = \"Precision and recall\"") {
        lesson.title = clean(&t.value);
    }
    if let Some(s) = f.req_text(&mut cx, "summary", "summary = \"One sentence.\"") {
        lesson.summary = clean(&s.value);
    }
    if let Some(m) = f.req_int(&mut cx, "minutes", "minutes = 12") {
        match u32::try_from(m.value) {
            Ok(minutes) if minutes > 0 => lesson.minutes = minutes,
            _ => cx.error(
                m.at,
                format!(
                    "`minutes` must be a positive whole number, found {}; write e.g. `minutes = 12`",
                    m.value
                ),
            ),
        }
    }
    if let Some(l) = f.req_str(&mut cx, "level", "level = \"beginner\"") {
        match Level::parse(&l.value) {
            Some(level) => lesson.level = level,
            None => cx.error(
                l.at,
                format!(
                    "unknown level {}{}; the levels are {}",
                    quote(&l.value),
                    super::suggest::did_you_mean(&l.value, Level::NAMES),
                    Level::NAMES.join(", ")
                ),
            ),
        }
    }
    let requires = requires(&mut cx, &f, track_id, id.as_ref().map(|i| i.value.as_str()));
    lesson.requires = requires.iter().map(|r| r.value.clone()).collect();
    let mut level_at = Vec::new();
    let skills = skills(&mut cx, &f, &mut lesson.skills, &mut level_at);
    let mut lab_skills = Vec::new();
    match f.opt_tables(&mut cx, "steps", "[[steps]]") {
        None if !f.has("steps") => cx.error(
            0,
            "the lesson has no steps; add at least one `[[steps]]` section, e.g. \
             `[[steps]]` with `type = \"read\"` and `text = \"...\"`",
        ),
        None => {}
        Some((at, steps)) => {
            if steps.is_empty() {
                cx.error(at, "`steps` is empty; add at least one `[[steps]]` section");
            }
            for (i, step) in steps.iter().enumerate() {
                if let Some(s) = parse_step(&mut cx, step.value, step.at, i + 1, &mut lab_skills) {
                    lesson.steps.push(s);
                }
            }
            super::exercise::unique_files(&mut cx, &steps);
        }
    }
    honest_levels(&mut cx, &lesson.steps, &level_at);
    let id = id.map(|i| cx.make_ref(i.value, i.at));
    problems.append(&mut cx.problems);
    problems.append(&mut cx.warnings);
    Some(LessonDraft {
        lesson,
        id,
        requires,
        skills,
        lab_skills,
    })
}

/// A `[check_params]` header written after an exercise's `[[steps]]` makes a
/// top-level table in TOML, not a part of the step: say so, and how to nest it.
fn misplaced_check_params(cx: &mut Ctx<'_>, table: &mut super::spanned::Table) {
    if let Some(pos) = table.entries.iter().position(|e| e.key == "check_params") {
        let e = table.entries.remove(pos);
        cx.error(
            e.key_span.start,
            "`check_params` is at the top level of the lesson, where no step sees it: in \
             TOML a `[check_params]` header belongs to the file even after `[[steps]]`; \
             write `[steps.check_params]` and `[[steps.check_params.keys]]` to put it in \
             the step above",
        );
    }
}

/// Reads `requires`: full lesson ids `<track>/<id>`, each once.
fn requires(cx: &mut Ctx<'_>, f: &Fields<'_>, track_id: &str, own: Option<&str>) -> Vec<Ref> {
    let list = f
        .opt_str_list(cx, "requires", "requires = [\"metrics/confusion-matrix\"]")
        .unwrap_or_default();
    let mut out: Vec<Ref> = Vec::new();
    for r in list {
        let well_formed = r
            .value
            .split_once('/')
            .is_some_and(|(t, l)| is_dash_id(t) && is_dash_id(l));
        if !well_formed {
            let example = if is_dash_id(&r.value) {
                format!("`{track_id}/{}`", r.value)
            } else {
                format!("`{track_id}/<lesson-id>`")
            };
            cx.error(
                r.at,
                format!(
                    "{} is not a full lesson id; write `<track>/<id>`, e.g. {example}",
                    quote(&r.value)
                ),
            );
        } else if out.iter().any(|o| o.value == r.value) {
            cx.error(
                r.at,
                format!(
                    "{} is listed twice in `requires`; list it once",
                    quote(&r.value)
                ),
            );
        } else if own.is_some_and(|own| r.value == format!("{track_id}/{own}")) {
            cx.error(r.at, "a lesson cannot require itself; remove this entry");
        } else {
            out.push(cx.make_ref(r.value, r.at));
        }
    }
    out
}

/// The levels a lesson may claim: quizzes and guided labs show at most 2, an unguided
/// exercise or lab (`independent = true`) shows 3, and 4-5 come only from evidence
/// outside mlpath (a project, a job).
fn honest_levels(cx: &mut Ctx<'_>, steps: &[super::Step], level_at: &[(String, u8, usize)]) {
    let unguided = steps.iter().any(super::Step::is_independent);
    for (skill, level, at) in level_at {
        let skill = crate::sanitize::clean_line(skill);
        if *level > MAX_LESSON_LEVEL {
            cx.error(
                *at,
                format!(
                    "a lesson shows at most level {MAX_LESSON_LEVEL}: levels 4 and 5 come only \
                     from outside evidence (a project, a job); write `{skill} = 3` or lower"
                ),
            );
        } else if *level > MAX_GUIDED_LEVEL && !unguided {
            cx.error(
                *at,
                format!(
                    "level {level} needs an unguided task: quizzes and guided labs show at most \
                     level {MAX_GUIDED_LEVEL}; mark an exercise or lab step `independent = true` \
                     or write `{skill} = {MAX_GUIDED_LEVEL}`"
                ),
            );
        }
    }
}

/// The highest level quizzes and guided labs show.
pub const MAX_GUIDED_LEVEL: u8 = 2;
/// The highest level any lesson shows (with an unguided task).
pub const MAX_LESSON_LEVEL: u8 = 3;

/// Reads `skills = { skill_id = level }`, levels 0-5. Skill ids are checked later.
fn skills(
    cx: &mut Ctx<'_>,
    f: &Fields<'_>,
    into: &mut BTreeMap<String, u8>,
    level_at: &mut Vec<(String, u8, usize)>,
) -> Vec<Ref> {
    let Some(table) = f.opt_table(cx, "skills", "skills = { eval_metrics = 2 }") else {
        return Vec::new();
    };
    let mut refs = Vec::new();
    for e in &table.value.entries {
        match &e.node.value {
            Value::Int(n) if (0..=5).contains(n) => {
                into.insert(clean(&e.key), *n as u8);
                level_at.push((clean(&e.key), *n as u8, e.node.span.start));
                refs.push(cx.make_ref(e.key.clone(), e.key_span.start));
            }
            Value::Int(n) => cx.error(
                e.node.span.start,
                format!(
                    "skill level {n} is outside the scale 0-5; write the level this lesson gives \
                     evidence of, e.g. `{} = 2`",
                    crate::sanitize::clean_line(&e.key)
                ),
            ),
            other => cx.error(
                e.node.span.start,
                format!(
                    "a skill level must be an integer from 0 to 5, found {}; write e.g. `{} = 2`",
                    other.type_name(),
                    crate::sanitize::clean_line(&e.key)
                ),
            ),
        }
    }
    refs
}
