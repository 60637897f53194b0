//! The command line: clap definitions and dispatch. Doc comments are the `--help` text.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use crate::commands;

mod engine_args;
pub use engine_args::*;

/// An interactive terminal tutor for machine-learning engineering careers.
///
/// Run without a command to open the tutor. The commands below work on your own
/// files too: `eval`, `train` and `drift` give the numbers scikit-learn and scipy give;
/// `audit` checks a table's data quality; `datasheet` drafts its documentation.
#[derive(Debug, Parser)]
#[command(name = "mlpath", version, about, long_about)]
pub struct Cli {
    /// Add a directory of instructor lessons to the bundled ones (repeatable).
    /// MLPATH_LESSONS, a path list, adds more.
    #[arg(long = "lessons", value_name = "DIR", global = true)]
    pub lessons: Vec<PathBuf>,

    /// Run the tutor as a plain line-by-line conversation on standard input and
    /// output (for screen readers and pipes): no full-screen drawing, options
    /// numbered, answers and commands typed. Also MLPATH_PLAIN=1, and automatic when
    /// TERM=dumb.
    #[arg(long)]
    pub plain: bool,

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
    /// Tracked training runs: list, show, compare and reproduce them.
    #[command(subcommand)]
    Runs(RunsCommand),
    /// For instructors: reports on a class from its learners' progress exports.
    #[command(subcommand)]
    Class(ClassCommand),
    /// Show, export, import or reset your progress (kept in MLPATH_HOME, else the
    /// platform's data directory).
    #[command(subcommand)]
    Progress(ProgressCommand),
    /// Evaluate a classifier's predictions stored in a CSV file: confusion matrix,
    /// precision, recall, F1, MCC, ROC AUC, average precision, log loss, Brier score.
    Eval(EvalArgs),
    /// Group fairness of a classifier's decisions: per group the selection rate, TPR,
    /// FPR, precision and accuracy, and between groups the demographic parity,
    /// equalized odds and equal opportunity gaps as fairlearn 0.15 defines them.
    ///
    /// A group without positive (negative) rows has no TPR (FPR): it is null, with a
    /// warning, and the aggregates use the groups where the rate is defined.
    /// See docs/fairness.md. Exit status: 0 the report was printed; 2 bad input or usage.
    Fairness(FairnessArgs),
    /// k-anonymity and l-diversity of a table over chosen quasi-identifiers: the
    /// smallest equivalence class (k), the rows in classes smaller than --k, the fewest
    /// distinct sensitive values in a class (l), and k without each column.
    /// See docs/privacy.md. Exit status: 0 the report was printed; 2 bad input or usage.
    Privacy(PrivacyArgs),
    /// Your skills map: per skill the evidence from lessons and labs, your outside
    /// evidence, your own rating, the level plans use, and the lessons that teach it.
    /// `skills assess` rates yourself; `skills evidence add` records outside evidence.
    Skills(SkillsArgs),
    /// The career roles and how ready you are for each, best first.
    Roles(RolesArgs),
    /// Your gaps for a role and the next lessons to close them, prerequisites first.
    Plan(PlanArgs),
    /// Spaced review: the quiz items you answered, when each is due again.
    Review(ReviewArgs),
    /// Train a model on a bundled dataset or a CSV file and evaluate it on held-out rows.
    ///
    /// The rows are split with a seeded, stratified shuffle (or the test rows come from
    /// --test FILE); features are standardised with the training rows' mean and standard
    /// deviation, except for naive Bayes, which uses them as read (as scikit-learn's
    /// GaussianNB does). The same command prints the same numbers on every run.
    ///
    /// Feature and target values must lie within ±1e100 (a larger one is refused with its
    /// line and column). A file whose numeric matrix would pass 256 MiB is refused before it
    /// is read; --max-rows or --sample keeps fewer rows. k-means also runs without a target.
    Train(TrainArgs),
    /// Compare a current table with a reference, column by column: which columns drifted,
    /// by how much, and whether the dataset as a whole drifted.
    ///
    /// Numeric columns get the two-sample Kolmogorov-Smirnov test, the Wasserstein
    /// distance, PSI and the Jensen-Shannon distance; text columns (and numeric columns
    /// with at most 5 distinct values) the chi-square test, PSI and Jensen-Shannon.
    /// By default each column's test is chosen the way Evidently chooses: KS or chi-square
    /// up to 1000 reference values, Wasserstein (normed) or Jensen-Shannon above.
    /// The dataset drifts when at least half of the columns drift.
    ///
    /// Exit status: 0 the report was printed (and, with --fail-on-drift, the dataset did
    /// not drift); 1 the dataset drifted and --fail-on-drift was given; 2 bad input or
    /// usage (nothing compared).
    Drift(DriftArgs),
    /// Audit a table's data quality: missing cells, duplicate rows, conflicting labels,
    /// constant and mixed-type columns, outliers, class imbalance, leaky features and,
    /// with --test, rows shared with the test file. Prints the file's SHA-256.
    ///
    /// Each finding names its rows twice: `row`, the 0-based data row (as pandas numbers
    /// them), and `line`, the 1-based line in the file (the header is line 1). The checks,
    /// their thresholds and the JSON shape are in docs/audit.md.
    ///
    /// Exit status: 0 the report was printed (and no finding reached --fail-on); 1 a
    /// finding reached --fail-on; 2 bad input or usage (nothing audited).
    Audit(AuditArgs),
    /// Write a Markdown datasheet skeleton for a table, after Gebru et al., "Datasheets
    /// for Datasets" (2021): seven sections of questions, the measurable answers filled
    /// in (rows, columns, types, missing shares, distinct values, class balance,
    /// SHA-256; source and licence for a bundled dataset) and `> TO FILL:` blanks for
    /// the rest. See docs/audit.md.
    ///
    /// Exit status: 0 the datasheet was written; 2 bad input or usage (also when --out
    /// names an existing file and --force is not given).
    Datasheet(DatasheetArgs),
    /// Check a table against a data contract: a TOML file with one `[[columns]]` rule
    /// per column (`name`, `type` number, integer or text, and optional `required`,
    /// `min`, `max`, `allowed`, `max_missing`). Lists each violation (missing_column,
    /// type, range, allowed, missing) with its count and first rows, each as `row`
    /// (0-based) and `line` (1-based). See docs/audit.md.
    ///
    /// Exit status: 0 the table keeps the contract; 1 it breaks it; 2 bad input or usage
    /// (a contract error is reported as FILE:line:col).
    Validate(ValidateArgs),
}

#[derive(Debug, Args)]
pub struct SkillsArgs {
    #[command(subcommand)]
    pub command: Option<SkillsCommand>,
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum SkillsCommand {
    /// Rate yourself in a skill: 0 none, 1 aware, 2 guided, 3 independent,
    /// 4 proficient, 5 expert.
    Assess {
        /// A skill id, e.g. eval_metrics (`mlpath skills` lists them).
        skill: String,
        /// Your level, 0 to 5.
        #[arg(allow_negative_numbers = true)]
        level: String,
    },
    /// Outside evidence: what you did elsewhere (a course, a project, a job). It
    /// counts up to its level and is always shown as your claim.
    Evidence {
        #[command(subcommand)]
        command: EvidenceCommand,
    },
}

#[derive(Debug, Subcommand)]
pub enum EvidenceCommand {
    /// Record that something you did shows SKILL at LEVEL (1 to 5).
    Add {
        /// A skill id, e.g. sql (`mlpath skills` lists them).
        skill: String,
        /// The level it shows, 1 to 5: 3 independent, 4 proficient, 5 expert.
        #[arg(allow_negative_numbers = true)]
        level: String,
        /// What it is, e.g. "job: data engineer, 3 years" or "project: churn model".
        #[arg(long)]
        what: String,
        /// A link to the work or certificate (http:// or https://).
        #[arg(long)]
        link: Option<String>,
        /// When it happened, YYYY-MM-DD.
        #[arg(long)]
        date: Option<String>,
    },
    /// List your outside evidence with its ids.
    List {
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Remove an entry by its id (`mlpath skills evidence list` shows the ids).
    Remove {
        /// The entry's id, e.g. 3f2a9c1d.
        id: String,
    },
}

#[derive(Debug, Args)]
pub struct RolesArgs {
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct PlanArgs {
    /// A role id, e.g. mlops-engineer (`mlpath roles` lists them).
    pub role: String,
    /// Make this role your target: the tutor's home screen then shows its next step.
    #[arg(long)]
    pub target: bool,
    /// Mark the plan's item N (a self-study item) done: its recommended route is
    /// recorded as outside evidence at the route's level, and the plan is shown again.
    #[arg(long, value_name = "N")]
    pub done: Option<usize>,
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ReviewArgs {
    /// Only the items due now.
    #[arg(long)]
    pub due: bool,
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum RunsCommand {
    /// Tracked runs, newest first: id, time, experiment, model, key metrics.
    List {
        /// Only this experiment's runs.
        #[arg(long, value_name = "NAME")]
        experiment: Option<String>,
        /// Print JSON (an array of runs, newest first, each with `run_id`).
        #[arg(long)]
        json: bool,
    },
    /// One run in full: code, data, parameters, metrics, artifacts.
    Show {
        /// The run id (or its first 4 or more characters).
        id: String,
        #[arg(long)]
        json: bool,
    },
    /// What differs between two runs (code, data, parameters) and how the metrics moved.
    Diff {
        a: String,
        b: String,
        #[arg(long)]
        json: bool,
    },
    /// Train the run again from its record. Exit 0 when metrics and test predictions are
    /// bit-identical, 1 when not, naming the component that changed.
    Reproduce { id: String },
}

#[derive(Debug, Subcommand)]
pub enum ClassCommand {
    /// Read many learners' progress exports and report, per lesson, who started and
    /// finished it and how long it took, and per quiz item the first-try correct rate,
    /// hints, revealed answers, the most given wrong answer, and the item's difficulty
    /// and discrimination, flagging the items that need a look. Give the class's own
    /// lessons with --lessons DIR.
    Report {
        /// Export files, or directories holding them (their .toml files are read).
        #[arg(required = true, value_name = "DIR_OR_FILE")]
        inputs: Vec<PathBuf>,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
        /// Also write the report as one self-contained HTML file (tables and charts,
        /// nothing fetched from the network).
        #[arg(long, value_name = "FILE")]
        html: Option<PathBuf>,
    },
}

#[derive(Debug, Subcommand)]
pub enum LessonsCommand {
    /// Check lesson directories (default: the bundled lessons) and report every problem
    /// as path:line:col. Exits 1 when there is any problem.
    Check {
        /// Directories of lessons to check together with the bundled catalog.
        dirs: Vec<PathBuf>,
        /// `text` (path:line:col: error: message) or `json` (one object per problem,
        /// with file, line, column, severity, message and hint, and the counts).
        #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
        format: CheckFormat,
    },
    /// Open the tutor on one lesson file and reload it on every save, keeping the step;
    /// a file that stops loading shows its problems until it is fixed. Progress made in
    /// a preview is not saved.
    Preview {
        /// The lesson file (inside a track directory with a track.toml).
        file: PathBuf,
        /// The step to open, 1-based (default: the first).
        #[arg(long)]
        step: Option<usize>,
    },
    /// Start a lesson: creates DIR/TRACK/track.toml if missing and the next numbered
    /// lesson file DIR/TRACK/NN-SLUG.toml, with one commented step of every kind, ready
    /// for `mlpath lessons check DIR`.
    New {
        /// TRACK/SLUG, e.g. mlops/model-registry (lowercase letters, digits, dashes).
        name: String,
        /// The lessons directory that holds track directories.
        #[arg(long, default_value = ".")]
        dir: PathBuf,
        /// The lesson's title (default: from the slug).
        #[arg(long)]
        title: Option<String>,
    },
    /// Print a JSON Schema (draft-07) of lesson files for editor completion and
    /// validation, e.g. `mlpath lessons schema > lesson.schema.json`, then put
    /// `#:schema ./lesson.schema.json` at the top of a lesson file. `lessons check`
    /// stays the authority: a schema cannot check other files or dataset columns.
    Schema {
        /// Which file the schema describes: a lesson file, a track.toml, skills.toml or
        /// roles.toml.
        #[arg(long, value_enum, default_value_t = SchemaFile::Lesson)]
        kind: SchemaFile,
        /// Write all four schemas into DIR (lesson.schema.json, track.schema.json,
        /// skills.schema.json, roles.schema.json) instead of printing one.
        #[arg(long, value_name = "DIR", conflicts_with = "kind")]
        out: Option<PathBuf>,
    },
}

/// The file a `lessons schema` describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SchemaFile {
    Lesson,
    Track,
    Skills,
    Roles,
}

/// How `lessons check` reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CheckFormat {
    Text,
    Json,
}

#[derive(Debug, Subcommand)]
pub enum ProgressCommand {
    /// Show where the progress file is, lessons done and in progress, lab goals met,
    /// self-ratings and target role.
    Show {
        /// Print the progress as JSON (with its file's `path`).
        #[arg(long)]
        json: bool,
    },
    /// Write your progress to FILE (to keep it, or to take it to another machine).
    Export {
        /// The file to write (replaced if it exists).
        file: PathBuf,
        /// For a class report: no name, no machine, a random learner id, and only
        /// lessons and lab results (no self-ratings, target role, outside evidence or
        /// review schedule).
        #[arg(long)]
        anonymous: bool,
    },
    /// Merge progress from FILE (written by `export`) into yours; nothing is lost.
    Import {
        /// A progress file written by `mlpath progress export`.
        file: PathBuf,
    },
    /// Forget one lesson's progress, or all progress (the old file is kept as
    /// progress.before-reset-<time>.toml).
    Reset {
        /// Reset only this lesson (full id, `<track>/<lesson>`).
        #[arg(long, value_name = "ID")]
        lesson: Option<String>,
        /// Confirm the reset.
        #[arg(long)]
        yes: bool,
    },
}

/// Parses the command line and runs it; errors are printed and become exit codes:
/// 1 when `lessons check` finds problems, `drift --fail-on-drift` finds drift, `audit
/// --fail-on` finds a finding that severe or `validate` finds a broken contract, 2 for
/// bad input or usage.
pub fn run() -> ExitCode {
    let cli = Cli::parse();
    match commands::dispatch(cli) {
        Ok(code) => code,
        Err(e) => {
            // The error edge: messages quote file names, paths and cells, which are
            // cleaned here once for all commands.
            eprintln!("mlpath: error: {}", error_text(&e));
            ExitCode::from(2)
        }
    }
}

/// The longest error message printed, in characters.
pub const MAX_ERROR_CHARS: usize = 4000;

/// An error and its causes, each said once (a cause whose text an outer message already
/// quotes is left out), cleaned of escape sequences and capped at [`MAX_ERROR_CHARS`].
pub fn error_text(e: &anyhow::Error) -> String {
    let mut parts: Vec<String> = Vec::new();
    for cause in e.chain() {
        let text = cause.to_string();
        if !parts.iter().any(|p| p.contains(text.as_str())) {
            parts.push(text);
        }
    }
    let text = crate::sanitize::clean(&parts.join(": "));
    crate::sanitize::capped(&text, MAX_ERROR_CHARS)
}
