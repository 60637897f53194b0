//! The audit lab: the learner reads the findings of a data-quality audit, switches on
//! the fix each finding offers, watches the findings go as the audit re-runs on the
//! fixed copy of the table, and trains a model on it next to the same model on the raw
//! table.
//!
//! The split is drawn once, on the original rows, before anything else. The audit
//! that the learner reads runs on the training rows only; the fixes it leads to are
//! rules (drop this column, drop rows missing that cell, drop repeats) applied to the
//! whole table. The scores the learner compares are 5-fold cross-validated on the
//! training rows; the test rows are scored once, when the goal is met.

use std::collections::BTreeSet;
use std::sync::Arc;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

mod view;

use super::keys::{LabBinding, LabKey};
use super::worker::{Job, take_finished};
use super::{GoalLine, LabModel};
use crate::catalog::AuditLab as AuditLabSpec;
use crate::draw::theme::Theme;
use crate::ml::audit::fixes::{self, Fix};
use crate::ml::audit::score::{self, Score};
use crate::ml::audit::{self as engine, AuditOptions, Finding, Severity};
use crate::ml::datasets;
use crate::ml::io::Table;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Command {
    Up,
    Down,
    ToggleFix,
    Train,
    StartOver,
}

pub const KEYS: &[LabBinding<Command>] = &[
    LabBinding {
        keys: &[(LabKey::Up, Command::Up), (LabKey::Down, Command::Down)],
        label: "↑/↓",
        does: "choose a finding",
    },
    LabBinding {
        keys: &[(LabKey::Select, Command::ToggleFix)],
        label: "Space",
        does: "its fix on / off",
    },
    LabBinding {
        keys: &[(LabKey::Char('t'), Command::Train)],
        label: "t",
        does: "train on the fixed table",
    },
    LabBinding {
        keys: &[(LabKey::Char('r'), Command::StartOver)],
        label: "r",
        does: "start over: no fixes",
    },
];

/// One line of the list: a finding of the first audit (the outliers of every column
/// as one line), or one that appeared after a fix.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub severity: Severity,
    pub check: &'static str,
    /// The column, or for the outliers "N columns".
    pub column: Option<String>,
    /// The count in the first audit (0 for a finding that appeared later).
    pub first: usize,
    pub fix: Option<Fix>,
}

impl Entry {
    fn of(f: &Finding) -> Entry {
        Entry {
            severity: f.severity,
            check: f.check,
            column: f.column.clone(),
            first: f.count,
            fix: Fix::for_finding(f),
        }
    }

    fn matches(&self, f: &Finding) -> bool {
        f.check == self.check && (self.check == "outliers" || f.column == self.column)
    }

    /// Why a finding has no fix here.
    pub fn why_no_fix(&self) -> &'static str {
        match self.check {
            "outliers" => {
                "no fix: an outlier is not an error until a person who knows the data says so"
            }
            "label_issues" => {
                "no fix here: check each suspect label by hand (the label-errors lesson)"
            }
            _ => "no fix here: this needs a decision about the data",
        }
    }
}

/// What an audit of the fixed table found.
pub struct Audited {
    pub fixes: BTreeSet<Fix>,
    pub findings: Vec<Finding>,
    /// Rows and columns of the whole fixed table.
    pub rows: usize,
    pub columns: usize,
}

/// A score of the fixed table and the fixes it was trained with.
pub type Trained = (BTreeSet<Fix>, Score);

/// The shared, read-only inputs of every job.
struct Data {
    raw: Table,
    target: String,
    positive: String,
    seed: u64,
    /// Lines of the test rows (drawn once, on the raw table).
    test: BTreeSet<u64>,
}

pub struct AuditLab {
    spec: AuditLabSpec,
    data: Arc<Data>,
    pub cursor: usize,
    /// The fixes switched on.
    pub fixes: BTreeSet<Fix>,
    pub entries: Vec<Entry>,
    audit_job: Option<Job<Result<Audited, String>>>,
    pub current: Option<Audited>,
    raw_job: Option<Job<Result<Score, String>>>,
    pub raw_score: Option<Score>,
    train_job: Option<Job<Result<Trained, String>>>,
    pub trained: Option<Trained>,
    test_job: Option<Job<Result<(Score, Score), String>>>,
    /// Test accuracy of the raw and the fixed table: the one look at the test rows.
    pub test: Option<(Score, Score)>,
    /// How many times the test rows were scored (once, at most).
    pub test_scorings: usize,
    error: Option<String>,
    met: Option<String>,
}

/// Starts the lab: loads the dataset, draws the split, and starts the first audit and
/// the raw table's score in the background.
pub fn start(spec: &AuditLabSpec) -> Result<AuditLab, String> {
    let raw = datasets::load(&spec.dataset).map_err(|e| e.to_string())?;
    let test = score::test_lines(&raw, &spec.target, spec.seed)?;
    let data = Arc::new(Data {
        raw,
        target: spec.target.clone(),
        positive: spec.positive.clone(),
        seed: spec.seed,
        test,
    });
    let raw_data = Arc::clone(&data);
    let mut lab = AuditLab {
        spec: spec.clone(),
        data,
        cursor: 0,
        fixes: BTreeSet::new(),
        entries: Vec::new(),
        audit_job: None,
        current: None,
        raw_job: Some(Job::spawn(move || {
            let d = &raw_data;
            score::cross_validated(&d.raw, &d.target, &d.positive, &d.test, d.seed)
        })),
        raw_score: None,
        train_job: None,
        trained: None,
        test_job: None,
        test: None,
        test_scorings: 0,
        error: None,
        met: None,
    };
    lab.reaudit();
    Ok(lab)
}

/// The audit the learner reads: the training rows of the fixed table.
pub fn audit_fixed(
    raw: &Table,
    fixes: &BTreeSet<Fix>,
    target: &str,
    test: &BTreeSet<u64>,
) -> Result<Audited, String> {
    let list: Vec<Fix> = fixes.iter().cloned().collect();
    let fixed = fixes::apply(raw, &list);
    let training = score::training_rows(&fixed, test);
    let options = AuditOptions {
        target: Some(target.to_string()),
        ..Default::default()
    };
    let report = engine::audit(&training, None, &options).map_err(|e| e.to_string())?;
    Ok(Audited {
        fixes: fixes.clone(),
        findings: report.findings,
        rows: fixed.n_rows(),
        columns: fixed.headers.len(),
    })
}

/// Error and warning findings that a fix could remove.
pub fn fixable(findings: &[Finding]) -> usize {
    findings
        .iter()
        .filter(|f| f.severity >= Severity::Warning && Fix::for_finding(f).is_some())
        .count()
}

impl AuditLab {
    fn reaudit(&mut self) {
        if self.audit_job.is_some() {
            return; // the finished job's fixes are compared when it arrives
        }
        let data = Arc::clone(&self.data);
        let fixes = self.fixes.clone();
        self.audit_job = Some(Job::spawn(move || {
            audit_fixed(&data.raw, &fixes, &data.target, &data.test)
        }));
    }

    fn train(&mut self) {
        if self.train_job.is_some() {
            return;
        }
        let data = Arc::clone(&self.data);
        let fixes = self.fixes.clone();
        self.train_job = Some(Job::spawn(move || {
            let list: Vec<Fix> = fixes.iter().cloned().collect();
            let fixed = fixes::apply(&data.raw, &list);
            let s = score::cross_validated(
                &fixed,
                &data.target,
                &data.positive,
                &data.test,
                data.seed,
            )?;
            Ok((fixes, s))
        }));
    }

    /// The audit of the fixes switched on now, when it has arrived.
    pub fn audited(&self) -> Option<&Audited> {
        self.current.as_ref().filter(|a| a.fixes == self.fixes)
    }

    /// Fixable error and warning findings left, for the fixes switched on now.
    pub fn fixable_left(&self) -> Option<usize> {
        self.audited().map(|a| fixable(&a.findings))
    }

    /// The score of the fixed table, when it was trained with the fixes switched on now.
    pub fn fixed_score(&self) -> Option<&Score> {
        self.trained
            .as_ref()
            .filter(|(f, _)| *f == self.fixes)
            .map(|(_, s)| s)
    }

    /// Findings left for an entry (`None` while the audit runs).
    pub fn left(&self, entry: &Entry) -> Option<usize> {
        let a = self.audited()?;
        Some(
            a.findings
                .iter()
                .filter(|f| entry.matches(f))
                .map(|f| f.count)
                .sum(),
        )
    }

    fn accept_audit(&mut self, audited: Audited) {
        let mut entries = std::mem::take(&mut self.entries);
        for f in &audited.findings {
            match entries.iter_mut().find(|e| e.matches(f)) {
                Some(e) if self.current.is_none() && e.check == "outliers" => e.first += f.count,
                Some(_) => {}
                None => {
                    let mut e = Entry::of(f);
                    if self.current.is_some() {
                        e.first = 0;
                    }
                    entries.push(e);
                }
            }
        }
        // The outliers of every column are one line.
        let columns = audited
            .findings
            .iter()
            .filter(|f| f.check == "outliers")
            .count();
        for e in entries.iter_mut().filter(|e| e.check == "outliers") {
            if self.current.is_none() {
                e.column = Some(format!("{columns} columns"));
            }
        }
        entries.sort_by_key(|e| std::cmp::Reverse(e.severity));
        self.entries = entries;
        self.current = Some(audited);
        if self.current.as_ref().is_some_and(|a| a.fixes != self.fixes) {
            self.reaudit();
        }
        self.check_goal();
    }

    fn check_goal(&mut self) {
        if self.met.is_some() {
            return;
        }
        let (Some(left), Some(s)) = (self.fixable_left(), self.fixed_score()) else {
            return;
        };
        if left > self.spec.goal.max_fixable {
            return;
        }
        self.met = Some(format!(
            "{left} fixable finding(s) left; cross-validated accuracy {:.3} on the fixed table",
            s.accuracy
        ));
        self.score_test_rows();
    }

    /// The one look at the test rows: the raw table's model and the fixed table's.
    fn score_test_rows(&mut self) {
        if self.test_scorings > 0 {
            return;
        }
        self.test_scorings += 1;
        let data = Arc::clone(&self.data);
        let list: Vec<Fix> = self.fixes.iter().cloned().collect();
        self.test_job = Some(Job::spawn(move || {
            let d = &data;
            let raw = score::on_test_rows(&d.raw, &d.target, &d.positive, &d.test)?;
            let fixed = fixes::apply(&d.raw, &list);
            let fixed = score::on_test_rows(&fixed, &d.target, &d.positive, &d.test)?;
            Ok((raw, fixed))
        }));
    }

    /// Waits for every running job (tests).
    pub fn wait(&mut self) {
        while self.busy() {
            if let Some(mut job) = self.raw_job.take() {
                self.accept_raw(job.wait());
            }
            if let Some(mut job) = self.audit_job.take() {
                match job.wait() {
                    Some(Ok(a)) => self.accept_audit(a),
                    other => self.fail(other.map(|r| r.map(|_| ()))),
                }
            }
            if let Some(mut job) = self.train_job.take() {
                self.accept_train(job.wait());
            }
            if let Some(mut job) = self.test_job.take() {
                self.accept_test(job.wait());
            }
        }
    }

    fn fail(&mut self, result: Option<Result<(), String>>) {
        self.error = Some(match result {
            Some(Err(e)) => e,
            _ => "the work stopped unexpectedly".to_string(),
        });
    }

    fn accept_raw(&mut self, result: Option<Result<Score, String>>) {
        match result {
            Some(Ok(s)) => self.raw_score = Some(s),
            other => self.fail(other.map(|r| r.map(|_| ()))),
        }
    }

    fn accept_train(&mut self, result: Option<Result<Trained, String>>) {
        match result {
            Some(Ok(t)) => {
                self.trained = Some(t);
                self.check_goal();
            }
            other => self.fail(other.map(|r| r.map(|_| ()))),
        }
    }

    fn accept_test(&mut self, result: Option<Result<(Score, Score), String>>) {
        match result {
            Some(Ok(t)) => self.test = Some(t),
            other => self.fail(other.map(|r| r.map(|_| ()))),
        }
    }

    fn training(&self) -> bool {
        self.train_job.is_some()
    }

    fn auditing(&self) -> bool {
        self.audit_job.is_some()
    }
}

impl LabModel for AuditLab {
    type Command = Command;

    fn key_table(&self) -> &'static [LabBinding<Command>] {
        KEYS
    }

    fn apply(&mut self, command: Command) -> bool {
        let n = self.entries.len();
        match command {
            Command::Up => self.cursor = self.cursor.saturating_sub(1),
            Command::Down => self.cursor = (self.cursor + 1).min(n.saturating_sub(1)),
            Command::ToggleFix => {
                let Some(fix) = self.entries.get(self.cursor).and_then(|e| e.fix.clone()) else {
                    return true; // the panel says why there is no fix
                };
                if !self.fixes.remove(&fix) {
                    self.fixes.insert(fix);
                }
                self.reaudit();
            }
            Command::Train => self.train(),
            Command::StartOver => {
                self.fixes.clear();
                self.cursor = 0;
                self.reaudit();
            }
        }
        true
    }

    fn poll(&mut self) -> bool {
        let mut changed = false;
        if let Some(r) = take_finished(&mut self.raw_job) {
            self.accept_raw(r);
            changed = true;
        }
        if let Some(r) = take_finished(&mut self.audit_job) {
            match r {
                Some(Ok(a)) => self.accept_audit(a),
                other => self.fail(other.map(|r| r.map(|_| ()))),
            }
            changed = true;
        }
        if let Some(r) = take_finished(&mut self.train_job) {
            self.accept_train(r);
            changed = true;
        }
        if let Some(r) = take_finished(&mut self.test_job) {
            self.accept_test(r);
            changed = true;
        }
        changed
    }

    fn busy(&self) -> bool {
        self.raw_job.is_some()
            || self.audit_job.is_some()
            || self.train_job.is_some()
            || self.test_job.is_some()
    }

    fn goal_met(&self) -> Option<String> {
        self.met.clone()
    }

    fn goal_line(&self) -> GoalLine {
        let goal = format!(
            "≤ {} fixable errors/warnings left, then train (t)",
            self.spec.goal.max_fixable
        );
        let now = self.fixable_left().map(|left| {
            let trained = match self.fixed_score() {
                Some(s) => format!("accuracy {:.3}", s.accuracy),
                None => "not trained".to_string(),
            };
            format!("{left} fixable left · {trained}")
        });
        GoalLine { goal, now }
    }

    fn render(&self, area: Rect, buf: &mut Buffer, theme: &Theme) {
        self.render_lab(area, buf, theme);
    }
}

#[cfg(test)]
mod tests;
