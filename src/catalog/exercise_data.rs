//! The `check_params` of the checkers that test a file against bundled data
//! (`data_contract`, `datasheet`): each dataset name, column, problem kind and section
//! is checked while the lesson loads, with its line and column.

use super::fields::{At, Ctx, Fields, quote};
use super::spanned::Table;
use super::suggest::did_you_mean;
use crate::exercises::{Catch, DataContractParams, DatasheetParams, Mention};
use crate::ml::audit::datasheet::SECTIONS;
use crate::ml::contract::ViolationKind;
use crate::ml::datasets;
use crate::sanitize::clean;

/// A bundled dataset's name, read from `key`.
fn dataset(cx: &mut Ctx<'_>, f: &Fields<'_>, key: &str, example: &str) -> Option<At<String>> {
    let name = f.req_str(cx, key, example)?;
    if datasets::info(&name.value).is_none() {
        let names = datasets::names();
        cx.error(
            name.at,
            format!(
                "`{key}` {} is not a bundled dataset{}; the bundled datasets are {}",
                quote(&name.value),
                did_you_mean(&name.value, names.iter().copied()),
                names.join(", ")
            ),
        );
        return None;
    }
    Some(name)
}

/// The headers of a bundled dataset (empty if it does not load: the checker reports that).
fn headers(name: &str) -> Vec<String> {
    datasets::load(name).map(|t| t.headers).unwrap_or_default()
}

pub fn data_contract(cx: &mut Ctx<'_>, params: At<&Table>, n: usize) -> Option<DataContractParams> {
    let f = Fields::shaped(
        cx,
        params.value,
        params.at,
        format!("the `check_params` of exercise step {n}"),
        &super::checkers::DATA_CONTRACT_PARAMS,
    );
    let before = cx.problems.len();
    let clean = dataset(cx, &f, "clean", "clean = \"german_credit\"");
    let batch = dataset(cx, &f, "batch", "batch = \"german_credit_batch\"");
    if let (Some(c), Some(b)) = (&clean, &batch)
        && c.value == b.value
    {
        cx.error(
            b.at,
            "`batch` is the same dataset as `clean`, so no contract could pass one and fail the other",
        );
    }
    let example = "[[steps.check_params.catch]]";
    let mut catch: Vec<Catch> = Vec::new();
    if let Some((at, tables)) = f.opt_tables(cx, "catch", example) {
        if tables.is_empty() {
            cx.error(
                at,
                "`catch` is empty; list the planted problems or remove it",
            );
        }
        let columns = clean
            .as_ref()
            .map(|c| headers(&c.value))
            .unwrap_or_default();
        for (i, t) in tables.iter().enumerate() {
            let g = Fields::shaped(
                cx,
                t.value,
                t.at,
                format!("catch entry {}", i + 1),
                &super::checkers::CATCH,
            );
            let column = g.req_str(cx, "column", "column = \"age_years\"");
            if let Some(c) = &column
                && !columns.is_empty()
                && !columns.contains(&c.value)
            {
                cx.error(
                    c.at,
                    format!(
                        "{} is not a column of `{}`{}",
                        quote(&c.value),
                        clean.as_ref().map_or("", |c| c.value.as_str()),
                        did_you_mean(&c.value, columns.iter().map(String::as_str))
                    ),
                );
            }
            let problem = g
                .req_str(cx, "problem", "problem = \"range\"")
                .and_then(|p| {
                    let kind = ViolationKind::parse(&p.value);
                    if kind.is_none() {
                        cx.error(
                            p.at,
                            format!(
                                "unknown problem {}{}; the problems are {}",
                                quote(&p.value),
                                did_you_mean(&p.value, ViolationKind::NAMES),
                                ViolationKind::NAMES.join(", ")
                            ),
                        );
                    }
                    kind
                });
            let why = g.opt_text(cx, "why", "why = \"Ages above 100 are typos.\"");
            if let (Some(column), Some(problem)) = (column, problem) {
                if catch
                    .iter()
                    .any(|c| c.column == column.value && c.problem == problem)
                {
                    cx.error(
                        t.at,
                        format!(
                            "{} in `{}` is listed twice; list each problem once",
                            problem.name(),
                            column.value
                        ),
                    );
                }
                catch.push(Catch {
                    column: column.value,
                    problem,
                    why: why
                        .map(|w| crate::sanitize::clean(&w.value))
                        .unwrap_or_default(),
                });
            }
        }
    }
    if cx.problems.len() > before {
        return None;
    }
    Some(DataContractParams {
        clean: clean?.value,
        batch: batch?.value,
        catch,
    })
}

/// A datasheet section's name, checked against [`SECTIONS`].
fn section(cx: &mut Ctx<'_>, name: &At<String>) -> bool {
    let ok = SECTIONS.contains(&name.value.as_str());
    if !ok {
        cx.error(
            name.at,
            format!(
                "unknown datasheet section {}{}; the sections are {}",
                quote(&name.value),
                did_you_mean(&name.value, SECTIONS),
                SECTIONS.join(", ")
            ),
        );
    }
    ok
}

pub fn datasheet(cx: &mut Ctx<'_>, params: At<&Table>, n: usize) -> Option<DatasheetParams> {
    let f = Fields::shaped(
        cx,
        params.value,
        params.at,
        format!("the `check_params` of exercise step {n}"),
        &super::checkers::DATASHEET_PARAMS,
    );
    let before = cx.problems.len();
    let dataset = dataset(cx, &f, "dataset", "dataset = \"german_credit\"");
    let mut sections: Vec<String> = Vec::new();
    if let Some(list) = f.opt_str_list(cx, "sections", "sections = [\"Motivation\", \"Uses\"]") {
        if list.is_empty() {
            cx.error(
                f.get("sections").map_or(params.at, |e| e.node.span.start),
                "`sections` is empty; list sections or remove it",
            );
        }
        for s in list {
            if section(cx, &s) {
                if sections.contains(&s.value) {
                    cx.error(s.at, format!("section {} is listed twice", quote(&s.value)));
                }
                sections.push(s.value);
            }
        }
    }
    let mut mentions = Vec::new();
    let example = "[[steps.check_params.mentions]]";
    if let Some((at, tables)) = f.opt_tables(cx, "mentions", example) {
        if tables.is_empty() {
            cx.error(
                at,
                "`mentions` is empty; list the known issues or remove it",
            );
        }
        for (i, t) in tables.iter().enumerate() {
            let g = Fields::shaped(
                cx,
                t.value,
                t.at,
                format!("mention {}", i + 1),
                &super::checkers::MENTION,
            );
            let sec = g
                .req_str(cx, "section", "section = \"Composition\"")
                .filter(|s| section(cx, s));
            let any_of = g.opt_str_list(cx, "any_of", "any_of = [\"code table\"]");
            if !g.has("any_of") {
                cx.error(
                    t.at,
                    format!(
                        "missing field `any_of` (an array of strings) in mention {}; add e.g. `any_of = [\"code table\"]`",
                        i + 1
                    ),
                );
            }
            if any_of.as_ref().is_some_and(Vec::is_empty) {
                cx.error(
                    t.at,
                    "`any_of` is empty; list the words that name the issue",
                );
            }
            let mut words: Vec<String> = Vec::new();
            for a in any_of.unwrap_or_default() {
                let word = a.value.trim().to_string();
                if word.is_empty() {
                    cx.error(
                        a.at,
                        "an entry of `any_of` is blank; write a word or phrase",
                    );
                } else if words.contains(&word) {
                    cx.error(
                        a.at,
                        format!("{} is listed twice in `any_of`", quote(&word)),
                    );
                } else {
                    words.push(word);
                }
            }
            let why = g.req_text(
                cx,
                "why",
                "why = \"The code table is wrong for several columns.\"",
            );
            if let (Some(sec), Some(why)) = (sec, why) {
                mentions.push(Mention {
                    section: sec.value,
                    any_of: words,
                    why: clean(&why.value),
                });
            }
        }
    }
    if cx.problems.len() > before {
        return None;
    }
    Some(DatasheetParams {
        dataset: dataset?.value,
        sections,
        mentions,
    })
}
