//! `mlpath fairness`: group fairness of a classifier's decisions stored in a CSV file,
//! with fairlearn's definitions (the engine is `crate::ml::fairness`).

mod input;
mod mitigate;
mod output;

use std::process::ExitCode;

use crate::cli::FairnessArgs;
use crate::ml::fairness::{self, FairnessError, FairnessReport};
use crate::ml::io::{DataError, RawTable, Source, same_label};
use crate::ml::metrics::compare_labels;

use input::{FairnessColumns, ROW_COLUMN, Role};

const DEFAULT_THRESHOLD: f64 = 0.5;

pub fn run(args: &FairnessArgs) -> anyhow::Result<ExitCode> {
    if args.equalise.is_some() && args.score.is_none() {
        anyhow::bail!(
            "--equalise needs --score COL: per-group thresholds are chosen on scores, not on \
             fixed predictions"
        );
    }
    if args.rate.is_some() && args.equalise.is_none() {
        anyhow::bail!("--rate is the rate --equalise brings every group to: add --equalise");
    }
    let table_source = Source::parse(&args.file)?;
    super::note(table_source.note.as_deref());
    let source = table_source.display.clone();
    let table = RawTable::open(&table_source)?;
    let second = match (&args.score, &args.pred) {
        (Some(score), _) => (Role::Score, score.as_str()),
        (None, Some(pred)) => (Role::Pred, pred.as_str()),
        (None, None) => anyhow::bail!("give --pred COL (predicted labels) or --score COL"),
    };
    let group = match args.data {
        Some(_) => (Role::Row, ROW_COLUMN),
        None => (Role::Group, args.group.as_str()),
    };
    let wanted = [(Role::Truth, args.truth.as_str()), second, group];
    let (mut columns, rows) = input::read(&table, &wanted, table_source.range)?;
    drop(table);
    if columns.truth.is_empty() {
        return Err(DataError::new(&source, "no data rows below the header")
            .at_line(2)
            .with_hint("the file needs one row per prediction")
            .into());
    }
    let data_display = match &args.data {
        Some(data) => Some(groups_from_data(&source, args, data, &rows, &mut columns)?),
        None => None,
    };
    let labels = Labels {
        source: &source,
        args,
        columns: &columns,
    };
    let (positive, positive_name) = labels.positive()?;
    let truth: Vec<bool> = columns.truth.iter().map(|&id| id == positive).collect();
    let threshold = args
        .score
        .as_ref()
        .map(|_| args.threshold.unwrap_or(DEFAULT_THRESHOLD));
    let report = match (&columns.scores, &columns.pred, threshold) {
        (Some(scores), _, Some(t)) => {
            fairness::assess_scores(&columns.group_names, &columns.groups, &truth, scores, t)
        }
        (_, Some(pred), _) => {
            let predicted: Vec<bool> = pred.iter().map(|&id| id == positive).collect();
            fairness::assess(&columns.group_names, &columns.groups, &truth, &predicted)
        }
        _ => unreachable!("input::read fills scores or predictions"),
    };
    let report: FairnessReport = report.map_err(|e| engine_error(&source, e))?;
    let mitigation = match (args.equalise, &columns.scores, threshold) {
        (Some(rate), Some(scores), Some(t)) => Some(
            fairness::equalise(
                &columns.group_names,
                &columns.groups,
                &truth,
                scores,
                t,
                mitigate::target(rate),
                args.rate,
            )
            .map_err(|e| engine_error(&source, e))?,
        ),
        _ => None,
    };
    let output = output::Report {
        source: &source,
        truth: &args.truth,
        pred: args.pred.as_deref().filter(|_| args.score.is_none()),
        score: args.score.as_deref(),
        threshold,
        group: &args.group,
        data: data_display.as_deref(),
        positive: &positive_name,
        report: &report,
        mitigation: mitigation.as_ref(),
        more_warnings: score_of_another_class(args, &positive_name)
            .into_iter()
            .collect(),
    };
    if !args.json {
        for warning in output.warnings() {
            super::warn(&warning);
        }
    }
    super::out(&output.render(args.json))?;
    Ok(ExitCode::SUCCESS)
}

/// With `--score` on `train --predictions` rows of a bundled dataset (`--data`), the
/// score is the probability of the dataset's positive class; a different `--positive`
/// reads high scores as the wrong class.
fn score_of_another_class(args: &FairnessArgs, positive: &str) -> Option<String> {
    args.score.as_ref()?;
    let data = Source::parse(args.data.as_deref()?).ok()?;
    let name = data.bundled()?;
    let scored = crate::ml::datasets::info(name)?.positive.as_deref()?;
    (!same_label(scored, positive)).then(|| {
        format!(
            "the score of `train --predictions` on {name} is the probability of '{scored}', \
             but --positive is '{positive}': high scores now count as '{positive}'; use \
             --positive {scored}, or --pred predicted"
        )
    })
}

fn engine_error(source: &str, e: FairnessError) -> anyhow::Error {
    DataError::new(source, e.to_string()).into()
}

/// Replaces the row indices read from the predictions file (`source`) by the groups of
/// those rows in DATA (`--data`); returns how DATA is shown.
fn groups_from_data(
    source: &str,
    args: &FairnessArgs,
    data: &str,
    rows: &[(u64, u64)],
    columns: &mut FairnessColumns,
) -> anyhow::Result<String> {
    let data_source = Source::parse(data)?;
    super::note(data_source.note.as_deref());
    let data_table = RawTable::open(&data_source)?;
    let wanted = [(Role::Group, args.group.as_str())];
    let (data_columns, _) = input::read(&data_table, &wanted, data_source.range)?;
    let n = data_columns.groups.len();
    let mut groups = Vec::with_capacity(rows.len());
    for &(row, line) in rows {
        let Some(&id) = data_columns.groups.get(row as usize) else {
            return Err(DataError::new(
                source,
                format!(
                    "row {row} is past the end of {}, which has {n} data rows",
                    data_source.display
                ),
            )
            .at_line(line)
            .in_column(ROW_COLUMN)
            .with_hint(
                "--data must name the table the predictions were made on (with the same \
                 row range, --sample or --max-rows)",
            )
            .into());
        };
        groups.push(id);
    }
    columns.groups = groups;
    columns.group_names = data_columns.group_names;
    Ok(data_source.display)
}

/// Which label is the positive class.
struct Labels<'a> {
    source: &'a str,
    args: &'a FairnessArgs,
    columns: &'a FairnessColumns,
}

impl Labels<'_> {
    fn label(&self, id: u32) -> &str {
        &self.columns.labels[id as usize]
    }

    /// Label ids in the truth and prediction columns, sorted.
    fn present(&self) -> Vec<u32> {
        let mut seen = vec![false; self.columns.labels.len()];
        for &id in self
            .columns
            .truth
            .iter()
            .chain(self.columns.pred.iter().flatten())
        {
            seen[id as usize] = true;
        }
        let mut ids: Vec<u32> = (0..seen.len() as u32)
            .filter(|&i| seen[i as usize])
            .collect();
        ids.sort_by(|&a, &b| compare_labels(self.label(a), self.label(b)));
        ids
    }

    fn listed(&self, ids: &[u32]) -> String {
        let names: Vec<String> = ids.iter().map(|&id| self.label(id).to_string()).collect();
        crate::ml::io::name_list(&names)
    }

    fn error(&self, message: String) -> DataError {
        let place = match (&self.args.pred, &self.args.score) {
            (Some(pred), None) => format!("columns '{}' and '{pred}'", self.args.truth),
            _ => format!("column '{}'", self.args.truth),
        };
        DataError::new(self.source, format!("{place}: {message}"))
    }

    /// The positive label's id and how it is shown.
    fn positive(&self) -> Result<(u32, String), DataError> {
        let present = self.present();
        if let Some(wanted) = &self.args.positive {
            return present
                .iter()
                .copied()
                .find(|&id| same_label(self.label(id), wanted))
                .map(|id| (id, self.label(id).to_string()))
                .ok_or_else(|| {
                    self.error(format!("the positive label '{wanted}' does not occur"))
                        .with_hint(format!(
                            "labels seen: {}; pass one of them with --positive",
                            self.listed(&present)
                        ))
                });
        }
        if present.len() > 2 {
            return Err(self
                .error(format!(
                    "{} labels occur ({}); fairness metrics need two classes",
                    present.len(),
                    self.listed(&present)
                ))
                .with_hint(
                    "name the positive class with --positive LABEL (the others count as negative)",
                ));
        }
        present
            .iter()
            .copied()
            .find(|&id| same_label(self.label(id), "1"))
            .map(|id| (id, self.label(id).to_string()))
            .ok_or_else(|| {
                self.error("which label is the positive class? there is no label '1'".to_string())
                    .with_hint(format!(
                        "pass --positive LABEL; labels seen: {}",
                        self.listed(&present)
                    ))
            })
    }
}
