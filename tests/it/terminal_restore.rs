//! In a real pseudo-terminal: quitting with q and a panic mid-session both leave the
//! alternate screen and show the cursor again (raw mode is restored by the same code).

#![cfg(unix)]

use std::io::Read;
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

/// Runs mlpath in a pty, types `input` once the first screen is drawn, and returns
/// everything it wrote and its exit status.
fn run_in_pty(envs: &[(&str, &str)], input: &[u8]) -> (String, bool) {
    let pty = native_pty_system()
        .openpty(PtySize {
            rows: 24,
            cols: 80,
            pixel_width: 0,
            pixel_height: 0,
        })
        .unwrap();
    let home = tempfile::tempdir().unwrap();
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_mlpath"));
    cmd.env("MLPATH_HOME", home.path());
    cmd.env("TERM", "xterm-256color");
    cmd.env_remove("NO_COLOR");
    for (k, v) in envs {
        cmd.env(k, v);
    }
    let mut child = pty.slave.spawn_command(cmd).unwrap();
    drop(pty.slave);
    let mut reader = pty.master.try_clone_reader().unwrap();
    let mut writer = pty.master.take_writer().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut buf = [0u8; 4096];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 || tx.send(buf[..n].to_vec()).is_err() {
                break;
            }
        }
    });
    let mut out = Vec::new();
    let deadline = Instant::now() + Duration::from_secs(20);
    let mut typed = false;
    loop {
        while let Ok(chunk) = rx.recv_timeout(Duration::from_millis(50)) {
            out.extend(chunk);
        }
        if !typed && String::from_utf8_lossy(&out).contains("Learn") {
            writer.write_all(input).unwrap();
            typed = true;
        }
        if let Some(status) = child.try_wait().unwrap() {
            while let Ok(chunk) = rx.recv_timeout(Duration::from_millis(100)) {
                out.extend(chunk);
            }
            return (String::from_utf8_lossy(&out).into_owned(), status.success());
        }
        assert!(
            Instant::now() < deadline,
            "mlpath did not exit: {}",
            String::from_utf8_lossy(&out)
        );
    }
}

const ENTER_ALT: &str = "\u{1b}[?1049h";
const LEAVE_ALT: &str = "\u{1b}[?1049l";

fn restored_after_last_draw(out: &str) -> bool {
    let entered = out.find(ENTER_ALT);
    let left = out.rfind(LEAVE_ALT);
    matches!((entered, left), (Some(e), Some(l)) if l > e)
}

#[test]
fn q_quits_and_restores_the_terminal() {
    let (out, ok) = run_in_pty(&[], b"q");
    assert!(ok, "exit status");
    assert!(
        restored_after_last_draw(&out),
        "left the alternate screen: {out:?}"
    );
}

#[test]
fn a_panic_still_restores_the_terminal() {
    let (out, ok) = run_in_pty(&[("MLPATH_TEST_PANIC", "1")], b"");
    assert!(!ok, "a panic exits unsuccessfully");
    assert!(out.contains("panicking on purpose"), "{out:?}");
    let left = out.rfind(LEAVE_ALT).expect("left the alternate screen");
    let panic_at = out.find("panicking on purpose").unwrap();
    assert!(
        left < panic_at,
        "the terminal is restored before the panic message is printed"
    );
}

#[test]
fn no_color_draws_without_colour_codes() {
    let (out, ok) = run_in_pty(&[("NO_COLOR", "1")], b"q");
    assert!(ok);
    for colour in [
        "\u{1b}[38;",
        "\u{1b}[48;",
        "\u{1b}[31m",
        "\u{1b}[32m",
        "\u{1b}[36m",
    ] {
        assert!(!out.contains(colour), "found {colour:?} in {out:?}");
    }
    let (coloured, _) = run_in_pty(&[], b"q");
    assert!(
        coloured.contains("\u{1b}[38;5;"),
        "the default theme does use colour"
    );
}
