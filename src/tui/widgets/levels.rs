//! Text bars for skill levels and readiness that read without colour.

use unicode_width::UnicodeWidthChar;

use crate::skills::MAX_LEVEL;

/// Evidence as filled cells with the self-rating as `◆` at its level:
/// evidence 2, self 4 → `██░◆░`.
pub fn evidence_bar(evidence: u8, self_level: Option<u8>) -> String {
    (1..=MAX_LEVEL)
        .map(|i| {
            if self_level == Some(i) {
                '◆'
            } else if i <= evidence {
                '█'
            } else {
                '░'
            }
        })
        .collect()
}

/// Current against required level: `█` held, `▒` missing up to the requirement,
/// `░` beyond it: have 1, need 4 → `█▒▒▒░`.
pub fn have_need_bar(have: u8, need: u8) -> String {
    (1..=MAX_LEVEL)
        .map(|i| {
            if i <= have {
                '█'
            } else if i <= need {
                '▒'
            } else {
                '░'
            }
        })
        .collect()
}

/// A readiness gauge of `width` cells; NaN and values outside [0, 1] are clamped.
pub fn gauge(ratio: f64, width: usize) -> String {
    let r = if ratio.is_nan() {
        0.0
    } else {
        ratio.clamp(0.0, 1.0)
    };
    let filled = ((r * width as f64).round() as usize).min(width);
    format!("{}{}", "█".repeat(filled), "░".repeat(width - filled))
}

/// `text` cut to `width` display columns, with `…` when cut.
pub fn fit(text: &str, width: usize) -> String {
    let total: usize = text.chars().map(|c| c.width().unwrap_or(0)).sum();
    if total <= width {
        return text.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        out.push(c);
        used += w;
    }
    if width > 0 {
        out.push('…');
    }
    out
}

/// `text` cut or padded to exactly `width` display columns.
pub fn pad(text: &str, width: usize) -> String {
    let mut out = fit(text, width);
    let used: usize = out.chars().map(|c| c.width().unwrap_or(0)).sum();
    out.extend(std::iter::repeat_n(' ', width.saturating_sub(used)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_read_without_colour() {
        assert_eq!(evidence_bar(2, Some(4)), "██░◆░");
        assert_eq!(evidence_bar(0, None), "░░░░░");
        assert_eq!(evidence_bar(3, Some(2)), "█◆█░░");
        assert_eq!(have_need_bar(1, 4), "█▒▒▒░");
        assert_eq!(have_need_bar(5, 3), "█████");
    }

    #[test]
    fn gauges_survive_nan_and_out_of_range_values() {
        assert_eq!(gauge(f64::NAN, 4), "░░░░");
        assert_eq!(gauge(1.7, 4), "████");
        assert_eq!(gauge(-1.0, 4), "░░░░");
        assert_eq!(gauge(0.5, 4), "██░░");
    }

    #[test]
    fn text_fits_its_width() {
        assert_eq!(fit("Monitoring", 20), "Monitoring");
        assert_eq!(fit("Monitoring", 5), "Moni…");
        assert_eq!(pad("ab", 4), "ab  ");
        assert_eq!(pad("abcdef", 4), "abc…");
        assert_eq!(fit("abc", 0), "");
    }
}
