//! `mlpath validate DATA --contract FILE`: checks a table against a data contract
//! ([`crate::ml::contract`]) and lists every broken promise with its count and first
//! rows, as text or one JSON object. Exit 0 when the table keeps the contract, 1 when it
//! breaks it, 2 for bad input (a contract error names `FILE:line:col`).

use std::fmt::Write as _;
use std::process::ExitCode;

use anyhow::Context as _;
use serde::Serialize;

use crate::cli::ValidateArgs;
use crate::ml::contract::{self, Violation};
use crate::ml::io::Source;
use crate::sanitize::clean_line;

/// What `--json` prints.
#[derive(Serialize)]
struct Output<'a> {
    source: &'a str,
    contract: &'a str,
    rows: usize,
    passed: bool,
    violations: &'a [Violation],
}

pub fn run(args: &ValidateArgs) -> anyhow::Result<ExitCode> {
    let shown = clean_line(&args.contract.display().to_string());
    let bytes = std::fs::read(&args.contract).with_context(|| format!("cannot read {shown}"))?;
    let text = String::from_utf8(bytes).map_err(|_| anyhow::anyhow!("{shown}: not UTF-8 text"))?;
    let contract = contract::parse(&text).map_err(|e| anyhow::anyhow!("{shown}:{e}"))?;
    let source = Source::parse(&args.data)?;
    super::note(source.note.as_deref());
    let (table, _) = super::audit::read(&source)?;
    let violations = contract::validate(&contract, &table);
    let passed = violations.is_empty();
    let text = if args.json {
        let output = Output {
            source: &source.display,
            contract: &shown,
            rows: table.n_rows(),
            passed,
            violations: &violations,
        };
        format!("{}\n", serde_json::to_string_pretty(&output)?)
    } else {
        human(&source.display, &shown, table.n_rows(), &violations)
    };
    super::out(&text)?;
    Ok(if passed {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn human(source: &str, contract: &str, rows: usize, violations: &[Violation]) -> String {
    let mut s = String::new();
    if violations.is_empty() {
        let _ = writeln!(
            s,
            "ok: {source} ({rows} rows) keeps the contract {contract}"
        );
        return s;
    }
    let n = violations.len();
    let _ = writeln!(
        s,
        "{source} ({rows} rows) breaks the contract {contract}: {n} violation{}",
        if n == 1 { "" } else { "s" }
    );
    for v in violations {
        let _ = writeln!(
            s,
            "{contract}:{}:{}: {} {}: {}",
            v.rule_at.line,
            v.rule_at.col,
            v.kind.name(),
            clean_line(&v.column),
            v.message
        );
        for e in &v.examples {
            let value = if e.value.is_empty() {
                "(empty)".to_string()
            } else {
                format!("`{}`", e.value)
            };
            let _ = writeln!(s, "    row {} (line {}): {value}", e.row, e.line);
        }
    }
    s
}
