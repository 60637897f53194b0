//! The decay lab's view: the state of the run in words on the left, and a timeline on the
//! right — accuracy of the labelled batches, the drift score of every batch with the alert
//! threshold as a dotted rule, a row of alerts (!) and retrains (R), and, once the run is
//! over, the onset (▼).

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

use super::scenario::BATCHES;
use super::{DecayLab, Run, Signal, batches};
use crate::draw::theme::Theme;
use crate::draw::timeline::{self, Timeline};
use crate::labs::{GoalLine, LabModel};

const WIDE: u16 = 76;
const TEXT_WIDTH: u16 = 36;
/// Left gutter of the timeline, for the row names.
const GUTTER: u16 = 6;
/// Accuracy bars run from this value (bottom) to 1 (top).
const ACCURACY_FLOOR: f64 = 0.4;
/// PSI bars run from 0 to this value; larger values fill the column.
const PSI_CEILING: f64 = 1.0;
/// Rows the timeline needs to be worth drawing.
const MIN_TIMELINE: u16 = 6;

pub fn message(area: Rect, buf: &mut Buffer, theme: &Theme, text: &str, bad: bool) {
    Paragraph::new(vec![Line::styled(
        text.to_string(),
        if bad { theme.bad } else { theme.accent },
    )])
    .wrap(Wrap { trim: true })
    .render(area, buf);
}

pub fn render(lab: &DecayLab, run: &Run, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let lines = text(lab, run, theme);
    if area.width >= WIDE {
        let [left, right] = area.layout(&Layout::horizontal([
            Constraint::Length(TEXT_WIDTH),
            Constraint::Min(20),
        ]));
        Paragraph::new(lines)
            .wrap(Wrap { trim: true })
            .render(left, buf);
        timeline_view(lab, run, right, buf, theme);
        return;
    }
    let height = |lines: &[Line]| {
        Paragraph::new(lines.to_vec())
            .wrap(Wrap { trim: true })
            .line_count(area.width.max(1)) as u16
    };
    let lines = if height(&lines) + MIN_TIMELINE > area.height {
        compact_text(lab, run, theme)
    } else {
        lines
    };
    let text_height = height(&lines).min(area.height);
    let [top, bottom] = area.layout(&Layout::vertical([
        Constraint::Length(text_height),
        Constraint::Min(0),
    ]));
    Paragraph::new(lines)
        .wrap(Wrap { trim: true })
        .render(top, buf);
    if bottom.height >= MIN_TIMELINE {
        timeline_view(lab, run, bottom, buf, theme);
    }
}

/// The essentials in three short lines, for small screens.
fn compact_text(lab: &DecayLab, run: &Run, theme: &Theme) -> Vec<Line<'static>> {
    let delay = lab.spec().label_delay;
    let labelled = run.labelled(delay);
    let rule = match lab.signal {
        Signal::DriftScore => format!("PSI ≥ {:.2}", lab.threshold()),
        Signal::Accuracy => format!("acc < {:.2}", lab.threshold()),
    };
    let newest = run
        .batches
        .last()
        .map_or("–".into(), |b| format!("{:.2}", b.psi));
    let known = labelled
        .checked_sub(1)
        .map_or("?".into(), |l| format!("{:.2}", run.batches[l].accuracy));
    let mut lines = vec![
        Line::from(vec![
            Span::styled(
                format!("batch {}/{BATCHES} · alert if {rule}", run.batches.len()),
                theme.title,
            ),
            Span::raw(format!(" · {} alerts", run.alerts.len())),
        ]),
        Line::raw(format!(
            "newest PSI {newest} · acc {known} ({delay} late) · {} retrain(s)",
            run.retrains.len()
        )),
    ];
    if run.ended() {
        let v = run.verdict();
        lines.push(Line::styled(
            format!(
                "onset batch {} · first alert after: {} · false alarms {}",
                v.onset + 1,
                v.first_after.map_or("none".into(), |a| (a + 1).to_string()),
                v.false_alarms
            ),
            theme.title,
        ));
    }
    lines
}

fn text(lab: &DecayLab, run: &Run, theme: &Theme) -> Vec<Line<'static>> {
    let delay = lab.spec().label_delay;
    let done = run.batches.len();
    let labelled = run.labelled(delay);
    let field = |name: &str| Span::styled(format!("{name:<8}"), theme.dim);
    let mut lines = vec![Line::from(vec![
        field("batch"),
        Span::styled(format!("{done}/{BATCHES}"), theme.title),
        Span::raw(if labelled > 0 {
            format!(" · labels to {labelled}")
        } else {
            " · no labels yet".into()
        }),
    ])];
    let rule = match lab.signal {
        Signal::DriftScore => format!("PSI of scores ≥ {:.2}", lab.threshold()),
        Signal::Accuracy => format!("accuracy < {:.2}", lab.threshold()),
    };
    lines.push(Line::from(vec![
        field("alert"),
        Span::styled(rule, theme.title),
    ]));
    let newest = run
        .batches
        .last()
        .map_or("–".into(), |b| format!("{:.2}", b.psi));
    let known = labelled
        .checked_sub(1)
        .map_or("?".into(), |l| format!("{:.2}", run.batches[l].accuracy));
    lines.push(Line::from(vec![
        field("newest"),
        Span::raw(format!("PSI {newest} · acc {known} ({delay} late)")),
    ]));
    let list: Vec<String> = run.alerts.iter().map(|a| (a.at + 1).to_string()).collect();
    lines.push(Line::from(vec![
        field("alerts"),
        Span::styled(
            if list.is_empty() {
                "none".to_string()
            } else {
                format!("{}: {}", list.len(), shorten(&list, 3))
            },
            if list.is_empty() {
                theme.text
            } else {
                theme.warn
            },
        ),
    ]));
    lines.push(Line::from(vec![
        field("model"),
        Span::raw(run.model().trained_on.clone()),
    ]));
    lines.push(Line::from(vec![
        field("retrain"),
        Span::raw(if lab.auto_retrain {
            "on every alert (o)"
        } else {
            "by hand (t)"
        }),
    ]));
    if lab.retraining() {
        lines.push(Line::styled("⟳ retraining…", theme.accent));
    } else if lab.playing() {
        lines.push(Line::styled("▶ playing (a pauses)", theme.accent));
    }
    if let Some(note) = &run.note {
        lines.push(Line::styled(note.clone(), theme.warn));
    }
    if run.ended() {
        let v = run.verdict();
        lines.push(Line::from(vec![
            field("onset"),
            Span::styled(
                match v.first_after {
                    Some(at) => format!(
                        "batch {}; alert at {} (+{})",
                        v.onset + 1,
                        at + 1,
                        at - v.onset
                    ),
                    None => format!("batch {}; no alert after it", v.onset + 1),
                },
                theme.title,
            ),
        ]));
        lines.push(Line::from(vec![
            field("false"),
            Span::styled(
                format!("{} alarm(s) before the onset", v.false_alarms),
                theme.title,
            ),
        ]));
    }
    if run.ended() && lab.goal_met().is_none() {
        lines.push(Line::styled("✗ Not met: r starts over", theme.warn));
    }
    lines
}

/// The goal and where the run stands, for the line the tutor draws above the lab.
pub fn goal_line(lab: &DecayLab) -> GoalLine {
    let goal = match lab.spec().goal {
        Some(g) => format!(
            "alert ≤ {} after the onset, ≤ {} false alarm{}",
            batches(g.catch_within),
            g.max_false_alarms,
            if g.max_false_alarms == 1 { "" } else { "s" }
        ),
        None => "watch the stream".to_string(),
    };
    let now = lab.run().map(|run| {
        if run.ended() {
            let v = run.verdict();
            format!(
                "{}, {} false alarm{}",
                match v.first_after {
                    Some(at) => format!("alert +{}", at - v.onset),
                    None => "no alert after the onset".to_string(),
                },
                v.false_alarms,
                if v.false_alarms == 1 { "" } else { "s" }
            )
        } else {
            format!(
                "batch {}/{BATCHES}, {} alert{} (onset shown at the end)",
                run.batches.len(),
                run.alerts.len(),
                if run.alerts.len() == 1 { "" } else { "s" }
            )
        }
    });
    GoalLine { goal, now }
}

/// The first `keep` items and "…" after them.
fn shorten(items: &[String], keep: usize) -> String {
    if items.len() <= keep {
        items.join(", ")
    } else {
        format!("{}, …", items[..keep].join(", "))
    }
}

/// A bar row's name and scale in the gutter: with three rows or more, the top value on
/// the top row, the name in the middle and the bottom value on the bottom row; with two,
/// the name over the range; with one, the name.
fn scale_labels(
    area: Rect,
    buf: &mut Buffer,
    theme: &Theme,
    name: &str,
    scale: (&str, &str, &str),
) {
    let (top, bottom, range) = scale;
    let (x, y, h) = (area.x, area.y, area.height);
    match h {
        0 => {}
        1 => buf.set_string(x, y, name, theme.dim),
        2 => {
            buf.set_string(x, y, name, theme.dim);
            buf.set_string(x, y + 1, range, theme.dim);
        }
        _ => {
            buf.set_string(x, y, top, theme.dim);
            buf.set_string(x, y + h / 2, name, theme.dim);
            buf.set_string(x, y + h - 1, bottom, theme.dim);
        }
    }
}

fn timeline_view(lab: &DecayLab, run: &Run, area: Rect, buf: &mut Buffer, theme: &Theme) {
    if area.width <= GUTTER + 4 || area.height < MIN_TIMELINE {
        return;
    }
    let plot = area.height - 3;
    let accuracy_rows = plot / 2;
    let psi_rows = plot - accuracy_rows;
    let [acc_area, psi_area, alert_area, event_area, axis_area] = area.layout(&Layout::vertical([
        Constraint::Length(accuracy_rows),
        Constraint::Length(psi_rows),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
    ]));
    let tl = Timeline {
        slots: BATCHES,
        width: area.width - GUTTER,
    };
    let body = |r: Rect| Rect {
        x: r.x + GUTTER,
        width: r.width - GUTTER,
        ..r
    };
    let labelled = run.labelled(lab.spec().label_delay);
    let accuracy: Vec<Option<f64>> = (0..BATCHES)
        .map(|b| (b < labelled).then(|| run.batches[b].accuracy))
        .collect();
    let psi: Vec<Option<f64>> = (0..BATCHES)
        .map(|b| run.batches.get(b).map(|x| x.psi))
        .collect();
    let (acc_rule, psi_rule) = match lab.signal {
        Signal::Accuracy => (Some(lab.threshold()), None),
        Signal::DriftScore => (None, Some(lab.threshold())),
    };
    let floor = format!("{ACCURACY_FLOOR:.1}");
    let acc_range = format!("{floor}–1");
    scale_labels(acc_area, buf, theme, "acc", ("1.0", &floor, &acc_range));
    timeline::bars(
        tl,
        &accuracy,
        [ACCURACY_FLOOR, 1.0],
        acc_rule,
        body(acc_area),
        buf,
        (theme.good, theme.warn),
    );
    let (ceiling, psi_range) = (format!("≥{PSI_CEILING:.1}"), format!("0–{PSI_CEILING:.0}+"));
    scale_labels(psi_area, buf, theme, "PSI", (&ceiling, "0", &psi_range));
    timeline::bars(
        tl,
        &psi,
        [0.0, PSI_CEILING],
        psi_rule,
        body(psi_area),
        buf,
        (theme.accent, theme.warn),
    );
    let mut marks: Vec<(usize, char, ratatui::style::Style)> = run
        .retrains
        .iter()
        .map(|(before, _)| (*before, 'R', theme.accent))
        .collect();
    marks.extend(run.alerts.iter().map(|a| (a.at, '!', theme.bad)));
    buf.set_string(alert_area.x, alert_area.y, "alert", theme.dim);
    timeline::markers(tl, &marks, body(alert_area), buf);
    let event = if run.ended() {
        buf.set_string(event_area.x, event_area.y, "onset", theme.dim);
        (run.scenario.onset, '▼', theme.title)
    } else {
        buf.set_string(event_area.x, event_area.y, "next", theme.dim);
        (run.batches.len(), '▲', theme.title)
    };
    timeline::markers(tl, &[event], body(event_area), buf);
    buf.set_string(axis_area.x, axis_area.y, "batch", theme.dim);
    timeline::axis(
        tl,
        &[0, 4, 9, 14, 19, 24, 29],
        |b| (b + 1).to_string(),
        body(axis_area),
        buf,
        theme.dim,
    );
}
