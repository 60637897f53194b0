//! Rules that keep numeric quizzes fair: a tolerance must not accept a number that the
//! step's own hints or explanation discuss, unless that number is the answer itself
//! written with fewer or more digits.

/// The numbers written in `text` (`0.811`, `-3`, `135.7`, `8,128`), with the number of
/// decimals each was written with. Digits that are part of a word (`f1`, `co2_ppm`) and
/// exponents are skipped.
pub fn numbers_in(text: &str) -> Vec<(f64, usize)> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let starts = chars[i].is_ascii_digit()
            && (i == 0 || !(chars[i - 1].is_alphanumeric() || chars[i - 1] == '_'));
        if !starts {
            i += 1;
            continue;
        }
        let negative = i > 0 && chars[i - 1] == '-' && (i < 2 || !chars[i - 2].is_alphanumeric());
        let mut digits = String::new();
        let mut decimals = None;
        while i < chars.len() {
            let c = chars[i];
            let next_digit = chars.get(i + 1).is_some_and(|d| d.is_ascii_digit());
            if c.is_ascii_digit() {
                digits.push(c);
                decimals = decimals.map(|d: usize| d + 1);
            } else if c == '.' && decimals.is_none() && next_digit {
                digits.push('.');
                decimals = Some(0);
            } else if c == ','
                && decimals.is_none()
                && next_digit
                && chars[i + 1..]
                    .iter()
                    .take_while(|d| d.is_ascii_digit())
                    .count()
                    == 3
            {
                // A thousands separator: 8,128.
            } else {
                break;
            }
            i += 1;
        }
        // Part of a word (`1st`, `3x`, `2e5`): not a quoted value.
        if chars.get(i).is_some_and(|c| c.is_alphabetic() || *c == '_') {
            continue;
        }
        if let Ok(v) = digits.parse::<f64>() {
            out.push((if negative { -v } else { v }, decimals.unwrap_or(0)));
        }
    }
    out
}

/// Decimals in the shortest way of writing `x` (`0.136` → 3, `42.0` → 0).
fn decimals_of(x: f64) -> usize {
    let text = format!("{x}");
    text.split_once('.').map_or(0, |(_, d)| d.len())
}

/// Whether `x`, written with `decimals` decimals, is `answer` rounded or written out:
/// either one rounds to the other.
fn is_the_answer(x: f64, decimals: usize, answer: f64) -> bool {
    let within = |places: usize| (x - answer).abs() <= 0.5 * 10f64.powi(-(places as i32)) + 1e-12;
    within(decimals) || within(decimals_of(answer))
}

/// Words by which a prompt asks for a precision of its own.
const PRECISION_WORDS: [&str; 7] = [
    "decimal",
    "exact",
    "whole number",
    "significant",
    "nearest",
    "integer",
    "digits",
];

/// `x` rounded to two significant digits.
fn two_significant(x: f64) -> f64 {
    if x == 0.0 {
        return 0.0;
    }
    let magnitude = x.abs().log10().floor() as i32;
    let scale = 10f64.powi(1 - magnitude);
    (x * scale).round() / scale
}

/// When the prompt asks for no particular precision, the answer rounded to two
/// significant digits (the way lessons quote numbers) must pass: the rounded value and
/// the tolerance it needs, if the tolerance is too tight.
pub fn rounding_rejected(prompt: &str, answer: f64, tolerance: f64) -> Option<(f64, f64)> {
    let lower = prompt.to_lowercase();
    // Counts and years are exact: 4440 openings is not "4400".
    let whole = answer.fract() == 0.0 && answer.abs() >= 10.0;
    if whole || PRECISION_WORDS.iter().any(|w| lower.contains(w)) {
        return None;
    }
    let rounded = two_significant(answer);
    let needed = (rounded - answer).abs();
    (needed > tolerance + 1e-12).then_some((rounded, needed))
}

/// How precise a prompt asks the answer to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Asked {
    /// "to three decimals", "to 2 decimal places"; a whole number is 0 decimals.
    Decimals(u32),
    /// "to two significant digits".
    Significant(u32),
}

/// A count written as a word or in digits: "three", "3".
fn count_word(word: &str) -> Option<u32> {
    const WORDS: [&str; 7] = ["zero", "one", "two", "three", "four", "five", "six"];
    WORDS
        .iter()
        .position(|w| *w == word)
        .map(|i| i as u32)
        .or_else(|| word.parse().ok())
}

/// The precision a prompt asks for, if it names one.
pub fn asked_precision(prompt: &str) -> Option<Asked> {
    let lower = prompt.to_lowercase();
    if ["whole number", "nearest integer", "an integer"]
        .iter()
        .any(|w| lower.contains(w))
    {
        return Some(Asked::Decimals(0));
    }
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    words.windows(2).find_map(|pair| {
        let n = count_word(pair[0])?;
        match pair[1] {
            "decimal" | "decimals" => Some(Asked::Decimals(n)),
            "significant" => Some(Asked::Significant(n)),
            _ => None,
        }
    })
}

/// `x` rounded as `asked` says.
fn round_as(x: f64, asked: Asked) -> f64 {
    match asked {
        Asked::Decimals(d) => {
            let scale = 10f64.powi(d as i32);
            (x * scale).round() / scale
        }
        Asked::Significant(n) if x != 0.0 => {
            let magnitude = x.abs().log10().floor() as i32;
            let scale = 10f64.powi(n as i32 - 1 - magnitude);
            (x * scale).round() / scale
        }
        Asked::Significant(_) => 0.0,
    }
}

/// When the prompt names a precision, the answer rounded to it must pass: the rounded
/// value and the tolerance it needs, if the tolerance is tighter than the prompt.
pub fn precision_rejected(prompt: &str, answer: f64, tolerance: f64) -> Option<(Asked, f64, f64)> {
    let asked = asked_precision(prompt)?;
    let rounded = round_as(answer, asked);
    let needed = (rounded - answer).abs();
    (needed > tolerance + 1e-12).then_some((asked, rounded, needed))
}

/// The numbers in `texts` that the tolerance accepts although they are not the answer:
/// a fair quiz rejects every value its hints and explanation talk about.
pub fn accepted_distractors(answer: f64, tolerance: f64, texts: &[&str]) -> Vec<f64> {
    let mut out: Vec<f64> = Vec::new();
    for text in texts {
        for (x, decimals) in numbers_in(text) {
            let accepted = (x - answer).abs() <= tolerance + 1e-12;
            if accepted && !is_the_answer(x, decimals, answer) && !out.contains(&x) {
                out.push(x);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_numbers_a_reader_sees() {
        let found: Vec<f64> =
            numbers_in("508 x 16 = 8,128 minutes, about 135.5 hours; f1 and co2_ppm, 1st, -3")
                .into_iter()
                .map(|(v, _)| v)
                .collect();
        assert_eq!(found, [508.0, 16.0, 8128.0, 135.5, -3.0]);
    }

    #[test]
    fn rounding_to_two_significant_digits_must_pass_unless_the_prompt_asks_for_more() {
        assert_eq!(two_significant(0.8868), 0.89);
        assert_eq!(two_significant(135.47), 140.0);
        let (rounded, needed) = rounding_rejected("What is the recall?", 0.8868, 0.001).unwrap();
        assert_eq!(rounded, 0.89);
        assert!((needed - 0.0032).abs() < 1e-9);
        assert_eq!(
            rounding_rejected("What is the recall?", 0.8868, 0.005),
            None
        );
        assert_eq!(
            rounding_rejected("What is the recall, to three decimals?", 0.8868, 0.001),
            None
        );
    }

    #[test]
    fn the_prompts_own_precision_is_read_and_its_rounding_must_pass() {
        assert_eq!(
            asked_precision("What share, to four decimals?"),
            Some(Asked::Decimals(4))
        );
        assert_eq!(
            asked_precision("Give it to 2 decimal places."),
            Some(Asked::Decimals(2))
        );
        assert_eq!(
            asked_precision("A whole number is expected."),
            Some(Asked::Decimals(0))
        );
        assert_eq!(
            asked_precision("to two significant digits"),
            Some(Asked::Significant(2))
        );
        assert_eq!(asked_precision("What is the recall?"), None);
        // 0.846154 to four decimals is 0.8462: ±0.0001 accepts it, ±0.00001 does not.
        assert_eq!(
            precision_rejected("to four decimals", 0.846154, 0.0001),
            None
        );
        let (asked, rounded, needed) =
            precision_rejected("to four decimals", 0.846154, 0.00001).unwrap();
        assert_eq!((asked, rounded), (Asked::Decimals(4), 0.8462));
        assert!((needed - 0.000046).abs() < 1e-9);
        assert_eq!(
            precision_rejected("to two significant digits", 0.0318, 0.0001).map(|r| r.1),
            Some(0.032)
        );
        assert_eq!(precision_rejected("A whole number", 42.0, 0.0), None);
    }

    #[test]
    fn the_answer_before_rounding_is_not_a_distractor() {
        let explain = "0.3726 x 113 = 42.1; 212 x 0.2 = 42.4, so 42 malignant";
        assert!(accepted_distractors(42.0, 1.0, &[explain]).is_empty());
        // Specificity is not accuracy, however close.
        assert_eq!(
            accepted_distractors(0.976621, 0.001, &["specificity 0.9775, accuracy 0.977"]),
            [0.9775]
        );
    }

    #[test]
    fn the_fence_post_trap_is_caught_and_the_answer_restated_is_not() {
        let explain = "508 gaps: 508 x 16 = 8128 minutes, 135.47 hours (about 135.5). \
                       Counting 509 gaps gives 135.73 hours: the fence-post trap.";
        assert_eq!(accepted_distractors(135.47, 0.3, &[explain]), [135.73]);
        assert!(accepted_distractors(135.47, 0.1, &[explain]).is_empty());
    }
}
