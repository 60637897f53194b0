//! Buffer snapshots of every screen at 80×24 and 60×20, and a render at every size
//! from 1×1 to 200×60 without a panic.

use crate::common;

use common::{app, career_app, draw, open_home_item};
use mlpath::tui::action::Action::{self, *};
use mlpath::tui::app::{App, HomeItem};

fn after(actions: &[Action]) -> App {
    let mut app = app();
    for a in actions {
        app.update(*a);
    }
    app
}

/// Every screen the tests can reach, by name.
fn screens() -> Vec<(&'static str, App)> {
    let mut answered = after(&[Select, Select, Down, Select]);
    answered.update(Hint);
    let mut number = after(&[Select, NextStep, NextStep]);
    for c in "0.5".chars() {
        number.update(Input(c));
    }
    number.update(Select);
    let mut done = after(&[Select, Select, Down, Select, Select]);
    for c in "0.3726".chars() {
        done.update(Input(c));
    }
    done.update(Select);
    done.update(Select);
    let mut continuing = app();
    continuing.progress.open_lesson("foundations/what-is-ml", 3);
    continuing.progress.set_step("foundations/what-is-ml", 1);
    let mut notice = app();
    notice.notices.push(
        "progress.toml could not be read; it was kept as progress.corrupt-20261124T081500Z.toml"
            .into(),
    );
    vec![
        ("home", app()),
        ("home_continue", continuing),
        ("home_notice", notice),
        ("track", after(&[Down, Select])),
        ("lesson_read", after(&[Select])),
        ("lesson_choice", after(&[Select, Select])),
        (
            "lesson_choice_wrong",
            after(&[Select, Select, Toggle, Select]),
        ),
        ("lesson_choice_correct_with_hint", answered),
        ("lesson_number_wrong", number),
        (
            "lesson_multi",
            after(&[Down, Select, Down, Select, Select, Toggle, Down]),
        ),
        ("lesson_done", done),
        (
            "lesson_incomplete",
            after(&[Select, NextStep, NextStep, NextStep]),
        ),
        ("problems", after(&[Bottom, Select])),
        ("help", after(&[Select, Help])),
        ("home_career", career_app()),
        ("skills", career(&HomeItem::Skills, &[Down])),
        ("roles", career(&HomeItem::Roles, &[])),
        (
            "role",
            career(&HomeItem::TargetRole("mlops-engineer".into()), &[Down]),
        ),
        ("assess", career(&HomeItem::Assess, &[Down, Down])),
        ("review", career(&HomeItem::Review, &[])),
        (
            "review_answered",
            career(&HomeItem::Review, &[Toggle, Select]),
        ),
        (
            "review_done",
            career(
                &HomeItem::Review,
                &[Toggle, Select, Select, Down, Select, Select],
            ),
        ),
        ("lesson_self_assessment", {
            let mut app = career_app();
            app.open_lesson("careers/plan");
            app.update(NextStep);
            app
        }),
        ("help_assess", career(&HomeItem::Assess, &[Help])),
    ]
}

/// The career app on the screen a home entry opens, after `actions`.
fn career(item: &HomeItem, actions: &[Action]) -> App {
    let mut app = career_app();
    open_home_item(&mut app, item);
    for a in actions {
        app.update(*a);
    }
    app
}

#[test]
fn every_screen_at_80x24() {
    for (name, app) in screens() {
        insta::assert_snapshot!(format!("{name}_80x24"), draw(&app, 80, 24).backend());
    }
}

#[test]
fn every_screen_at_60x20() {
    for (name, app) in screens() {
        insta::assert_snapshot!(format!("{name}_60x20"), draw(&app, 60, 20).backend());
    }
}

#[test]
fn too_small_terminals_get_a_message() {
    let app = app();
    let t = draw(&app, 59, 20);
    let text = format!("{}", t.backend());
    assert!(text.contains("Terminal too small"), "{text}");
    assert!(text.contains("need 60×20, have 59×20"), "{text}");
}

#[test]
fn every_size_from_1x1_to_200x60_renders_without_panic() {
    use ratatui::buffer::Buffer;
    use ratatui::layout::Rect;
    use ratatui::widgets::Widget;
    for (name, app) in screens() {
        for w in 1..=200u16 {
            for h in 1..=60u16 {
                let area = Rect::new(0, 0, w, h);
                let mut buf = Buffer::empty(area);
                let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    (&app).render(area, &mut buf)
                }));
                assert!(result.is_ok(), "{name} panicked at {w}x{h}");
            }
        }
    }
}

#[test]
fn no_state_is_shown_by_colour_alone() {
    // The monochrome theme must still show selection, status and feedback in text.
    let wrong = after(&[Select, Select, Toggle, Select]);
    let text = format!("{}", draw(&wrong, 80, 24).backend());
    assert!(text.contains("✗ Not quite"), "{text}");
    let home = format!("{}", draw(&app(), 80, 24).backend());
    assert!(home.contains("▶ Start: What machine learning is"), "{home}");
}

#[test]
fn a_wrong_multi_answer_says_how_many_are_right_and_which_ticks_are_wrong() {
    // Options 0 and 1 are right; option 0 and option 2 are ticked.
    let app = after(&[
        Down, Select, Down, Select, Select, Toggle, Down, Down, Toggle, Select,
    ]);
    let text = format!("{}", draw(&app, 80, 24).backend());
    assert!(text.contains("✗ Not quite"), "{text}");
    assert!(
        text.contains("2 of the options are right; you ticked 1 of them."),
        "{text}"
    );
    assert!(text.contains("Not right: \"Learning to play"), "{text}");
    assert!(
        !text.contains("Predicting malignant or benign from labelled scans\" "),
        "the missing right answer stays hidden"
    );
}

#[test]
fn skipped_quizzes_stay_open_in_the_step_dots() {
    // Read step 1, then skip both quizzes with → to the end of the lesson.
    let app = after(&[Select, NextStep, NextStep, NextStep]);
    let text = format!("{}", draw(&app, 80, 24).backend());
    assert!(text.contains("Step 3 of 3  ●○○ "), "{text}");
}
