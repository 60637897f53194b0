//! The `toml_schema` checker against small files: what each requirement says and where.

use super::*;
use proptest::prelude::*;

fn rule(path: &str, ty: ValueType) -> KeyRule {
    KeyRule {
        path: path.split('.').map(str::to_string).collect(),
        ty,
        min: None,
        max: None,
        one_of: Vec::new(),
        why: "because".into(),
    }
}

fn gate() -> TomlSchemaParams {
    TomlSchemaParams {
        keys: vec![
            KeyRule {
                min: Some(0.5),
                max: Some(1.0),
                ..rule("gate.min_auc", ValueType::Float)
            },
            KeyRule {
                one_of: vec![
                    Literal::Str("roc_auc".into()),
                    Literal::Str("average_precision".into()),
                ],
                ..rule("gate.metric", ValueType::String)
            },
            rule("gate.block", ValueType::Array),
            KeyRule {
                min: Some(1.0),
                ..rule("owner_count", ValueType::Integer)
            },
        ],
    }
}

/// Per requirement: `None` when met, else the reason and (line, col).
type Unmet = Option<(String, Option<(usize, usize)>)>;

fn reasons(text: &str) -> Vec<Unmet> {
    check(&gate(), text)
        .requirements
        .into_iter()
        .map(|r| match r.outcome {
            Outcome::Met => None,
            Outcome::Unmet { reason, at } => Some((reason, at.map(|p| (p.line, p.col)))),
        })
        .collect()
}

#[test]
fn a_good_file_meets_every_requirement() {
    let text = "owner_count = 2\n[gate]\nmin_auc = 0.8\nmetric = \"roc_auc\"\nblock = [\"b\"]\n";
    let report = check(&gate(), text);
    assert!(report.passed(), "{report:?}");
    assert_eq!(report.met(), 5);
}

#[test]
fn syntax_errors_name_the_place_and_skip_the_keys() {
    let r = reasons("[gate]\nmin_auc = = 0.8\n");
    let (reason, at) = r[0].clone().unwrap();
    assert!(reason.starts_with("TOML syntax: "), "{reason}");
    assert_eq!(at.unwrap().0, 2);
    assert!(
        r[1..]
            .iter()
            .all(|x| x.as_ref().unwrap().0.contains("not checked"))
    );
}

#[test]
fn each_problem_says_what_and_where() {
    let text = "owner_count = 0\n[gate]\nmin_auc = 0.3\nmetric = \"accuracy\"\nblock = 1\n";
    let r = reasons(text);
    assert_eq!(r[0], None);
    assert_eq!(
        r[1],
        Some(("0.3 is below the minimum 0.5".into(), Some((3, 11))))
    );
    assert_eq!(
        r[2],
        Some((
            "\"accuracy\" is not one of \"roc_auc\", \"average_precision\"".into(),
            Some((4, 10))
        ))
    );
    assert_eq!(
        r[3],
        Some((
            "`gate.block` must be an array, found an integer".into(),
            Some((5, 9))
        ))
    );
    assert_eq!(
        r[4],
        Some(("0 is below the minimum 1".into(), Some((1, 15))))
    );
}

#[test]
fn missing_keys_say_where_to_add_them() {
    let r = reasons("[gate]\nmin_auc = 1.5\n");
    assert_eq!(
        r[1],
        Some(("1.5 is above the maximum 1".into(), Some((2, 11))))
    );
    assert_eq!(
        r[2],
        Some((
            "missing: add `metric = <a string>` under `[gate]`".into(),
            Some((1, 1))
        ))
    );
    assert_eq!(
        r[4],
        Some((
            "missing: add `owner_count = <an integer>` at the top of the file, before any [table]"
                .into(),
            None
        ))
    );
    let r = reasons("");
    assert_eq!(
        r[1],
        Some((
            "missing: add a `[gate]` table with `min_auc = <a float>`".into(),
            None
        ))
    );
}

#[test]
fn types_are_strict_with_a_fix() {
    let r = reasons("owner_count = 1.0\ngate = 3\n");
    assert_eq!(
        r[1].clone().unwrap().0,
        "`gate` must be a table, found an integer; `gate.min_auc` goes inside it"
    );
    assert_eq!(
        r[4].clone().unwrap().0,
        "`owner_count` must be an integer, found a float; write a whole number"
    );
    let r = reasons("[gate]\nmin_auc = 1\n");
    assert_eq!(
        r[1].clone().unwrap().0,
        "`gate.min_auc` must be a float, found an integer; write it with a decimal point, e.g. 1.0"
    );
    let r = reasons("[gate]\nmin_auc = \"0.8\"\n");
    assert!(r[1].clone().unwrap().0.ends_with("remove the quotes"));
}

#[test]
fn numbers_accept_both_and_compare_numerically() {
    let params = TomlSchemaParams {
        keys: vec![KeyRule {
            one_of: vec![Literal::Int(1), Literal::Float(2.5)],
            ..rule("n", ValueType::Number)
        }],
    };
    assert!(check(&params, "n = 1.0").passed());
    assert!(check(&params, "n = 2.5").passed());
    assert!(!check(&params, "n = 2").passed());
    assert!(!check(&params, "n = nan").passed());
}

#[test]
fn dotted_keys_and_inline_tables_count() {
    assert!(
        check(
            &gate(),
            "owner_count = 3\ngate.min_auc = 0.9\ngate.metric = \"roc_auc\"\ngate.block = []\n"
        )
        .passed()
    );
    assert!(
        check(
            &gate(),
            "owner_count = 3\ngate = { min_auc = 0.9, metric = \"average_precision\", block = [] }\n"
        )
        .passed()
    );
}

#[test]
fn escapes_in_the_file_never_reach_messages() {
    let params = TomlSchemaParams {
        keys: vec![KeyRule {
            one_of: vec![Literal::Str("a".into())],
            ..rule("s", ValueType::String)
        }],
    };
    let report = check(&params, "s = \"\\u001b[31mred\"\n");
    let Outcome::Unmet { reason, .. } = &report.requirements[1].outcome else {
        panic!("unmet")
    };
    assert!(!reason.contains('\u{1b}'), "{reason:?}");
}

#[test]
fn describe_reads_like_a_requirement() {
    assert_eq!(
        gate().keys[0].describe(),
        "`gate.min_auc`: a float from 0.5 to 1"
    );
    assert_eq!(
        gate().keys[1].describe(),
        "`gate.metric`: a string, one of \"roc_auc\", \"average_precision\""
    );
    assert_eq!(
        gate().keys[3].describe(),
        "`owner_count`: an integer of at least 1"
    );
}

proptest! {
    #[test]
    fn arbitrary_text_never_panics(text in "\\PC*") {
        let report = check(&gate(), &text);
        prop_assert_eq!(report.requirements.len(), 5);
    }

    #[test]
    fn toml_like_text_never_panics(
        text in "([a-z_.\\[\\]]{0,8}( = )?(\"[a-z]{0,4}\"|[0-9.e+-]{0,6}|true|\\[|\\]|\\{|\\}|,)?\n){0,12}"
    ) {
        let report = check(&gate(), &text);
        prop_assert_eq!(report.requirements.len(), 5);
    }

    #[test]
    fn values_in_range_pass(x in 0.5f64..=1.0, n in 1i64..1000) {
        let text = format!(
            "owner_count = {n}\n[gate]\nmin_auc = {x:?}\nmetric = \"roc_auc\"\nblock = []\n"
        );
        prop_assert!(check(&gate(), &text).passed(), "{}", text);
    }
}
