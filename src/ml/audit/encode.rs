//! Every column's cells classified and coded. A cell is missing when it is one of the
//! [`MISSING_TOKENS`] (the data path's missing rule plus `?`); otherwise it is a number
//! when the data path's parser reads it as one, and text else. A column whose
//! non-missing cells are all numbers is numeric, and its cells compare by value (`1`
//! and `1.0` are one value, as pandas reads them); any other column compares by text.
//!
//! Each value gets a code (0 is missing, so missing cells are equal to each other as in
//! pandas' `duplicated`), and the codes are stored row by row, features first and the
//! target last, so that a row's features are one slice.

use super::hash::{FastMap, map_with_capacity};
use crate::ml::io::{Table, is_missing, parse_number_str};

/// The cells that mean "no value" (after trimming spaces): empty, `NA`, `N/A`, `NaN`,
/// `nan`, `null`, `NULL`, `None` (the data path's rule) and `?`.
pub const MISSING_TOKENS: [&str; 9] = ["", "NA", "N/A", "NaN", "nan", "null", "NULL", "None", "?"];

/// Whether a cell is one of the [`MISSING_TOKENS`].
pub fn is_null_token(cell: &str) -> bool {
    // Every token, trimmed or not, starts with a space, `N`, `n` or `?`, or is empty:
    // anything else (most cells, such as numbers) is answered without trimming.
    match cell.as_bytes().first() {
        None => true,
        Some(b'N' | b'n' | b'?') => is_token(cell),
        Some(b) if b.is_ascii_whitespace() || !b.is_ascii() => is_token(cell),
        Some(_) => false,
    }
}

fn is_token(cell: &str) -> bool {
    let cell = cell.trim();
    cell == "?" || is_missing(cell)
}

/// The code of a missing cell.
pub(super) const MISSING: u32 = 0;

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    /// Every cell is missing.
    AllMissing,
    Numeric,
    Text,
    /// Numbers and text.
    Mixed,
}

/// One missing-value token seen in a column.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Token {
    pub text: String,
    pub count: usize,
}

/// What one column holds.
pub(super) struct Profile {
    pub kind: Kind,
    pub missing: usize,
    pub numbers: usize,
    pub texts: usize,
    /// The missing tokens in order of first appearance.
    pub tokens: Vec<Token>,
    /// A numeric column's values (NaN where missing).
    pub values: Option<Vec<f64>>,
    /// `counts[code]`: how many cells hold the value (`counts[0]`: missing cells).
    pub counts: Vec<usize>,
    /// `first_row[code]`: the first row holding the value.
    pub first_row: Vec<usize>,
}

impl Profile {
    /// The number of distinct non-missing values.
    pub fn distinct(&self) -> usize {
        self.counts.len() - 1
    }
}

enum Dictionary<'a> {
    Numbers(FastMap<u64, u32>),
    Text(FastMap<&'a str, u32>),
}

/// A table's columns profiled and coded.
pub(super) struct CodedTable<'a> {
    /// In header order.
    pub profiles: Vec<Profile>,
    /// Header positions in code order: the features, then the target if there is one.
    pub order: Vec<usize>,
    /// The number of features (`order.len()` without the target).
    pub features: usize,
    /// Row-major codes: row `r` is `codes[r * order.len()..][..order.len()]`.
    pub codes: Vec<u32>,
    dictionaries: Vec<Dictionary<'a>>,
}

/// A number's identity: its bits, with −0 read as 0.
fn number_key(value: f64) -> u64 {
    if value == 0.0 { 0 } else { value.to_bits() }
}

impl<'a> CodedTable<'a> {
    pub fn new(table: &'a Table, target: Option<usize>) -> CodedTable<'a> {
        let n = table.n_rows();
        let mut order: Vec<usize> = (0..table.headers.len())
            .filter(|&c| Some(c) != target)
            .collect();
        let features = order.len();
        order.extend(target);
        let width = order.len();
        // The columns are coded in parallel (one share of them per core), then their
        // codes interleaved row by row.
        let threads = std::thread::available_parallelism()
            .map_or(1, |t| t.get())
            .clamp(1, width.max(1));
        let coded: Vec<(Profile, Dictionary, Vec<u32>)> = std::thread::scope(|scope| {
            let handles: Vec<_> = order
                .chunks(width.div_ceil(threads).max(1))
                .map(|columns| {
                    scope.spawn(move || {
                        columns
                            .iter()
                            .map(|&column| {
                                let mut codes = vec![MISSING; n];
                                let (profile, dictionary) =
                                    code_column(table, column, |row, code| codes[row] = code);
                                (profile, dictionary, codes)
                            })
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            handles
                .into_iter()
                .flat_map(|h| h.join().expect("coding a column does not panic"))
                .collect()
        });
        let mut codes = vec![MISSING; n * width];
        let mut profiles: Vec<Option<Profile>> = (0..width).map(|_| None).collect();
        let mut dictionaries: Vec<Option<Dictionary>> = (0..width).map(|_| None).collect();
        for (slot, (profile, dictionary, column_codes)) in coded.into_iter().enumerate() {
            for (row, code) in column_codes.into_iter().enumerate() {
                codes[row * width + slot] = code;
            }
            profiles[order[slot]] = Some(profile);
            dictionaries[order[slot]] = Some(dictionary);
        }
        CodedTable {
            profiles: profiles.into_iter().map(|p| p.expect("coded")).collect(),
            order,
            features,
            codes,
            dictionaries: dictionaries
                .into_iter()
                .map(|d| d.expect("coded"))
                .collect(),
        }
    }

    pub fn width(&self) -> usize {
        self.order.len()
    }

    /// Row `row`'s codes in code order.
    pub fn row(&self, row: usize) -> &[u32] {
        let width = self.width();
        &self.codes[row * width..(row + 1) * width]
    }

    /// The code of a cell of another table in column `column` (a header position of
    /// this table), or `None` when this table never holds that value.
    pub fn code_of(&self, column: usize, cell: &str) -> Option<u32> {
        if is_null_token(cell) {
            return Some(MISSING);
        }
        match &self.dictionaries[column] {
            Dictionary::Numbers(map) => map.get(&number_key(parse_number_str(cell)?)).copied(),
            Dictionary::Text(map) => map.get(cell).copied(),
        }
    }
}

/// How many cells hold each code, and the first row of each.
struct Tally {
    counts: Vec<usize>,
    first_row: Vec<usize>,
}

impl Tally {
    /// The code a value seen first gets.
    fn next(&self) -> u32 {
        self.counts.len() as u32
    }
    /// Counts a cell of `code` (new when it is [`Tally::next`]) and returns the code.
    fn count(&mut self, code: u32, row: usize) -> u32 {
        if code as usize == self.counts.len() {
            self.counts.push(1);
            self.first_row.push(row);
        } else {
            self.counts[code as usize] += 1;
        }
        code
    }
}

/// Profiles and codes one column, handing each row's code to `put`.
fn code_column<'a>(
    table: &'a Table,
    column: usize,
    mut put: impl FnMut(usize, u32),
) -> (Profile, Dictionary<'a>) {
    let cells = table.text(column);
    let n = cells.len();
    let mut tokens: Vec<Token> = Vec::new();
    let (mut missing, mut numbers, mut texts) = (0, 0, 0);
    let mut values = Vec::with_capacity(n);
    for cell in cells.iter() {
        if is_null_token(cell) {
            missing += 1;
            match tokens.iter_mut().find(|t| t.text == cell) {
                Some(t) => t.count += 1,
                None => tokens.push(Token {
                    text: cell.to_string(),
                    count: 1,
                }),
            }
            values.push(f64::NAN);
        } else if let Some(v) = parse_number_str(cell) {
            numbers += 1;
            values.push(v);
        } else {
            texts += 1;
            values.push(f64::NAN);
        }
    }
    let kind = match (numbers, texts) {
        (0, 0) => Kind::AllMissing,
        (_, 0) => Kind::Numeric,
        (0, _) => Kind::Text,
        _ => Kind::Mixed,
    };
    let mut tally = Tally {
        counts: vec![missing],
        first_row: vec![0],
    };
    let dictionary = if kind == Kind::Numeric {
        let mut map: FastMap<u64, u32> = map_with_capacity(64);
        for (row, &v) in values.iter().enumerate() {
            let code = if v.is_nan() {
                MISSING
            } else {
                let code = *map.entry(number_key(v)).or_insert(tally.next());
                tally.count(code, row)
            };
            put(row, code);
        }
        Dictionary::Numbers(map)
    } else {
        let mut map: FastMap<&str, u32> = map_with_capacity(64);
        for (row, cell) in cells.iter().enumerate() {
            let code = if is_null_token(cell) {
                MISSING
            } else {
                let code = *map.entry(cell).or_insert(tally.next());
                tally.count(code, row)
            };
            put(row, code);
        }
        Dictionary::Text(map)
    };
    let Tally { counts, first_row } = tally;
    let profile = Profile {
        kind,
        missing,
        numbers,
        texts,
        tokens,
        values: (kind == Kind::Numeric).then_some(values),
        counts,
        first_row,
    };
    (profile, dictionary)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn every_token_is_missing_with_or_without_spaces_around_it() {
        for token in MISSING_TOKENS {
            for cell in [
                token.to_string(),
                format!(" {token}"),
                format!("{token}\t"),
                format!("\u{a0}{token}\u{a0}"),
            ] {
                assert!(is_null_token(&cell), "{cell:?}");
            }
        }
        for cell in [
            "0", "-1.5", "Nancy", "n/a", "?x", "NA NA", "x NA", ".", "None2",
        ] {
            assert!(!is_null_token(cell), "{cell:?}");
        }
    }

    proptest! {
        /// The shortcut on the first byte answers as trimming and comparing would.
        #[test]
        fn the_first_byte_shortcut_changes_no_answer(cell in "\\PC{0,6}") {
            let trimmed = cell.trim();
            let expected = trimmed == "?" || is_missing(trimmed);
            prop_assert_eq!(is_null_token(&cell), expected);
        }
    }
}
