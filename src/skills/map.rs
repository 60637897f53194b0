//! The skills map: per skill, the evidence, the learner's own rating, the level the
//! plans use, and notes (rusty, mismatch).
//!
//! - The **evidence** is the higher of what lessons show (`observed`) and what the
//!   learner's outside evidence claims (`claimed`).
//! - `current = max(e, min(self, e + 1))` where `e = max(observed − rusty, claimed)`: the
//!   observed level is lowered by 1 (not below 0) when the skill is rusty, and a
//!   self-rating may add at most one level and never lowers it. Without a self-rating,
//!   `current = e`.
//! - A **mismatch** note appears when the self-rating and the (unlowered) evidence are
//!   two or more levels apart; a **capped** note when the rating counts for less.

use std::collections::BTreeMap;
use std::time::SystemTime;

use super::evidence::{Retention, claimed_levels, evidence_levels, retention};
use crate::catalog::Catalog;
use crate::progress::Progress;
use crate::sanitize::clean_line;

/// The highest level of the scale.
pub const MAX_LEVEL: u8 = 5;

/// The level plans use, from the observed and claimed evidence, an optional
/// self-rating and the rusty flag.
pub fn current_level(observed: u8, claimed: u8, self_level: Option<u8>, rusty: bool) -> u8 {
    let observed = if rusty {
        observed.saturating_sub(1)
    } else {
        observed
    };
    let e = observed.max(claimed).min(MAX_LEVEL);
    match self_level {
        Some(s) => e.max(s.min(e + 1)).min(MAX_LEVEL),
        None => e,
    }
}

/// "you rate yourself 4; your evidence shows 1" when the two are 2 or more levels apart.
pub fn mismatch(evidence: u8, self_level: Option<u8>) -> Option<String> {
    let s = self_level?;
    (s.abs_diff(evidence) >= 2)
        .then(|| format!("you rate yourself {s}; your evidence shows {evidence}"))
}

/// One skill on the map.
#[derive(Debug, Clone, PartialEq)]
pub struct SkillStatus {
    pub id: String,
    pub name: String,
    /// The higher of `observed` and `claimed`.
    pub evidence: u8,
    /// What lessons and labs show.
    pub observed: u8,
    /// What the learner's outside evidence claims (0 without any).
    pub claimed: u8,
    /// The outside evidence for this skill, highest level first.
    pub claims: Vec<Claim>,
    pub self_level: Option<u8>,
    pub current: u8,
    pub rusty: bool,
    pub retention: Option<Retention>,
    pub mismatch: Option<String>,
    /// Lessons that teach the skill (level above 0), in catalog order.
    pub lessons: Vec<String>,
}

/// One piece of outside evidence, as the learner recorded it.
#[derive(Debug, Clone, PartialEq)]
pub struct Claim {
    pub id: String,
    pub level: u8,
    pub what: String,
    pub link: Option<String>,
    pub date: Option<String>,
}

impl Claim {
    /// "claimed 4: job as data engineer, 2024-05", always marked as the learner's claim.
    pub fn label(&self) -> String {
        let mut out = format!("claimed {}: {}", self.level, clean_line(&self.what));
        if let Some(date) = &self.date {
            out.push_str(&format!(", {}", clean_line(date.get(..7).unwrap_or(date))));
        }
        out
    }
}

impl SkillStatus {
    /// Why the self-rating counts for less than it says, when it does: "your rating 3
    /// counts as 2 until you add evidence or finish a lesson that shows it".
    pub fn capped_note(&self) -> Option<String> {
        let s = self.self_level?;
        (s > self.current).then(|| {
            format!(
                "your rating {s} counts as {} until you add evidence or finish a lesson that shows it",
                self.current
            )
        })
    }
}

/// Every catalog skill, in catalog order.
pub fn skill_map(catalog: &Catalog, progress: &Progress, now: SystemTime) -> Vec<SkillStatus> {
    let observed = evidence_levels(catalog, progress);
    let claimed = claimed_levels(progress);
    let mut retention = retention(catalog, progress, now);
    catalog
        .skills
        .iter()
        .map(|skill| {
            let observed = observed.get(&skill.id).copied().unwrap_or(0);
            let claimed = claimed.get(&skill.id).copied().unwrap_or(0);
            let e = observed.max(claimed);
            let self_level = progress.self_level(&skill.id);
            let retention = retention.remove(&skill.id);
            let rusty = retention.as_ref().is_some_and(|r| r.rusty);
            SkillStatus {
                id: skill.id.clone(),
                name: skill.name.clone(),
                evidence: e,
                observed,
                claimed,
                claims: claims(progress, &skill.id),
                self_level,
                current: current_level(observed, claimed, self_level, rusty),
                rusty,
                retention,
                mismatch: mismatch(e, self_level),
                lessons: teaching(catalog, &skill.id),
            }
        })
        .collect()
}

/// The outside evidence for `skill`, highest level first, then newest date first.
fn claims(progress: &Progress, skill: &str) -> Vec<Claim> {
    let mut out: Vec<Claim> = progress
        .outside_evidence()
        .filter(|(_, e)| e.skill == skill)
        .map(|(id, e)| Claim {
            id: id.to_string(),
            level: e.level.min(MAX_LEVEL),
            what: e.what.clone(),
            link: e.link.clone(),
            date: e.date.clone(),
        })
        .collect();
    out.sort_by(|a, b| b.level.cmp(&a.level).then_with(|| b.date.cmp(&a.date)));
    out
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
        assert_eq!(current_level(1, 0, None, false), 1);
        assert_eq!(current_level(1, 0, Some(4), false), 2);
        assert_eq!(current_level(1, 0, Some(2), false), 2);
        assert_eq!(current_level(3, 0, Some(1), false), 3);
        assert_eq!(current_level(0, 0, Some(5), false), 1);
        assert_eq!(current_level(3, 0, Some(5), false), 4);
    }

    #[test]
    fn claimed_evidence_counts_up_to_its_level_and_is_never_rusty() {
        assert_eq!(current_level(0, 4, None, false), 4);
        assert_eq!(current_level(2, 4, Some(5), false), 5);
        assert_eq!(current_level(3, 1, None, false), 3);
        assert_eq!(
            current_level(3, 3, None, true),
            3,
            "the claim is not lowered"
        );
        assert_eq!(current_level(3, 2, None, true), 2);
        assert_eq!(current_level(0, 9, None, false), MAX_LEVEL);
    }

    #[test]
    fn rusty_skills_lose_a_level_of_evidence() {
        assert_eq!(current_level(2, 0, None, true), 1);
        assert_eq!(current_level(0, 0, None, true), 0);
        assert_eq!(current_level(2, 0, Some(4), true), 2);
        assert_eq!(current_level(2, 0, Some(1), true), 1);
    }

    #[test]
    fn mismatches_need_two_levels_either_way() {
        assert_eq!(
            mismatch(1, Some(4)).as_deref(),
            Some("you rate yourself 4; your evidence shows 1")
        );
        assert_eq!(
            mismatch(3, Some(1)).as_deref(),
            Some("you rate yourself 1; your evidence shows 3")
        );
        assert_eq!(mismatch(1, Some(2)), None);
        assert_eq!(mismatch(1, None), None);
    }

    fn status(evidence: u8, self_level: Option<u8>) -> SkillStatus {
        SkillStatus {
            id: "sql".into(),
            name: "SQL".into(),
            evidence,
            observed: evidence,
            claimed: 0,
            claims: Vec::new(),
            self_level,
            current: current_level(evidence, 0, self_level, false),
            rusty: false,
            retention: None,
            mismatch: None,
            lessons: Vec::new(),
        }
    }

    #[test]
    fn a_capped_rating_says_why_in_place() {
        assert_eq!(
            status(2, Some(5)).capped_note().as_deref(),
            Some(
                "your rating 5 counts as 3 until you add evidence or finish a lesson that shows it"
            )
        );
        assert_eq!(status(2, Some(3)).capped_note(), None, "3 counts in full");
        assert_eq!(status(2, Some(1)).capped_note(), None);
        assert_eq!(status(2, None).capped_note(), None);
    }

    #[test]
    fn claims_are_labelled_as_the_learners_sorted_and_sanitized() {
        let mut p = Progress::default();
        p.add_outside_evidence("sql", 3, "course: SQL basics", None, Some("2023-01-10"));
        p.add_outside_evidence(
            "sql",
            4,
            "job: data engineer\u{1b}[31m",
            None,
            Some("2024-05-01"),
        );
        p.add_outside_evidence("python", 5, "job", None, None);
        let c = claims(&p, "sql");
        let labels: Vec<String> = c.iter().map(Claim::label).collect();
        assert_eq!(
            labels,
            [
                "claimed 4: job: data engineer, 2024-05",
                "claimed 3: course: SQL basics, 2023-01"
            ]
        );
    }
}
