//! The next lessons for a role.
//!
//! 1. The role's skills with a gap, largest weighted gap (`weight × gap`) first, then
//!    by skill id.
//! 2. For each such skill, the lessons not done yet that teach it above the learner's
//!    current level, in catalog order.
//! 3. Before each lesson, its prerequisites that are not done yet (and theirs, depth
//!    first, in the order `requires` lists them), even when they teach other skills.
//! 4. Each lesson appears once, where it is first needed.
//!
//! A skill with a gap whose required level is above anything a loaded lesson teaches
//! cannot be closed here: it is listed with the skill's self-study routes.

use std::collections::{BTreeMap, BTreeSet};

use super::readiness::{Readiness, readiness};
use crate::catalog::{Catalog, Role};
use crate::progress::{Progress, Status};

/// A lesson in a plan and why it is there.
#[derive(Debug, Clone, PartialEq)]
pub struct PlannedLesson {
    pub lesson: String,
    /// The skill gap this lesson (or the lesson it prepares) works on.
    pub skill: String,
    /// For a prerequisite: the lesson it prepares.
    pub prepares: Option<String>,
}

/// A gap the loaded lessons cannot close, with routes to close it elsewhere.
#[derive(Debug, Clone, PartialEq)]
pub struct SelfStudy {
    pub skill: String,
    pub suggestions: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    pub readiness: Readiness,
    pub lessons: Vec<PlannedLesson>,
    pub self_study: Vec<SelfStudy>,
}

impl Plan {
    /// The lesson ids in plan order.
    pub fn lesson_ids(&self) -> Vec<&str> {
        self.lessons.iter().map(|p| p.lesson.as_str()).collect()
    }
}

/// The plan for `role` from the current level per skill.
pub fn plan(
    catalog: &Catalog,
    progress: &Progress,
    role: &Role,
    current: &BTreeMap<String, u8>,
) -> Plan {
    let readiness = readiness(role, current);
    let mut lessons = Vec::new();
    let mut placed = BTreeSet::new();
    let mut self_study = Vec::new();
    for gap in readiness.gaps() {
        let teaching = catalog.lessons().filter(|l| {
            l.skills
                .get(&gap.skill)
                .is_some_and(|&lvl| lvl > gap.current)
                && progress.status(&l.id) != Status::Done
        });
        for lesson in teaching {
            let mut visiting = BTreeSet::new();
            place(
                catalog,
                progress,
                &lesson.id,
                &gap.skill,
                None,
                &mut placed,
                &mut visiting,
                &mut lessons,
            );
        }
        let best_taught = catalog
            .lessons()
            .filter_map(|l| l.skills.get(&gap.skill).copied())
            .max()
            .unwrap_or(0);
        if best_taught < gap.required {
            self_study.push(SelfStudy {
                skill: gap.skill.clone(),
                suggestions: catalog
                    .skill(&gap.skill)
                    .map(|s| s.self_study.clone())
                    .unwrap_or_default(),
            });
        }
    }
    Plan {
        readiness,
        lessons,
        self_study,
    }
}

/// Places `id` after its missing prerequisites. `visiting` guards against cycles in
/// hand-written `requires` (the catalog check reports them; the plan must not hang).
#[allow(clippy::too_many_arguments)]
fn place(
    catalog: &Catalog,
    progress: &Progress,
    id: &str,
    skill: &str,
    prepares: Option<&str>,
    placed: &mut BTreeSet<String>,
    visiting: &mut BTreeSet<String>,
    out: &mut Vec<PlannedLesson>,
) {
    if placed.contains(id) || !visiting.insert(id.to_string()) {
        return;
    }
    let Some(lesson) = catalog.lesson(id) else {
        return;
    };
    for req in &lesson.requires {
        if progress.status(req) != Status::Done {
            place(
                catalog,
                progress,
                req,
                skill,
                Some(id),
                placed,
                visiting,
                out,
            );
        }
    }
    placed.insert(id.to_string());
    out.push(PlannedLesson {
        lesson: id.to_string(),
        skill: skill.to_string(),
        prepares: prepares.map(str::to_string),
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{Lesson, Level, Skill, Track};

    fn lesson(id: &str, requires: &[&str], skills: &[(&str, u8)]) -> Lesson {
        Lesson {
            id: format!("t/{id}"),
            track: "t".into(),
            title: id.into(),
            summary: String::new(),
            minutes: 5,
            level: Level::Beginner,
            requires: requires.iter().map(|r| format!("t/{r}")).collect(),
            skills: skills.iter().map(|(s, l)| (s.to_string(), *l)).collect(),
            steps: vec![],
            path: String::new(),
        }
    }

    fn role(requires: &[(&str, u8)], core: &[&str]) -> Role {
        Role {
            id: "r".into(),
            name: "R".into(),
            description: String::new(),
            requires: requires.iter().map(|(s, l)| (s.to_string(), *l)).collect(),
            core: core.iter().map(|s| s.to_string()).collect(),
        }
    }

    fn catalog(lessons: Vec<Lesson>) -> Catalog {
        let skill = |id: &str| Skill {
            id: id.into(),
            name: id.into(),
            description: String::new(),
            self_study: vec![format!("read the {id} book")],
        };
        Catalog {
            tracks: vec![Track {
                id: "t".into(),
                title: "T".into(),
                summary: String::new(),
                order: 1,
                lessons,
                origin: String::new(),
            }],
            skills: ["a", "b", "c", "d"].into_iter().map(skill).collect(),
            ..Catalog::default()
        }
    }

    fn levels(pairs: &[(&str, u8)]) -> BTreeMap<String, u8> {
        pairs.iter().map(|(s, l)| (s.to_string(), *l)).collect()
    }

    #[test]
    fn largest_weighted_gaps_first_with_prerequisites_before_their_lesson() {
        let c = catalog(vec![
            lesson("intro", &[], &[("d", 1)]),
            lesson("b1", &["intro"], &[("b", 2)]),
            lesson("a1", &[], &[("a", 2)]),
            lesson("a2", &["a1"], &[("a", 4)]),
            lesson("b2", &["b1"], &[("b", 3)]),
        ]);
        // b is core (3·3 = 9), a is not (1·4 = 4).
        let r = role(&[("a", 4), ("b", 3)], &["b"]);
        let p = plan(&c, &Progress::default(), &r, &BTreeMap::new());
        assert_eq!(
            p.lesson_ids(),
            ["t/intro", "t/b1", "t/b2", "t/a1", "t/a2"],
            "intro teaches d, yet comes first as b1's prerequisite"
        );
        assert_eq!(p.lessons[0].skill, "b");
        assert_eq!(p.lessons[0].prepares.as_deref(), Some("t/b1"));
        assert_eq!(p.lessons[1].prepares, None);
        assert!(p.self_study.is_empty(), "a2 reaches 4 and b2 reaches 3");
    }

    #[test]
    fn ties_break_by_skill_id_then_catalog_order() {
        let c = catalog(vec![
            lesson("b-first", &[], &[("b", 1)]),
            lesson("a-second", &[], &[("a", 1)]),
            lesson("a-first", &[], &[("a", 1)]),
        ]);
        let r = role(&[("a", 1), ("b", 1)], &[]);
        let p = plan(&c, &Progress::default(), &r, &BTreeMap::new());
        assert_eq!(p.lesson_ids(), ["t/a-second", "t/a-first", "t/b-first"]);
    }

    #[test]
    fn done_lessons_and_lessons_at_or_below_the_current_level_are_skipped() {
        let c = catalog(vec![
            lesson("a1", &[], &[("a", 1)]),
            lesson("a2", &["a1"], &[("a", 2)]),
            lesson("a3", &["a2"], &[("a", 3)]),
            lesson("both", &[], &[("a", 3), ("b", 1)]),
        ]);
        let mut progress = Progress::default();
        progress.complete_lesson("t/a1");
        let r = role(&[("a", 3), ("b", 1)], &["a"]);
        // Self-rated to level 2 in a: a2 no longer teaches above it, but is still a
        // missing prerequisite of a3.
        let p = plan(&c, &progress, &r, &levels(&[("a", 2)]));
        assert_eq!(p.lesson_ids(), ["t/a2", "t/a3", "t/both"], "no duplicates");
        assert_eq!(p.lessons[0].prepares.as_deref(), Some("t/a3"));
    }

    #[test]
    fn a_learner_with_nothing_gets_every_teaching_lesson_and_self_study() {
        let c = catalog(vec![lesson("a1", &[], &[("a", 2)])]);
        let r = role(&[("a", 3), ("c", 2)], &["a"]);
        let p = plan(&c, &Progress::default(), &r, &BTreeMap::new());
        assert_eq!(p.lesson_ids(), ["t/a1"]);
        let study: Vec<_> = p.self_study.iter().map(|s| s.skill.as_str()).collect();
        assert_eq!(study, ["a", "c"], "a1 reaches 2 of 3; nothing teaches c");
        assert_eq!(p.self_study[1].suggestions, ["read the c book"]);
    }

    #[test]
    fn a_ready_learner_has_an_empty_plan() {
        let c = catalog(vec![lesson("a1", &[], &[("a", 2)])]);
        let r = role(&[("a", 2)], &["a"]);
        let p = plan(&c, &Progress::default(), &r, &levels(&[("a", 2)]));
        assert!(p.readiness.ready);
        assert!(p.lessons.is_empty() && p.self_study.is_empty());
    }

    #[test]
    fn prerequisite_cycles_and_unknown_lessons_do_not_hang() {
        let c = catalog(vec![
            lesson("x", &["y", "missing"], &[("a", 1)]),
            lesson("y", &["x"], &[]),
        ]);
        let r = role(&[("a", 1)], &[]);
        let p = plan(&c, &Progress::default(), &r, &BTreeMap::new());
        assert_eq!(p.lesson_ids(), ["t/y", "t/x"]);
    }
}
