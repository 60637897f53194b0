//! Logistic regression with linfa-logistic on standardised features, L2 penalty
//! `alpha = 1` (the same objective as scikit-learn's default `C = 1`).
//!
//! Convergence is checked here, because linfa says nothing when its L-BFGS stops early
//! (linfa.md §6.5): after a fit, the gradient of the objective is computed from the
//! returned parameters. If its norm is not small, the fit is restarted once from those
//! parameters (a restart clears the optimiser's curvature memory, which is what a failed
//! line search needs), and if it is still not small a warning says so.
//!
//! Two classes use the binary model. More classes use the multinomial model, as
//! scikit-learn does by default. Its line search can fail (linfa issue #334); with
//! argmin 0.11 the failure no longer returns an error but silently ends the fit, e.g. on
//! digits after about ten iterations with a gradient norm near 65. When the multinomial
//! fit errs or does not converge, one binary model per class (one-vs-rest) is fitted
//! instead, its probabilities normalised to sum to 1, and a warning says so.

use linfa::Dataset;
use linfa::traits::Fit;
use linfa_logistic::{LogisticRegression, MultiLogisticRegression};
use ndarray::{Array1, Array2, Axis, s};

use super::{ClassifierRun, ScoreKind, TrainError};

/// L2 penalty weight: linfa minimises Σ log-loss + alpha/2 · ‖w‖², scikit-learn
/// C · Σ log-loss + 1/2 · ‖w‖², so alpha = 1/C.
pub const ALPHA: f64 = 1.0;
/// The optimiser's own stopping rule: L2 norm of the gradient of the summed objective.
const GRADIENT_TOLERANCE: f64 = 1e-4;
/// A fit counts as converged when the gradient norm is below this (ten times the
/// optimiser's tolerance, to allow for its other stopping rule and for rounding).
pub const CONVERGED_GRADIENT: f64 = 1e-3;
/// Iterations per fit (a restart gets as many again).
pub const MAX_ITERATIONS: u64 = 1000;

/// Fits on the training rows and scores the test rows: one probability column per class.
pub fn fit_predict(
    x: &Array2<f64>,
    y: &Array1<usize>,
    test_x: &Array2<f64>,
    n_classes: usize,
) -> Result<ClassifierRun, TrainError> {
    let mut warnings = Vec::new();
    let mut notes = Vec::new();
    let probabilities = if n_classes == 2 {
        let theta = binary_model(x, y, &mut warnings, "")?;
        let p1 = sigmoid_scores(test_x, &theta);
        let mut probs = Array2::zeros((test_x.nrows(), 2));
        probs.column_mut(1).assign(&p1);
        probs.column_mut(0).assign(&p1.mapv(|p| 1.0 - p));
        probs
    } else {
        let multinomial = with_restart(|init| fit_multinomial(x, y, n_classes, init));
        match multinomial {
            Ok((theta, gradient)) if gradient <= CONVERGED_GRADIENT => {
                notes.push(format!("multinomial model over {n_classes} classes"));
                let theta = theta
                    .into_shape_with_order((x.ncols() + 1, n_classes))
                    .map_err(|e| fit_error(e.to_string()))?;
                softmax_scores(test_x, &theta)
            }
            failed => {
                warnings.push(match failed {
                    Ok((_, gradient)) => format!(
                        "the multinomial fit stopped before converging (gradient norm {gradient:.2e}; \
                         its line search failed, linfa issue #334), so one binary model per class \
                         (one-vs-rest) was fitted instead"
                    ),
                    Err(e) => format!(
                        "the multinomial fit failed ({e}), so one binary model per class \
                         (one-vs-rest) was fitted instead"
                    ),
                });
                notes.push(format!("{n_classes} one-vs-rest binary models"));
                one_vs_rest(x, y, test_x, n_classes, &mut warnings)?
            }
        }
    };
    let predicted = super::argmax_rows(&probabilities);
    Ok(ClassifierRun {
        predicted,
        scores: probabilities,
        score_kind: ScoreKind::Probability,
        warnings,
        notes,
        clusters: None,
    })
}

/// Binary logistic regression as `train --model logistic` fits it (L2, `C = 1`) on `x`
/// and labels `y` in {0, 1}: the weights and the intercept of the log-odds of class 1,
/// for engines that need the linear decision function itself (evasion attacks). A fit
/// that did not converge is an error here, not a warning.
pub fn coefficients(x: &Array2<f64>, y: &Array1<usize>) -> Result<(Array1<f64>, f64), TrainError> {
    let mut warnings = Vec::new();
    let theta = binary_model(x, y, &mut warnings, "")?;
    if let Some(w) = warnings.pop() {
        return Err(TrainError::Fit {
            model: "logistic regression",
            message: w,
        });
    }
    let f = x.ncols();
    Ok((theta.slice(s![..f]).to_owned(), theta[f]))
}

fn fit_error(message: String) -> TrainError {
    TrainError::Fit {
        model: "logistic regression",
        message,
    }
}

/// A binary fit with its convergence check; `what` names the model in a warning.
fn binary_model(
    x: &Array2<f64>,
    y: &Array1<usize>,
    warnings: &mut Vec<String>,
    what: &str,
) -> Result<Array1<f64>, TrainError> {
    let (theta, gradient) =
        with_restart(|init| fit_binary(x, y, init, MAX_ITERATIONS)).map_err(fit_error)?;
    if gradient > CONVERGED_GRADIENT {
        warnings.push(format!(
            "logistic regression{what} did not converge within {} iterations \
             (gradient norm {gradient:.2e}, wanted below {CONVERGED_GRADIENT:.0e}); \
             the coefficients may still change with more iterations",
            2 * MAX_ITERATIONS
        ));
    }
    Ok(theta)
}

/// One binary model per class; probabilities normalised to sum to 1 per row.
fn one_vs_rest(
    x: &Array2<f64>,
    y: &Array1<usize>,
    test_x: &Array2<f64>,
    n_classes: usize,
    warnings: &mut Vec<String>,
) -> Result<Array2<f64>, TrainError> {
    let mut probs = Array2::zeros((test_x.nrows(), n_classes));
    for class in 0..n_classes {
        let is_class = y.mapv(|c| usize::from(c == class));
        let theta = binary_model(x, &is_class, warnings, &format!(" (class {class} vs rest)"))?;
        probs
            .column_mut(class)
            .assign(&sigmoid_scores(test_x, &theta));
    }
    for mut row in probs.axis_iter_mut(Axis(0)) {
        let sum = row.sum();
        row.mapv_inplace(|p| p / sum);
    }
    Ok(probs)
}

/// A fit from zeros: the flattened parameters (weights, then intercepts) and the
/// gradient norm there; or the optimiser's error.
type Fitted = Result<(Array1<f64>, f64), String>;

/// Runs `fit` from zeros and, when the gradient is not small, once more from where it
/// stopped; keeps the better of the two.
fn with_restart(mut fit: impl FnMut(Option<&Array1<f64>>) -> Fitted) -> Fitted {
    let (theta, gradient) = fit(None)?;
    if gradient <= CONVERGED_GRADIENT {
        return Ok((theta, gradient));
    }
    match fit(Some(&theta)) {
        Ok((again, g)) if g < gradient => Ok((again, g)),
        _ => Ok((theta, gradient)),
    }
}

/// A binary fit (labels 0/1), from `init` or zeros. linfa 0.8.1 makes the *majority*
/// training class its positive label (`labels().pos`, linfa issue #393); the returned
/// parameters are turned into "log-odds of class 1" using `labels()`, so nothing
/// downstream depends on that choice. Should a later linfa pick `pos` differently, only
/// the orientation of a restart's starting point would be off, never the result.
fn fit_binary(
    x: &Array2<f64>,
    y: &Array1<usize>,
    init: Option<&Array1<f64>>,
    iterations: u64,
) -> Fitted {
    let dataset = Dataset::new(x.clone(), y.clone());
    let mut params = LogisticRegression::default()
        .alpha(ALPHA)
        .gradient_tolerance(GRADIENT_TOLERANCE)
        .max_iterations(iterations);
    // `init` is in "class 1" orientation; linfa wants its own (pos = majority) one.
    let flip = majority_is_zero(y);
    if let Some(init) = init {
        params = params.initial_params(if flip { -init } else { init.clone() });
    }
    let model = params.fit(&dataset).map_err(|e| e.to_string())?;
    let mut theta = Array1::zeros(x.ncols() + 1);
    theta.slice_mut(s![..x.ncols()]).assign(model.params());
    theta[x.ncols()] = model.intercept();
    if model.labels().pos.class != 1 {
        theta = -theta; // P(class 1) = 1 - P(pos) = sigmoid(-z)
    }
    let gradient = binary_gradient_norm(x, y, &theta);
    Ok((theta, gradient))
}

/// Which class linfa 0.8.1 will call `pos`: the more frequent one, the first seen on a tie.
fn majority_is_zero(y: &Array1<usize>) -> bool {
    let ones = y.iter().filter(|&&c| c == 1).count();
    let zeros = y.len() - ones;
    zeros > ones || (zeros == ones && y.first() == Some(&0))
}

fn sigmoid(z: f64) -> f64 {
    1.0 / (1.0 + (-z).exp())
}

/// P(class 1) for each row, from parameters (weights, then intercept).
fn sigmoid_scores(x: &Array2<f64>, theta: &Array1<f64>) -> Array1<f64> {
    let f = x.ncols();
    (x.dot(&theta.slice(s![..f])) + theta[f]).mapv(sigmoid)
}

/// ‖∇‖₂ of Σ log-loss + alpha/2 ‖w‖² (intercept not penalised) for labels in {0, 1}.
fn binary_gradient_norm(x: &Array2<f64>, y: &Array1<usize>, theta: &Array1<f64>) -> f64 {
    let f = x.ncols();
    let residual: Array1<f64> = sigmoid_scores(x, theta)
        .iter()
        .zip(y)
        .map(|(p, &c)| p - if c == 1 { 1.0 } else { 0.0 })
        .collect();
    let grad_w = x.t().dot(&residual) + &theta.slice(s![..f]) * ALPHA;
    let grad_b = residual.sum();
    (grad_w.mapv(|g| g * g).sum() + grad_b * grad_b).sqrt()
}

/// A multinomial fit, from `init` or zeros; parameters are (features + 1) × classes,
/// flattened row-major, the last row the intercepts. Classes are 0..n_classes (all present in training).
fn fit_multinomial(
    x: &Array2<f64>,
    y: &Array1<usize>,
    n_classes: usize,
    init: Option<&Array1<f64>>,
) -> Fitted {
    let dataset = Dataset::new(x.clone(), y.clone());
    let shape = (x.ncols() + 1, n_classes);
    let mut params = MultiLogisticRegression::default()
        .alpha(ALPHA)
        .gradient_tolerance(GRADIENT_TOLERANCE)
        .max_iterations(MAX_ITERATIONS);
    if let Some(init) = init {
        let w = init
            .clone()
            .into_shape_with_order(shape)
            .map_err(|e| e.to_string())?;
        params = params.initial_params(w);
    }
    let model = params.fit(&dataset).map_err(|e| e.to_string())?;
    if model.classes() != (0..n_classes).collect::<Vec<_>>().as_slice() {
        return Err("a class is missing from the training rows".to_string());
    }
    let mut theta = Array2::zeros(shape);
    theta.slice_mut(s![..x.ncols(), ..]).assign(model.params());
    theta.row_mut(x.ncols()).assign(model.intercept());
    let gradient = multinomial_gradient_norm(x, y, &theta);
    Ok((
        theta
            .into_shape_with_order(shape.0 * shape.1)
            .map_err(|e| e.to_string())?,
        gradient,
    ))
}

/// Row-wise softmax of X·W + b, computed stably (max subtracted).
fn softmax_scores(x: &Array2<f64>, theta: &Array2<f64>) -> Array2<f64> {
    let f = x.ncols();
    let mut z = x.dot(&theta.slice(s![..f, ..])) + theta.row(f);
    for mut row in z.axis_iter_mut(Axis(0)) {
        let max = row.fold(f64::NEG_INFINITY, |m, &v| m.max(v));
        row.mapv_inplace(|v| (v - max).exp());
        let sum = row.sum();
        row.mapv_inplace(|v| v / sum);
    }
    z
}

/// ‖∇‖₂ of −Σ log softmax + alpha/2 ‖W‖² (intercepts not penalised).
fn multinomial_gradient_norm(x: &Array2<f64>, y: &Array1<usize>, theta: &Array2<f64>) -> f64 {
    let f = x.ncols();
    let mut residual = softmax_scores(x, theta);
    for (mut row, &c) in residual.axis_iter_mut(Axis(0)).zip(y) {
        row[c] -= 1.0;
    }
    let grad_w = x.t().dot(&residual) + &theta.slice(s![..f, ..]) * ALPHA;
    let grad_b = residual.sum_axis(Axis(0));
    (grad_w.mapv(|g| g * g).sum() + grad_b.mapv(|g| g * g).sum()).sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn probabilities_are_for_class_one_whichever_class_is_the_majority() {
        // Class 1 is the minority: linfa's `pos` is class 0 here.
        let x = array![[-2.0], [-1.5], [-1.0], [-0.5], [0.0], [0.4], [1.5], [2.0]];
        let y = array![0, 0, 0, 0, 0, 0, 1, 1];
        let run = fit_predict(&x, &y, &array![[3.0], [-3.0]], 2).unwrap();
        assert!(run.scores[[0, 1]] > 0.5, "{:?}", run.scores);
        assert!(run.scores[[1, 1]] < 0.5);
        assert!((run.scores[[0, 0]] + run.scores[[0, 1]] - 1.0).abs() < 1e-12);
        assert!(run.warnings.is_empty(), "{:?}", run.warnings);
    }

    #[test]
    fn the_gradient_vanishes_at_the_fitted_optimum() {
        let x = array![
            [-1.0, 0.5],
            [-0.2, -1.0],
            [0.3, 0.8],
            [1.1, -0.3],
            [0.0, 0.1],
            [0.9, 0.9]
        ];
        let y = array![0, 0, 1, 1, 0, 1];
        let (theta, g) = fit_binary(&x, &y, None, 500).unwrap();
        assert!(g < CONVERGED_GRADIENT, "{g}");
        assert!(binary_gradient_norm(&x, &y, &theta) == g);
        // Moving away from the optimum makes the gradient larger.
        assert!(binary_gradient_norm(&x, &y, &(&theta + 0.5)) > 10.0 * g);
    }

    #[test]
    fn multinomial_probabilities_sum_to_one() {
        let x = array![[-2.0], [-1.8], [-0.1], [0.1], [1.9], [2.2]];
        let y = array![0, 0, 1, 1, 2, 2];
        let run = fit_predict(&x, &y, &array![[-2.0], [0.0], [2.0]], 3).unwrap();
        assert_eq!(run.predicted, vec![0, 1, 2]);
        for row in run.scores.rows() {
            assert!((row.sum() - 1.0).abs() < 1e-12);
        }
    }

    #[test]
    fn an_unconverged_fit_is_detected() {
        let x = array![
            [-1.0, 0.5],
            [-0.2, -1.0],
            [0.3, 0.8],
            [1.1, -0.3],
            [0.0, 0.1],
            [0.9, 0.9]
        ];
        let y = array![0, 0, 1, 1, 0, 1];
        let (_, g) = fit_binary(&x, &y, None, 1).unwrap();
        assert!(g > CONVERGED_GRADIENT, "{g}");
        // A restart from where it stopped finishes the job.
        let (_, g) = with_restart(|init| fit_binary(&x, &y, init, 1000)).unwrap();
        assert!(g <= CONVERGED_GRADIENT, "{g}");
    }

    #[test]
    fn one_vs_rest_probabilities_sum_to_one() {
        let x = array![[-2.0], [-1.8], [-0.1], [0.1], [1.9], [2.2]];
        let y = array![0, 0, 1, 1, 2, 2];
        let mut warnings = Vec::new();
        let p = one_vs_rest(&x, &y, &array![[-2.0], [2.0]], 3, &mut warnings).unwrap();
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(super::super::argmax_rows(&p), vec![0, 2]);
        for row in p.rows() {
            assert!((row.sum() - 1.0).abs() < 1e-12);
        }
    }
}
