//! The plan for a role: what to do next, blockers first.
//!
//! 1. The role's skills with a gap: **blockers** first (core skills more than one level
//!    short), then the other gaps; within each, largest weighted gap (`weight × gap`)
//!    first, then by skill id.
//! 2. For each such skill, the lessons not done yet that can show it above the learner's
//!    current level (a lesson shows at most 2, or 3 with an unguided step), in catalog
//!    order.
//! 3. Before each lesson, its prerequisites that are not done yet and that themselves
//!    work on one of the role's gaps (depth first, in the order `requires` lists them).
//!    A lesson that works on none of the role's gaps is never in the plan.
//! 4. Each lesson appears once, where it is first needed.
//! 5. Where no lesson works on a gap, **one** self-study route is recommended for it
//!    (the first of the skill's routes whose level reaches the requirement, else its
//!    highest-level one); the skill's other routes are kept folded beside it. Where
//!    lessons work on a gap but cannot reach the required level, the route follows them.
//!
//! The estimated time to "ready" adds the minutes of the planned lessons and the hours
//! of the recommended routes that state them; routes without an estimate are counted.

use std::collections::{BTreeMap, BTreeSet};

use super::evidence::max_credit;
use super::readiness::{Readiness, SkillGap, readiness};
use crate::catalog::{Catalog, Lesson, Role, Route};
use crate::progress::{Progress, Status};

/// A lesson in a plan and why it is there.
#[derive(Debug, Clone, PartialEq)]
pub struct PlannedLesson {
    pub lesson: String,
    /// The skill gap this lesson (or the lesson it prepares) works on.
    pub skill: String,
    /// For a prerequisite: the lesson it prepares.
    pub prepares: Option<String>,
    pub minutes: u32,
}

/// A gap worked on outside mlpath: one recommended route, the others folded.
#[derive(Debug, Clone, PartialEq)]
pub struct SelfStudy {
    pub skill: String,
    pub required: u8,
    /// `None` when the skill lists no routes.
    pub recommended: Option<Route>,
    pub others: Vec<Route>,
}

/// One item of a plan, in the order to do them.
#[derive(Debug, Clone, PartialEq)]
pub enum PlanItem {
    Lesson(PlannedLesson),
    SelfStudy(SelfStudy),
}

impl PlanItem {
    /// The skill gap the item works on.
    pub fn skill(&self) -> &str {
        match self {
            PlanItem::Lesson(l) => &l.skill,
            PlanItem::SelfStudy(s) => &s.skill,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    pub readiness: Readiness,
    pub items: Vec<PlanItem>,
}

/// The estimated time to close every gap in a plan.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Estimate {
    /// Lesson minutes plus stated route hours, in hours.
    pub hours: f64,
    /// Recommended routes (or skills without routes) that state no time.
    pub unestimated: usize,
}

impl Plan {
    /// The planned lessons, in plan order.
    pub fn lessons(&self) -> impl Iterator<Item = &PlannedLesson> {
        self.items.iter().filter_map(|i| match i {
            PlanItem::Lesson(l) => Some(l),
            PlanItem::SelfStudy(_) => None,
        })
    }

    /// The self-study items, in plan order.
    pub fn self_study(&self) -> impl Iterator<Item = &SelfStudy> {
        self.items.iter().filter_map(|i| match i {
            PlanItem::SelfStudy(s) => Some(s),
            PlanItem::Lesson(_) => None,
        })
    }

    /// The lesson ids in plan order.
    pub fn lesson_ids(&self) -> Vec<&str> {
        self.lessons().map(|p| p.lesson.as_str()).collect()
    }

    /// The first thing to do, if anything is left.
    pub fn first(&self) -> Option<&PlanItem> {
        self.items.first()
    }

    pub fn estimate(&self) -> Estimate {
        let mut hours = 0.0;
        let mut unestimated = 0;
        for item in &self.items {
            match item {
                PlanItem::Lesson(l) => hours += f64::from(l.minutes) / 60.0,
                PlanItem::SelfStudy(s) => match s.recommended.as_ref().and_then(|r| r.hours) {
                    Some(h) => hours += h,
                    None => unestimated += 1,
                },
            }
        }
        Estimate { hours, unestimated }
    }
}

/// "about 6.5 hours", plus how many routes state no time.
pub fn estimate_text(plan: &Plan) -> String {
    let e = plan.estimate();
    let mut out = format!("about {} hours", format_hours(e.hours));
    if e.unestimated > 0 {
        out.push_str(&format!(
            " plus {} self-study route{} without an estimate",
            e.unestimated,
            if e.unestimated == 1 { "" } else { "s" }
        ));
    }
    out
}

/// Hours with one decimal, without a trailing ".0".
pub fn format_hours(hours: f64) -> String {
    let rounded = (hours * 10.0).round() / 10.0;
    if rounded.fract() == 0.0 {
        format!("{rounded:.0}")
    } else {
        format!("{rounded:.1}")
    }
}

/// The gaps in plan order: blockers first, then largest weighted gap, then skill id.
pub fn ordered_gaps(readiness: &Readiness) -> Vec<&SkillGap> {
    let mut gaps = readiness.gaps();
    // `gaps()` is already by weighted gap then id; a stable sort keeps that.
    gaps.sort_by_key(|g| !g.blocks());
    gaps
}

/// The recommended route for reaching `required`: the first route that reaches it,
/// else the highest-level one (the first of equals); the others in file order.
pub fn recommend(routes: &[Route], required: u8) -> (Option<Route>, Vec<Route>) {
    let pick = routes.iter().position(|r| r.level >= required).or_else(|| {
        let best = routes.iter().map(|r| r.level).max()?;
        routes.iter().position(|r| r.level == best)
    });
    match pick {
        None => (None, Vec::new()),
        Some(i) => {
            let mut others = routes.to_vec();
            let chosen = others.remove(i);
            (Some(chosen), others)
        }
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
    let gaps = ordered_gaps(&readiness);
    // A lesson works on the role's gaps when it can show one of them above its level.
    let works_on_a_gap = |lesson: &Lesson| {
        gaps.iter().any(|g| {
            lesson
                .skills
                .get(&g.skill)
                .is_some_and(|&taught| max_credit(lesson, taught) > g.current)
        })
    };
    let mut items = Vec::new();
    let mut placed = BTreeSet::new();
    for gap in &gaps {
        let teaching: Vec<&Lesson> = catalog
            .lessons()
            .filter(|l| {
                l.skills
                    .get(&gap.skill)
                    .is_some_and(|&taught| max_credit(l, taught) > gap.current)
                    && progress.status(&l.id) != Status::Done
            })
            .collect();
        for lesson in &teaching {
            let mut visiting = BTreeSet::new();
            let mut place = Placer {
                catalog,
                progress,
                skill: &gap.skill,
                works_on_a_gap: &works_on_a_gap,
                placed: &mut placed,
                visiting: &mut visiting,
                out: &mut items,
            };
            place.place(&lesson.id, None);
        }
        let best_shown = catalog
            .lessons()
            .filter_map(|l| l.skills.get(&gap.skill).map(|&t| max_credit(l, t)))
            .max()
            .unwrap_or(0);
        if teaching.is_empty() || best_shown < gap.required {
            let routes = catalog
                .skill(&gap.skill)
                .map(|s| s.self_study.clone())
                .unwrap_or_default();
            let (recommended, others) = recommend(&routes, gap.required);
            items.push(PlanItem::SelfStudy(SelfStudy {
                skill: gap.skill.clone(),
                required: gap.required,
                recommended,
                others,
            }));
        }
    }
    Plan { readiness, items }
}

/// Places lessons after their missing prerequisites. `visiting` guards against cycles
/// in hand-written `requires` (the catalog check reports them; the plan must not hang).
struct Placer<'a, F: Fn(&Lesson) -> bool> {
    catalog: &'a Catalog,
    progress: &'a Progress,
    skill: &'a str,
    works_on_a_gap: &'a F,
    placed: &'a mut BTreeSet<String>,
    visiting: &'a mut BTreeSet<String>,
    out: &'a mut Vec<PlanItem>,
}

impl<F: Fn(&Lesson) -> bool> Placer<'_, F> {
    fn place(&mut self, id: &str, prepares: Option<&str>) {
        if self.placed.contains(id) || !self.visiting.insert(id.to_string()) {
            return;
        }
        let Some(lesson) = self.catalog.lesson(id) else {
            return;
        };
        for req in &lesson.requires {
            let needed = self.progress.status(req) != Status::Done
                && self
                    .catalog
                    .lesson(req)
                    .is_some_and(|l| (self.works_on_a_gap)(l));
            if needed {
                self.place(req, Some(id));
            }
        }
        self.placed.insert(id.to_string());
        self.out.push(PlanItem::Lesson(PlannedLesson {
            lesson: id.to_string(),
            skill: self.skill.to_string(),
            prepares: prepares.map(str::to_string),
            minutes: lesson.minutes,
        }));
    }
}

/// The longest claim text a route gives, in characters.
pub const ROUTE_CLAIM_CHARS: usize = 200;

/// "self-study: <route>", shortened to [`ROUTE_CLAIM_CHARS`] characters.
pub fn route_claim(route: &str) -> String {
    let text = format!("self-study: {}", crate::sanitize::clean_line(route));
    if text.chars().count() <= ROUTE_CLAIM_CHARS {
        return text;
    }
    let mut short: String = text.chars().take(ROUTE_CLAIM_CHARS - 1).collect();
    short.push('…');
    short
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{Level, Skill, Track};

    fn lesson(id: &str, requires: &[&str], skills: &[(&str, u8)]) -> Lesson {
        Lesson {
            id: format!("t/{id}"),
            track: "t".into(),
            title: id.into(),
            summary: String::new(),
            minutes: 30,
            level: Level::Beginner,
            requires: requires.iter().map(|r| format!("t/{r}")).collect(),
            skills: skills.iter().map(|(s, l)| (s.to_string(), *l)).collect(),
            steps: vec![],
            path: String::new(),
            content_hash: String::new(),
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

    fn route(text: &str, level: u8, hours: Option<f64>) -> Route {
        Route {
            text: text.into(),
            level,
            hours,
        }
    }

    fn catalog(lessons: Vec<Lesson>) -> Catalog {
        let skill = |id: &str| Skill {
            id: id.into(),
            name: id.into(),
            description: String::new(),
            self_study: vec![
                route(&format!("read the {id} book"), 2, Some(10.0)),
                route(&format!("build a {id} project"), 4, None),
            ],
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

    fn kinds(p: &Plan) -> Vec<String> {
        p.items
            .iter()
            .map(|i| match i {
                PlanItem::Lesson(l) => l.lesson.clone(),
                PlanItem::SelfStudy(s) => format!("study:{}", s.skill),
            })
            .collect()
    }

    #[test]
    fn largest_weighted_gaps_first_with_prerequisites_before_their_lesson() {
        let c = catalog(vec![
            lesson("intro", &[], &[("a", 1)]),
            lesson("b1", &["intro"], &[("b", 2)]),
            lesson("a1", &[], &[("a", 2)]),
            lesson("b2", &["b1"], &[("b", 2)]),
        ]);
        // b is core (3·2 = 6, a blocker), a is not (1·2 = 2).
        let r = role(&[("a", 2), ("b", 2)], &["b"]);
        let p = plan(&c, &Progress::default(), &r, &BTreeMap::new());
        assert_eq!(
            kinds(&p),
            ["t/intro", "t/b1", "t/b2", "t/a1"],
            "intro teaches the gap in a, so it may come first as b1's prerequisite"
        );
        let first = p.lessons().next().unwrap();
        assert_eq!(first.skill, "b");
        assert_eq!(first.prepares.as_deref(), Some("t/b1"));
    }

    #[test]
    fn blockers_come_first_and_get_one_recommended_route_where_no_lesson_helps() {
        // c is core and has no lesson: a blocker whose route comes before a's lessons.
        let c = catalog(vec![lesson("a1", &[], &[("a", 2)])]);
        let r = role(&[("a", 3), ("c", 4)], &["c"]);
        let p = plan(&c, &Progress::default(), &r, &BTreeMap::new());
        assert_eq!(kinds(&p), ["study:c", "t/a1", "study:a"]);
        let PlanItem::SelfStudy(s) = &p.items[0] else {
            panic!("a route first")
        };
        assert_eq!(s.recommended.as_ref().unwrap().text, "build a c project");
        assert_eq!(s.others.len(), 1, "the other route is folded");
        // a1 shows at most 2 of the 3 required: the route follows the lesson, and the
        // first route reaching 3 is the project.
        let PlanItem::SelfStudy(s) = &p.items[2] else {
            panic!("a route last")
        };
        assert_eq!(s.recommended.as_ref().unwrap().level, 4);
    }

    #[test]
    fn a_plan_never_lists_a_lesson_that_works_on_no_gap() {
        let c = catalog(vec![
            lesson("soft", &[], &[("d", 2)]),
            lesson("a1", &["soft"], &[("a", 2)]),
            lesson("quiz-at-5", &[], &[("a", 5)]),
        ]);
        let r = role(&[("a", 2)], &["a"]);
        let p = plan(&c, &Progress::default(), &r, &BTreeMap::new());
        assert_eq!(
            p.lesson_ids(),
            ["t/a1", "t/quiz-at-5"],
            "soft teaches none of the gaps; quiz-at-5 shows at most 2"
        );
        // Self-rated to 2 already: no lesson can show more than 2, so only a route.
        let r3 = role(&[("a", 3)], &["a"]);
        let p = plan(&c, &Progress::default(), &r3, &levels(&[("a", 2)]));
        assert_eq!(kinds(&p), ["study:a"]);
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
            lesson("both", &[], &[("a", 2), ("b", 1)]),
        ]);
        let mut progress = Progress::default();
        progress.complete_lesson("t/a1");
        let r = role(&[("a", 2), ("b", 1)], &["a"]);
        let p = plan(&c, &progress, &r, &levels(&[("a", 1)]));
        assert_eq!(p.lesson_ids(), ["t/a2", "t/both"], "no duplicates");
    }

    #[test]
    fn the_estimate_adds_lesson_minutes_and_stated_route_hours() {
        let c = catalog(vec![lesson("a1", &[], &[("a", 2)])]);
        let r = role(&[("a", 2), ("c", 2)], &["a"]);
        let p = plan(&c, &Progress::default(), &r, &BTreeMap::new());
        assert_eq!(kinds(&p), ["t/a1", "study:c"]);
        let e = p.estimate();
        assert!((e.hours - 10.5).abs() < 1e-12, "30 min + 10 h: {e:?}");
        assert_eq!(e.unestimated, 0);
        assert_eq!(estimate_text(&p), "about 10.5 hours");
        let r = role(&[("c", 4)], &["c"]);
        let p = plan(&c, &Progress::default(), &r, &BTreeMap::new());
        assert_eq!(
            estimate_text(&p),
            "about 0 hours plus 1 self-study route without an estimate"
        );
    }

    #[test]
    fn recommend_prefers_the_first_route_reaching_the_requirement() {
        let routes = [
            route("x", 2, None),
            route("y", 3, None),
            route("z", 3, None),
        ];
        let (pick, others) = recommend(&routes, 3);
        assert_eq!(pick.unwrap().text, "y");
        assert_eq!(others.len(), 2);
        let (pick, _) = recommend(&routes, 5);
        assert_eq!(pick.unwrap().text, "y", "else the first of the highest");
        assert_eq!(recommend(&[], 3), (None, Vec::new()));
    }

    #[test]
    fn a_ready_learner_has_an_empty_plan() {
        let c = catalog(vec![lesson("a1", &[], &[("a", 2)])]);
        let r = role(&[("a", 2)], &["a"]);
        let p = plan(&c, &Progress::default(), &r, &levels(&[("a", 2)]));
        assert!(p.readiness.ready);
        assert!(p.items.is_empty());
        assert_eq!(p.first(), None);
    }

    #[test]
    fn prerequisite_cycles_and_unknown_lessons_do_not_hang() {
        let c = catalog(vec![
            lesson("x", &["y", "missing"], &[("a", 1)]),
            lesson("y", &["x"], &[("a", 1)]),
        ]);
        let r = role(&[("a", 1)], &[]);
        let p = plan(&c, &Progress::default(), &r, &BTreeMap::new());
        assert_eq!(p.lesson_ids(), ["t/y", "t/x"]);
    }
}
