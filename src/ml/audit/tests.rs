//! Every check on small hand-made tables, and properties over random tables.

use super::*;

fn table(csv: &str) -> Table {
    Table::from_bytes("t.csv", csv.as_bytes()).unwrap()
}

fn run(csv: &str, target: Option<&str>) -> Report {
    let options = AuditOptions {
        target: target.map(str::to_string),
        ..Default::default()
    };
    audit(&table(csv), None, &options).unwrap()
}

fn only<'a>(report: &'a Report, check: &str, column: Option<&str>) -> &'a Finding {
    let found: Vec<&Finding> = report
        .findings
        .iter()
        .filter(|f| f.check == check && f.column.as_deref() == column)
        .collect();
    assert_eq!(
        found.len(),
        1,
        "{check} {column:?} in {:#?}",
        report.findings
    );
    found[0]
}

fn checks(report: &Report) -> Vec<&str> {
    report.findings.iter().map(|f| f.check).collect()
}

fn rows(finding: &Finding) -> Vec<(usize, u64)> {
    finding.rows.iter().map(|r| (r.row, r.line)).collect()
}

#[test]
fn a_clean_table_has_no_findings() {
    let report = run("a,b,y\n1,x,0\n2,y,1\n3,z,0\n4,w,1\n5,v,0\n", Some("y"));
    // The balanced target still gets its informational class shares, and a note that
    // 2 and 3 rows per class are too few to look for label issues.
    assert_eq!(checks(&report), vec!["imbalance", "label_issues"]);
    assert_eq!(report.worst(), Some(Severity::Info));
    assert!(report.label_issues.is_empty());
    let report = run("a,b\n1,x\n2,y\n3,z\n", None);
    assert!(report.findings.is_empty(), "{:#?}", report.findings);
    assert_eq!((report.rows, report.columns), (3, 2));
}

#[test]
fn missing_cells_are_counted_with_their_tokens() {
    // Column a: '' (line 2), NA (line 4), '?' (line 5): three missing, three spellings.
    // Column b: one NaN, one spelling. The blank line 3 is skipped, as pandas does.
    let report = run("a,b\n,1\n\n2,NaN\nNA,3\n?,4\n5,5\n", None);
    let a = only(&report, "missing", Some("a"));
    assert_eq!(a.count, 3);
    assert_eq!(rows(a), vec![(0, 2), (2, 5), (3, 6)]);
    assert!(
        a.message.contains("empty ×1, 'NA' ×1, '?' ×1"),
        "{}",
        a.message
    );
    let b = only(&report, "missing", Some("b"));
    assert_eq!((b.count, rows(b)), (1, vec![(1, 4)]));
    let tokens = only(&report, "missing_tokens", Some("a"));
    assert_eq!(tokens.count, 3);
    assert!(!checks(&report).contains(&"mixed_types"));
    assert!(
        report
            .findings
            .iter()
            .all(|f| f.check != "missing_tokens" || f.column.as_deref() == Some("a"))
    );
}

#[test]
fn duplicates_count_as_pandas_duplicated_sum() {
    // Rows 0, 2 and 4 are equal (1.0 and 1 are one number, as pandas parses them);
    // rows 1 and 5 are equal with both b cells missing (NaN equals NaN in duplicated).
    // duplicated() marks rows 2, 4 and 5: the sum is 3.
    let report = run("a,b\n1,x\n2,\n1.0,x\n3,y\n1,x\n2,NA\n", None);
    let d = only(&report, "duplicates", None);
    assert_eq!(d.count, 3);
    let repeats: Vec<(usize, usize)> = d
        .rows
        .iter()
        .map(|r| (r.row, r.repeats.unwrap().row))
        .collect();
    assert_eq!(repeats, vec![(2, 0), (4, 0), (5, 1)]);
    assert!(
        d.message
            .starts_with("3 rows (50.0 %) repeat an earlier row"),
        "{}",
        d.message
    );
    assert_eq!(d.rows[0].repeats.unwrap().line, 2);
}

#[test]
fn text_columns_compare_as_text() {
    // In a column with text, '1' and '1.0' are different strings (pandas object dtype).
    let report = run("a,b\n1,x\n1.0,x\nz,x\n", None);
    assert!(
        !checks(&report).contains(&"duplicates"),
        "{:#?}",
        report.findings
    );
}

#[test]
fn conflicting_labels_name_both_rows() {
    let report = run(
        "a,b,y\n1,2,cat\n1,2,dog\n3,4,cat\n1,2,cat\n5,6,dog\n",
        Some("y"),
    );
    let c = only(&report, "conflicting_labels", Some("y"));
    assert_eq!(c.count, 3);
    assert_eq!(rows(c), vec![(0, 2), (1, 3), (3, 5)]);
    assert_eq!(c.rows[1].repeats.unwrap().row, 0);
    assert_eq!(c.rows[0].repeats, None);
    assert_eq!(c.severity, Severity::Error);
    assert!(
        c.message
            .starts_with("3 rows in 1 group have identical features"),
        "{}",
        c.message
    );
    // Row 3 repeats row 0 exactly: also a duplicate, and the message says so in the
    // singular.
    let d = only(&report, "duplicates", None);
    assert_eq!(d.count, 1);
    assert!(
        d.message
            .starts_with("1 row (20.0 %) repeats an earlier row"),
        "{}",
        d.message
    );
    // A table of only the target has no features to be identical in.
    let report = run("y\ncat\ndog\ncat\n", Some("y"));
    assert!(
        !checks(&report).contains(&"conflicting_labels"),
        "{:#?}",
        report.findings
    );
}

#[test]
fn constant_and_near_constant_columns() {
    let mut csv = String::from("c,n,v\n");
    for i in 0..200 {
        let n = if i == 7 { "b" } else { "a" };
        csv.push_str(&format!("7,{n},{i}\n"));
    }
    csv.push_str(",a,200\n");
    let report = run(&csv, None);
    let c = only(&report, "constant", Some("c"));
    assert_eq!(c.count, 200);
    assert!(c.message.contains("'7'"));
    let n = only(&report, "near_constant", Some("n"));
    assert_eq!((n.count, rows(n)), (1, vec![(7, 9)]));
    assert_eq!(n.severity, Severity::Info);
    assert!(
        !report
            .findings
            .iter()
            .any(|f| f.column.as_deref() == Some("v"))
    );
}

#[test]
fn mixed_types_name_the_rarer_cells() {
    let report = run("a\n1\n2\nthree\n4\n\n5\n", None);
    let m = only(&report, "mixed_types", Some("a"));
    assert_eq!(m.count, 1);
    assert_eq!(rows(m), vec![(2, 4)]);
    assert!(m.message.contains("'three' (line 4)"), "{}", m.message);
    assert!(!checks(&report).contains(&"outliers"));
}

#[test]
fn outliers_lie_beyond_the_scaled_mad() {
    // Values 1..=9 and 100: median 5.5, MAD 2.5, bound 3.5 · 1.4826 · 2.5 ≈ 12.97.
    let mut csv = String::from("x\n");
    for v in [1, 2, 3, 4, 5, 6, 7, 8, 9, 100] {
        csv.push_str(&format!("{v}\n"));
    }
    let report = run(&csv, None);
    let o = only(&report, "outliers", Some("x"));
    assert_eq!((o.count, rows(o)), (1, vec![(9, 11)]));
    assert_eq!(o.rows[0].value.as_deref(), Some("100"));
    // 18 (12.5 from the median) stays inside.
    let report = run("x\n1\n2\n3\n4\n5\n6\n7\n8\n9\n18\n", None);
    assert!(report.findings.is_empty(), "{:#?}", report.findings);
}

#[test]
fn medians_match_pandas() {
    assert_eq!(outliers::median(&mut [3.0, 1.0, 2.0]), 2.0);
    assert_eq!(outliers::median(&mut [4.0, 1.0, 3.0, 2.0]), 2.5);
    assert_eq!(
        outliers::median_mad(&[1.0, 2.0, 3.0, 4.0, 100.0]),
        Some((3.0, 1.0))
    );
}

#[test]
fn imbalance_gives_the_majority_guess() {
    let mut csv = String::from("x,y\n");
    for i in 0..20 {
        csv.push_str(&format!(
            "{},{}\n",
            i % 7,
            if i < 2 { "rare" } else { "common" }
        ));
    }
    let report = run(&csv, Some("y"));
    let i = only(&report, "imbalance", Some("y"));
    assert_eq!(i.severity, Severity::Warning);
    assert_eq!(i.count, 2);
    assert!(
        i.message.contains("'common' 90.0 %, 'rare' 10.0 %"),
        "{}",
        i.message
    );
    assert!(
        i.message.contains("always guessing 'common' scores 90.0 %"),
        "{}",
        i.message
    );
}

#[test]
fn leakage_by_identity_relabelling_and_auc() {
    let mut csv = String::from("copy,code,score,noise,y\n");
    for i in 0..40 {
        let y = i % 2;
        let code = if y == 1 { "yes" } else { "no" };
        // score separates the classes perfectly; noise does not.
        csv.push_str(&format!(
            "{y},{code},{},{},{y}\n",
            y * 100 + i,
            (i * 7) % 11
        ));
    }
    let report = run(&csv, Some("y"));
    for column in ["copy", "code", "score"] {
        let l = only(&report, "leakage", Some(column));
        assert_eq!(l.severity, Severity::Error);
    }
    assert!(
        only(&report, "leakage", Some("copy"))
            .message
            .contains("same value")
    );
    assert!(
        only(&report, "leakage", Some("code"))
            .message
            .contains("relabelling")
    );
    assert!(
        only(&report, "leakage", Some("score"))
            .message
            .contains("AUC 1.0000")
    );
    assert!(
        !report
            .findings
            .iter()
            .any(|f| f.check == "leakage" && f.column.as_deref() == Some("noise"))
    );
}

#[test]
fn leakage_by_a_one_feature_tree_for_three_classes_and_for_text() {
    // Three classes. `stage` holds the class's interval (0-9, 10-19, 20-29) in all but one
    // row in 300; `ward` names a ward that goes with one class except in one row in 300;
    // `age` and `site` are noise; `plain` is a numeric relabelling-free near-copy that
    // errs too often (1 row in 20).
    let mut csv = String::from("stage,ward,age,site,plain,y\n");
    for i in 0..600 {
        let y = i % 3;
        let wrong = i % 300 == 7;
        let stage = if wrong { 10 * ((y + 1) % 3) } else { 10 * y } + (i / 3) % 10;
        let ward = ["north", "south", "east", "west"][if wrong { 3 } else { y }];
        let plain = if i % 20 == 1 { (y + 1) % 3 } else { y } * 10 + i % 7;
        csv.push_str(&format!(
            "{stage},{ward},{},{},{plain},{}\n",
            20 + (i * 13) % 50,
            ["a", "b"][(i / 5) % 2],
            ["low", "mid", "high"][y]
        ));
    }
    let report = run(&csv, Some("y"));
    let stage = only(&report, "leakage", Some("stage"));
    assert!(
        stage
            .message
            .contains("5-fold cross-validated accuracy 0.99")
            && stage.message.contains("a tree of depth 4 on it alone"),
        "{}",
        stage.message
    );
    let ward = only(&report, "leakage", Some("ward"));
    assert!(
        ward.message.contains("its categories alone"),
        "{}",
        ward.message
    );
    assert!(
        ward.message.contains("a majority guess scores 0.3333"),
        "{}",
        ward.message
    );
    for column in ["age", "site", "plain"] {
        assert!(
            !report
                .findings
                .iter()
                .any(|f| f.check == "leakage" && f.column.as_deref() == Some(column)),
            "{column}: {:#?}",
            report.findings
        );
    }
    // A leaky column is left out of confident learning, as with the AUC check.
    assert!(
        report
            .findings
            .iter()
            .all(|f| f.check != "label_issues" || !f.message.contains("stage"))
    );
}

#[test]
fn a_constant_guess_on_a_rare_class_is_not_a_leak() {
    // 995 rows of one class and 5 of another: a feature that predicts the majority
    // everywhere scores 0.995 accuracy, above 0.99 but not a tenth of the guess's error.
    let mut csv = String::from("flag,y\n");
    for i in 0..1000 {
        let y = if i % 200 == 3 { "rare" } else { "common" };
        csv.push_str(&format!("{},{y}\n", ["p", "q"][i % 2]));
    }
    let report = run(&csv, Some("y"));
    assert!(
        !checks(&report).contains(&"leakage"),
        "{:#?}",
        report.findings
    );
}

#[test]
fn contamination_lists_lines_in_both_files() {
    let train = table("a,b\n1,x\n2,y\n3,z\n");
    let test = Table::from_bytes("test.csv", b"b,a\nq,9\ny,2\n\nz,3.0\n").unwrap();
    let report = audit(&train, Some(&test), &AuditOptions::default()).unwrap();
    let c = only(&report, "contamination", None);
    assert_eq!(c.count, 2);
    assert_eq!(rows(c), vec![(1, 3), (2, 4)]);
    let in_test: Vec<(usize, u64)> = c
        .rows
        .iter()
        .map(|r| (r.test.unwrap().row, r.test.unwrap().line))
        .collect();
    assert_eq!(in_test, vec![(1, 3), (2, 5)]);
}

#[test]
fn bad_input_is_an_error_not_a_panic() {
    let options = AuditOptions {
        target: Some("nope".into()),
        ..Default::default()
    };
    let e = audit(&table("a,b\n1,2\n"), None, &options).unwrap_err();
    assert!(e.to_string().contains("no column named 'nope'"), "{e}");
    let test = Table::from_bytes("test.csv", b"a,c\n1,2\n").unwrap();
    let e = audit(&table("a,b\n1,2\n"), Some(&test), &AuditOptions::default()).unwrap_err();
    assert!(e.to_string().contains("lacks b"), "{e}");
    // A header without rows audits to nothing.
    let report = run("a,b\n", None);
    assert_eq!((report.rows, report.findings.len()), (0, 0));
}

#[test]
fn confident_learning_ranks_flipped_labels_first() {
    // Two well-separated classes on two features, 120 rows; rows 10, 41 and 77 have
    // their label flipped. Each flipped row sits deep inside the other class, so its
    // out-of-fold probability of the given label is the lowest.
    let flipped = [10, 41, 77];
    let mut csv = String::from("x1,x2,y\n");
    for i in 0..120usize {
        let class = i % 2;
        let u = (i as f64 * 0.618_034).fract();
        let v = (i as f64 * 0.414_214).fract();
        let centre = if class == 1 { 3.0 } else { 0.0 };
        let given = if flipped.contains(&i) {
            1 - class
        } else {
            class
        };
        let name = ["no", "yes"][given];
        csv.push_str(&format!("{},{},{name}\n", centre + u, centre + v));
    }
    let report = run(&csv, Some("y"));
    let issues = &report.label_issues;
    let mut top: Vec<usize> = issues.iter().take(3).map(|i| i.row).collect();
    top.sort();
    assert_eq!(top, flipped, "{issues:#?}");
    assert!(issues.windows(2).all(|w| w[0].quality <= w[1].quality));
    let first = &issues[0];
    assert_ne!(first.given, first.suggested);
    assert_eq!(first.line, first.row as u64 + 2);
    let finding = only(&report, "label_issues", Some("y"));
    assert_eq!(finding.count, issues.len());
    assert_eq!(finding.severity, Severity::Warning);
    // The same data with its labels fixed has no issue.
    let fixed: String = csv
        .lines()
        .enumerate()
        .map(|(line, text)| {
            let row = line.wrapping_sub(1);
            if line > 0 && flipped.contains(&row) {
                let given = if text.ends_with("yes") { "no" } else { "yes" };
                format!("{},{given}\n", text.rsplit_once(',').unwrap().0)
            } else {
                format!("{text}\n")
            }
        })
        .collect();
    assert!(run(&fixed, Some("y")).label_issues.is_empty());
}

#[test]
fn a_leaky_column_drawn_from_the_labels_does_not_hide_wrong_labels() {
    // As above, with a column drawn from the given label (errors included): it predicts
    // the given labels perfectly, so a model using it would confirm every wrong label.
    // The leakage check flags it and confident learning leaves it out.
    let flipped = [10, 41, 77];
    let mut csv = String::from("x1,x2,leak,y\n");
    for i in 0..120usize {
        let class = i % 2;
        let u = (i as f64 * 0.618_034).fract();
        let v = (i as f64 * 0.414_214).fract();
        let centre = if class == 1 { 3.0 } else { 0.0 };
        let given = if flipped.contains(&i) {
            1 - class
        } else {
            class
        };
        let leak = 100.0 * given as f64 + u;
        let name = ["no", "yes"][given];
        csv.push_str(&format!("{},{},{leak},{name}\n", centre + u, centre + v));
    }
    let report = run(&csv, Some("y"));
    assert_eq!(
        only(&report, "leakage", Some("leak")).severity,
        Severity::Error
    );
    let mut top: Vec<usize> = report.label_issues.iter().take(3).map(|i| i.row).collect();
    top.sort();
    assert_eq!(top, flipped, "{:#?}", report.label_issues);
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    fn cell() -> impl Strategy<Value = String> {
        prop_oneof![
            Just(String::new()),
            Just("NA".to_string()),
            Just("?".to_string()),
            (0..4i32).prop_map(|v| v.to_string()),
            (0..4i32).prop_map(|v| format!("{v}.0")),
            prop_oneof![Just("a"), Just("b")].prop_map(str::to_string),
        ]
    }

    fn csv_table() -> impl Strategy<Value = String> {
        (1..4usize).prop_flat_map(|width| {
            proptest::collection::vec(proptest::collection::vec(cell(), width), 0..30).prop_map(
                move |rows| {
                    let mut csv = (0..width)
                        .map(|c| format!("c{c}"))
                        .collect::<Vec<_>>()
                        .join(",");
                    csv.push('\n');
                    for row in rows {
                        // A row of one empty cell is a blank line, which is skipped.
                        let line = row.join(",");
                        csv.push_str(if line.is_empty() { "x" } else { &line });
                        csv.push('\n');
                    }
                    csv
                },
            )
        })
    }

    proptest! {
        #[test]
        fn findings_stay_in_range_and_duplicates_are_symmetric(csv in csv_table(), with_target in any::<bool>()) {
            let t = table(&csv);
            let options = AuditOptions { target: with_target.then(|| "c0".to_string()), ..Default::default() };
            let report = audit(&t, Some(&t), &options).unwrap();
            for f in &report.findings {
                prop_assert!(f.count >= f.rows.len(), "{f:?}");
                prop_assert!(f.rows.len() <= MAX_LISTED_ROWS);
                for r in &f.rows {
                    prop_assert!(r.row < t.n_rows());
                    prop_assert_eq!(r.line, t.lines[r.row]);
                }
                if f.check == "duplicates" {
                    for r in &f.rows {
                        let first = r.repeats.unwrap();
                        prop_assert!(first.row < r.row);
                        let coded = encode::CodedTable::new(&t, None);
                        prop_assert_eq!(coded.row(r.row), coded.row(first.row));
                    }
                }
            }
            // Every row of a table is in the table itself.
            if t.n_rows() > 0 {
                let c = report.findings.iter().find(|f| f.check == "contamination").unwrap();
                prop_assert_eq!(c.count, t.n_rows());
            }
        }
    }
}

#[test]
fn no_bundled_dataset_leaks_except_the_planted_column() {
    // What docs/audit.md says of the bundled datasets and their targets.
    for (name, target, leaky) in [
        ("iris", "species", vec![]),
        ("wine", "cultivar", vec![]),
        ("digits", "digit", vec![]),
        ("breast_cancer", "diagnosis", vec![]),
        ("german_credit", "credit_risk", vec![]),
        ("phishing", "is_phishing", vec![]),
        ("breast_cancer_dirty", "diagnosis", vec!["treatment_cost"]),
    ] {
        let table = crate::ml::datasets::load(name).unwrap();
        let target = table.column_index(target).unwrap();
        let coded = encode::CodedTable::new(&table, Some(target));
        let mut findings = Vec::new();
        target::check(&table, &coded, target, &[], &mut findings);
        let found: Vec<&str> = findings
            .iter()
            .filter(|f| f.check == "leakage")
            .filter_map(|f| f.column.as_deref())
            .collect();
        assert_eq!(found, leaky, "{name}");
    }
}
