//! The change-points lab's view: the settings and the score in words, then a timeline of
//! the series, the two-window statistic with the threshold as a dotted rule, the annotated
//! changes (▼), the detections (▲ a hit, ✗ a false alarm) and the row numbers.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

use super::detect::Statistic;
use super::{ChangeLab, MIN_GAP};
use crate::labs::Lab;
use crate::draw::timeline::{self, Timeline};
use crate::draw::theme::Theme;

const GUTTER: u16 = 7;

/// Rows the timeline needs to be worth drawing: two of statistic, markers and axis.
const MIN_TIMELINE: u16 = 5;

pub fn render(lab: &ChangeLab, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let height = |lines: &[Line]| {
        Paragraph::new(lines.to_vec())
            .wrap(Wrap { trim: true })
            .line_count(area.width.max(1)) as u16
    };
    let mut lines = text(lab, theme);
    if height(&lines) + MIN_TIMELINE > area.height {
        lines = compact_text(lab, theme);
    }
    let text_height = height(&lines).min(area.height);
    let [top, bottom] = area.layout(&Layout::vertical([
        Constraint::Length(text_height),
        Constraint::Min(0),
    ]));
    Paragraph::new(lines)
        .wrap(Wrap { trim: true })
        .render(top, buf);
    timeline_view(lab, bottom, buf, theme);
}

fn text(lab: &ChangeLab, theme: &Theme) -> Vec<Line<'static>> {
    let stat = lab.statistic.name();
    let w = lab.window;
    let score = lab.score();
    let changes = lab.changes.len();
    let mut lines = vec![
        Line::from(vec![
            Span::styled(lab.column_name().to_string(), theme.title),
            Span::raw(format!(
                ": {stat} between the {w} rows before and the {w} from each row"
            )),
        ]),
        Line::from(vec![
            Span::raw("window "),
            Span::styled(format!("{w} rows"), theme.title),
            Span::raw(" · threshold "),
            Span::styled(format!("{stat} ≥ {}", lab.threshold_words()), theme.title),
            Span::raw(format!(" · peaks ≥ {MIN_GAP} rows apart")),
        ]),
        Line::from(vec![
            Span::raw(format!("found {} · recall ", lab.detections().len())),
            Span::styled(format!("{:.2}", score.recall()), theme.title),
            Span::raw(format!(
                " ({} of {changes} marked, ±{} rows) · false alarms ",
                score.hits(),
                lab.tolerance()
            )),
            Span::styled(score.false_alarms.len().to_string(), theme.title),
        ]),
    ];
    match (lab.goal_met(), lab.goal()) {
        (Some(how), _) => lines.push(Line::styled(format!("✓ Goal met: {how}"), theme.good)),
        (None, Some(goal)) => lines.push(Line::styled(
            format!(
                "Goal: recall ≥ {} with ≤ {} false alarms (▼ marked by ≥ 2 of {} annotators)",
                goal.min_recall, goal.max_false_alarms, lab.annotators
            ),
            theme.warn,
        )),
        (None, None) => {}
    }
    lines
}

/// The same facts in three short lines, for small screens.
fn compact_text(lab: &ChangeLab, theme: &Theme) -> Vec<Line<'static>> {
    let score = lab.score();
    let mut lines = vec![
        Line::from(vec![
            Span::styled(
                format!(
                    "w {} · {} ≥ {}",
                    lab.window,
                    lab.statistic.name(),
                    lab.threshold_words()
                ),
                theme.title,
            ),
            Span::raw(format!(" · {}", lab.column_name())),
        ]),
        Line::raw(format!(
            "found {} · recall {:.2} ({}/{}) · false alarms {}",
            lab.detections().len(),
            score.recall(),
            score.hits(),
            lab.changes.len(),
            score.false_alarms.len()
        )),
    ];
    match (lab.goal_met(), lab.goal()) {
        (Some(_), _) => lines.push(Line::styled("✓ Goal met", theme.good)),
        (None, Some(goal)) => lines.push(Line::styled(
            format!(
                "Goal: recall ≥ {}, ≤ {} false alarms",
                goal.min_recall, goal.max_false_alarms
            ),
            theme.warn,
        )),
        (None, None) => {}
    }
    lines
}

fn timeline_view(lab: &ChangeLab, area: Rect, buf: &mut Buffer, theme: &Theme) {
    if area.width <= GUTTER + 4 || area.height < 4 {
        return;
    }
    let plot = area.height - 3;
    let series_rows = if plot >= 6 { plot / 3 } else { 0 };
    let stat_rows = plot - series_rows;
    let [series_area, stat_area, marked_area, found_area, axis_area] =
        area.layout(&Layout::vertical([
            Constraint::Length(series_rows),
            Constraint::Length(stat_rows),
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Length(1),
        ]));
    let values = lab.values();
    let tl = Timeline {
        slots: values.len(),
        width: area.width - GUTTER,
    };
    let body = |r: Rect| Rect {
        x: r.x + GUTTER,
        width: r.width - GUTTER,
        ..r
    };
    if series_rows > 0 {
        let (lo, hi) = values
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &v| {
                (lo.min(v), hi.max(v))
            });
        let raw: Vec<Option<f64>> = values.iter().map(|&v| Some(v)).collect();
        buf.set_string(series_area.x, series_area.y, "series", theme.dim);
        timeline::bars(
            tl,
            &raw,
            [lo, hi],
            None,
            body(series_area),
            buf,
            (theme.dim, theme.dim),
        );
    }
    let top = match lab.statistic {
        Statistic::Ks => 1.0,
        Statistic::Psi => lab
            .series()
            .iter()
            .flatten()
            .fold(lab.threshold(), |a, &b| a.max(b))
            .max(0.1),
    };
    buf.set_string(stat_area.x, stat_area.y, lab.statistic.name(), theme.dim);
    timeline::bars(
        tl,
        lab.series(),
        [0.0, top],
        Some(lab.threshold()),
        body(stat_area),
        buf,
        (theme.accent, theme.warn),
    );
    let marked: Vec<(usize, char, Style)> =
        lab.changes.iter().map(|&c| (c, '▼', theme.title)).collect();
    buf.set_string(marked_area.x, marked_area.y, "marked", theme.dim);
    timeline::markers(tl, &marked, body(marked_area), buf);
    let score = lab.score();
    let mut found: Vec<(usize, char, Style)> = score
        .false_alarms
        .iter()
        .map(|&d| (d, '✗', theme.bad))
        .collect();
    found.extend(
        score
            .matched
            .iter()
            .flatten()
            .map(|&d| (d, '▲', theme.good)),
    );
    buf.set_string(found_area.x, found_area.y, "found", theme.dim);
    timeline::markers(tl, &found, body(found_area), buf);
    buf.set_string(axis_area.x, axis_area.y, "row", theme.dim);
    let ticks: Vec<usize> = (0..values.len()).step_by(50).collect();
    timeline::axis(
        tl,
        &ticks,
        |r| r.to_string(),
        body(axis_area),
        buf,
        theme.dim,
    );
}
