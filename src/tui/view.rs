//! Drawing the whole app: header, notices, the current screen, the footer generated
//! from the keymap, and the help overlay.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

use super::app::{App, Screen};
use super::screens;
use super::widgets::{footer, help, too_small};

/// Below this size the app shows a "terminal too small" screen instead.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 20;

impl Widget for &App {
    /// Draws the screen, then removes every control character and escape sequence that
    /// reached a cell: the one edge where text from lesson, data and progress files
    /// meets the terminal, whatever path it took.
    fn render(self, area: Rect, buf: &mut Buffer) {
        self.draw_screen(area, buf);
        crate::sanitize::clean_cells(buf, area);
    }
}

impl App {
    fn draw_screen(&self, area: Rect, buf: &mut Buffer) {
        if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
            too_small::render(area, buf, MIN_WIDTH, MIN_HEIGHT, &self.theme);
            return;
        }
        // A lab's own keys lead the footer (only while no overlay is open).
        let lab_keys = match (self.help, self.screen()) {
            (None, Screen::Lesson(view)) if self.context() == crate::tui::keymap::Context::Lab => {
                match &view.lab {
                    Some(crate::tui::lesson::LabSlot { lab: Ok(lab), .. }) => lab.keys(),
                    _ => Vec::new(),
                }
            }
            _ => Vec::new(),
        };
        // Notices wrap; they get the rows they need, up to a third of the screen.
        let mut notice_lines: Vec<Line> = self
            .visible_notices()
            .iter()
            .map(|n| {
                Line::from(vec![
                    Span::styled("! ", self.theme.warn),
                    Span::raw(n.clone()),
                ])
            })
            .collect();
        if !notice_lines.is_empty() {
            notice_lines.push(Line::styled(
                "  (x on the home screen hides these notices)",
                self.theme.dim,
            ));
        }
        let notices_para = Paragraph::new(notice_lines).wrap(Wrap { trim: false });
        let notice_rows = if self.visible_notices().is_empty() {
            0
        } else {
            (notices_para.line_count(area.width) as u16).min(area.height / 3)
        };
        let [header, notices, body, foot] = area.layout(&Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(notice_rows),
            Constraint::Min(1),
            Constraint::Length(footer::height(self.context(), &lab_keys, area.width)),
        ]));
        render_header(self, header, buf);
        if notice_rows > 0 {
            notices_para.render(notices, buf);
        }
        match self.screen() {
            Screen::Home { selected } => screens::home::render(self, *selected, body, buf),
            Screen::Track { track, selected } => {
                screens::track::render(self, *track, *selected, body, buf)
            }
            Screen::Lesson(view) => screens::lesson::render(self, view, body, buf),
            Screen::Problems { scroll } => screens::problems::render(self, *scroll, body, buf),
            Screen::Skills { selected } => screens::skills::render(self, *selected, body, buf),
            Screen::Roles { selected } => screens::roles::render(self, *selected, body, buf),
            Screen::Role { role, selected } => {
                screens::role::render(self, role, *selected, body, buf)
            }
            Screen::Assess(state) => screens::assess::render(self, state, body, buf),
            Screen::Review(session) => screens::review::render(self, session, body, buf),
        }
        footer::render(self.context(), &lab_keys, foot, buf, &self.theme);
        if let Some(scroll) = self.help {
            help::render(self, scroll, body, buf);
        }
    }
}

fn render_header(app: &App, area: Rect, buf: &mut Buffer) {
    let crumbs = match app.screen() {
        Screen::Home { .. } => "Home".to_string(),
        Screen::Track { track, .. } => app.catalog.tracks[*track].title.clone(),
        Screen::Lesson(view) => match view.lesson(&app.catalog) {
            Some(lesson) => {
                let track = app
                    .catalog
                    .track(&lesson.track)
                    .map(|t| t.title.as_str())
                    .unwrap_or("");
                format!("{track} › {}", lesson.title)
            }
            None => String::new(),
        },
        Screen::Problems { .. } => "Lesson problems".to_string(),
        Screen::Skills { .. } => "Skills map".to_string(),
        Screen::Roles { .. } => "Career roles".to_string(),
        Screen::Role { role, .. } => format!(
            "Career roles › {}",
            app.catalog
                .role(role)
                .map_or(role.as_str(), |r| r.name.as_str())
        ),
        Screen::Assess(_) => "Self-assessment".to_string(),
        Screen::Review(_) => "Review".to_string(),
    };
    Line::from(vec![
        Span::styled(" mlpath ", app.theme.selected),
        Span::raw(" "),
        Span::styled(crumbs, app.theme.title),
    ])
    .render(area, buf);
}
