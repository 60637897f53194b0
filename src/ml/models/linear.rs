//! Ordinary least squares (linfa-linear) on standardised features. Standardising does
//! not change the predictions of least squares; it only keeps the problem well scaled.

use linfa::Dataset;
use linfa::traits::{Fit, Predict};
use linfa_linear::LinearRegression;
use ndarray::{Array1, Array2};

use super::TrainError;

pub fn fit_predict(
    x: &Array2<f64>,
    y: &Array1<f64>,
    test_x: &Array2<f64>,
) -> Result<Vec<f64>, TrainError> {
    let dataset = Dataset::new(x.clone(), y.clone());
    let model = LinearRegression::new()
        .fit(&dataset)
        .map_err(|e| TrainError::Fit {
            model: "linear regression",
            message: e.to_string(),
        })?;
    let predicted: Array1<f64> = model.predict(test_x);
    Ok(predicted.to_vec())
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn recovers_an_exact_line() {
        let x = array![[0.0], [1.0], [2.0], [3.0]];
        let y = array![1.0, 3.0, 5.0, 7.0];
        let p = fit_predict(&x, &y, &array![[10.0]]).unwrap();
        assert!((p[0] - 21.0).abs() < 1e-9, "{p:?}");
    }
}
