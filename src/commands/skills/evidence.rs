//! `mlpath skills evidence add|list|remove`: outside evidence, the learner's claims of
//! what they did elsewhere. Checked here (a known skill, a level 1-5, a real date, a web
//! link) so that the progress file only holds entries that mean something.

use std::process::ExitCode;
use std::time::{Duration, SystemTime};

use anyhow::{Context as _, bail};
use serde_json::json;

use super::{columns, emit, emit_json, known_skill, require_skills, row};
use crate::catalog::Catalog;
use crate::cli::EvidenceCommand;
use crate::commands::session;
use crate::sanitize::clean_line;
use crate::skills::{MAX_LEVEL, skill_map};

/// The longest `--what` text kept, in characters.
pub const MAX_WHAT_CHARS: usize = 200;
/// The longest `--link` kept, in characters.
pub const MAX_LINK_CHARS: usize = 500;

pub fn run(catalog: &Catalog, command: &EvidenceCommand) -> anyhow::Result<ExitCode> {
    require_skills(catalog)?;
    match command {
        EvidenceCommand::Add {
            skill,
            level,
            what,
            link,
            date,
        } => add(
            catalog,
            skill,
            level,
            what,
            link.as_deref(),
            date.as_deref(),
        ),
        EvidenceCommand::List { json } => list(catalog, *json),
        EvidenceCommand::Remove { id } => remove(catalog, id),
    }
}

fn add(
    catalog: &Catalog,
    skill: &str,
    level: &str,
    what: &str,
    link: Option<&str>,
    date: Option<&str>,
) -> anyhow::Result<ExitCode> {
    let skill = known_skill(catalog, skill)?;
    let level = parse_level(catalog, level)?;
    let what = parse_what(what)?;
    let link = link.map(parse_link).transpose()?;
    let date = date.map(|d| parse_date(d, SystemTime::now())).transpose()?;
    let mut store = session::progress_store_reporting()?;
    if store.is_read_only() {
        bail!(
            "your progress file is from a newer mlpath; the evidence was not saved\n  hint: update mlpath"
        );
    }
    let mut progress = store.progress().clone();
    let id =
        progress.add_outside_evidence(&skill.id, level, &what, link.as_deref(), date.as_deref());
    store
        .save(&mut progress)
        .context("saving your outside evidence")?;
    let mut out = format!(
        "Recorded {id}: {}, claimed {level} ({}): {what}.\n",
        clean_line(&skill.name),
        catalog.level_name(level)
    );
    if let Some(s) = skill_map(catalog, &progress, SystemTime::now())
        .into_iter()
        .find(|s| s.id == skill.id)
    {
        out.push_str(&format!(
            "Current level: {} (lessons show {}, you claim {}).\n",
            s.current, s.observed, s.claimed
        ));
    }
    out.push_str("`mlpath skills evidence remove ID` takes it back.\n");
    emit(&out)?;
    Ok(ExitCode::SUCCESS)
}

fn list(catalog: &Catalog, json: bool) -> anyhow::Result<ExitCode> {
    let store = session::progress_store_reporting()?;
    let progress = store.progress();
    let entries: Vec<_> = progress.outside_evidence().collect();
    if json {
        let items: Vec<_> = entries
            .iter()
            .map(|(id, e)| {
                json!({
                    "id": id,
                    "skill": e.skill,
                    "level": e.level,
                    "what": clean_line(&e.what),
                    "link": e.link.as_deref().map(clean_line),
                    "date": e.date.as_deref().map(clean_line),
                    "added_at": e.added_at,
                    "known_skill": catalog.skill(&e.skill).is_some(),
                })
            })
            .collect();
        return emit_json(&serde_json::Value::Array(items));
    }
    if entries.is_empty() {
        emit(
            "No outside evidence yet.\n\
             Record a course, project or job with \
             `mlpath skills evidence add SKILL LEVEL --what \"...\"`.\n",
        )?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut rows = vec![row(&["ID", "SKILL", "LEVEL", "DATE", "WHAT", "LINK"])];
    for (id, e) in &entries {
        let skill = if catalog.skill(&e.skill).is_some() {
            clean_line(&e.skill)
        } else {
            format!("{} (not loaded)", clean_line(&e.skill))
        };
        rows.push(vec![
            id.to_string(),
            skill,
            e.level.to_string(),
            e.date.as_deref().map_or("-".into(), clean_line),
            clean_line(&e.what),
            e.link.as_deref().map_or(String::new(), clean_line),
        ]);
    }
    let mut out = columns(&rows);
    out.push_str("\nThese are your claims; they count up to their level.\n");
    emit(&out)?;
    Ok(ExitCode::SUCCESS)
}

fn remove(catalog: &Catalog, id: &str) -> anyhow::Result<ExitCode> {
    let mut store = session::progress_store_reporting()?;
    if store.is_read_only() {
        bail!(
            "your progress file is from a newer mlpath; nothing was removed\n  hint: update mlpath"
        );
    }
    let mut progress = store.progress().clone();
    let id = id.trim();
    let Some(entry) = progress
        .outside_evidence()
        .find(|(k, _)| *k == id)
        .map(|(_, e)| e.clone())
    else {
        let ids: Vec<&str> = progress.outside_evidence().map(|(k, _)| k).collect();
        let hint = if ids.is_empty() {
            "you have no outside evidence recorded".to_string()
        } else {
            format!("the ids are: {}", ids.join(", "))
        };
        bail!(
            "no outside evidence with id '{}'\n  hint: {hint} (`mlpath skills evidence list`)",
            clean_line(id)
        );
    };
    progress.remove_outside_evidence(id);
    store
        .save(&mut progress)
        .context("saving your outside evidence")?;
    let name = catalog
        .skill(&entry.skill)
        .map_or(clean_line(&entry.skill), |s| clean_line(&s.name));
    emit(&format!(
        "Removed {id}: {name}, claimed {}: {}.\n",
        entry.level,
        clean_line(&entry.what)
    ))?;
    Ok(ExitCode::SUCCESS)
}

/// A level 1-5: outside evidence of level 0 would say nothing.
fn parse_level(catalog: &Catalog, text: &str) -> anyhow::Result<u8> {
    match text.trim().parse::<u8>() {
        Ok(level) if (1..=MAX_LEVEL).contains(&level) => Ok(level),
        _ => {
            let scale: Vec<String> = (1..=MAX_LEVEL)
                .map(|l| format!("{l} {}", catalog.level_name(l)))
                .collect();
            bail!(
                "'{}' is not a level for outside evidence\n  hint: use a level from 1 to {MAX_LEVEL}: {}",
                clean_line(text),
                scale.join(", ")
            )
        }
    }
}

/// The `--what` text: one line, not empty, at most [`MAX_WHAT_CHARS`] characters.
pub fn parse_what(text: &str) -> anyhow::Result<String> {
    let cleaned = clean_line(text).trim().to_string();
    if cleaned.is_empty() {
        bail!(
            "--what is empty\n  hint: say what shows the skill, e.g. --what \"job: data engineer, 3 years\""
        );
    }
    let n = cleaned.chars().count();
    if n > MAX_WHAT_CHARS {
        bail!(
            "--what is {n} characters long\n  hint: keep it to {MAX_WHAT_CHARS}; put details behind --link"
        );
    }
    Ok(cleaned)
}

/// A web link: `http://` or `https://`, no spaces or control characters.
pub fn parse_link(text: &str) -> anyhow::Result<String> {
    let t = text.trim();
    let scheme_ok = t.starts_with("https://") || t.starts_with("http://");
    let host_ok = t
        .split_once("://")
        .is_some_and(|(_, rest)| !rest.is_empty());
    let clean = !t.chars().any(|c| c.is_whitespace() || c.is_control());
    if !(scheme_ok && host_ok && clean) || t.chars().count() > MAX_LINK_CHARS {
        bail!(
            "'{}' is not a web link\n  hint: give a link that starts with https:// (or http://), without spaces, at most {MAX_LINK_CHARS} characters",
            clean_line(t)
        );
    }
    Ok(t.to_string())
}

/// A calendar date `YYYY-MM-DD`, not after `today` (a day of slack for time zones).
pub fn parse_date(text: &str, today: SystemTime) -> anyhow::Result<String> {
    let t = text.trim();
    let shaped = t.len() == 10
        && t.char_indices().all(|(i, c)| {
            if i == 4 || i == 7 {
                c == '-'
            } else {
                c.is_ascii_digit()
            }
        });
    let at = shaped
        .then(|| humantime::parse_rfc3339(&format!("{t}T00:00:00Z")).ok())
        .flatten();
    let Some(at) = at else {
        bail!(
            "'{}' is not a date\n  hint: write it as YYYY-MM-DD, e.g. --date 2024-05-01",
            clean_line(t)
        );
    };
    if at > today + Duration::from_secs(86_400) {
        bail!("the date {t} is in the future\n  hint: record evidence once it has happened");
    }
    Ok(t.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_must_be_real_and_not_in_the_future() {
        let today = humantime::parse_rfc3339("2026-06-01T12:00:00Z").unwrap();
        assert_eq!(parse_date("2024-02-29", today).unwrap(), "2024-02-29");
        for bad in [
            "2023-02-29",
            "2024-13-01",
            "2024-5-1",
            "yesterday",
            "2024-05-01x",
            "",
        ] {
            let err = parse_date(bad, today).unwrap_err().to_string();
            assert!(err.contains("is not a date"), "{bad}: {err}");
        }
        let err = parse_date("2026-07-01", today).unwrap_err().to_string();
        assert!(err.contains("in the future"), "{err}");
    }

    #[test]
    fn links_are_web_links_without_spaces() {
        assert!(parse_link(" https://example.org/cert ").is_ok());
        for bad in [
            "example.org",
            "ftp://x",
            "https://",
            "https://a b",
            "https://x\u{1b}[31m",
        ] {
            assert!(parse_link(bad).is_err(), "{bad:?}");
        }
        assert!(parse_link(&format!("https://{}", "a".repeat(MAX_LINK_CHARS))).is_err());
    }

    #[test]
    fn what_is_one_clean_line_of_limited_length() {
        assert_eq!(
            parse_what("  job: data engineer ").unwrap(),
            "job: data engineer"
        );
        assert_eq!(parse_what("a\u{1b}[2Jb").unwrap(), "ab");
        assert!(parse_what("   ").is_err());
        assert!(parse_what(&"x".repeat(MAX_WHAT_CHARS + 1)).is_err());
    }
}
