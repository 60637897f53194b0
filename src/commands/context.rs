//! What the skills, roles, plan and review commands need: the loaded catalog and the
//! progress store. The catalog reader here is deliberately small (no line numbers in
//! problems, no checks); the full loader in `catalog` takes its place.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::assets;
use crate::catalog::{
    Catalog, ChoiceStep, LabStep, Lesson, Level, LevelInfo, NumberStep, Problem, Role, Skill, Step,
    Track,
};
use crate::progress::ProgressStore;

/// The bundled catalog plus the lesson directories given with `--lessons` and in
/// `MLPATH_LESSONS`; directories replace bundled tracks, skills and roles of the same id.
pub fn catalog(cli_lessons: &[PathBuf]) -> Catalog {
    // replaced at merge by catalog::load and progress::store
    let mut catalog = Catalog::default();
    let mut bundled = Vec::new();
    collect_bundled(&assets::LESSONS, &mut bundled);
    add_source(&mut catalog, bundled, "bundled");
    let mut dirs: Vec<PathBuf> = cli_lessons.to_vec();
    if let Some(env) = std::env::var_os("MLPATH_LESSONS") {
        dirs.extend(std::env::split_paths(&env).filter(|p| !p.as_os_str().is_empty()));
    }
    for dir in dirs {
        match collect_disk(&dir) {
            Ok(files) => add_source(&mut catalog, files, &dir.display().to_string()),
            Err(e) => catalog.problems.push(problem(
                &dir.display().to_string(),
                format!(
                    "cannot read this lessons directory ({e}); check the path given with --lessons"
                ),
            )),
        }
    }
    catalog
        .tracks
        .sort_by(|a, b| a.order.cmp(&b.order).then_with(|| a.id.cmp(&b.id)));
    catalog.problems.sort();
    catalog
}

/// The learner's progress store (`MLPATH_HOME`, else the platform's data directory);
/// notices about the file are printed as warnings.
pub fn progress_store() -> anyhow::Result<ProgressStore> {
    // replaced at merge by catalog::load and progress::store
    let (store, notices) = ProgressStore::open_default()?;
    for notice in notices {
        eprintln!("mlpath: warning: {notice}");
    }
    Ok(store)
}

/// (path relative to the source root, text) of every `.toml` file.
type Files = Vec<(PathBuf, String)>;

fn collect_bundled(dir: &include_dir::Dir<'_>, out: &mut Files) {
    for file in dir.files() {
        if let Some(text) = file.contents_utf8() {
            out.push((file.path().to_path_buf(), text.to_string()));
        }
    }
    for sub in dir.dirs() {
        collect_bundled(sub, out);
    }
}

fn collect_disk(root: &Path) -> std::io::Result<Files> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(root)? {
        let path = entry?.path();
        if path.is_dir() {
            for inner in std::fs::read_dir(&path)? {
                let inner = inner?.path();
                if inner.extension().is_some_and(|e| e == "toml") {
                    let rel = inner.strip_prefix(root).unwrap_or(&inner).to_path_buf();
                    out.push((rel, std::fs::read_to_string(&inner)?));
                }
            }
        } else if path.extension().is_some_and(|e| e == "toml") {
            let rel = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
            out.push((rel, std::fs::read_to_string(&path)?));
        }
    }
    out.sort();
    Ok(out)
}

fn problem(path: &str, message: String) -> Problem {
    Problem {
        path: path.to_string(),
        line: 1,
        col: 1,
        message,
    }
}

fn parse<T: for<'de> Deserialize<'de>>(
    text: &str,
    path: &str,
    problems: &mut Vec<Problem>,
) -> Option<T> {
    toml::from_str(text)
        .map_err(|e| problems.push(problem(path, e.to_string().trim().to_string())))
        .ok()
}

#[derive(Deserialize)]
struct SkillsFile {
    #[serde(default)]
    levels: Vec<LevelDef>,
    #[serde(default)]
    skills: Vec<SkillDef>,
}

#[derive(Deserialize)]
struct LevelDef {
    level: u8,
    name: String,
    description: String,
}

#[derive(Deserialize)]
struct SkillDef {
    id: String,
    name: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    self_study: Vec<String>,
}

#[derive(Deserialize)]
struct RolesFile {
    #[serde(default)]
    roles: Vec<RoleDef>,
}

#[derive(Deserialize)]
struct RoleDef {
    id: String,
    name: String,
    #[serde(default)]
    description: String,
    requires: BTreeMap<String, u8>,
    #[serde(default)]
    core: Vec<String>,
}

#[derive(Deserialize)]
struct TrackDef {
    id: String,
    title: String,
    #[serde(default)]
    summary: String,
    #[serde(default)]
    order: i64,
}

#[derive(Deserialize)]
struct LessonDef {
    id: String,
    title: String,
    #[serde(default)]
    summary: String,
    #[serde(default)]
    minutes: u32,
    #[serde(default)]
    level: Option<String>,
    #[serde(default)]
    requires: Vec<String>,
    #[serde(default)]
    skills: BTreeMap<String, u8>,
    #[serde(default)]
    steps: Vec<toml::Table>,
}

fn add_source(catalog: &mut Catalog, files: Files, origin: &str) {
    let shown = |rel: &Path| format!("{origin}/{}", rel.display());
    let single_track = files.iter().any(|(p, _)| p == Path::new("track.toml"));
    let mut tracks: BTreeMap<PathBuf, Vec<(PathBuf, String)>> = BTreeMap::new();
    for (rel, text) in files {
        let name = rel.file_name().map(|n| n.to_string_lossy().to_string());
        let parent = rel.parent().map(Path::to_path_buf).unwrap_or_default();
        match (
            parent.as_os_str().is_empty() && !single_track,
            name.as_deref(),
        ) {
            (true, Some("skills.toml")) => {
                if let Some(f) = parse::<SkillsFile>(&text, &shown(&rel), &mut catalog.problems) {
                    if !f.levels.is_empty() {
                        catalog.levels = f
                            .levels
                            .into_iter()
                            .map(|l| LevelInfo {
                                level: l.level,
                                name: l.name,
                                description: l.description,
                            })
                            .collect();
                    }
                    for s in f.skills {
                        let skill = Skill {
                            id: s.id,
                            name: s.name,
                            description: s.description,
                            self_study: s.self_study,
                        };
                        replace_or_add(&mut catalog.skills, skill, |s| s.id.clone());
                    }
                }
            }
            (true, Some("roles.toml")) => {
                if let Some(f) = parse::<RolesFile>(&text, &shown(&rel), &mut catalog.problems) {
                    for r in f.roles {
                        let role = Role {
                            id: r.id,
                            name: r.name,
                            description: r.description,
                            requires: r.requires,
                            core: r.core,
                        };
                        replace_or_add(&mut catalog.roles, role, |r| r.id.clone());
                    }
                }
            }
            (true, _) => {}
            (false, _) => tracks.entry(parent).or_default().push((rel, text)),
        }
    }
    for (_, mut files) in tracks {
        files.sort();
        let Some(pos) = files.iter().position(|(p, _)| p.ends_with("track.toml")) else {
            continue;
        };
        let (track_rel, track_text) = files.remove(pos);
        let Some(def) = parse::<TrackDef>(&track_text, &shown(&track_rel), &mut catalog.problems)
        else {
            continue;
        };
        let mut track = Track {
            id: def.id,
            title: def.title,
            summary: def.summary,
            order: def.order,
            lessons: Vec::new(),
            origin: origin.to_string(),
        };
        for (rel, text) in files {
            let path = shown(&rel);
            if let Some(def) = parse::<LessonDef>(&text, &path, &mut catalog.problems) {
                match lesson(def, &track.id, &path) {
                    Ok(l) => track.lessons.push(l),
                    Err(message) => catalog.problems.push(problem(&path, message)),
                }
            }
        }
        replace_or_add(&mut catalog.tracks, track, |t| t.id.clone());
    }
}

fn replace_or_add<T>(items: &mut Vec<T>, item: T, id: impl Fn(&T) -> String) {
    let key = id(&item);
    match items.iter_mut().find(|x| id(x) == key) {
        Some(slot) => *slot = item,
        None => items.push(item),
    }
}

fn lesson(def: LessonDef, track: &str, path: &str) -> Result<Lesson, String> {
    let steps = def
        .steps
        .into_iter()
        .enumerate()
        .map(|(i, t)| step(t).map_err(|e| format!("step {}: {e}", i + 1)))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Lesson {
        id: format!("{track}/{}", def.id),
        track: track.to_string(),
        title: def.title,
        summary: def.summary,
        minutes: def.minutes,
        level: def
            .level
            .as_deref()
            .and_then(Level::parse)
            .unwrap_or(Level::Beginner),
        requires: def.requires,
        skills: def.skills,
        steps,
        path: path.to_string(),
    })
}

fn text(t: &toml::Table, key: &str) -> Option<String> {
    t.get(key).and_then(|v| v.as_str()).map(str::to_string)
}

fn strings(t: &toml::Table, key: &str) -> Vec<String> {
    t.get(key)
        .and_then(|v| v.as_array())
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

fn number(t: &toml::Table, key: &str) -> Option<f64> {
    t.get(key)
        .and_then(|v| v.as_float().or_else(|| v.as_integer().map(|i| i as f64)))
}

fn step(mut t: toml::Table) -> Result<Step, String> {
    let title = text(&t, "title");
    let kind = text(&t, "type").ok_or("missing `type`")?;
    Ok(match kind.as_str() {
        "read" => Step::Read {
            title,
            text: text(&t, "text").unwrap_or_default(),
        },
        "choice" => {
            let multi = t.contains_key("answers");
            let mut answers: Vec<usize> = match (t.get("answer"), t.get("answers")) {
                (Some(a), _) => a.as_integer().into_iter().map(|i| i as usize).collect(),
                (None, Some(list)) => list
                    .as_array()
                    .map(|a| {
                        a.iter()
                            .filter_map(|v| v.as_integer())
                            .map(|i| i as usize)
                            .collect()
                    })
                    .unwrap_or_default(),
                (None, None) => return Err("missing `answer`".into()),
            };
            answers.sort_unstable();
            Step::Choice(ChoiceStep {
                title,
                prompt: text(&t, "prompt").unwrap_or_default(),
                options: strings(&t, "options"),
                answers,
                multi,
                explain: text(&t, "explain").unwrap_or_default(),
                hints: strings(&t, "hints"),
            })
        }
        "number" => Step::Number(NumberStep {
            title,
            prompt: text(&t, "prompt").unwrap_or_default(),
            answer: number(&t, "answer").ok_or("missing `answer`")?,
            tolerance: number(&t, "tolerance").unwrap_or(0.0),
            explain: text(&t, "explain").unwrap_or_default(),
            hints: strings(&t, "hints"),
        }),
        "lab" => {
            let lab = text(&t, "lab").ok_or("missing `lab`")?;
            let step_text = text(&t, "text");
            let dataset = text(&t, "dataset");
            for key in ["type", "title", "text", "lab", "dataset"] {
                t.remove(key);
            }
            Step::Lab(LabStep {
                title,
                text: step_text,
                lab,
                dataset,
                params: t,
            })
        }
        other => return Err(format!("unknown step type `{other}`")),
    })
}
