//! `mlpath --plain`: a bundled lesson completed from a script on standard input, with
//! progress recorded as the full-screen tutor records it, and no drawing characters.

use std::path::Path;

use assert_cmd::Command;
use mlpath::catalog::{Lesson, Step};
use mlpath::progress::{ProgressStore, Status};

fn bundled_lesson(id: &str) -> Lesson {
    mlpath::catalog::load(&[])
        .lesson(id)
        .unwrap_or_else(|| panic!("no bundled lesson {id}"))
        .clone()
}

/// The lines that answer every step of `lesson`: the first quiz is answered wrong
/// once, with a hint, before its right answer.
fn script_for(lesson: &Lesson) -> String {
    let mut lines = vec![lesson.id.clone()];
    let mut first_quiz = true;
    for step in &lesson.steps {
        match step {
            Step::Choice(choice) => {
                if first_quiz {
                    let wrong = (0..choice.options.len())
                        .find(|i| !choice.answers.contains(i))
                        .unwrap();
                    lines.push((wrong + 1).to_string());
                    lines.push("hint".into());
                    first_quiz = false;
                }
                let right: Vec<String> =
                    choice.answers.iter().map(|i| (i + 1).to_string()).collect();
                lines.push(right.join(" "));
            }
            Step::Number(number) => lines.push(number.answer.to_string()),
            _ => {}
        }
        lines.push("next".into());
    }
    lines.push("quit".into());
    lines.join("\n") + "\n"
}

fn plain(home: &Path) -> Command {
    let mut cmd = Command::cargo_bin("mlpath").unwrap();
    cmd.env("MLPATH_HOME", home)
        .env("TERM", "xterm")
        .env_remove("MLPATH_PLAIN")
        .env_remove("MLPATH_LESSONS");
    cmd
}

#[test]
fn a_lesson_completed_from_a_script_is_recorded_like_in_the_tutor() {
    let home = tempfile::tempdir().unwrap();
    let lesson = bundled_lesson("metrics/confusion-matrix");
    assert!(lesson.steps.iter().any(|s| matches!(s, Step::Choice(_))));
    assert!(lesson.steps.iter().any(|s| matches!(s, Step::Number(_))));
    let out = plain(home.path())
        .arg("--plain")
        .write_stdin(script_for(&lesson))
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(out.status.success(), "{stdout}");
    assert!(stdout.contains("Not quite; try again."), "{stdout}");
    assert!(stdout.contains("Hint 1 of"), "{stdout}");
    assert!(stdout.contains("Correct."), "{stdout}");
    assert!(stdout.contains("Lesson complete."), "{stdout}");
    assert!(stdout.contains(&format!("step 1 of {}", lesson.steps.len())));
    assert!(stdout.contains("  1. "), "options are numbered");
    for c in stdout.chars() {
        assert!(
            c != '\u{1b}' && !('\u{2500}'..='\u{259f}').contains(&c),
            "no escape sequence or box drawing: {c:?}"
        );
    }

    let (store, _) = ProgressStore::open(home.path()).unwrap();
    let progress = store.progress();
    let record = progress.lesson_record(&lesson.id).unwrap();
    assert_eq!(record.status, Status::Done);
    assert!(record.completed_at.is_some());
    let quizzes: Vec<usize> = (0..lesson.steps.len())
        .filter(|&i| lesson.steps[i].is_quiz())
        .collect();
    for (n, &i) in quizzes.iter().enumerate() {
        let step = progress.step_record(&lesson.id, i).unwrap();
        assert!(step.correct, "step {i}");
        assert_eq!(step.attempts, if n == 0 { 2 } else { 1 }, "step {i}");
        assert_eq!(step.hints_used, u32::from(n == 0), "step {i}");
        // The tutor starts a review card with the first answer.
        let key = mlpath::progress::step_key(&lesson.id, i);
        assert!(progress.reviews.contains_key(&key), "{key}");
    }
    assert_eq!(progress.last_lesson.as_deref(), Some(lesson.id.as_str()));
}

#[test]
fn plain_mode_comes_from_the_environment_and_a_dumb_terminal() {
    for (key, value) in [("MLPATH_PLAIN", "1"), ("TERM", "dumb")] {
        let home = tempfile::tempdir().unwrap();
        plain(home.path())
            .env(key, value)
            .write_stdin("quit\n")
            .assert()
            .success()
            .stdout(predicates::str::contains("plain mode"))
            .stdout(predicates::str::contains("metrics/confusion-matrix"));
    }
}

#[test]
fn the_self_assessment_step_rates_skills_from_typed_lines() {
    let home = tempfile::tempdir().unwrap();
    let lesson = bundled_lesson("careers/self-assessment-and-plan");
    let index = lesson
        .steps
        .iter()
        .position(|s| matches!(s, Step::Lab(_)))
        .unwrap();
    let mut lines = vec![lesson.id.clone()];
    lines.extend((0..index).map(|_| "next".to_string()));
    lines.extend(["rate", "1 3", "2 0", "done", "quit"].map(String::from));
    let out = plain(home.path())
        .arg("--plain")
        .write_stdin(lines.join("\n") + "\n")
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(out.status.success(), "{stdout}");
    assert!(stdout.contains("Rate yourself from 0 to 5"), "{stdout}");
    let (store, _) = ProgressStore::open(home.path()).unwrap();
    let progress = store.progress();
    let rated: Vec<u8> = progress.self_assessment.values().map(|r| r.level).collect();
    assert_eq!(rated.len(), 2, "{stdout}");
    assert!(rated.contains(&3) && rated.contains(&0));
    let key = mlpath::progress::step_key(&lesson.id, index);
    assert!(progress.labs[&key].goal_met, "the step counts as done");
}

#[test]
fn a_lab_is_a_text_summary_with_its_keys_as_commands() {
    let home = tempfile::tempdir().unwrap();
    let lesson = bundled_lesson("metrics/thresholds-costs");
    let index = lesson
        .steps
        .iter()
        .position(|s| matches!(s, Step::Lab(_)))
        .unwrap();
    let mut lines = vec![lesson.id.clone()];
    lines.extend((0..index).map(|_| "next".to_string()));
    lines.extend(["right", "right", "quit"].map(String::from));
    let out = plain(home.path())
        .arg("--plain")
        .write_stdin(lines.join("\n") + "\n")
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(out.status.success(), "{stdout}");
    let lab_part = &stdout[stdout.find("(Lab)").expect("the lab step is shown")..];
    assert!(lab_part.contains("Goal: "), "{lab_part}");
    assert!(
        lab_part.contains("Keys (type them as commands):"),
        "{lab_part}"
    );
    assert!(lab_part.contains("left/right"), "{lab_part}");
    assert!(lab_part.matches("Now: ").count() >= 2, "{lab_part}");
}

#[test]
fn an_exercise_names_its_file_and_checks_it_on_request() {
    use std::io::{BufRead, BufReader, Write};
    use std::process::{Command as StdCommand, Stdio};
    use std::sync::mpsc;
    use std::time::Duration;

    let home = tempfile::tempdir().unwrap();
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/lessons/exercise-ok");
    let mut child = StdCommand::new(env!("CARGO_BIN_EXE_mlpath"))
        .arg("--plain")
        .arg("--lessons")
        .arg(&fixture)
        .env("MLPATH_HOME", home.path())
        .env("TERM", "xterm")
        .env_remove("MLPATH_LESSONS")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, lines) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            if tx.send(line.unwrap()).is_err() {
                break;
            }
        }
    });
    let mut seen = String::new();
    let mut wait_for = |needle: &str| {
        while !seen.contains(needle) {
            let line = lines
                .recv_timeout(Duration::from_secs(20))
                .unwrap_or_else(|_| panic!("`{needle}` never came:\n{seen}"));
            seen.push_str(&line);
            seen.push('\n');
        }
        std::mem::take(&mut seen)
    };
    writeln!(stdin, "fixture-gates/gate").unwrap();
    let step = wait_for("restore puts the starter back");
    assert!(step.contains("Edit this file in your editor:"), "{step}");
    let first = wait_for("requirements met");
    assert!(!first.contains("(passed)"), "{first}");

    writeln!(stdin, "hint").unwrap();
    assert!(wait_for("Hint 1 of 2").contains("Floats need a decimal point"));

    let file = home.path().join("workspace/fixture-gates/gate/gate.toml");
    std::fs::write(&file, "[gate]\nmetric = \"roc_auc\"\nmin_auc = 0.85\n").unwrap();
    writeln!(stdin, "check").unwrap();
    let second = wait_for("requirements met");
    assert!(second.contains("requirements met (passed)"), "{second}");
    writeln!(stdin, "next").unwrap();
    wait_for("Lesson complete.");
    writeln!(stdin, "quit").unwrap();
    drop(stdin);
    assert!(child.wait().unwrap().success());

    let (store, _) = ProgressStore::open(home.path()).unwrap();
    assert!(store.progress().is_done("fixture-gates/gate"));
}
