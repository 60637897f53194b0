//! Regression errors and R², with scikit-learn's definitions and edge cases.

fn check(y_true: &[f64], y_pred: &[f64]) {
    assert_eq!(y_true.len(), y_pred.len(), "one prediction per target");
}

fn mean(values: impl Iterator<Item = f64>, n: usize) -> f64 {
    if n == 0 {
        0.0
    } else {
        values.sum::<f64>() / n as f64
    }
}

/// Mean absolute error; 0.0 for no rows.
///
/// # Panics
/// If the slices differ in length (as every function here).
pub fn mae(y_true: &[f64], y_pred: &[f64]) -> f64 {
    check(y_true, y_pred);
    mean(
        y_true.iter().zip(y_pred).map(|(t, p)| (t - p).abs()),
        y_true.len(),
    )
}

/// Mean squared error; 0.0 for no rows.
pub fn mse(y_true: &[f64], y_pred: &[f64]) -> f64 {
    check(y_true, y_pred);
    mean(
        y_true.iter().zip(y_pred).map(|(t, p)| (t - p) * (t - p)),
        y_true.len(),
    )
}

/// Root mean squared error.
pub fn rmse(y_true: &[f64], y_pred: &[f64]) -> f64 {
    mse(y_true, y_pred).sqrt()
}

/// Coefficient of determination `1 − SS_res / SS_tot`. When `y_true` is constant:
/// 1.0 for a perfect prediction, else 0.0 (scikit-learn's `force_finite`). Fewer than
/// two rows: 0.0 (scikit-learn: NaN).
pub fn r2(y_true: &[f64], y_pred: &[f64]) -> f64 {
    check(y_true, y_pred);
    if y_true.len() < 2 {
        return 0.0;
    }
    let y_mean = mean(y_true.iter().copied(), y_true.len());
    let residual: f64 = y_true
        .iter()
        .zip(y_pred)
        .map(|(t, p)| (t - p) * (t - p))
        .sum();
    let total: f64 = y_true.iter().map(|t| (t - y_mean) * (t - y_mean)).sum();
    match (residual == 0.0, total == 0.0) {
        (true, _) => 1.0,
        (false, true) => 0.0,
        (false, false) => 1.0 - residual / total,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) {
        assert!((a - b).abs() < 1e-4, "{a} vs {b}");
    }

    #[test]
    fn golden_single_output() {
        let y = [3.0, -0.5, 2.0, 7.0];
        let p = [2.5, 0.0, 2.0, 8.0];
        assert_eq!(mae(&y, &p), 0.5);
        assert_eq!(mse(&y, &p), 0.375);
        close(rmse(&y, &p), 0.6124);
        close(r2(&y, &p), 0.9486);
    }

    #[test]
    fn golden_two_outputs_uniform_average() {
        // y=[[.5,1],[−1,1],[7,−6]], ŷ=[[0,2],[−1,2],[8,−5]]: mean of the per-output values.
        let (y0, p0) = ([0.5, -1.0, 7.0], [0.0, -1.0, 8.0]);
        let (y1, p1) = ([1.0, 1.0, -6.0], [2.0, 2.0, -5.0]);
        close((rmse(&y0, &p0) + rmse(&y1, &p1)) / 2.0, 0.8227);
        close((r2(&y0, &p0) + r2(&y1, &p1)) / 2.0, 0.9368);
    }

    #[test]
    fn predicting_the_mean_gives_zero() {
        let y = [1.0, 2.0, 3.0];
        assert_eq!(r2(&y, &[2.0, 2.0, 2.0]), 0.0);
    }

    #[test]
    fn constant_truth_is_forced_finite() {
        let y = [4.0, 4.0, 4.0];
        assert_eq!(r2(&y, &y), 1.0);
        assert_eq!(r2(&y, &[4.0, 5.0, 4.0]), 0.0);
    }

    #[test]
    fn too_few_rows() {
        assert_eq!(r2(&[1.0], &[1.0]), 0.0);
        assert_eq!(mae(&[], &[]), 0.0);
        assert_eq!(rmse(&[], &[]), 0.0);
    }
}
