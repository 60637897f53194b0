//! `mlpath plan ROLE [--json]`: the gaps for a role and the next lessons to close them.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::SystemTime;

use anyhow::bail;
use serde_json::json;

use super::roles::require_roles;
use super::session;
use super::skills::{emit, emit_json};
use crate::catalog::Catalog;
use crate::cli::PlanArgs;
use crate::sanitize::clean_line;
use crate::skills::{Plan, plan_for};

pub fn run(lessons: &[PathBuf], args: &PlanArgs) -> anyhow::Result<ExitCode> {
    let catalog = session::catalog_reporting(lessons);
    require_roles(&catalog)?;
    let Some(role) = catalog.role(&args.role) else {
        let ids: Vec<&str> = catalog.roles.iter().map(|r| r.id.as_str()).collect();
        bail!(
            "unknown role '{}'\n  hint: the roles are: {}",
            clean_line(&args.role),
            ids.join(", ")
        );
    };
    let store = session::progress_store_reporting()?;
    let Some(plan) = plan_for(&catalog, store.progress(), &role.id, SystemTime::now()) else {
        bail!("unknown role '{}'", clean_line(&args.role));
    };
    if args.json {
        return emit_json(&plan_json(&plan));
    }
    emit(&plan_text(&catalog, &role.name, &plan))?;
    Ok(ExitCode::SUCCESS)
}

fn plan_json(plan: &Plan) -> serde_json::Value {
    let r = &plan.readiness;
    json!({
        "role": r.role,
        "readiness": r.readiness,
        "ready": r.ready,
        "blockers": r.blockers,
        "gaps": r.gaps().iter().map(|g| json!({
            "skill": g.skill,
            "required": g.required,
            "current": g.current,
            "core": g.core,
            "gap": g.gap,
            "weight": g.weight,
        })).collect::<Vec<_>>(),
        "next_lessons": plan.lesson_ids(),
        "self_study": plan.self_study.iter().map(|s| json!({
            "skill": s.skill,
            "suggestions": s.suggestions,
        })).collect::<Vec<_>>(),
    })
}

fn plan_text(catalog: &Catalog, role_name: &str, plan: &Plan) -> String {
    let r = &plan.readiness;
    let skill_name = |id: &str| {
        catalog
            .skill(id)
            .map_or(id.to_string(), |s| clean_line(&s.name))
    };
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}: {}% ready, {}",
        clean_line(role_name),
        r.percent(),
        if r.ready { "ready" } else { "not ready yet" }
    );
    if !r.blockers.is_empty() {
        let names: Vec<String> = r.blockers.iter().map(|b| skill_name(b)).collect();
        let _ = writeln!(
            out,
            "Blockers (core skills more than one level short): {}",
            names.join(", ")
        );
    }
    let gaps = r.gaps();
    if gaps.is_empty() {
        out.push_str("\nYou meet every requirement of this role.\n");
        return out;
    }
    out.push_str("\nGaps, largest weighted gap first:\n");
    for g in &gaps {
        let _ = writeln!(
            out,
            "  {:<18} have {}, need {}{}",
            g.skill,
            g.current,
            g.required,
            if g.core { "  core" } else { "" }
        );
    }
    if !plan.lessons.is_empty() {
        out.push_str("\nNext lessons:\n");
        for (i, p) in plan.lessons.iter().enumerate() {
            let title = catalog
                .lesson(&p.lesson)
                .map_or(String::new(), |l| clean_line(&l.title));
            let why = match &p.prepares {
                Some(next) => format!("first, for {next}"),
                None => format!("for {}", p.skill),
            };
            let _ = writeln!(out, "  {}. {}  {title}  ({why})", i + 1, p.lesson);
        }
    }
    if !plan.self_study.is_empty() {
        out.push_str("\nSelf-study, where no lesson here reaches the required level:\n");
        for s in &plan.self_study {
            let _ = writeln!(out, "  {} ({})", skill_name(&s.skill), s.skill);
            for suggestion in &s.suggestions {
                let _ = writeln!(out, "    - {}", clean_line(suggestion));
            }
        }
    }
    out
}
