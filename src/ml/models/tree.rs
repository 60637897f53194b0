//! Decision tree (linfa-trees, Gini, grown until pure like scikit-learn's default).
//!
//! Determinism: linfa picks a leaf's class by iterating a `HashMap`, whose order differs
//! between processes, so ties between classes would go to a random class (linfa.md §6.6).
//! Every training row therefore gets a tiny class-dependent weight: 1 + 2⁻¹³ for the
//! positive class, 1 for the other, which breaks such ties towards the positive class
//! (as the score threshold 0.5 does) in every process. The weights are dyadic, so the
//! weight sums linfa forms are exact for fewer than 2048 rows.
//!
//! More than two classes: linfa also sums each node's Gini terms in `HashMap` order.
//! With two classes that sum is a single commutative addition, but with three or more
//! its rounding depends on the order, and splits that tie exactly (common with discrete
//! features) then go to a process-dependent feature: measured on digits, 5 of 8 seeds
//! gave different trees in different processes, on wine 1 of 61. So a target with K > 2
//! classes is fitted as K one-vs-rest two-class trees, each deterministic as above; a
//! row's class scores are the trees' positive leaf shares, normalised to sum to 1, and
//! the first largest wins.
//!
//! Scores: linfa has no `predict_proba`. The score of a test row is the class share of
//! the *training* rows that reach its leaf (scikit-learn's `predict_proba` for a tree),
//! computed here by routing the training rows through the fitted tree with linfa's own
//! rule (`x[feature] < split` goes left). A tree grown until pure mostly gives 0 or 1.

use linfa::Dataset;
use linfa::traits::{Fit, Predict};
use linfa_trees::{DecisionTree, TreeNode};
use ndarray::{Array1, Array2, ArrayView1};

use super::{ClassifierRun, ScoreKind, TrainError};

const TIE_WEIGHT_STEP: f32 = 1.0 / 8192.0;

/// The deepest a tree may grow. linfa grows a tree by recursion, one stack frame per
/// level, so an unbounded depth can overflow the stack on adversarial data (rows that
/// peel off one at a time). Real trees on the bundled datasets stay below 25; a tree
/// that reaches this depth gets a warning, since its deepest leaves may be impure.
pub const MAX_DEPTH: usize = 64;

/// The tie-breaking weight of each of two classes (see the module documentation).
pub fn class_weights(positive: usize) -> [f32; 2] {
    let mut weights = [1.0; 2];
    weights[positive] += TIE_WEIGHT_STEP;
    weights
}

pub fn fit_predict(
    x: &Array2<f64>,
    y: &Array1<usize>,
    test_x: &Array2<f64>,
    n_classes: usize,
    positive: Option<usize>,
) -> Result<ClassifierRun, TrainError> {
    if n_classes == 2 {
        let fitted = FittedTree::fit(x, y, class_weights(positive.unwrap_or(1)))?;
        let predicted: Array1<usize> = fitted.tree.predict(test_x);
        let warnings = depth_warning(fitted.tree.max_depth());
        let mut scores = Array2::zeros((test_x.nrows(), 2));
        for (i, row) in test_x.rows().into_iter().enumerate() {
            for (k, share) in fitted.shares(row).into_iter().enumerate() {
                scores[[i, k]] = share;
            }
        }
        return Ok(ClassifierRun {
            predicted: predicted.to_vec(),
            scores,
            score_kind: ScoreKind::LeafFraction,
            warnings,
            notes: vec![fitted.describe()],
            clusters: None,
        });
    }
    // One-vs-rest: one two-class tree per class (see the module documentation).
    let mut trees = Vec::with_capacity(n_classes);
    for class in 0..n_classes {
        let is_class: Array1<usize> = y.mapv(|c| usize::from(c == class));
        trees.push(FittedTree::fit(x, &is_class, class_weights(1))?);
    }
    let mut scores = Array2::zeros((test_x.nrows(), n_classes));
    for (i, row) in test_x.rows().into_iter().enumerate() {
        let raw: Vec<f64> = trees.iter().map(|t| t.shares(row)[1]).collect();
        let total: f64 = raw.iter().sum();
        for (k, r) in raw.iter().enumerate() {
            scores[[i, k]] = if total > 0.0 {
                r / total
            } else {
                1.0 / n_classes as f64
            };
        }
    }
    let depth = trees.iter().map(|t| t.tree.max_depth()).max().unwrap_or(0);
    let leaves: usize = trees.iter().map(|t| t.tree.num_leaves()).sum();
    Ok(ClassifierRun {
        predicted: super::argmax_rows(&scores),
        scores,
        score_kind: ScoreKind::LeafFraction,
        warnings: depth_warning(depth),
        notes: vec![format!(
            "{n_classes} one-vs-rest trees, depth up to {depth}, {leaves} leaves in all"
        )],
        clusters: None,
    })
}

/// A warning when a tree stopped at [`MAX_DEPTH`] rather than at pure leaves.
fn depth_warning(depth: usize) -> Vec<String> {
    if depth < MAX_DEPTH {
        return Vec::new();
    }
    vec![format!(
        "the decision tree stopped growing at the depth limit of {MAX_DEPTH}; its deepest \
         leaves may still mix classes"
    )]
}

/// A fitted linfa tree with the class counts of the training rows in each leaf.
struct FittedTree {
    tree: DecisionTree<f64, usize>,
    flat: FlatTree,
    counts: Vec<Vec<usize>>,
}

impl FittedTree {
    fn fit(
        x: &Array2<f64>,
        y: &Array1<usize>,
        by_class: [f32; 2],
    ) -> Result<FittedTree, TrainError> {
        let weights: Array1<f32> = y.iter().map(|&c| by_class[c]).collect();
        let dataset = Dataset::new(x.clone(), y.clone()).with_weights(weights);
        let tree = DecisionTree::params()
            .max_depth(Some(MAX_DEPTH))
            .fit(&dataset)
            .map_err(|e| TrainError::Fit {
                model: "decision tree",
                message: e.to_string(),
            })?;
        let flat = FlatTree::from(tree.root_node());
        let mut counts = vec![vec![0usize; by_class.len()]; flat.n_leaves];
        for (row, &class) in x.rows().into_iter().zip(y) {
            counts[flat.leaf_of(row)][class] += 1;
        }
        Ok(FittedTree { tree, flat, counts })
    }

    /// The class shares of the training rows in the leaf this row reaches.
    fn shares(&self, row: ArrayView1<f64>) -> Vec<f64> {
        let leaf = &self.counts[self.flat.leaf_of(row)];
        let total: usize = leaf.iter().sum();
        // A leaf always holds training rows; the guard only avoids 0/0.
        leaf.iter()
            .map(|&c| {
                if total == 0 {
                    0.0
                } else {
                    c as f64 / total as f64
                }
            })
            .collect()
    }

    fn describe(&self) -> String {
        format!(
            "tree depth {}, {} leaves",
            self.tree.max_depth(),
            self.tree.num_leaves()
        )
    }
}

/// The fitted tree copied into a flat array, to route rows to leaf numbers.
struct FlatTree {
    nodes: Vec<FlatNode>,
    n_leaves: usize,
}

enum FlatNode {
    Leaf(usize),
    Split {
        feature: usize,
        threshold: f64,
        left: usize,
        right: usize,
    },
}

impl FlatTree {
    fn from(root: &TreeNode<f64, usize>) -> FlatTree {
        let mut flat = FlatTree {
            nodes: Vec::new(),
            n_leaves: 0,
        };
        flat.add(root);
        flat
    }

    fn add(&mut self, node: &TreeNode<f64, usize>) -> usize {
        let at = self.nodes.len();
        let children = node.children();
        match (node.is_leaf(), children[0], children[1]) {
            (false, Some(left), Some(right)) => {
                let (feature, threshold, _) = node.split();
                self.nodes.push(FlatNode::Leaf(usize::MAX)); // placeholder, replaced below
                let left = self.add(left);
                let right = self.add(right);
                self.nodes[at] = FlatNode::Split {
                    feature,
                    threshold,
                    left,
                    right,
                };
            }
            _ => {
                self.nodes.push(FlatNode::Leaf(self.n_leaves));
                self.n_leaves += 1;
            }
        }
        at
    }

    fn leaf_of(&self, row: ArrayView1<f64>) -> usize {
        let mut at = 0;
        loop {
            match self.nodes[at] {
                FlatNode::Leaf(id) => return id,
                FlatNode::Split {
                    feature,
                    threshold,
                    left,
                    right,
                } => {
                    at = if row[feature] < threshold {
                        left
                    } else {
                        right
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn weights_prefer_the_positive_class() {
        assert_eq!(class_weights(0), [1.0 + TIE_WEIGHT_STEP, 1.0]);
        assert_eq!(class_weights(1), [1.0, 1.0 + TIE_WEIGHT_STEP]);
    }

    #[test]
    fn more_classes_use_one_tree_per_class() {
        let x = array![[0.0], [0.1], [5.0], [5.1], [9.0], [9.1]];
        let y = array![0, 0, 1, 1, 2, 2];
        let run = fit_predict(&x, &y, &array![[0.05], [5.05], [9.05]], 3, None).unwrap();
        assert_eq!(run.predicted, vec![0, 1, 2]);
        for row in run.scores.rows() {
            assert!((row.sum() - 1.0).abs() < 1e-12);
        }
        assert_eq!(
            run.notes,
            vec!["3 one-vs-rest trees, depth up to 2, 7 leaves in all"]
        );
    }

    #[test]
    fn a_tied_leaf_goes_to_the_positive_class_and_scores_one_half() {
        // Two identical rows with different labels cannot be split: one tied leaf.
        // The other rows belong to the negative class, so the split is not pruned away.
        let x = array![[0.0], [0.0], [5.0], [5.0], [5.0]];
        for positive in [0, 1] {
            let negative = 1 - positive;
            let y = array![0, 1, negative, negative, negative];
            let run = fit_predict(&x, &y, &array![[0.0], [5.0]], 2, Some(positive)).unwrap();
            assert_eq!(run.predicted, vec![positive, negative]);
            assert_eq!(run.scores.row(0).to_vec(), vec![0.5, 0.5]);
            assert_eq!(run.scores[[1, negative]], 1.0);
        }
    }

    #[test]
    fn leaf_shares_come_from_the_training_rows() {
        let x = array![[1.0], [2.0], [3.0], [10.0], [11.0], [12.0]];
        let y = array![0, 0, 0, 1, 1, 1];
        let run = fit_predict(&x, &y, &array![[0.0], [20.0]], 2, Some(1)).unwrap();
        assert_eq!(run.predicted, vec![0, 1]);
        assert_eq!(run.scores, array![[1.0, 0.0], [0.0, 1.0]]);
        assert_eq!(run.notes, vec!["tree depth 1, 2 leaves"]);
    }
}
