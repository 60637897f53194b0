//! The class report as text for a terminal, 80 columns wide.

use std::fmt::Write as _;

use crate::class::{ClassReport, ItemReport};

fn rate(v: Option<f64>) -> String {
    v.map_or_else(|| "—".to_string(), |v| format!("{v:.2}"))
}

fn cut(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut out: String = text.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

pub fn render(report: &ClassReport) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Class report: {} learner{} from {} file{}{}",
        report.learners,
        if report.learners == 1 { "" } else { "s" },
        report.files.len(),
        if report.files.len() == 1 { "" } else { "s" },
        if report.skipped.is_empty() {
            String::new()
        } else {
            format!(" ({} left out)", report.skipped.len())
        }
    );
    let flagged: Vec<(&str, &ItemReport)> = report
        .lessons
        .iter()
        .flat_map(|l| l.items.iter().map(move |i| (l.id.as_str(), i)))
        .filter(|(_, i)| !i.flags.is_empty())
        .collect();
    if flagged.is_empty() {
        let _ = writeln!(out, "No item needs a look.");
    } else {
        let _ = writeln!(out, "\nItems that need a look:");
        for (lesson, item) in &flagged {
            let why: Vec<&str> = item.flags.iter().map(|f| f.describe()).collect();
            let _ = writeln!(out, "  {lesson} step {}: {}", item.step, why.join("; "));
            let _ = writeln!(out, "    {}", cut(&item.prompt, 74));
        }
    }
    let t = &report.thresholds;
    let _ = writeln!(
        out,
        "(flagged: first-try rate under {:.2} or discrimination under {:.2}, with at least {} answers)",
        t.difficulty_below, t.discrimination_below, t.min_answers
    );
    for lesson in &report.lessons {
        let _ = writeln!(out, "\n{} — {}", lesson.id, cut(&lesson.title, 60));
        let _ = writeln!(
            out,
            "  started {}, done {}, median time {}",
            lesson.started,
            lesson.done,
            lesson
                .median_minutes
                .map_or_else(|| "—".to_string(), |m| format!("{m:.1} min"))
        );
        if lesson.items.is_empty() {
            continue;
        }
        let _ = writeln!(
            out,
            "  step  kind    answered  first-try  hints  revealed  discrimination"
        );
        for item in &lesson.items {
            let _ = writeln!(
                out,
                "  {:>4}  {:<6}  {:>8}  {:>9}  {:>5}  {:>8}  {:>14}{}",
                item.step,
                item.kind,
                item.answered,
                rate(item.difficulty),
                rate(item.hint_rate),
                rate(item.reveal_rate),
                rate(item.discrimination),
                if item.flags.is_empty() { "" } else { "  !" }
            );
            if let Some(w) = &item.common_wrong {
                let _ = writeln!(
                    out,
                    "        most given wrong answer: \"{}\" ({} learner{})",
                    cut(&w.answer, 40),
                    w.learners,
                    if w.learners == 1 { "" } else { "s" }
                );
            }
        }
    }
    out
}
