//! The one cell parser and the one missing-value rule of the data path.
//!
//! A cell is trimmed of surrounding spaces first. It is missing when it is empty or one
//! of `NA`, `NaN`, `nan`, `N/A`, `null`, `NULL`, `None`. Otherwise it is a number when
//! Rust's `f64` parser accepts it (`1`, `-2.5`, `1e3`, `.5`, `inf`); callers that need
//! finite numbers check `is_finite` and report the cell.

/// The largest magnitude a number may have where a model uses it (`train`'s features and
/// numeric target, and the training labs). Models square and sum their inputs (variances,
/// distances, least squares); beyond this bound those sums overflow to infinity and the
/// fits end in NaN, panics or endless loops. A value above it is refused with its line
/// and column rather than scaled, because no real measurement needs it and a silent
/// rescale would hide a unit or parsing mistake.
pub const MAX_MODEL_MAGNITUDE: f64 = 1e100;

/// Cells that mean "no value".
pub fn is_missing(cell: &str) -> bool {
    matches!(
        cell.trim(),
        "" | "NA" | "NaN" | "nan" | "N/A" | "null" | "NULL" | "None"
    )
}

/// [`is_missing`] on bytes (cells that are not UTF-8 are not missing).
pub fn is_missing_bytes(cell: &[u8]) -> bool {
    let cell = cell.trim_ascii();
    cell.is_empty() || (cell.len() <= 4 && std::str::from_utf8(cell).is_ok_and(is_missing))
}

/// [`parse_number`] on text.
pub fn parse_number_str(cell: &str) -> Option<f64> {
    parse_number(cell.as_bytes())
}

/// Exact powers of ten that doubles represent exactly.
const POWERS_OF_TEN: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/// `[+-]digits[.digits]` (or `[+-].digits`) with at most 19 digits in all, from
/// `cell[pos..]` up to a delimiter (comma, line end or the end of the bytes). Converted
/// exactly when the digits fit in 53 bits and the scale is at most 10^22: one correctly
/// rounded division (Clinger's fast path). Returns the value and the delimiter's
/// position, or `None` for anything else, which then goes to the standard parser.
#[inline(always)]
pub(super) fn plain_decimal(bytes: &[u8], mut pos: usize) -> Option<(f64, usize)> {
    let negative = match bytes.get(pos) {
        Some(b'-') => {
            pos += 1;
            true
        }
        Some(b'+') => {
            pos += 1;
            false
        }
        _ => false,
    };
    // Wrapping arithmetic: more than 19 digits are refused below, before the value is used.
    let mut mantissa: u64 = 0;
    let integer_start = pos;
    while let Some(&b) = bytes.get(pos) {
        let digit = b.wrapping_sub(b'0');
        if digit > 9 {
            break;
        }
        mantissa = mantissa.wrapping_mul(10).wrapping_add(digit as u64);
        pos += 1;
    }
    let integer_digits = pos - integer_start;
    let mut fraction_digits = 0;
    if bytes.get(pos) == Some(&b'.') {
        pos += 1;
        let fraction_start = pos;
        while let Some(&b) = bytes.get(pos) {
            let digit = b.wrapping_sub(b'0');
            if digit > 9 {
                break;
            }
            mantissa = mantissa.wrapping_mul(10).wrapping_add(digit as u64);
            pos += 1;
        }
        fraction_digits = pos - fraction_start;
    }
    if !matches!(bytes.get(pos), None | Some(b',' | b'\n' | b'\r')) {
        return None;
    }
    let digits = integer_digits + fraction_digits;
    if digits == 0 || digits > 19 || mantissa > (1u64 << 53) || fraction_digits > 22 {
        return None;
    }
    let value = mantissa as f64 / POWERS_OF_TEN[fraction_digits];
    Some((if negative { -value } else { value }, pos))
}

/// Parses one cell as a number: the exact fast path for plain decimals, the standard
/// parser otherwise (exponents, long mantissas, `inf`). Missing markers give `None`.
pub fn parse_number(cell: &[u8]) -> Option<f64> {
    let cell = cell.trim_ascii();
    if let Some((v, end)) = plain_decimal(cell, 0)
        && end == cell.len()
    {
        return Some(v);
    }
    let text = std::str::from_utf8(cell).ok()?;
    if is_missing(text) {
        return None;
    }
    text.parse::<f64>().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_decimals_parse_exactly() {
        for text in [
            "0.1",
            "-2.5",
            "123456789.123",
            "+7",
            ".5",
            "5.",
            "0.000001",
            "9007199254740993",
            "0.30000000000000004",
            "1e5",
            "-0",
            "00012.50",
        ] {
            let parsed = parse_number(text.as_bytes());
            assert_eq!(
                parsed.map(f64::to_bits),
                text.parse::<f64>().ok().map(f64::to_bits),
                "{text}"
            );
        }
        assert_eq!(parse_number(b"."), None);
        assert_eq!(parse_number(b"1e"), None);
        assert_eq!(parse_number(b"NA"), None);
        assert_eq!(parse_number(b"1.2.3"), None);
    }

    #[test]
    fn the_fast_path_stops_at_delimiters() {
        assert_eq!(plain_decimal(b"1.5,2", 0), Some((1.5, 3)));
        assert_eq!(plain_decimal(b"-3\r\n", 0), Some((-3.0, 2)));
        assert_eq!(plain_decimal(b" 3,", 0), None);
        assert_eq!(plain_decimal(b",", 0), None);
    }

    #[test]
    fn missing_markers_and_spaces() {
        for cell in [
            "", "  ", "NA", " NaN ", "nan", "N/A", "null", "NULL", "None",
        ] {
            assert!(
                is_missing(cell) && is_missing_bytes(cell.as_bytes()),
                "{cell:?}"
            );
            assert_eq!(parse_number_str(cell), None, "{cell:?}");
        }
        assert!(!is_missing("0") && !is_missing_bytes(b"none"));
        assert_eq!(parse_number_str(" 2.5 "), Some(2.5));
    }
}
