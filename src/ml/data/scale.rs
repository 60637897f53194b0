//! Z-scoring fitted on the training split only, so that nothing about the test rows
//! leaks into training. Same convention as scikit-learn's `StandardScaler`: population
//! standard deviation (ddof = 0), and a constant column keeps scale 1.

use ndarray::{Array1, Array2, Axis};

#[derive(Debug, Clone, PartialEq)]
pub struct Standardiser {
    pub mean: Array1<f64>,
    pub scale: Array1<f64>,
}

impl Standardiser {
    /// Learns each column's mean and standard deviation.
    pub fn fit(x: &Array2<f64>) -> Standardiser {
        let n = x.nrows().max(1) as f64;
        let mean = x.sum_axis(Axis(0)) / n;
        let scale = x
            .axis_iter(Axis(1))
            .zip(mean.iter())
            .map(|(column, &m)| {
                let var = column.iter().map(|v| (v - m) * (v - m)).sum::<f64>() / n;
                let sd = var.sqrt();
                if sd > 0.0 && sd.is_finite() { sd } else { 1.0 }
            })
            .collect();
        Standardiser { mean, scale }
    }

    /// `(x - mean) / scale`, column by column.
    pub fn transform(&self, x: &Array2<f64>) -> Array2<f64> {
        (x - &self.mean) / &self.scale
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn training_columns_get_mean_zero_and_unit_variance() {
        let x = array![[1.0, 5.0], [3.0, 5.0], [5.0, 5.0]];
        let s = Standardiser::fit(&x);
        assert_eq!(s.mean, array![3.0, 5.0]);
        assert_eq!(s.scale[1], 1.0, "a constant column keeps scale 1");
        let z = s.transform(&x);
        let sd = (8.0f64 / 3.0).sqrt();
        assert!((z[[0, 0]] + 2.0 / sd).abs() < 1e-12);
        assert_eq!(z.column(1).to_vec(), vec![0.0, 0.0, 0.0]);
    }

    #[test]
    fn test_rows_use_the_training_statistics() {
        let s = Standardiser::fit(&array![[0.0], [2.0]]);
        assert_eq!(s.transform(&array![[4.0]]), array![[3.0]]);
    }
}
