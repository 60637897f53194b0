//! Timelines for labs that play out over time (batches, rows of a series): columns of
//! bars drawn with eighth blocks, a threshold drawn as a dotted rule across the empty
//! cells, and marker rows (alerts, change points) with their own glyphs, so that every
//! element reads without colour.

use std::ops::Range;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;

/// How `slots` points in time map onto `width` columns: several columns per slot when
/// there is room, several slots per column (their largest value) when there is not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timeline {
    pub slots: usize,
    pub width: u16,
}

const EIGHTHS: [char; 9] = [' ', '▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

impl Timeline {
    /// Columns per slot when slots fit, else 1.
    fn per_slot(&self) -> usize {
        if self.slots == 0 || self.slots > self.width as usize {
            1
        } else {
            self.width as usize / self.slots
        }
    }

    /// The columns actually drawn.
    pub fn used_width(&self) -> u16 {
        if self.slots > self.width as usize {
            self.width
        } else {
            (self.slots * self.per_slot()) as u16
        }
    }

    /// The first column of a slot.
    pub fn column(&self, slot: usize) -> u16 {
        if self.slots > self.width as usize {
            (slot * self.width as usize / self.slots) as u16
        } else {
            (slot * self.per_slot()) as u16
        }
    }

    /// The slots drawn in a column.
    pub fn slots_in(&self, column: u16) -> Range<usize> {
        let c = column as usize;
        if self.slots > self.width as usize {
            let w = self.width as usize;
            (c * self.slots).div_ceil(w)..((c + 1) * self.slots).div_ceil(w)
        } else {
            let per = self.per_slot();
            let slot = c / per;
            if slot < self.slots {
                slot..slot + 1
            } else {
                0..0
            }
        }
    }
}

/// Bars of `values` (one per slot, `None` = unknown) scaled from `range[0]` at the bottom
/// of `area` to `range[1]` at its top; `threshold` as a dotted rule.
pub fn bars(
    timeline: Timeline,
    values: &[Option<f64>],
    range: [f64; 2],
    threshold: Option<f64>,
    area: Rect,
    buf: &mut Buffer,
    styles: (Style, Style),
) {
    let (bar_style, rule_style) = styles;
    let h = area.height as usize;
    if h == 0 || area.width == 0 {
        return;
    }
    let span = (range[1] - range[0]).max(1e-12);
    let level = |v: f64| ((v - range[0]) / span).clamp(0.0, 1.0);
    let rule_row = threshold.map(|t| ((level(t) * h as f64).ceil() as usize).clamp(1, h));
    for column in 0..timeline.used_width().min(area.width) {
        let value = timeline
            .slots_in(column)
            .filter_map(|s| values.get(s).copied().flatten())
            .fold(None, |best: Option<f64>, v| {
                Some(best.map_or(v, |b| b.max(v)))
            });
        let eighths = value.map_or(0, |v| (level(v) * (h * 8) as f64).round() as usize);
        for row in 0..h {
            // row 0 is the bottom line
            let filled = eighths.saturating_sub(row * 8).min(8);
            let y = area.y + (h - 1 - row) as u16;
            let cell = &mut buf[(area.x + column, y)];
            if filled > 0 {
                cell.set_char(EIGHTHS[filled]).set_style(bar_style);
            } else if rule_row == Some(row + 1) {
                cell.set_char('┈').set_style(rule_style);
            }
        }
    }
}

/// One row of markers: each (slot, glyph, style) at the slot's first column.
pub fn markers(timeline: Timeline, marks: &[(usize, char, Style)], area: Rect, buf: &mut Buffer) {
    if area.height == 0 {
        return;
    }
    for (slot, glyph, style) in marks {
        let x = timeline.column(*slot);
        if x < area.width && *slot < timeline.slots {
            buf[(area.x + x, area.y)].set_char(*glyph).set_style(*style);
        }
    }
}

/// Tick labels under the timeline: `label(slot)` written from the slot's column, skipped
/// when it would overlap the previous one.
pub fn axis(
    timeline: Timeline,
    ticks: &[usize],
    label: impl Fn(usize) -> String,
    area: Rect,
    buf: &mut Buffer,
    style: Style,
) {
    if area.height == 0 {
        return;
    }
    let mut free_from = 0u16;
    for &slot in ticks {
        let text = label(slot);
        let x = timeline.column(slot);
        let end = x + text.chars().count() as u16;
        if x < free_from || end > area.width {
            continue;
        }
        buf.set_string(area.x + x, area.y, &text, style);
        free_from = end + 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slots_spread_over_columns_or_share_them() {
        let wide = Timeline {
            slots: 10,
            width: 35,
        };
        assert_eq!(wide.used_width(), 30);
        assert_eq!(wide.column(4), 12);
        assert_eq!(wide.slots_in(13), 4..5);
        assert_eq!(wide.slots_in(31), 0..0);
        let narrow = Timeline {
            slots: 509,
            width: 50,
        };
        assert_eq!(narrow.used_width(), 50);
        let covered: usize = (0..50).map(|c| narrow.slots_in(c).len()).sum();
        assert_eq!(covered, 509, "every slot in exactly one column");
        assert_eq!(narrow.slots_in(49).end, 509);
        assert!(narrow.column(508) == 49 && narrow.column(0) == 0);
    }

    #[test]
    fn bars_rise_with_the_value_and_the_rule_fills_the_gaps() {
        let tl = Timeline { slots: 3, width: 3 };
        let area = Rect::new(0, 0, 3, 2);
        let mut buf = Buffer::empty(area);
        bars(
            tl,
            &[Some(1.0), Some(0.25), None],
            [0.0, 1.0],
            Some(0.5),
            area,
            &mut buf,
            (Style::new(), Style::new()),
        );
        let text: Vec<String> = (0..2)
            .map(|y| (0..3).map(|x| buf[(x, y)].symbol().to_string()).collect())
            .collect();
        assert_eq!(text, vec!["█  ", "█▄┈"]);
    }
}
