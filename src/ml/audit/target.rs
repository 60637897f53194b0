//! Checks against the target: `imbalance` (the class shares and what a majority-class
//! guess scores) and `leakage` (a feature identical to the target, a relabelling of it,
//! a numeric feature that alone separates a two-class target with ROC AUC ≥
//! [`LEAKAGE_AUC`], or, for any other feature of a class target, one whose one-feature
//! tree predicts the classes under cross-validation; see `tree_leak`).

use std::collections::HashMap;

use super::encode::{CodedTable, Kind, MISSING};
use super::tree_leak::{self, FOLDS, TREE_DEPTH};
use super::{Finding, IMBALANCE_RATIO, LEAKAGE_AUC, MAX_TARGET_CLASSES, Severity, percent, quoted};
use crate::ml::io::{Table, parse_number_str};
use crate::ml::metrics::roc_auc;

/// Whether the target (coded last) holds classes: 2 to [`MAX_TARGET_CLASSES`] values.
pub(super) fn is_classes(coded: &CodedTable, target: usize) -> bool {
    (2..=MAX_TARGET_CLASSES).contains(&coded.profiles[target].distinct())
}

/// The `leakage` error of a column the user says is recorded after the outcome.
pub(super) fn recorded_after(table: &Table, column: usize) -> Finding {
    Finding {
        check: "leakage",
        severity: Severity::Error,
        column: Some(table.headers[column].clone()),
        count: table.n_rows(),
        rows: Vec::new(),
        message: format!(
            "'{}' is recorded after the outcome (--after): a model cannot have it when it \
             predicts",
            table.headers[column]
        ),
        hint: "drop it from the features; keep it for analysis after the fact".to_string(),
    }
}

/// The target checks; the columns in `after` are already reported as leakage.
pub(super) fn check(
    table: &Table,
    coded: &CodedTable,
    target: usize,
    after: &[usize],
    findings: &mut Vec<Finding>,
) {
    let classes = is_classes(coded, target);
    if classes {
        findings.push(imbalance(table, coded, target));
    }
    let n = table.n_rows();
    let target_slot = coded.features;
    let target_name = &table.headers[target];
    let labelled: Vec<usize> = (0..n)
        .filter(|&r| coded.row(r)[target_slot] != MISSING)
        .collect();
    let binary = classes && coded.profiles[target].distinct() == 2;
    let tree_rows = if classes {
        tree_leak::sample(&labelled)
    } else {
        Vec::new()
    };
    for slot in 0..coded.features {
        let column = coded.order[slot];
        if after.contains(&column) {
            continue;
        }
        let name = &table.headers[column];
        let reason = if identical(table, column, target) {
            Some(format!(
                "'{name}' holds the same value as '{target_name}' in every row"
            ))
        } else if classes && relabelling(coded, slot, target_slot, &labelled) {
            Some(format!(
                "'{name}' is a relabelling of '{target_name}': each of its values stands for \
                 exactly one class"
            ))
        } else if binary && coded.profiles[column].kind == Kind::Numeric {
            auc_leak(coded, column, target_slot, &labelled).map(|auc| {
                format!(
                    "'{name}' alone separates the classes of '{target_name}' with ROC AUC \
                     {auc:.4} (bound {LEAKAGE_AUC})"
                )
            })
        } else if classes {
            tree_leak::tree_leak(coded, column, slot, target_slot, &tree_rows).map(|score| {
                let tree = if coded.profiles[column].kind == Kind::Numeric {
                    format!("a tree of depth {TREE_DEPTH} on it alone")
                } else {
                    "its categories alone".to_string()
                };
                format!(
                    "'{name}' predicts '{target_name}' with {FOLDS}-fold cross-validated \
                     accuracy {:.4} ({tree}; bound {:.4}, a majority guess scores {:.4})",
                    score.accuracy, score.bound, score.majority
                )
            })
        } else {
            None
        };
        if let Some(message) = reason {
            findings.push(Finding {
                check: "leakage",
                severity: Severity::Error,
                column: Some(name.clone()),
                count: labelled.len(),
                rows: Vec::new(),
                message,
                hint: "check whether this column is known before the outcome; if it is \
                       recorded after or derived from the target, drop it"
                    .to_string(),
            });
        }
    }
}

fn imbalance(table: &Table, coded: &CodedTable, target: usize) -> Finding {
    let profile = &coded.profiles[target];
    let cells = table.text(target);
    let labelled: usize = profile.counts[1..].iter().sum();
    let mut classes: Vec<(usize, &str)> = profile.counts[1..]
        .iter()
        .zip(&profile.first_row[1..])
        .map(|(&count, &row)| (count, &cells[row]))
        .collect();
    classes.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
    let (major_count, major) = classes[0];
    let (minor_count, minor) = classes[classes.len() - 1];
    let shares: Vec<String> = classes
        .iter()
        .map(|&(count, name)| format!("{} {}", quoted(name), percent(count, labelled)))
        .collect();
    let ratio = major_count as f64 / minor_count.max(1) as f64;
    Finding {
        check: "imbalance",
        severity: if ratio >= IMBALANCE_RATIO {
            Severity::Warning
        } else {
            Severity::Info
        },
        column: Some(table.headers[target].clone()),
        count: minor_count,
        rows: Vec::new(),
        message: format!(
            "class shares {}; the minority {} is {}; always guessing {} scores {} accuracy",
            shares.join(", "),
            quoted(minor),
            percent(minor_count, labelled),
            quoted(major),
            percent(major_count, labelled)
        ),
        hint: "judge models against the majority-class accuracy; prefer per-class recall, \
               balanced accuracy or PR AUC, and split with stratification"
            .to_string(),
    }
}

/// Whether two columns hold the same value (numbers by value) in every row.
fn identical(table: &Table, a: usize, b: usize) -> bool {
    let (a, b) = (table.text(a), table.text(b));
    (0..a.len()).all(|r| {
        let (x, y) = (&a[r], &b[r]);
        x == y
            || match (parse_number_str(x), parse_number_str(y)) {
                (Some(x), Some(y)) => x == y,
                _ => false,
            }
    })
}

/// Whether, over the labelled rows, the feature's values and the target's classes map
/// one to one (and the feature has at least two values).
fn relabelling(coded: &CodedTable, slot: usize, target_slot: usize, labelled: &[usize]) -> bool {
    let mut forward: HashMap<u32, u32> = HashMap::new();
    let mut backward: HashMap<u32, u32> = HashMap::new();
    for &r in labelled {
        let row = coded.row(r);
        let (f, t) = (row[slot], row[target_slot]);
        if *forward.entry(f).or_insert(t) != t || *backward.entry(t).or_insert(f) != f {
            return false;
        }
    }
    forward.len() >= 2
}

/// The separating strength max(AUC, 1 − AUC) of a numeric feature against a two-class
/// target, when it reaches [`LEAKAGE_AUC`].
fn auc_leak(
    coded: &CodedTable,
    column: usize,
    target_slot: usize,
    labelled: &[usize],
) -> Option<f64> {
    let profile = &coded.profiles[column];
    let (Kind::Numeric, Some(values)) = (profile.kind, &profile.values) else {
        return None;
    };
    let (mut labels, mut scores) = (Vec::new(), Vec::new());
    for &r in labelled {
        if values[r].is_finite() {
            labels.push(coded.row(r)[target_slot] == 1);
            scores.push(values[r]);
        }
    }
    let auc = roc_auc(&labels, &scores)?;
    let strength = auc.max(1.0 - auc);
    (strength >= LEAKAGE_AUC).then_some(strength)
}
