//! The human-readable report of `mlpath train`: split sizes, features, a metrics
//! table, the confusion matrix (or cluster table) and warnings. Text that comes from
//! data files (names, labels) is sanitised before it is printed.

use std::fmt::Write;

use unicode_width::UnicodeWidthStr;

use crate::ml::data::SplitSpec;
use crate::ml::metrics::{BinaryEvaluation, ConfusionMatrix};
use crate::ml::models::{
    BinaryMetrics, ClusterSummary, ClusteringMetrics, Metrics, MulticlassMetrics, Predictions,
    RegressionMetrics, ScoreKind, THRESHOLD, TrainOutcome, TrainSpec,
};
use crate::sanitize::clean_line;

pub fn report(o: &TrainOutcome, spec: &TrainSpec) -> String {
    let mut out = String::new();
    let w = &mut out;
    let plural = if o.features.len() == 1 { "" } else { "s" };
    match &o.metrics {
        Metrics::Clustering(m) => writeln!(
            w,
            "{} on {}: {} clusters from {} feature{plural}, no target",
            o.model.title(),
            clean_line(&o.dataset),
            m.k,
            o.features.len(),
        ),
        _ => writeln!(
            w,
            "{} on {}: predict '{}' from {} feature{plural}",
            o.model.title(),
            clean_line(&o.dataset),
            clean_line(&o.target),
            o.features.len(),
        ),
    }
    .unwrap_or_default();
    let how = match &spec.split {
        SplitSpec::TestSize(size) => {
            let kind = if matches!(o.metrics, Metrics::Regression(_) | Metrics::Clustering(_)) {
                "shuffled"
            } else {
                "stratified"
            };
            format!("{kind} split, test size {size}, seed {}", o.seed)
        }
        SplitSpec::TestFile(_) => format!(
            "test rows from {}",
            clean_line(o.test_file.as_deref().unwrap_or("the test file"))
        ),
    };
    let _ = writeln!(
        w,
        "rows: {} train, {} test ({how})",
        o.rows_train(),
        o.rows_test()
    );
    let features: Vec<String> = o.features.iter().map(|f| clean_line(f)).collect();
    wrapped(w, "features: ", &features);
    if !o.one_hot.is_empty() {
        let encoded: Vec<String> = o
            .one_hot
            .iter()
            .map(|h| {
                let n = h.categories.len();
                format!(
                    "{} ({n} indicator{})",
                    clean_line(&h.column),
                    if n == 1 { "" } else { "s" }
                )
            })
            .collect();
        wrapped(w, "one-hot: ", &encoded);
    }
    for note in &o.notes {
        let _ = writeln!(w, "model: {note}");
    }
    let _ = writeln!(w);
    match &o.metrics {
        Metrics::Binary(m) => binary(w, m, o),
        Metrics::Multiclass(m) => multiclass(w, m),
        Metrics::Regression(m) => regression(w, m),
        Metrics::Clustering(m) => clustering(w, m),
    }
    if let Some(c) = &o.clusters {
        clusters(w, c, o);
    }
    let _ = writeln!(w);
    if o.warnings.is_empty() {
        let _ = writeln!(w, "warnings: none");
    } else {
        let _ = writeln!(w, "warnings:");
        for warning in &o.warnings {
            let _ = writeln!(w, "  - {}", clean_line(warning));
        }
    }
    out
}

/// `items` joined by ", " after `lead`, wrapped at 88 columns with a hanging indent.
fn wrapped(w: &mut String, lead: &str, items: &[String]) {
    const WIDTH: usize = 88;
    let indent = " ".repeat(lead.len());
    let mut line = lead.to_string();
    for (i, item) in items.iter().enumerate() {
        let piece = if i + 1 < items.len() {
            format!("{item},")
        } else {
            item.clone()
        };
        let fresh = line.len() == lead.len();
        if !fresh && line.width() + 1 + piece.width() > WIDTH {
            let _ = writeln!(w, "{line}");
            line = indent.clone();
        } else if !fresh {
            line.push(' ');
        }
        line.push_str(&piece);
    }
    let _ = writeln!(w, "{line}");
}

/// Four decimals; scientific notation for magnitudes where decimals stop helping.
fn number(v: f64) -> String {
    if v.is_finite() && v.abs() >= 1e9 {
        format!("{v:.4e}")
    } else {
        format!("{v:.4}")
    }
}

fn maybe(v: Option<f64>) -> String {
    v.map_or_else(|| "undefined".to_string(), number)
}

fn metric_rows(w: &mut String, rows: &[(&str, String)]) {
    let width = rows.iter().map(|(k, _)| k.len()).max().unwrap_or(0);
    for (k, v) in rows {
        let _ = writeln!(w, "  {k:<width$}  {v:>9}");
    }
}

fn binary(w: &mut String, m: &BinaryMetrics, o: &TrainOutcome) {
    let score = match &o.predictions {
        Predictions::Classification(p) => match p.score_kind {
            ScoreKind::Probability => "the model's probability of the positive class",
            ScoreKind::LeafFraction => "the share of positive training rows in the row's tree leaf",
            ScoreKind::ClusterFraction => {
                "the share of positive training rows in the row's cluster"
            }
        },
        Predictions::Regression(_) | Predictions::Clusters(_) => "",
    };
    let _ = writeln!(
        w,
        "positive class: {} (predicted when the score is at least {THRESHOLD})",
        clean_line(&m.positive)
    );
    let _ = writeln!(w, "score: {score}");
    let e = &m.evaluation;
    let c = e.counts;
    let _ = writeln!(w, "metrics on {} test rows:", c.n());
    let rows: Vec<(&str, String)> = BinaryEvaluation::METRICS
        .into_iter()
        .map(|k| (k, maybe(e.metric(k))))
        .collect();
    metric_rows(w, &rows);
    let _ = writeln!(w);
    let negative = match &o.predictions {
        Predictions::Classification(p) => p
            .classes
            .iter()
            .find(|c| **c != m.positive)
            .cloned()
            .unwrap_or_default(),
        Predictions::Regression(_) | Predictions::Clusters(_) => String::new(),
    };
    let labels = [m.positive.clone(), negative];
    matrix(w, &labels, &[vec![c.tp, c.fn_], vec![c.fp, c.tn]]);
}

fn multiclass(w: &mut String, m: &MulticlassMetrics) {
    let cm = &m.matrix;
    let _ = writeln!(w, "metrics on {} test rows:", cm.n());
    let rows: Vec<(&str, String)> = ConfusionMatrix::METRICS
        .into_iter()
        .map(|k| match k {
            "kappa" if cm.kappa_is_undefined() => (k, maybe(None)),
            _ => (k, maybe(cm.metric(k))),
        })
        .collect();
    metric_rows(w, &rows);
    let _ = writeln!(w);
    let mut rows = vec![vec![
        "class".to_string(),
        "precision".to_string(),
        "recall".to_string(),
        "f1".to_string(),
        "support".to_string(),
    ]];
    for c in cm.per_class() {
        rows.push(vec![
            clean_line(&c.label),
            number(c.precision),
            number(c.recall),
            number(c.f1),
            c.support.to_string(),
        ]);
    }
    grid(w, &rows);
    let _ = writeln!(w);
    matrix(w, cm.labels(), &cm.rows());
}

fn regression(w: &mut String, m: &RegressionMetrics) {
    let _ = writeln!(w, "metrics on {} test rows:", m.n);
    metric_rows(
        w,
        &[
            ("mae", number(m.mae)),
            ("mse", number(m.mse)),
            ("rmse", number(m.rmse)),
            ("r2", number(m.r2)),
        ],
    );
}

fn clustering(w: &mut String, m: &ClusteringMetrics) {
    let _ = writeln!(
        w,
        "{} clusters fitted on the training rows; each test row goes to its nearest centroid",
        m.k
    );
    let _ = writeln!(
        w,
        "mean squared distance to the centroid (standardised features):"
    );
    metric_rows(
        w,
        &[
            ("inertia", number(m.inertia)),
            ("test_inertia", number(m.test_inertia)),
        ],
    );
    let _ = writeln!(w);
    let _ = writeln!(w, "test rows per cluster ({} in all):", m.n);
    let mut rows = vec![vec!["cluster".to_string(), "rows".to_string()]];
    for (c, n) in m.sizes.iter().enumerate() {
        rows.push(vec![c.to_string(), n.to_string()]);
    }
    grid(w, &rows);
}

fn clusters(w: &mut String, c: &ClusterSummary, o: &TrainOutcome) {
    let classes = match &o.predictions {
        Predictions::Classification(p) => p.classes.clone(),
        Predictions::Regression(_) | Predictions::Clusters(_) => Vec::new(),
    };
    let _ = writeln!(w);
    let _ = writeln!(
        w,
        "clusters vs labels on the test rows (each cluster stands for the majority label of its training rows):"
    );
    let mut header = vec!["actual \\ cluster".to_string()];
    header.extend(
        c.columns
            .iter()
            .map(|&k| format!("{k} ({})", clean_line(&c.mapping[k]))),
    );
    let mut rows = vec![header];
    for (label, counts) in classes.iter().zip(&c.contingency) {
        let mut row = vec![clean_line(label)];
        row.extend(counts.iter().map(|n| n.to_string()));
        rows.push(row);
    }
    grid(w, &rows);
    let _ = writeln!(
        w,
        "agreement {} (share of test rows in a cluster that stands for their label), adjusted Rand index {}",
        number(c.agreement),
        number(c.adjusted_rand)
    );
}

/// A confusion matrix with labelled axes: rows = actual, columns = predicted.
fn matrix(w: &mut String, labels: &[String], counts: &[Vec<u64>]) {
    let _ = writeln!(w, "confusion matrix (rows = actual, columns = predicted):");
    let mut header = vec!["actual \\ predicted".to_string()];
    header.extend(labels.iter().map(|l| clean_line(l)));
    let mut rows = vec![header];
    for (label, row) in labels.iter().zip(counts) {
        let mut cells = vec![clean_line(label)];
        cells.extend(row.iter().map(|n| n.to_string()));
        rows.push(cells);
    }
    grid(w, &rows);
}

/// Left-aligned first column, right-aligned others, two spaces apart.
fn grid(w: &mut String, rows: &[Vec<String>]) {
    let cols = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..cols)
        .map(|c| {
            rows.iter()
                .filter_map(|r| r.get(c))
                .map(|s| s.width())
                .max()
                .unwrap_or(0)
        })
        .collect();
    for row in rows {
        let mut line = String::from(" ");
        for (c, cell) in row.iter().enumerate() {
            let pad = " ".repeat(widths[c].saturating_sub(cell.width()));
            if c == 0 {
                let _ = write!(line, " {cell}{pad}");
            } else {
                let _ = write!(line, "  {pad}{cell}");
            }
        }
        let _ = writeln!(w, "{}", line.trim_end());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ml::models::{self, ModelKind};

    #[test]
    fn binary_report_shows_split_metrics_and_a_labelled_matrix() {
        let spec = TrainSpec::new("breast_cancer", ModelKind::Logistic);
        let text = report(&models::train(&spec).unwrap(), &spec);
        assert!(
            text.starts_with(
                "logistic regression on breast_cancer: predict 'diagnosis' from 30 features\n"
            ),
            "{text}"
        );
        assert!(
            text.contains("rows: 427 train, 142 test (stratified split, test size 0.25, seed 42)"),
            "{text}"
        );
        assert!(text.contains("positive class: malignant"), "{text}");
        assert!(
            text.contains("actual \\ predicted  malignant  benign"),
            "{text}"
        );
        assert!(text.contains("  roc_auc "), "{text}");
        assert!(text.ends_with("warnings: none\n"), "{text}");
    }

    #[test]
    fn long_feature_lists_wrap() {
        let mut w = String::new();
        let items: Vec<String> = (0..30).map(|i| format!("feature_{i}")).collect();
        wrapped(&mut w, "features: ", &items);
        assert!(w.lines().count() > 1);
        assert!(w.lines().all(|l| l.width() <= 88), "{w}");
        assert!(
            w.lines().skip(1).all(|l| l.starts_with("          f")),
            "{w}"
        );
        assert_eq!(w.matches("feature_").count(), 30);
    }

    #[test]
    fn kmeans_report_shows_the_cluster_table() {
        let spec = TrainSpec::new("iris", ModelKind::Kmeans);
        let text = report(&models::train(&spec).unwrap(), &spec);
        assert!(text.contains("actual \\ cluster"), "{text}");
        assert!(text.contains("adjusted Rand index"), "{text}");
    }
}
