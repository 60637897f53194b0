//! The statistics of a class report: medians and the point-biserial correlation of
//! classical item analysis.

/// The median of `values` (the mean of the middle two for an even count); `None` when
/// there are none.
pub fn median(values: &[f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    let mid = v.len() / 2;
    Some(if v.len() % 2 == 1 {
        v[mid]
    } else {
        (v[mid - 1] + v[mid]) / 2.0
    })
}

/// The point-biserial correlation between a right/wrong item score and a number (the
/// learner's score on the rest of the lesson): Pearson's r with the item scored 1 or
/// 0. `None` when either side does not vary, where the correlation is undefined.
pub fn point_biserial(pairs: &[(bool, f64)]) -> Option<f64> {
    let n = pairs.len() as f64;
    if pairs.len() < 2 {
        return None;
    }
    let mean_x = pairs.iter().filter(|(x, _)| *x).count() as f64 / n;
    let mean_y = pairs.iter().map(|(_, y)| y).sum::<f64>() / n;
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (x, y) in pairs {
        let dx = f64::from(u8::from(*x)) - mean_x;
        let dy = y - mean_y;
        sxy += dx * dy;
        sxx += dx * dx;
        syy += dy * dy;
    }
    // Sums of squares of 0/1 scores and small whole numbers are exact or nearly so; a
    // tiny tolerance keeps rounding from passing for variation.
    if sxx <= 1e-12 || syy <= 1e-12 {
        return None;
    }
    Some((sxy / (sxx.sqrt() * syy.sqrt())).clamp(-1.0, 1.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn medians_of_odd_and_even_counts() {
        assert_eq!(median(&[]), None);
        assert_eq!(median(&[3.0]), Some(3.0));
        assert_eq!(median(&[5.0, 1.0, 3.0]), Some(3.0));
        assert_eq!(median(&[4.0, 1.0, 3.0, 2.0]), Some(2.5));
    }

    #[test]
    fn point_biserial_by_hand() {
        // x = 1,1,0,0 and y = 3,2,1,0: mean x 0.5, mean y 1.5; sxy = 0.5·1.5 + 0.5·0.5
        // + 0.5·0.5 + 0.5·1.5 = 2; sxx = 1; syy = 2.25+0.25+0.25+2.25 = 5;
        // r = 2 / √5 = 0.894427191.
        let r = point_biserial(&[(true, 3.0), (true, 2.0), (false, 1.0), (false, 0.0)]);
        assert!((r.unwrap() - 2.0 / 5f64.sqrt()).abs() < 1e-12);
        // The reverse pattern is as strong, the other way.
        let r = point_biserial(&[(false, 3.0), (false, 2.0), (true, 1.0), (true, 0.0)]);
        assert!((r.unwrap() + 2.0 / 5f64.sqrt()).abs() < 1e-12);
    }

    proptest::proptest! {
        #[test]
        fn point_biserial_is_a_correlation(
            pairs in proptest::collection::vec((proptest::bool::ANY, 0u8..10), 0..40)
        ) {
            let pairs: Vec<(bool, f64)> = pairs.into_iter().map(|(x, y)| (x, f64::from(y))).collect();
            let flipped: Vec<(bool, f64)> = pairs.iter().map(|&(x, y)| (!x, y)).collect();
            let shifted: Vec<(bool, f64)> = pairs.iter().map(|&(x, y)| (x, 3.0 * y + 7.0)).collect();
            match point_biserial(&pairs) {
                None => proptest::prop_assert_eq!(point_biserial(&flipped), None),
                Some(r) => {
                    proptest::prop_assert!((-1.0..=1.0).contains(&r));
                    // Swapping right and wrong turns the correlation round; rescaling
                    // the rest score does not change it.
                    proptest::prop_assert!((point_biserial(&flipped).unwrap() + r).abs() < 1e-9);
                    proptest::prop_assert!((point_biserial(&shifted).unwrap() - r).abs() < 1e-9);
                }
            }
        }
    }

    #[test]
    fn no_variation_has_no_correlation() {
        assert_eq!(point_biserial(&[(true, 1.0), (true, 2.0)]), None);
        assert_eq!(point_biserial(&[(true, 1.0), (false, 1.0)]), None);
        assert_eq!(point_biserial(&[(true, 1.0)]), None);
    }
}
