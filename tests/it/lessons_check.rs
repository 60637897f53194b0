//! `mlpath lessons check`: one fixture per class of problem under
//! `tests/fixtures/lessons/<class>/`, each checked together with the valid fixture
//! (which supplies skills and lessons to require). Every problem must come with the
//! exact `path:line:col: error:` prefix and say what is wrong.

use assert_cmd::Command;

const FIXTURES: &str = "tests/fixtures/lessons";

fn mlpath() -> Command {
    let mut cmd = Command::cargo_bin("mlpath").expect("the binary is built");
    cmd.env_remove("MLPATH_LESSONS");
    cmd
}

/// Runs `lessons check` on the valid fixture and `class`; returns the exit code and
/// the lines about files of `class`.
fn check_class(class: &str) -> (i32, Vec<String>) {
    let out = mlpath()
        .args(["lessons", "check"])
        .arg(format!("{FIXTURES}/valid"))
        .arg(format!("{FIXTURES}/{class}"))
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let prefix = format!("{FIXTURES}/{class}/");
    let lines = stdout
        .lines()
        .filter(|l| l.starts_with(&prefix))
        .map(str::to_string)
        .collect();
    (out.status.code().unwrap_or(-1), lines)
}

/// Asserts that `class` has exactly the expected problems, in order: each a
/// `file:line:col` within the class directory and a phrase from the message.
fn expect(class: &str, expected: &[(&str, &str)]) {
    let (code, lines) = check_class(class);
    assert_eq!(code, 1, "{class}: exit code");
    assert_eq!(
        lines.len(),
        expected.len(),
        "{class}: expected {} problems, got:\n{}",
        expected.len(),
        lines.join("\n")
    );
    for (line, (place, phrase)) in lines.iter().zip(expected) {
        let prefix = format!("{FIXTURES}/{class}/{place}: error: ");
        assert!(
            line.starts_with(&prefix),
            "{class}: expected `{prefix}...`, got `{line}`"
        );
        assert!(
            line.contains(phrase),
            "{class}: expected `{phrase}` in `{line}`"
        );
    }
}

macro_rules! class {
    ($name:ident, $dir:literal, [$(($place:literal, $phrase:literal)),+ $(,)?]) => {
        #[test]
        fn $name() {
            expect($dir, &[$(($place, $phrase)),+]);
        }
    };
}

class! { syntax_errors_are_all_reported, "syntax", [
    ("01-a.toml:3:18", "TOML syntax: invalid basic string"),
    ("01-a.toml:6:1", "TOML syntax: duplicate key"),
    ("01-a.toml:7:8", "TOML syntax"),
] }

class! { unknown_fields_suggest_the_right_name, "unknown-field", [
    ("01-a.toml:7:1", "unknown field `summry` in the lesson (did you mean `summary`?)"),
    ("01-a.toml:8:1", "unknown field `colour` in the lesson; allowed fields: format_version, id, title"),
] }

class! { missing_fields_name_the_field_and_type, "missing-field", [
    ("01-a.toml:1:1", "missing field `title` (a string) in the lesson; add e.g. `title = "),
] }

class! { wrong_types_say_what_was_found, "wrong-type", [
    ("01-a.toml:5:11", "`minutes` must be an integer, found a string"),
] }

class! { levels_are_honest_and_only_exercises_and_labs_are_unguided, "honest-levels", [
    ("01-a.toml:7:27", "level 3 needs an unguided task: quizzes and guided labs show at most level 2"),
    ("01-a.toml:11:1", "`independent` is only for exercise and lab steps, not for the `choice` step 1"),
    ("02-b.toml:7:27", "a lesson shows at most level 3: levels 4 and 5 come only from outside evidence"),
    ("03-c.toml:11:15", "`independent` must be a boolean, found a string"),
] }

class! { format_version_must_be_1, "format-version", [
    ("01-a.toml:1:18", "unsupported format_version 2"),
] }

class! { ids_are_lowercase_with_dashes, "bad-id", [
    ("01-a.toml:2:6", "id `Precision_Recall` may only contain lowercase letters a-z, digits and dashes"),
] }

class! { lesson_ids_are_unique_in_a_track, "duplicate-id", [
    ("02-b.toml:2:6", "lesson id `a` is already used by 01-a.toml in this track"),
] }

class! { answer_out_of_range, "choice-answer", [
    ("01-a.toml:12:10", "answer 3 is out of range; answers are 0-based option indices, here 0 to 2"),
] }

class! { answer_and_answers, "choice-answers", [
    ("01-a.toml:13:1", "both `answer` and `answers` are given"),
    ("01-a.toml:15:1", "missing field `answer` (an integer) in choice step 2"),
    ("01-a.toml:24:18", "answer 1 is listed twice in `answers`"),
] }

class! { choice_options_count, "choice-options", [
    ("01-a.toml:11:11", "`options` is empty"),
    ("01-a.toml:17:11", "a choice step needs at least 2 options"),
] }

class! { number_answer_and_tolerance, "number-step", [
    ("01-a.toml:11:10", "`answer` must be a finite number (not inf or nan)"),
    ("01-a.toml:12:13", "`tolerance` must be a finite number of at least 0, found -0.1"),
] }

class! { number_quizzes_are_fair, "number-fairness", [
    ("01-a.toml:12:13", "the tolerance ±0.3 accepts 135.73, which the hints or explanation name but which is not the answer 135.47"),
    ("01-a.toml:19:13", "the answer rounded as lessons quote numbers (0.89, two significant digits) must pass, but ±0.001 rejects it"),
] }

class! { unknown_step_type, "step-type", [
    ("01-a.toml:9:8", "unknown step type `quizz`; the step types are read, choice, number, lab"),
] }

class! { unknown_lab_kind_lists_the_kinds, "lab-kind", [
    ("01-a.toml:10:7", "unknown lab kind `treshold` (did you mean `threshold`?); the lab kinds are train, threshold, drift, decay, changepoints, label_noise, leakage, audit, self_assessment"),
] }

class! { a_lesson_needs_steps, "no-steps", [
    ("01-a.toml:1:1", "the lesson has no steps"),
] }

class! { empty_prompt, "empty-text", [
    ("01-a.toml:10:10", "`prompt` is empty"),
] }

class! { skill_ids_and_levels, "skills", [
    ("01-a.toml:7:12", "unknown skill `eval_metric` (did you mean `eval_metrics`?)"),
    ("01-a.toml:7:42", "skill level 7 is outside the scale 0-5"),
] }

class! { requires_names_full_existing_ids, "requires", [
    ("01-a.toml:7:13", "`requires` names `fixture-basics/frist`, which is not a lesson (did you mean `fixture-basics/first`?)"),
    ("01-a.toml:7:37", "`first` is not a full lesson id; write `<track>/<id>`, e.g. `requires/first`"),
] }

class! { cycles_are_reported_at_each_lesson_in_them, "cycle", [
    ("01-a.toml:7:13", "prerequisite cycle: cycle/a → cycle/c → cycle/b → cycle/a"),
    ("02-b.toml:7:13", "prerequisite cycle: cycle/b → cycle/a → cycle/c → cycle/b"),
    ("03-c.toml:7:13", "prerequisite cycle: cycle/c → cycle/b → cycle/a → cycle/c"),
    ("04-d.toml:7:13", "requires `cycle/a`, which is left out because of its problems"),
] }

class! { datasets_are_names_never_paths, "dataset", [
    ("01-a.toml:11:11", "`../x` is a path; lessons name datasets, never paths"),
    ("01-a.toml:17:11", "`/etc/passwd` is a path; lessons name datasets, never paths"),
    ("01-a.toml:23:11", "`irs` is not a bundled dataset (did you mean `iris`?)"),
] }

class! { control_characters_and_escapes, "control-chars", [
    ("01-a.toml:10:15", "an escape character (U+001B)"),
    ("01-a.toml:11:29", "a bidirectional-text control (U+202E)"),
    ("02-b.toml:10:23", "an escape character (U+001B)"),
] }

class! { invalid_utf8, "invalid-utf8", [
    ("01-a.toml:10:12", "the file is not valid UTF-8 (byte 0xFF)"),
] }

class! { lab_keys_required_and_unknown, "lab-keys", [
    ("01-a.toml:8:1", "missing field `model` (a string) in the `train` lab of step 1"),
    ("01-a.toml:13:1", "unknown field `modle` in the `train` lab of step 1 (did you mean `model`?)"),
] }

class! { lab_columns_and_labels, "lab-columns", [
    ("01-a.toml:13:12", "`positive` label `Malignant` does not occur in the target column `diagnosis`; its labels are benign, malignant"),
    ("01-a.toml:15:28", "`features` `mean_radios` is not a column of breast_cancer (did you mean `mean_radius`?)"),
    ("01-a.toml:15:43", "feature `diagnosis` is the target"),
    ("01-a.toml:22:10", "`target` `speces` is not a column of iris (did you mean `species`?); its columns are sepal_length_cm"),
] }

class! { lab_models, "lab-model", [
    ("01-a.toml:13:9", "unknown model `forest`; the models are logistic, tree, naive_bayes, kmeans, linear"),
    ("01-a.toml:22:9", "a `threshold` lab needs a model that scores every row: one of logistic, tree, naive_bayes"),
] }

class! { lab_goals, "lab-goal", [
    ("01-a.toml:14:19", "unknown metric `acuracy` (did you mean `accuracy`?)"),
    ("01-a.toml:14:56", "give either `at_least` or `at_most`, not both"),
    ("01-a.toml:22:19", "`recall` scores classifiers; a `linear` model is scored with r2, mae, rmse"),
    ("01-a.toml:22:40", "1.5 is not a possible value of recall"),
    ("01-a.toml:28:17", "unknown goal `smallest_psi`; a drift goal finds smallest_major_psi or drifted_feature"),
    ("01-a.toml:34:8", "missing field `max_false_alarms` (an integer) in the goal of this `decay` lab"),
    ("01-a.toml:34:25", "`catch_within` must be at least 1, found 0"),
    ("01-a.toml:43:51", "`best` goes with `at_least`"),
    ("01-a.toml:52:52", "`best` names a metric the threshold moves: one of accuracy, precision"),
    ("01-a.toml:61:52", "`best` must differ from `metric`: `recall` against what?"),
] }

class! { lab_number_signs, "lab-numbers", [
    ("01-a.toml:15:11", "`cost_fp` must be a finite number of at least 0, found -1"),
    ("01-a.toml:23:8", "`seed` must be at least 0, found -3"),
    ("01-a.toml:33:11", "a cost needs its pair: give both `cost_fp` and `cost_fn`"),
    ("01-a.toml:34:8", "a `cost_within` goal needs the costs"),
    ("01-a.toml:34:24", "`cost_within` is a fraction of the lowest cost between 0 and 1"),
] }

class! { changepoints_need_annotated_datasets, "lab-changepoints", [
    ("01-a.toml:11:11", "breast_cancer has no annotated change points; a `changepoints` lab needs one of: occupancy"),
] }

class! { decay_needs_two_classes, "lab-decay", [
    ("01-a.toml:11:11", "iris is a multiclass dataset; a `decay` lab needs a two-class one: breast_cancer, breast_cancer_dirty, german_credit, german_credit_batch, german_credit_later, german_credit_leaky, phishing"),
] }

class! { lesson_file_names, "file-name", [
    ("notes.toml:1:1", "`notes.toml` is not a lesson file name; name lesson files `<NN>-<slug>.toml`"),
] }

class! { skills_file, "skills-file", [
    ("skills.toml:3:1", "the level scale is incomplete: levels 1, 2, 3, 4, 5 are missing"),
    ("skills.toml:9:9", "level 6 is outside the scale"),
    ("skills.toml:14:6", "skill id `fixture-skill` may only contain lowercase letters a-z, digits and underscores"),
    ("skills.toml:24:6", "skill id `fixture_skill` is defined twice in this file"),
] }

class! { roles_file, "roles-file", [
    ("roles.toml:7:14", "unknown skill `eval_metrcs` (did you mean `eval_metrics`?)"),
    ("roles.toml:7:44", "required level 0 means not required"),
    ("roles.toml:7:57", "required level 6 is outside 1-5"),
    ("roles.toml:13:12", "the role requires no skills"),
    ("roles.toml:20:9", "core skill `monitoring` is not among the role's required skills"),
    ("roles.toml:23:6", "role id `fixture-c` is defined twice in this file"),
] }

class! { track_ids_are_unique_among_extra_dirs, "duplicate-track", [
    ("track.toml:2:6", "track id `fixture-basics` is already used in tests/fixtures/lessons/valid/basics/track.toml:2"),
] }

class! { every_problem_in_a_file_is_reported_at_once, "multi", [
    ("01-a.toml:1:1", "missing field `title` (a string) in the lesson"),
    ("01-a.toml:3:1", "unknown field `titel` in the lesson (did you mean `title`?)"),
    ("01-a.toml:4:11", "`summary` is empty"),
    ("01-a.toml:5:11", "`minutes` must be a positive whole number, found -5"),
    ("01-a.toml:6:9", "unknown level `expert`; the levels are beginner, intermediate, advanced"),
    ("01-a.toml:7:13", "`requires` names `nowhere/none`, which is not a lesson"),
    ("01-a.toml:8:27", "a skill level must be an integer from 0 to 5, found a string"),
    ("01-a.toml:10:1", "missing field `text` (a string) in read step 1"),
    ("01-a.toml:16:17", "option 1 repeats an earlier option"),
    ("01-a.toml:22:10", "`answer` must be a number, found a string"),
    ("01-a.toml:23:13", "`tolerance` must be a finite number of at least 0, found inf"),
    ("01-a.toml:25:1", "missing field `positive` (a string) in the `threshold` lab of step 4"),
    ("01-a.toml:31:8", "the goal of this `threshold` lab needs `at_least` or `at_most`"),
] }

class! { exercise_files_stay_in_the_workspace, "exercise-file", [
    ("01-a.toml:11:8", "`file` `/etc/gate.toml` is an absolute path; exercise files live in the learner's workspace"),
    ("01-a.toml:20:8", "`file` `../gate.toml` leaves the workspace with `..`"),
    ("01-a.toml:29:8", "`file` `ci\\gate.toml` contains a backslash"),
    ("01-a.toml:47:8", "`file` `gate.toml` is already the file of step 4; give each exercise its own file"),
] }

class! { exercise_checkers_and_their_params, "exercise-check", [
    ("01-a.toml:14:9", "unknown checker `toml_schemas` (did you mean `toml_schema`?); the checkers are toml_schema, data_contract, datasheet"),
    ("01-a.toml:26:7", "`gate..min` is not a dotted key path"),
    ("01-a.toml:27:8", "unknown type `flaot` (did you mean `float`?); the types are float, integer, number, string, boolean, array, table"),
    ("01-a.toml:33:7", "`min` applies to numbers, not to a `string` key"),
    ("01-a.toml:40:7", "`max` 2 is below `min` 5; no value could pass"),
    ("01-a.toml:46:18", "every entry of `one_of` must be a string (the key's type), found an integer"),
    ("01-a.toml:49:1", "missing field `why` (a string) in key rule 5"),
    ("01-a.toml:54:16", "2 is outside `min`/`max`, so it could never pass"),
    ("01-a.toml:62:7", "key `z` is listed twice"),
    ("01-a.toml:73:25", "`keys` is empty"),
    ("01-a.toml:76:2", "`check_params` is at the top level of the lesson, where no step sees it"),
] }

class! { exercises_start_unmet_and_can_be_met, "exercise-goal", [
    ("01-a.toml:12:11", "the starter already meets every requirement of `toml_schema`"),
    ("01-a.toml:22:12", "the solution does not pass its own check: `gate.min_auc`: a float: `gate.min_auc` must be a float, found an integer; write it with a decimal point, e.g. 85.0 (solution 2:11)"),
    ("01-a.toml:29:1", "missing field `solution` (a string) in exercise step 3"),
] }

class! { data_exercise_params, "exercise-data-check", [
    ("01-a.toml:15:26", "`clean` `german_credti` is not a bundled dataset (did you mean `german_credit`?)"),
    ("01-a.toml:24:117", "unknown problem `ranges` (did you mean `range`?); the problems are missing_column, type, range, allowed, missing"),
    ("01-a.toml:33:51", "`batch` is the same dataset as `clean`"),
    ("01-a.toml:33:88", "`agee` is not a column of `german_credit`"),
    ("01-a.toml:42:57", "unknown datasheet section `Motivaton` (did you mean `Motivation`?)"),
    ("01-a.toml:55:1", "`any_of` is empty"),
] }

#[test]
fn the_data_exercise_fixture_checks_clean() {
    mlpath()
        .args(["lessons", "check"])
        .arg(format!("{FIXTURES}/exercise-data-ok"))
        .assert()
        .success()
        .stdout(predicates::str::starts_with("ok: "));
}

#[test]
fn the_exercise_fixture_checks_clean() {
    mlpath()
        .args(["lessons", "check"])
        .arg(format!("{FIXTURES}/exercise-ok"))
        .assert()
        .success()
        .stdout(predicates::str::starts_with("ok: "));
}

#[test]
fn files_over_one_mebibyte_are_not_parsed() {
    let dir = tempfile::tempdir().unwrap();
    let track = dir.path().join("big");
    std::fs::create_dir(&track).unwrap();
    std::fs::write(
        track.join("track.toml"),
        "format_version = 1\nid = \"big\"\ntitle = \"Big\"\nsummary = \"Too big.\"\n",
    )
    .unwrap();
    let mut text = String::from("format_version = 1\n");
    while text.len() <= 1024 * 1024 {
        text.push_str("# padding padding padding padding padding padding padding\n");
    }
    std::fs::write(track.join("01-big.toml"), text).unwrap();
    let out = mlpath()
        .args(["lessons", "check"])
        .arg(dir.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let expected = format!(
        "{}:1:1: error: the file is ",
        track.join("01-big.toml").display()
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout.contains(&expected), "{stdout}");
    assert!(stdout.contains("over the 1 MiB limit"), "{stdout}");
}

#[test]
fn the_valid_fixture_checks_clean() {
    mlpath()
        .args(["lessons", "check"])
        .arg(format!("{FIXTURES}/valid"))
        .assert()
        .success()
        .stdout(predicates::str::starts_with("ok: "))
        .stdout(predicates::str::contains("lessons"));
}

#[test]
fn the_bundled_lessons_check_clean() {
    mlpath()
        .args(["lessons", "check"])
        .assert()
        .code(0)
        .stdout(predicates::str::starts_with("ok: "));
}

#[test]
fn mlpath_lessons_env_adds_directories() {
    let out = mlpath()
        .env("MLPATH_LESSONS", format!("{FIXTURES}/valid"))
        .args(["lessons", "check"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8(out.stdout).unwrap();
    // The valid fixture adds 3 skills and 1 role to whatever is bundled.
    assert!(stdout.starts_with("ok: "), "{stdout}");
    let with_env = stdout;
    let without = mlpath().args(["lessons", "check"]).output().unwrap();
    assert_ne!(with_env, String::from_utf8(without.stdout).unwrap());
}

#[test]
fn the_summary_counts_problems_and_files() {
    let out = mlpath()
        .args(["lessons", "check"])
        .arg(format!("{FIXTURES}/valid"))
        .arg(format!("{FIXTURES}/cycle"))
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        stdout.lines().last(),
        Some("4 problems in 4 files"),
        "{stdout}"
    );
}

#[test]
fn a_missing_directory_is_bad_input() {
    mlpath()
        .args(["lessons", "check", "tests/fixtures/lessons/no-such-dir"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("not a directory"));
}

#[test]
fn a_tolerance_tighter_than_the_prompts_precision_is_a_warning_and_the_lesson_loads() {
    let (code, lines) = check_class("number-precision");
    assert_eq!(code, 0, "warnings do not fail the check: {lines:?}");
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(
        lines[0].starts_with(&format!(
            "{FIXTURES}/number-precision/01-a.toml:12:13: warning: the prompt asks for 4 decimals, but ±0.00001 rejects the answer written that way (0.8462)"
        )),
        "{}",
        lines[0]
    );
    let out = mlpath()
        .args(["lessons", "check"])
        .arg(format!("{FIXTURES}/valid"))
        .arg(format!("{FIXTURES}/number-precision"))
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.trim_end().ends_with(", 1 warning"), "{stdout}");
    let catalog = mlpath::catalog::load(&[std::path::PathBuf::from(format!(
        "{FIXTURES}/number-precision"
    ))]);
    let ids: Vec<&str> = catalog.lessons().map(|l| l.id.as_str()).collect();
    assert!(
        catalog.lesson("number-precision/a").is_some(),
        "a warning leaves the lesson in: {ids:?} {:?}",
        catalog.problems
    );
}

#[test]
fn json_format_gives_one_object_per_problem_matching_the_text() {
    let run = |format: &str| {
        mlpath()
            .args(["lessons", "check", "--format", format])
            .arg(format!("{FIXTURES}/valid"))
            .arg(format!("{FIXTURES}/lab-goal"))
            .arg(format!("{FIXTURES}/number-precision"))
            .output()
            .unwrap()
    };
    let text = run("text");
    let json = run("json");
    assert_eq!(json.status.code(), Some(1), "errors fail in JSON too");
    assert_eq!(text.status.code(), json.status.code());
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let problems = v["problems"].as_array().unwrap();
    let lines: Vec<String> = String::from_utf8(text.stdout)
        .unwrap()
        .lines()
        .filter(|l| l.starts_with(FIXTURES))
        .map(str::to_string)
        .collect();
    assert_eq!(problems.len(), lines.len());
    for (p, line) in problems.iter().zip(&lines) {
        let message = match p["hint"].as_str() {
            Some(hint) => format!("{}; {hint}", p["message"].as_str().unwrap()),
            None => p["message"].as_str().unwrap().to_string(),
        };
        let rebuilt = format!(
            "{}:{}:{}: {}: {message}",
            p["file"].as_str().unwrap(),
            p["line"],
            p["column"],
            p["severity"].as_str().unwrap()
        );
        assert_eq!(&rebuilt, line);
    }
    assert_eq!(v["errors"], 10);
    assert_eq!(v["warnings"], 1);
    assert_eq!(v["ok"], false);
    let warning = problems
        .iter()
        .find(|p| p["severity"] == "warning")
        .unwrap();
    assert_eq!(warning["line"], 12);
    assert!(
        warning["hint"]
            .as_str()
            .unwrap()
            .starts_with("widen the tolerance")
    );
}
