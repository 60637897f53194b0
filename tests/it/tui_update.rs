//! Pure update tests: navigation, answering, hints, retry, completion.

use crate::common;

use common::app;
use mlpath::progress::Status;
use mlpath::tui::action::Action::{self, *};
use mlpath::tui::app::Screen;
use mlpath::tui::keymap::Context;
use mlpath::tui::lesson::Feedback;

fn run(app: &mut mlpath::tui::app::App, actions: &[Action]) {
    for a in actions {
        app.update(*a);
    }
}

fn lesson_view(app: &mlpath::tui::app::App) -> &mlpath::tui::lesson::LessonView {
    match app.screen() {
        Screen::Lesson(v) => v,
        _ => panic!("not on a lesson screen"),
    }
}

#[test]
fn enter_from_a_fresh_start_opens_the_first_lesson() {
    let mut app = app();
    run(&mut app, &[Select]);
    let view = lesson_view(&app);
    assert_eq!(view.lesson, "foundations/what-is-ml");
    assert_eq!(view.step, 0);
    assert_eq!(
        app.progress.status("foundations/what-is-ml"),
        Status::InProgress
    );
    assert!(app.dirty, "opening a lesson is saved");
}

#[test]
fn tracks_open_at_their_first_unfinished_lesson_and_back_returns() {
    let mut app = app();
    app.progress.complete_lesson("foundations/what-is-ml");
    run(&mut app, &[Down, Select]);
    assert!(matches!(
        app.screen(),
        Screen::Track {
            track: 0,
            selected: 1
        }
    ));
    run(&mut app, &[Back]);
    assert!(matches!(app.screen(), Screen::Home { .. }));
    run(&mut app, &[Back]);
    assert!(
        matches!(app.screen(), Screen::Home { .. }),
        "home is never popped"
    );
}

#[test]
fn a_lesson_with_missing_prerequisites_still_opens() {
    let mut app = app();
    run(&mut app, &[Down, Select, Down, Select]);
    assert_eq!(lesson_view(&app).lesson, "foundations/lifecycle");
}

#[test]
fn wrong_answers_can_be_retried_and_are_counted() {
    let mut app = app();
    run(&mut app, &[Select, Select]); // open, read step -> choice step
    assert_eq!(app.context(), Context::Choice);
    run(&mut app, &[Select]); // untouched: Enter asks for a choice
    assert!(matches!(
        lesson_view(&app).quiz.feedback,
        Some(Feedback::Invalid(_))
    ));
    assert_eq!(app.progress.step_record("foundations/what-is-ml", 1), None);
    run(&mut app, &[Toggle, Select]); // option 0, marked with Space, is wrong
    assert_eq!(lesson_view(&app).quiz.feedback, Some(Feedback::Wrong));
    run(&mut app, &[Down, Select]);
    assert_eq!(lesson_view(&app).quiz.feedback, Some(Feedback::Correct));
    let record = app
        .progress
        .step_record("foundations/what-is-ml", 1)
        .unwrap();
    assert_eq!(
        (record.correct, record.attempts, record.hints_used),
        (true, 2, 0)
    );
    // The mistake is kept by its text, for an instructor's class report.
    let lesson = app.catalog.lesson("foundations/what-is-ml").unwrap();
    let mlpath::catalog::Step::Choice(choice) = &lesson.steps[1] else {
        panic!("step 2 is a choice")
    };
    assert_eq!(record.wrong_answers, vec![choice.options[0].clone()]);
    assert!(!record.first_try());
    // So is the version of the lesson the learner took.
    assert_eq!(
        app.progress
            .lesson_record("foundations/what-is-ml")
            .unwrap()
            .content_hash
            .as_deref(),
        Some(lesson.content_hash.as_str())
    );
    assert_eq!(lesson.content_hash.len(), 16);
}

#[test]
fn an_answer_starts_its_review_card_at_the_apps_clock() {
    let mut app = app();
    app.clock = common::fixed_now;
    run(&mut app, &[Select, Select, Toggle, Select]); // a wrong first answer
    let card = &app.progress.reviews["foundations/what-is-ml#2"];
    assert_eq!(card.last_review, common::NOW);
}

#[test]
fn hints_are_revealed_one_at_a_time_and_recorded() {
    let mut app = app();
    run(&mut app, &[Select, Select, Hint]);
    assert_eq!(lesson_view(&app).quiz.hints_shown, 1);
    run(&mut app, &[Hint, Hint]);
    assert_eq!(
        lesson_view(&app).quiz.hints_shown,
        2,
        "no more hints than written"
    );
    run(&mut app, &[Down, Select]);
    let record = app
        .progress
        .step_record("foundations/what-is-ml", 1)
        .unwrap();
    assert_eq!(record.hints_used, 2);
}

#[test]
fn the_answer_can_be_shown_only_after_a_wrong_try() {
    let mut app = app();
    run(&mut app, &[Select, Select, Reveal]);
    assert_eq!(lesson_view(&app).quiz.feedback, None);
    run(&mut app, &[Toggle, Select, Reveal]);
    assert_eq!(lesson_view(&app).quiz.feedback, Some(Feedback::Revealed));
    assert!(
        app.progress
            .step_record("foundations/what-is-ml", 1)
            .unwrap()
            .revealed
    );
}

#[test]
fn number_answers_within_tolerance_are_correct() {
    let mut app = app();
    run(&mut app, &[Select, NextStep, NextStep]);
    assert_eq!(app.context(), Context::Number);
    run(&mut app, &[Select]);
    assert!(
        matches!(lesson_view(&app).quiz.feedback, Some(Feedback::Invalid(_))),
        "empty input is not an answer"
    );
    for c in "0.4".chars() {
        app.update(Input(c));
    }
    run(&mut app, &[Select]);
    assert_eq!(lesson_view(&app).quiz.feedback, Some(Feedback::Wrong));
    run(
        &mut app,
        &[DeleteChar, Input('3'), Input('7'), Input('2'), Select],
    );
    assert_eq!(lesson_view(&app).quiz.input, "0.372");
    assert_eq!(lesson_view(&app).quiz.feedback, Some(Feedback::Correct));
    let record = app
        .progress
        .step_record("foundations/what-is-ml", 2)
        .unwrap();
    assert_eq!(record.wrong_answers, vec!["0.4".to_string()], "as typed");
}

#[test]
fn select_all_questions_need_every_right_option() {
    let mut app = app();
    app.open_lesson("foundations/lifecycle");
    run(&mut app, &[Select, Toggle, Select]);
    assert_eq!(lesson_view(&app).quiz.feedback, Some(Feedback::Wrong));
    run(&mut app, &[Down, Toggle, Select]);
    assert_eq!(lesson_view(&app).quiz.feedback, Some(Feedback::Correct));
}

#[test]
fn finishing_the_last_step_marks_the_lesson_done_and_offers_the_next() {
    let mut app = app();
    run(&mut app, &[Select, Select, Down, Select, Select]);
    for c in "0.3726".chars() {
        app.update(Input(c));
    }
    run(&mut app, &[Select, Select]);
    assert!(lesson_view(&app).finished);
    assert_eq!(app.progress.status("foundations/what-is-ml"), Status::Done);
    run(&mut app, &[Select]);
    assert_eq!(lesson_view(&app).lesson, "foundations/lifecycle");
    run(&mut app, &[Back]);
    assert!(
        matches!(app.screen(), Screen::Home { .. }),
        "the next lesson replaced the finished one"
    );
}

#[test]
fn a_next_lesson_in_another_track_goes_back_to_that_track() {
    let mut app = app();
    run(&mut app, &[Down, Select, Select]); // Foundations, its first lesson
    assert!(matches!(app.screen(), Screen::Lesson(_)));
    app.open_lesson("metrics/confusion-matrix"); // what "next lesson" does
    run(&mut app, &[Back]);
    assert!(
        matches!(
            app.screen(),
            Screen::Track {
                track: 1,
                selected: 0
            }
        ),
        "Esc returns to the metrics track, where the lesson is"
    );
}

#[test]
fn skipping_quizzes_does_not_finish_the_lesson() {
    let mut app = app();
    run(&mut app, &[Select, NextStep, NextStep, NextStep]);
    assert!(lesson_view(&app).finished);
    assert_eq!(
        app.progress.status("foundations/what-is-ml"),
        Status::InProgress
    );
    run(&mut app, &[Select]);
    assert_eq!(
        lesson_view(&app).step,
        1,
        "Enter goes to the first unanswered quiz"
    );
}

#[test]
fn reopening_resumes_at_the_saved_step_with_answers_kept() {
    let mut app = app();
    run(&mut app, &[Select, Select, Down, Select, Back]);
    let mut again = common::app();
    again.progress = app.progress.clone();
    run(&mut again, &[Select]);
    let view = lesson_view(&again);
    assert_eq!(view.step, 1);
    assert_eq!(view.quiz.feedback, Some(Feedback::Correct));
}

#[test]
fn help_opens_and_closes_and_q_quits_from_anywhere() {
    let mut app = app();
    run(&mut app, &[Select, Help]);
    assert_eq!(app.context(), Context::Help);
    run(&mut app, &[Back]);
    assert_eq!(app.context(), Context::Read);
    run(&mut app, &[Help, Quit]);
    assert!(app.quit);
}

#[test]
fn problems_screen_opens_from_home() {
    let mut app = app();
    run(&mut app, &[Bottom, Select]);
    assert!(matches!(app.screen(), Screen::Problems { .. }));
}

#[test]
fn notices_can_be_hidden_from_home_and_new_ones_still_show() {
    let mut app = app();
    app.notices.push("progress.toml was moved aside".into());
    run(&mut app, &[DismissNotices]);
    assert!(app.visible_notices().is_empty());
    app.notices.push("progress could not be saved".into());
    assert_eq!(
        app.visible_notices(),
        ["progress could not be saved".to_string()]
    );
}

#[test]
fn a_labs_hidden_change_is_drawn_from_when_the_learner_started_the_lesson() {
    use mlpath::progress::Progress;
    use mlpath::tui::lesson::learner_seed;
    let id = "drift/tests-and-sample-size";
    let mut progress = Progress::default();
    assert_eq!(
        learner_seed(&progress, id),
        None,
        "not started: the lesson's own"
    );
    progress.open_lesson(id, 10);
    let mine = learner_seed(&progress, id).expect("started");
    // The same learner later: the same draw.
    progress.open_lesson(id, 10);
    assert_eq!(learner_seed(&progress, id), Some(mine));
    // Another learner, who started at another moment: another draw.
    let mut other = Progress::default();
    other.open_lesson(id, 10);
    other.lessons.get_mut(id).unwrap().started_at = Some("2026-01-02T03:04:05.678Z".into());
    assert_ne!(learner_seed(&other, id), Some(mine));
    // And in another lesson, another draw for the same moment.
    let started = progress.lessons[id].started_at.clone();
    let mut moved = Progress::default();
    moved.open_lesson("drift/silent-decay", 9);
    moved
        .lessons
        .get_mut("drift/silent-decay")
        .unwrap()
        .started_at = started;
    assert_ne!(learner_seed(&moved, "drift/silent-decay"), Some(mine));
}
