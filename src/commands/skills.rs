//! `mlpath skills [--json]`, `mlpath skills assess SKILL LEVEL` and `mlpath skills
//! evidence ...`: the skills map, self-rating and outside evidence. Shared output
//! helpers for the career commands live here too.

mod evidence;

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::SystemTime;

use anyhow::{Context as _, bail};
use serde_json::json;

use super::session;
use crate::catalog::{Catalog, Skill};
use crate::cli::{SkillsArgs, SkillsCommand};
use crate::sanitize::clean_line;
use crate::skills::{MAX_LEVEL, skill_map};

pub fn run(lessons: &[PathBuf], args: &SkillsArgs) -> anyhow::Result<ExitCode> {
    let catalog = session::catalog_reporting(lessons);
    match &args.command {
        Some(SkillsCommand::Assess { skill, level }) => assess(&catalog, skill, level),
        Some(SkillsCommand::Evidence { command }) => evidence::run(&catalog, command),
        None => list(&catalog, args.json),
    }
}

fn list(catalog: &Catalog, json: bool) -> anyhow::Result<ExitCode> {
    require_skills(catalog)?;
    let store = session::progress_store_reporting()?;
    let map = skill_map(catalog, store.progress(), SystemTime::now());
    if json {
        let items: Vec<_> = map
            .iter()
            .map(|s| {
                json!({
                    "id": s.id,
                    "name": s.name,
                    "evidence": s.evidence,
                    "observed": s.observed,
                    "claimed": s.claimed,
                    "claims": s.claims.iter().map(|c| json!({
                        "id": c.id,
                        "level": c.level,
                        "what": clean_line(&c.what),
                        "date": c.date,
                    })).collect::<Vec<_>>(),
                    "self": s.self_level,
                    "current": s.current,
                    "capped": s.capped_note(),
                    "rusty": s.rusty,
                    "mismatch": s.mismatch,
                    "lessons": s.lessons,
                })
            })
            .collect();
        return emit_json(&serde_json::Value::Array(items));
    }
    let mut rows = vec![row(&[
        "SKILL", "NAME", "OBSERVED", "CLAIMED", "SELF", "CURRENT", "LESSONS", "NOTES",
    ])];
    for s in &map {
        let mut notes = Vec::new();
        if s.rusty {
            notes.push("rusty: review its due items".to_string());
        }
        notes.extend(s.capped_note());
        notes.extend(s.mismatch.clone());
        notes.extend(s.claims.first().map(|c| c.label()));
        rows.push(vec![
            s.id.clone(),
            clean_line(&s.name),
            s.observed.to_string(),
            if s.claimed == 0 {
                "-".into()
            } else {
                s.claimed.to_string()
            },
            s.self_level.map_or("-".into(), |l| l.to_string()),
            s.current.to_string(),
            s.lessons.len().to_string(),
            notes.join("; "),
        ]);
    }
    let mut out = columns(&rows);
    out.push_str(
        "\nOBSERVED = what lessons and labs show; CLAIMED = your outside evidence.\n\
         CURRENT = the higher of the two, and your rating counts up to one level above it.\n\
         Rate yourself with `mlpath skills assess SKILL LEVEL`; record a course, project or job with\n\
         `mlpath skills evidence add SKILL LEVEL --what \"...\"`.\n",
    );
    emit(&out)?;
    Ok(ExitCode::SUCCESS)
}

fn assess(catalog: &Catalog, skill: &str, level: &str) -> anyhow::Result<ExitCode> {
    require_skills(catalog)?;
    let found = known_skill(catalog, skill)?;
    let level = parse_level(catalog, level)?;
    let mut store = session::progress_store_reporting()?;
    if let Some(why) = store.read_only_error() {
        return Err(anyhow::Error::new(why).context("the rating was not saved"));
    }
    let mut progress = store.progress().clone();
    progress.set_self_level(&found.id, level);
    store
        .save(&mut progress)
        .context("saving your self-assessment")?;
    let status = skill_map(catalog, &progress, SystemTime::now())
        .into_iter()
        .find(|s| s.id == found.id);
    let mut out = format!(
        "Rated {}: {level} ({}).\n",
        clean_line(&found.name),
        catalog.level_name(level)
    );
    if let Some(s) = status {
        out.push_str(&format!(
            "Current level: {} (lessons show {}, you claim {}).\n",
            s.current, s.observed, s.claimed
        ));
        if let Some(note) = s.capped_note() {
            out.push_str(&format!(
                "Note: {note}: `mlpath skills evidence add {} LEVEL --what \"...\"`.\n",
                s.id
            ));
        }
        if let Some(note) = s.mismatch {
            out.push_str(&format!("Note: {note}.\n"));
        }
    }
    emit(&out)?;
    Ok(ExitCode::SUCCESS)
}

/// The catalog skill `id`; an unknown id is an error listing the skills.
pub(super) fn known_skill<'c>(catalog: &'c Catalog, id: &str) -> anyhow::Result<&'c Skill> {
    match catalog.skill(id.trim()) {
        Some(skill) => Ok(skill),
        None => {
            let ids: Vec<&str> = catalog.skills.iter().map(|s| s.id.as_str()).collect();
            bail!(
                "unknown skill '{}'\n  hint: the skills are: {}",
                clean_line(id),
                ids.join(", ")
            )
        }
    }
}

/// A level 0-5 from the command line; anything else is an error listing the scale.
fn parse_level(catalog: &Catalog, text: &str) -> anyhow::Result<u8> {
    match text.trim().parse::<u8>() {
        Ok(level) if level <= MAX_LEVEL => Ok(level),
        _ => {
            let scale: Vec<String> = (0..=MAX_LEVEL)
                .map(|l| format!("{l} {}", catalog.level_name(l)))
                .collect();
            bail!(
                "'{}' is not a level\n  hint: use a level from 0 to {MAX_LEVEL}: {}",
                clean_line(text),
                scale.join(", ")
            )
        }
    }
}

/// The career commands need the skills map; without it, say where it comes from.
pub(super) fn require_skills(catalog: &Catalog) -> anyhow::Result<()> {
    if catalog.skills.is_empty() {
        bail!(
            "no skills are loaded\n  hint: the skills map comes from lessons/skills.toml; check `mlpath lessons check`"
        );
    }
    Ok(())
}

pub(super) fn row(cells: &[&str]) -> Vec<String> {
    cells.iter().map(|c| c.to_string()).collect()
}

/// Left-aligned columns two spaces apart; the last column is not padded.
pub(super) fn columns(rows: &[Vec<String>]) -> String {
    let n = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..n)
        .map(|i| {
            rows.iter()
                .filter_map(|r| r.get(i))
                .map(|c| c.chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for r in rows {
        let mut line = String::new();
        for (i, cell) in r.iter().enumerate() {
            if i + 1 == r.len() {
                line.push_str(cell);
            } else {
                line.push_str(&format!("{cell:<w$}  ", w = widths[i]));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

pub(super) fn emit_json(value: &serde_json::Value) -> anyhow::Result<ExitCode> {
    emit(&format!("{}\n", serde_json::to_string_pretty(value)?))?;
    Ok(ExitCode::SUCCESS)
}

/// Prints to stdout through the CLI's output edge.
pub(super) fn emit(text: &str) -> anyhow::Result<()> {
    super::out(text)
}
