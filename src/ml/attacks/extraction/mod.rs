//! Model extraction through a prediction API (Tramèr, Zhang, Juels, Reiter & Ristenpart,
//! 2016, "Stealing Machine Learning Models via Prediction APIs", USENIX Security).
//!
//! A victim model sits behind an [`Oracle`]: the attacker sends feature rows in the
//! victim's input space and gets back labels, or labels and positive-class scores. The
//! attacker draws its query rows itself, uniformly within each feature's [min, max] as
//! seen in a small public sample, and fits a surrogate on the answers:
//!
//! - **labels only**: logistic regression (as `train --model logistic` fits it) on the
//!   returned labels;
//! - **labels and scores**: least squares on the logit of each score. A logistic victim
//!   has logit(p) = w·x + b exactly, so d + 1 independent queries of a d-feature victim
//!   give d + 1 linear equations in its d + 1 unknowns: the equation-solving attack of
//!   Tramèr et al.
//!
//! The curve reports, for each query budget, the share of fresh rows (held-out rows the
//! victim never trained on and the attacker never saw) on which the surrogate's label
//! equals the victim's. The victim's weights never leave this module: the attacker's
//! functions take a `&dyn Oracle` and the attacker's own rows, nothing else.

use std::cell::Cell;

use ndarray::{Array1, Array2, Axis, s};
use rand::Rng;
use rand_xoshiro::Xoshiro256PlusPlus;
use rand_xoshiro::rand_core::SeedableRng;

use super::AttackError;
use super::evasion::LinearModel;
use super::membership::CLIP;
use crate::ml::data::{Standardiser, Targets, shuffle};
use crate::ml::models::{self, ModelKind, TrainSpec};

/// The query budgets of the default curve.
pub const DEFAULT_BUDGETS: [usize; 7] = [10, 20, 50, 100, 200, 500, 1000];
/// Held-out rows the attacker may see (only their per-feature ranges are used); the
/// rest of the held-out rows are the evaluation rows.
pub const PUBLIC_ROWS: usize = 50;
/// The ridge added to the least-squares system. It keeps the system solvable when there
/// are fewer queries than unknowns (it then tends to the minimum-norm solution) or when
/// a feature is constant; on standardised queries its bias is of order 1e-9.
const RIDGE: f64 = 1e-9;

/// What a prediction API returns for a batch of rows.
#[derive(Debug, Clone, PartialEq)]
pub struct Answers {
    /// The predicted class of each row: `true` for the positive class.
    pub labels: Vec<bool>,
    /// P(positive class) of each row, when the API returns scores.
    pub scores: Option<Vec<f64>>,
}

/// The only door to the victim: rows in, answers out.
pub trait Oracle {
    /// How many features a query row must have.
    fn features(&self) -> usize;
    /// Answers one batch of query rows (one row per query).
    fn query(&self, rows: &Array2<f64>) -> Result<Answers, AttackError>;
}

/// A logistic model on the victim's input features. Its parameters are private, so code
/// outside this module reaches it only through a [`PredictionApi`].
#[derive(Debug, Clone, PartialEq)]
pub struct Victim {
    model: LinearModel,
}

impl Victim {
    /// A victim with known parameters: P(positive) = σ(w·x + b).
    pub fn from_linear(model: LinearModel) -> Victim {
        Victim { model }
    }

    /// The logistic model `train --model logistic` fits on standardised features,
    /// rewritten on the raw features so that it answers raw rows: w_raw = w / scale,
    /// b_raw = b − Σ w·mean / scale.
    fn from_standardised(weights: &Array1<f64>, intercept: f64, scaler: &Standardiser) -> Victim {
        Victim {
            model: unstandardise(weights, intercept, scaler),
        }
    }

    fn features(&self) -> usize {
        self.model.weights.len()
    }

    fn score(&self, row: &[f64]) -> f64 {
        sigmoid(self.model.decision(row))
    }

    /// The victim's labels for the referee (not a query: nothing is counted).
    fn labels(&self, rows: &Array2<f64>) -> Vec<bool> {
        rows.rows()
            .into_iter()
            .map(|r| self.model.decision(&r.to_vec()) >= 0.0)
            .collect()
    }
}

/// A prediction API in front of a victim: labels only, or labels and scores, with an
/// optional cap on the number of rows it will ever answer (a rate limit over the
/// attacker's whole session).
#[derive(Debug)]
pub struct PredictionApi<'a> {
    victim: &'a Victim,
    returns_scores: bool,
    limit: Option<usize>,
    answered: Cell<usize>,
}

impl<'a> PredictionApi<'a> {
    pub fn new(victim: &'a Victim, returns_scores: bool) -> PredictionApi<'a> {
        PredictionApi {
            victim,
            returns_scores,
            limit: None,
            answered: Cell::new(0),
        }
    }

    /// Refuses any batch that would take the total number of rows answered above `limit`.
    pub fn with_limit(self, limit: usize) -> PredictionApi<'a> {
        PredictionApi {
            limit: Some(limit),
            ..self
        }
    }

    /// Rows answered so far.
    pub fn answered(&self) -> usize {
        self.answered.get()
    }
}

impl Oracle for PredictionApi<'_> {
    fn features(&self) -> usize {
        self.victim.features()
    }

    fn query(&self, rows: &Array2<f64>) -> Result<Answers, AttackError> {
        if rows.ncols() != self.features() {
            return Err(AttackError::Setup(format!(
                "the model takes {} features, the query rows have {}",
                self.features(),
                rows.ncols()
            )));
        }
        let asked = self.answered.get() + rows.nrows();
        if let Some(limit) = self.limit.filter(|&l| asked > l) {
            return Err(AttackError::Setup(format!(
                "rate limit: the API answers at most {limit} rows, {asked} were asked"
            )));
        }
        self.answered.set(asked);
        let scores: Vec<f64> = rows
            .rows()
            .into_iter()
            .map(|r| self.victim.score(&r.to_vec()))
            .collect();
        Ok(Answers {
            labels: self.victim.labels(rows),
            scores: self.returns_scores.then_some(scores),
        })
    }
}

/// What the attacker ends up with.
#[derive(Debug, Clone, PartialEq)]
pub enum Surrogate {
    /// A linear decision function on the victim's input features: positive when ≥ 0.
    Linear(LinearModel),
    /// Every answer was one class, so that class is all the attacker can predict.
    Constant(bool),
}

impl Surrogate {
    pub fn predict(&self, rows: &Array2<f64>) -> Vec<bool> {
        match self {
            Surrogate::Linear(m) => rows
                .rows()
                .into_iter()
                .map(|r| m.decision(&r.to_vec()) >= 0.0)
                .collect(),
            Surrogate::Constant(c) => vec![*c; rows.nrows()],
        }
    }
}

/// `n` query rows, each feature uniform on [min, max] of that feature in `public`.
/// Uniform draws cover the whole box, including corners the real data never reaches,
/// which is where a linear boundary's tilt shows; indicator features get values
/// between 0 and 1, which a linear model answers like any other number.
pub fn draw_queries(
    public: &Array2<f64>,
    n: usize,
    rng: &mut impl Rng,
) -> Result<Array2<f64>, AttackError> {
    if public.nrows() == 0 {
        return Err(AttackError::NoRows("public"));
    }
    if n == 0 {
        return Err(AttackError::Setup(
            "a query budget must be at least 1".to_string(),
        ));
    }
    let lo: Vec<f64> = public
        .axis_iter(Axis(1))
        .map(|c| c.fold(f64::INFINITY, |a, &b| a.min(b)))
        .collect();
    let hi: Vec<f64> = public
        .axis_iter(Axis(1))
        .map(|c| c.fold(f64::NEG_INFINITY, |a, &b| a.max(b)))
        .collect();
    Ok(Array2::from_shape_fn((n, public.ncols()), |(_, j)| {
        lo[j] + (hi[j] - lo[j]) * rng.r#gen::<f64>()
    }))
}

/// The labels-only surrogate: logistic regression (L2, C = 1, as `train` fits it) on the
/// queries standardised with their own mean and standard deviation.
pub fn fit_to_labels(queries: &Array2<f64>, labels: &[bool]) -> Result<Surrogate, AttackError> {
    check_answers(queries, labels.len())?;
    let positives = labels.iter().filter(|&&l| l).count();
    if positives == 0 || positives == labels.len() {
        return Ok(Surrogate::Constant(positives > 0));
    }
    let scaler = Standardiser::fit(queries);
    let y: Array1<usize> = labels.iter().map(|&l| usize::from(l)).collect();
    let (w, b) = models::logistic_coefficients(&scaler.transform(queries), &y)?;
    Ok(Surrogate::Linear(unstandardise(&w, b, &scaler)))
}

/// The labels-and-scores surrogate: least squares of logit(score) on the queries (scores
/// clipped to [1e-15, 1 − 1e-15] first, the clip of the membership attack, so that a
/// saturated 0 or 1 gives a large finite logit). Exact for a logistic victim once the
/// queries with an intercept column have full rank d + 1.
pub fn fit_to_scores(queries: &Array2<f64>, scores: &[f64]) -> Result<Surrogate, AttackError> {
    check_answers(queries, scores.len())?;
    if let Some((index, &value)) = scores
        .iter()
        .enumerate()
        .find(|(_, p)| !(0.0..=1.0).contains(*p))
    {
        return Err(AttackError::BadProbability {
            what: "answer",
            index,
            value,
        });
    }
    let scaler = Standardiser::fit(queries);
    let z = scaler.transform(queries);
    let (n, d) = z.dim();
    let mut a = Array2::ones((n, d + 1));
    a.slice_mut(s![.., ..d]).assign(&z);
    let t: Array1<f64> = scores
        .iter()
        .map(|&p| {
            let p = p.clamp(CLIP, 1.0 - CLIP);
            (p / (1.0 - p)).ln()
        })
        .collect();
    let theta = ridge_least_squares(&a, &t)?;
    let w = theta.slice(s![..d]).to_owned();
    Ok(Surrogate::Linear(unstandardise(&w, theta[d], &scaler)))
}

fn check_answers(queries: &Array2<f64>, answers: usize) -> Result<(), AttackError> {
    if queries.nrows() == 0 {
        return Err(AttackError::NoRows("query"));
    }
    if answers != queries.nrows() {
        return Err(AttackError::Setup(format!(
            "{} query rows but {answers} answers",
            queries.nrows()
        )));
    }
    Ok(())
}

/// argmin ‖Aθ − t‖² + RIDGE·‖θ‖², through whichever Gram matrix is smaller: AᵀA when
/// there are at least as many rows as unknowns, else AAᵀ (θ = Aᵀα with
/// (AAᵀ + RIDGE·I)α = t, the same minimiser).
fn ridge_least_squares(a: &Array2<f64>, t: &Array1<f64>) -> Result<Array1<f64>, AttackError> {
    let (n, p) = a.dim();
    if n >= p {
        let gram = a.t().dot(a) + Array2::<f64>::eye(p) * RIDGE;
        cholesky_solve(gram, a.t().dot(t))
    } else {
        let gram = a.dot(&a.t()) + Array2::<f64>::eye(n) * RIDGE;
        Ok(a.t().dot(&cholesky_solve(gram, t.clone())?))
    }
}

/// Solves M x = v for a symmetric positive definite M (Cholesky, M = LLᵀ).
fn cholesky_solve(mut m: Array2<f64>, mut v: Array1<f64>) -> Result<Array1<f64>, AttackError> {
    let n = m.nrows();
    // L overwrites the lower triangle of m.
    for j in 0..n {
        let d = m[[j, j]] - (0..j).map(|k| m[[j, k]] * m[[j, k]]).sum::<f64>();
        if !(d > 0.0 && d.is_finite()) {
            return Err(AttackError::Setup(
                "the least-squares system is singular or not finite".to_string(),
            ));
        }
        let d = d.sqrt();
        m[[j, j]] = d;
        for i in j + 1..n {
            let off = m[[i, j]] - (0..j).map(|k| m[[i, k]] * m[[j, k]]).sum::<f64>();
            m[[i, j]] = off / d;
        }
    }
    for i in 0..n {
        v[i] = (v[i] - (0..i).map(|k| m[[i, k]] * v[k]).sum::<f64>()) / m[[i, i]];
    }
    for i in (0..n).rev() {
        v[i] = (v[i] - (i + 1..n).map(|k| m[[k, i]] * v[k]).sum::<f64>()) / m[[i, i]];
    }
    Ok(v)
}

/// A decision function on standardised features, rewritten on the raw features.
fn unstandardise(weights: &Array1<f64>, intercept: f64, scaler: &Standardiser) -> LinearModel {
    let raw: Vec<f64> = weights
        .iter()
        .zip(&scaler.scale)
        .map(|(w, s)| w / s)
        .collect();
    let shift: f64 = raw.iter().zip(&scaler.mean).map(|(w, m)| w * m).sum();
    LinearModel {
        weights: raw,
        intercept: intercept - shift,
    }
}

fn sigmoid(z: f64) -> f64 {
    1.0 / (1.0 + (-z).exp())
}

/// Agreement of the two surrogates with the victim after `queries` queries.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ExtractionPoint {
    pub queries: usize,
    /// Share of evaluation rows where the labels-only surrogate agrees with the victim.
    pub agreement_labels: f64,
    /// The same for the surrogate fitted to labels and scores.
    pub agreement_scores: f64,
}

/// The extraction curve of one victim.
#[derive(Debug, Clone, PartialEq)]
pub struct ExtractionCurve {
    pub dataset: String,
    pub seed: u64,
    /// Model inputs (d): the scores attack needs d + 1 queries.
    pub features: usize,
    pub public_rows: usize,
    pub evaluation_rows: usize,
    /// The victim's accuracy against the true labels of the evaluation rows.
    pub victim_accuracy: f64,
    pub points: Vec<ExtractionPoint>,
}

fn share_equal(a: &[bool], b: &[bool]) -> f64 {
    a.iter().zip(b).filter(|(x, y)| x == y).count() as f64 / a.len() as f64
}

/// Runs both attacks against `victim` for each budget. The attacker draws one stream of
/// max(budgets) query rows (seeded with `seed`) and the surrogate for budget b is fitted
/// on its first b rows, so a larger budget only adds queries (common random numbers):
/// differences along the curve come from the budget, not from a new draw.
pub fn extraction_curve(
    victim: &Victim,
    public: &Array2<f64>,
    evaluation: &Array2<f64>,
    budgets: &[usize],
    seed: u64,
) -> Result<Vec<ExtractionPoint>, AttackError> {
    if evaluation.nrows() == 0 {
        return Err(AttackError::NoRows("evaluation"));
    }
    if budgets.is_empty() || budgets.contains(&0) {
        return Err(AttackError::Setup(
            "every query budget must be at least 1, and there must be one".to_string(),
        ));
    }
    for rows in [public, evaluation] {
        if rows.ncols() != victim.features() {
            return Err(AttackError::Setup(format!(
                "the victim takes {} features, the rows have {}",
                victim.features(),
                rows.ncols()
            )));
        }
    }
    let most = *budgets.iter().max().expect("budgets is not empty");
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
    let queries = draw_queries(public, most, &mut rng)?;
    let labels_only = PredictionApi::new(victim, false).query(&queries)?;
    let with_scores = PredictionApi::new(victim, true).query(&queries)?;
    let scores = with_scores
        .scores
        .expect("the API was asked to return scores");
    let truth = victim.labels(evaluation);
    budgets
        .iter()
        .map(|&b| {
            let q = queries.slice(s![..b, ..]).to_owned();
            let by_labels = fit_to_labels(&q, &labels_only.labels[..b])?;
            let by_scores = fit_to_scores(&q, &scores[..b])?;
            Ok(ExtractionPoint {
                queries: b,
                agreement_labels: share_equal(&by_labels.predict(evaluation), &truth),
                agreement_scores: share_equal(&by_scores.predict(evaluation), &truth),
            })
        })
        .collect()
}

/// Fits the victim as `train --model logistic` does on a two-class dataset's training
/// rows (25 % held out, split with `seed`), shuffles the held-out rows with `seed`, gives
/// the first [`PUBLIC_ROWS`] of them to the attacker as its public sample and keeps the
/// rest as evaluation rows, then draws the extraction curve.
pub fn logistic_extraction(
    data: &str,
    target: Option<&str>,
    seed: u64,
    budgets: &[usize],
) -> Result<ExtractionCurve, AttackError> {
    let mut spec = TrainSpec::new(data, ModelKind::Logistic);
    spec.target = target.map(str::to_string);
    spec.seed = seed;
    let prepared = models::prepare(&spec)?;
    let (Targets::Classes(y), Targets::Classes(test_y)) = (&prepared.train.y, &prepared.test.y)
    else {
        return Err(AttackError::Setup(
            "extraction needs a class target".to_string(),
        ));
    };
    if prepared.classes.len() != 2 {
        return Err(AttackError::Setup(format!(
            "extraction of a logistic model needs two classes, '{}' has {}",
            prepared.target,
            prepared.classes.len()
        )));
    }
    let held_out = prepared.test.raw_x.nrows();
    if held_out <= PUBLIC_ROWS {
        return Err(AttackError::Setup(format!(
            "extraction needs more than {PUBLIC_ROWS} held-out rows, there are {held_out}"
        )));
    }
    let (w, b) = models::logistic_coefficients(&prepared.train.x, y)?;
    let victim = Victim::from_standardised(&w, b, &prepared.scaler);
    let mut order: Vec<usize> = (0..held_out).collect();
    // A stream apart from the query draws, which also start from `seed`.
    shuffle(&mut order, &mut Xoshiro256PlusPlus::seed_from_u64(!seed));
    let public = prepared.test.raw_x.select(Axis(0), &order[..PUBLIC_ROWS]);
    let evaluation = prepared.test.raw_x.select(Axis(0), &order[PUBLIC_ROWS..]);
    let truth: Vec<bool> = order[PUBLIC_ROWS..]
        .iter()
        .map(|&i| test_y[i] == 1)
        .collect();
    let points = extraction_curve(&victim, &public, &evaluation, budgets, seed)?;
    Ok(ExtractionCurve {
        dataset: prepared.dataset,
        seed,
        features: victim.features(),
        public_rows: PUBLIC_ROWS,
        evaluation_rows: evaluation.nrows(),
        victim_accuracy: share_equal(&victim.labels(&evaluation), &truth),
        points,
    })
}

#[cfg(test)]
mod tests;
