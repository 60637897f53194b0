//! An exercise step end to end in a real pseudo-terminal: the tutor hands the terminal
//! to `$EDITOR` and takes it back with the check passed, and a file saved from outside
//! while the tutor runs turns the check from ✗ to ✓ through the watcher.

#![cfg(unix)]

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc::Receiver;
use std::time::{Duration, Instant};

use mlpath::progress::{Progress, ProgressStore};
use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

const LESSON: &str = "fixture-gates/gate";
const ENTER_ALT: &str = "\u{1b}[?1049h";
const LEAVE_ALT: &str = "\u{1b}[?1049l";

const SOLUTION: &str = "[gate]\nmetric = \"roc_auc\"\nmin_auc = 0.9\n";

struct Tutor {
    child: Box<dyn Child + Send + Sync>,
    writer: Box<dyn Write + Send>,
    output: Receiver<Vec<u8>>,
    seen: Vec<u8>,
    _master: Box<dyn MasterPty + Send>,
}

impl Tutor {
    /// Starts mlpath on the exercise fixture with the lesson to continue already set.
    fn start(home: &Path, envs: &[(&str, &str)]) -> Tutor {
        let (mut store, _) = ProgressStore::open(home).unwrap();
        let mut p = Progress::default();
        p.open_lesson(LESSON, 1);
        store.save(&mut p).unwrap();

        let pty = native_pty_system()
            .openpty(PtySize {
                rows: 24,
                cols: 80,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_mlpath"));
        cmd.arg("--lessons");
        cmd.arg(fixture());
        cmd.env("MLPATH_HOME", home);
        cmd.env("TERM", "xterm-256color");
        cmd.env("NO_COLOR", "1");
        cmd.env_remove("MLPATH_LESSONS");
        cmd.env_remove("VISUAL");
        // No real editor may open by accident: the fallbacks are absent from PATH.
        cmd.env("EDITOR", "/nonexistent/editor");
        cmd.env("PATH", "/nonexistent");
        for (k, v) in envs {
            cmd.env(k, v);
        }
        let child = pty.slave.spawn_command(cmd).unwrap();
        drop(pty.slave);
        let mut reader = pty.master.try_clone_reader().unwrap();
        let writer = pty.master.take_writer().unwrap();
        let (tx, output) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 || tx.send(buf[..n].to_vec()).is_err() {
                    break;
                }
            }
        });
        Tutor {
            child,
            writer,
            output,
            seen: Vec::new(),
            _master: pty.master,
        }
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.seen).into_owned()
    }

    fn read_more(&mut self) {
        while let Ok(chunk) = self.output.recv_timeout(Duration::from_millis(50)) {
            self.seen.extend(chunk);
        }
    }

    /// Waits until the screen, as a terminal would show it now, contains `needle`.
    fn wait_for_screen(&mut self, needle: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            self.read_more();
            let screen = screen(&self.text());
            if screen.contains(needle) {
                return screen;
            }
            assert!(
                Instant::now() < deadline,
                "`{needle}` is not on the screen:\n{screen}"
            );
            assert!(
                self.child.try_wait().unwrap().is_none(),
                "mlpath exited early: {:?}",
                self.text()
            );
        }
    }

    /// Waits until `needle` appears after byte `from` of the output; returns where.
    fn wait_for(&mut self, needle: &str, from: usize) -> usize {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            self.read_more();
            let text =
                String::from_utf8_lossy(&self.seen[from.min(self.seen.len())..]).into_owned();
            if let Some(i) = text.find(needle) {
                return from + i;
            }
            assert!(
                Instant::now() < deadline,
                "`{needle}` did not appear; the screen so far:\n{:?}",
                self.text()
            );
            assert!(
                self.child.try_wait().unwrap().is_none(),
                "mlpath exited early: {:?}",
                self.text()
            );
        }
    }

    fn press(&mut self, keys: &[u8]) {
        self.writer.write_all(keys).unwrap();
        self.writer.flush().unwrap();
    }

    /// Quits with q and returns whether mlpath exited successfully.
    fn quit(mut self) -> (bool, String) {
        self.press(b"q");
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            while let Ok(chunk) = self.output.recv_timeout(Duration::from_millis(50)) {
                self.seen.extend(chunk);
            }
            if let Some(status) = self.child.try_wait().unwrap() {
                while let Ok(chunk) = self.output.recv_timeout(Duration::from_millis(100)) {
                    self.seen.extend(chunk);
                }
                return (status.success(), self.text());
            }
            assert!(Instant::now() < deadline, "mlpath did not quit");
        }
    }
}

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/lessons/exercise-ok")
}

fn workspace_file(home: &Path) -> PathBuf {
    home.join("workspace/fixture-gates/gate/gate.toml")
}

/// What an 80×24 terminal shows after `output` (cursor moves and text; other escape
/// sequences are skipped), as lines.
fn screen(output: &str) -> String {
    let (rows, cols) = (24, 80);
    let mut grid = vec![vec![' '; cols]; rows];
    let (mut r, mut c) = (0usize, 0usize);
    let mut chars = output.chars().peekable();
    while let Some(ch) = chars.next() {
        match ch {
            '\u{1b}' => {
                if chars.peek() != Some(&'[') {
                    chars.next();
                    continue;
                }
                chars.next();
                let mut params = String::new();
                let mut fin = ' ';
                for x in chars.by_ref() {
                    if x.is_ascii_alphabetic() || x == '~' {
                        fin = x;
                        break;
                    }
                    params.push(x);
                }
                match (fin, params.as_str()) {
                    ('H', p) => {
                        let mut it = p.split(';').map(|n| n.parse::<usize>().unwrap_or(1));
                        r = it.next().unwrap_or(1).clamp(1, rows) - 1;
                        c = it.next().unwrap_or(1).clamp(1, cols) - 1;
                    }
                    ('J', "2") | ('h', "?1049") => {
                        grid = vec![vec![' '; cols]; rows];
                    }
                    _ => {}
                }
            }
            '\r' => c = 0,
            '\n' => r = (r + 1).min(rows - 1),
            ch if ch.is_control() => {}
            ch => {
                if c < cols {
                    grid[r][c] = ch;
                }
                c += 1;
            }
        }
    }
    grid.iter()
        .map(|row| row.iter().collect::<String>().trim_end().to_string())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Opens the lesson from the home screen and waits for the first, failing check.
fn open_exercise(tutor: &mut Tutor) -> usize {
    tutor.wait_for_screen("Learn");
    tutor.press(b"\r");
    tutor.wait_for_screen("1 of 3 requirements met");
    tutor.seen.len()
}

#[test]
fn the_editor_writes_the_file_and_the_check_turns_green() {
    let home = tempfile::tempdir().unwrap();
    let editor = home.path().join("editor.sh");
    std::fs::write(
        &editor,
        format!("#!/bin/sh\nprintf '%s' '{SOLUTION}' > \"$1\"\n"),
    )
    .unwrap();
    let mut perms = std::fs::metadata(&editor).unwrap().permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut perms, 0o755);
    std::fs::set_permissions(&editor, perms).unwrap();

    let mut tutor = Tutor::start(
        home.path(),
        &[
            ("EDITOR", editor.to_str().unwrap()),
            ("PATH", "/usr/bin:/bin"),
        ],
    );
    let before = open_exercise(&mut tutor);
    assert!(
        workspace_file(home.path()).exists(),
        "created from the starter"
    );
    tutor.press(b"e");
    let left = tutor.wait_for(LEAVE_ALT, before);
    tutor.wait_for(ENTER_ALT, left);
    let shown = tutor.wait_for_screen("All 3 requirements met");
    assert!(shown.contains("✓ done and saved"), "{shown}");
    assert!(shown.contains("✓ the file is valid TOML"), "{shown}");
    assert!(!shown.contains('✗'), "{shown}");
    assert_eq!(
        std::fs::read_to_string(workspace_file(home.path())).unwrap(),
        SOLUTION
    );
    let (ok, out) = tutor.quit();
    assert!(ok, "exit status: {out:?}");
    assert!(
        out.rfind(LEAVE_ALT) > out.rfind(ENTER_ALT),
        "the terminal is restored at the end"
    );
    let (store, _) = ProgressStore::open(home.path()).unwrap();
    assert!(
        store.progress().labs[&format!("{LESSON}#1")].goal_met,
        "saved as met"
    );
}

#[test]
fn saving_from_outside_turns_the_check_green() {
    let home = tempfile::tempdir().unwrap();
    let mut tutor = Tutor::start(home.path(), &[]);
    open_exercise(&mut tutor);
    // Save as an editor would: a new file renamed over the old one.
    let temp = home
        .path()
        .join("workspace/fixture-gates/gate/.gate.toml.swp");
    std::fs::write(&temp, SOLUTION).unwrap();
    std::fs::rename(&temp, workspace_file(home.path())).unwrap();
    let shown = tutor.wait_for_screen("All 3 requirements met");
    assert!(shown.contains("✓ done and saved"), "{shown}");
    let (ok, out) = tutor.quit();
    assert!(ok, "{out:?}");
}

#[test]
fn a_missing_editor_is_a_notice_not_a_crash() {
    let home = tempfile::tempdir().unwrap();
    let mut tutor = Tutor::start(home.path(), &[]);
    let before = open_exercise(&mut tutor);
    tutor.press(b"e");
    tutor.wait_for(ENTER_ALT, before);
    tutor.wait_for_screen("no editor was found");
    tutor.wait_for_screen("1 of 3 requirements met");
    let (ok, out) = tutor.quit();
    assert!(ok, "{out:?}");
}
