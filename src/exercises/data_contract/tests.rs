//! The `data_contract` checker on small hand-made tables.

use super::*;
use proptest::prelude::*;

const CLEAN: &str = "age,purpose,amount,phone\n30,car,100,yes\n45,tv,250,no\n19,car,80,yes\n";
const BATCH: &str = "age,purpose,amount,tel\n130,car,100 DM,yes\n45,vacation,,no\n19,car,80,yes\n";

fn tables() -> (Table, Table) {
    (
        Table::from_reader("clean", CLEAN.as_bytes()).unwrap(),
        Table::from_reader("batch", BATCH.as_bytes()).unwrap(),
    )
}

fn params() -> DataContractParams {
    let catch = |column: &str, problem| Catch {
        column: column.into(),
        problem,
        why: String::new(),
    };
    DataContractParams {
        clean: "clean".into(),
        batch: "batch".into(),
        catch: vec![
            catch("age", ViolationKind::Range),
            catch("purpose", ViolationKind::Allowed),
            catch("amount", ViolationKind::Type),
            catch("amount", ViolationKind::Missing),
            catch("phone", ViolationKind::MissingColumn),
        ],
    }
}

fn run(text: &str) -> Report {
    let (clean, batch) = tables();
    check_tables(&params(), &clean, &batch, text)
}

fn outcomes(report: &Report) -> Vec<bool> {
    report
        .requirements
        .iter()
        .map(Requirement::is_met)
        .collect()
}

const GOOD: &str = r#"
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

[[columns]]
name = "phone"
type = "text"
"#;

#[test]
fn a_good_contract_meets_everything() {
    let r = run(GOOD);
    assert!(r.passed(), "{r:#?}");
    assert_eq!(r.requirements.len(), 9);
    assert_eq!(r.requirements[8].what, "catches missing_column in `phone`");
}

#[test]
fn a_broken_file_reports_its_place_and_holds_the_rest() {
    let r = run("[[columns]]\nname = \"age\"\ntype = \"int\"\n");
    assert_eq!(outcomes(&r), vec![false; 9]);
    let Outcome::Unmet { reason, at } = &r.requirements[0].outcome else {
        panic!()
    };
    assert!(reason.contains("unknown type \"int\""), "{reason}");
    assert_eq!(*at, Some(Pos { line: 3, col: 8 }));
    assert_eq!(
        r.requirements[1].outcome,
        Outcome::Unmet {
            reason: NOT_YET.into(),
            at: None
        }
    );
}

#[test]
fn a_too_strict_contract_fails_the_clean_data() {
    let strict = GOOD.replace("min = 18", "min = 21");
    let r = run(&strict);
    assert_eq!(
        outcomes(&r),
        vec![true, true, false, true, true, true, true, true, true]
    );
    let Outcome::Unmet { reason, at } = &r.requirements[2].outcome else {
        panic!()
    };
    assert!(
        reason.starts_with("too strict: `age` (range): 1 value"),
        "{reason}"
    );
    assert!(reason.contains("row 2 (line 4): `19`"), "{reason}");
    assert_eq!(*at, Some(Pos { line: 3, col: 8 }));
}

#[test]
fn a_too_loose_contract_passes_the_batch() {
    let loose = "[[columns]]\nname = \"age\"\ntype = \"number\"\n";
    let r = run(loose);
    assert_eq!(
        outcomes(&r),
        vec![true, true, true, false, false, false, false, false, false]
    );
    let Outcome::Unmet { reason, .. } = &r.requirements[3].outcome else {
        panic!()
    };
    assert!(reason.starts_with("too loose"), "{reason}");
    let Outcome::Unmet { reason, at } = &r.requirements[4].outcome else {
        panic!()
    };
    assert!(reason.contains("give it a `min` and a `max`"), "{reason}");
    assert_eq!(*at, Some(Pos { line: 2, col: 8 }));
    let Outcome::Unmet { reason, at } = &r.requirements[5].outcome else {
        panic!()
    };
    assert!(reason.contains("no rule for `purpose`"), "{reason}");
    assert_eq!(*at, None);
}

#[test]
fn a_column_the_clean_data_lacks_is_named() {
    let r = run(&format!(
        "{GOOD}\n[[columns]]\nname = \"colour\"\ntype = \"text\"\n"
    ));
    let Outcome::Unmet { reason, at } = &r.requirements[1].outcome else {
        panic!()
    };
    assert!(
        reason.starts_with("`colour` is not a column of `clean`"),
        "{reason}"
    );
    assert_eq!(at.map(|p| p.line), Some(22));
    let optional =
        format!("{GOOD}\n[[columns]]\nname = \"colour\"\ntype = \"text\"\nrequired = false\n");
    assert!(run(&optional).passed());
}

#[test]
fn a_blank_allowance_lets_the_blanks_through() {
    let lax = GOOD.replace("type = \"number\"", "type = \"text\"\nmax_missing = 0.5");
    let r = run(&lax);
    // `amount` as text with half missing allowed catches neither its type nor its blanks.
    assert_eq!(outcomes(&r)[6..8], [false, false]);
}

proptest! {
    #[test]
    fn arbitrary_text_never_panics(text in "\\PC*") {
        prop_assert_eq!(run(&text).requirements.len(), 9);
    }

    #[test]
    fn contract_like_text_never_panics(
        text in "(\\[\\[columns\\]\\]\n|(name|type|min|max|allowed|required|max_missing) = (\"[a-z]{0,6}\"|-?[0-9.e]{0,5}|true|\\[\"[a-z]{0,3}\"\\])\n){0,14}"
    ) {
        prop_assert_eq!(run(&text).requirements.len(), 9);
    }
}

/// A contract for the bundled `german_credit` that catches every planted problem of
/// `german_credit_batch` (the solution of the catalog's example exercises).
pub const GERMAN_CREDIT_CONTRACT: &str = r#"[[columns]]
name = "age_years"
type = "integer"
min = 18
max = 100

[[columns]]
name = "purpose"
type = "text"
allowed = ["business", "car_new", "car_used", "domestic_appliances", "education",
           "furniture_equipment", "other", "radio_tv", "repairs", "retraining"]

[[columns]]
name = "credit_amount_dm"
type = "number"
min = 0

[[columns]]
name = "duration_months"
type = "integer"
min = 1

[[columns]]
name = "telephone"
type = "text"
allowed = ["yes", "no"]
"#;

#[test]
fn the_bundled_batch_fails_a_contract_the_bundled_data_passes() {
    let catch = |column: &str, problem| Catch {
        column: column.into(),
        problem,
        why: String::new(),
    };
    let p = DataContractParams {
        clean: "german_credit".into(),
        batch: "german_credit_batch".into(),
        catch: vec![
            catch("age_years", ViolationKind::Range),
            catch("purpose", ViolationKind::Allowed),
            catch("credit_amount_dm", ViolationKind::Type),
            catch("duration_months", ViolationKind::Missing),
            catch("telephone", ViolationKind::MissingColumn),
        ],
    };
    let r = check(&p, GERMAN_CREDIT_CONTRACT);
    assert!(r.passed(), "{r:#?}");
    let loose = GERMAN_CREDIT_CONTRACT.replace("min = 18\nmax = 100\n", "");
    let r = check(&p, &loose);
    assert_eq!(
        r.first_unmet().unwrap().what,
        "catches range in `age_years`"
    );
    let r = check(
        &p,
        "[[columns]]\nname = \"age_years\"\ntype = \"integer\"\nmin = 20\n",
    );
    let Outcome::Unmet { reason, .. } = &r.requirements[2].outcome else {
        panic!()
    };
    assert!(
        reason.starts_with("too strict: `age_years` (range)"),
        "{reason}"
    );
}
