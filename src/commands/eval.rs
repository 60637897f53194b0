//! `mlpath eval`: scores a classifier's predictions stored in a CSV file.

mod input;
mod output;

use std::process::ExitCode;

use crate::cli::EvalArgs;
use crate::ml::io::{DataError, RawTable, Source, same_label};
use crate::ml::metrics::{BinaryEvaluation, ConfusionMatrix, compare_labels};

use input::{EvalColumns, Predictions};

const DEFAULT_THRESHOLD: f64 = 0.5;

pub fn run(args: &EvalArgs) -> anyhow::Result<ExitCode> {
    let table_source = Source::parse(&args.file)?;
    super::note(table_source.note.as_deref());
    let source = table_source.display.clone();
    let table = RawTable::open(&table_source)?;
    let predictions = match (&args.score, &args.pred) {
        (Some(score), _) => Predictions::Scores(score),
        (None, Some(pred)) => Predictions::Labels(pred),
        (None, None) => anyhow::bail!("give --score COL or --pred COL"),
    };
    let columns = input::read(&table, &args.truth, predictions, table_source.range)?;
    drop(table);
    if columns.truth.is_empty() {
        return Err(DataError::new(&source, "no data rows below the header")
            .at_line(2)
            .with_hint("the file needs one row per prediction")
            .into());
    }
    let context = Context {
        source: &source,
        args,
        columns: &columns,
    };
    match context.task()? {
        Task::Binary { positive, name } => {
            let (evaluation, negative) = context.binary(positive, &name);
            for warning in context.undefined_scores(&evaluation, &name) {
                super::warn(&warning);
            }
            let report = output::BinaryReport {
                source: &source,
                positive: &name,
                negative: &negative,
                prediction_column: args.pred.as_deref(),
                evaluation: &evaluation,
            };
            super::out(&report.render(args.json))?;
        }
        Task::Multiclass => {
            let matrix = context.multiclass();
            let report = output::MulticlassReport {
                source: &source,
                matrix: &matrix,
            };
            super::out(&report.render(args.json))?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

enum Task {
    /// `positive` is the positive label's id, `None` when `--positive` names a label
    /// that no row holds (every row is then a negative); `name` is how it is shown.
    Binary {
        positive: Option<u32>,
        name: String,
    },
    Multiclass,
}

struct Context<'a> {
    source: &'a str,
    args: &'a EvalArgs,
    columns: &'a EvalColumns,
}

impl Context<'_> {
    /// Label ids that occur in the truth column (with --pred, in either column), sorted.
    fn labels_present(&self) -> Vec<u32> {
        let mut present = vec![false; self.columns.labels.len()];
        for &id in self
            .columns
            .truth
            .iter()
            .chain(self.columns.pred.iter().flatten())
        {
            present[id as usize] = true;
        }
        let mut ids: Vec<u32> = (0..present.len() as u32)
            .filter(|&id| present[id as usize])
            .collect();
        ids.sort_by(|&a, &b| compare_labels(self.label(a), self.label(b)));
        ids
    }

    fn label(&self, id: u32) -> &str {
        &self.columns.labels[id as usize]
    }

    fn listed(&self, ids: &[u32]) -> String {
        const SHOWN: usize = 20;
        let mut names: Vec<String> = ids
            .iter()
            .take(SHOWN)
            .map(|&id| self.label(id).to_string())
            .collect();
        if ids.len() > SHOWN {
            names.push(format!("... ({} in all)", ids.len()));
        }
        names.join(", ")
    }

    fn where_labels_are(&self) -> String {
        match &self.args.pred {
            Some(pred) => format!("columns '{}' and '{}'", self.args.truth, pred),
            None => format!("column '{}'", self.args.truth),
        }
    }

    fn label_error(&self, message: String) -> DataError {
        DataError::new(
            self.source,
            format!("{}: {message}", self.where_labels_are()),
        )
    }

    /// Binary or multiclass, and which label is positive.
    fn task(&self) -> Result<Task, DataError> {
        let present = self.labels_present();
        if present.len() < 2 {
            // One label only (e.g. a day without fraud): with --positive every metric that
            // is defined is computed, as scikit-learn does; the others are null.
            let Some(wanted) = &self.args.positive else {
                return Err(self
                    .label_error(format!(
                        "only one label ('{}') occurs; evaluating needs two classes",
                        self.listed(&present)
                    ))
                    .with_hint(
                        "check that the file holds both positive and negative examples, or \
                         name the positive class with --positive LABEL to evaluate anyway",
                    ));
            };
            let positive = present
                .iter()
                .copied()
                .find(|&id| same_label(self.label(id), wanted));
            let name = match positive {
                Some(id) => self.label(id).to_string(),
                None => wanted.clone(),
            };
            return Ok(Task::Binary { positive, name });
        }
        let scored = self.columns.scores.is_some();
        if present.len() > 2 && self.args.positive.is_none() {
            if scored {
                return Err(self
                    .label_error(format!(
                        "{} labels occur ({}); --score evaluates one positive class",
                        present.len(),
                        self.listed(&present)
                    ))
                    .with_hint("name the positive class with --positive LABEL (the others count as negative)"));
            }
            return Ok(Task::Multiclass);
        }
        let positive: u32 = match &self.args.positive {
            Some(wanted) => present
                .iter()
                .copied()
                .find(|&id| same_label(self.label(id), wanted))
                .ok_or_else(|| {
                    self.label_error(format!("the positive label '{wanted}' does not occur"))
                        .with_hint(format!("labels seen: {}", self.listed(&present)))
                })?,
            None => present
                .iter()
                .copied()
                .find(|&id| same_label(self.label(id), "1"))
                .ok_or_else(|| {
                    self.label_error(
                        "which label is the positive class? there is no label '1'".to_string(),
                    )
                    .with_hint(format!(
                        "pass --positive LABEL; labels seen: {}",
                        self.listed(&present)
                    ))
                })?,
        };
        Ok(Task::Binary {
            positive: Some(positive),
            name: self.label(positive).to_string(),
        })
    }

    /// The evaluation and the name shown for the negative class.
    fn binary(&self, positive: Option<u32>, name: &str) -> (BinaryEvaluation, String) {
        let labels: Vec<bool> = self
            .columns
            .truth
            .iter()
            .map(|&id| Some(id) == positive)
            .collect();
        let evaluation = match (&self.columns.scores, &self.columns.pred) {
            (Some(scores), _) => {
                let threshold = self.args.threshold.unwrap_or(DEFAULT_THRESHOLD);
                BinaryEvaluation::from_scores(&labels, scores, threshold)
            }
            (None, Some(pred)) => {
                let predicted: Vec<bool> = pred.iter().map(|&id| Some(id) == positive).collect();
                BinaryEvaluation::from_predictions(&labels, &predicted)
            }
            (None, None) => unreachable!("input::read fills scores or predictions"),
        };
        let others: Vec<u32> = self
            .labels_present()
            .into_iter()
            .filter(|&id| Some(id) != positive)
            .collect();
        let negative = match others.as_slice() {
            [one] => self.label(*one).to_string(),
            _ => format!("not {name}"),
        };
        (evaluation, negative)
    }

    /// Warnings for scores that are undefined because the truth column holds one class
    /// only (printed on stderr; the reports show them as null or "-").
    fn undefined_scores(&self, evaluation: &BinaryEvaluation, name: &str) -> Vec<String> {
        let mut warnings = Vec::new();
        let counts = &evaluation.counts;
        let (positives, negatives) = (counts.tp + counts.fn_, counts.fp + counts.tn);
        if positives == 0 {
            warnings.push(format!(
                "no row of {} is the positive class '{name}': recall is undefined (shown as 0)",
                self.where_labels_are()
            ));
        }
        if self.columns.scores.is_some() {
            if positives == 0 || negatives == 0 {
                warnings.push(format!(
                    "ROC AUC is undefined: column '{}' holds one class only",
                    self.args.truth
                ));
            }
            if positives == 0 {
                warnings.push("average precision is undefined without a positive row".to_string());
            }
        }
        warnings
    }

    fn multiclass(&self) -> ConfusionMatrix {
        let order = self.labels_present();
        let mut rank = vec![0usize; self.columns.labels.len()];
        for (position, &id) in order.iter().enumerate() {
            rank[id as usize] = position;
        }
        let truth: Vec<usize> = self
            .columns
            .truth
            .iter()
            .map(|&id| rank[id as usize])
            .collect();
        let pred: Vec<usize> = self
            .columns
            .pred
            .as_ref()
            .expect("multiclass only with --pred")
            .iter()
            .map(|&id| rank[id as usize])
            .collect();
        let labels = order.iter().map(|&id| self.label(id).to_string()).collect();
        ConfusionMatrix::from_indices(labels, &truth, &pred)
    }
}
