//! A real pseudo-terminal for end-to-end tests of the tutor: spawn mlpath in it, type,
//! and read the screen as an 80×24 terminal would show it.

#![cfg(unix)]

use std::io::{Read, Write};
use std::sync::mpsc::Receiver;
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

/// mlpath in a pseudo-terminal of 24 rows and 80 columns.
pub struct Tutor {
    child: Box<dyn Child + Send + Sync>,
    writer: Box<dyn Write + Send>,
    output: Receiver<Vec<u8>>,
    pub seen: Vec<u8>,
    _master: Box<dyn MasterPty + Send>,
}

/// The mlpath binary with the environment every pseudo-terminal test wants: a terminal
/// type, no colour, no extra lessons from the caller's environment, and no editor that
/// could open by accident.
pub fn mlpath_command() -> CommandBuilder {
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_mlpath"));
    cmd.env("TERM", "xterm-256color");
    cmd.env("NO_COLOR", "1");
    cmd.env_remove("MLPATH_LESSONS");
    cmd.env_remove("MLPATH_PLAIN");
    cmd.env_remove("VISUAL");
    cmd.env("EDITOR", "/nonexistent/editor");
    cmd.env("PATH", "/nonexistent");
    cmd
}

impl Tutor {
    /// Spawns `cmd` in a fresh 80×24 pseudo-terminal.
    pub fn spawn(cmd: CommandBuilder) -> Tutor {
        let pty = native_pty_system()
            .openpty(PtySize {
                rows: 24,
                cols: 80,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
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

    /// Whether mlpath is still running.
    pub fn running(&mut self) -> bool {
        self.child.try_wait().unwrap().is_none()
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.seen).into_owned()
    }

    pub fn read_more(&mut self) {
        while let Ok(chunk) = self.output.recv_timeout(Duration::from_millis(50)) {
            self.seen.extend(chunk);
        }
    }

    /// Waits until the screen, as a terminal would show it now, contains `needle`.
    pub fn wait_for_screen(&mut self, needle: &str) -> String {
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
    pub fn wait_for(&mut self, needle: &str, from: usize) -> usize {
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

    pub fn press(&mut self, keys: &[u8]) {
        self.writer.write_all(keys).unwrap();
        self.writer.flush().unwrap();
    }

    /// Quits with q and returns whether mlpath exited successfully.
    pub fn quit(mut self) -> (bool, String) {
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

/// What an 80×24 terminal shows after `output` (cursor moves and text; other escape
/// sequences are skipped), as lines; every character takes one column.
pub fn screen(output: &str) -> String {
    screen_with(output, |_| 1)
}

/// [`screen`] for a terminal that gives each character `width(c)` columns: 0 joins it
/// to the character before (a combining mark), 2 covers the next column too.
pub fn screen_with(output: &str, width: impl Fn(char) -> usize) -> String {
    let (rows, cols) = (24, 80);
    let blank = || vec![vec![String::from(" "); cols]; rows];
    let mut grid = blank();
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
                    ('J', "2") | ('h', "?1049") => grid = blank(),
                    _ => {}
                }
            }
            '\r' => c = 0,
            '\n' => r = (r + 1).min(rows - 1),
            ch if ch.is_control() => {}
            ch => {
                let w = width(ch);
                if w == 0 {
                    if c > 0 && c <= cols {
                        grid[r][c - 1].push(ch);
                    }
                    continue;
                }
                if c < cols {
                    grid[r][c] = ch.to_string();
                }
                for extra in 1..w {
                    if c + extra < cols {
                        grid[r][c + extra] = String::new();
                    }
                }
                c += w;
            }
        }
    }
    grid.iter()
        .map(|row| row.concat().trim_end().to_string())
        .collect::<Vec<_>>()
        .join("\n")
}
