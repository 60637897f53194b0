//! The decay lab's synthetic scenario, built from a bundled two-class dataset with a seed.
//!
//! - The rows are shuffled with the seed. The first quarter trains the first model
//!   (logistic regression); the other rows form the monitoring pool.
//! - The stream is [`BATCHES`] batches of [`BATCH_ROWS`] rows taken from the pool in order,
//!   the pool reshuffled for every pass through it.
//! - The onset batch is drawn uniformly from batches 11 to 17 (1-based). From the onset
//!   on, positive rows start to *mimic* the negative class: in the onset batch each
//!   positive row mimics with probability 0.2, one batch later 0.4, and so on up to
//!   0.90. A mimicking row takes the negative class's median in the [`MIMICKED`] features
//!   that separate the classes best (largest difference of class means, in standard
//!   deviations, over the whole dataset), and keeps its label. For phishing these are
//!   `empty_server_form_handler` and `https`: phishing sites that start to use HTTPS and
//!   proper form handlers, as legitimate sites do.
//!
//! The model's predictions for mimicking rows drift towards the negative class, so its
//! score distribution moves (visible at once) and its accuracy falls (visible only when
//! the labels arrive). A model retrained on batches after the onset learns the new look.

use ndarray::{Array1, Array2, Axis};

use crate::labs::random::{Draws, mix};
use crate::ml::data::Standardiser;
use crate::ml::data::{self, DataSpec, Part, PreparedData, Split, SplitSpec, Targets, Task};
use crate::ml::drift::column::NumericReference;
use crate::ml::drift::sorted::SortedSample;
use crate::ml::models::{self, ModelKind, Predictions, TrainSpec};

pub const BATCHES: usize = 30;
pub const BATCH_ROWS: usize = 100;
/// The onset is batch index `ONSET_FIRST + below(ONSET_CHOICES)` (0-based).
pub const ONSET_FIRST: usize = 10;
pub const ONSET_CHOICES: usize = 7;
/// Share of positive rows that mimic, per batch since the onset, and its cap.
pub const MIMIC_GROWTH: f64 = 0.2;
pub const MIMIC_CAP: f64 = 0.9;
/// How many features the mimicking rows change.
pub const MIMICKED: usize = 2;
/// Bins of the drift score (PSI over deciles of the model's training scores).
pub const SCORE_BINS: usize = 10;

/// The data of the scenario; models are fitted with [`Scenario::fit`].
#[derive(Debug, Clone)]
pub struct Scenario {
    pub dataset: String,
    pub positive: String,
    pub onset: usize,
    /// The features the mimicking rows change, with the value they take.
    pub mimicked: Vec<(String, f64)>,
    pub training_rows: usize,
    /// Prepared data of the dataset (features, classes, datasheet), reused for every fit.
    prepared: PreparedData,
    /// Raw features and class indices of the first training rows.
    train_x: Array2<f64>,
    train_y: Array1<usize>,
    /// Raw features and classes of the stream, batch after batch.
    stream_x: Array2<f64>,
    stream_y: Array1<usize>,
    positive_index: usize,
}

/// A fitted model: its positive-class scores for every stream row, and the drift score's
/// reference (its scores on its own training rows).
#[derive(Debug, Clone)]
pub struct Model {
    pub scores: Vec<f64>,
    pub reference: NumericReference,
    /// What it was trained on, in words.
    pub trained_on: String,
    pub warnings: Vec<String>,
}

impl Scenario {
    /// Builds the scenario for `dataset` (two classes) with `seed`.
    pub fn build(dataset: &str, seed: u64) -> Result<Scenario, String> {
        Scenario::build_for(dataset, seed, None)
    }

    /// [`Scenario::build`] with the onset drawn for one learner: the data, the first
    /// model and the stream stay the lesson's, only the batch where decay starts moves.
    pub fn build_for(dataset: &str, seed: u64, learner: Option<u64>) -> Result<Scenario, String> {
        let prepared = data::prepare(&DataSpec {
            data: dataset.into(),
            target: None,
            features: None,
            task: Task::Classification,
            split: SplitSpec::TestSize(0.25),
            seed,
            rows: Default::default(),
        })
        .map_err(|e| e.to_string())?;
        if prepared.classes.len() != 2 {
            return Err(format!(
                "the decay lab needs a two-class target; {} has {} classes",
                prepared.target,
                prepared.classes.len()
            ));
        }
        let positive = prepared
            .info
            .and_then(|i| i.positive.clone())
            .unwrap_or_else(|| prepared.classes[1].clone());
        let positive_index = prepared
            .classes
            .iter()
            .position(|c| *c == positive)
            .ok_or_else(|| format!("'{positive}' is not a label of {}", prepared.target))?;
        let (Targets::Classes(ytr), Targets::Classes(yte)) = (&prepared.train.y, &prepared.test.y)
        else {
            return Err("the decay lab needs class labels".into());
        };
        let all_x = ndarray::concatenate(
            Axis(0),
            &[prepared.train.raw_x.view(), prepared.test.raw_x.view()],
        )
        .map_err(|e| e.to_string())?;
        let all_y: Vec<usize> = ytr.iter().chain(yte.iter()).copied().collect();
        let n = all_y.len();
        let mut draws = Draws::new(mix(seed, 7, 0));
        let mut order: Vec<usize> = (0..n).collect();
        // Rows in file order first, so the shuffle does not depend on the split above.
        let file_order: Vec<usize> = prepared
            .split
            .train
            .iter()
            .chain(&prepared.split.test)
            .copied()
            .collect();
        order.sort_by_key(|&i| file_order[i]);
        draws.shuffle(&mut order);
        let training_rows = n / 4;
        let (train, pool) = order.split_at(training_rows);
        let lesson_onset = ONSET_FIRST + draws.below(ONSET_CHOICES);
        let onset = match learner {
            None => lesson_onset,
            Some(l) => ONSET_FIRST + Draws::new(mix(seed, 13, l)).below(ONSET_CHOICES),
        };
        let mut stream = Vec::with_capacity(BATCHES * BATCH_ROWS);
        let mut pass = pool.to_vec();
        while stream.len() < BATCHES * BATCH_ROWS {
            draws.shuffle(&mut pass);
            stream.extend_from_slice(&pass);
        }
        stream.truncate(BATCHES * BATCH_ROWS);
        let mimicked = mimicked_features(&all_x, &all_y, positive_index, &prepared.features);
        let mut stream_x = all_x.select(Axis(0), &stream);
        let stream_y: Array1<usize> = stream.iter().map(|&r| all_y[r]).collect();
        for b in onset..BATCHES {
            let share = (MIMIC_GROWTH * (b - onset + 1) as f64).min(MIMIC_CAP);
            for r in b * BATCH_ROWS..(b + 1) * BATCH_ROWS {
                if stream_y[r] == positive_index && draws.unit() < share {
                    for (column, value) in &mimicked {
                        stream_x[[r, *column]] = *value;
                    }
                }
            }
        }
        Ok(Scenario {
            dataset: dataset.into(),
            positive,
            onset,
            mimicked: mimicked
                .iter()
                .map(|(c, v)| (prepared.features[*c].clone(), *v))
                .collect(),
            training_rows,
            train_x: all_x.select(Axis(0), train),
            train_y: train.iter().map(|&r| all_y[r]).collect(),
            stream_x,
            stream_y,
            positive_index,
            prepared,
        })
    }

    /// True where the stream row's class is the positive one.
    pub fn is_positive(&self, row: usize) -> bool {
        self.stream_y[row] == self.positive_index
    }

    /// The first model, trained on the first quarter of the rows.
    pub fn first_model(&self) -> Result<Model, String> {
        let trained_on = format!("the first {} rows", self.training_rows);
        self.fit(self.train_x.clone(), self.train_y.clone(), trained_on)
    }

    /// A model trained on the labelled stream batches `batches` (0-based, ascending).
    pub fn retrained(&self, batches: std::ops::Range<usize>) -> Result<Model, String> {
        let rows: Vec<usize> = (batches.start * BATCH_ROWS..batches.end * BATCH_ROWS).collect();
        let x = self.stream_x.select(Axis(0), &rows);
        let y = rows.iter().map(|&r| self.stream_y[r]).collect();
        let words = if batches.len() == 1 {
            format!("batch {}", batches.start + 1)
        } else {
            format!("batches {}–{}", batches.start + 1, batches.end)
        };
        self.fit(x, y, words)
    }

    /// Fits logistic regression on (x, y) and scores the stream and the training rows.
    fn fit(&self, x: Array2<f64>, y: Array1<usize>, trained_on: String) -> Result<Model, String> {
        let n_train = x.nrows();
        if y.iter().all(|&c| c == y[0]) {
            return Err(format!(
                "{trained_on} hold only one class; a model needs both"
            ));
        }
        let test_x = ndarray::concatenate(Axis(0), &[self.stream_x.view(), x.view()])
            .map_err(|e| e.to_string())?;
        let test_y: Array1<usize> = self.stream_y.iter().chain(y.iter()).copied().collect();
        let scaler = Standardiser::fit(&x);
        let mut data = self.prepared.clone();
        data.train = Part {
            x: scaler.transform(&x),
            raw_x: x,
            y: Targets::Classes(y),
        };
        data.test = Part {
            x: scaler.transform(&test_x),
            raw_x: test_x,
            y: Targets::Classes(test_y),
        };
        data.scaler = scaler;
        data.split = Split {
            train: (0..n_train).collect(),
            test: (0..data.test.raw_x.nrows()).collect(),
        };
        let mut spec = TrainSpec::new(&self.dataset, ModelKind::Logistic);
        spec.positive = Some(self.positive.clone());
        let outcome = models::fit_prepared(&spec, data).map_err(|e| e.to_string())?;
        let Predictions::Classification(p) = outcome.predictions else {
            return Err("logistic regression gave no class scores".into());
        };
        let mut scores = p.scores.ok_or("logistic regression gave no scores")?;
        let own = scores.split_off(self.stream_x.nrows());
        Ok(Model {
            scores,
            reference: NumericReference::from_sample(SortedSample::new(own), SCORE_BINS),
            trained_on,
            warnings: outcome.warnings,
        })
    }
}

/// The [`MIMICKED`] features with the largest difference of class means in standard
/// deviations, each with the negative class's median (the value mimicking rows take).
fn mimicked_features(
    x: &Array2<f64>,
    y: &[usize],
    positive: usize,
    names: &[String],
) -> Vec<(usize, f64)> {
    let mut separation: Vec<(usize, f64, f64)> = (0..names.len())
        .map(|c| {
            let column = x.column(c);
            let (mut pos, mut neg) = (Vec::new(), Vec::new());
            for (v, &class) in column.iter().zip(y) {
                if class == positive {
                    pos.push(*v)
                } else {
                    neg.push(*v)
                }
            }
            let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len().max(1) as f64;
            let all = column.to_vec();
            let m = mean(&all);
            let sd = (all.iter().map(|v| (v - m) * (v - m)).sum::<f64>() / all.len() as f64)
                .sqrt()
                .max(1e-12);
            neg.sort_unstable_by(f64::total_cmp);
            let median = if neg.is_empty() {
                m
            } else {
                crate::ml::drift::binning::quantile_linear(&neg, 0.5)
            };
            (c, ((mean(&pos) - mean(&neg)) / sd).abs(), median)
        })
        .collect();
    separation.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    separation
        .into_iter()
        .take(MIMICKED)
        .map(|(c, _, median)| (c, median))
        .collect()
}
