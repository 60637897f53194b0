//! The steps of a lesson: read, choice, number, lab and exercise.

use super::exercise;
use super::fields::{At, Ctx, Fields, Ref, quote};
use super::labs;
use super::shape::{HINTS, STEP_TITLE, Section, Shape, Ty, number, opt, req};
use super::spanned::{Table, Value};
use super::suggest::did_you_mean;
use super::{ChoiceStep, ExerciseStep, LabStep, NumberStep, Step};
use crate::sanitize::clean;

pub const STEP_TYPES: [&str; 5] = ["read", "choice", "number", "lab", "exercise"];

/// A `[[steps]]` table: its `type` chooses the rest.
pub const STEP: Shape = Shape::Tagged {
    id: "step",
    doc: "One step of a lesson; `type` says which kind.",
    tag: "type",
    variants: &[
        ("read", &READ),
        ("choice", &CHOICE),
        ("number", &NUMBER),
        ("lab", &labs::LAB),
        ("exercise", &super::checkers::EXERCISE),
    ],
};

/// `type`, which every step has.
pub const fn step_type(doc: &'static str) -> super::shape::Key {
    req("type", Ty::Str, doc)
}

const EXPLAIN: super::shape::Key = opt(
    "explain",
    Ty::Text,
    "Shown after answering: why the answer is right (Markdown).",
);

const PROMPT: super::shape::Key = req("prompt", Ty::Text, "The question (Markdown).");

const READ: Shape = Shape::Section(Section {
    id: "step_read",
    doc: "A step of text to read.",
    keys: &[&[
        step_type("\"read\""),
        STEP_TITLE,
        req("text", Ty::Text, "Paragraphs of Markdown."),
    ]],
    exactly_one: &[],
});

const CHOICE: Shape = Shape::Section(Section {
    id: "step_choice",
    doc: "A multiple-choice quiz: one correct option (`answer`) or \"select all that apply\" \
          (`answers`).",
    keys: &[&[
        step_type("\"choice\""),
        STEP_TITLE,
        PROMPT,
        req(
            "options",
            Ty::List {
                item: &Ty::Text,
                min: 2,
                unique: true,
            },
            "The options, at least 2, none empty, no two the same.",
        ),
        opt(
            "answer",
            super::shape::int_min(0),
            "The 0-based index of the one correct option.",
        ),
        opt(
            "answers",
            Ty::List {
                item: &super::shape::int_min(0),
                min: 1,
                unique: true,
            },
            "The 0-based indices of the correct options, for \"select all that apply\".",
        ),
        EXPLAIN,
        HINTS,
    ]],
    exactly_one: &[&["answer", "answers"]],
});

const NUMBER: Shape = Shape::Section(Section {
    id: "step_number",
    doc: "A quiz answered with a number.",
    keys: &[&[
        step_type("\"number\""),
        STEP_TITLE,
        PROMPT,
        req(
            "answer",
            number(None, None),
            "The right answer, a finite number.",
        ),
        opt(
            "tolerance",
            number(Some(0.0), None),
            "How far an answer may be from `answer` and still be right (default 0: exact).",
        ),
        EXPLAIN,
        HINTS,
    ]],
    exactly_one: &[],
});

/// Reads one step (1-based `number`). Returns `None` when it is too broken to use;
/// its problems are in `cx`. Skill ids named by a lab are added to `skill_refs`.
pub fn parse_step(
    cx: &mut Ctx<'_>,
    table: &Table,
    at: usize,
    number: usize,
    skill_refs: &mut Vec<Ref>,
) -> Option<Step> {
    let Some(ty) = table.get("type") else {
        cx.error(
            at,
            format!(
                "missing field `type` (a string) in step {number}; add e.g. `type = \"read\"` \
                 (one of: {})",
                STEP_TYPES.join(", ")
            ),
        );
        return None;
    };
    let Value::Str(kind) = &ty.node.value else {
        cx.error(
            ty.node.span.start,
            format!(
                "`type` must be a string, found {}; write e.g. `type = \"read\"`",
                ty.node.value.type_name()
            ),
        );
        return None;
    };
    let (table, independent) = independent_flag(cx, table, kind, number);
    let table = &table;
    match kind.as_str() {
        "read" => read(cx, table, at, number),
        "choice" => choice(cx, table, at, number),
        "number" => number_step(cx, table, at, number),
        "lab" => labs::parse_lab(cx, table, at, number, skill_refs)
            .map(|lab| Step::Lab(LabStep { independent, ..lab })),
        "exercise" => exercise::parse_exercise(cx, table, at, number)
            .map(|e| Step::Exercise(ExerciseStep { independent, ..e })),
        other => {
            cx.error(
                ty.node.span.start,
                format!(
                    "unknown step type {}{}; the step types are {}",
                    quote(other),
                    did_you_mean(other, STEP_TYPES),
                    STEP_TYPES.join(", ")
                ),
            );
            None
        }
    }
}

/// Takes `independent` out of a step's table: `true` marks an unguided exercise or lab,
/// whose met goal shows level 3. Quizzes and reading show at most level 2, so only
/// exercise and lab steps may carry it.
fn independent_flag(cx: &mut Ctx<'_>, table: &Table, kind: &str, number: usize) -> (Table, bool) {
    let mut rest = table.clone();
    let Some(pos) = rest.entries.iter().position(|e| e.key == "independent") else {
        return (rest, false);
    };
    let entry = rest.entries.remove(pos);
    if !matches!(kind, "lab" | "exercise") {
        cx.error(
            entry.key_span.start,
            format!(
                "`independent` is only for exercise and lab steps, not for the {} step {number}: \
                 quizzes and reading show at most level 2; remove it",
                quote(kind)
            ),
        );
        return (rest, false);
    }
    match entry.node.value {
        Value::Bool(flag) => (rest, flag),
        ref other => {
            cx.error(
                entry.node.span.start,
                format!(
                    "`independent` must be a boolean, found {}; write `independent = true` for \
                     a task done without a worked example, or leave it out",
                    other.type_name()
                ),
            );
            (rest, false)
        }
    }
}

pub(super) fn title(cx: &mut Ctx<'_>, f: &Fields<'_>) -> Option<String> {
    f.opt_text(cx, "title", "title = \"A short heading\"")
        .map(|t| clean(&t.value))
}

fn read(cx: &mut Ctx<'_>, table: &Table, at: usize, n: usize) -> Option<Step> {
    let f = Fields::shaped(cx, table, at, format!("read step {n}"), &READ);
    let title = title(cx, &f);
    let text = f.req_text(cx, "text", "text = \"\"\"Paragraphs of Markdown.\"\"\"")?;
    Some(Step::Read {
        title,
        text: clean(&text.value),
    })
}

pub(super) fn hints(cx: &mut Ctx<'_>, f: &Fields<'_>) -> Vec<String> {
    let list = f
        .opt_str_list(cx, "hints", "hints = [\"a first nudge\"]")
        .unwrap_or_default();
    let mut out = Vec::new();
    for h in list {
        if h.value.trim().is_empty() {
            cx.error(h.at, "this hint is empty; write the hint or remove it");
        } else {
            out.push(clean(&h.value));
        }
    }
    out
}

fn explain(cx: &mut Ctx<'_>, f: &Fields<'_>) -> String {
    f.opt_text(cx, "explain", "explain = \"Why the answer is right.\"")
        .map(|e| clean(&e.value))
        .unwrap_or_default()
}

fn choice(cx: &mut Ctx<'_>, table: &Table, at: usize, n: usize) -> Option<Step> {
    let f = Fields::shaped(cx, table, at, format!("choice step {n}"), &CHOICE);
    let title = title(cx, &f);
    let prompt = f.req_text(cx, "prompt", "prompt = \"Which ...?\"");
    let options = choice_options(cx, &f);
    let answers = choice_answers(cx, &f, options.as_ref().map(Vec::len));
    let explain = explain(cx, &f);
    let hints = hints(cx, &f);
    let (answers, multi) = answers?;
    Some(Step::Choice(ChoiceStep {
        title,
        prompt: clean(&prompt?.value),
        options: options?,
        answers,
        multi,
        explain,
        hints,
    }))
}

fn choice_options(cx: &mut Ctx<'_>, f: &Fields<'_>) -> Option<Vec<String>> {
    let example = "options = [\"first\", \"second\", \"third\"]";
    let Some(list) = f.opt_str_list(cx, "options", example) else {
        if !f.has("options") {
            cx.error(
                f.at,
                format!(
                    "missing field `options` (an array of strings) in {}; add e.g. `{example}`",
                    f.what
                ),
            );
        }
        return None;
    };
    let at = f.get("options").map_or(f.at, |e| e.node.span.start);
    let mut ok = true;
    if list.is_empty() {
        cx.error(
            at,
            format!("`options` is empty; a choice step needs at least 2 options, e.g. `{example}`"),
        );
        return None;
    }
    if list.len() < 2 {
        cx.error(
            at,
            "a choice step needs at least 2 options; add another option",
        );
        ok = false;
    }
    for (i, o) in list.iter().enumerate() {
        if o.value.trim().is_empty() {
            cx.error(
                o.at,
                format!("option {i} is empty; write the option's text"),
            );
            ok = false;
        } else if list[..i].iter().any(|p| p.value.trim() == o.value.trim()) {
            cx.error(
                o.at,
                format!("option {i} repeats an earlier option; make every option different"),
            );
            ok = false;
        }
    }
    let count = f
        .get("options")
        .and_then(|e| match &e.node.value {
            Value::Array(items) => Some(items.len()),
            _ => None,
        })
        .unwrap_or(0);
    (ok && count == list.len()).then(|| list.iter().map(|o| clean(&o.value)).collect())
}

/// The correct options (sorted) and whether several may be chosen.
fn choice_answers(
    cx: &mut Ctx<'_>,
    f: &Fields<'_>,
    n_options: Option<usize>,
) -> Option<(Vec<usize>, bool)> {
    let single = f.opt_int(cx, "answer", "answer = 1");
    let multi = f.opt_int_list(cx, "answers", "answers = [0, 2]");
    let (list, is_multi): (Vec<At<i64>>, bool) = match (single, multi) {
        _ if f.has("answer") && f.has("answers") => {
            let at = f.get("answers").map_or(f.at, |e| e.key_span.start);
            cx.error(
                at,
                "both `answer` and `answers` are given; keep `answer` for one correct option \
                 or `answers` for \"select all that apply\"",
            );
            return None;
        }
        (Some(a), None) => (vec![a], false),
        (None, Some(list)) => {
            if list.is_empty() {
                let at = f.get("answers").map_or(f.at, |e| e.node.span.start);
                cx.error(at, "`answers` is empty; list the 0-based indices of the correct options, e.g. `answers = [0, 2]`");
                return None;
            }
            (list, true)
        }
        _ if !f.has("answer") && !f.has("answers") => {
            cx.error(
                f.at,
                format!(
                    "missing field `answer` (an integer) in {}; add e.g. `answer = 1` (the \
                     0-based index of the correct option) or `answers = [0, 2]`",
                    f.what
                ),
            );
            return None;
        }
        _ => return None,
    };
    let mut ok = true;
    let mut out = Vec::new();
    for (i, a) in list.iter().enumerate() {
        let in_range = match n_options {
            Some(n) => a.value >= 0 && (a.value as u64) < n as u64,
            None => a.value >= 0,
        };
        if !in_range {
            let range = n_options.map_or("0 or more".to_string(), |n| {
                format!("0 to {}", n.saturating_sub(1))
            });
            cx.error(
                a.at,
                format!(
                    "answer {} is out of range; answers are 0-based option indices, here {range}",
                    a.value
                ),
            );
            ok = false;
        } else if list[..i].iter().any(|p| p.value == a.value) {
            cx.error(
                a.at,
                format!(
                    "answer {} is listed twice in `answers`; list each correct option once",
                    a.value
                ),
            );
            ok = false;
        } else {
            out.push(a.value as usize);
        }
    }
    out.sort_unstable();
    ok.then_some((out, is_multi))
}

fn number_step(cx: &mut Ctx<'_>, table: &Table, at: usize, n: usize) -> Option<Step> {
    let f = Fields::shaped(cx, table, at, format!("number step {n}"), &NUMBER);
    let title = title(cx, &f);
    let prompt = f.req_text(cx, "prompt", "prompt = \"What is ...?\"");
    let answer = f.req_number(cx, "answer", "answer = 0.6").filter(|a| {
        let finite = a.value.is_finite();
        if !finite {
            cx.error(
                a.at,
                "`answer` must be a finite number (not inf or nan); write e.g. `answer = 0.6`",
            );
        }
        finite
    });
    let tolerance = match f.opt_number(cx, "tolerance", "tolerance = 0.01") {
        Some(t) if !t.value.is_finite() || t.value < 0.0 => {
            cx.error(
                t.at,
                format!(
                    "`tolerance` must be a finite number of at least 0, found {}; write e.g. `tolerance = 0.01`",
                    t.value
                ),
            );
            None
        }
        Some(t) => Some(t.value),
        None if f.has("tolerance") => None,
        None => Some(0.0),
    };
    let explain = explain(cx, &f);
    let hints = hints(cx, &f);
    if let (Some(a), Some(t), Some(p)) = (&answer, tolerance, &prompt)
        && let Some((rounded, needed)) = super::quiz_rules::rounding_rejected(&p.value, a.value, t)
    {
        let at = f.get("tolerance").map_or(a.at, |e| e.node.span.start);
        cx.error(
            at,
            format!(
                "the prompt asks for no particular precision, so the answer rounded as lessons quote numbers ({rounded}, two significant digits) must pass, but ±{t} rejects it; widen the tolerance to at least {needed:.4} or say in the prompt how precise the answer must be (\"to three decimals\")"
            ),
        );
    }
    if let (Some(a), Some(t), Some(p)) = (&answer, tolerance, &prompt)
        && let Some((asked, rounded, needed)) =
            super::quiz_rules::precision_rejected(&p.value, a.value, t)
    {
        let at = f.get("tolerance").map_or(a.at, |e| e.node.span.start);
        let how = match asked {
            super::quiz_rules::Asked::Decimals(0) => "a whole number".to_string(),
            super::quiz_rules::Asked::Decimals(d) => format!("{d} decimals"),
            super::quiz_rules::Asked::Significant(n) => format!("{n} significant digits"),
        };
        cx.warn(
            at,
            format!(
                "the prompt asks for {how}, but ±{t} rejects the answer written that way ({rounded}); widen the tolerance to at least {needed:.6} or ask for more precision in the prompt"
            ),
        );
    }
    if let (Some(a), Some(t)) = (&answer, tolerance) {
        let mut texts: Vec<&str> = hints.iter().map(String::as_str).collect();
        texts.push(&explain);
        let accepted = super::quiz_rules::accepted_distractors(a.value, t, &texts);
        if !accepted.is_empty() {
            let at = f.get("tolerance").map_or(a.at, |e| e.node.span.start);
            let shown: Vec<String> = accepted.iter().map(|x| x.to_string()).collect();
            cx.error(
                at,
                format!(
                    "the tolerance ±{t} accepts {}, which the hints or explanation name but which is not the answer {}; narrow the tolerance so that the quiz rejects the mistakes it discusses",
                    shown.join(", "),
                    a.value
                ),
            );
        }
    }
    Some(Step::Number(NumberStep {
        title,
        prompt: clean(&prompt?.value),
        answer: answer?.value,
        tolerance: tolerance?,
        explain,
        hints,
    }))
}
