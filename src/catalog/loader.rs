//! Putting the catalog together: bundled lessons first, then extra directories, which
//! replace bundled tracks, skills and roles of the same id and add new ones.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use super::check::{self, SkillIds};
use super::fields::{Ref, quote};
use super::parse::{LessonDraft, TrackDraft, parse_lesson, parse_track};
use super::skillfile::{RoleDraft, parse_roles, parse_skills};
use super::source::{self, LessonsSource, at_start};
use super::{Catalog, LevelInfo, Problem, Skill};
use crate::assets;

/// The environment variable holding extra lesson directories (a path list).
pub const LESSONS_ENV: &str = "MLPATH_LESSONS";

/// The extra lesson directories: those given with `--lessons`, then those in
/// `MLPATH_LESSONS` (separated like `PATH`), without repeats.
pub fn extra_dirs_from_env(cli: &[PathBuf]) -> Vec<PathBuf> {
    join_extra_dirs(cli, std::env::var_os(LESSONS_ENV).as_deref())
}

/// The directories of `--lessons` followed by those of a `MLPATH_LESSONS` value
/// (a path list), each once, empty entries dropped.
pub fn join_extra_dirs(cli: &[PathBuf], env_value: Option<&std::ffi::OsStr>) -> Vec<PathBuf> {
    let from_env: Vec<PathBuf> = env_value
        .map(|v| std::env::split_paths(v).collect())
        .unwrap_or_default();
    let mut out: Vec<PathBuf> = Vec::new();
    for dir in cli.iter().cloned().chain(from_env) {
        if !dir.as_os_str().is_empty() && !out.contains(&dir) {
            out.push(dir);
        }
    }
    out
}

/// Loads the bundled lessons and the extra directories. Never fails: every problem
/// is in [`Catalog::problems`], and a file with a problem is left out, the rest loads.
pub fn load(extra_dirs: &[PathBuf]) -> Catalog {
    let mut problems = Vec::new();
    let bundled = source::classify(source::bundled(&assets::LESSONS), true, &mut problems);
    let mut extras = Vec::new();
    for dir in extra_dirs {
        match source::disk(dir) {
            Ok(v) => extras.push(source::classify(v, false, &mut problems)),
            Err(e) => problems.push(at_start(
                &display(dir),
                format!(
                    "cannot read this lessons directory ({e}); check the path given with --lessons or {LESSONS_ENV}"
                ),
            )),
        }
    }
    assemble(bundled, extras, problems)
}

/// Checks lesson directories together with the bundled catalog: the same as
/// [`load`], for `mlpath lessons check`, whose result is the list of problems.
pub fn check(dirs: &[PathBuf]) -> Catalog {
    load(dirs)
}

fn display(path: &Path) -> String {
    crate::sanitize::clean_line(&path.display().to_string())
}

/// Something with an id that a later source may replace (when bundled) or must not
/// repeat (when from an extra directory).
struct Slot<T> {
    item: T,
    id: Ref,
    path: String,
    extra: bool,
}

/// Adds an item: an extra one replaces a bundled one of the same id; any other
/// repeat is a problem and the later item is left out.
fn merge<T>(slots: &mut Vec<Slot<T>>, new: Slot<T>, what: &str, problems: &mut Vec<Problem>) {
    match slots.iter().position(|s| s.id.value == new.id.value) {
        Some(i) if new.extra && !slots[i].extra => slots[i] = new,
        Some(i) => problems.push(new.id.problem(
            &new.path,
            format!(
                "{what} id {} is already used in {}:{}; give this one another id",
                quote(&new.id.value),
                slots[i].path,
                slots[i].id.line
            ),
        )),
        None => slots.push(new),
    }
}

fn assemble(
    bundled: LessonsSource,
    extras: Vec<LessonsSource>,
    mut problems: Vec<Problem>,
) -> Catalog {
    let sources: Vec<(LessonsSource, bool)> = std::iter::once((bundled, false))
        .chain(extras.into_iter().map(|e| (e, true)))
        .collect();

    // Skills and the level scale.
    let mut levels: Vec<LevelInfo> = Vec::new();
    let mut skills: Vec<Slot<Skill>> = Vec::new();
    let mut declared: Vec<String> = Vec::new();
    for (src, extra) in &sources {
        let Some(file) = &src.skills else { continue };
        let parsed = parse_skills(file, !extra, &mut problems);
        if let Some(l) = parsed.levels {
            levels = l;
        }
        declared.extend(parsed.declared);
        for (skill, id) in parsed.skills {
            let slot = Slot {
                item: skill,
                id,
                path: file.path.clone(),
                extra: *extra,
            };
            merge(&mut skills, slot, "skill", &mut problems);
        }
    }

    // Roles.
    let mut roles: Vec<Slot<RoleDraft>> = Vec::new();
    for (src, extra) in &sources {
        let Some(file) = &src.roles else { continue };
        for role in parse_roles(file, &mut problems) {
            let slot = Slot {
                id: role.id.clone(),
                item: role,
                path: file.path.clone(),
                extra: *extra,
            };
            merge(&mut roles, slot, "role", &mut problems);
        }
    }

    // Tracks: a later track replaces a bundled one of the same id.
    let mut tracks: Vec<Slot<TrackDraft>> = Vec::new();
    let mut broken_tracks: Vec<TrackDraft> = Vec::new();
    for (src, extra) in sources {
        for t in src.tracks {
            let mut own = Vec::new();
            let draft = parse_track(t, &mut own);
            match draft.id.clone() {
                Some(id) if own.is_empty() => {
                    let slot = Slot {
                        path: draft.path.clone(),
                        item: draft,
                        id,
                        extra,
                    };
                    merge(&mut tracks, slot, "track", &mut problems);
                }
                _ => broken_tracks.push(draft),
            }
            problems.extend(own);
        }
    }

    // Lessons of every track that could be read, loaded or not, so that their
    // problems are all reported.
    let mut lessons: Vec<LessonDraft> = Vec::new();
    let mut lesson_track_ok: Vec<bool> = Vec::new();
    let all_tracks = tracks
        .iter()
        .map(|s| (&s.item, true))
        .chain(broken_tracks.iter().map(|t| (t, false)));
    for (track, ok) in all_tracks {
        let mut ids: Vec<(String, String)> = Vec::new();
        for file in &track.source.lessons {
            let Some(draft) = parse_lesson(file, &track.track.id, &mut problems) else {
                continue;
            };
            if let Some(id) = &draft.id {
                if let Some((_, first)) = ids.iter().find(|(i, _)| *i == id.value) {
                    problems.push(id.problem(
                        &file.path,
                        format!(
                            "lesson id {} is already used by {first} in this track; give each lesson its own id",
                            quote(&id.value)
                        ),
                    ));
                    continue;
                }
                ids.push((id.value.clone(), file.name.clone()));
            }
            lessons.push(draft);
            lesson_track_ok.push(ok);
        }
    }

    let skill_ids = SkillIds {
        loaded: skills.iter().map(|s| s.id.value.as_str()).collect(),
        declared: declared.iter().map(String::as_str).collect(),
    };
    check::lesson_skills(&lessons, &skill_ids, &mut problems);
    let role_list = roles.into_iter().map(|s| (s.item, s.path)).collect();
    let roles = check::role_skills(role_list, &skill_ids, &mut problems);
    check::requires_exist(&lessons, &mut problems);
    check::cycles(&lessons, &mut problems);

    let track_ok: BTreeSet<&str> = lessons
        .iter()
        .zip(&lesson_track_ok)
        .filter(|(_, ok)| **ok)
        .map(|(l, _)| l.lesson.path.as_str())
        .collect();
    let loaded = check::loaded_lessons(
        &lessons,
        |l| track_ok.contains(l.lesson.path.as_str()),
        &mut problems,
    );

    let mut catalog_tracks: Vec<super::Track> = tracks
        .into_iter()
        .map(|s| {
            let mut track = s.item.track;
            track.lessons = lessons
                .iter()
                .zip(&loaded)
                .filter(|(l, ok)| **ok && l.lesson.track == track.id)
                .map(|(l, _)| l.lesson.clone())
                .collect();
            track
        })
        .collect();
    catalog_tracks.sort_by(|a, b| a.order.cmp(&b.order).then_with(|| a.id.cmp(&b.id)));

    problems.sort();
    problems.dedup();
    Catalog {
        tracks: catalog_tracks,
        skills: skills.into_iter().map(|s| s.item).collect(),
        levels,
        roles: roles.into_iter().map(|(r, _)| r.role).collect(),
        problems,
    }
}

#[cfg(test)]
mod tests {
    use std::borrow::Cow;

    use super::*;
    use crate::catalog::source::{Content, SourceFile, VDir};

    fn file(dir: &str, name: &str, text: &str) -> SourceFile {
        SourceFile {
            name: name.to_string(),
            path: format!("{dir}/{name}"),
            content: Content::Bytes(Cow::Owned(text.as_bytes().to_vec())),
        }
    }

    fn track_dir(root: &str, id: &str, lesson_ids: &[&str]) -> VDir {
        let dir = format!("{root}/{id}");
        let mut files = vec![file(
            &dir,
            "track.toml",
            &format!("format_version = 1\nid = \"{id}\"\ntitle = \"T\"\nsummary = \"S.\"\n"),
        )];
        for (i, l) in lesson_ids.iter().enumerate() {
            files.push(file(
                &dir,
                &format!("0{}-{l}.toml", i + 1),
                &format!(
                    "format_version = 1\nid = \"{l}\"\ntitle = \"L\"\nsummary = \"S.\"\nminutes = 1\n\
                     level = \"beginner\"\n[[steps]]\ntype = \"read\"\ntext = \"x\"\n"
                ),
            ));
        }
        VDir {
            path: dir,
            files,
            dirs: Vec::new(),
        }
    }

    fn root(path: &str, tracks: Vec<VDir>) -> VDir {
        VDir {
            path: path.to_string(),
            files: Vec::new(),
            dirs: tracks,
        }
    }

    fn build(bundled: VDir, extras: Vec<VDir>) -> Catalog {
        let mut problems = Vec::new();
        let bundled = source::classify(bundled, true, &mut problems);
        let extras = extras
            .into_iter()
            .map(|e| source::classify(e, false, &mut problems))
            .collect();
        assemble(bundled, extras, problems)
    }

    #[test]
    fn an_extra_track_replaces_the_bundled_track_of_the_same_id() {
        let catalog = build(
            root(
                "lessons",
                vec![
                    track_dir("lessons", "t", &["old"]),
                    track_dir("lessons", "u", &["x"]),
                ],
            ),
            vec![root("edited", vec![track_dir("edited", "t", &["new"])])],
        );
        assert!(catalog.problems.is_empty(), "{:?}", catalog.problems);
        let ids: Vec<&str> = catalog.lessons().map(|l| l.id.as_str()).collect();
        assert_eq!(ids, ["t/new", "u/x"]);
        assert_eq!(catalog.track("t").unwrap().origin, "edited/t");
    }

    #[test]
    fn the_same_track_twice_among_extra_directories_is_a_problem() {
        let catalog = build(
            root("lessons", vec![]),
            vec![
                root("one", vec![track_dir("one", "t", &["a"])]),
                root("two", vec![track_dir("two", "t", &["b"])]),
            ],
        );
        assert_eq!(catalog.problems.len(), 1, "{:?}", catalog.problems);
        assert_eq!(
            catalog.problems[0].to_string(),
            "two/t/track.toml:2:6: error: track id `t` is already used in one/t/track.toml:2; give this one another id"
        );
        let ids: Vec<&str> = catalog.lessons().map(|l| l.id.as_str()).collect();
        assert_eq!(ids, ["t/a"]);
    }

    #[test]
    fn tracks_sort_by_order_then_id() {
        let mut b = track_dir("lessons", "b", &[]);
        b.files[0] = file(
            "lessons/b",
            "track.toml",
            "format_version = 1\nid = \"b\"\ntitle = \"T\"\nsummary = \"S.\"\norder = 1\n",
        );
        let catalog = build(
            root(
                "lessons",
                vec![
                    track_dir("lessons", "a", &[]),
                    b,
                    track_dir("lessons", "c", &[]),
                ],
            ),
            vec![],
        );
        let ids: Vec<&str> = catalog.tracks.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(ids, ["b", "a", "c"]);
    }
}
