//! Shared helpers for the integration tests: a small hand-built catalog and a
//! rendering helper.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::sync::Arc;

use mlpath::catalog::{Catalog, ChoiceStep, Lesson, Level, NumberStep, Problem, Step, Track};
use mlpath::draw::theme::Theme;
use mlpath::progress::Progress;
use mlpath::tui::app::App;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

pub fn lesson(track: &str, id: &str, title: &str, requires: &[&str], steps: Vec<Step>) -> Lesson {
    Lesson {
        id: format!("{track}/{id}"),
        track: track.into(),
        title: title.into(),
        summary: format!("After {title} you can explain it to a colleague."),
        minutes: 10,
        level: Level::Beginner,
        requires: requires.iter().map(|s| s.to_string()).collect(),
        skills: BTreeMap::from([("ml_core".to_string(), 1)]),
        steps,
        path: format!("lessons/{track}/01-{id}.toml"),
        content_hash: "00112233445566ff".into(),
    }
}

pub fn read(text: &str) -> Step {
    Step::Read {
        title: Some("Reading".into()),
        text: text.into(),
    }
}

pub fn choice(answers: &[usize], multi: bool) -> Step {
    Step::Choice(ChoiceStep {
        title: None,
        prompt: "Which of these is **supervised** learning?".into(),
        options: vec![
            "Clustering customers without labels".into(),
            "Predicting malignant or benign from labelled scans".into(),
            "Learning to play a game from rewards".into(),
        ],
        answers: answers.to_vec(),
        multi,
        explain: "Supervised learning learns from labelled examples.".into(),
        hints: vec!["Look for labels.".into(), "Option 2 has labels.".into()],
    })
}

pub fn number(answer: f64) -> Step {
    Step::Number(NumberStep {
        title: None,
        prompt: "212 of 569 rows are malignant. What share is that?".into(),
        answer,
        tolerance: 0.001,
        explain: "212 / 569 = 0.3726.".into(),
        hints: vec!["Divide.".into()],
    })
}

pub fn catalog() -> Catalog {
    let intro = lesson(
        "foundations",
        "what-is-ml",
        "What machine learning is",
        &[],
        vec![
            read("Machine learning finds patterns in **data**.\n\n- supervised\n- unsupervised\n"),
            choice(&[1], false),
            number(0.3726),
        ],
    );
    let lifecycle = lesson(
        "foundations",
        "lifecycle",
        "The ML lifecycle",
        &["foundations/what-is-ml"],
        vec![
            read("Data, training, validation, deployment, monitoring."),
            choice(&[0, 1], true),
        ],
    );
    let metrics = lesson(
        "metrics",
        "confusion-matrix",
        "The confusion matrix",
        &["foundations/what-is-ml"],
        vec![read("Rows are the truth, columns the prediction.")],
    );
    Catalog {
        tracks: vec![
            Track {
                id: "foundations".into(),
                title: "Foundations".into(),
                summary: "What ML is and how it is built.".into(),
                order: 1,
                lessons: vec![intro, lifecycle],
                origin: "bundled".into(),
            },
            Track {
                id: "metrics".into(),
                title: "Evaluation metrics".into(),
                summary: "Measure what matters.".into(),
                order: 2,
                lessons: vec![metrics],
                origin: "bundled".into(),
            },
        ],
        problems: vec![Problem {
            path: "extra/broken/01-x.toml".into(),
            line: 3,
            col: 1,
            message: "unknown field `titel`; did you mean `title`?".into(),
            severity: Default::default(),
        }],
        ..Catalog::default()
    }
}

pub fn app() -> App {
    App::new(Arc::new(catalog()), Progress::default(), Theme::mono())
}

/// Draws the app into a test terminal of the given size.
pub fn draw(app: &App, width: u16, height: u16) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|f| f.render_widget(app, f.area())).unwrap();
    terminal
}

/// The fixed "now" of the career tests.
pub const NOW: &str = "2026-03-10T12:00:00Z";

pub fn fixed_now() -> std::time::SystemTime {
    mlpath::skills::review::parse_time(NOW).unwrap()
}

fn skill(id: &str, name: &str) -> mlpath::catalog::Skill {
    mlpath::catalog::Skill {
        id: id.into(),
        name: name.into(),
        description: format!("Uses {name} on real work."),
        self_study: vec![mlpath::catalog::Route::plain(format!(
            "Work through a {name} project of your own."
        ))],
    }
}

fn role(id: &str, name: &str, requires: &[(&str, u8)], core: &[&str]) -> mlpath::catalog::Role {
    mlpath::catalog::Role {
        id: id.into(),
        name: name.into(),
        description: format!("The {name} role, in one sentence."),
        requires: requires.iter().map(|(s, l)| (s.to_string(), *l)).collect(),
        core: core.iter().map(|s| s.to_string()).collect(),
    }
}

fn with_skills(mut lesson: Lesson, skills: &[(&str, u8)]) -> Lesson {
    lesson.skills = skills.iter().map(|(s, l)| (s.to_string(), *l)).collect();
    lesson
}

/// The small catalog plus skills, levels, roles, an MLOps track and a careers lesson
/// with a self-assessment step.
pub fn career_catalog() -> Catalog {
    let mut c = catalog();
    let metrics = &mut c.tracks[1].lessons[0];
    metrics.steps.push(choice(&[1], false));
    metrics.skills = BTreeMap::from([("eval_metrics".to_string(), 2)]);
    let drift = with_skills(
        lesson(
            "mlops",
            "drift",
            "Drift statistics",
            &["foundations/lifecycle"],
            vec![read("PSI compares two histograms."), choice(&[1], false)],
        ),
        &[("monitoring", 2)],
    );
    let pipelines = with_skills(
        lesson(
            "mlops",
            "pipelines",
            "CI pipelines",
            &[],
            vec![read("Every change runs the tests.")],
        ),
        &[("cicd", 2)],
    );
    let plan = with_skills(
        lesson(
            "careers",
            "plan",
            "Your self-assessment and plan",
            &[],
            vec![
                read("Rate what you can do, not what you have seen."),
                Step::Lab(mlpath::catalog::LabStep {
                    title: None,
                    text: Some("Rate yourself, then read your plan.".into()),
                    spec: mlpath::catalog::LabSpec::SelfAssessment(
                        mlpath::catalog::SelfAssessmentLab { skills: Vec::new() },
                    ),
                    independent: false,
                }),
            ],
        ),
        &[],
    );
    c.tracks.push(Track {
        id: "mlops".into(),
        title: "MLOps".into(),
        summary: "Ship and watch models.".into(),
        order: 3,
        lessons: vec![drift, pipelines],
        origin: "bundled".into(),
    });
    c.tracks.push(Track {
        id: "careers".into(),
        title: "Careers".into(),
        summary: "Roles and your plan.".into(),
        order: 4,
        lessons: vec![plan],
        origin: "bundled".into(),
    });
    c.skills = vec![
        skill("ml_core", "Classical ML"),
        skill("eval_metrics", "Evaluation metrics"),
        skill("monitoring", "Monitoring & drift"),
        skill("cicd", "CI/CD"),
        skill("communication", "Communication"),
    ];
    let names = [
        "none",
        "aware",
        "guided",
        "independent",
        "proficient",
        "expert",
    ];
    c.levels = names
        .iter()
        .enumerate()
        .map(|(i, n)| mlpath::catalog::LevelInfo {
            level: i as u8,
            name: n.to_string(),
            description: format!("The {n} level, in one sentence."),
        })
        .collect();
    c.roles = vec![
        role(
            "mlops-engineer",
            "MLOps Engineer",
            &[
                ("ml_core", 2),
                ("monitoring", 4),
                ("cicd", 4),
                ("communication", 3),
            ],
            &["monitoring", "cicd"],
        ),
        role(
            "data-scientist",
            "Data Scientist",
            &[("ml_core", 3), ("eval_metrics", 3), ("communication", 2)],
            &["ml_core"],
        ),
    ];
    c.problems.clear();
    c
}

fn card(last: &str, due: &str, stability: f64, lapses: u32) -> mlpath::progress::ReviewCard {
    mlpath::progress::ReviewCard {
        stability,
        difficulty: 5.0,
        last_review: last.into(),
        due: due.into(),
        reviews: 2,
        lapses,
    }
}

/// A learner on the career catalog at [`NOW`]: two lessons done, three self-ratings,
/// MLOps as the target role, two review items due (one of them long overdue, which
/// makes evaluation metrics rusty) and one not due yet.
pub fn career_app() -> App {
    let mut p = Progress::default();
    p.record_answer("foundations/what-is-ml", 1, true, 0);
    p.record_answer("foundations/what-is-ml", 2, true, 0);
    p.complete_lesson("foundations/what-is-ml");
    p.record_answer("metrics/confusion-matrix", 1, true, 0);
    p.complete_lesson("metrics/confusion-matrix");
    p.set_self_level("ml_core", 3);
    p.set_self_level("monitoring", 4);
    p.set_self_level("communication", 2);
    p.set_target_role("mlops-engineer");
    p.reviews.insert(
        "metrics/confusion-matrix#2".into(),
        card("2026-01-29T12:00:00Z", "2026-01-31T12:00:00Z", 2.3, 1),
    );
    p.reviews.insert(
        "foundations/what-is-ml#2".into(),
        card("2026-03-07T12:00:00Z", "2026-03-09T12:00:00Z", 2.3, 0),
    );
    p.reviews.insert(
        "foundations/what-is-ml#3".into(),
        card("2026-03-09T12:00:00Z", "2026-03-20T12:00:00Z", 11.0, 0),
    );
    p.last_lesson = None;
    let mut app = App::new(Arc::new(career_catalog()), p, Theme::mono());
    app.clock = fixed_now;
    app
}

/// Moves the home selection to `item` and presses Enter.
pub fn open_home_item(app: &mut App, item: &mlpath::tui::app::HomeItem) {
    use mlpath::tui::action::Action;
    let index = app
        .home_items()
        .iter()
        .position(|i| i == item)
        .unwrap_or_else(|| panic!("{item:?} is not on the home screen"));
    app.update(Action::Top);
    for _ in 0..index {
        app.update(Action::Down);
    }
    app.update(Action::Select);
}
