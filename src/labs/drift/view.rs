//! The drift lab's view: a histogram of the two windows on the left (reference █, current ▒,
//! so that it reads without colour) and on the right the features with their KS p-value and
//! PSI, the shift, the windows, every statistic with its threshold and verdict, and the goal.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

use super::{DriftGoal, DriftLab};
use crate::draw::theme::Theme;
use crate::labs::GoalLine;
use crate::labs::LabModel;
use crate::ml::drift::binning::{PSI_MAJOR, PSI_MODERATE, PsiLevel, psi_level};
use crate::ml::drift::column::NumericDrift;

/// The histogram needs this many columns; below it the lab shows one column of text.
const HISTOGRAM_WIDTH: u16 = 34;
const WIDE: u16 = 76;
/// KS flags drift when p ≤ this (Evidently's rule for small references).
pub const KS_ALPHA: f64 = 0.05;
/// Normed Wasserstein and Jensen–Shannon flag drift at or above this.
pub const DISTANCE_THRESHOLD: f64 = 0.1;

pub fn render(lab: &DriftLab, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let drift = lab.stats().and_then(|s| s.drift.as_ref());
    if area.width >= WIDE {
        let [left, right] = area.layout(&Layout::horizontal([
            Constraint::Length(HISTOGRAM_WIDTH),
            Constraint::Min(20),
        ]));
        if let Some(d) = drift {
            histogram(d, left, buf, theme);
        }
        text(lab, right, buf, theme);
        return;
    }
    let bins = drift.map_or(0, |d| d.reference_shares.len() as u16);
    let fixed = 9 + 3 + bins + 1;
    if area.height >= fixed && area.width >= HISTOGRAM_WIDTH {
        let [top, bottom] = area.layout(&Layout::vertical([
            Constraint::Min(9),
            Constraint::Length(bins + 1),
        ]));
        text(lab, top, buf, theme);
        if let Some(d) = drift {
            histogram(d, bottom, buf, theme);
        }
    } else {
        text(lab, area, buf, theme);
    }
}

/// A number with about four significant digits, for bin edges.
fn short(v: f64) -> String {
    let a = v.abs();
    if a >= 1000.0 {
        format!("{v:.0}")
    } else if a >= 100.0 {
        format!("{v:.1}")
    } else if a >= 1.0 {
        format!("{v:.2}")
    } else {
        format!("{v:.4}")
    }
}

pub fn p_value(p: f64) -> String {
    if p < 1e-3 {
        format!("{p:.1e}")
    } else {
        format!("{p:.3}")
    }
}

pub fn psi_words(psi: f64) -> &'static str {
    match psi_level(psi) {
        PsiLevel::Stable => "none",
        PsiLevel::Moderate => "moderate",
        PsiLevel::Major => "major",
    }
}

fn verdict(drifted: bool) -> &'static str {
    if drifted { "drift" } else { "no drift" }
}

/// Bars of the reference (█, with eighths) and current (▒) shares per bin.
fn histogram(d: &NumericDrift, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let bins = d.reference_shares.len();
    let label_w = 8usize;
    let bar_w = (area.width as usize).saturating_sub(label_w + 3) / 2;
    let top = d
        .reference_shares
        .iter()
        .chain(&d.current_shares)
        .fold(0.0f64, |a, &b| a.max(b))
        .max(1e-9);
    let mut lines = vec![Line::from(vec![
        Span::styled("█ reference", theme.accent),
        Span::raw("  "),
        Span::styled("▒ current", theme.warn),
    ])];
    for i in 0..bins {
        let label = match d.edges.get(i) {
            Some(e) => format!("≤{}", short(*e)),
            None => format!(">{}", short(*d.edges.last().unwrap_or(&f64::NAN))),
        };
        let label = if d.edges.is_empty() {
            "all".to_string()
        } else {
            label
        };
        let reference = solid_bar(d.reference_shares[i] / top, bar_w);
        let current = shade_bar(d.current_shares[i] / top, bar_w);
        lines.push(Line::from(vec![
            Span::styled(format!("{label:>label_w$} "), theme.dim),
            Span::styled(format!("{reference:<bar_w$}"), theme.accent),
            Span::raw(" "),
            Span::styled(current, theme.warn),
        ]));
    }
    Paragraph::new(lines).render(area, buf);
}

/// A bar of `fraction` × `width` cells in full blocks and one eighth block.
fn solid_bar(fraction: f64, width: usize) -> String {
    let eighths = (fraction.clamp(0.0, 1.0) * width as f64 * 8.0).round() as usize;
    let mut bar = "█".repeat(eighths / 8);
    const PARTS: [&str; 8] = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"];
    bar.push_str(PARTS[eighths % 8]);
    if bar.is_empty() && fraction > 0.0 {
        bar.push('▏');
    }
    bar
}

/// A bar of whole ▒ cells; a non-empty bin shows at least one.
fn shade_bar(fraction: f64, width: usize) -> String {
    let cells = (fraction.clamp(0.0, 1.0) * width as f64).round() as usize;
    "▒".repeat(if fraction > 0.0 { cells.max(1) } else { 0 })
}

/// The features, the shift, the windows, the statistics and the goal.
fn text(lab: &DriftLab, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let mut tail = Vec::new();
    let shift = lab.shift();
    tail.push(Line::from(vec![
        Span::styled("shift   ", theme.dim),
        Span::styled(
            if shift.is_none() {
                format!("none ({} dial at 0)", shift.kind.name())
            } else {
                shift.describe()
            },
            theme.title,
        ),
    ]));
    tail.push(Line::from(vec![
        Span::styled("window  ", theme.dim),
        Span::raw(lab.window_words()),
    ]));
    match lab.stats().and_then(|s| s.drift.as_ref()) {
        Some(d) => tail.extend(statistics(d, theme)),
        None => tail.push(Line::styled(
            "No current values are left to compare.",
            theme.bad,
        )),
    }
    let (ref_missing, cur_missing) = lab.missing_shares();
    let rose = cur_missing > ref_missing;
    tail.push(Line::from(vec![
        Span::styled("missing ", theme.dim),
        Span::styled(
            format!(
                "reference {:.1}% · current {:.1}%",
                ref_missing * 100.0,
                cur_missing * 100.0
            ),
            if rose { theme.warn } else { theme.text },
        ),
        Span::styled(
            if rose {
                "  rose: tests skip missing values"
            } else {
                ""
            },
            theme.warn,
        ),
    ]));
    tail.extend(goal_lines(lab, theme));
    let tail_height = wrapped_height(&tail, area.width);
    let list_height = area.height.saturating_sub(tail_height).max(1);
    let [list_area, tail_area] = area.layout(&Layout::vertical([
        Constraint::Length(list_height),
        Constraint::Min(0),
    ]));
    feature_list(lab, list_area, buf, theme);
    Paragraph::new(tail)
        .wrap(Wrap { trim: true })
        .render(tail_area, buf);
}

fn wrapped_height(lines: &[Line], width: u16) -> u16 {
    Paragraph::new(lines.to_vec())
        .wrap(Wrap { trim: true })
        .line_count(width.max(1)) as u16
}

/// One line per statistic: value, threshold and verdict in words.
fn statistics(d: &NumericDrift, theme: &Theme) -> Vec<Line<'static>> {
    let row = |name: &str, value: String, rule: String, word: &'static str, alarm: bool| {
        Line::from(vec![
            Span::styled(format!("{name:<9}"), theme.dim),
            Span::raw(format!("{value:<17}")),
            Span::styled(format!("{rule:<10}"), theme.dim),
            Span::styled(word, if alarm { theme.bad } else { theme.good }),
        ])
    };
    let ks_drift = d.ks.p_value <= KS_ALPHA;
    let psi_word = psi_words(d.psi);
    vec![
        row(
            "KS",
            format!("D {:.3} p {}", d.ks.statistic, p_value(d.ks.p_value)),
            format!("p≤{KS_ALPHA}"),
            verdict(ks_drift),
            ks_drift,
        ),
        row(
            "W normed",
            format!("{:.3}", d.wasserstein_norm),
            format!("≥{DISTANCE_THRESHOLD}"),
            verdict(d.wasserstein_norm >= DISTANCE_THRESHOLD),
            d.wasserstein_norm >= DISTANCE_THRESHOLD,
        ),
        row(
            "PSI",
            format!("{:.3}", d.psi),
            format!("{PSI_MODERATE}/{PSI_MAJOR}"),
            psi_word,
            d.psi >= PSI_MODERATE,
        ),
        row(
            "JS",
            format!("{:.3} (base 2)", d.js_distance),
            format!("≥{DISTANCE_THRESHOLD}"),
            verdict(d.js_distance >= DISTANCE_THRESHOLD),
            d.js_distance >= DISTANCE_THRESHOLD,
        ),
    ]
}

fn goal_lines(lab: &DriftLab, theme: &Theme) -> Vec<Line<'static>> {
    if let Some(how) = lab.goal_met() {
        return vec![Line::styled(format!("✓ Goal met: {how}"), theme.good)];
    }
    let mut lines = Vec::new();
    if let Some(f) = &lab.feedback {
        lines.push(Line::styled(
            format!("✗ {}", f.message),
            if f.right { theme.good } else { theme.bad },
        ));
        return lines;
    }
    lines
}

/// The goal and where the learner stands, for the line the tutor draws above the lab.
pub fn goal_line(lab: &DriftLab) -> GoalLine {
    let selected = &lab.features()[lab.cursor];
    let psi = lab.stats().and_then(|s| s.drift.as_ref()).map(|d| d.psi);
    match &lab.goal {
        Some(DriftGoal::SmallestMajorPsi { feature }) => GoalLine {
            goal: format!("smallest offset of {feature} with PSI ≥ 0.25 (Enter)"),
            now: psi.map(|p| format!("{selected} {:+.2} sd: PSI {p:.3}", lab.shift().amount())),
        },
        Some(DriftGoal::DriftedFeature) => GoalLine {
            goal: "find the feature that drifted (Enter on it)".into(),
            now: Some(format!(
                "{selected}: PSI {} · tries {}",
                psi.map_or("–".into(), |p| format!("{p:.3}")),
                lab.tries
            )),
        },
        None => GoalLine {
            goal: "explore the statistics".into(),
            now: psi.map(|p| format!("{selected}: PSI {p:.3}")),
        },
    }
}

/// The features with their KS p-value and PSI, scrolled to keep the selection visible.
fn feature_list(lab: &DriftLab, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let names = lab.features();
    let height = area.height as usize;
    if height == 0 {
        return;
    }
    let first = lab
        .cursor
        .saturating_sub(height.saturating_sub(1) / 2)
        .min(names.len().saturating_sub(height));
    let name_w = names
        .iter()
        .map(|n| n.chars().count())
        .max()
        .unwrap_or(1)
        .min(area.width.saturating_sub(24) as usize)
        .max(4);
    let revealed = lab.goal_met().and(lab.hidden()).map(|h| h.feature);
    let last = (first + height).min(names.len());
    let lines: Vec<Line> = names
        .iter()
        .enumerate()
        .skip(first)
        .take(height)
        .map(|(i, name)| {
            let selected = i == lab.cursor;
            // A list longer than the panel marks where the rest is.
            let lead = match (
                selected,
                i == first && first > 0,
                i + 1 == last && last < names.len(),
            ) {
                (true, _, _) => "▶ ",
                (false, true, _) => "↑ ",
                (false, false, true) => "↓ ",
                _ => "  ",
            };
            let name = crate::draw::shorten(name, name_w);
            let mut spans = vec![
                Span::styled(lead, theme.accent),
                Span::styled(
                    format!("{name:<name_w$}"),
                    if selected { theme.selected } else { theme.text },
                ),
                Span::raw(if lab.shifts[i].is_none() { "  " } else { "* " }),
            ];
            match lab.stats_of(i).and_then(|s| s.drift.as_ref()) {
                Some(d) => spans.push(Span::raw(format!(
                    "p {:<8} PSI {:.2}",
                    p_value(d.ks.p_value),
                    d.psi
                ))),
                None => spans.push(Span::styled("no values", theme.dim)),
            }
            if revealed == Some(i) {
                spans.push(Span::styled(" ← drifted", theme.good));
            }
            Line::from(spans)
        })
        .collect();
    Paragraph::new(lines).render(area, buf);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_use_two_glyphs_and_scale_to_the_width() {
        assert_eq!(solid_bar(1.0, 4), "████");
        assert_eq!(solid_bar(0.5, 4), "██");
        assert_eq!(solid_bar(0.01, 4), "▏");
        assert_eq!(solid_bar(0.0, 4), "");
        assert_eq!(shade_bar(0.01, 4), "▒");
        assert_eq!(shade_bar(0.75, 4), "▒▒▒");
    }

    #[test]
    fn words_for_numbers() {
        assert_eq!(psi_words(0.05), "none");
        assert_eq!(psi_words(0.1), "moderate");
        assert_eq!(psi_words(0.25), "major");
        assert_eq!(p_value(0.0412), "0.041");
        assert_eq!(p_value(3.1e-7), "3.1e-7");
        assert_eq!(short(0.09631), "0.0963");
        assert_eq!(short(1001.4), "1001");
    }
}
