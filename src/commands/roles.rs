//! `mlpath roles [--json]`: every career role with the learner's readiness, best first.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::SystemTime;

use anyhow::bail;
use serde_json::json;

use super::session;
use super::skills::{columns, emit, emit_json, require_skills, row};
use crate::catalog::Catalog;
use crate::cli::RolesArgs;
use crate::sanitize::clean_line;
use crate::skills::{current_levels, rank_roles};

pub fn run(lessons: &[PathBuf], args: &RolesArgs) -> anyhow::Result<ExitCode> {
    let catalog = session::catalog_reporting(lessons);
    require_roles(&catalog)?;
    let store = session::progress_store_reporting()?;
    let progress = store.progress();
    let ranked = rank_roles(
        &catalog,
        &current_levels(&catalog, progress, SystemTime::now()),
    );
    let target = progress.target_role();
    let name = |id: &str| catalog.role(id).map_or(id.to_string(), |r| r.name.clone());
    if args.json {
        let items: Vec<_> = ranked
            .iter()
            .map(|r| {
                json!({
                    "id": r.role,
                    "name": name(&r.role),
                    "readiness": r.readiness,
                    "ready": r.ready,
                    "blockers": r.blockers,
                    "target": target == Some(r.role.as_str()),
                })
            })
            .collect();
        return emit_json(&serde_json::Value::Array(items));
    }
    let mut rows = vec![row(&["ROLE", "NAME", "READINESS", "READY"])];
    for r in &ranked {
        let mark = if target == Some(r.role.as_str()) {
            " (your target)"
        } else {
            ""
        };
        let ready = if r.ready {
            "yes".to_string()
        } else if r.blockers.is_empty() {
            "no".to_string()
        } else {
            format!("no, blockers: {}", r.blockers.join(", "))
        };
        rows.push(vec![
            format!("{}{mark}", r.role),
            clean_line(&name(&r.role)),
            format!("{}%", r.percent()),
            ready,
        ]);
    }
    let mut out = columns(&rows);
    out.push_str("\n`mlpath plan ROLE` shows the gaps and the next lessons for a role.\n");
    emit(&out)?;
    Ok(ExitCode::SUCCESS)
}

pub(super) fn require_roles(catalog: &Catalog) -> anyhow::Result<()> {
    require_skills(catalog)?;
    if catalog.roles.is_empty() {
        bail!(
            "no career roles are loaded\n  hint: roles come from lessons/roles.toml; check `mlpath lessons check`"
        );
    }
    Ok(())
}
