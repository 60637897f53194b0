//! Scores of predicted probabilities: log loss and the Brier score.
//! `probabilities[i]` is the predicted probability that row i is positive.

/// Mean negative log-likelihood, with each probability clipped to
/// `[ε, 1−ε]` (ε = `f64::EPSILON`, as scikit-learn ≥ 1.5 for float64). 0.0 for no rows.
///
/// # Panics
/// If the slices differ in length.
pub fn log_loss(labels: &[bool], probabilities: &[f64]) -> f64 {
    assert_eq!(
        labels.len(),
        probabilities.len(),
        "one probability per label"
    );
    if labels.is_empty() {
        return 0.0;
    }
    let clip = |p: f64| p.clamp(f64::EPSILON, 1.0 - f64::EPSILON);
    let total: f64 = labels
        .iter()
        .zip(probabilities)
        // The probability of the true class is clipped after 1 − p, as scikit-learn does.
        .map(|(&is_positive, &p)| {
            if is_positive {
                -clip(p).ln()
            } else {
                -clip(1.0 - p).ln()
            }
        })
        .sum();
    total / labels.len() as f64
}

/// Mean squared difference between the outcome (1 or 0) and the probability. 0.0 for no rows.
///
/// # Panics
/// If the slices differ in length.
pub fn brier_score(labels: &[bool], probabilities: &[f64]) -> f64 {
    assert_eq!(
        labels.len(),
        probabilities.len(),
        "one probability per label"
    );
    if labels.is_empty() {
        return 0.0;
    }
    let total: f64 = labels
        .iter()
        .zip(probabilities)
        .map(|(&is_positive, &p)| {
            let d = f64::from(u8::from(is_positive)) - p;
            d * d
        })
        .sum();
    total / labels.len() as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_loss_golden() {
        // y=[0,0,1,1], P(positive)=[.1,.2,.7,.99]
        let v = log_loss(&[false, false, true, true], &[0.1, 0.2, 0.7, 0.99]);
        assert!((v - 0.1738).abs() < 1e-4, "{v}");
    }

    #[test]
    fn log_loss_clips_certain_mistakes() {
        let v = log_loss(&[true, false], &[0.0, 1.0]);
        assert_eq!(v, -f64::EPSILON.ln());
        assert!(v.is_finite());
        assert_eq!(
            log_loss(&[true, false], &[1.0, 0.0]),
            -(1.0 - f64::EPSILON).ln()
        );
    }

    #[test]
    fn brier_golden() {
        let v = brier_score(&[false, true, true, false], &[0.1, 0.9, 0.8, 0.4]);
        assert!((v - 0.055).abs() < 1e-12, "{v}");
    }

    #[test]
    fn brier_of_hard_labels_is_the_error_rate() {
        let v = brier_score(&[false, true, true, false], &[0.0, 1.0, 0.0, 0.0]);
        assert_eq!(v, 0.25);
    }

    #[test]
    fn empty_inputs_are_zero() {
        assert_eq!(log_loss(&[], &[]), 0.0);
        assert_eq!(brier_score(&[], &[]), 0.0);
    }
}
