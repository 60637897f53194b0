//! mlpath's drift statistics against SciPy's, from tests/fixtures/drift/scipy_cases.json
//! (written by gen_scipy_cases.py next to it). The samples are drawn here with the same
//! integer-only generator the script uses, so both sides see bit-identical data.

use mlpath::ml::drift::categorical::chi2_homogeneity;
use mlpath::ml::drift::kolmogorov::kstwo_sf;
use mlpath::ml::drift::ks::{KsMethod, ks_2samp_sorted};
use mlpath::ml::drift::sorted::SortedSample;
use mlpath::ml::drift::wasserstein::wasserstein_sorted;
use serde_json::Value;

fn fixture() -> Value {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/drift/scipy_cases.json"
    );
    serde_json::from_str(&std::fs::read_to_string(path).expect("fixture present")).unwrap()
}

/// splitmix64, as in gen_scipy_cases.py.
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

fn sample(spec: &Value) -> Vec<f64> {
    let n = spec["n"].as_u64().unwrap();
    let range = spec["range"].as_u64().unwrap();
    let shift = spec["shift"].as_i64().unwrap();
    let divisor = spec["divisor"].as_f64().unwrap();
    let mut rng = SplitMix(spec["seed"].as_u64().unwrap());
    (0..n)
        .map(|_| {
            let k = match spec["kind"].as_str().unwrap() {
                "uniform" => rng.next() % range,
                "bell" => (0..4).map(|_| rng.next() % range).sum(),
                "skew" => {
                    let (a, b) = (rng.next() % range, rng.next() % range);
                    ((a as u128 * b as u128) / range as u128) as u64
                }
                other => panic!("unknown kind {other}"),
            };
            (k as i64 + shift) as f64 / divisor
        })
        .collect()
}

fn assert_relative(actual: f64, expected: f64, tolerance: f64, what: &str) {
    let both_negligible = actual.abs() < 1e-300 && expected.abs() < 1e-300;
    let error = (actual - expected).abs() / expected.abs().max(f64::MIN_POSITIVE);
    assert!(
        both_negligible || error <= tolerance,
        "{what}: mlpath {actual:e}, scipy {expected:e} (relative error {error:e})"
    );
}

#[test]
fn ks_and_wasserstein_match_scipy() {
    let fixture = fixture();
    let cases = fixture["ks_wasserstein"].as_array().unwrap();
    assert!(cases.len() >= 40);
    for case in cases {
        let (a, b) = (sample(&case["a"]), sample(&case["b"]));
        let what = format!("n1={} n2={}", a.len(), b.len());
        // The data are bit-identical to SciPy's.
        let bits = |v: &[f64]| v.iter().fold(0u64, |s, x| s.wrapping_add(x.to_bits()));
        assert_eq!(bits(&a), case["check_bits_a"].as_u64().unwrap(), "{what}");
        assert_eq!(bits(&b), case["check_bits_b"].as_u64().unwrap(), "{what}");
        let (a, b) = (SortedSample::new(a), SortedSample::new(b));
        let ks = ks_2samp_sorted(a.values(), b.values());
        let expected_d = case["ks_statistic"].as_f64().unwrap();
        assert!(
            (ks.statistic - expected_d).abs() <= 1e-9,
            "{what}: D {} vs {expected_d}",
            ks.statistic
        );
        let expected_method = match case["ks_method"].as_str().unwrap() {
            "exact" => KsMethod::Exact,
            _ => KsMethod::Asymptotic,
        };
        assert_eq!(ks.method, expected_method, "{what}");
        assert_relative(
            ks.p_value,
            case["ks_p_value"].as_f64().unwrap(),
            1e-4,
            &format!("{what} p"),
        );
        let w = wasserstein_sorted(a.values(), b.values());
        let expected_w = case["wasserstein"].as_f64().unwrap();
        assert!(
            (w - expected_w).abs() <= 1e-9 * expected_w.abs().max(1.0),
            "{what}: W1 {w} vs {expected_w}"
        );
        let expected_std = case["reference_std"].as_f64().unwrap();
        assert!(
            (a.std() - expected_std).abs() <= 1e-9 * expected_std.max(1.0),
            "{what}: std"
        );
    }
}

#[test]
fn kstwo_matches_scipy_across_n_and_d() {
    let fixture = fixture();
    let cases = fixture["kstwo_sf"].as_array().unwrap();
    assert!(cases.len() > 500);
    for case in cases {
        let n = case["n"].as_u64().unwrap();
        let d = case["d"].as_f64().unwrap();
        let expected = case["sf"].as_f64().unwrap();
        assert_relative(
            kstwo_sf(n, d),
            expected,
            1e-4,
            &format!("kstwo.sf({d}, {n})"),
        );
    }
}

#[test]
fn chi2_matches_scipy() {
    let fixture = fixture();
    for case in fixture["chi2_contingency"].as_array().unwrap() {
        let counts = |key: &str| -> Vec<u64> {
            case[key]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_u64().unwrap())
                .collect()
        };
        let r = chi2_homogeneity(&counts("reference"), &counts("current"));
        let what = format!("{:?} vs {:?}", counts("reference"), counts("current"));
        assert_relative(
            r.statistic,
            case["statistic"].as_f64().unwrap(),
            1e-9,
            &what,
        );
        assert_eq!(r.dof, case["dof"].as_u64().unwrap(), "{what}");
        assert_relative(r.p_value, case["p_value"].as_f64().unwrap(), 1e-9, &what);
    }
}
