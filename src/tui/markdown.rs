//! The lesson markdown subset rendered to ratatui text: paragraphs, **bold**,
//! *italic*, `code`, lists, > quotes, fenced code and headings. Wrapping is left to
//! the paragraph that shows it.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span, Text};

use crate::draw::theme::Theme;
use crate::sanitize;

pub fn render(markdown: &str, theme: &Theme) -> Text<'static> {
    let clean = sanitize::clean(markdown);
    let mut r = Renderer {
        theme,
        lines: Vec::new(),
        current: Vec::new(),
        styles: vec![theme.text],
        lists: Vec::new(),
        quote: 0,
        in_code_block: false,
        pending_prefix: None,
    };
    for event in Parser::new_ext(&clean, Options::empty()) {
        r.event(event);
    }
    r.flush();
    while r.lines.last().is_some_and(|l| l.spans.is_empty()) {
        r.lines.pop();
    }
    Text::from(r.lines)
}

struct Renderer<'t> {
    theme: &'t Theme,
    lines: Vec<Line<'static>>,
    current: Vec<Span<'static>>,
    styles: Vec<Style>,
    /// Per open list: the next number, or None for bullets.
    lists: Vec<Option<u64>>,
    quote: usize,
    in_code_block: bool,
    /// The bullet or number to put before the next text of a list item.
    pending_prefix: Option<String>,
}

impl Renderer<'_> {
    fn style(&self) -> Style {
        *self.styles.last().unwrap_or(&Style::new())
    }

    fn push_style(&mut self, add: Style) {
        let s = self.style().patch(add);
        self.styles.push(s);
    }

    fn indent(&self) -> String {
        let mut s = "│ ".repeat(self.quote);
        s.push_str(&"   ".repeat(self.lists.len().saturating_sub(1)));
        s
    }

    fn start_line(&mut self) {
        if self.current.is_empty() {
            let indent = self.indent();
            if !indent.is_empty() {
                self.current.push(Span::styled(indent, self.theme.dim));
            }
            if let Some(p) = self.pending_prefix.take() {
                self.current.push(Span::styled(p, self.theme.accent));
            } else if !self.lists.is_empty() {
                self.current.push(Span::raw("   "));
            }
        }
    }

    fn flush(&mut self) {
        if !self.current.is_empty() {
            let spans = std::mem::take(&mut self.current);
            self.lines.push(Line::from(spans));
        }
    }

    fn blank(&mut self) {
        self.flush();
        if self.lines.last().is_some_and(|l| !l.spans.is_empty()) {
            self.lines.push(Line::default());
        }
    }

    fn text(&mut self, text: &str) {
        if self.in_code_block {
            for line in text.split_inclusive('\n') {
                let content = line.trim_end_matches('\n');
                self.start_line();
                self.current
                    .push(Span::styled(format!("    {content}"), self.theme.code));
                if line.ends_with('\n') {
                    self.flush();
                }
            }
            return;
        }
        self.start_line();
        self.current
            .push(Span::styled(text.to_string(), self.style()));
    }

    fn event(&mut self, event: Event<'_>) {
        match event {
            Event::Start(tag) => match tag {
                Tag::Paragraph => {}
                Tag::Heading { .. } => {
                    self.blank();
                    self.push_style(self.theme.title);
                }
                Tag::BlockQuote(_) => {
                    self.blank();
                    self.quote += 1;
                    self.push_style(Style::new().add_modifier(Modifier::ITALIC));
                }
                Tag::CodeBlock(_) => {
                    self.blank();
                    self.in_code_block = true;
                }
                Tag::List(start) => {
                    if self.lists.is_empty() {
                        self.blank();
                    } else {
                        self.flush();
                    }
                    self.lists.push(start);
                }
                Tag::Item => {
                    self.flush();
                    let prefix = match self.lists.last_mut() {
                        Some(Some(n)) => {
                            let p = format!("{n}. ");
                            *n += 1;
                            p
                        }
                        _ => "• ".to_string(),
                    };
                    self.pending_prefix = Some(prefix);
                }
                Tag::Emphasis => self.push_style(Style::new().add_modifier(Modifier::ITALIC)),
                Tag::Strong => self.push_style(Style::new().add_modifier(Modifier::BOLD)),
                Tag::Strikethrough => {
                    self.push_style(Style::new().add_modifier(Modifier::CROSSED_OUT))
                }
                Tag::Link { .. } => {
                    self.push_style(Style::new().add_modifier(Modifier::UNDERLINED))
                }
                _ => {}
            },
            Event::End(tag) => match tag {
                TagEnd::Paragraph => {
                    if self.lists.is_empty() {
                        self.blank();
                    } else {
                        self.flush();
                    }
                }
                TagEnd::Heading(_) => {
                    self.styles.pop();
                    self.blank();
                }
                TagEnd::BlockQuote(_) => {
                    self.flush();
                    self.quote = self.quote.saturating_sub(1);
                    self.styles.pop();
                    self.blank();
                }
                TagEnd::CodeBlock => {
                    self.flush();
                    self.in_code_block = false;
                    self.blank();
                }
                TagEnd::List(_) => {
                    self.flush();
                    self.lists.pop();
                    if self.lists.is_empty() {
                        self.blank();
                    }
                }
                TagEnd::Item => self.flush(),
                TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Link => {
                    self.styles.pop();
                }
                _ => {}
            },
            Event::Text(t) => self.text(&t),
            Event::Code(c) => {
                self.start_line();
                self.current
                    .push(Span::styled(c.to_string(), self.theme.code));
            }
            Event::SoftBreak => self.text(" "),
            Event::HardBreak => self.flush(),
            Event::Rule => {
                self.blank();
                self.lines.push(Line::styled("────────", self.theme.dim));
                self.blank();
            }
            Event::Html(h) | Event::InlineHtml(h) => self.text(&h),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(md: &str) -> Vec<String> {
        render(md, &Theme::mono())
            .lines
            .iter()
            .map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect())
            .collect()
    }

    #[test]
    fn paragraphs_lists_quotes_and_code() {
        let md = "First **bold** and `code`.\n\n- one\n- two\n\n1. a\n2. b\n\n> quoted\n\n```\nx = 1\n```\n";
        assert_eq!(
            plain(md),
            vec![
                "First bold and code.",
                "",
                "• one",
                "• two",
                "",
                "1. a",
                "2. b",
                "",
                "│ quoted",
                "",
                "    x = 1",
            ]
        );
    }

    #[test]
    fn escape_sequences_never_reach_the_terminal() {
        let lines = plain("red \u{1b}[31mtext\u{1b}[0m");
        assert_eq!(lines, vec!["red text"]);
    }
}
