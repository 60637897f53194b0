//! `mlpath lessons new TRACK/SLUG`: the track directory (with `track.toml`) if missing and
//! the next numbered lesson file, with one commented step of every kind, that passes
//! `mlpath lessons check` as created.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};

use crate::catalog;

/// What `lessons new` was asked to create.
pub struct NewLesson<'a> {
    /// `TRACK/SLUG`, e.g. `mlops/model-registry`.
    pub name: &'a str,
    /// The lessons directory that holds track directories.
    pub dir: &'a Path,
    pub title: Option<&'a str>,
}

/// "model-registry" → "Model registry".
fn title_of(slug: &str) -> String {
    let words = slug.replace('-', " ");
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The number of the next lesson file in `track_dir`, and an existing file whose id is
/// `slug`, if any. Lesson files are `<NN>-<slug>.toml`.
fn next_number(track_dir: &Path, slug: &str) -> anyhow::Result<(u32, u32, Option<PathBuf>)> {
    let mut last = 0;
    let mut width = 2;
    let mut same = None;
    if track_dir.is_dir() {
        for entry in fs::read_dir(track_dir)
            .with_context(|| format!("cannot read {}", track_dir.display()))?
        {
            let path = entry?.path();
            let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
                continue;
            };
            let Some(stem) = name.strip_suffix(".toml") else {
                continue;
            };
            let Some((digits, rest)) = stem.split_once('-') else {
                continue;
            };
            if let Ok(n) = digits.parse::<u32>() {
                last = last.max(n);
                width = width.max(digits.len() as u32);
                if rest == slug {
                    same = Some(path.clone());
                }
            }
        }
    }
    Ok((last + 1, width, same))
}

/// Writes `text` to `path`, refusing to replace an existing file.
fn create(path: &Path, text: &str) -> anyhow::Result<()> {
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .with_context(|| format!("cannot create {}", path.display()))?;
    file.write_all(text.as_bytes())
        .with_context(|| format!("cannot write {}", path.display()))?;
    Ok(())
}

/// Creates what [`NewLesson`] asks for; returns the files created, in order.
pub fn create_lesson(new: &NewLesson<'_>) -> anyhow::Result<Vec<PathBuf>> {
    let Some((track, slug)) = new.name.split_once('/') else {
        bail!(
            "`{}`: name the lesson as TRACK/SLUG, e.g. `mlops/model-registry`",
            crate::sanitize::clean_line(new.name)
        );
    };
    for (what, id) in [("track", track), ("lesson", slug)] {
        if !catalog::is_dash_id(id) {
            bail!(
                "`{}` is not a {what} id: use lowercase letters, digits and dashes \
                 (e.g. `model-registry`)",
                crate::sanitize::clean_line(id)
            );
        }
    }
    if let Some(title) = new.title
        && (title.trim().is_empty() || title.chars().any(char::is_control))
    {
        bail!("--title must be one line of text");
    }
    let track_dir = new.dir.join(track);
    let mut created = Vec::new();
    if !track_dir.join("track.toml").exists() {
        fs::create_dir_all(&track_dir)
            .with_context(|| format!("cannot create {}", track_dir.display()))?;
        let path = track_dir.join("track.toml");
        create(&path, &track_toml(track))?;
        created.push(path);
    }
    let (number, width, same) = next_number(&track_dir, slug)?;
    if let Some(existing) = same {
        bail!(
            "{} already holds the lesson `{slug}`; choose another slug or edit that file",
            existing.display()
        );
    }
    let path = track_dir.join(format!(
        "{number:0width$}-{slug}.toml",
        width = width as usize
    ));
    let title = new
        .title
        .map_or_else(|| title_of(slug), |t| t.trim().to_string());
    create(&path, &lesson_toml(slug, &title))?;
    created.push(path);
    Ok(created)
}

fn toml_string(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

fn track_toml(track: &str) -> String {
    format!(
        "# A track: its lessons are the <NN>-<slug>.toml files beside this one, in file-name
# order. See docs/authoring.md, \"track.toml\".
format_version = 1
id = {id}
title = {title}
summary = \"One sentence on what a learner can do after this track.\"
order = 100
",
        id = toml_string(track),
        title = toml_string(&title_of(track)),
    )
}

fn lesson_toml(slug: &str, title: &str) -> String {
    format!(
        r#"# A new lesson, with one step of every kind; `mlpath lessons check DIR` checks it, and
# `mlpath --lessons DIR` opens the tutor with it. Replace every step's text
# with your own, delete the steps you do not need, and keep the step order stable once
# learners have started (progress and reviews are kept per step number).
format_version = 1
id = {id}
title = {title}
summary = "One sentence: what the learner can do after this lesson."
minutes = 10
level = "beginner"          # beginner, intermediate or advanced
# requires = ["other-lesson"]   # lessons to take first (same track, or "track/id")
# skills = {{ eval_metrics = 1 }}  # skills.toml ids and the level this lesson teaches

# A read step: Markdown text, scrolled with ↑/↓.
[[steps]]
type = "read"
title = "The idea"
text = """
Explain one idea with a concrete example from a bundled dataset, and name the source
of every outside fact with its year.
"""

# A choice question: `answer` is the 0-based index of the right option.
[[steps]]
type = "choice"
prompt = "A model flags every transaction as fraud. What is its recall?"
options = ["0", "1", "The share of fraud in the data"]
answer = 1
explain = "Every fraud is flagged, so none is missed: recall is 1. Precision is what suffers."
hints = ["Recall asks: of the frauds, how many were flagged?"]

# Select all that apply: `answers` lists every right option.
[[steps]]
type = "choice"
prompt = "Which of these need labels? Select all that apply."
options = ["Measuring recall", "Measuring PSI on a feature", "Measuring accuracy"]
answers = [0, 2]
explain = "Recall and accuracy compare predictions with the truth; PSI compares two samples of one feature."

# A number: right when within `tolerance` of `answer`. Unless the prompt asks for a
# precision, the answer rounded to two significant digits must pass.
[[steps]]
type = "number"
prompt = "A model finds 47 of 53 malignant masses. What is its recall?"
answer = 0.8868
tolerance = 0.005
explain = "47 / 53 = 0.887."
hints = ["Recall divides the ones found by all the malignant ones."]

# A lab: a real model on a bundled dataset, with a goal the learner reaches.
[[steps]]
type = "lab"
lab = "train"
dataset = "iris"
target = "species"
model = "tree"
goal = {{ metric = "accuracy", at_least = 0.95 }}
text = "Reach a cross-validated accuracy of 0.95 by choosing another model (m) or other features (Space), then train (t)."

# An exercise: the learner writes a file that mlpath checks live.
[[steps]]
type = "exercise"
title = "Write a promotion gate"
text = "Set `min_auc` in the `[gate]` table to the lowest ROC AUC you accept (at least 0.8)."
file = "gate.toml"
starter = """
[gate]
"""
solution = """
[gate]
min_auc = 0.85
"""
check = "toml_schema"
hints = ["Floats need a decimal point: 0.85, not 85."]

[[steps.check_params.keys]]
key = "gate.min_auc"
type = "float"
min = 0.8
max = 1.0
why = "Candidates with a lower ROC AUC are blocked."
"#,
        id = toml_string(slug),
        title = toml_string(title),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_come_from_slugs() {
        assert_eq!(title_of("model-registry"), "Model registry");
        assert_eq!(title_of("a"), "A");
    }
}
