//! The one label identity rule, for `train`, `eval` and every command that reads class
//! labels.
//!
//! A label that the cell parser reads as a finite number is that number: `1`, `1.0`,
//! `1e0`, `+1` and `01` are one label, and `-0` is `0`. Any other label is its text,
//! compared exactly (after the surrounding spaces every cell loses). A label is shown
//! as it is first written in the file.

use std::collections::HashMap;

use super::cell::parse_number_str;

/// What decides whether two labels are the same class.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum LabelKey {
    /// The bits of the value (with `-0` folded into `0`).
    Number(u64),
    Text(String),
}

/// The value of a label that is a finite number.
pub fn numeric_value(label: &str) -> Option<f64> {
    parse_number_str(label)
        .filter(|v| v.is_finite())
        .map(|v| v + 0.0)
}

/// The identity of a label.
pub fn label_key(label: &str) -> LabelKey {
    match numeric_value(label) {
        Some(v) => LabelKey::Number(v.to_bits()),
        None => LabelKey::Text(label.trim().to_string()),
    }
}

/// Whether two label spellings name the same class.
pub fn same_label(a: &str, b: &str) -> bool {
    a == b || label_key(a) == label_key(b)
}

/// Distinct labels by identity, numbered in the order first seen, each shown in its
/// first spelling.
#[derive(Debug, Default, Clone)]
pub struct LabelIds {
    spellings: Vec<String>,
    ids: HashMap<LabelKey, usize>,
}

impl LabelIds {
    /// The id of `label`, adding it when it is new.
    pub fn id(&mut self, label: &str) -> usize {
        let next = self.spellings.len();
        let id = *self.ids.entry(label_key(label)).or_insert(next);
        if id == next {
            self.spellings.push(label.to_string());
        }
        id
    }

    /// The id of `label`, if it was seen.
    pub fn get(&self, label: &str) -> Option<usize> {
        self.ids.get(&label_key(label)).copied()
    }

    /// The first spelling of each label, by id.
    pub fn labels(&self) -> &[String] {
        &self.spellings
    }

    pub fn len(&self) -> usize {
        self.spellings.len()
    }

    pub fn is_empty(&self) -> bool {
        self.spellings.is_empty()
    }
}

/// Merges label spellings that are one label: returns the distinct labels (first
/// spelling kept, in first-seen order) and, for every input position, its position in
/// that list.
pub fn merge_spellings(spellings: &[String]) -> (Vec<String>, Vec<u32>) {
    let mut ids = LabelIds::default();
    let remap = spellings.iter().map(|s| ids.id(s) as u32).collect();
    (ids.spellings, remap)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn numbers_compare_by_value_text_by_text() {
        for (a, b) in [
            ("1", "1.0"),
            ("1", "1e0"),
            ("1", "+1"),
            ("0", "-0"),
            ("7", "07"),
        ] {
            assert!(same_label(a, b), "{a} {b}");
        }
        for (a, b) in [("a", "A"), ("1", "1.5"), ("yes", "1"), ("inf", "infinity")] {
            assert!(!same_label(a, b), "{a} {b}");
        }
    }

    #[test]
    fn ids_keep_the_first_spelling() {
        let mut ids = LabelIds::default();
        assert_eq!(ids.id("1.0"), 0);
        assert_eq!(ids.id("b"), 1);
        assert_eq!(ids.id("1"), 0);
        assert_eq!(ids.labels(), ["1.0", "b"]);
        assert_eq!(ids.get("1e0"), Some(0));
        assert_eq!(ids.get("c"), None);
        let (labels, remap) = merge_spellings(&["0".into(), "1".into(), "0.0".into()]);
        assert_eq!(labels, ["0", "1"]);
        assert_eq!(remap, [0, 1, 0]);
    }

    proptest! {
        /// Every way of writing one finite number is one label.
        #[test]
        fn spellings_of_a_number_are_one_label(v in -1e12f64..1e12, digits in 0usize..6) {
            let plain = format!("{v}");
            let exp = format!("{v:e}");
            let fixed = format!("{:.*}", digits, v);
            prop_assert!(same_label(&plain, &exp));
            let parsed: f64 = fixed.parse().unwrap();
            prop_assert_eq!(same_label(&plain, &fixed), parsed == v);
        }

        /// Identity is an equivalence: reflexive, symmetric, and ids agree with it.
        #[test]
        fn identity_is_an_equivalence(labels in prop::collection::vec(
            prop_oneof!["[0-9]{1,3}(\\.[0-9]{0,2})?", "[a-c]{1,2}", "-?0(\\.0)?"], 1..20)) {
            let mut ids = LabelIds::default();
            let assigned: Vec<usize> = labels.iter().map(|l| ids.id(l)).collect();
            for (i, a) in labels.iter().enumerate() {
                prop_assert!(same_label(a, a));
                for (j, b) in labels.iter().enumerate() {
                    prop_assert_eq!(same_label(a, b), same_label(b, a));
                    prop_assert_eq!(same_label(a, b), assigned[i] == assigned[j]);
                }
            }
            // the shown spelling of every id is the first one written
            for (id, shown) in ids.labels().iter().enumerate() {
                let first = assigned.iter().position(|&a| a == id).unwrap();
                prop_assert_eq!(shown, &labels[first]);
            }
        }
    }
}
