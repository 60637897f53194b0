//! k-fold cross-validation on the training rows: each fold is held out once, a model is
//! fitted on the other folds, and the held-out predictions are pooled into one set of
//! out-of-fold predictions over every training row (scikit-learn's `cross_val_predict`).
//! Settings chosen on these numbers never look at the test rows, which stay for one
//! final score.

use ndarray::Axis;

use super::report;
use super::{
    ClassPredictions, Metrics, Predictions, RegressionPredictions, THRESHOLD, TrainError,
    TrainOutcome, TrainSpec, fit_prepared,
};
use crate::ml::data::{Part, PreparedData, Split, Standardiser, Targets, k_folds};

/// The number of folds labs use: five, the usual default (scikit-learn's `cv=5`).
pub const FOLDS: usize = 5;

/// Out-of-fold predictions and metrics over the training rows of `data`, with `folds`
/// folds drawn with `spec.seed`. The outcome's `split` names the training rows on both
/// sides: every one of them is fitted on (in other folds) and predicted (in its own).
pub fn cross_validate(
    spec: &TrainSpec,
    data: &PreparedData,
    folds: usize,
) -> Result<TrainOutcome, TrainError> {
    let n = data.train.y.len();
    if n < 2 {
        return Err(TrainError::Setup(format!(
            "{n} training row(s) are too few to cross-validate"
        )));
    }
    let labels = match &data.train.y {
        Targets::Classes(y) => Some(y.to_vec()),
        Targets::Values(_) => None,
        Targets::Unlabelled(_) => return Err(no_target()),
    };
    let held_out = k_folds(n, labels.as_deref(), folds, spec.seed);
    let mut pooled: Option<Pooled> = None;
    let mut warnings: Vec<String> = data.warnings.clone();
    for rows in &held_out {
        let outcome = fit_prepared(spec, fold(data, rows))?;
        for w in outcome.warnings {
            if !warnings.contains(&w) {
                warnings.push(w);
            }
        }
        if pooled.is_none() {
            pooled = Some(Pooled::new(&outcome.predictions, n).ok_or_else(no_target)?);
        }
        if let Some(p) = pooled.as_mut() {
            p.place(rows, &outcome.predictions);
        }
    }
    let predictions = pooled
        .expect("at least one fold")
        .finish(&data.train.y)
        .ok_or_else(|| TrainError::Setup("a fold predicted nothing".to_string()))?;
    let metrics = match &predictions {
        Predictions::Classification(p) => match (p.positive, &p.scores) {
            (Some(pos), Some(scores)) => {
                let truth: Vec<bool> = p.truth.iter().map(|&t| t == pos).collect();
                Metrics::Binary(report::binary(&truth, scores, &p.classes[pos], THRESHOLD))
            }
            _ => Metrics::Multiclass(report::multiclass(&p.truth, &p.predicted, &p.classes)),
        },
        Predictions::Regression(p) => {
            Metrics::Regression(report::regression(&p.truth, &p.predicted))
        }
        Predictions::Clusters(_) => return Err(no_target()),
    };
    Ok(TrainOutcome {
        model: spec.model,
        dataset: data.dataset.clone(),
        target: data.target.clone(),
        features: data.columns.clone(),
        one_hot: data.one_hot.clone(),
        seed: spec.seed,
        split: Split {
            train: data.split.train.clone(),
            test: data.split.train.clone(),
        },
        test_file: None,
        predictions,
        metrics,
        clusters: None,
        // Per-fold facts (a tree's depth) describe five models, not one: none is kept.
        notes: Vec::new(),
        warnings,
    })
}

/// Cross-validation scores predictions against a target: clusters without one have none.
fn no_target() -> TrainError {
    TrainError::Setup(
        "cross-validation needs a target to score against; k-means without a target has none"
            .to_string(),
    )
}

/// The data of one fold: the other folds train (re-standardised on themselves), the
/// held-out `rows` (positions into the training rows) are predicted.
fn fold(data: &PreparedData, rows: &[usize]) -> PreparedData {
    let n = data.train.y.len();
    let mut keep = Vec::with_capacity(n - rows.len());
    let mut out = rows.iter().peekable();
    for r in 0..n {
        if out.peek() == Some(&&r) {
            out.next();
        } else {
            keep.push(r);
        }
    }
    let take = |positions: &[usize]| {
        let raw_x = data.train.raw_x.select(Axis(0), positions);
        let y = match &data.train.y {
            Targets::Classes(y) => Targets::Classes(positions.iter().map(|&r| y[r]).collect()),
            Targets::Values(y) => Targets::Values(positions.iter().map(|&r| y[r]).collect()),
            Targets::Unlabelled(_) => Targets::Unlabelled(positions.len()),
        };
        (raw_x, y)
    };
    let (train_raw, train_y) = take(&keep);
    let (test_raw, test_y) = take(rows);
    let scaler = Standardiser::fit(&train_raw);
    PreparedData {
        train: Part {
            x: scaler.transform(&train_raw),
            raw_x: train_raw,
            y: train_y,
        },
        test: Part {
            x: scaler.transform(&test_raw),
            raw_x: test_raw,
            y: test_y,
        },
        scaler,
        split: Split {
            train: keep.iter().map(|&r| data.split.train[r]).collect(),
            test: rows.iter().map(|&r| data.split.train[r]).collect(),
        },
        test_file: None,
        warnings: Vec::new(),
        ..data.clone()
    }
}

/// Out-of-fold predictions filled in fold by fold.
enum Pooled {
    Classes {
        template: ClassPredictions,
        predicted: Vec<Option<usize>>,
        scores: Option<Vec<f64>>,
        class_scores: Vec<Vec<f64>>,
    },
    Values(Vec<Option<f64>>),
}

impl Pooled {
    /// `None` for predictions that have no target to pool against (clusters).
    fn new(first: &Predictions, n: usize) -> Option<Pooled> {
        match first {
            Predictions::Classification(p) => Some(Pooled::Classes {
                template: p.clone(),
                predicted: vec![None; n],
                scores: p.scores.as_ref().map(|_| vec![f64::NAN; n]),
                class_scores: vec![Vec::new(); n],
            }),
            Predictions::Regression(_) => Some(Pooled::Values(vec![None; n])),
            Predictions::Clusters(_) => None,
        }
    }

    fn place(&mut self, rows: &[usize], fold: &Predictions) {
        match (self, fold) {
            (
                Pooled::Classes {
                    predicted,
                    scores,
                    class_scores,
                    ..
                },
                Predictions::Classification(p),
            ) => {
                for (i, &r) in rows.iter().enumerate() {
                    predicted[r] = Some(p.predicted[i]);
                    if let (Some(all), Some(s)) = (scores.as_mut(), &p.scores) {
                        all[r] = s[i];
                    }
                    class_scores[r] = p.class_scores[i].clone();
                }
            }
            (Pooled::Values(values), Predictions::Regression(p)) => {
                for (i, &r) in rows.iter().enumerate() {
                    values[r] = Some(p.predicted[i]);
                }
            }
            _ => unreachable!("every fold fits the same kind of model"),
        }
    }

    /// The pooled predictions, or `None` if a row was never predicted.
    fn finish(self, truth: &Targets) -> Option<Predictions> {
        match (self, truth) {
            (
                Pooled::Classes {
                    template,
                    predicted,
                    scores,
                    class_scores,
                },
                Targets::Classes(y),
            ) => Some(Predictions::Classification(ClassPredictions {
                truth: y.to_vec(),
                predicted: predicted.into_iter().collect::<Option<Vec<_>>>()?,
                scores,
                class_scores,
                ..template
            })),
            (Pooled::Values(values), Targets::Values(y)) => {
                Some(Predictions::Regression(RegressionPredictions {
                    truth: y.to_vec(),
                    predicted: values.into_iter().collect::<Option<Vec<_>>>()?,
                }))
            }
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ml::models::{ModelKind, train};

    fn prepared(spec: &TrainSpec) -> PreparedData {
        crate::ml::models::prepare(spec).unwrap()
    }

    #[test]
    fn every_training_row_is_predicted_once_and_no_test_row_is() {
        let spec = TrainSpec::new("breast_cancer", ModelKind::Logistic);
        let data = prepared(&spec);
        let cv = cross_validate(&spec, &data, FOLDS).unwrap();
        let Predictions::Classification(p) = &cv.predictions else {
            panic!("a classifier");
        };
        assert_eq!(p.truth.len(), data.split.train.len());
        assert_eq!(cv.split.test, data.split.train);
        assert!(cv.split.test.iter().all(|r| !data.split.test.contains(r)));
        let scores = p.scores.as_ref().unwrap();
        assert!(scores.iter().all(|s| (0.0..=1.0).contains(s)));
    }

    #[test]
    fn out_of_fold_numbers_differ_from_the_test_split_and_are_plausible() {
        let spec = TrainSpec::new("breast_cancer", ModelKind::Logistic);
        let cv = cross_validate(&spec, &prepared(&spec), FOLDS).unwrap();
        let test = train(&spec).unwrap();
        let (a, b) = (
            cv.metric("accuracy").unwrap(),
            test.metric("accuracy").unwrap(),
        );
        assert!(a > 0.9 && b > 0.9, "cv {a}, test {b}");
        assert_ne!(cv.metrics, test.metrics);
    }

    #[test]
    fn clusters_without_a_target_are_refused_not_pooled() {
        let mut spec = TrainSpec::new("occupancy", ModelKind::Kmeans);
        spec.features = Some(vec!["light_lux".into(), "co2_ppm".into()]);
        let err = cross_validate(&spec, &prepared(&spec), FOLDS).unwrap_err();
        assert!(err.to_string().contains("needs a target"), "{err}");
    }

    #[test]
    fn regression_is_cross_validated_too() {
        let mut spec = TrainSpec::new("diabetes", ModelKind::Linear);
        spec.features = Some(vec!["bmi".into()]);
        let cv = cross_validate(&spec, &prepared(&spec), FOLDS).unwrap();
        let r2 = cv.metric("r2").unwrap();
        assert!(r2 > 0.2 && r2 < 0.45, "{r2}");
    }
}
