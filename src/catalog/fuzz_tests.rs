//! Fuzzing the lesson loader and checker: bundled lesson files mutated at random
//! (bytes deleted, inserted, lines repeated or swapped, the file cut short) and
//! random text. Every input gives a lesson or problems, each problem at a line and
//! column inside the file; none panics or takes long. `scripts/fuzz-store.sh` runs
//! these for longer (`MLPATH_FUZZ_CASES`).

use std::borrow::Cow;
use std::time::{Duration, Instant};

use proptest::prelude::*;

use super::Problem;
use super::parse::parse_lesson;
use super::source::{Content, SourceFile};
use crate::fuzz_support::{apply, cases, mutation};

/// Every bundled lesson file's text.
fn bundled_lessons() -> Vec<String> {
    crate::assets::LESSONS
        .dirs()
        .flat_map(|d| d.files())
        .filter(|f| {
            super::source::is_lesson_file_name(&f.path().file_name().unwrap().to_string_lossy())
        })
        .map(|f| String::from_utf8(f.contents().to_vec()).unwrap())
        .collect()
}

/// Text fragments that stress a TOML lesson parser.
fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("\"".to_string()),
        Just("\"\"\"".to_string()),
        Just("'''".to_string()),
        Just("[[steps]]\n".to_string()),
        Just("[steps]\n".to_string()),
        Just("type = \"lab\"\n".to_string()),
        Just("type = \"choice\"\n".to_string()),
        Just("answer = 99\n".to_string()),
        Just("answers = []\n".to_string()),
        Just("tolerance = -1e308\n".to_string()),
        Just("answer = nan\n".to_string()),
        Just("= ".to_string()),
        Just("\n".to_string()),
        Just("{".to_string()),
        Just("]".to_string()),
        Just("\\u001b".to_string()),
        Just("\u{2028}".to_string()),
        Just("\u{fffa}".to_string()),
        Just("\u{1b}[2J".to_string()),
        Just("é漢👨\u{200d}👩".to_string()),
        "[ -~]{0,12}",
        any::<char>().prop_map(String::from),
    ]
}

/// Parses `bytes` as a lesson and checks the outcome's shape.
fn check_outcome(bytes: Vec<u8>) -> Result<(), TestCaseError> {
    let file = SourceFile {
        name: "01-fuzz.toml".into(),
        path: "fuzz/01-fuzz.toml".into(),
        content: Content::Bytes(Cow::Owned(bytes.clone())),
    };
    let mut problems: Vec<Problem> = Vec::new();
    let started = Instant::now();
    let draft = parse_lesson(&file, "fuzz", &mut problems);
    let took = started.elapsed();
    prop_assert!(took < Duration::from_secs(5), "took {took:?}");
    prop_assert!(
        draft.is_some() || !problems.is_empty(),
        "neither a lesson nor a problem"
    );
    let text = String::from_utf8_lossy(&bytes);
    let lines = text.split('\n').count();
    for p in &problems {
        prop_assert_eq!(&p.path, "fuzz/01-fuzz.toml");
        prop_assert!(p.line >= 1 && p.line <= lines, "{:?} in {} lines", p, lines);
        let width = text
            .split('\n')
            .nth(p.line - 1)
            .map_or(0, |l| l.chars().count());
        prop_assert!(
            p.col >= 1 && p.col <= width + 1,
            "{:?}: line is {} wide",
            p,
            width
        );
        prop_assert!(!p.message.trim().is_empty());
        prop_assert!(!p.message.contains('\u{1b}'), "{:?}", p);
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
    fn mutated_lessons_give_a_lesson_or_placed_problems(
        pick in any::<usize>(),
        mutations in proptest::collection::vec(mutation(fragment()), 1..6),
    ) {
        let lessons = bundled_lessons();
        let mut text = lessons[pick % lessons.len()].clone();
        for m in &mutations {
            apply(&mut text, m);
        }
        check_outcome(text.into_bytes())?;
    }

    #[test]
    fn random_text_gives_placed_problems(
        text in proptest::collection::vec(fragment(), 0..30).prop_map(|f| f.concat()),
    ) {
        check_outcome(text.into_bytes())?;
    }

    #[test]
    fn random_bytes_give_placed_problems(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
        check_outcome(bytes)?;
    }
}
