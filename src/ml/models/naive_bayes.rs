//! Gaussian naive Bayes (linfa-bayes; variance smoothing 1e-9 of the largest feature
//! variance, like scikit-learn's `GaussianNB`).
//!
//! It is fitted on the features as read, not standardised, as `GaussianNB` usually is:
//! the model is scale-free except for that smoothing term, which is relative to the
//! largest variance and so depends on the scales of the features.
//!
//! linfa's `predict` takes the argmax over a `HashMap` (process-dependent order on
//! ties) and its `predict_proba` exponentiates log-likelihoods without subtracting their
//! maximum, so far-out rows underflow to 0/0. Both are done here instead: the joint
//! log-likelihoods are read per class in sorted class order, turned into probabilities
//! with a stable softmax, and the first largest probability wins.

use linfa::Dataset;
use linfa::traits::Fit;
use linfa_bayes::{GaussianNb, NaiveBayes};
use ndarray::{Array1, Array2};

use super::{ClassifierRun, ScoreKind, TrainError};

pub fn fit_predict(
    x: &Array2<f64>,
    y: &Array1<usize>,
    test_x: &Array2<f64>,
    n_classes: usize,
) -> Result<ClassifierRun, TrainError> {
    let dataset = Dataset::new(x.clone(), y.clone());
    let model = GaussianNb::params()
        .fit(&dataset)
        .map_err(|e| TrainError::Fit {
            model: "Gaussian naive Bayes",
            message: e.to_string(),
        })?;
    let jll = model.joint_log_likelihood(test_x.view());
    let mut scores = Array2::zeros((test_x.nrows(), n_classes));
    for i in 0..test_x.nrows() {
        // A class absent from training has likelihood 0 (log -inf).
        let logs: Vec<f64> = (0..n_classes)
            .map(|k| jll.get(&k).map_or(f64::NEG_INFINITY, |v| v[i]))
            .collect();
        let max = logs.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let exps: Vec<f64> = logs.iter().map(|l| (l - max).exp()).collect();
        let sum: f64 = exps.iter().sum();
        for k in 0..n_classes {
            scores[[i, k]] = exps[k] / sum;
        }
    }
    Ok(ClassifierRun {
        predicted: super::argmax_rows(&scores),
        scores,
        score_kind: ScoreKind::Probability,
        warnings: Vec::new(),
        notes: Vec::new(),
        clusters: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn far_out_rows_still_get_probabilities() {
        let x = array![[0.0], [0.1], [0.2], [1.0], [1.1], [1.2]];
        let y = array![0, 0, 0, 1, 1, 1];
        let run = fit_predict(&x, &y, &array![[500.0], [-500.0], [0.15]], 2).unwrap();
        assert!(run.scores.iter().all(|p| p.is_finite()), "{:?}", run.scores);
        assert_eq!(run.predicted, vec![1, 0, 0]);
    }
}
