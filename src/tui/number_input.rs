//! Reading a typed numeric answer the way people write numbers: `0.6274`, `0,6274`
//! (a decimal comma), `357/569` (a fraction), `89%` or `89 %` (a percentage), `1e-3`.
//! Anything else is refused with a sentence that says what to type instead.

/// Characters an answer may contain; the tutor refuses others as they are typed.
pub fn is_number_char(c: char) -> bool {
    c.is_ascii_digit() || matches!(c, '.' | ',' | '-' | '+' | 'e' | 'E' | '/' | '%' | ' ')
}

/// The value of an answer, or why it is not one.
pub fn parse_answer(input: &str) -> Result<f64, String> {
    let text: String = input.chars().filter(|c| *c != ' ').collect();
    if text.is_empty() {
        return Err("Type a number first, e.g. 0.75.".into());
    }
    let value = if let Some(percent) = text.strip_suffix('%') {
        plain(percent, input)? / 100.0
    } else if let Some((top, bottom)) = text.split_once('/') {
        let (top, bottom) = (plain(top, input)?, plain(bottom, input)?);
        if bottom == 0.0 {
            return Err(format!("'{input}' divides by zero."));
        }
        top / bottom
    } else {
        plain(&text, input)?
    };
    if value.is_finite() {
        Ok(value)
    } else {
        Err(format!("'{input}' is too large to be an answer."))
    }
}

/// One number, with a decimal point or a decimal comma (not both).
fn plain(text: &str, input: &str) -> Result<f64, String> {
    let refuse = || {
        format!(
            "'{input}' is not a number: use digits with a decimal point or comma (0.75, 0,75), \
             a fraction (3/4) or a percentage (75%)."
        )
    };
    if text.contains(',') && text.contains('.') {
        return Err(format!(
            "'{input}' has both a comma and a point: use one decimal mark, e.g. 1234.5."
        ));
    }
    if text.matches(',').count() > 1 || text.contains(['%', '/']) {
        return Err(refuse());
    }
    let text = text.replace(',', ".");
    // Rust also reads "inf" and "NaN"; answers are plain decimal numbers.
    if !text
        .chars()
        .all(|c| c.is_ascii_digit() || "+-.eE".contains(c))
    {
        return Err(refuse());
    }
    text.parse::<f64>().map_err(|_| refuse())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn reads_the_ways_people_write_numbers() {
        for (input, value) in [
            ("0.6274", 0.6274),
            ("0,6274", 0.6274),
            ("357/569", 357.0 / 569.0),
            ("89%", 0.89),
            ("89 %", 0.89),
            ("-1.5e-3", -0.0015),
            (" 42 ", 42.0),
            ("1/2", 0.5),
            ("2,5%", 0.025),
        ] {
            let got = parse_answer(input).unwrap_or_else(|e| panic!("{input}: {e}"));
            assert!((got - value).abs() < 1e-12, "{input}: {got}");
        }
    }

    #[test]
    fn refuses_everything_else_with_a_reason() {
        assert!(parse_answer("").unwrap_err().contains("Type a number"));
        assert!(
            parse_answer("1,234.5")
                .unwrap_err()
                .contains("one decimal mark")
        );
        assert!(parse_answer("1/0").unwrap_err().contains("zero"));
        for bad in ["1,2,3", "abc", "inf", "NaN", "1/2/3", "5%%", "%5", "1e999"] {
            assert!(parse_answer(bad).is_err(), "{bad}");
        }
    }

    proptest! {
        #[test]
        fn never_panics_and_never_returns_a_non_finite_value(input in "[0-9.,eE+/% -]{0,24}") {
            if let Ok(v) = parse_answer(&input) {
                prop_assert!(v.is_finite());
            }
        }
    }
}
