//! The `datasheet` checker on a datasheet built from a small hand-made table.

use super::*;
use crate::ml::audit::datasheet::{SheetInput, datasheet};
use crate::ml::io::Table;
use proptest::prelude::*;

const CSV: &str =
    "age,purpose,risk\n30,car,good\n,tv,bad\n45,car,good\n?,car,good\n50,tv,good\n61,car,bad\n";

fn reference() -> String {
    let t = Table::from_reader("loans", CSV.as_bytes()).unwrap();
    let input = SheetInput {
        source: "loans",
        sha256: "ab12cd",
        target: Some("risk"),
        info: None,
    };
    datasheet(&t, &input).unwrap()
}

fn params() -> DatasheetParams {
    DatasheetParams {
        dataset: "loans".into(),
        sections: vec!["Motivation".into()],
        mentions: vec![Mention {
            section: "Composition".into(),
            any_of: vec!["code table".into(), "Grömping".into()],
            why: "The code table is wrong.".into(),
        }],
    }
}

fn run(text: &str) -> Report {
    check_with(&params(), &reference(), text)
}

/// The reference with both sections answered.
fn solved() -> String {
    reference()
        .replacen(
            "> TO FILL: purpose, creators, funding.",
            "Made by a bank to score loans; paid by the bank.",
            1,
        )
        .replacen(
            "> TO FILL: what a row is",
            "One row is one loan. The code table of the purpose column is wrong, see Grömping.\n\n> TO FILL: what a row is",
            1,
        )
}

fn reasons(r: &Report) -> Vec<(String, String)> {
    r.requirements
        .iter()
        .filter_map(|q| match &q.outcome {
            Outcome::Unmet { reason, .. } => Some((q.what.clone(), reason.clone())),
            Outcome::Met => None,
        })
        .collect()
}

#[test]
fn the_built_datasheet_with_answers_passes() {
    let r = run(&solved());
    assert!(r.passed(), "{:#?}", reasons(&r));
    // rows, columns, SHA-256, 3 columns, 2 classes, 1 section, 1 mention.
    assert_eq!(r.requirements.len(), 10);
    assert_eq!(
        r.requirements[3].what,
        "column `age`: type, missing cells and distinct values as measured"
    );
    assert_eq!(
        r.requirements[6].what,
        "class `good`: rows and share as measured"
    );
}

#[test]
fn the_unanswered_datasheet_fails_only_its_answers() {
    let r = run(&reference());
    let unmet = reasons(&r);
    assert_eq!(unmet.len(), 2, "{unmet:#?}");
    assert!(
        unmet[0].1.contains("still has its `> TO FILL:` line"),
        "{unmet:#?}"
    );
    assert!(
        unmet[1].1.starts_with("nothing you wrote in `Composition`"),
        "{unmet:#?}"
    );
}

#[test]
fn blanked_values_are_not_filled_yet() {
    let text = solved()
        .replace("- rows: 6", "- rows: ?")
        .replace("- SHA-256: `ab12cd`", "- SHA-256: ")
        .replace(
            "| age | number | 2 (33.3 %) | 4 |",
            "| age | number | ? (? %) | ? |",
        );
    let r = run(&text);
    let unmet = reasons(&r);
    assert_eq!(unmet.len(), 3, "{unmet:#?}");
    assert_eq!(
        unmet[0].1,
        "`rows`: not filled yet; measure it with `mlpath audit loans`"
    );
    assert!(
        unmet[1].1.starts_with("`SHA-256`: not filled yet"),
        "{unmet:#?}"
    );
    assert!(
        unmet[2]
            .1
            .starts_with("the missing cells of `age`: not filled yet"),
        "{unmet:#?}"
    );
    let Outcome::Unmet { at, .. } = &r.requirements[0].outcome else {
        panic!()
    };
    let line = text.lines().position(|l| l == "- rows: ?").unwrap() + 1;
    assert_eq!(*at, Some(super::super::Pos { line, col: 9 }));
}

#[test]
fn wrong_values_are_named_without_the_right_one() {
    let text = solved()
        .replace("- rows: 6", "- rows: 7")
        .replace(
            "| age | number | 2 (33.3 %) | 4 |",
            "| age | number | 2 (30.0 %) | 4 |",
        )
        .replace("| bad | 2 | 33.3 % |", "| bad | 3 | 33.3 % |");
    let unmet = reasons(&run(&text));
    assert_eq!(unmet.len(), 3, "{unmet:#?}");
    assert_eq!(
        unmet[0].1,
        "`rows` says `7`, which does not match `loans`; measure it with `mlpath audit loans`"
    );
    assert!(
        unmet[1]
            .1
            .starts_with("the missing cells of `age` says `2 (30.0 %)`"),
        "{unmet:#?}"
    );
    assert!(
        unmet[2].1.starts_with("the rows of `bad` says `3`"),
        "{unmet:#?}"
    );
    for (_, reason) in &unmet {
        assert!(
            !reason.contains("33.3") && !reason.contains("`6`"),
            "{reason}"
        );
    }
}

#[test]
fn rounding_and_separators_are_accepted() {
    let text = solved()
        .replace(
            "| age | number | 2 (33.3 %) | 4 |",
            "| age | Number | 2 (33.33%) | 4 |",
        )
        .replace("| good | 4 | 66.7 % |", "| good | 4 | 66.65 % |");
    assert!(run(&text).passed(), "{:#?}", reasons(&run(&text)));
    assert_eq!(integer("1,000"), Some(1000));
    assert_eq!(integer("1 000"), Some(1000));
    assert_eq!(integer("`12,345,678`"), Some(12_345_678));
    assert_eq!(integer("2,00"), None);
    assert_eq!(integer("1,0000"), None);
    assert_eq!(integer("-3"), None);
    assert!(matches!(compare(Kind::Share, "70", "70.0 %"), Found::Right));
    assert!(matches!(
        compare(Kind::Share, "70.06", "70.0 %"),
        Found::Wrong
    ));
}

#[test]
fn a_row_name_may_be_written_without_escapes() {
    let sheet = reference();
    assert!(sheet.contains("| risk | text |"));
    let t = Table::from_reader("l", "a_b,y\n1,x\n2,z\n".as_bytes()).unwrap();
    let input = SheetInput {
        source: "l",
        sha256: "",
        target: None,
        info: None,
    };
    let built = datasheet(&t, &input).unwrap();
    assert!(built.contains("| a\\_b | number |"), "{built}");
    let p = DatasheetParams {
        dataset: "l".into(),
        sections: Vec::new(),
        mentions: Vec::new(),
    };
    let plain = built.replace("| a\\_b | number |", "| a_b | number |");
    assert!(check_with(&p, &built, &plain).passed());
}

#[test]
fn a_deleted_line_or_row_is_missing_not_a_crash() {
    let text = solved()
        .replace("- columns: 3\n", "")
        .replace("| purpose | text | 0 (0.0 %) | 2 |\n", "");
    let unmet = reasons(&run(&text));
    assert_eq!(unmet.len(), 2, "{unmet:#?}");
    assert!(unmet[0].1.starts_with("the line `- columns:` is missing"));
    assert!(
        unmet[1]
            .1
            .starts_with("the table row of `purpose` is missing")
    );
}

#[test]
fn an_answer_needs_words_of_its_own() {
    let text = reference().replacen("> TO FILL: purpose, creators, funding.", "A bank.", 1);
    let unmet = reasons(&run(&text));
    assert!(
        unmet[0]
            .1
            .starts_with("write your answer (at least 5 words)"),
        "{unmet:#?}"
    );
}

#[test]
fn the_bundled_datasheet_reads_back() {
    let text = super::reference("german_credit").unwrap();
    let p = DatasheetParams {
        dataset: "german_credit".into(),
        sections: Vec::new(),
        mentions: Vec::new(),
    };
    let r = check(&p, &text);
    // rows, columns, SHA-256, 21 columns, 2 classes.
    assert_eq!(r.requirements.len(), 26);
    assert!(r.passed());
    let blanked = text.replace("- rows: 1000", "- rows: ?");
    assert!(!check(&p, &blanked).passed());
}

proptest! {
    #[test]
    fn arbitrary_text_never_panics(text in "\\PC*") {
        prop_assert_eq!(run(&text).requirements.len(), 10);
    }

    #[test]
    fn datasheet_like_text_never_panics(
        text in "((## [0-9]\\. (Motivation|Composition)|- (rows|columns|SHA-256):[ 0-9?,]{0,6}|\\|[ a-z0-9?%()\\\\|.-]{0,20}|> TO FILL:[a-z ]{0,8}|[a-zé ]{0,12})\n){0,16}"
    ) {
        prop_assert_eq!(run(&text).requirements.len(), 10);
    }
}
