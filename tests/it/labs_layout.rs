//! Every bundled lab step keeps its goal, the learner's current value of the goal's
//! metric and its keys on screen at 60×20, 80×24, 100×30 and 200×60, with no two texts
//! run together and no word cut by a panel's border; the first lab of each kind is
//! snapshotted at 80×24. The kinds come from `LabKind::ALL`, so a new kind is covered
//! as soon as a bundled lesson uses it.

use std::sync::Arc;

use crate::common::draw;
use mlpath::catalog::{self, Catalog, LabKind, LabSpec, Step};
use mlpath::draw::theme::Theme;
use mlpath::labs::{self, Lab};
use mlpath::progress::Progress;
use mlpath::tui::app::App;
use ratatui::buffer::Buffer;

const SIZES: [(u16, u16); 4] = [(60, 20), (80, 24), (100, 30), (200, 60)];

/// Every bundled lab step of `kind`: (lesson, step).
fn steps_of(catalog: &Catalog, kind: LabKind) -> Vec<(String, usize)> {
    catalog
        .lessons()
        .flat_map(|l| {
            l.steps
                .iter()
                .enumerate()
                .filter(|(_, s)| matches!(s, Step::Lab(lab) if lab.kind() == kind))
                .map(|(i, _)| (l.id.clone(), i))
                .collect::<Vec<_>>()
        })
        .collect()
}

fn open(catalog: &Arc<Catalog>, id: &str, step: usize) -> App {
    let lesson = catalog.lesson(id).unwrap();
    let mut progress = Progress::default();
    progress.open_lesson(id, lesson.steps.len());
    // A fixed start: the labs' hidden changes are drawn from it, and snapshots must not
    // move with the clock.
    progress.lessons.get_mut(id).unwrap().started_at = Some("2026-01-05T09:00:00Z".into());
    progress.set_step(id, step);
    let mut app = App::new(Arc::clone(catalog), progress, Theme::mono());
    app.open_lesson(id);
    for _ in 0..4000 {
        app.poll();
        if !app.busy() {
            return app;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    panic!("{id}: the lab stayed busy");
}

/// A lab of the same step, started on its own, to ask what it shows.
fn standalone(spec: &LabSpec) -> Box<dyn Lab> {
    let mut lab = labs::start(spec)
        .expect("not a self-assessment")
        .expect("the lab starts");
    for _ in 0..4000 {
        lab.poll();
        if !lab.busy() {
            return lab;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    panic!("the lab stayed busy");
}

fn rows(buf: &Buffer) -> Vec<String> {
    (0..buf.area.height)
        .map(|y| {
            (0..buf.area.width)
                .map(|x| buf[(x, y)].symbol())
                .collect::<String>()
                .trim_end()
                .to_string()
        })
        .collect()
}

/// The screen as one line of words: wrapped text joins up again.
fn words(rows: &[String]) -> String {
    rows.iter()
        .flat_map(|r| r.split_whitespace())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Places where two texts touch without a space: a lower-case letter followed by an
/// upper-case word (`falsePSI`), a number followed by letters that are not a unit or
/// an exponent (`2.8e-59p≤0.05`), or a word running into a panel's border (`142 t┌`).
fn run_together(row: &str) -> Option<String> {
    let chars: Vec<char> = row.chars().collect();
    for i in 1..chars.len() {
        let (a, b) = (chars[i - 1], chars[i]);
        // Letters only: a chart's y-axis labels (`0.5│`) sit against its axis by design.
        if a.is_alphabetic() && matches!(b, '│' | '┌' | '┐' | '┤' | '├' | '┘' | '└') {
            return Some(context(&chars, i));
        }
        let next = chars.get(i + 1).copied().unwrap_or(' ');
        if a.is_lowercase() && b.is_uppercase() && next.is_uppercase() {
            return Some(context(&chars, i));
        }
        if a.is_ascii_digit() && b.is_alphabetic() {
            let suffix: String = chars[i..]
                .iter()
                .take_while(|c| c.is_alphanumeric())
                .collect();
            let unit =
                ["x", "sd", "st", "nd", "rd", "th", "s", "ms", "k", "D"].contains(&suffix.as_str());
            let exponent = b == 'e'
                && chars
                    .get(i + 1)
                    .is_some_and(|c| c.is_ascii_digit() || *c == '-' || *c == '+');
            if !unit && !exponent {
                return Some(context(&chars, i));
            }
        }
    }
    None
}

fn context(chars: &[char], i: usize) -> String {
    let from = i.saturating_sub(12);
    let to = (i + 12).min(chars.len());
    chars[from..to].iter().collect()
}

#[test]
fn the_run_together_check_catches_the_known_cases() {
    assert!(run_together("p 2.8e-59p≤0.05").is_some());
    assert!(run_together("≤ 1 falsePSI 0.31").is_some());
    assert!(run_together("on breast_cancer · 142 t┌ ROC").is_some());
    assert!(run_together("│model  tree  │ accuracy 0.95").is_none());
    assert!(run_together("KS p 2.8e-59 · PSI 0.31 · 50 rows · 3rd try · 0.25 sd").is_none());
}

/// Checks one lab step at every size; returns the app for a snapshot.
fn check_step(catalog: &Arc<Catalog>, id: &str, step: usize) -> App {
    let Step::Lab(lab_step) = &catalog.lesson(id).unwrap().steps[step] else {
        unreachable!()
    };
    let kind = lab_step.kind().name();
    let probe = standalone(&lab_step.spec);
    let goal = probe.goal_line();
    let now = goal
        .now
        .clone()
        .unwrap_or_else(|| panic!("{id}: the {kind} lab shows no current value"));
    let app = open(catalog, id, step);
    for (w, h) in SIZES {
        let screen = rows(draw(&app, w, h).backend().buffer());
        let all = words(&screen);
        let at = format!("{id} ({kind}) at {w}×{h}");
        assert!(
            all.contains(&format!("Goal: {}", goal.goal)),
            "{at}: the goal `{}` is not on screen:\n{}",
            goal.goal,
            screen.join("\n")
        );
        assert!(
            all.contains(&now),
            "{at}: the current value `{now}` is not on screen:\n{}",
            screen.join("\n")
        );
        for (keys, _) in probe.keys() {
            assert!(
                all.contains(keys),
                "{at}: the key `{keys}` is not on screen:\n{}",
                screen.join("\n")
            );
        }
        for row in &screen {
            assert_eq!(
                run_together(row),
                None,
                "{at}: two texts run together in\n{}",
                screen.join("\n")
            );
        }
    }
    app
}

#[test]
fn every_bundled_lab_shows_its_goal_value_and_keys_at_every_size() {
    let catalog = Arc::new(catalog::load(&[]));
    let mut kinds = Vec::new();
    for kind in LabKind::ALL.iter().copied() {
        if kind == LabKind::SelfAssessment {
            continue; // hosted as a screen of its own, with its own render tests
        }
        let steps = steps_of(&catalog, kind);
        assert!(
            !steps.is_empty(),
            "no bundled lesson uses the {} lab",
            kind.name()
        );
        for (i, (id, step)) in steps.iter().enumerate() {
            let app = check_step(&catalog, id, *step);
            if i == 0 {
                insta::assert_snapshot!(
                    format!("{}_80x24", kind.name()),
                    draw(&app, 80, 24).backend()
                );
            }
        }
        kinds.push(kind.name());
    }
    assert_eq!(kinds.len(), LabKind::ALL.len() - 1, "{kinds:?}");
}

/// The last few words of a lab step's text, as the screen wraps them.
fn last_words(text: &str, n: usize) -> String {
    let all: Vec<&str> = text.split_whitespace().collect();
    all[all.len().saturating_sub(n)..].join(" ")
}

#[test]
fn a_lab_text_that_does_not_fit_says_so_and_i_shows_all_of_it() {
    use mlpath::tui::action::Action;
    let catalog = Arc::new(catalog::load(&[]));
    let mut cut = 0;
    for kind in LabKind::ALL.iter().copied() {
        if kind == LabKind::SelfAssessment {
            continue;
        }
        for (id, step) in steps_of(&catalog, kind) {
            let Step::Lab(lab) = &catalog.lesson(&id).unwrap().steps[step] else {
                unreachable!()
            };
            let Some(text) = lab.text.as_deref() else {
                continue;
            };
            let mut app = open(&catalog, &id, step);
            let screen = words(&rows(draw(&app, 80, 24).backend().buffer()));
            let ending = last_words(text, 3);
            if screen.contains(&ending) {
                continue;
            }
            cut += 1;
            assert!(
                screen.contains("… i: read it all"),
                "{id} step {step}: the text is cut without a word\n{screen}"
            );
            app.update(Action::ToggleLabText);
            // Scrolling to the end of the text shows its last words.
            for _ in 0..40 {
                app.update(Action::Down);
            }
            let full = words(&rows(draw(&app, 80, 24).backend().buffer()));
            assert!(full.contains(&ending), "{id} step {step}: {full}");
            assert!(full.contains("i back to the lab"), "{full}");
            app.update(Action::ToggleLabText);
            let back = words(&rows(draw(&app, 80, 24).backend().buffer()));
            assert!(back.contains("Goal"), "{id}: back at the lab\n{back}");
        }
    }
    assert!(
        cut > 0,
        "the long lab texts of the bundled lessons are cut at 80×24"
    );
}

fn settle(app: &mut App) {
    for _ in 0..4000 {
        app.poll();
        if !app.busy() {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    panic!("the lab stayed busy");
}

fn goal_met(app: &App) -> bool {
    words(&rows(draw(app, 80, 24).backend().buffer())).contains("✓ Goal met")
}

#[test]
fn the_test_score_reported_once_is_on_screen_at_80x24() {
    use mlpath::labs::LabKey;
    use mlpath::tui::action::Action;
    let catalog = Arc::new(catalog::load(&[]));
    for kind in [LabKind::Threshold, LabKind::Train] {
        for (id, step) in steps_of(&catalog, kind) {
            let mut app = open(&catalog, &id, step);
            let press = |app: &mut App, key: LabKey| {
                app.update(Action::Lab(key));
                settle(app);
            };
            match kind {
                LabKind::Threshold => {
                    for _ in 0..60 {
                        press(&mut app, LabKey::Left);
                        if goal_met(&app) {
                            break;
                        }
                    }
                    for _ in 0..110 {
                        if goal_met(&app) {
                            break;
                        }
                        press(&mut app, LabKey::Right);
                    }
                }
                _ => {
                    'search: for all in [false, true] {
                        if all {
                            press(&mut app, LabKey::Char('a'));
                        }
                        for _ in 0..4 {
                            press(&mut app, LabKey::Char('t'));
                            if goal_met(&app) {
                                break 'search;
                            }
                            press(&mut app, LabKey::Char('m'));
                        }
                    }
                    press(&mut app, LabKey::Char('r'));
                    for _ in 0..12 {
                        if goal_met(&app) {
                            break;
                        }
                        press(&mut app, LabKey::Down);
                        press(&mut app, LabKey::Select);
                        press(&mut app, LabKey::Char('t'));
                    }
                }
            }
            let screen = rows(draw(&app, 80, 24).backend().buffer());
            let all = words(&screen);
            assert!(
                all.contains("✓ Goal met"),
                "{id}: goal not met\n{}",
                screen.join("\n")
            );
            // Every number of the one test score is on screen, not cut at an edge.
            let numbers_shown = all.contains("Test, scored once:")
                && all.contains("test rows")
                && match kind {
                    LabKind::Threshold => all.contains(" TN "),
                    _ => true,
                };
            assert!(
                numbers_shown,
                "{id}: the test score is not on screen at 80×24\n{}",
                screen.join("\n")
            );
        }
    }
}
