//! Opening a file in the learner's editor: `$VISUAL`, else `$EDITOR` (a command line
//! split like a shell would, so `code -w` works), else `vi`, else `nano`. The tutor
//! hands the terminal over while the editor runs and takes it back afterwards.

use std::ffi::OsString;
use std::io::{self, Write};
use std::path::Path;
use std::process::Command;

use ratatui::DefaultTerminal;
use ratatui::crossterm::cursor::Show;
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{Clear, ClearType, EnterAlternateScreen, enable_raw_mode};

use crate::sanitize::clean_line;

/// One editor to try: where it came from and its words (program first).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    /// `$VISUAL`, `$EDITOR` or `fallback`.
    pub source: &'static str,
    pub words: Vec<String>,
}

/// The editors to try in order, and problems with the variables (e.g. an unclosed
/// quote) for the learner.
pub fn candidates(
    visual: Option<OsString>,
    editor: Option<OsString>,
) -> (Vec<Candidate>, Vec<String>) {
    let mut list = Vec::new();
    let mut problems = Vec::new();
    for (source, value) in [("$VISUAL", visual), ("$EDITOR", editor)] {
        let Some(value) = value else { continue };
        let value = value.to_string_lossy().into_owned();
        if value.trim().is_empty() {
            continue;
        }
        match shell_words::split(&value) {
            Ok(words) if !words.is_empty() => list.push(Candidate { source, words }),
            Ok(_) => {}
            Err(e) => problems.push(format!(
                "{source} ({}) could not be read: {e}",
                clean_line(&value)
            )),
        }
    }
    for fallback in ["vi", "nano"] {
        list.push(Candidate {
            source: "fallback",
            words: vec![fallback.to_string()],
        });
    }
    (list, problems)
}

/// Runs the first editor that exists on `path` and waits for it. Returns a note when
/// a variable's editor was skipped, or what went wrong.
pub fn run(
    path: &Path,
    candidates: &[Candidate],
    problems: &[String],
) -> Result<Option<String>, String> {
    let mut skipped: Vec<String> = problems.to_vec();
    for c in candidates {
        let program = &c.words[0];
        match Command::new(program).args(&c.words[1..]).arg(path).status() {
            Ok(status) if status.success() => {
                return Ok((!skipped.is_empty()).then(|| {
                    format!(
                        "{}; opened {} instead.",
                        skipped.join("; "),
                        clean_line(program)
                    )
                }));
            }
            Ok(status) => {
                return Err(format!(
                    "the editor `{}` exited with {status}; the file was checked as it is",
                    clean_line(program)
                ));
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                if c.source != "fallback" {
                    skipped.push(format!(
                        "{} names `{}`, which was not found",
                        c.source,
                        clean_line(program)
                    ));
                }
            }
            Err(e) => {
                return Err(format!(
                    "the editor `{}` could not start: {e}",
                    clean_line(program)
                ));
            }
        }
    }
    let mut message = String::from("no editor was found (tried");
    for c in candidates {
        message.push_str(&format!(" {}", clean_line(&c.words[0])));
    }
    message.push_str(
        "); set EDITOR, e.g. `export EDITOR=nano`, or open the file in any editor: saving \
         re-runs the check",
    );
    Err(message)
}

/// Leaves the tutor's screen, runs the editor on `path`, and comes back with a full
/// redraw. An error here is about the terminal itself, which the tutor cannot go on
/// without; the editor's own outcome is the inner result.
pub fn hand_over(
    terminal: &mut DefaultTerminal,
    path: &Path,
) -> io::Result<Result<Option<String>, String>> {
    let (list, problems) = candidates(std::env::var_os("VISUAL"), std::env::var_os("EDITOR"));
    ratatui::try_restore()?;
    execute!(io::stdout(), Show)?;
    io::stdout().flush()?;
    let result = run(path, &list, &problems);
    enable_raw_mode()?;
    execute!(io::stdout(), EnterAlternateScreen, Clear(ClearType::All))?;
    // The screen is blank now: make the next draw compare against a blank buffer so
    // that it paints everything. (`Terminal::clear` would do this too, but it asks
    // the terminal for the cursor position, which not every terminal answers.)
    terminal.swap_buffers();
    Ok(result)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(list: &[Candidate]) -> Vec<Vec<&str>> {
        list.iter()
            .map(|c| c.words.iter().map(String::as_str).collect())
            .collect()
    }

    #[test]
    fn visual_then_editor_then_vi_then_nano() {
        let (list, problems) = candidates(Some("code -w".into()), Some("'my editor' --x".into()));
        assert!(problems.is_empty());
        assert_eq!(
            words(&list),
            [
                vec!["code", "-w"],
                vec!["my editor", "--x"],
                vec!["vi"],
                vec!["nano"]
            ]
        );
        assert_eq!(list[0].source, "$VISUAL");
        let (list, _) = candidates(None, Some("  ".into()));
        assert_eq!(words(&list), [vec!["vi"], vec!["nano"]]);
    }

    #[test]
    fn an_unreadable_variable_is_reported_and_skipped() {
        let (list, problems) = candidates(None, Some("vim 'oops".into()));
        assert_eq!(words(&list), [vec!["vi"], vec!["nano"]]);
        assert_eq!(problems.len(), 1);
        assert!(problems[0].starts_with("$EDITOR (vim 'oops) could not be read"));
    }

    #[test]
    fn a_missing_editor_falls_through_and_none_is_an_error_not_a_panic() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.toml");
        let missing = |w: &str| Candidate {
            source: "$EDITOR",
            words: vec![w.to_string()],
        };
        let err = run(&file, &[missing("/no/such/editor-1")], &[]).unwrap_err();
        assert!(
            err.starts_with("no editor was found (tried /no/such/editor-1)"),
            "{err}"
        );
        assert!(err.contains("export EDITOR=nano"), "{err}");
    }

    #[cfg(unix)]
    #[test]
    fn the_editor_gets_the_path_and_its_failure_is_told() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.toml");
        let sh = |script: &str| Candidate {
            source: "$EDITOR",
            words: vec!["sh".into(), "-c".into(), script.into(), "editor".into()],
        };
        let skipped = Candidate {
            source: "$VISUAL",
            words: vec!["/no/such/editor-2".into()],
        };
        let note = run(&file, &[skipped, sh("echo 'x = 1' > \"$1\"")], &[]).unwrap();
        assert_eq!(std::fs::read_to_string(&file).unwrap(), "x = 1\n");
        assert!(
            note.unwrap()
                .contains("$VISUAL names `/no/such/editor-2`, which was not found"),
        );
        let err = run(&file, &[sh("exit 3")], &[]).unwrap_err();
        assert!(err.contains("exited with"), "{err}");
    }
}
