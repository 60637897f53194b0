//! Text from lesson files and data files is untrusted: before it reaches the terminal,
//! control characters and terminal escape sequences are removed.

/// Removes ANSI/VT escape sequences and control characters, keeping newlines and tabs
/// (tabs become four spaces, so that widths stay predictable).
pub fn clean(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\n' => out.push('\n'),
            '\t' => out.push_str("    "),
            '\u{1b}' => skip_escape(&mut chars),
            // C1 control introducers (CSI, OSC, DCS...) start sequences too.
            '\u{9b}' => skip_csi(&mut chars),
            '\u{9d}' | '\u{90}' | '\u{98}' | '\u{9e}' | '\u{9f}' => skip_string(&mut chars),
            c if is_forbidden(c) => {}
            c => out.push(c),
        }
    }
    out
}

/// At most `max_chars` characters of `text`; a longer text is cut and says how much was
/// left out, so that no message from a file (a header of a million columns) floods the
/// terminal.
pub fn capped(text: &str, max_chars: usize) -> String {
    match text.char_indices().nth(max_chars) {
        None => text.to_string(),
        Some((cut, _)) => {
            let rest = text[cut..].chars().count();
            format!("{}… ({rest} more characters)", &text[..cut])
        }
    }
}

/// Like [`clean`] but also folds newlines into spaces, for one-line labels.
pub fn clean_line(text: &str) -> String {
    clean(text).replace('\n', " ")
}

/// A control character other than newline and tab, a bidirectional override (which
/// can make text display differently from what it says), a line or paragraph
/// separator (U+2028, U+2029: terminals do not break lines on them) or an interlinear
/// annotation character (U+FFF9 to U+FFFB: terminals disagree on their width).
pub fn is_forbidden(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(
            c,
            '\u{202a}'..='\u{202e}'
                | '\u{2066}'..='\u{2069}'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{fff9}'..='\u{fffb}'
        )
}

/// An invisible format character (Unicode category Cf, and variation selectors):
/// the renderer counts some of these as one column and terminals as none, or the
/// other way round, or joins several characters into one glyph of a width the
/// terminal decides (U+200D). Lesson text may contain them (a soft hyphen, a
/// zero-width space, an emoji sequence); the frame never passes them on.
pub fn is_width_disputed(c: char) -> bool {
    matches!(
        c,
        '\u{ad}'
            | '\u{600}'..='\u{605}'
            | '\u{61c}'
            | '\u{6dd}'
            | '\u{70f}'
            | '\u{890}'..='\u{891}'
            | '\u{8e2}'
            | '\u{180e}'
            | '\u{200b}'..='\u{200f}'
            | '\u{2028}'..='\u{202e}'
            | '\u{2060}'..='\u{206f}'
            | '\u{fe00}'..='\u{fe0f}'
            | '\u{feff}'
            | '\u{fff9}'..='\u{fffb}'
            | '\u{110bd}'
            | '\u{110cd}'
            | '\u{13430}'..='\u{1343f}'
            | '\u{1bca0}'..='\u{1bca3}'
            | '\u{1d173}'..='\u{1d17a}'
            | '\u{e0001}'
            | '\u{e0020}'..='\u{e007f}'
            | '\u{e0100}'..='\u{e01ef}'
    )
}

/// Blanks every cell of `area` whose symbol holds a control character or the start of
/// an escape sequence. Run on a finished frame, so that nothing a widget was given
/// (lesson text, data values, file names) can move the cursor, recolour or retitle
/// the terminal.
pub fn clean_cells(buf: &mut ratatui::buffer::Buffer, area: ratatui::layout::Rect) {
    let area = area.intersection(buf.area);
    for y in area.top()..area.bottom() {
        for x in area.left()..area.right() {
            let cell = &mut buf[(x, y)];
            if cell
                .symbol()
                .chars()
                .any(|c| is_forbidden(c) || c == '\u{1b}')
            {
                cell.set_symbol(" ");
            } else if cell.symbol().chars().any(is_width_disputed) {
                let replacement = without_disputed(cell.symbol());
                cell.set_symbol(&replacement);
            }
        }
    }
}

/// A cell's symbol without its invisible format characters, as wide as the renderer
/// counted the symbol (the columns after a wide cell are skipped by the renderer, so
/// the terminal must advance exactly as many).
fn without_disputed(symbol: &str) -> String {
    use unicode_width::UnicodeWidthStr;
    let counted = symbol.width().max(1);
    let kept: String = symbol.chars().filter(|&c| !is_width_disputed(c)).collect();
    // Padded with spaces to the counted width. A joined sequence (a family emoji) that
    // is wider apart keeps its first character, whose width terminals agree on.
    let first: String = kept.chars().take(1).collect();
    let per_char: usize = kept
        .chars()
        .map(|c| unicode_width::UnicodeWidthChar::width(c).unwrap_or(0))
        .sum();
    let first_width = first.width();
    if !kept.is_empty() && per_char <= counted {
        kept + &" ".repeat(counted - per_char)
    } else if !first.is_empty() && first_width <= counted {
        first + &" ".repeat(counted - first_width)
    } else {
        " ".repeat(counted)
    }
}

/// The byte offset and character of the first forbidden character, if any.
pub fn first_forbidden(text: &str) -> Option<(usize, char)> {
    text.char_indices().find(|&(_, c)| is_forbidden(c))
}

fn skip_escape(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    match chars.peek() {
        Some('[') => {
            chars.next();
            skip_csi(chars);
        }
        Some(']') | Some('P') | Some('X') | Some('^') | Some('_') => {
            chars.next();
            skip_string(chars);
        }
        Some(_) => {
            chars.next();
        }
        None => {}
    }
}

fn skip_csi(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    // Parameters and intermediates, then one final byte in 0x40..=0x7e.
    for c in chars.by_ref() {
        if ('\u{40}'..='\u{7e}').contains(&c) {
            break;
        }
    }
}

fn skip_string(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    // Until BEL or ST (ESC \ or 0x9c).
    while let Some(c) = chars.next() {
        match c {
            '\u{7}' | '\u{9c}' => break,
            '\u{1b}' => {
                if chars.peek() == Some(&'\\') {
                    chars.next();
                }
                break;
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_csi_osc_and_controls() {
        assert_eq!(clean("a\u{1b}[31mred\u{1b}[0m b"), "ared b");
        assert_eq!(clean("x\u{1b}]0;title\u{7}y"), "xy");
        assert_eq!(clean("bell\u{7} cr\r"), "bell cr");
        assert_eq!(clean("tab\tend\n"), "tab    end\n");
        assert_eq!(clean("\u{202e}abc"), "abc");
        assert_eq!(clean("a\u{2028}b\u{2029}c\u{fff9}d\u{fffb}"), "abcd");
    }

    #[test]
    fn finds_first_forbidden() {
        assert_eq!(first_forbidden("ok\u{1b}[0m"), Some((2, '\u{1b}')));
        assert_eq!(first_forbidden("fine\ntext"), None);
    }

    #[test]
    fn long_text_is_cut_and_says_how_much_is_left() {
        assert_eq!(capped("short", 10), "short");
        assert_eq!(capped("ééééé", 5), "ééééé");
        assert_eq!(capped("abcdefgh", 3), "abc… (5 more characters)");
    }
}

#[cfg(test)]
mod cell_tests {
    use ratatui::buffer::Buffer;
    use ratatui::layout::Rect;

    #[test]
    fn escape_sequences_never_survive_in_a_frame() {
        let area = Rect::new(0, 0, 12, 2);
        let mut buf = Buffer::empty(area);
        // Written cell by cell, the way a widget that trusted its text could.
        for (x, symbol) in ["\u{1b}", "[", "2", "J", "\u{7}", "\u{9b}", "ok"]
            .iter()
            .enumerate()
        {
            buf[(x as u16, 0)].set_symbol(symbol);
        }
        buf[(0, 1)].set_symbol("a\u{202e}");
        super::clean_cells(&mut buf, area);
        let text: String = (0..7).map(|x| buf[(x, 0)].symbol().to_string()).collect();
        assert_eq!(text, " [2J  ok");
        assert_eq!(buf[(0, 1)].symbol(), " ");
    }

    #[test]
    fn invisible_format_characters_leave_cells_as_wide_as_counted() {
        use unicode_width::UnicodeWidthStr;
        let area = Rect::new(0, 0, 8, 1);
        let mut buf = Buffer::empty(area);
        let family = "\u{1f468}\u{200d}\u{1f469}\u{200d}\u{1f467}";
        let symbols = ["e\u{301}", "\u{ad}", "\u{2764}\u{fe0f}", family, "\u{200b}"];
        let counted: Vec<usize> = symbols.iter().map(|s| s.width().max(1)).collect();
        for (x, symbol) in symbols.iter().enumerate() {
            buf[(x as u16, 0)].set_symbol(symbol);
        }
        super::clean_cells(&mut buf, area);
        for (x, want) in counted.iter().enumerate() {
            let symbol = buf[(x as u16, 0)].symbol();
            assert!(!symbol.chars().any(super::is_width_disputed), "{symbol:?}");
            let per_char: usize = symbol
                .chars()
                .map(|c| unicode_width::UnicodeWidthChar::width(c).unwrap_or(0))
                .sum();
            assert_eq!(per_char, *want, "cell {x}: {symbol:?}");
        }
        assert_eq!(buf[(0, 0)].symbol(), "e\u{301}", "combining marks stay");
        assert_eq!(buf[(3, 0)].symbol(), "\u{1f468}");
    }
}
