//! k-anonymity and l-diversity of a table over chosen quasi-identifiers (see
//! `docs/privacy.md`).
//!
//! Rows with the same values in every quasi-identifier form an equivalence class; the
//! table is k-anonymous for the smallest class size k (Sweeney, 2002). It is l-diverse
//! (distinct l-diversity, Machanavajjhala et al., 2007) for the smallest number of
//! distinct sensitive values in a class. The engine takes each column as value ids, one
//! per row, and knows nothing of files or terminals.

use std::collections::HashMap;

/// Why a report cannot be computed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PrivacyError {
    #[error("there are no rows to assess")]
    NoRows,
    #[error("name at least one quasi-identifier column")]
    NoQuasiIdentifiers,
    #[error("column {column} has {found} values for {expected} rows")]
    LengthMismatch {
        column: usize,
        found: usize,
        expected: usize,
    },
    #[error("the chosen k must be at least 1")]
    ZeroK,
}

/// One equivalence class: the value ids of its quasi-identifiers, its size and the
/// number of distinct sensitive values in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EquivalenceClass {
    pub values: Vec<u32>,
    pub size: usize,
    pub distinct_sensitive: Option<usize>,
}

/// What the table's quasi-identifiers reveal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnonymityReport {
    pub rows: usize,
    /// The smallest equivalence class size.
    pub k: usize,
    /// The chosen k the small classes are measured against.
    pub k_wanted: usize,
    /// Every class, the smallest first (then by values).
    pub classes: Vec<EquivalenceClass>,
    /// Rows in classes smaller than `k_wanted` (they would need generalising or
    /// suppressing).
    pub rows_below_k: usize,
    /// The smallest number of distinct sensitive values in a class (with a sensitive
    /// column).
    pub l: Option<usize>,
    /// For each quasi-identifier, the k the table would have without it (the column
    /// generalised to one value).
    pub k_without: Vec<usize>,
}

impl AnonymityReport {
    /// The classes smaller than the chosen k.
    pub fn small_classes(&self) -> impl Iterator<Item = &EquivalenceClass> {
        self.classes.iter().filter(|c| c.size < self.k_wanted)
    }
}

fn check(columns: &[&[u32]], sensitive: Option<&[u32]>) -> Result<usize, PrivacyError> {
    let Some(first) = columns.first() else {
        return Err(PrivacyError::NoQuasiIdentifiers);
    };
    let rows = first.len();
    for (column, values) in columns.iter().chain(sensitive.as_slice()).enumerate() {
        if values.len() != rows {
            return Err(PrivacyError::LengthMismatch {
                column,
                found: values.len(),
                expected: rows,
            });
        }
    }
    if rows == 0 {
        return Err(PrivacyError::NoRows);
    }
    Ok(rows)
}

/// The equivalence classes over `columns` (value ids per row) with the distinct
/// sensitive values of each.
fn classes(columns: &[&[u32]], sensitive: Option<&[u32]>, rows: usize) -> Vec<EquivalenceClass> {
    let mut index: HashMap<Vec<u32>, usize> = HashMap::new();
    let mut found: Vec<(Vec<u32>, usize, Vec<u32>)> = Vec::new();
    for row in 0..rows {
        let key: Vec<u32> = columns.iter().map(|c| c[row]).collect();
        let at = *index.entry(key.clone()).or_insert_with(|| {
            found.push((key, 0, Vec::new()));
            found.len() - 1
        });
        found[at].1 += 1;
        if let Some(s) = sensitive {
            let seen = &mut found[at].2;
            if !seen.contains(&s[row]) {
                seen.push(s[row]);
            }
        }
    }
    let mut out: Vec<EquivalenceClass> = found
        .into_iter()
        .map(|(values, size, seen)| EquivalenceClass {
            values,
            size,
            distinct_sensitive: sensitive.map(|_| seen.len()),
        })
        .collect();
    out.sort_by(|a, b| a.size.cmp(&b.size).then_with(|| a.values.cmp(&b.values)));
    out
}

/// k-anonymity (and l-diversity with a sensitive column) of the rows over `columns`.
pub fn assess(
    columns: &[&[u32]],
    sensitive: Option<&[u32]>,
    k_wanted: usize,
) -> Result<AnonymityReport, PrivacyError> {
    if k_wanted == 0 {
        return Err(PrivacyError::ZeroK);
    }
    let rows = check(columns, sensitive)?;
    let classes = classes(columns, sensitive, rows);
    let k = classes.first().map_or(0, |c| c.size);
    let l = sensitive.map(|_| {
        classes
            .iter()
            .filter_map(|c| c.distinct_sensitive)
            .min()
            .unwrap_or(0)
    });
    let rows_below_k = classes
        .iter()
        .filter(|c| c.size < k_wanted)
        .map(|c| c.size)
        .sum();
    let k_without = (0..columns.len())
        .map(|drop| {
            let rest: Vec<&[u32]> = columns
                .iter()
                .enumerate()
                .filter(|&(i, _)| i != drop)
                .map(|(_, c)| *c)
                .collect();
            if rest.is_empty() {
                rows
            } else {
                self::classes(&rest, None, rows)
                    .first()
                    .map_or(0, |c| c.size)
            }
        })
        .collect();
    Ok(AnonymityReport {
        rows,
        k,
        k_wanted,
        classes,
        rows_below_k,
        l,
        k_without,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    // age band: 0 0 0 1 1 2; zip: 0 0 0 1 1 1; disease: 0 1 1 0 0 1
    // classes over (age, zip): (0,0) x3, (1,1) x2, (2,1) x1 -> k = 1
    const AGE: [u32; 6] = [0, 0, 0, 1, 1, 2];
    const ZIP: [u32; 6] = [0, 0, 0, 1, 1, 1];
    const DISEASE: [u32; 6] = [0, 1, 1, 0, 0, 1];

    #[test]
    fn k_small_classes_and_l_by_hand() {
        let r = assess(&[&AGE, &ZIP], Some(&DISEASE), 2).unwrap();
        assert_eq!(r.rows, 6);
        assert_eq!(r.k, 1);
        assert_eq!(r.classes.len(), 3);
        assert_eq!(r.classes[0].values, vec![2, 1]);
        assert_eq!(r.rows_below_k, 1);
        assert_eq!(r.small_classes().count(), 1);
        // (0,0) holds diseases {0, 1}; (1,1) only {0}; (2,1) only {1}
        assert_eq!(r.l, Some(1));
        assert_eq!(r.classes[2].distinct_sensitive, Some(2));
        // without age: zip classes 0 x3, 1 x3 -> k 3; without zip: age classes 3, 2, 1
        assert_eq!(r.k_without, vec![3, 1]);
        // k = 3: the classes of 2 and 1 rows are below it, the class of 3 is not
        let r = assess(&[&AGE, &ZIP], None, 3).unwrap();
        assert_eq!(r.rows_below_k, 3);
        assert_eq!(assess(&[&AGE, &ZIP], None, 4).unwrap().rows_below_k, 6);
        assert_eq!(r.l, None);
    }

    #[test]
    fn one_class_is_as_anonymous_as_the_table_is_long() {
        let r = assess(&[&[5, 5, 5]], Some(&[1, 2, 3]), 3).unwrap();
        assert_eq!((r.k, r.l, r.rows_below_k), (3, Some(3), 0));
        assert_eq!(r.k_without, vec![3]);
    }

    #[test]
    fn bad_shapes_are_errors() {
        assert_eq!(
            assess(&[], None, 2).unwrap_err(),
            PrivacyError::NoQuasiIdentifiers
        );
        assert_eq!(assess(&[&[]], None, 2).unwrap_err(), PrivacyError::NoRows);
        assert_eq!(assess(&[&[1]], None, 0).unwrap_err(), PrivacyError::ZeroK);
        assert!(matches!(
            assess(&[&[1, 2], &[1]], None, 2).unwrap_err(),
            PrivacyError::LengthMismatch { column: 1, .. }
        ));
        assert!(matches!(
            assess(&[&[1, 2]], Some(&[1]), 2).unwrap_err(),
            PrivacyError::LengthMismatch { column: 1, .. }
        ));
    }
}
