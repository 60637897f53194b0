//! The arguments of the commands that run an engine on data: `eval`, `train`,
//! `drift`, `audit`, `datasheet`, `validate`, `fairness` and `privacy`.

use std::path::PathBuf;

use clap::{ArgGroup, Args, ValueEnum};

use crate::ml::models::ModelKind;

#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// The table: a CSV file with a header row, or a bundled dataset name, optionally
    /// with rows such as `german_credit[0:200]`.
    #[arg(value_name = "DATA")]
    pub data: String,
    /// The data contract (TOML).
    #[arg(long, value_name = "FILE")]
    pub contract: PathBuf,
    /// Print one JSON object instead of text.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct DatasheetArgs {
    /// The table: a CSV file with a header row, or a bundled dataset name.
    #[arg(value_name = "DATA")]
    pub data: String,
    /// The target column, whose class balance is measured (a bundled dataset's own
    /// target by default).
    #[arg(long, value_name = "COL")]
    pub target: Option<String>,
    /// Write the datasheet to this file instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Replace the --out file if it exists.
    #[arg(long, requires = "out")]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct AuditArgs {
    /// The table: a CSV file with a header row, or a bundled dataset name, optionally
    /// with rows such as `occupancy[0:200]` (0-based, end excluded).
    #[arg(value_name = "DATA")]
    pub data: String,
    /// The target column: adds the checks on labels (conflicting labels, class
    /// imbalance, leakage).
    #[arg(long, value_name = "COL")]
    pub target: Option<String>,
    /// A test file with the same columns: rows found in both are reported.
    #[arg(long, value_name = "FILE")]
    pub test: Option<String>,
    /// Columns recorded only after the outcome, comma-separated (such as a collections
    /// count for a credit default): each is a leakage error and is left out of the
    /// label issues' model.
    #[arg(long, value_name = "COLS", value_delimiter = ',')]
    pub after: Vec<String>,
    /// An earlier version of the table (a file or bundled name): added, removed and
    /// retyped columns, new categories and a changed SHA-256 are reported as
    /// `schema_change` findings.
    #[arg(long, value_name = "OLD")]
    pub baseline: Option<String>,
    /// Print one JSON object instead of the report.
    #[arg(long)]
    pub json: bool,
    /// Exit with status 1 when a finding is at least this severe (by default the exit
    /// status does not depend on the findings).
    #[arg(long, value_enum, value_name = "SEVERITY")]
    pub fail_on: Option<FailOn>,
}

/// The `--fail-on` choices.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
}

#[derive(Debug, Args)]
pub struct DriftArgs {
    /// The reference table: a CSV file with a header row, or a bundled dataset name,
    /// optionally with rows such as `occupancy[0:200]` (0-based, end excluded) or `[200:]`.
    /// An existing file wins over a bundled dataset of the same name (with a note on
    /// stderr); `bundled:NAME` always names the bundled one.
    #[arg(value_name = "REFERENCE")]
    pub reference: String,
    /// The current table, in the same forms.
    #[arg(value_name = "CURRENT")]
    pub current: String,
    /// Compare only these columns (comma-separated); each must exist in both tables.
    /// By default every column present in both is compared.
    #[arg(long, value_name = "A,B", value_delimiter = ',')]
    pub columns: Vec<String>,
    /// The test that decides drift for every column. An explicit test is used for every
    /// column of numbers, also integer columns with few distinct values that `auto`
    /// treats as categories. `ks` and `wasserstein` need numbers: a text column is then
    /// an error naming it (leave it out with --columns).
    #[arg(long, value_enum, default_value_t = DriftTestArg::Auto)]
    pub test: DriftTestArg,
    /// Number of bins, cut at quantiles of the reference, for PSI, Jensen-Shannon and
    /// the histograms.
    #[arg(long, value_name = "N", default_value_t = 10,
          value_parser = clap::value_parser!(u16).range(2..=100))]
    pub bins: u16,
    /// Divide the p-value threshold (0.05) by the number of columns compared, so that the
    /// chance of any false alarm across all columns stays near 5 %.
    #[arg(long)]
    pub bonferroni: bool,
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
    /// Exit with status 1 when the dataset drifts, to gate a CI job (the report is
    /// printed either way).
    #[arg(long)]
    pub fail_on_drift: bool,
}

/// The `--test` choices.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DriftTestArg {
    /// Per column: KS / chi-square up to 1000 reference values, Wasserstein / Jensen-Shannon above.
    Auto,
    /// Two-sample Kolmogorov-Smirnov; drift when p <= 0.05.
    Ks,
    /// Wasserstein-1 in reference standard deviations; drift when >= 0.1.
    Wasserstein,
    /// Population Stability Index; drift when >= 0.25 (0.1 to 0.25 is moderate).
    Psi,
    /// Jensen-Shannon distance, base 2; drift when >= 0.1.
    Jsd,
    /// Chi-square test of homogeneity (numeric columns: over the bins); drift when p < 0.05.
    Chi2,
}

#[derive(Debug, Args)]
#[command(group(ArgGroup::new("prediction").required(true).args(["score", "pred"])))]
pub struct EvalArgs {
    /// CSV file with a header row (or a bundled dataset name, by the same rule as
    /// `train`; a row range such as `preds.csv[0:1000]` keeps those rows).
    #[arg(value_name = "FILE")]
    pub file: String,
    /// Column holding the true labels. Labels that are numbers compare by value
    /// ("1" and "1.0" are one class).
    #[arg(long, value_name = "COL")]
    pub truth: String,
    /// Column holding the predicted probability of the positive class (0 to 1).
    #[arg(long, value_name = "COL")]
    pub score: Option<String>,
    /// With --score: a row is predicted positive when its score is at least T
    /// [default: 0.5].
    #[arg(long, value_name = "T", conflicts_with = "pred", value_parser = parse_threshold)]
    pub threshold: Option<f64>,
    /// Column holding predicted labels (two labels: binary; more: multiclass).
    #[arg(long, value_name = "COL")]
    pub pred: Option<String>,
    /// The positive class label [default: 1]. With more than two labels, evaluates
    /// this label against all others. When the truth column holds one label only, every
    /// defined metric is still computed; ROC AUC and average precision are then null,
    /// with a warning on stderr.
    #[arg(long, value_name = "LABEL")]
    pub positive: Option<String>,
    /// Print JSON instead of tables.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct FairnessArgs {
    /// CSV file with a header row, one row per decision (or a bundled dataset name, by
    /// the same rule as `train`; a row range such as `preds.csv[0:1000]` keeps those rows).
    #[arg(value_name = "FILE")]
    pub file: String,
    /// Column holding the true labels (two classes, or name the positive one).
    #[arg(long, value_name = "COL")]
    pub truth: String,
    /// Column holding the predicted labels.
    #[arg(long, value_name = "COL", required_unless_present = "score")]
    pub pred: Option<String>,
    /// Column holding a score (any finite number); a row is predicted positive when its
    /// score is at least --threshold.
    #[arg(long, value_name = "COL", conflicts_with = "pred")]
    pub score: Option<String>,
    /// With --score: the decision threshold [default: 0.5].
    #[arg(long, value_name = "T", requires = "score", conflicts_with = "pred", value_parser = parse_any_threshold,
          allow_negative_numbers = true)]
    pub threshold: Option<f64>,
    /// Column holding the group of each row (e.g. age band, country).
    #[arg(long, value_name = "COL")]
    pub group: String,
    /// The positive (favourable or flagged) class label [default: 1].
    #[arg(long, value_name = "LABEL")]
    pub positive: Option<String>,
    /// Read the --group column from DATA instead (a bundled dataset or a CSV file),
    /// matching FILE's column `row` to DATA's 0-based data rows, as in the file
    /// `train --predictions` writes.
    #[arg(long, value_name = "DATA")]
    pub data: Option<String>,
    /// With --score: also choose one threshold per group that brings every group's TPR
    /// (equal opportunity) or selection rate (demographic parity) near one rate, and
    /// report what that costs in accuracy (post-processing mitigation).
    #[arg(long, value_enum, value_name = "RATE", requires = "score")]
    pub equalise: Option<EqualiseRate>,
    /// With --equalise: the rate to bring every group to [default: the rate of all rows
    /// together at --threshold].
    #[arg(long, value_name = "R", requires = "equalise", value_parser = parse_threshold)]
    pub rate: Option<f64>,
    /// Print JSON instead of tables.
    #[arg(long)]
    pub json: bool,
}

/// The `--equalise` choices.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum EqualiseRate {
    /// True positive rate: equal opportunity.
    Tpr,
    /// Selection rate: demographic parity.
    SelectionRate,
}

#[derive(Debug, Args)]
pub struct PrivacyArgs {
    /// CSV file with a header row (or a bundled dataset name, by the same rule as
    /// `train`; a row range such as `people.csv[0:1000]` keeps those rows).
    #[arg(value_name = "FILE")]
    pub file: String,
    /// The quasi-identifier columns, comma-separated: attributes that together may
    /// single a person out (age, postcode, sex, ...). Cells compare as text.
    #[arg(long, value_name = "A,B,...", value_delimiter = ',', required = true)]
    pub quasi: Vec<String>,
    /// The sensitive column, for l-diversity (distinct values per class).
    #[arg(long, value_name = "COL")]
    pub sensitive: Option<String>,
    /// The k the table should reach: rows in classes smaller than this are listed.
    #[arg(long, value_name = "K", default_value_t = 5,
          value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..))]
    pub k: usize,
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

fn parse_any_threshold(text: &str) -> Result<f64, String> {
    match text.trim().parse::<f64>() {
        Ok(t) if t.is_finite() => Ok(t),
        _ => Err(format!("'{text}' is not a finite number; e.g. 0.5")),
    }
}

fn parse_threshold(text: &str) -> Result<f64, String> {
    match text.trim().parse::<f64>() {
        Ok(t) if (0.0..=1.0).contains(&t) => Ok(t),
        Ok(t) => Err(format!("{t} is not between 0 and 1")),
        Err(_) => Err("expected a number between 0 and 1".to_string()),
    }
}

#[derive(Debug, Args)]
pub struct TrainArgs {
    /// A CSV file with a header row, or a bundled dataset (breast_cancer, iris, wine,
    /// phishing, diabetes, digits, ...). An existing file wins over a bundled dataset of
    /// the same name (with a note on stderr); `bundled:NAME` always names the bundled
    /// one. A row range such as `iris[0:100]` keeps those rows (0-based, end excluded).
    #[arg(value_name = "DATA")]
    pub data: String,
    /// The column to predict [default: the bundled dataset's target]. k-means runs
    /// without one (see --clusters).
    #[arg(long, value_name = "COL")]
    pub target: Option<String>,
    /// The model: logistic, tree, naive_bayes and kmeans predict class labels;
    /// linear predicts a number.
    #[arg(long, value_name = "MODEL", value_parser = model_parser())]
    pub model: ModelKind,
    /// Feature columns, comma-separated [default: every column but the target]. Text
    /// columns are one-hot encoded: one 0/1 indicator per category seen in the training
    /// rows, in sorted order; a category first seen in the test rows gets all zeros and
    /// a warning. Name the original columns here, not the indicators.
    #[arg(long, value_name = "A,B,...", value_delimiter = ',')]
    pub features: Option<Vec<String>>,
    /// Evaluate on the rows of this CSV file (same columns as DATA) and train on all of DATA.
    #[arg(long, value_name = "FILE", conflicts_with = "test_size")]
    pub test: Option<PathBuf>,
    /// Share of the rows held out for testing, between 0 and 1 (stratified by class;
    /// each class sends round-half-up(count × share) rows, keeping one for training).
    #[arg(long, value_name = "SHARE", default_value_t = 0.25, value_parser = parse_test_size,
          allow_negative_numbers = true)]
    pub test_size: f64,
    /// Seed of the split (and of k-means).
    #[arg(long, value_name = "N", default_value_t = 42)]
    pub seed: u64,
    /// The positive label of a two-class target [default: the dataset's declared
    /// positive label, else 1].
    #[arg(long, value_name = "LABEL")]
    pub positive: Option<String>,
    /// Read only the first N data rows (of the row range, if there is one); the other
    /// rows are scanned but not kept, so a file too large for memory can be used.
    #[arg(long, value_name = "N", conflicts_with = "sample", value_parser = clap::value_parser!(u64).range(1..))]
    pub max_rows: Option<u64>,
    /// Read N data rows drawn at random (seeded by --seed), kept in file order; row
    /// indices (--export-split, --predictions) then count the sampled rows.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub sample: Option<u64>,
    /// k-means without a target (no --target and no declared one): the number of
    /// clusters, 2 to 100 [default: 2]. Its default features are then the numeric columns.
    #[arg(long, value_name = "K")]
    pub clusters: Option<usize>,
    /// Print JSON instead of a report.
    #[arg(long)]
    pub json: bool,
    /// For reproducibility: write the 0-based data-row indices of the training and test
    /// rows to FILE as JSON, so another tool can fit on exactly the same rows.
    #[arg(long, value_name = "FILE")]
    pub export_split: Option<PathBuf>,
    /// Write the test rows' predictions to FILE as CSV (`row, truth, predicted` and, for
    /// two classes, `score`, the positive-class score), so that `mlpath eval` or any
    /// other tool can recompute the metrics or sweep the threshold.
    #[arg(long, value_name = "FILE")]
    pub predictions: Option<PathBuf>,
    /// Record the run (code, data hash, parameters, metrics, predictions) in the run
    /// store, MLPATH_HOME/mlpath.db, with its files in MLPATH_HOME/artifacts/<run id>/.
    #[arg(long)]
    pub track: bool,
    /// The experiment a tracked run belongs to (default: `default`).
    #[arg(long, value_name = "NAME", requires = "track")]
    pub experiment: Option<String>,
}

fn model_parser() -> impl clap::builder::TypedValueParser<Value = ModelKind> {
    use clap::builder::TypedValueParser;
    clap::builder::PossibleValuesParser::new(ModelKind::ALL.map(ModelKind::name))
        .map(|name| ModelKind::from_name(&name).expect("the parser accepts model names only"))
}

fn parse_test_size(text: &str) -> Result<f64, String> {
    match text.trim().parse::<f64>() {
        Ok(v) if v > 0.0 && v < 1.0 => Ok(v),
        Ok(v) => Err(format!(
            "{v} is outside (0, 1): give the share of rows to hold out, e.g. 0.25"
        )),
        Err(_) => Err(format!("'{text}' is not a number; e.g. 0.25")),
    }
}
