//! The command line: clap definitions and dispatch. Doc comments are the `--help` text.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::commands;

/// An interactive terminal tutor for machine-learning engineering careers.
///
/// Run without a command to open the tutor. The commands below work on your own
/// files too: `eval`, `train` and `drift` give the numbers scikit-learn and scipy give.
#[derive(Debug, Parser)]
#[command(name = "mlpath", version, about, long_about = None)]
pub struct Cli {
    /// Add a directory of instructor lessons to the bundled ones (repeatable).
    /// MLPATH_LESSONS, a path list, adds more.
    #[arg(long = "lessons", value_name = "DIR", global = true)]
    pub lessons: Vec<PathBuf>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List tracks and lessons with their status, minutes, skills and prerequisites.
    List(ListArgs),
    /// Tools for lesson authors.
    #[command(subcommand)]
    Lessons(LessonsCommand),
    /// Compare a current table with a reference, column by column: which columns drifted,
    /// by how much, and whether the dataset as a whole drifted.
    ///
    /// Numeric columns get the two-sample Kolmogorov-Smirnov test, the Wasserstein
    /// distance, PSI and the Jensen-Shannon distance; text columns (and numeric columns
    /// with at most 5 distinct values) the chi-square test, PSI and Jensen-Shannon.
    /// By default each column's test is chosen the way Evidently chooses: KS or chi-square
    /// up to 1000 reference values, Wasserstein (normed) or Jensen-Shannon above.
    /// The dataset drifts when at least half of the columns drift.
    Drift(DriftArgs),
}

#[derive(Debug, Args)]
pub struct DriftArgs {
    /// The reference table: a CSV file with a header row, or a bundled dataset name,
    /// optionally with rows such as `occupancy[0:200]` (0-based, end excluded) or `[200:]`.
    #[arg(value_name = "REFERENCE")]
    pub reference: String,
    /// The current table, in the same forms.
    #[arg(value_name = "CURRENT")]
    pub current: String,
    /// Compare only these columns (comma-separated); each must exist in both tables.
    /// By default every column present in both is compared.
    #[arg(long, value_name = "A,B", value_delimiter = ',')]
    pub columns: Vec<String>,
    /// The test that decides drift for every column. `ks` and `wasserstein` need numbers:
    /// categorical columns keep their default test.
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
pub struct ListArgs {
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum LessonsCommand {
    /// Check lesson directories (default: the bundled lessons) and report every problem
    /// as path:line:col. Exits 1 when there is any problem.
    Check {
        /// Directories of lessons to check together with the bundled catalog.
        dirs: Vec<PathBuf>,
    },
}

/// Parses the command line and runs it; errors are printed and become exit codes:
/// 1 when `lessons check` finds problems, 2 for bad input or usage.
pub fn run() -> ExitCode {
    let cli = Cli::parse();
    match commands::dispatch(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("mlpath: error: {e:#}");
            ExitCode::from(2)
        }
    }
}
