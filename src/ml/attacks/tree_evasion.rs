//! Evasion of a decision tree, exactly.
//!
//! A tree cuts the feature space into boxes, one per leaf: along each feature a leaf
//! holds the values from its lower cut (inclusive) to its upper cut (exclusive), since a
//! split sends `x < threshold` left. A row changes class exactly when it moves into a
//! leaf of another class, so the smallest change that flips it is the smallest L∞
//! distance from the row to such a box, taken over the part of the box the attacker may
//! reach: each feature within its training range, and an immutable feature only where
//! it already is. Enumerating the leaves is exact for one tree (an ensemble needs a
//! search; Kantchelian, Tygar & Joseph, "Evasion and Hardening of Tree Ensemble
//! Classifiers", ICML 2016, solve it as a mixed-integer program), and cheap: a tree
//! has at most one leaf per training row.
//!
//! Sizes are in standardised units, as for the linear model ([`super::evasion`]), so the
//! two curves compare. The size reported is the infimum: a box's open upper cut is
//! approached, never reached, so any budget above it flips the row.

use linfa::prelude::*;
use linfa_trees::{DecisionTree, TreeNode};
use ndarray::{Array2, ArrayView1};

use super::AttackError;
use super::evasion::{Constraints, CurvePoint, curve, immutable_features, two_classes};
use crate::ml::models::ModelKind;

/// One leaf as a box: `lower[j] <= x[j] < upper[j]` for every feature, and its class.
#[derive(Debug, Clone, PartialEq)]
pub struct LeafBox {
    pub lower: Vec<f64>,
    pub upper: Vec<f64>,
    pub class: usize,
}

impl LeafBox {
    fn holds(&self, z: &[f64]) -> bool {
        z.iter()
            .zip(self.lower.iter().zip(&self.upper))
            .all(|(&v, (&lo, &hi))| lo <= v && v < hi)
    }
}

/// The leaves of a fitted tree as boxes over `features` features.
pub fn leaf_boxes(root: &TreeNode<f64, usize>, features: usize) -> Vec<LeafBox> {
    let mut boxes = Vec::new();
    let mut lower = vec![f64::NEG_INFINITY; features];
    let mut upper = vec![f64::INFINITY; features];
    collect(root, &mut lower, &mut upper, &mut boxes);
    boxes
}

fn collect(
    node: &TreeNode<f64, usize>,
    lower: &mut [f64],
    upper: &mut [f64],
    boxes: &mut Vec<LeafBox>,
) {
    let children = node.children();
    match (node.is_leaf(), children[0], children[1]) {
        (false, Some(left), Some(right)) => {
            let (feature, threshold, _) = node.split();
            let kept = upper[feature];
            upper[feature] = kept.min(threshold);
            collect(left, lower, upper, boxes);
            upper[feature] = kept;
            let kept = lower[feature];
            lower[feature] = kept.max(threshold);
            collect(right, lower, upper, boxes);
            lower[feature] = kept;
        }
        _ => boxes.push(LeafBox {
            lower: lower.to_vec(),
            upper: upper.to_vec(),
            class: node.prediction().unwrap_or(0),
        }),
    }
}

/// The class the tree gives `z`: the class of the box that holds it.
pub fn class_of(boxes: &[LeafBox], z: &[f64]) -> Option<usize> {
    boxes.iter().find(|b| b.holds(z)).map(|b| b.class)
}

/// The L∞ distance from `z` to the reachable part of `leaf`, `None` when no change the
/// constraints allow reaches it.
fn distance(leaf: &LeafBox, z: &[f64], c: &Constraints) -> Option<f64> {
    let mut worst: f64 = 0.0;
    for (j, &v) in z.iter().enumerate() {
        let low = leaf.lower[j].max(c.min[j]);
        // The box's upper cut is open; the training maximum is a closed bound.
        let (high, open) = if leaf.upper[j] <= c.max[j] {
            (leaf.upper[j], true)
        } else {
            (c.max[j], false)
        };
        if low > high || (low == high && open) {
            return None;
        }
        let d = if v < low {
            low - v
        } else if v > high || (v == high && open) {
            v - high
        } else {
            0.0
        };
        if d > 0.0 && c.immutable[j] {
            return None;
        }
        worst = worst.max(d);
    }
    Some(worst)
}

/// The smallest L∞ change that moves `z` into a leaf of another class (the infimum),
/// `None` when the constraints make it impossible.
pub fn minimal_flip(
    boxes: &[LeafBox],
    z: &[f64],
    c: &Constraints,
) -> Result<Option<f64>, AttackError> {
    let f = z.len();
    if c.min.len() != f || c.max.len() != f || c.immutable.len() != f {
        return Err(AttackError::Setup(format!(
            "the row has {f} features but the constraints do not"
        )));
    }
    let Some(class) = class_of(boxes, z) else {
        return Err(AttackError::Setup(
            "no leaf of the tree holds the row".to_string(),
        ));
    };
    Ok(boxes
        .iter()
        .filter(|b| b.class != class)
        .filter_map(|b| distance(b, z, c))
        .min_by(f64::total_cmp))
}

/// The robustness curve of a tree's decisions on `rows`: the share flipped by a change
/// of L∞ size at most each budget. Non-decreasing in the budget by construction.
pub fn robustness_curve(
    boxes: &[LeafBox],
    rows: &Array2<f64>,
    c: &Constraints,
    budgets: &[f64],
) -> Result<Vec<CurvePoint>, AttackError> {
    let mut needed = Vec::with_capacity(rows.nrows());
    for row in rows.rows() {
        needed.push(minimal_flip(boxes, &row.to_vec(), c)?);
    }
    curve(&needed, budgets)
}

/// Fits a decision tree (grown to `max_depth`, or to pure leaves) on a two-class
/// dataset's standardised training rows (25 % held out, drawn with `seed`) and computes
/// the robustness curve of its held-out decisions, with the training ranges as bounds
/// and `immutable` model inputs or text columns left alone.
pub fn tree_robustness(
    data: &str,
    target: Option<&str>,
    seed: u64,
    max_depth: Option<usize>,
    immutable: &[&str],
    budgets: &[f64],
) -> Result<Vec<CurvePoint>, AttackError> {
    let (prepared, y) = two_classes(data, target, seed, ModelKind::Tree)?;
    let tree = DecisionTree::params()
        .max_depth(max_depth)
        .fit(&Dataset::new(prepared.train.x.clone(), y))
        .map_err(|e| AttackError::Setup(format!("the tree could not be fitted: {e}")))?;
    let boxes = leaf_boxes(tree.root_node(), prepared.train.x.ncols());
    let mut c = Constraints::from_training(&prepared.train.x);
    c.immutable = immutable_features(&prepared.features, immutable)?;
    robustness_curve(&boxes, &prepared.test.x, &c, budgets)
}

/// Whether every row of `x` lands in a box of the class linfa's tree predicts for it.
pub fn boxes_agree_with(
    tree: &DecisionTree<f64, usize>,
    boxes: &[LeafBox],
    x: &Array2<f64>,
) -> bool {
    let predicted = tree.predict(x);
    x.rows()
        .into_iter()
        .zip(predicted.iter())
        .all(|(row, &p): (ArrayView1<f64>, &usize)| class_of(boxes, &row.to_vec()) == Some(p))
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::{Array1, array};

    fn free(n: usize) -> Constraints {
        Constraints {
            min: vec![-10.0; n],
            max: vec![10.0; n],
            immutable: vec![false; n],
        }
    }

    /// Class 1 when x0 ≥ 0 and x1 ≥ 2; class 0 elsewhere (three leaves).
    fn boxes() -> Vec<LeafBox> {
        let inf = f64::INFINITY;
        vec![
            LeafBox {
                lower: vec![-inf, -inf],
                upper: vec![0.0, inf],
                class: 0,
            },
            LeafBox {
                lower: vec![0.0, -inf],
                upper: vec![inf, 2.0],
                class: 0,
            },
            LeafBox {
                lower: vec![0.0, 2.0],
                upper: vec![inf, inf],
                class: 1,
            },
        ]
    }

    fn close(a: Option<f64>, b: f64) {
        let a = a.expect("a flip");
        assert!((a - b).abs() < 1e-12, "{a} vs {b}");
    }

    #[test]
    fn minimal_flips_by_hand() {
        let b = boxes();
        // (−1, 0) must gain 1 in x0 and 2 in x1 at once: L∞ 2.
        close(minimal_flip(&b, &[-1.0, 0.0], &free(2)).unwrap(), 2.0);
        // (−0.5, 3) only needs x0 up by 0.5.
        close(minimal_flip(&b, &[-0.5, 3.0], &free(2)).unwrap(), 0.5);
        // A class 1 row leaves through the nearer open cut: (1, 2.25) is 0.25 above x1 = 2.
        close(minimal_flip(&b, &[1.0, 2.25], &free(2)).unwrap(), 0.25);
        // x1 immutable: (−0.5, 0) cannot reach x1 ≥ 2.
        let mut c = free(2);
        c.immutable[1] = true;
        assert_eq!(minimal_flip(&b, &[-0.5, 0.0], &c).unwrap(), None);
        // x1 may not exceed 1.5 (its training maximum): class 1 is out of reach.
        let mut c = free(2);
        c.max[1] = 1.5;
        assert_eq!(minimal_flip(&b, &[-0.5, 0.0], &c).unwrap(), None);
        // x1 may go up to 2 exactly: the closed bound meets the box's closed lower cut.
        let mut c = free(2);
        c.max[1] = 2.0;
        close(minimal_flip(&b, &[-0.5, 0.0], &c).unwrap(), 2.0);
        assert!(minimal_flip(&b, &[1.0], &free(2)).is_err());
    }

    #[test]
    fn the_boxes_of_a_fitted_tree_give_its_predictions() {
        let x = array![
            [0.0, 0.0],
            [0.1, 3.0],
            [1.0, 0.5],
            [1.2, 2.5],
            [2.0, 3.5],
            [2.2, 0.1],
            [3.0, 2.9],
            [-1.0, 2.0]
        ];
        let y: Array1<usize> = array![0, 0, 0, 1, 1, 0, 1, 0];
        let tree = DecisionTree::params()
            .fit(&Dataset::new(x.clone(), y))
            .unwrap();
        let b = leaf_boxes(tree.root_node(), 2);
        assert_eq!(b.len(), tree.num_leaves());
        let grid = Array2::from_shape_fn((121, 2), |(i, j)| {
            if j == 0 {
                -1.5 + 0.4 * (i % 11) as f64
            } else {
                -0.5 + 0.4 * (i / 11) as f64
            }
        });
        assert!(boxes_agree_with(&tree, &b, &x));
        assert!(boxes_agree_with(&tree, &b, &grid));
        // A flip found by the boxes really flips the tree, just past the budget.
        let c = free(2);
        for row in grid.rows() {
            let z = row.to_vec();
            if let Some(budget) = minimal_flip(&b, &z, &c).unwrap() {
                let before = class_of(&b, &z).unwrap();
                let target = b
                    .iter()
                    .filter(|l| l.class != before)
                    .find(|l| distance(l, &z, &c).is_some_and(|d| d == budget))
                    .unwrap();
                let moved: Vec<f64> = z
                    .iter()
                    .enumerate()
                    .map(|(j, &v)| {
                        if v < target.lower[j] {
                            target.lower[j]
                        } else if v >= target.upper[j] {
                            target.upper[j] - 1e-9
                        } else {
                            v
                        }
                    })
                    .collect();
                let moved = Array2::from_shape_vec((1, 2), moved).unwrap();
                assert_ne!(tree.predict(&moved)[0], before, "{z:?} by {budget}");
            }
        }
    }

    #[test]
    fn on_phishing_the_tree_flips_in_steps_at_its_cut_points() {
        let grid = [0.0, 0.1, 0.25, 0.5, 1.0, 1.5, 2.0, 3.0];
        let free = tree_robustness("phishing", None, 42, None, &[], &grid).unwrap();
        let locked = tree_robustness(
            "phishing",
            None,
            42,
            None,
            &["https", "age_of_domain"],
            &grid,
        )
        .unwrap();
        let logistic =
            super::super::evasion::logistic_robustness("phishing", None, 42, &[], &grid).unwrap();
        for curve in [&free, &locked] {
            for w in curve.windows(2) {
                assert!(w[1].flipped >= w[0].flipped, "{w:?}");
            }
        }
        for (a, b) in free.iter().zip(&locked) {
            assert!(b.flipped <= a.flipped, "{a:?} {b:?}");
        }
        // Phishing's features take the values −1, 0 and 1, so every cut lies halfway
        // between two of them: no change smaller than that flips a decision, where the
        // logistic model's smooth score already gives way (seed 42, 313 held-out rows).
        assert_eq!(free[3].flipped, 0, "{:?}", free[3]);
        assert!(logistic[3].share > 0.3, "{:?}", logistic[3]);
        assert!(free[4].share > 0.6, "{:?}", free[4]);
        assert_eq!(free[6].share, 1.0);
        // Printed with --nocapture; the docs quote them.
        println!(
            "tree   {:?}",
            free.iter().map(|p| p.share).collect::<Vec<_>>()
        );
        println!(
            "locked {:?}",
            locked.iter().map(|p| p.share).collect::<Vec<_>>()
        );
        println!(
            "logit  {:?}",
            logistic.iter().map(|p| p.share).collect::<Vec<_>>()
        );
        assert!(tree_robustness("phishing", None, 42, None, &["nope"], &grid).is_err());
        assert!(tree_robustness("iris", None, 42, None, &[], &grid).is_err());
    }
}
