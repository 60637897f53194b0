//! The threshold lab's view: the slider, the confusion matrix, the metrics and the
//! operating point on the ROC and precision-recall curves.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

use super::{State, ThresholdLab};
use crate::draw::charts::{CurveChart, chart_fits};
use crate::draw::confusion::ConfusionMatrix;
use crate::draw::theme::Theme;

pub fn render(lab: &ThresholdLab, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let ready = match &lab.state {
        State::Training(_) => {
            Paragraph::new(vec![
                Line::styled("Training the model…", theme.accent),
                Line::raw("The threshold appears as soon as the test scores are ready."),
            ])
            .render(area, buf);
            return;
        }
        State::Failed(e) => {
            Paragraph::new(vec![
                Line::styled("The model could not be trained", theme.bad),
                Line::raw(e.clone()),
            ])
            .wrap(Wrap { trim: true })
            .render(area, buf);
            return;
        }
        State::Ready(r) => r,
    };
    let counts = ready.sweep.counts_at(lab.threshold);
    // The curves need room to be read; without it the numbers take the whole width and
    // the AUC and AP are given as text.
    let split: [Rect; 2] = area.layout(&Layout::horizontal([
        Constraint::Min(44),
        Constraint::Percentage(45),
    ]));
    let charts = chart_fits(Rect {
        height: split[1].height / 2,
        ..split[1]
    });
    let (left, right) = if charts {
        // One blank column keeps the text off the charts' borders.
        let left = Rect {
            width: split[0].width.saturating_sub(1),
            ..split[0]
        };
        (left, Some(split[1]))
    } else {
        (area, None)
    };
    // What was trained, wrapped to the panel so that nothing is cut mid-word.
    let header = Paragraph::new(Line::styled(
        format!(
            "{} · positive when score ≥ threshold",
            ready.data.description
        ),
        theme.dim,
    ))
    .wrap(Wrap { trim: true });
    let header_height = (header.line_count(left.width) as u16).min(left.height / 3);
    let [header_area, left] = left.layout(&Layout::vertical([
        Constraint::Length(header_height),
        Constraint::Min(0),
    ]));
    header.render(header_area, buf);
    let mut lines = vec![
        Line::styled(format!("Threshold {:.2}", lab.threshold), theme.title),
        slider(lab.threshold, 40, theme),
    ];
    // The one look at the test rows comes first: on a small screen it must not be the
    // line that is cut.
    if let Some(test) = &lab.final_test {
        // Two short lines rather than one cut at the panel's edge.
        let (rows, numbers) = test.split_once(": ").unwrap_or((test.as_str(), ""));
        lines.push(Line::styled(
            format!("Test, scored once: {rows}:"),
            theme.accent,
        ));
        lines.push(Line::styled(format!("  {numbers}"), theme.accent));
    }
    let labels = vec![ready.data.positive.clone(), ready.data.negative.clone()];
    let matrix = vec![vec![counts.tp, counts.fn_], vec![counts.fp, counts.tn]];
    let cm = ConfusionMatrix {
        labels: &labels,
        matrix: &matrix,
        tags: Some([["TP", "FN"], ["FP", "TN"]]),
        theme,
    };
    lines.extend(cm.lines_within(left.width as usize));
    use crate::ml::metrics::binary::CountMetric::*;
    for (metric, name) in [
        (Precision, "precision"),
        (Recall, "recall"),
        (F1, "F1"),
        (Specificity, "specificity"),
        (Accuracy, "accuracy"),
    ] {
        let value = counts.metric(metric);
        let undefined = if counts.is_undefined(metric) {
            " (undefined: 0/0)"
        } else {
            ""
        };
        lines.push(Line::from(vec![
            Span::raw(format!("{name:<12}")),
            Span::styled(format!("{value:.3}"), theme.title),
            Span::styled(undefined, theme.dim),
        ]));
    }
    if let (Some(cost), Some(fp), Some(fn_)) = (lab.cost(), lab.spec.cost_fp, lab.spec.cost_fn) {
        lines.push(Line::from(vec![
            Span::raw(format!("{:<12}", "total cost")),
            Span::styled(format!("{cost:.0}"), theme.title),
            Span::styled(
                format!("  = {} FP × {fp} + {} FN × {fn_}", counts.fp, counts.fn_),
                theme.dim,
            ),
        ]));
        match (lab.met.is_some(), ready.cheapest, lab.best_seen) {
            (true, Some(c), _) => lines.push(Line::styled(
                format!(
                    "cheapest {}: {} (cost {:.0}) — found",
                    if c.from == c.to {
                        "threshold"
                    } else {
                        "thresholds"
                    },
                    if c.from == c.to {
                        format!("{:.2}", c.from)
                    } else {
                        format!("{:.2}–{:.2}", c.from, c.to)
                    },
                    c.cost
                ),
                theme.good,
            )),
            (_, _, Some((t, c))) => lines.push(Line::styled(
                format!("cheapest you have seen: {t:.2} (cost {c:.0})"),
                theme.dim,
            )),
            _ => {}
        }
    }
    if let Some(how) = &lab.met {
        lines.push(Line::styled(format!("✓ {how}"), theme.good));
    }
    let auc = ready
        .sweep
        .roc_auc()
        .map(|a| format!("{a:.3}"))
        .unwrap_or_else(|| "undefined".into());
    let ap = ready
        .sweep
        .average_precision()
        .map(|a| format!("{a:.3}"))
        .unwrap_or_else(|| "undefined".into());
    let Some(right) = right else {
        lines.push(Line::styled(format!("ROC AUC {auc} · AP {ap}"), theme.dim));
        Paragraph::new(lines).render(left, buf);
        return;
    };
    Paragraph::new(lines).render(left, buf);
    let [top, bottom] = right.layout(&Layout::vertical([
        Constraint::Percentage(50),
        Constraint::Percentage(50),
    ]));
    let fpr = if counts.negatives() == 0 {
        0.0
    } else {
        counts.fp as f64 / counts.negatives() as f64
    };
    let diagonal = [(0.0, 0.0), (1.0, 1.0)];
    CurveChart {
        title: format!(" ROC · AUC {auc} "),
        x_title: "FPR",
        y_title: "TPR",
        curve: &ready.roc,
        reference: Some(&diagonal),
        point: Some((fpr, counts.recall())),
        x_bounds: [0.0, 1.0],
        y_bounds: [0.0, 1.0],
        points_only: false,
    }
    .render(top, buf, theme);
    let prevalence = ready.sweep.positives() as f64 / ready.sweep.n().max(1) as f64;
    let baseline = [(0.0, prevalence), (1.0, prevalence)];
    CurveChart {
        title: format!(" Precision-recall · AP {ap} "),
        x_title: "recall",
        y_title: "precision",
        curve: &ready.pr,
        reference: Some(&baseline),
        point: Some((counts.recall(), counts.precision())),
        x_bounds: [0.0, 1.0],
        y_bounds: [0.0, 1.0],
        points_only: false,
    }
    .render(bottom, buf, theme);
}
/// A text slider for a value in [0, 1].
fn slider(value: f64, width: usize, theme: &Theme) -> Line<'static> {
    let pos = ((value.clamp(0.0, 1.0)) * (width - 1) as f64).round() as usize;
    let track: String = (0..width)
        .map(|i| if i == pos { '┃' } else { '─' })
        .collect();
    Line::from(vec![
        Span::raw("0 "),
        Span::styled(track, theme.accent),
        Span::raw(" 1"),
    ])
}
