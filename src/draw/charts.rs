//! Curve charts for labs: a curve, an optional reference line and the current point,
//! told apart by their markers as well as their colours.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::symbols::Marker;
use ratatui::text::Line;
use ratatui::widgets::{Axis, Block, Chart, Dataset, GraphType, Paragraph, Widget, Wrap};

use crate::draw::shorten;
use crate::draw::theme::Theme;

pub struct CurveChart<'a> {
    pub title: String,
    pub x_title: &'a str,
    pub y_title: &'a str,
    pub curve: &'a [(f64, f64)],
    /// A reference line, e.g. the chance diagonal of a ROC curve.
    pub reference: Option<&'a [(f64, f64)]>,
    /// The current operating point.
    pub point: Option<(f64, f64)>,
    pub x_bounds: [f64; 2],
    pub y_bounds: [f64; 2],
    /// Draw `curve` as unconnected points (a scatter plot) instead of a line.
    pub points_only: bool,
}

/// At most `max` points of a curve, evenly picked and always keeping both ends, so
/// drawing stays fast for large samples while the shape is kept.
pub fn thin(points: &[(f64, f64)], max: usize) -> Vec<(f64, f64)> {
    if points.len() <= max || max < 2 {
        return points.to_vec();
    }
    let step = (points.len() - 1) as f64 / (max - 1) as f64;
    (0..max)
        .map(|i| points[((i as f64 * step).round() as usize).min(points.len() - 1)])
        .collect()
}

fn label(v: f64) -> String {
    if v.abs() >= 100.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.2}")
            .trim_end_matches('0')
            .trim_end_matches('.')
            .to_string()
    }
}

/// The smallest chart worth drawing: below it the axis labels collide (a "1" over a
/// ".5" reads as "1.5") and the curve is a few dots.
pub const MIN_CHART_WIDTH: u16 = 26;
pub const MIN_CHART_HEIGHT: u16 = 7;

/// Whether a chart fits `area` readably.
pub fn chart_fits(area: Rect) -> bool {
    area.width >= MIN_CHART_WIDTH && area.height >= MIN_CHART_HEIGHT
}

impl CurveChart<'_> {
    /// Draws the chart, or, where it would not be readable, its title as a line of text.
    pub fn render(&self, area: Rect, buf: &mut Buffer, theme: &Theme) {
        if !chart_fits(area) {
            Paragraph::new(Line::styled(self.title.trim().to_string(), theme.title))
                .wrap(Wrap { trim: true })
                .render(area, buf);
            return;
        }
        let title = shorten(&self.title, area.width.saturating_sub(2) as usize);
        let point: Vec<(f64, f64)> = self.point.into_iter().collect();
        let mut datasets = Vec::new();
        if let Some(reference) = self.reference {
            datasets.push(
                Dataset::default()
                    .marker(Marker::Dot)
                    .graph_type(GraphType::Line)
                    .style(theme.dim)
                    .data(reference),
            );
        }
        datasets.push(
            Dataset::default()
                .marker(Marker::Braille)
                .graph_type(if self.points_only {
                    GraphType::Scatter
                } else {
                    GraphType::Line
                })
                .style(theme.accent)
                .data(self.curve),
        );
        if !point.is_empty() {
            datasets.push(
                Dataset::default()
                    .marker(Marker::Block)
                    .graph_type(GraphType::Scatter)
                    .style(theme.warn)
                    .data(&point),
            );
        }
        let [x0, x1] = self.x_bounds;
        let [y0, y1] = self.y_bounds;
        Chart::new(datasets)
            .block(
                Block::bordered()
                    .title(Line::styled(title, theme.title))
                    .border_style(theme.dim),
            )
            .x_axis(
                Axis::default()
                    // Drawn flush right: the space keeps it off the panel's border.
                    .title(format!("{} ", self.x_title))
                    .bounds(self.x_bounds)
                    .labels([label(x0), label((x0 + x1) / 2.0), label(x1)])
                    .style(Style::new()),
            )
            .y_axis(
                Axis::default()
                    .title(self.y_title)
                    .bounds(self.y_bounds)
                    .labels([label(y0), label((y0 + y1) / 2.0), label(y1)]),
            )
            .legend_position(None)
            .render(area, buf);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thinning_keeps_the_ends_and_the_size() {
        let pts: Vec<(f64, f64)> = (0..1000).map(|i| (i as f64, 0.0)).collect();
        let t = thin(&pts, 100);
        assert_eq!(t.len(), 100);
        assert_eq!(t[0].0, 0.0);
        assert_eq!(t[99].0, 999.0);
        assert_eq!(thin(&pts[..5], 100).len(), 5);
    }
}
