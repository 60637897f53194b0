//! The skills map: per skill, the evidence, the learner's own rating, the level the
//! plans use, and notes (rusty, mismatch).
//!
//! - `current = max(e, min(self, e + 1))` where `e` is the evidence, lowered by 1 (not
//!   below 0) when the skill is rusty: a self-rating may add at most one level to what
//!   the record shows, and never lowers it. Without a self-rating, `current = e`.
//! - A **mismatch** note appears when the self-rating and the (unlowered) evidence are
//!   two or more levels apart.

use std::collections::BTreeMap;
use std::time::SystemTime;

use super::evidence::{Retention, evidence_levels, retention};
use crate::catalog::Catalog;
use crate::progress::Progress;

/// The highest level of the scale.
pub const MAX_LEVEL: u8 = 5;

/// The level plans use, from evidence, an optional self-rating and the rusty flag.
pub fn current_level(evidence: u8, self_level: Option<u8>, rusty: bool) -> u8 {
    let e = if rusty {
        evidence.saturating_sub(1)
    } else {
        evidence
    };
    match self_level {
        Some(s) => e.max(s.min(e + 1)).min(MAX_LEVEL),
        None => e,
    }
}

/// "you rate yourself 4; lessons show 1" when the two are 2 or more levels apart.
pub fn mismatch(evidence: u8, self_level: Option<u8>) -> Option<String> {
    let s = self_level?;
    (s.abs_diff(evidence) >= 2).then(|| format!("you rate yourself {s}; lessons show {evidence}"))
}

/// One skill on the map.
#[derive(Debug, Clone, PartialEq)]
pub struct SkillStatus {
    pub id: String,
    pub name: String,
    pub evidence: u8,
    pub self_level: Option<u8>,
    pub current: u8,
    pub rusty: bool,
    pub retention: Option<Retention>,
    pub mismatch: Option<String>,
    /// Lessons that teach the skill (level above 0), in catalog order.
    pub lessons: Vec<String>,
}

/// Every catalog skill, in catalog order.
pub fn skill_map(catalog: &Catalog, progress: &Progress, now: SystemTime) -> Vec<SkillStatus> {
    let evidence = evidence_levels(catalog, progress);
    let mut retention = retention(catalog, progress, now);
    catalog
        .skills
        .iter()
        .map(|skill| {
            let e = evidence.get(&skill.id).copied().unwrap_or(0);
            let self_level = progress.self_level(&skill.id);
            let retention = retention.remove(&skill.id);
            let rusty = retention.as_ref().is_some_and(|r| r.rusty);
            SkillStatus {
                id: skill.id.clone(),
                name: skill.name.clone(),
                evidence: e,
                self_level,
                current: current_level(e, self_level, rusty),
                rusty,
                retention,
                mismatch: mismatch(e, self_level),
                lessons: teaching(catalog, &skill.id),
            }
        })
        .collect()
}

/// The lessons that teach `skill` (level above 0), in catalog order.
pub fn teaching(catalog: &Catalog, skill: &str) -> Vec<String> {
    catalog
        .lessons()
        .filter(|l| l.skills.get(skill).is_some_and(|&lvl| lvl > 0))
        .map(|l| l.id.clone())
        .collect()
}

/// The current level per skill id, as readiness and plans take it.
pub fn current_levels(map: &[SkillStatus]) -> BTreeMap<String, u8> {
    map.iter().map(|s| (s.id.clone(), s.current)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn self_ratings_add_at_most_one_level_and_never_lower() {
        assert_eq!(current_level(1, None, false), 1);
        assert_eq!(current_level(1, Some(4), false), 2);
        assert_eq!(current_level(1, Some(2), false), 2);
        assert_eq!(current_level(3, Some(1), false), 3);
        assert_eq!(current_level(0, Some(5), false), 1);
        assert_eq!(current_level(5, Some(5), false), 5);
    }

    #[test]
    fn rusty_skills_lose_a_level_of_evidence() {
        assert_eq!(current_level(2, None, true), 1);
        assert_eq!(current_level(0, None, true), 0);
        assert_eq!(current_level(2, Some(4), true), 2);
        assert_eq!(current_level(2, Some(1), true), 1);
    }

    #[test]
    fn mismatches_need_two_levels_either_way() {
        assert_eq!(
            mismatch(1, Some(4)).as_deref(),
            Some("you rate yourself 4; lessons show 1")
        );
        assert_eq!(
            mismatch(3, Some(1)).as_deref(),
            Some("you rate yourself 1; lessons show 3")
        );
        assert_eq!(mismatch(1, Some(2)), None);
        assert_eq!(mismatch(1, None), None);
    }
}
