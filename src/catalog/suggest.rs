//! "Did you mean ...?" for misspelt keys, ids and names.

/// The edit distance between two strings in characters, counting an insertion, a
/// deletion, a substitution or a swap of two neighbours as one edit (so `tpye` is one
/// edit from `type`).
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    // d[i][j] = distance between a[..i] and b[..j], three rows kept.
    let mut before_prev = vec![0; b.len() + 1];
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        cur[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(before_prev[j - 2] + 1);
            }
            cur[j] = d;
        }
        std::mem::swap(&mut before_prev, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// The closest candidate, if it is close enough to be a likely typo: at most a third
/// of the word's length in edits (at least one), ties going to the earlier candidate.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let word_lower = word.to_lowercase();
    let limit = (word.chars().count() / 3).max(1);
    let mut best: Option<(usize, &str)> = None;
    for c in candidates {
        let d = edit_distance(&word_lower, &c.to_lowercase());
        if d <= limit && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c)
}

/// ` (did you mean `x`?)` or nothing.
pub fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    closest(word, candidates)
        .map(|c| format!(" (did you mean `{c}`?)"))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distance_counts_edits_and_swaps() {
        assert_eq!(edit_distance("", ""), 0);
        assert_eq!(edit_distance("abc", ""), 3);
        assert_eq!(edit_distance("type", "type"), 0);
        assert_eq!(edit_distance("tpye", "type"), 1);
        assert_eq!(edit_distance("answr", "answer"), 1);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("ç", "c"), 1);
    }

    #[test]
    fn suggests_only_likely_typos() {
        let keys = ["title", "summary", "minutes", "requires"];
        assert_eq!(closest("titel", keys), Some("title"));
        assert_eq!(closest("Summary", keys), Some("summary"));
        assert_eq!(closest("require", keys), Some("requires"));
        assert_eq!(closest("colour", keys), None);
        assert_eq!(did_you_mean("minuts", keys), " (did you mean `minutes`?)");
        assert_eq!(did_you_mean("zzz", keys), "");
    }
}
