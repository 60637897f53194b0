//! The skills map and career roles: what the learner's record shows per skill
//! ([`evidence`]), the level plans work with ([`map`]), readiness for each role
//! ([`readiness`]), the next lessons for a role ([`plan`]) and spaced review of quiz
//! items ([`review`]). Pure functions of the catalog, the progress and the time; the
//! rules are documented in `docs/skills.md`.

pub mod evidence;
pub mod map;
pub mod plan;
pub mod readiness;
pub mod review;

use std::collections::BTreeMap;
use std::time::SystemTime;

use crate::catalog::Catalog;
use crate::progress::Progress;

pub use map::{Claim, MAX_LEVEL, SkillStatus, current_level, skill_map};
pub use plan::{Plan, PlannedLesson, SelfStudy, plan};
pub use readiness::{Readiness, SkillGap, rank_roles, readiness};
pub use review::Rating;

/// The lab kind of the careers track's self-assessment step: the tutor opens the
/// self-assessment screen for it instead of a lab.
pub const SELF_ASSESSMENT_LAB: &str = "self_assessment";

/// The current level of every catalog skill.
pub fn current_levels(
    catalog: &Catalog,
    progress: &Progress,
    now: SystemTime,
) -> BTreeMap<String, u8> {
    map::current_levels(&skill_map(catalog, progress, now))
}

/// The plan for the role `role_id`, if the catalog has it.
pub fn plan_for(
    catalog: &Catalog,
    progress: &Progress,
    role_id: &str,
    now: SystemTime,
) -> Option<Plan> {
    let role = catalog.role(role_id)?;
    Some(plan(
        catalog,
        progress,
        role,
        &current_levels(catalog, progress, now),
    ))
}
