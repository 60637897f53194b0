//! What the learner's record shows they can do: an evidence level per skill from
//! finished lessons and met lab goals, and a retention check from review cards.
//!
//! Rules (also in `docs/skills.md`):
//! - Quizzes and guided labs show at most level 2 ([`MAX_GUIDED_LEVEL`]); an unguided
//!   exercise or lab (`independent = true`) shows at most 3 ([`MAX_LESSON_LEVEL`]);
//!   levels 4-5 come only from outside evidence.
//! - A lesson that is **done** gives each of its skills the lesson's level for it, capped
//!   at 2, minus 1 (not below 0) when the lesson **needed hints**: at least one of its
//!   quiz steps has `hints_used > 0` (hints revealed before the right answer) or was
//!   `revealed` (the learner asked for the answer).
//! - A **lab** step whose goal is met gives its lesson's skill levels capped at 2, even
//!   before the lesson is done: a met goal is practical evidence, hints or not. An
//!   exercise step whose file meets every requirement counts as a met lab goal. A met
//!   **independent** step gives the lesson's levels capped at 3.
//! - **Outside evidence** (a course, a project, a job the learner recorded) gives its
//!   skill its level: the learner's claim, kept apart from what lessons show.
//! - A skill's evidence is the highest level any lesson gives it (0 when none).
//! - A skill is **rusty** when its review cards (the cards of quiz steps in lessons that
//!   teach it) keep failing: their mean retrievability now is below
//!   [`RUSTY_RETRIEVABILITY`], or the cards reviewed in the last [`RECENT_DAYS`] days
//!   have [`RUSTY_LAPSES`] or more lapses between them.

use std::collections::BTreeMap;
use std::time::{Duration, SystemTime};

use super::review::{parse_key, parse_time, retrievability};
use crate::catalog::{Catalog, Lesson, MAX_GUIDED_LEVEL, MAX_LESSON_LEVEL, Step};
use crate::progress::{Progress, Status, step_key};

/// Mean retrievability below which a skill is rusty.
pub const RUSTY_RETRIEVABILITY: f64 = 0.7;
/// Lapses on recently reviewed cards from which a skill is rusty.
pub const RUSTY_LAPSES: u32 = 2;
/// How far back "recently reviewed" reaches, in days.
pub const RECENT_DAYS: u64 = 30;

/// Whether a lesson's quizzes were answered only with help: some quiz step has hints
/// revealed before its right answer, or its answer shown.
pub fn needed_hints(lesson: &Lesson, progress: &Progress) -> bool {
    lesson
        .steps
        .iter()
        .enumerate()
        .filter(|(_, step)| step.is_quiz())
        .filter_map(|(i, _)| progress.step_record(&lesson.id, i))
        .any(|r| r.hints_used > 0 || r.revealed)
}

/// Whether a lab or exercise step of the lesson has its goal met: any such step
/// (`independent: false`) or only the unguided ones (`independent: true`).
pub fn lab_goal_met(lesson: &Lesson, progress: &Progress, independent: bool) -> bool {
    lesson
        .steps
        .iter()
        .enumerate()
        .filter(|(_, step)| matches!(step, Step::Lab(_) | Step::Exercise(_)))
        .filter(|(_, step)| !independent || step.is_independent())
        .any(|(i, _)| {
            progress
                .lab_record(&step_key(&lesson.id, i))
                .is_some_and(|r| r.goal_met)
        })
}

/// The most a lesson can show for a skill it teaches at `taught`: 3 with an unguided
/// step, 2 without one.
pub fn max_credit(lesson: &Lesson, taught: u8) -> u8 {
    if lesson.steps.iter().any(Step::is_independent) {
        taught.min(MAX_LESSON_LEVEL)
    } else {
        taught.min(MAX_GUIDED_LEVEL)
    }
}

/// How a lesson counts as evidence: the level it gives for one of its skills, where
/// `taught` is the lesson's level for that skill.
pub fn lesson_credit(lesson: &Lesson, progress: &Progress, taught: u8) -> u8 {
    let guided = taught.min(MAX_GUIDED_LEVEL);
    let from_lesson = if progress.status(&lesson.id) == Status::Done {
        if needed_hints(lesson, progress) {
            guided.saturating_sub(1)
        } else {
            guided
        }
    } else {
        0
    };
    let from_lab = if lab_goal_met(lesson, progress, true) {
        taught.min(MAX_LESSON_LEVEL)
    } else if lab_goal_met(lesson, progress, false) {
        guided
    } else {
        0
    };
    from_lab.max(from_lesson)
}

/// The highest level the learner's outside evidence claims per skill id (removed
/// entries count for nothing; a hand-edited level above 5 counts as 5).
pub fn claimed_levels(progress: &Progress) -> BTreeMap<String, u8> {
    let mut levels: BTreeMap<String, u8> = BTreeMap::new();
    for (_, e) in progress.outside_evidence() {
        let level = levels.entry(e.skill.clone()).or_insert(0);
        *level = (*level).max(e.level.min(super::MAX_LEVEL));
    }
    levels
}

/// The level lessons show per skill id (outside evidence not included): every catalog
/// skill (0 when nothing shows it) and any other skill a lesson names.
pub fn evidence_levels(catalog: &Catalog, progress: &Progress) -> BTreeMap<String, u8> {
    let mut levels: BTreeMap<String, u8> =
        catalog.skills.iter().map(|s| (s.id.clone(), 0)).collect();
    for lesson in catalog.lessons() {
        for (skill, &taught) in &lesson.skills {
            let credit = lesson_credit(lesson, progress, taught);
            let level = levels.entry(skill.clone()).or_insert(0);
            *level = (*level).max(credit);
        }
    }
    levels
}

/// How well a skill's quiz items are remembered.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Retention {
    /// Review cards of the skill whose state could be read.
    pub cards: usize,
    /// Mean retrievability of those cards now (`None` without cards).
    pub mean_retrievability: Option<f64>,
    /// Lapses of the cards last reviewed within [`RECENT_DAYS`] days.
    pub recent_lapses: u32,
    pub rusty: bool,
}

/// The retention of every skill that has review cards, by skill id. A card counts for
/// each skill its lesson teaches (level above 0); cards of lessons not loaded are left out.
pub fn retention(
    catalog: &Catalog,
    progress: &Progress,
    now: SystemTime,
) -> BTreeMap<String, Retention> {
    let recent = now
        .checked_sub(Duration::from_secs(RECENT_DAYS * 86_400))
        .unwrap_or(SystemTime::UNIX_EPOCH);
    let mut sums: BTreeMap<String, (f64, usize, u32)> = BTreeMap::new();
    for (key, card) in &progress.reviews {
        let Some((lesson, _)) = parse_key(key) else {
            continue;
        };
        let Some(lesson) = catalog.lesson(lesson) else {
            continue;
        };
        let Some(r) = retrievability(card, now) else {
            continue;
        };
        let is_recent = parse_time(&card.last_review).is_some_and(|t| t >= recent);
        for (skill, _) in lesson.skills.iter().filter(|(_, level)| **level > 0) {
            let entry = sums.entry(skill.clone()).or_default();
            entry.0 += r;
            entry.1 += 1;
            if is_recent {
                entry.2 += card.lapses;
            }
        }
    }
    sums.into_iter()
        .map(|(skill, (sum, cards, recent_lapses))| {
            let mean = sum / cards as f64;
            let rusty = mean < RUSTY_RETRIEVABILITY || recent_lapses >= RUSTY_LAPSES;
            (
                skill,
                Retention {
                    cards,
                    mean_retrievability: Some(mean),
                    recent_lapses,
                    rusty,
                },
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{ChoiceStep, LabSpec, LabStep, Level, SelfAssessmentLab, Track};
    use crate::progress::ReviewCard;
    use crate::skills::review::{Rating, new_card};

    fn quiz() -> Step {
        Step::Choice(ChoiceStep {
            title: None,
            prompt: "?".into(),
            options: vec!["a".into(), "b".into()],
            answers: vec![0],
            multi: false,
            explain: String::new(),
            hints: vec!["h".into()],
        })
    }

    fn lab() -> Step {
        Step::Lab(LabStep {
            title: None,
            text: None,
            spec: LabSpec::SelfAssessment(SelfAssessmentLab { skills: Vec::new() }),
            independent: false,
        })
    }

    fn unguided_lab() -> Step {
        match lab() {
            Step::Lab(l) => Step::Lab(LabStep {
                independent: true,
                ..l
            }),
            other => other,
        }
    }

    fn lesson(id: &str, skills: &[(&str, u8)], steps: Vec<Step>) -> Lesson {
        Lesson {
            id: format!("t/{id}"),
            track: "t".into(),
            title: id.into(),
            summary: String::new(),
            minutes: 5,
            level: Level::Beginner,
            requires: vec![],
            skills: skills.iter().map(|(s, l)| (s.to_string(), *l)).collect(),
            steps,
            path: String::new(),
            content_hash: String::new(),
        }
    }

    fn catalog(lessons: Vec<Lesson>) -> Catalog {
        Catalog {
            tracks: vec![Track {
                id: "t".into(),
                title: "T".into(),
                summary: String::new(),
                order: 1,
                lessons,
                origin: String::new(),
            }],
            ..Catalog::default()
        }
    }

    fn finish(p: &mut Progress, lesson: &str, hints: u32) {
        p.record_answer(lesson, 0, true, hints);
        p.complete_lesson(lesson);
    }

    #[test]
    fn done_lessons_give_their_levels_and_the_highest_wins() {
        let c = catalog(vec![
            lesson("a", &[("ml_core", 1), ("eval_metrics", 2)], vec![quiz()]),
            lesson("b", &[("ml_core", 2)], vec![quiz()]),
            lesson("c", &[("monitoring", 2)], vec![quiz()]),
        ]);
        let mut p = Progress::default();
        finish(&mut p, "t/a", 0);
        finish(&mut p, "t/b", 0);
        p.record_answer("t/c", 0, true, 0); // answered but not done
        let ev = evidence_levels(&c, &p);
        assert_eq!(ev["ml_core"], 2);
        assert_eq!(ev["eval_metrics"], 2);
        assert_eq!(ev["monitoring"], 0, "an unfinished lesson shows nothing");
    }

    #[test]
    fn hints_or_a_shown_answer_cost_one_level() {
        let c = catalog(vec![
            lesson("a", &[("ml_core", 2)], vec![quiz(), quiz()]),
            lesson("b", &[("sql", 1)], vec![quiz()]),
            lesson("c", &[("cv", 2)], vec![quiz()]),
        ]);
        let mut p = Progress::default();
        p.record_answer("t/a", 0, true, 0);
        p.record_answer("t/a", 1, true, 1);
        p.complete_lesson("t/a");
        finish(&mut p, "t/b", 2);
        p.record_answer("t/c", 0, false, 0);
        p.record_reveal("t/c", 0);
        p.complete_lesson("t/c");
        assert!(needed_hints(c.lesson("t/a").unwrap(), &p));
        let ev = evidence_levels(&c, &p);
        assert_eq!(ev["ml_core"], 1, "one quiz with a hint is enough");
        assert_eq!(ev["sql"], 0, "never below 0");
        assert_eq!(ev["cv"], 1, "a shown answer counts as help");
    }

    #[test]
    fn wrong_tries_without_hints_are_not_help() {
        let c = catalog(vec![lesson("a", &[("ml_core", 2)], vec![quiz()])]);
        let mut p = Progress::default();
        p.record_answer("t/a", 0, false, 0);
        p.record_answer("t/a", 0, true, 0);
        p.complete_lesson("t/a");
        assert_eq!(evidence_levels(&c, &p)["ml_core"], 2);
    }

    #[test]
    fn a_met_lab_goal_counts_before_the_lesson_is_done_and_despite_hints() {
        let c = catalog(vec![lesson("a", &[("monitoring", 2)], vec![quiz(), lab()])]);
        let mut p = Progress::default();
        p.record_answer("t/a", 0, true, 1);
        p.record_lab("t/a#2", false, "not yet");
        assert_eq!(evidence_levels(&c, &p)["monitoring"], 0);
        p.record_lab("t/a#2", true, "caught the drift");
        assert_eq!(evidence_levels(&c, &p)["monitoring"], 2);
        p.complete_lesson("t/a");
        assert_eq!(evidence_levels(&c, &p)["monitoring"], 2);
        // A lab result stored under a quiz step's key is not lab evidence.
        let mut q = Progress::default();
        q.record_lab("t/a#1", true, "?");
        assert_eq!(evidence_levels(&c, &q)["monitoring"], 0);
    }

    #[test]
    fn quizzes_and_guided_labs_never_show_level_3() {
        // Even a lesson (hand-built, bypassing the loader's check) that claims 3 or 5.
        let c = catalog(vec![
            lesson("quiz", &[("ml_core", 3)], vec![quiz(), quiz()]),
            lesson("guided", &[("monitoring", 5)], vec![quiz(), lab()]),
        ]);
        let mut p = Progress::default();
        p.record_answer("t/quiz", 0, true, 0);
        p.record_answer("t/quiz", 1, true, 0);
        p.complete_lesson("t/quiz");
        finish(&mut p, "t/guided", 0);
        p.record_lab("t/guided#2", true, "met");
        let ev = evidence_levels(&c, &p);
        assert_eq!(ev["ml_core"], MAX_GUIDED_LEVEL);
        assert_eq!(ev["monitoring"], MAX_GUIDED_LEVEL);
    }

    #[test]
    fn an_unguided_step_shows_level_3_and_never_more() {
        let c = catalog(vec![lesson(
            "a",
            &[("monitoring", 3), ("math_stats", 1), ("cv", 5)],
            vec![quiz(), lab(), unguided_lab()],
        )]);
        let mut p = Progress::default();
        p.record_lab("t/a#2", true, "guided lab met");
        assert_eq!(evidence_levels(&c, &p)["monitoring"], 2);
        p.record_lab("t/a#3", true, "unguided lab met");
        let ev = evidence_levels(&c, &p);
        assert_eq!(ev["monitoring"], 3);
        assert_eq!(ev["math_stats"], 1, "the lesson's own level still caps");
        assert_eq!(ev["cv"], MAX_LESSON_LEVEL, "4-5 only from outside evidence");
    }

    #[test]
    fn claimed_levels_skip_removed_entries() {
        let mut p = Progress::default();
        let a = p.add_outside_evidence("sql", 4, "job", None, None);
        p.add_outside_evidence("sql", 2, "course", None, None);
        assert_eq!(claimed_levels(&p)["sql"], 4);
        p.remove_outside_evidence(&a);
        assert_eq!(claimed_levels(&p)["sql"], 2);
    }

    fn at(text: &str) -> SystemTime {
        parse_time(text).unwrap()
    }

    fn card(last: &str, stability: f64, lapses: u32) -> ReviewCard {
        ReviewCard {
            stability,
            lapses,
            last_review: last.into(),
            ..new_card(Rating::Good, at(last))
        }
    }

    #[test]
    fn failing_reviews_make_a_skill_rusty() {
        let c = catalog(vec![
            lesson("a", &[("ml_core", 1), ("sql", 0)], vec![quiz(), quiz()]),
            lesson("b", &[("cv", 1)], vec![quiz()]),
            lesson("d", &[("swe", 1)], vec![quiz()]),
        ]);
        let now = at("2026-06-01T00:00:00Z");
        let mut p = Progress::default();
        // Two cards of ml_core: R(30, 2.3065) = 0.6675 and R(0, S) = 1: mean 0.834.
        p.reviews
            .insert("t/a#1".into(), card("2026-05-02T00:00:00Z", 2.3065, 0));
        p.reviews
            .insert("t/a#2".into(), card("2026-06-01T00:00:00Z", 2.3065, 0));
        // One cv card, 30 days past a 2.3-day stability: 0.6675 < 0.7.
        p.reviews
            .insert("t/b#1".into(), card("2026-05-02T00:00:00Z", 2.3065, 0));
        // swe: remembered, but two lapses in the last 30 days.
        p.reviews
            .insert("t/d#1".into(), card("2026-05-30T00:00:00Z", 50.0, 2));
        // A card of a lesson that is not loaded is ignored.
        p.reviews
            .insert("gone/x#1".into(), card("2020-01-01T00:00:00Z", 1.0, 9));
        let r = retention(&c, &p, now);
        let ml = &r["ml_core"];
        assert_eq!(ml.cards, 2);
        assert!((ml.mean_retrievability.unwrap() - 0.833_763_17).abs() < 1e-6);
        assert!(!ml.rusty);
        assert!(!r.contains_key("sql"), "level 0 is not taught");
        assert!(r["cv"].rusty);
        assert!(r["swe"].rusty);
        assert_eq!(r["swe"].recent_lapses, 2);
        // The same lapses long ago do not count.
        p.reviews
            .insert("t/d#1".into(), card("2026-03-01T00:00:00Z", 5000.0, 2));
        let r = retention(&c, &p, now);
        assert!(!r["swe"].rusty, "{:?}", r["swe"]);
    }
}
