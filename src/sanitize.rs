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

/// A control character other than newline and tab, or a bidirectional override
/// (which can make text display differently from what it says).
pub fn is_forbidden(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
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
            }
        }
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
}
