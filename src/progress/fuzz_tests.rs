//! Fuzzing the progress file: random progress rendered and edited at random, random
//! text, and three-way merges. A file parses or gives an error whose line and column
//! lie inside it; what parses survives a write and a read unchanged; the store opens
//! any file without panicking; a merge never loses an achievement and keeps what the
//! learner just changed. `scripts/fuzz-store.sh` runs these for longer.

use std::time::{Duration, Instant};

use proptest::prelude::*;

use super::format::{self, Parsed};
use super::merge::{merge, merge_changes};
use super::record::{LabRecord, LessonRecord, Progress, SelfRating, Stamped, Status, StepRecord};
use super::store::ProgressStore;
use crate::fuzz_support::{apply, cases, mutation};

fn time() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just("2026-01-01T10:00:00Z".to_string()),
        Just("2026-01-01T10:00:00.000001Z".to_string()),
        Just("2026-01-02T10:00:00+00:00".to_string()),
        Just("2999-01-01T00:00:00Z".to_string()),
        Just("yesterday".to_string()),
    ]
}

fn lesson_record() -> impl Strategy<Value = LessonRecord> {
    (
        prop_oneof![
            Just(Status::NotStarted),
            Just(Status::InProgress),
            Just(Status::Done)
        ],
        0usize..30,
        proptest::option::of(time()),
        time(),
        proptest::collection::btree_map(
            "[1-4]",
            (any::<bool>(), 0u32..5, 0u32..3).prop_map(|(correct, attempts, hints_used)| {
                StepRecord {
                    correct,
                    attempts,
                    hints_used,
                    ..StepRecord::default()
                }
            }),
            0..3,
        ),
    )
        .prop_map(
            |(status, current_step, completed_at, updated_at, steps)| LessonRecord {
                status,
                current_step,
                completed_at,
                updated_at,
                steps,
                ..LessonRecord::default()
            },
        )
}

fn progress() -> impl Strategy<Value = Progress> {
    (
        proptest::collection::btree_map("[a-c](/[a-c])?", lesson_record(), 0..4),
        proptest::collection::btree_map(
            "[a-c]#[1-3]",
            (any::<bool>(), time()).prop_map(|(goal_met, updated_at)| LabRecord {
                goal_met,
                updated_at,
                ..LabRecord::default()
            }),
            0..3,
        ),
        proptest::collection::btree_map(
            "[a-d]",
            (0u8..=5, time()).prop_map(|(level, at)| SelfRating { level, at }),
            0..4,
        ),
        proptest::option::of(("[a-c]", time()).prop_map(|(value, at)| Stamped { value, at })),
        proptest::option::of("[a-c]"),
    )
        .prop_map(
            |(lessons, labs, self_assessment, target_role, last_lesson)| Progress {
                lessons,
                labs,
                self_assessment,
                target_role,
                last_lesson,
                ..Progress::default()
            },
        )
}

fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("\"".to_string()),
        Just("[".to_string()),
        Just("]]".to_string()),
        Just("level = 200\n".to_string()),
        Just("level = -1\n".to_string()),
        Just("version = 99\n".to_string()),
        Just("status = \"mastered\"\n".to_string()),
        Just("[self_assessment.x]\n".to_string()),
        Just("stability = nan\n".to_string()),
        Just("unknown = { deep = [1, 2] }\n".to_string()),
        Just("\n".to_string()),
        Just("\u{0}\u{1b}[2J".to_string()),
        "[ -~]{0,10}",
        any::<char>().prop_map(String::from),
    ]
}

/// Checks the outcome of parsing `text` as a progress file.
fn check_parse(text: &str) -> Result<(), TestCaseError> {
    let started = Instant::now();
    let parsed = format::parse(text);
    prop_assert!(started.elapsed() < Duration::from_secs(2));
    match parsed {
        Err(e) => {
            let lines = text.split('\n').count();
            if let Some(line) = e.line {
                prop_assert!(line >= 1 && line <= lines, "{e} in {lines} lines");
                if let Some(col) = e.column {
                    let width = text
                        .split('\n')
                        .nth(line - 1)
                        .map_or(0, |l| l.chars().count());
                    prop_assert!(col >= 1 && col <= width + 1, "{e}: line is {width} wide");
                }
            }
            prop_assert!(!e.to_string().contains('\u{1b}'), "{e}");
        }
        Ok(Parsed::Current(mut progress)) => {
            format::clamp_out_of_range(&mut progress);
            // What was read is written and read back the same.
            let again = match format::parse(&format::render(&progress)) {
                Ok(Parsed::Current(p)) => p,
                other => return Err(TestCaseError::fail(format!("{other:?}"))),
            };
            // Compared as text: an unknown `nan` value is kept but is not equal to itself.
            prop_assert_eq!(format::render(&again), format::render(&progress));
        }
        Ok(Parsed::Newer { .. }) => {}
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: cases(),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn edited_progress_files_parse_or_fail_at_a_place_inside(
        p in progress(),
        edits in proptest::collection::vec(mutation(fragment()), 0..5),
    ) {
        let mut text = format::render(&p);
        for edit in &edits {
            apply(&mut text, edit);
        }
        check_parse(&text)?;
    }

    #[test]
    fn random_text_parses_or_fails_at_a_place_inside(
        text in proptest::collection::vec(fragment(), 0..20).prop_map(|f| f.concat()),
    ) {
        check_parse(&text)?;
    }

}

proptest! {
    // Each case writes and syncs files: fewer of them.
    #![proptest_config(ProptestConfig {
        cases: cases() / 8,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn the_store_opens_any_file_and_saves_a_readable_one(
        p in progress(),
        edits in proptest::collection::vec(mutation(fragment()), 0..4),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let mut text = format::render(&p);
        for edit in &edits {
            apply(&mut text, edit);
        }
        std::fs::write(dir.path().join("progress.toml"), &text).unwrap();
        let (mut store, _notices) = ProgressStore::open(dir.path()).unwrap();
        let mut mine = store.progress().clone();
        mine.set_self_level("fuzz", 3);
        store.save(&mut mine).unwrap();
        if !store.is_read_only() {
            let (reopened, notices) = ProgressStore::open(dir.path()).unwrap();
            prop_assert_eq!(notices, vec![]);
            prop_assert_eq!(reopened.progress().self_level("fuzz"), Some(3));
        }
    }

    #[test]
    fn a_three_way_merge_keeps_achievements_and_the_learners_changes(
        disk in progress(),
        base in progress(),
        changes in progress(),
    ) {
        // The learner's copy: what it read, plus what it changed now.
        let mine = merge(base.clone(), changes.clone());
        let merged = merge_changes(disk.clone(), &base, mine.clone());
        for side in [&disk, &mine] {
            for (id, l) in &side.lessons {
                prop_assert!(merged.lessons[id].status >= l.status);
                for (n, s) in &l.steps {
                    prop_assert!(merged.lessons[id].steps[n].correct >= s.correct);
                }
            }
            for (key, lab) in &side.labs {
                prop_assert!(merged.labs[key].goal_met >= lab.goal_met);
            }
            for skill in side.self_assessment.keys() {
                prop_assert!(merged.self_assessment.contains_key(skill));
            }
        }
        for (skill, rating) in &mine.self_assessment {
            if base.self_assessment.get(skill) != Some(rating) {
                prop_assert_eq!(&merged.self_assessment[skill], rating, "changed: {}", skill);
            } else if let Some(on_disk) = disk.self_assessment.get(skill) {
                prop_assert_eq!(&merged.self_assessment[skill], on_disk, "unchanged: {}", skill);
            }
        }
        if mine.target_role != base.target_role && mine.target_role.is_some() {
            prop_assert_eq!(&merged.target_role, &mine.target_role);
        }
        // Merging the result again changes nothing.
        prop_assert_eq!(merge_changes(merged.clone(), &mine, mine.clone()), merged);
    }
}
