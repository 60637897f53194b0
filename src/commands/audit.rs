//! `mlpath audit DATA`: a data-quality report on a bundled dataset or a CSV file, with
//! the file's SHA-256, as text or one JSON object. The checks are
//! [`crate::ml::audit`]'s; this file reads the tables, prints and chooses the exit code.

mod human;

use std::process::ExitCode;

use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::cli::{AuditArgs, FailOn};
use crate::ml::audit::{
    AuditOptions, ColumnSchema, Finding, LabelIssue, Report, Severity, audit, compare_schemas,
    schema,
};
use crate::ml::datasets;
use crate::ml::io::{RawTable, Source, Table};

/// What `--json` prints.
#[derive(Serialize)]
struct Output<'a> {
    source: &'a str,
    rows: usize,
    columns: usize,
    target: Option<&'a str>,
    sha256: &'a str,
    schema: &'a [ColumnSchema],
    schema_fingerprint: &'a str,
    findings: &'a [Finding],
    label_issues: &'a [LabelIssue],
}

pub fn run(args: &AuditArgs) -> anyhow::Result<ExitCode> {
    let source = Source::parse(&args.data)?;
    super::note(source.note.as_deref());
    let (table, sha256) = read(&source)?;
    let test = match &args.test {
        Some(test) => {
            let test = Source::parse(test)?;
            super::note(test.note.as_deref());
            Some(read(&test)?.0)
        }
        None => None,
    };
    let options = AuditOptions {
        target: args.target.clone(),
        after: args.after.clone(),
    };
    let mut report = audit(&table, test.as_ref(), &options)?;
    if let Some(baseline) = &args.baseline {
        let baseline = Source::parse(baseline)?;
        super::note(baseline.note.as_deref());
        let (old, old_sha) = read(&baseline)?;
        let hashes = (!old_sha.is_empty() && !sha256.is_empty())
            .then_some((old_sha.as_str(), sha256.as_str()));
        report
            .findings
            .extend(compare_schemas(&schema(&old), &report.schema, hashes));
    }
    let text = if args.json {
        let output = Output {
            source: &source.display,
            rows: report.rows,
            columns: report.columns,
            target: report.target.as_deref(),
            sha256: &sha256,
            schema: &report.schema,
            schema_fingerprint: &report.schema_fingerprint,
            findings: &report.findings,
            label_issues: &report.label_issues,
        };
        let mut text = serde_json::to_string_pretty(&output)?;
        text.push('\n');
        text
    } else {
        human::render(&source.display, &sha256, &report)
    };
    super::out(&text)?;
    Ok(exit_code(&report, args.fail_on))
}

/// 1 when a finding is at least as severe as `--fail-on`, else 0.
fn exit_code(report: &Report, fail_on: Option<FailOn>) -> ExitCode {
    let bound = match fail_on {
        None => return ExitCode::SUCCESS,
        Some(FailOn::Error) => Severity::Error,
        Some(FailOn::Warning) => Severity::Warning,
    };
    if report.worst().is_some_and(|worst| worst >= bound) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// The table (its row range only) and the SHA-256 of the whole file, in hexadecimal.
/// A bundled dataset's hash is the one `datasets/datasets.toml` records (and loading
/// checks).
pub(super) fn read(source: &Source) -> anyhow::Result<(Table, String)> {
    let raw = RawTable::open(source)?;
    if let RawTable::Csv { bytes, .. } = &raw {
        // The hash and the parse each read the whole file: side by side they take the
        // time of the slower one.
        let (table, sha256) = std::thread::scope(|scope| {
            let hash = scope.spawn(|| format!("{:x}", Sha256::digest(bytes)));
            let table = raw.csv_table(source.range).expect("a CSV file");
            (table, hash.join().expect("hashing does not panic"))
        });
        return Ok((table?, sha256));
    }
    let sha256 = match (&raw, source.bundled()) {
        (RawTable::Csv { bytes, .. }, _) => format!("{:x}", Sha256::digest(bytes)),
        (RawTable::Bundled { .. }, Some(name)) => datasets::info(name)
            .map(|info| info.sha256.clone())
            .unwrap_or_default(),
        (RawTable::Bundled { .. }, None) => String::new(),
    };
    Ok((raw.into_table(source.range)?, sha256))
}
