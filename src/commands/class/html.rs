//! The class report as one self-contained HTML file: inline styles and inline SVG
//! bars, no script and nothing fetched (its content security policy forbids it).

use std::fmt::Write as _;

use crate::class::{ClassReport, ItemReport, LessonReport};

/// Escapes text for HTML element content and attribute values.
fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

fn rate(v: Option<f64>) -> String {
    v.map_or_else(|| "—".to_string(), |v| format!("{v:.2}"))
}

/// A horizontal bar for a share in 0..=1, or a correlation in -1..=1 drawn from the
/// middle, with the value as its accessible name.
fn bar(value: Option<f64>, signed: bool, flagged: bool) -> String {
    let Some(v) = value else {
        return "<span class=\"none\">—</span>".to_string();
    };
    let (w, h) = (100.0, 10.0);
    let fill = if flagged { "#c0392b" } else { "#2e86c1" };
    let (x, width) = if signed {
        let mid = w / 2.0;
        let len = v.clamp(-1.0, 1.0) * mid;
        if len >= 0.0 {
            (mid, len)
        } else {
            (mid + len, -len)
        }
    } else {
        (0.0, v.clamp(0.0, 1.0) * w)
    };
    let axis = if signed {
        format!("<line x1=\"50\" y1=\"0\" x2=\"50\" y2=\"{h}\" stroke=\"#555\"/>")
    } else {
        String::new()
    };
    format!(
        "<svg class=\"bar\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" role=\"img\" \
         aria-label=\"{v:.2}\"><rect x=\"0\" y=\"0\" width=\"{w}\" height=\"{h}\" fill=\"#eee\"/>\
         <rect x=\"{x:.2}\" y=\"0\" width=\"{width:.2}\" height=\"{h}\" fill=\"{fill}\"/>{axis}</svg> \
         {v:.2}"
    )
}

const STYLE: &str = "body{font-family:system-ui,sans-serif;margin:2em;max-width:70em;color:#222}\
table{border-collapse:collapse;margin:.5em 0 1.5em}th,td{border:1px solid #ccc;padding:.3em .6em;\
text-align:left;vertical-align:top}th{background:#f4f4f4}td.num{text-align:right}\
tr.flagged{background:#fdecea}.none{color:#888}.warn{color:#8a6d00}svg.bar{vertical-align:middle}\
.prompt{max-width:28em}td.chart{white-space:nowrap}";

pub fn render(report: &ClassReport) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; \
         style-src 'unsafe-inline'\">\n<meta name=\"viewport\" content=\"width=device-width\">\n\
         <title>Class report</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
    );
    let _ = writeln!(
        out,
        "<h1>Class report</h1>\n<p id=\"summary\">{} learners from {} files{}.</p>",
        report.learners,
        report.files.len(),
        if report.skipped.is_empty() {
            String::new()
        } else {
            format!("; {} left out", report.skipped.len())
        }
    );
    if !report.warnings.is_empty() || !report.skipped.is_empty() {
        let _ = writeln!(out, "<ul class=\"warn\">");
        for w in &report.warnings {
            let _ = writeln!(out, "<li>{}</li>", esc(w));
        }
        for s in &report.skipped {
            let _ = writeln!(
                out,
                "<li>{}: {} (left out)</li>",
                esc(&s.file),
                esc(&s.reason)
            );
        }
        let _ = writeln!(out, "</ul>");
    }
    let t = &report.thresholds;
    let _ = writeln!(
        out,
        "<p>An item is flagged when its first-try correct rate (difficulty) is under {:.2} \
         or its discrimination (point-biserial correlation with the score on the rest of the \
         lesson) is under {:.2}, once at least {} learners answered it.</p>",
        t.difficulty_below, t.discrimination_below, t.min_answers
    );
    lessons_table(&mut out, &report.lessons);
    for lesson in &report.lessons {
        items_table(&mut out, lesson);
    }
    out.push_str("</body>\n</html>\n");
    out
}

fn lessons_table(out: &mut String, lessons: &[LessonReport]) {
    let _ = writeln!(
        out,
        "<h2>Lessons</h2>\n<table id=\"lessons\">\n<tr><th>Lesson</th><th>Started</th>\
         <th>Done</th><th>Finished</th><th>Median minutes</th><th>Items flagged</th></tr>"
    );
    for l in lessons {
        let share = (l.started > 0).then(|| l.done as f64 / l.started as f64);
        let flagged = l.items.iter().filter(|i| !i.flags.is_empty()).count();
        let _ = writeln!(
            out,
            "<tr><td><a href=\"#{id}\">{id}</a> {title}</td><td class=\"num\">{}</td>\
             <td class=\"num\">{}</td><td class=\"chart\">{}</td><td class=\"num\">{}</td>\
             <td class=\"num\">{flagged}</td></tr>",
            l.started,
            l.done,
            bar(share, false, false),
            l.median_minutes
                .map_or_else(|| "—".to_string(), |m| format!("{m:.1}")),
            id = esc(&l.id),
            title = esc(&l.title),
        );
    }
    let _ = writeln!(out, "</table>");
}

fn items_table(out: &mut String, lesson: &LessonReport) {
    let _ = writeln!(
        out,
        "<h2 id=\"{}\">{} — {}</h2>",
        esc(&lesson.id),
        esc(&lesson.id),
        esc(&lesson.title)
    );
    if lesson.items.is_empty() {
        let _ = writeln!(out, "<p>No quiz items.</p>");
        return;
    }
    let _ = writeln!(
        out,
        "<table class=\"items\">\n<tr><th>Step</th><th>Question</th><th>Answered</th>\
         <th>First-try correct</th><th>Hints</th><th>Revealed</th><th>Discrimination</th>\
         <th>Most given wrong answer</th><th>Look at it because</th></tr>"
    );
    for item in &lesson.items {
        item_row(out, item);
    }
    let _ = writeln!(out, "</table>");
}

fn item_row(out: &mut String, item: &ItemReport) {
    use crate::class::Flag;
    let flagged = !item.flags.is_empty();
    let why: Vec<&str> = item.flags.iter().map(|f| f.describe()).collect();
    let wrong = item.common_wrong.as_ref().map_or_else(
        || "—".to_string(),
        |w| format!("“{}” ({})", esc(&w.answer), w.learners),
    );
    let _ = writeln!(
        out,
        "<tr{}><td class=\"num\">{}</td><td class=\"prompt\">{}</td><td class=\"num\">{}</td>\
         <td class=\"chart\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>\
         <td class=\"chart\">{}</td><td>{}</td><td>{}</td></tr>",
        if flagged { " class=\"flagged\"" } else { "" },
        item.step,
        esc(&item.prompt),
        item.answered,
        bar(item.difficulty, false, item.flags.contains(&Flag::TooHard)),
        rate(item.hint_rate),
        rate(item.reveal_rate),
        bar(
            item.discrimination,
            true,
            item.flags.contains(&Flag::LowDiscrimination)
        ),
        wrong,
        esc(&why.join("; ")),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped() {
        assert_eq!(
            esc("<b>\"x\" & 'y'</b>\u{1b}"),
            "&lt;b&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/b&gt;"
        );
    }

    #[test]
    fn bars_draw_shares_and_signed_correlations() {
        assert!(bar(Some(0.5), false, false).contains("width=\"50.00\""));
        let negative = bar(Some(-0.5), true, true);
        assert!(negative.contains("x=\"25.00\"") && negative.contains("#c0392b"));
        assert!(bar(None, false, false).contains('—'));
    }
}
