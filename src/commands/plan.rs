//! `mlpath plan ROLE [--target] [--json]`: the gaps for a role and what to do next to
//! close them, blockers first; `--target` makes the role the learner's target.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::SystemTime;

use anyhow::{Context as _, bail};
use serde_json::json;

use super::roles::require_roles;
use super::session;
use super::skills::{emit, emit_json};
use crate::catalog::Catalog;
use crate::catalog::Route;
use crate::cli::PlanArgs;
use crate::sanitize::clean_line;
use crate::skills::plan::{PlanItem, estimate_text, format_hours, ordered_gaps};
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
    let mut store = session::progress_store_reporting()?;
    let mut target_note = String::new();
    if args.target {
        if store.is_read_only() {
            bail!(
                "your progress file is from a newer mlpath; the target role was not saved\n  hint: update mlpath"
            );
        }
        let mut progress = store.progress().clone();
        progress.set_target_role(&role.id);
        store
            .save(&mut progress)
            .context("saving your target role")?;
        target_note = format!(
            "Target role set: {}. The tutor's home screen shows its next step.\n\n",
            clean_line(&role.name)
        );
    }
    if let Some(n) = args.done {
        target_note.push_str(&mark_done(&catalog, &mut store, &role.id, n)?);
    }
    let Some(plan) = plan_for(&catalog, store.progress(), &role.id, SystemTime::now()) else {
        bail!("unknown role '{}'", clean_line(&args.role));
    };
    if args.json {
        return emit_json(&plan_json(&plan));
    }
    emit(&format!(
        "{target_note}{}",
        plan_text(&catalog, &role.name, &plan)
    ))?;
    Ok(ExitCode::SUCCESS)
}

/// `--done N`: records the recommended route of the plan's self-study item N as outside
/// evidence at the route's level; returns the line that says so.
fn mark_done(
    catalog: &Catalog,
    store: &mut crate::progress::ProgressStore,
    role: &str,
    n: usize,
) -> anyhow::Result<String> {
    let Some(plan) = plan_for(catalog, store.progress(), role, SystemTime::now()) else {
        bail!("unknown role '{}'", clean_line(role));
    };
    let count = plan.items.len();
    let item = n.checked_sub(1).and_then(|i| plan.items.get(i));
    let (skill, route) = match item {
        Some(PlanItem::SelfStudy(s)) => match &s.recommended {
            Some(route) => (s.skill.clone(), route.clone()),
            None => bail!(
                "item {n} has no route to mark done
  hint: record what you did with `mlpath skills evidence add {} LEVEL --what \"...\"`",
                s.skill
            ),
        },
        Some(PlanItem::Lesson(l)) => bail!(
            "item {n} is the lesson {}: it counts once you finish it in the tutor
  hint: --done marks self-study items",
            l.lesson
        ),
        None => bail!("the plan has no item {n}; its items are numbered 1 to {count}"),
    };
    if store.is_read_only() {
        bail!("your progress cannot be written here; nothing was recorded");
    }
    let mut progress = store.progress().clone();
    let what = crate::skills::plan::route_claim(&route.text);
    let id = progress.add_outside_evidence(&skill, route.level, &what, None, None);
    store
        .save(&mut progress)
        .context("saving the route as outside evidence")?;
    Ok(format!(
        "Recorded as outside evidence [{id}]: claimed {} in {skill}: {what}\n\n",
        route.level
    ))
}

fn route_json(route: &Route) -> serde_json::Value {
    json!({ "text": route.text, "level": route.level, "hours": route.hours })
}

fn plan_json(plan: &Plan) -> serde_json::Value {
    let r = &plan.readiness;
    let estimate = plan.estimate();
    json!({
        "role": r.role,
        "readiness": r.readiness,
        "ready": r.ready,
        "blockers": r.blockers,
        "gaps": ordered_gaps(r).iter().map(|g| json!({
            "skill": g.skill,
            "required": g.required,
            "current": g.current,
            "core": g.core,
            "blocks": g.blocks(),
            "gap": g.gap,
            "weight": g.weight,
        })).collect::<Vec<_>>(),
        "items": plan.items.iter().map(|item| match item {
            PlanItem::Lesson(l) => json!({
                "kind": "lesson",
                "lesson": l.lesson,
                "skill": l.skill,
                "prepares": l.prepares,
                "minutes": l.minutes,
            }),
            PlanItem::SelfStudy(s) => json!({
                "kind": "self_study",
                "skill": s.skill,
                "required": s.required,
                "recommended": s.recommended.as_ref().map(route_json),
                "others": s.others.iter().map(route_json).collect::<Vec<_>>(),
            }),
        }).collect::<Vec<_>>(),
        "next_lessons": plan.lesson_ids(),
        "estimate": {
            "hours": estimate.hours,
            "unestimated_routes": estimate.unestimated,
        },
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
    let gaps = ordered_gaps(r);
    if gaps.is_empty() {
        out.push_str("\nYou meet every requirement of this role.\n");
        return out;
    }
    out.push_str("\nGaps, blockers first, then largest weighted gap:\n");
    for g in &gaps {
        let mark = if g.blocks() {
            "  core, blocker"
        } else if g.core {
            "  core"
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "  {:<18} have {}, need {}{mark}",
            g.skill, g.current, g.required
        );
    }
    out.push_str("\nPlan, in order:\n");
    for (i, item) in plan.items.iter().enumerate() {
        match item {
            PlanItem::Lesson(p) => {
                let title = catalog
                    .lesson(&p.lesson)
                    .map_or(String::new(), |l| clean_line(&l.title));
                let why = match &p.prepares {
                    Some(next) => format!("first, for {next}"),
                    None => format!("for {}", p.skill),
                };
                let _ = writeln!(
                    out,
                    "  {}. {}  {title}  ({why}, {} min)",
                    i + 1,
                    p.lesson,
                    p.minutes
                );
            }
            PlanItem::SelfStudy(s) => {
                let _ = writeln!(
                    out,
                    "  {}. self-study for {} ({}, need {}):",
                    i + 1,
                    skill_name(&s.skill),
                    s.skill,
                    s.required
                );
                match &s.recommended {
                    Some(route) => {
                        let hours = route
                            .hours
                            .map_or(String::new(), |h| format!(", about {} h", format_hours(h)));
                        let _ = writeln!(
                            out,
                            "     {} (shows level {}{hours})",
                            clean_line(&route.text),
                            route.level
                        );
                        if !s.others.is_empty() {
                            let _ = writeln!(
                                out,
                                "     {} other route{}: `mlpath plan {} --json` lists them",
                                s.others.len(),
                                if s.others.len() == 1 { "" } else { "s" },
                                r.role
                            );
                        }
                    }
                    None => out.push_str("     no route is listed for this skill\n"),
                }
            }
        }
    }
    let _ = writeln!(out, "\nEstimated time to ready: {}.", estimate_text(plan));
    out.push_str(
        "Done something like this elsewhere? `mlpath skills evidence add SKILL LEVEL --what \"...\"`.\n",
    );
    out
}
