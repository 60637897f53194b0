//! Shared helpers for the integration tests: a small hand-built catalog and a
//! rendering helper.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::sync::Arc;

use mlpath::catalog::{Catalog, ChoiceStep, Lesson, Level, NumberStep, Problem, Step, Track};
use mlpath::progress::Progress;
use mlpath::tui::app::App;
use mlpath::tui::theme::Theme;
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
