//! `mlpath lessons preview FILE` in a real pseudo-terminal: saving the file redraws the
//! lesson at the same step; breaking it shows its problems in place of the step; fixing
//! it brings the step back. The author's progress is never written.

#![cfg(unix)]

use std::path::Path;

use crate::pty::{Tutor, mlpath_command};

fn lesson(first: &str, second: &str) -> String {
    format!(
        "format_version = 1\nid = \"draft\"\ntitle = \"Draft\"\nsummary = \"A draft.\"\n\
         minutes = 1\nlevel = \"beginner\"\n\n\
         [[steps]]\ntype = \"read\"\ntitle = \"One\"\ntext = \"{first}\"\n\n\
         [[steps]]\ntype = \"read\"\ntitle = \"Two\"\ntext = \"{second}\"\n"
    )
}

/// Writes the file as an editor that saves by renaming would.
fn save(file: &Path, text: &str) {
    let tmp = file.with_extension("swp");
    std::fs::write(&tmp, text).unwrap();
    std::fs::rename(&tmp, file).unwrap();
}

#[test]
fn saving_reloads_at_the_same_step_and_a_broken_file_shows_its_problems() {
    let dir = tempfile::tempdir().unwrap();
    let home = tempfile::tempdir().unwrap();
    let track = dir.path().join("drafts");
    std::fs::create_dir_all(&track).unwrap();
    std::fs::write(
        track.join("track.toml"),
        "format_version = 1\nid = \"drafts\"\ntitle = \"Drafts\"\nsummary = \"Drafts.\"\n",
    )
    .unwrap();
    let file = track.join("01-draft.toml");
    save(&file, &lesson("first words", "second words"));

    let mut cmd = mlpath_command();
    cmd.args(["lessons", "preview"]);
    cmd.arg(&file);
    cmd.args(["--step", "2"]);
    cmd.env("MLPATH_HOME", home.path());
    let mut tutor = Tutor::spawn(cmd);
    let shown = tutor.wait_for_screen("second words");
    assert!(shown.contains("Step 2 of 2"), "{shown}");

    save(&file, &lesson("first words", "edited on disk"));
    let shown = tutor.wait_for_screen("edited on disk");
    assert!(shown.contains("Step 2 of 2"), "the step is kept:\n{shown}");

    save(&file, "format_version = 1\nid = \"draft\"\ntitle = \n");
    let shown = tutor.wait_for_screen("does not load");
    assert!(shown.contains("TOML syntax"), "{shown}");

    save(&file, &lesson("first words", "fixed again"));
    let shown = tutor.wait_for_screen("fixed again");
    assert!(shown.contains("Step 2 of 2"), "{shown}");

    let (ok, _) = tutor.quit();
    assert!(ok, "mlpath exits cleanly");
    assert!(
        !home.path().join("progress.toml").exists(),
        "a preview never writes the author's progress"
    );
}

#[test]
fn a_file_outside_a_track_is_refused_with_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("01-draft.toml");
    std::fs::write(&file, lesson("a", "b")).unwrap();
    let mut cmd = mlpath_command();
    cmd.args(["lessons", "preview"]);
    cmd.arg(&file);
    let mut tutor = Tutor::spawn(cmd);
    let at = tutor.wait_for("no track.toml beside the lesson", 0);
    assert!(at > 0 || tutor.text().contains("no track.toml"));
}
