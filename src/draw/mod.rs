//! Drawing pieces shared by the tutor's screens and the labs: the colour theme, the
//! confusion matrix, curve charts, the timeline and progress bars. A leaf module: it
//! imports neither `tui` nor `labs`, so both can use it and the arrows stay one-way.

pub mod bar;
pub mod charts;
pub mod confusion;
pub mod theme;
pub mod timeline;

/// `text` in at most `width` characters, ending in "…" when it had to be cut, so that
/// nothing is ever cut without a mark.
pub fn shorten(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_string();
    }
    let mut out: String = text.chars().take(width.saturating_sub(1)).collect();
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn shorten_marks_a_cut() {
        assert_eq!(super::shorten("threshold", 20), "threshold");
        assert_eq!(super::shorten("threshold", 5), "thre…");
        assert_eq!(super::shorten("versicolor", 10), "versicolor");
    }
}
