use super::*;
use crate::ml::io::Table;

fn table(csv: &str) -> Table {
    Table::from_reader("t.csv", csv.as_bytes()).unwrap()
}

const CONTRACT: &str = r#"
[[columns]]
name = "age"
type = "integer"
min = 18
max = 100

[[columns]]
name = "purpose"
type = "text"
allowed = ["car", "tv"]

[[columns]]
name = "amount"
type = "number"
max_missing = 0.25

[[columns]]
name = "phone"
type = "text"
"#;

#[test]
fn a_contract_parses_with_defaults() {
    let c = parse(CONTRACT).unwrap();
    assert_eq!(c.columns.len(), 4);
    let age = &c.columns[0];
    assert_eq!(
        (age.ty, age.required, age.min, age.max),
        (ColumnType::Integer, true, Some(18.0), Some(100.0))
    );
    assert_eq!(age.max_missing, 0.0);
    assert_eq!(age.at, Place { line: 3, col: 8 });
    assert_eq!(c.columns[1].allowed, vec!["car", "tv"]);
    assert_eq!(c.columns[2].max_missing, 0.25);
}

#[test]
fn clean_data_passes() {
    let c = parse(CONTRACT).unwrap();
    let t =
        table("age,purpose,amount,phone\n30,car,10.5,yes\n45,tv,,no\n18,car,3,none\n100,tv,4,?\n");
    let v = validate(&c, &t);
    // `phone` has one missing cell (`?`) and allows none.
    assert_eq!(v.len(), 1, "{v:#?}");
    assert_eq!(
        (v[0].column.as_str(), v[0].kind, v[0].count),
        ("phone", ViolationKind::Missing, 1)
    );
    assert_eq!(
        v[0].examples[0],
        Example {
            row: 3,
            line: 5,
            value: "?".into()
        }
    );
}

#[test]
fn every_kind_of_violation_is_found_with_rows_and_lines() {
    let c = parse(CONTRACT).unwrap();
    let t = table(
        "age,purpose,amount,tel\n17,car,1169 DM,x\n30.5,vacation,,y\n200,tv,NA,z\n40,car,5,z\n",
    );
    let v = validate(&c, &t);
    let kinds: Vec<(&str, ViolationKind, usize)> = v
        .iter()
        .map(|v| (v.column.as_str(), v.kind, v.count))
        .collect();
    assert_eq!(
        kinds,
        vec![
            ("age", ViolationKind::Type, 1),
            ("age", ViolationKind::Range, 2),
            ("purpose", ViolationKind::Allowed, 1),
            ("amount", ViolationKind::Type, 1),
            ("amount", ViolationKind::Missing, 2),
            ("phone", ViolationKind::MissingColumn, 0),
        ]
    );
    assert_eq!(
        v[0].examples[0],
        Example {
            row: 1,
            line: 3,
            value: "30.5".into()
        }
    );
    assert_eq!(
        v[1].examples.iter().map(|e| e.row).collect::<Vec<_>>(),
        vec![0, 2]
    );
    assert_eq!(v[3].examples[0].value, "1169 DM");
    assert!(v[4].message.contains("2 of 4 cells"), "{}", v[4].message);
}

#[test]
fn optional_columns_may_be_absent() {
    let c = parse("[[columns]]\nname = \"x\"\ntype = \"text\"\nrequired = false\n").unwrap();
    assert!(validate(&c, &table("a\n1\n")).is_empty());
}

#[test]
fn bad_contracts_are_refused_at_their_place() {
    for (text, at, part) in [
        (
            "[[columns]]\nname = \"a\"\ntype = \"number\"\ncolour = 1\n",
            (4, 1),
            "unknown key `colour`",
        ),
        (
            "[[columns]]\nname = \"a\"\ntype = \"float\"\n",
            (3, 8),
            "unknown type \"float\"",
        ),
        (
            "[[columns]]\nname = \"a\"\ntype = \"number\"\nmin = 5\nmax = 2\n",
            (5, 7),
            "`max` 2 is below `min` 5",
        ),
        (
            "[[columns]]\nname = \"a\"\ntype = \"number\"\nallowed = [\"x\"]\n",
            (4, 11),
            "`allowed` applies to text columns",
        ),
        (
            "[[columns]]\nname = \"a\"\ntype = \"text\"\nmin = 1\n",
            (4, 7),
            "`min` applies to number",
        ),
        (
            "[[columns]]\nname = \"a\"\ntype = \"text\"\n[[columns]]\nname = \"a\"\ntype = \"text\"\n",
            (5, 8),
            "listed twice",
        ),
        (
            "[[columns]]\nname = \"a\"\ntype = \"text\"\nmax_missing = 5\n",
            (4, 15),
            "share from 0 to 1",
        ),
        (
            "[[columns]]\nname = \"a\"\ntype = \"text\"\nrequired = \"yes\"\n",
            (4, 12),
            "true or false",
        ),
        (
            "[[columns]]\nname = 3\ntype = \"text\"\n",
            (2, 8),
            "`name` must be a string",
        ),
        ("[[columns]]\ntype = \"text\"\n", (1, 1), "has no `name`"),
        ("name = \"a\"\n", (1, 1), "unknown key `name`"),
        ("", (1, 1), "no `[[columns]]`"),
        ("[[columns]\n", (1, 11), "TOML syntax"),
        (
            "[[columns]]\nname = \"a\"\ntype = \"number\"\nmin = nan\n",
            (4, 7),
            "finite",
        ),
    ] {
        let e = parse(text).unwrap_err();
        assert_eq!((e.at.line, e.at.col), at, "{text:?}: {e}");
        assert!(e.message.contains(part), "{text:?}: {e}");
    }
}

#[test]
fn kinds_have_names() {
    for name in ViolationKind::NAMES {
        assert_eq!(ViolationKind::parse(name).unwrap().name(), name);
    }
    assert_eq!(ViolationKind::parse("types"), None);
}
