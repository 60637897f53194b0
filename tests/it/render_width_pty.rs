//! In a real pseudo-terminal: lesson text with wide characters, combining marks and
//! invisible format characters (a soft hyphen, a zero-width space, an emoji joined
//! with U+200D, a variation selector) is drawn so that a redraw over another step
//! leaves exactly the screen a fresh draw gives. The terminal here is modelled
//! adversarially: every invisible format character that reaches it takes a column,
//! as in terminals that show them as boxes.

#![cfg(unix)]

use std::path::Path;
use std::time::{Duration, Instant};

use crate::pty::{Tutor, mlpath_command};
use mlpath::progress::{Progress, ProgressStore};
use unicode_width::UnicodeWidthChar;

const LESSON: &str = "width-track/width";

const TRICKY: &str = "Wide 漢字テスト and 👍, e\u{301}clair and nai\u{308}ve, co\u{ad}operate, \
zero\u{200b}width, ❤\u{fe0f} and the family 👨\u{200d}👩\u{200d}👧 then END-OF-FIRST";

fn write_lessons(dir: &Path) {
    let track = dir.join("width");
    std::fs::create_dir_all(&track).unwrap();
    std::fs::write(
        track.join("track.toml"),
        "format_version = 1\nid = \"width-track\"\ntitle = \"Widths\"\nsummary = \"Odd characters.\"\norder = 150\n",
    )
    .unwrap();
    let filler = "plain words to cover the line ".repeat(3);
    std::fs::write(
        track.join("01-width.toml"),
        format!(
            "format_version = 1\nid = \"width\"\ntitle = \"Widths\"\nsummary = \"Odd characters.\"\n\
             minutes = 1\nlevel = \"beginner\"\nskills = {{}}\n\n\
             [[steps]]\ntype = \"read\"\ntitle = \"First\"\ntext = \"\"\"{TRICKY}\n\n{TRICKY}\"\"\"\n\n\
             [[steps]]\ntype = \"read\"\ntitle = \"Second\"\ntext = \"\"\"{filler}\n\n{filler}\n\n{filler}\"\"\"\n"
        ),
    )
    .unwrap();
}

/// Starts the tutor with the lesson to continue at the 0-based `step`.
fn start(home: &Path, lessons: &Path, step: usize) -> Tutor {
    let (mut store, _) = ProgressStore::open(home).unwrap();
    let mut p = Progress::default();
    p.open_lesson(LESSON, 2);
    p.set_step(LESSON, step);
    store.save(&mut p).unwrap();
    let mut cmd = mlpath_command();
    cmd.arg("--lessons");
    cmd.arg(lessons);
    cmd.env("MLPATH_HOME", home);
    Tutor::spawn(cmd)
}

/// Waits until this test's model of the terminal shows `needle`; returns the screen once
/// the frame is complete.
fn wait_for_screen(tutor: &mut Tutor, needle: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        tutor.read_more();
        let screen = screen_of(&tutor.seen);
        if screen.contains(needle) {
            // Let the frame finish.
            std::thread::sleep(Duration::from_millis(100));
            tutor.read_more();
            return screen_of(&tutor.seen);
        }
        assert!(
            Instant::now() < deadline,
            "`{needle}` is not on the screen:\n{screen}"
        );
        assert!(tutor.running(), "mlpath exited");
    }
}

fn screen_of(bytes: &[u8]) -> String {
    screen(&String::from_utf8_lossy(bytes))
}

/// How many columns the modelled terminal gives a character: as `wcwidth` does, except
/// that invisible format characters are drawn as a one-column box.
fn terminal_width(c: char) -> usize {
    if mlpath::sanitize::is_width_disputed(c) {
        1
    } else {
        c.width().unwrap_or(0)
    }
}

/// What the modelled terminal shows after `output`: each character advancing by its
/// [`terminal_width`].
fn screen(output: &str) -> String {
    crate::pty::screen_with(output, terminal_width)
}

#[test]
fn a_redraw_over_another_step_equals_a_fresh_draw() {
    let lessons = tempfile::tempdir().unwrap();
    write_lessons(lessons.path());

    // Fresh: the tricky step drawn on an empty screen.
    let home = tempfile::tempdir().unwrap();
    let mut fresh = start(home.path(), lessons.path(), 0);
    wait_for_screen(&mut fresh, "Continue");
    fresh.press(b"\r");
    let fresh_screen = wait_for_screen(&mut fresh, "END-OF-FIRST");
    assert!(fresh.quit().0);

    // Redrawn: the second step first, then back to the tricky one, so that only the
    // cells that differ are written over the second step's text.
    let home = tempfile::tempdir().unwrap();
    let mut redrawn = start(home.path(), lessons.path(), 1);
    wait_for_screen(&mut redrawn, "Continue");
    redrawn.press(b"\r");
    wait_for_screen(&mut redrawn, "plain words");
    let before = redrawn.seen.len();
    redrawn.press(b"\x1b[D");
    let redrawn_screen = wait_for_screen(&mut redrawn, "END-OF-FIRST");
    let written = String::from_utf8_lossy(&redrawn.seen[before..]).into_owned();
    assert!(redrawn.quit().0);

    assert!(
        !written.chars().any(mlpath::sanitize::is_width_disputed),
        "an invisible format character reached the terminal"
    );
    assert!(fresh_screen.contains("漢字テスト"), "{fresh_screen}");
    assert!(fresh_screen.contains("e\u{301}clair"), "{fresh_screen}");
    assert_eq!(
        redrawn_screen, fresh_screen,
        "the redraw left another screen than a fresh draw"
    );
}
