//! Pure update tests of the career screens: the home entries, self-assessment, roles
//! and a role's plan, review, the lesson's self-assessment step, and review cards
//! started by lesson answers.

use crate::common;

use common::{app, career_app, fixed_now, open_home_item};
use mlpath::skills::plan::PlanItem;
use mlpath::skills::review::{parse_time, retrievability};
use mlpath::tui::action::Action::{self, *};
use mlpath::tui::app::{App, HomeItem, Screen};
use mlpath::tui::keymap::Context;
use mlpath::tui::review::ReviewSession;

fn run(app: &mut App, actions: &[Action]) {
    for a in actions {
        app.update(*a);
    }
}

fn review(app: &App) -> &ReviewSession {
    match app.screen() {
        Screen::Review(s) => s,
        _ => panic!("not on the review screen"),
    }
}

#[test]
fn home_lists_the_career_entries_after_the_tracks() {
    let app = career_app();
    let items = app.home_items();
    let tail: Vec<_> = items.iter().skip(1 + 4).cloned().collect();
    assert_eq!(
        tail,
        [
            HomeItem::Skills,
            HomeItem::Roles,
            HomeItem::Assess,
            HomeItem::Review,
            HomeItem::TargetRole("mlops-engineer".into()),
        ]
    );
    assert_eq!(app.due_reviews().len(), 2);
    assert_eq!(
        mlpath::tui::screens::home::target_line(&app, "mlops-engineer"),
        "MLOps Engineer — 26% ready — next: CI pipelines"
    );
    // Without skills, roles or cards the home screen is as before.
    assert!(!common::app().home_items().contains(&HomeItem::Review));
}

#[test]
fn self_assessment_sets_levels_with_the_arrows_and_saves_at_once() {
    let mut app = career_app();
    open_home_item(&mut app, &HomeItem::Assess);
    assert_eq!(app.context(), Context::Assess);
    app.dirty = false;
    run(&mut app, &[Down]); // eval_metrics, not rated
    run(&mut app, &[Raise]);
    assert_eq!(app.progress.self_level("eval_metrics"), Some(1));
    assert!(app.dirty, "saved at once");
    run(&mut app, &[Raise, Raise, Raise, Raise, Raise]);
    assert_eq!(app.progress.self_level("eval_metrics"), Some(5), "capped");
    run(&mut app, &[Down, Down]); // cicd, not rated
    run(&mut app, &[Lower]);
    assert_eq!(app.progress.self_level("cicd"), Some(0));
    run(&mut app, &[Lower]);
    assert_eq!(app.progress.self_level("cicd"), Some(0));
    run(&mut app, &[Up, Up, Up, Lower]); // ml_core 3 -> 2
    assert_eq!(app.progress.self_level("ml_core"), Some(2));
    run(&mut app, &[Back]);
    assert!(matches!(app.screen(), Screen::Home { .. }));
}

#[test]
fn the_evidence_form_records_a_claim_and_esc_only_closes_it() {
    let mut app = career_app();
    open_home_item(&mut app, &HomeItem::Assess);
    run(&mut app, &[Down, Down]); // monitoring
    let before = app.skill_statuses()[2].clone();
    assert_eq!(before.id, "monitoring");
    run(&mut app, &[AddEvidence]);
    assert_eq!(app.context(), Context::AssessForm);
    // Esc closes the form and nothing is recorded; the self-assessment stays open.
    run(&mut app, &[Back]);
    assert_eq!(app.context(), Context::Assess);
    assert_eq!(app.progress.outside_evidence().count(), 0);
    app.dirty = false;
    run(
        &mut app,
        &[
            AddEvidence,
            Down,
            Down,
            Raise,
            Raise,
            Raise,
            Raise,
            Raise,
            Select,
        ],
    );
    assert_eq!(app.context(), Context::Assess);
    assert!(app.dirty, "saved at once");
    let claims: Vec<(String, u8, String)> = app
        .progress
        .outside_evidence()
        .map(|(_, e)| (e.skill.clone(), e.level, e.what.clone()))
        .collect();
    assert_eq!(
        claims,
        [("monitoring".to_string(), 5, "project".to_string())]
    );
    let after = &app.skill_statuses()[2];
    assert_eq!((after.observed, after.claimed), (before.observed, 5));
    assert_eq!(after.current, 5);
    assert_eq!(after.claims[0].label(), "claimed 5: project");
    // Lowering never goes below 1, and the arrows no longer rate while the form is open.
    let rating = app.progress.self_level("monitoring");
    run(
        &mut app,
        &[
            AddEvidence,
            Lower,
            Lower,
            Lower,
            Lower,
            Lower,
            Lower,
            Select,
        ],
    );
    assert_eq!(app.progress.self_level("monitoring"), rating);
    assert!(
        app.progress
            .outside_evidence()
            .any(|(_, e)| e.level == 1 && e.what == "course")
    );
}

#[test]
fn roles_open_their_plan_and_t_sets_the_target() {
    let mut app = career_app();
    open_home_item(&mut app, &HomeItem::Roles);
    let ranked: Vec<_> = app.ranked_roles().into_iter().map(|r| r.role).collect();
    assert_eq!(ranked, ["data-scientist", "mlops-engineer"], "best first");
    app.dirty = false;
    run(&mut app, &[SetTarget]);
    assert_eq!(app.progress.target_role(), Some("data-scientist"));
    assert!(app.dirty);
    run(&mut app, &[Down, Select]);
    match app.screen() {
        Screen::Role { role, selected } => {
            assert_eq!((role.as_str(), *selected), ("mlops-engineer", 0))
        }
        _ => panic!("not on the role screen"),
    }
    // The plan: CI pipelines, then drift statistics. Its prerequisite, the lifecycle,
    // works on none of the role's gaps, so the plan leaves it out.
    let plan = app.role_plan("mlops-engineer").unwrap();
    assert_eq!(plan.lesson_ids(), ["mlops/pipelines", "mlops/drift"]);
    assert_eq!(plan.readiness.blockers, ["cicd", "monitoring"]);
    // Each lesson shows at most 2 of the 4 required: a self-study route follows it.
    let skills: Vec<(&str, bool)> = plan
        .items
        .iter()
        .map(|i| (i.skill(), matches!(i, PlanItem::Lesson(_))))
        .collect();
    assert_eq!(
        &skills[..4],
        [
            ("cicd", true),
            ("cicd", false),
            ("monitoring", true),
            ("monitoring", false)
        ]
    );
    run(&mut app, &[Down, Select]);
    assert!(
        matches!(app.screen(), Screen::Role { .. }),
        "Enter on a self-study item opens nothing"
    );
    // d marks the recommended route done: outside evidence at its level, named after it.
    app.dirty = false;
    run(&mut app, &[AddEvidence]);
    assert!(app.dirty);
    let claims: Vec<(String, u8, String)> = app
        .progress
        .outside_evidence()
        .map(|(_, e)| (e.skill.clone(), e.level, e.what.clone()))
        .collect();
    assert_eq!(
        claims,
        [(
            "cicd".to_string(),
            2,
            "self-study: Work through a CI/CD project of your own.".to_string()
        )]
    );
    let cicd = app
        .skill_statuses()
        .into_iter()
        .find(|s| s.id == "cicd")
        .unwrap();
    assert_eq!(cicd.claimed, 2);
    // The plan moves on: the claim reached what the lesson could show, so the CI/CD
    // lesson is no longer in it.
    let plan = app.role_plan("mlops-engineer").unwrap();
    assert_eq!(plan.lesson_ids(), ["mlops/drift"]);
    // Monitoring (4 short) now outweighs CI/CD (2 short): its lesson comes first.
    assert_eq!(plan.first().unwrap().skill(), "monitoring");
    run(&mut app, &[Top, Select]);
    match app.screen() {
        Screen::Lesson(v) => assert_eq!(v.lesson, "mlops/drift"),
        _ => panic!("Enter opens the plan's lesson"),
    }
    run(&mut app, &[Back]);
    assert!(matches!(app.screen(), Screen::Role { .. }));
    run(&mut app, &[SetTarget]);
    assert_eq!(app.progress.target_role(), Some("mlops-engineer"));
}

#[test]
fn skills_screen_opens_a_lesson_that_teaches_the_skill() {
    let mut app = career_app();
    open_home_item(&mut app, &HomeItem::Skills);
    let statuses = app.skill_statuses();
    let eval = &statuses[1];
    assert_eq!(
        (eval.id.as_str(), eval.evidence, eval.current),
        ("eval_metrics", 2, 1)
    );
    assert!(eval.rusty, "its only card is long overdue");
    let ml = &statuses[0];
    assert_eq!((ml.evidence, ml.self_level, ml.current), (1, Some(3), 2));
    assert_eq!(
        ml.mismatch.as_deref(),
        Some("you rate yourself 3; your evidence shows 1")
    );
    run(&mut app, &[Down, Down, Select]); // monitoring
    match app.screen() {
        Screen::Lesson(v) => assert_eq!(v.lesson, "mlops/drift"),
        _ => panic!("Enter opens a lesson"),
    }
}

/// The review's current choice question as asked (options in review order): the
/// positions of a right and of a wrong option.
fn right_and_wrong(app: &App) -> (usize, usize) {
    let session = review(app);
    let view = session.view.as_ref().unwrap();
    let lesson = session
        .item_catalog(&app.catalog)
        .lesson(&view.lesson)
        .unwrap();
    let mlpath::catalog::Step::Choice(q) = &lesson.steps[view.step] else {
        panic!("a choice question")
    };
    let right = q.answers[0];
    let wrong = (0..q.options.len())
        .find(|i| !q.answers.contains(i))
        .unwrap();
    (right, wrong)
}

/// The keys that answer the current single-choice question with option `i`.
fn choose(i: usize) -> Vec<Action> {
    if i == 0 {
        vec![Toggle, Select]
    } else {
        let mut keys = vec![Down; i];
        keys.push(Select);
        keys
    }
}

#[test]
fn review_shuffles_the_options_and_grades_by_content() {
    let catalog = mlpath::catalog::load(&[]);
    let key = "metrics/precision-recall#7".to_string();
    let orders: std::collections::BTreeSet<Vec<String>> = (0..12u64)
        .map(|seed| {
            let session = ReviewSession::new(vec![key.clone()], &catalog, seed);
            let lesson = session
                .item_catalog(&catalog)
                .lesson("metrics/precision-recall")
                .unwrap();
            let mlpath::catalog::Step::Choice(q) = &lesson.steps[6] else {
                panic!("a choice question")
            };
            let original = match &catalog.lesson("metrics/precision-recall").unwrap().steps[6] {
                mlpath::catalog::Step::Choice(o) => o.clone(),
                _ => unreachable!(),
            };
            // The right answers follow their text.
            let right: Vec<&String> = q.answers.iter().map(|&a| &q.options[a]).collect();
            let was: Vec<&String> = original
                .answers
                .iter()
                .map(|&a| &original.options[a])
                .collect();
            assert_eq!(right.len(), was.len());
            assert!(right.iter().all(|r| was.contains(r)), "seed {seed}");
            q.options.clone()
        })
        .collect();
    assert!(
        orders.len() > 3,
        "the order changes between sessions: {orders:?}"
    );
}

#[test]
fn review_asks_due_items_in_order_and_reschedules_each_answer() {
    let mut app = career_app();
    let lessons_before = app.progress.lessons.clone();
    open_home_item(&mut app, &HomeItem::Review);
    let session = review(&app);
    assert_eq!(
        session.queue,
        ["metrics/confusion-matrix#2", "foundations/what-is-ml#2"],
        "the longest overdue first"
    );
    assert_eq!(app.context(), Context::ReviewChoice);
    // The lesson's keys for steps do nothing here.
    run(&mut app, &[NextStep, Reveal]);
    assert_eq!(review(&app).index, 0);
    // A wrong answer: Again, one more lapse, back tomorrow.
    let (_, wrong) = right_and_wrong(&app);
    run(&mut app, &choose(wrong));
    assert_eq!(app.context(), Context::ReviewAnswered);
    let card = &app.progress.reviews["metrics/confusion-matrix#2"];
    assert_eq!((card.reviews, card.lapses), (3, 2));
    assert_eq!(card.last_review, common::NOW);
    assert_eq!(card.due, "2026-03-11T12:00:00Z");
    // The next item, right after a hint: Hard.
    run(&mut app, &[Select]);
    assert_eq!(review(&app).index, 1);
    let (right, _) = right_and_wrong(&app);
    run(&mut app, &[Hint]);
    run(&mut app, &choose(right));
    let card = &app.progress.reviews["foundations/what-is-ml#2"];
    assert_eq!(card.reviews, 3);
    assert_eq!(card.lapses, 0);
    let due = parse_time(&card.due).unwrap();
    assert!(due > fixed_now(), "rescheduled into the future");
    assert_eq!(
        retrievability(card, fixed_now()),
        Some(1.0),
        "just reviewed"
    );
    run(&mut app, &[Select]);
    assert_eq!(app.context(), Context::ReviewDone);
    assert!(app.due_reviews().is_empty());
    assert_eq!(
        app.progress.lessons, lessons_before,
        "review leaves the lessons' own records alone"
    );
    run(&mut app, &[Back]);
    assert!(matches!(app.screen(), Screen::Home { .. }));
}

#[test]
fn a_right_answer_without_hints_is_good() {
    let mut app = career_app();
    open_home_item(&mut app, &HomeItem::Review);
    let (right, _) = right_and_wrong(&app);
    run(&mut app, &choose(right));
    let card = &app.progress.reviews["metrics/confusion-matrix#2"];
    assert_eq!(card.lapses, 1, "no new lapse");
    let outcome = review(&app).outcome.clone().unwrap();
    assert_eq!(outcome.rating, mlpath::skills::Rating::Good);
}

#[test]
fn practise_now_asks_a_skills_items_due_or_not_and_keeps_the_schedule() {
    let mut app = career_app();
    let reviews_before = app.progress.reviews.clone();
    open_home_item(&mut app, &HomeItem::Skills);
    run(&mut app, &[Down]); // eval_metrics: taught by the confusion-matrix lesson
    run(&mut app, &[Practise]);
    let session = review(&app);
    assert!(session.practice);
    assert_eq!(session.queue, ["metrics/confusion-matrix#2"]);
    app.dirty = false;
    run(&mut app, &[Toggle, Select]);
    assert_eq!(app.context(), Context::ReviewAnswered);
    assert_eq!(review(&app).answered, 1);
    assert!(!app.dirty, "nothing to save");
    assert_eq!(
        app.progress.reviews, reviews_before,
        "the schedule is unchanged"
    );
    run(&mut app, &[Select]);
    assert_eq!(app.context(), Context::ReviewDone);
    run(&mut app, &[Back]);
    assert!(matches!(app.screen(), Screen::Skills { .. }));
}

#[test]
fn an_empty_review_says_so() {
    let mut app = career_app();
    app.progress.reviews.clear();
    open_home_item(&mut app, &HomeItem::Review);
    assert_eq!(app.context(), Context::ReviewDone);
    run(&mut app, &[Select]);
    assert_eq!(app.context(), Context::ReviewDone);
}

#[test]
fn the_self_assessment_step_opens_the_assessment_then_the_target_plan() {
    let mut app = career_app();
    app.open_lesson("careers/plan");
    run(&mut app, &[NextStep]);
    assert_eq!(app.context(), Context::AssessLab);
    run(&mut app, &[Select]);
    assert_eq!(app.context(), Context::Assess);
    run(&mut app, &[Raise]);
    run(&mut app, &[Back]);
    assert_eq!(app.context(), Context::AssessLab, "Esc: back in the lesson");
    let lab = app.progress.lab_record("careers/plan#2").unwrap();
    assert!(lab.goal_met);
    assert_eq!(lab.summary, "rated 3 of 5 skills");
    run(&mut app, &[OpenPlan]);
    match app.screen() {
        Screen::Role { role, .. } => assert_eq!(role, "mlops-engineer"),
        _ => panic!("v opens the target role's plan"),
    }
    run(&mut app, &[Back]);
    assert_eq!(app.context(), Context::AssessLab, "back in the lesson");
}

#[test]
fn without_a_target_the_roles_follow_the_self_assessment() {
    let mut app = career_app();
    app.progress.target_role = None;
    app.progress.self_assessment.clear();
    app.open_lesson("careers/plan");
    run(&mut app, &[NextStep, Select, Back, OpenPlan]);
    assert!(matches!(app.screen(), Screen::Roles { .. }));
    assert!(
        app.progress.lab_record("careers/plan#2").is_none(),
        "nothing rated, nothing recorded"
    );
}

#[test]
fn the_first_answer_in_a_lesson_starts_a_review_card() {
    let mut a = app();
    run(&mut a, &[Select, Select, Down, Select]); // right at the first try
    let card = &a.progress.reviews["foundations/what-is-ml#2"];
    assert!((card.stability - 2.3065).abs() < 1e-9, "Good");
    let mut b = app();
    run(&mut b, &[Select, Select, Toggle, Select, Down, Select]); // wrong, then right
    let card = &b.progress.reviews["foundations/what-is-ml#2"];
    assert!(
        (card.stability - 0.212).abs() < 1e-9,
        "Again, kept after the retry"
    );
    let mut c = app();
    run(&mut c, &[Select, Select, Hint, Down, Select]);
    let card = &c.progress.reviews["foundations/what-is-ml#2"];
    assert!((card.stability - 1.2931).abs() < 1e-9, "Hard");
}

#[test]
fn esc_from_a_lessons_self_assessment_returns_to_the_lesson() {
    let mut app = career_app();
    app.open_lesson("careers/plan");
    run(&mut app, &[NextStep, Select]);
    assert!(matches!(app.screen(), Screen::Assess(_)));
    run(&mut app, &[Back]);
    assert!(
        matches!(app.screen(), Screen::Lesson(v) if v.lesson == "careers/plan"),
        "back on the lesson's step"
    );
}

#[test]
fn practise_now_on_a_lesson_asks_its_items_due_or_not_and_keeps_the_schedule() {
    let mut app = career_app();
    let reviews_before = app.progress.reviews.clone();
    let metrics = app
        .catalog
        .tracks
        .iter()
        .position(|t| t.id == "metrics")
        .unwrap();
    open_home_item(&mut app, &HomeItem::Track(metrics));
    assert_eq!(app.context(), Context::Track);
    // The first lesson of the track is the confusion matrix.
    run(&mut app, &[Practise]);
    let session = review(&app);
    assert!(session.practice);
    assert_eq!(session.queue, ["metrics/confusion-matrix#2"]);
    let (right, _) = right_and_wrong(&app);
    run(&mut app, &choose(right));
    assert_eq!(app.context(), Context::ReviewAnswered);
    assert_eq!(
        app.progress.reviews, reviews_before,
        "the schedule is unchanged"
    );
    run(&mut app, &[Select, Back]);
    assert!(matches!(app.screen(), Screen::Track { .. }));
}
