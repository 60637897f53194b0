//! How ready a learner is for a role.
//!
//! Over the skills the role requires (required level 1 or more), with weight `w = 3`
//! for the role's core skills and `1` for the others:
//! - `gap = max(0, required - current)`;
//! - `R = Σ w·min(current, required)/required ÷ Σ w`, in [0, 1] (0 for a role that
//!   requires nothing, never NaN);
//! - **ready** when `R ≥ 0.8` and no core skill has a gap above 1;
//! - **blockers**: the core skills with a gap above 1.

use std::cmp::Ordering;
use std::collections::BTreeMap;

use crate::catalog::{Catalog, Role};

pub const CORE_WEIGHT: u32 = 3;
pub const OTHER_WEIGHT: u32 = 1;
/// Readiness from which a learner can be ready.
pub const READY_THRESHOLD: f64 = 0.8;
/// The largest gap a core skill may have in a ready learner.
pub const MAX_CORE_GAP: u8 = 1;
/// Readiness is compared with the threshold with this slack, so that a sum that is
/// mathematically 0.8 but computes to 0.7999999999 still counts.
const EPSILON: f64 = 1e-9;

/// One required skill of a role, against the learner's level.
#[derive(Debug, Clone, PartialEq)]
pub struct SkillGap {
    pub skill: String,
    pub required: u8,
    pub current: u8,
    pub core: bool,
    pub weight: u32,
    pub gap: u8,
}

impl SkillGap {
    /// `weight × gap`: how much the skill holds the learner back.
    pub fn weighted_gap(&self) -> u32 {
        self.weight * u32::from(self.gap)
    }

    /// A core skill more than one level short.
    pub fn blocks(&self) -> bool {
        self.core && self.gap > MAX_CORE_GAP
    }
}

/// A learner's readiness for one role.
#[derive(Debug, Clone, PartialEq)]
pub struct Readiness {
    pub role: String,
    /// In [0, 1].
    pub readiness: f64,
    pub ready: bool,
    /// Every required skill, by skill id.
    pub skills: Vec<SkillGap>,
    /// Core skills more than one level short, by skill id.
    pub blockers: Vec<String>,
}

impl Readiness {
    /// The skills with a gap, largest weighted gap first, then by skill id.
    pub fn gaps(&self) -> Vec<&SkillGap> {
        let mut gaps: Vec<&SkillGap> = self.skills.iter().filter(|g| g.gap > 0).collect();
        gaps.sort_by(|a, b| {
            b.weighted_gap()
                .cmp(&a.weighted_gap())
                .then_with(|| a.skill.cmp(&b.skill))
        });
        gaps
    }

    /// Readiness as a whole percentage, rounded down so that "80 %" never shows for a
    /// learner below the threshold.
    pub fn percent(&self) -> u32 {
        ((self.readiness * 100.0 + EPSILON * 100.0).floor() as u32).min(100)
    }
}

/// Readiness for `role` given the current level per skill (a skill not in `current`
/// is at level 0).
pub fn readiness(role: &Role, current: &BTreeMap<String, u8>) -> Readiness {
    let skills: Vec<SkillGap> = role
        .requires
        .iter()
        .filter(|(_, required)| **required > 0)
        .map(|(skill, &required)| {
            let current = current.get(skill).copied().unwrap_or(0);
            let core = role.core.iter().any(|c| c == skill);
            SkillGap {
                skill: skill.clone(),
                required,
                current,
                core,
                weight: if core { CORE_WEIGHT } else { OTHER_WEIGHT },
                gap: required.saturating_sub(current),
            }
        })
        .collect();
    let total_weight: u32 = skills.iter().map(|g| g.weight).sum();
    let covered: f64 = skills
        .iter()
        .map(|g| f64::from(g.weight) * f64::from(g.current.min(g.required)) / f64::from(g.required))
        .sum();
    let readiness = if total_weight == 0 {
        0.0
    } else {
        (covered / f64::from(total_weight)).clamp(0.0, 1.0)
    };
    let blockers: Vec<String> = skills
        .iter()
        .filter(|g| g.blocks())
        .map(|g| g.skill.clone())
        .collect();
    Readiness {
        role: role.id.clone(),
        readiness,
        ready: readiness + EPSILON >= READY_THRESHOLD && blockers.is_empty(),
        skills,
        blockers,
    }
}

/// Readiness for every role, best first: ready roles, then fewest blockers, then
/// highest readiness (ties keep catalog order).
pub fn rank_roles(catalog: &Catalog, current: &BTreeMap<String, u8>) -> Vec<Readiness> {
    let mut all: Vec<Readiness> = catalog
        .roles
        .iter()
        .map(|r| readiness(r, current))
        .collect();
    // A stable sort keeps catalog order among equals.
    all.sort_by(|a, b| {
        b.ready
            .cmp(&a.ready)
            .then_with(|| a.blockers.len().cmp(&b.blockers.len()))
            .then_with(|| {
                b.readiness
                    .partial_cmp(&a.readiness)
                    .unwrap_or(Ordering::Equal)
            })
    });
    all
}

#[cfg(test)]
mod tests {
    use super::*;

    fn role(id: &str, requires: &[(&str, u8)], core: &[&str]) -> Role {
        Role {
            id: id.into(),
            name: id.to_uppercase(),
            description: String::new(),
            requires: requires.iter().map(|(s, l)| (s.to_string(), *l)).collect(),
            core: core.iter().map(|s| s.to_string()).collect(),
        }
    }

    fn levels(pairs: &[(&str, u8)]) -> BTreeMap<String, u8> {
        pairs.iter().map(|(s, l)| (s.to_string(), *l)).collect()
    }

    #[test]
    fn the_careers_lesson_example() {
        // python 4 core, sql 3, viz_bi 2; learner python 3, sql 3, viz_bi 0:
        // (3·3/4 + 1·1 + 1·0) / 5 = 0.65.
        let r = readiness(
            &role(
                "x",
                &[("python", 4), ("sql", 3), ("viz_bi", 2)],
                &["python"],
            ),
            &levels(&[("python", 3), ("sql", 3)]),
        );
        assert!((r.readiness - 0.65).abs() < 1e-12);
        assert_eq!(r.percent(), 65);
        assert!(!r.ready);
        assert!(r.blockers.is_empty(), "python is one level short only");
        let gaps: Vec<_> = r.gaps().iter().map(|g| (g.skill.as_str(), g.gap)).collect();
        assert_eq!(gaps, [("python", 1), ("viz_bi", 2)], "3·1 beats 1·2");
    }

    #[test]
    fn a_learner_with_nothing_has_zero_and_every_core_skill_blocks() {
        let r = readiness(
            &role("x", &[("python", 4), ("sql", 1), ("cv", 0)], &["python"]),
            &BTreeMap::new(),
        );
        assert_eq!(r.readiness, 0.0);
        assert!(!r.ready);
        assert_eq!(r.blockers, ["python"]);
        assert_eq!(r.skills.len(), 2, "level 0 requirements are left out");
    }

    #[test]
    fn ready_needs_80_percent_and_core_skills_at_most_one_short() {
        let mlops = role(
            "mlops",
            &[("monitoring", 4), ("cicd", 4), ("sql", 2)],
            &["monitoring", "cicd"],
        );
        // (3·3/4 + 3·3/4 + 1·2/2) / 7 = 5.5/7 = 0.786: not ready.
        let r = readiness(
            &mlops,
            &levels(&[("monitoring", 3), ("cicd", 3), ("sql", 2)]),
        );
        assert!((r.readiness - 5.5 / 7.0).abs() < 1e-12);
        assert!(!r.ready && r.blockers.is_empty());
        // (3·1 + 3·3/4 + 1) / 7 = 6.25/7 = 0.893: ready.
        let r = readiness(
            &mlops,
            &levels(&[("monitoring", 5), ("cicd", 3), ("sql", 2)]),
        );
        assert!(r.ready, "{r:?}");
        // High readiness with a core skill two short is not ready.
        let wide = role(
            "wide",
            &[
                ("a", 2),
                ("b", 2),
                ("c", 2),
                ("d", 2),
                ("e", 2),
                ("f", 2),
                ("g", 2),
                ("core", 4),
            ],
            &["core"],
        );
        let all = levels(&[
            ("a", 2),
            ("b", 2),
            ("c", 2),
            ("d", 2),
            ("e", 2),
            ("f", 2),
            ("g", 2),
            ("core", 2),
        ]);
        let r = readiness(&wide, &all);
        assert!((r.readiness - 8.5 / 10.0).abs() < 1e-12);
        assert!(!r.ready);
        assert_eq!(r.blockers, ["core"]);
    }

    #[test]
    fn exactly_80_percent_is_ready() {
        // (1·4/5) / 1 = 0.8 computes to 0.8000000000000002 or 0.7999999999999999
        // depending on the order of operations; either way it is ready.
        let r = readiness(&role("x", &[("a", 5)], &[]), &levels(&[("a", 4)]));
        assert!(r.ready);
        assert_eq!(r.percent(), 80);
    }

    #[test]
    fn a_role_without_requirements_is_zero_not_nan() {
        let r = readiness(&role("empty", &[], &[]), &BTreeMap::new());
        assert_eq!(r.readiness, 0.0);
        assert!(!r.ready);
        assert_eq!(r.percent(), 0);
    }

    #[test]
    fn levels_above_the_requirement_earn_no_extra_credit() {
        let r = readiness(&role("x", &[("a", 2), ("b", 2)], &[]), &levels(&[("a", 5)]));
        assert!((r.readiness - 0.5).abs() < 1e-12);
    }

    #[test]
    fn fewer_blockers_rank_above_higher_readiness() {
        // "pm": both core skills block, yet R = (3·2/4 + 3·2/4 + 1 + 1) / 8 = 0.625;
        // "ops": one blocker, R = 0; "none": no blocker (nothing is core), R = 0.
        let catalog = Catalog {
            roles: vec![
                role(
                    "pm",
                    &[("talk", 4), ("product", 4), ("a", 1), ("b", 1)],
                    &["talk", "product"],
                ),
                role("ops", &[("ci", 4), ("c", 4)], &["ci"]),
                role("none", &[("d", 4)], &[]),
            ],
            ..Catalog::default()
        };
        let current = levels(&[("a", 1), ("b", 1), ("talk", 2), ("product", 2)]);
        let ranked = rank_roles(&catalog, &current);
        let ids: Vec<_> = ranked
            .iter()
            .map(|r| (r.role.as_str(), r.blockers.len()))
            .collect();
        assert_eq!(ids, [("none", 0), ("ops", 1), ("pm", 2)]);
        assert!(ranked[2].readiness > ranked[1].readiness, "{ranked:?}");
    }

    #[test]
    fn roles_rank_ready_first_then_by_readiness_then_catalog_order() {
        let catalog = Catalog {
            roles: vec![
                role("low", &[("a", 4)], &[]),
                role("tie-1", &[("a", 2)], &[]),
                role("tie-2", &[("b", 2)], &[]),
                role("ready", &[("a", 1)], &[]),
            ],
            ..Catalog::default()
        };
        let ranked = rank_roles(&catalog, &levels(&[("a", 1), ("b", 1)]));
        let ids: Vec<_> = ranked.iter().map(|r| r.role.as_str()).collect();
        assert_eq!(ids, ["ready", "tie-1", "tie-2", "low"]);
    }
}
