//! Spaced review of quiz items with FSRS v6 (the Free Spaced Repetition Scheduler).
//!
//! Every quiz step a learner answers becomes a card keyed `<lesson id>#<1-based step>`
//! in [`Progress::reviews`]. A card holds FSRS's memory state: stability `S` (days
//! until recall probability falls to 90 %) and difficulty `D` in [1, 10]. The formulas
//! and [`DEFAULT_PARAMETERS`] are FSRS v6's (`docs/skills.md` lists them).
//!
//! The scheduler is written here rather than taken from the `fsrs` crate: that crate
//! brings ndarray, rayon, rand, priority-queue and more for parameter optimisation,
//! which mlpath does not do, while scheduling with fixed parameters is a page of
//! arithmetic that is easy to test against hand-computed values.

use std::time::{Duration, SystemTime};

use crate::progress::{Progress, ReviewCard, step_key};

/// FSRS v6 default parameters `w0..w20`.
pub const DEFAULT_PARAMETERS: [f64; 21] = [
    0.212, 1.2931, 2.3065, 8.2956, 6.4133, 0.8334, 3.0194, 0.001, 1.8722, 0.1666, 0.796, 1.4835,
    0.0614, 0.2629, 1.6483, 0.6014, 1.8729, 0.5425, 0.0912, 0.0658, 0.1542,
];

/// The recall probability at which a card falls due.
pub const DESIRED_RETENTION: f64 = 0.9;

/// Stability is kept in [`MIN_STABILITY`, `MAX_STABILITY`] days so that a damaged
/// file cannot produce a zero division or an interval beyond a century.
pub const MIN_STABILITY: f64 = 0.001;
pub const MAX_STABILITY: f64 = 36_500.0;
/// Difficulty range.
const MIN_DIFFICULTY: f64 = 1.0;
const MAX_DIFFICULTY: f64 = 10.0;
/// Intervals are whole days, at least one.
const MIN_INTERVAL_DAYS: f64 = 1.0;

const SECONDS_PER_DAY: f64 = 86_400.0;

/// How well an item was recalled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Rating {
    Again = 1,
    Hard = 2,
    Good = 3,
    Easy = 4,
}

impl Rating {
    /// The rating of a quiz answer: wrong at the first try (or shown) = Again, right
    /// after hints = Hard, right without hints = Good. Quizzes never give Easy.
    pub fn from_quiz(correct_first_try: bool, hints_used: u32) -> Rating {
        match (correct_first_try, hints_used) {
            (false, _) => Rating::Again,
            (true, 0) => Rating::Good,
            (true, _) => Rating::Hard,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Rating::Again => "Again",
            Rating::Hard => "Hard",
            Rating::Good => "Good",
            Rating::Easy => "Easy",
        }
    }

    fn grade(self) -> f64 {
        self as u8 as f64
    }
}

/// The decay exponent `w20` and the factor `F = 0.9^(-1/w20) - 1` that make
/// `R(S, S) = 0.9`.
fn decay() -> f64 {
    DEFAULT_PARAMETERS[20]
}

fn factor() -> f64 {
    0.9f64.powf(-1.0 / decay()) - 1.0
}

/// Recall probability `R(t, S) = (1 + F·t/S)^(-w20)` after `days` since the last
/// review of an item with stability `stability`.
pub fn forgetting_curve(days: f64, stability: f64) -> f64 {
    let s = stability.clamp(MIN_STABILITY, MAX_STABILITY);
    (1.0 + factor() * days.max(0.0) / s).powf(-decay())
}

/// Days until recall probability falls to `retention`:
/// `I = (S/F)·(r^(-1/w20) - 1)`; equal to `S` at `r = 0.9`.
pub fn next_interval(stability: f64, retention: f64) -> f64 {
    let s = stability.clamp(MIN_STABILITY, MAX_STABILITY);
    s / factor() * (retention.powf(-1.0 / decay()) - 1.0)
}

/// `S0(G) = w[G-1]`.
pub fn initial_stability(rating: Rating) -> f64 {
    DEFAULT_PARAMETERS[rating as usize - 1]
}

/// `D0(G) = w4 - e^(w5·(G-1)) + 1`, unclamped (mean reversion uses `D0(Easy)` as is).
fn raw_initial_difficulty(rating: Rating) -> f64 {
    let w = &DEFAULT_PARAMETERS;
    w[4] - (w[5] * (rating.grade() - 1.0)).exp() + 1.0
}

/// The difficulty of a new card, `D0(G)` clamped to [1, 10].
pub fn initial_difficulty(rating: Rating) -> f64 {
    raw_initial_difficulty(rating).clamp(MIN_DIFFICULTY, MAX_DIFFICULTY)
}

/// `ΔD = -w6·(G-3)`, `D' = D + ΔD·(10-D)/9`, `D'' = w7·D0(Easy) + (1-w7)·D'`, in [1, 10].
pub fn next_difficulty(difficulty: f64, rating: Rating) -> f64 {
    let w = &DEFAULT_PARAMETERS;
    let delta = -w[6] * (rating.grade() - 3.0);
    let damped = difficulty + delta * (10.0 - difficulty) / 9.0;
    let reverted = w[7] * raw_initial_difficulty(Rating::Easy) + (1.0 - w[7]) * damped;
    reverted.clamp(MIN_DIFFICULTY, MAX_DIFFICULTY)
}

/// Stability after a successful review (Hard, Good or Easy) at recall probability `r`.
fn stability_after_recall(s: f64, d: f64, r: f64, rating: Rating) -> f64 {
    let w = &DEFAULT_PARAMETERS;
    let hard = if rating == Rating::Hard { w[15] } else { 1.0 };
    let easy = if rating == Rating::Easy { w[16] } else { 1.0 };
    s * (w[8].exp() * (11.0 - d) * s.powf(-w[9]) * ((w[10] * (1.0 - r)).exp() - 1.0) * hard * easy
        + 1.0)
}

/// Stability after a lapse (Again) at recall probability `r`.
fn stability_after_lapse(s: f64, d: f64, r: f64) -> f64 {
    let w = &DEFAULT_PARAMETERS;
    let lapse = w[11] * d.powf(-w[12]) * ((s + 1.0).powf(w[13]) - 1.0) * (w[14] * (1.0 - r)).exp();
    lapse.min(s / (w[17] * w[18]).exp())
}

/// Stability after a second review on the same day (less than a day after the last).
fn stability_same_day(s: f64, rating: Rating) -> f64 {
    let w = &DEFAULT_PARAMETERS;
    let next = s * (w[17] * (rating.grade() - 3.0 + w[18])).exp() * s.powf(-w[19]);
    if rating >= Rating::Hard {
        next.max(s)
    } else {
        next
    }
}

/// The whole days until a card with `stability` is due at [`DESIRED_RETENTION`].
pub fn interval_days(stability: f64) -> f64 {
    next_interval(stability, DESIRED_RETENTION)
        .round()
        .clamp(MIN_INTERVAL_DAYS, MAX_STABILITY)
}

fn format_time(t: SystemTime) -> String {
    humantime::format_rfc3339_seconds(t).to_string()
}

/// Parses an RFC 3339 timestamp as written in progress files.
pub fn parse_time(text: &str) -> Option<SystemTime> {
    humantime::parse_rfc3339_weak(text.trim()).ok()
}

fn due_after(now: SystemTime, stability: f64) -> String {
    let secs = interval_days(stability) * SECONDS_PER_DAY;
    format_time(now + Duration::from_secs_f64(secs))
}

/// A card for an item answered for the first time with `rating` at `now`.
pub fn new_card(rating: Rating, now: SystemTime) -> ReviewCard {
    let stability = initial_stability(rating);
    ReviewCard {
        stability,
        difficulty: initial_difficulty(rating),
        last_review: format_time(now),
        due: due_after(now, stability),
        reviews: 1,
        lapses: 0,
    }
}

/// Days from `since` to `now` (0 when `now` is earlier).
fn days_between(since: SystemTime, now: SystemTime) -> f64 {
    now.duration_since(since)
        .map(|d| d.as_secs_f64() / SECONDS_PER_DAY)
        .unwrap_or(0.0)
}

/// Whether a stored card's state can be used (a hand-edited file may hold anything).
fn usable(card: &ReviewCard) -> Option<SystemTime> {
    let last = parse_time(&card.last_review)?;
    (card.stability.is_finite() && card.stability > 0.0 && card.difficulty.is_finite())
        .then_some(last)
}

/// The card after a review with `rating` at `now`. A card whose state cannot be read
/// starts afresh, keeping its counts.
pub fn schedule(card: &ReviewCard, rating: Rating, now: SystemTime) -> ReviewCard {
    let Some(last) = usable(card) else {
        let mut fresh = new_card(rating, now);
        fresh.reviews = card.reviews.saturating_add(1);
        fresh.lapses = card.lapses;
        return fresh;
    };
    let s = card.stability.clamp(MIN_STABILITY, MAX_STABILITY);
    let d = card.difficulty.clamp(MIN_DIFFICULTY, MAX_DIFFICULTY);
    let elapsed = days_between(last, now);
    let r = forgetting_curve(elapsed, s);
    let stability = if elapsed < 1.0 {
        stability_same_day(s, rating)
    } else if rating == Rating::Again {
        stability_after_lapse(s, d, r)
    } else {
        stability_after_recall(s, d, r, rating)
    }
    .clamp(MIN_STABILITY, MAX_STABILITY);
    ReviewCard {
        stability,
        difficulty: next_difficulty(d, rating),
        last_review: format_time(now),
        due: due_after(now, stability),
        reviews: card.reviews.saturating_add(1),
        lapses: card.lapses + u32::from(rating == Rating::Again),
    }
}

/// The probability of recalling a card's item at `now`; `None` when the card's state
/// cannot be read.
pub fn retrievability(card: &ReviewCard, now: SystemTime) -> Option<f64> {
    let last = usable(card)?;
    Some(forgetting_curve(days_between(last, now), card.stability))
}

/// A review card that is due.
#[derive(Debug, Clone, PartialEq)]
pub struct DueItem {
    /// `<lesson id>#<1-based step>`.
    pub key: String,
    pub lesson: String,
    /// 0-based step index.
    pub step: usize,
    pub due: SystemTime,
    pub card: ReviewCard,
}

/// Splits a review key into the lesson id and the 0-based step index.
pub fn parse_key(key: &str) -> Option<(&str, usize)> {
    let (lesson, step) = key.rsplit_once('#')?;
    let step: usize = step.parse().ok()?;
    if lesson.is_empty() {
        return None;
    }
    Some((lesson, step.checked_sub(1)?))
}

/// Every card as an item, earliest due first (then by key). A card with an
/// unreadable due time counts as due long ago: asking once more repairs it.
pub fn items(progress: &Progress) -> Vec<DueItem> {
    let mut items: Vec<DueItem> = progress
        .reviews
        .iter()
        .filter_map(|(key, card)| {
            let (lesson, step) = parse_key(key)?;
            Some(DueItem {
                key: key.clone(),
                lesson: lesson.to_string(),
                step,
                due: parse_time(&card.due).unwrap_or(SystemTime::UNIX_EPOCH),
                card: card.clone(),
            })
        })
        .collect();
    items.sort_by(|a, b| a.due.cmp(&b.due).then_with(|| a.key.cmp(&b.key)));
    items
}

/// The cards due at `now` or earlier, earliest first (then by key).
pub fn due(progress: &Progress, now: SystemTime) -> Vec<DueItem> {
    let mut all = items(progress);
    all.retain(|i| i.due <= now);
    all
}

/// A quiz in a lesson was answered for the first time: its card starts with `rating`.
/// Later answers in the lesson (retries, a reveal) leave an existing card alone; the
/// review screen reschedules cards. Returns whether a card was created.
pub fn start_card(
    progress: &mut Progress,
    lesson: &str,
    step_index: usize,
    rating: Rating,
    now: SystemTime,
) -> bool {
    let key = step_key(lesson, step_index);
    if progress.reviews.contains_key(&key) {
        return false;
    }
    progress.reviews.insert(key, new_card(rating, now));
    true
}

/// A card was reviewed with `rating` at `now`; an unknown key starts a new card.
pub fn record_review(progress: &mut Progress, key: &str, rating: Rating, now: SystemTime) {
    let card = match progress.reviews.get(key) {
        Some(card) => schedule(card, rating, now),
        None => new_card(rating, now),
    };
    progress.reviews.insert(key.to_string(), card);
}

#[cfg(test)]
mod tests {
    use super::*;

    const T0: &str = "2026-03-01T09:00:00Z";

    fn t0() -> SystemTime {
        parse_time(T0).unwrap()
    }

    fn days(n: f64) -> Duration {
        Duration::from_secs_f64(n * SECONDS_PER_DAY)
    }

    fn close(a: f64, b: f64) {
        assert!((a - b).abs() < 1e-6, "{a} vs {b}");
    }

    #[test]
    fn first_review_stability_is_the_parameter_of_the_rating() {
        close(initial_stability(Rating::Again), 0.212);
        close(initial_stability(Rating::Hard), 1.2931);
        close(initial_stability(Rating::Good), 2.3065);
        close(initial_stability(Rating::Easy), 8.2956);
    }

    #[test]
    fn first_review_difficulty_by_hand() {
        // D0(G) = 6.4133 - e^(0.8334 (G-1)) + 1
        close(initial_difficulty(Rating::Again), 6.4133);
        close(initial_difficulty(Rating::Hard), 5.112_170_705_6);
        close(initial_difficulty(Rating::Good), 2.118_103_970_5);
        // 6.4133 - e^2.5002 + 1 = -4.77: clamped to 1.
        close(initial_difficulty(Rating::Easy), 1.0);
    }

    #[test]
    fn the_interval_at_90_percent_is_the_stability() {
        for s in [0.212, 1.0, 2.3065, 10.0, 365.0] {
            close(next_interval(s, 0.9), s);
            close(forgetting_curve(s, s), 0.9);
        }
        // Lower retention, longer interval: I(10, 0.8) = 33.1596 by hand.
        assert!((next_interval(10.0, 0.8) - 33.159_597_86).abs() < 1e-6);
        close(forgetting_curve(0.0, 3.0), 1.0);
        close(forgetting_curve(10.0, 5.0), 0.845_884_645_1);
    }

    #[test]
    fn a_new_card_is_due_after_its_rounded_interval() {
        let good = new_card(Rating::Good, t0());
        assert_eq!(good.last_review, T0);
        assert_eq!(good.due, "2026-03-03T09:00:00Z", "2.3065 days round to 2");
        assert_eq!((good.reviews, good.lapses), (1, 0));
        let again = new_card(Rating::Again, t0());
        assert_eq!(again.due, "2026-03-02T09:00:00Z", "at least one day");
        let easy = new_card(Rating::Easy, t0());
        assert_eq!(easy.due, "2026-03-09T09:00:00Z", "8.2956 days round to 8");
    }

    #[test]
    fn a_second_review_after_two_days_by_hand() {
        let card = new_card(Rating::Good, t0());
        let now = t0() + days(2.0);
        // R(2, 2.3065) = 0.909493
        close(retrievability(&card, now).unwrap(), 0.909_493_255_98);
        let good = schedule(&card, Rating::Good, now);
        close(good.stability, 10.964_332_335_8);
        close(good.difficulty, 2.111_214_235_8);
        assert_eq!(good.due, "2026-03-14T09:00:00Z", "11 days later");
        assert_eq!((good.reviews, good.lapses), (2, 0));

        let hard = schedule(&card, Rating::Hard, now);
        close(hard.stability, 7.513_320_366_8);
        close(hard.difficulty, 4.752_858_488_5);

        let easy = schedule(&card, Rating::Easy, now);
        close(easy.stability, 18.521_754_181_8);
        close(easy.difficulty, 1.0);

        let again = schedule(&card, Rating::Again, now);
        close(again.stability, 0.607_580_106_3);
        close(again.difficulty, 7.394_502_741_3);
        assert_eq!(again.lapses, 1);
        assert_eq!(again.due, "2026-03-04T09:00:00Z");
    }

    #[test]
    fn a_same_day_review_uses_the_short_term_formula() {
        let card = new_card(Rating::Good, t0());
        let now = t0() + days(0.25);
        // Good: S·e^(0.5425·0.0912)·S^(-0.0658) < S, so S stays.
        close(schedule(&card, Rating::Good, now).stability, 2.3065);
        close(
            schedule(&card, Rating::Again, now).stability,
            0.775_083_982_9,
        );
    }

    #[test]
    fn quiz_outcomes_map_to_ratings() {
        assert_eq!(Rating::from_quiz(true, 0), Rating::Good);
        assert_eq!(Rating::from_quiz(true, 2), Rating::Hard);
        assert_eq!(Rating::from_quiz(false, 0), Rating::Again);
        assert_eq!(Rating::from_quiz(false, 1), Rating::Again);
    }

    #[test]
    fn due_lists_cards_earliest_first_and_skips_future_ones() {
        let mut p = Progress::default();
        start_card(&mut p, "m/b", 1, Rating::Good, t0()); // due +2 d
        start_card(&mut p, "m/a", 3, Rating::Again, t0()); // due +1 d
        start_card(&mut p, "m/c", 0, Rating::Easy, t0()); // due +8 d
        assert!(due(&p, t0()).is_empty());
        let items = due(&p, t0() + days(3.0));
        let keys: Vec<_> = items.iter().map(|i| i.key.as_str()).collect();
        assert_eq!(keys, ["m/a#4", "m/b#2"]);
        assert_eq!((items[0].lesson.as_str(), items[0].step), ("m/a", 3));
    }

    #[test]
    fn a_lesson_answer_starts_a_card_once() {
        let mut p = Progress::default();
        assert!(start_card(&mut p, "m/a", 0, Rating::Again, t0()));
        assert!(!start_card(&mut p, "m/a", 0, Rating::Good, t0()));
        close(p.reviews["m/a#1"].stability, 0.212);
        record_review(&mut p, "m/a#1", Rating::Good, t0() + days(1.0));
        assert_eq!(p.reviews["m/a#1"].reviews, 2);
    }

    #[test]
    fn damaged_cards_start_afresh_instead_of_failing() {
        let mut card = new_card(Rating::Good, t0());
        card.stability = f64::NAN;
        card.reviews = 4;
        assert_eq!(retrievability(&card, t0()), None);
        let next = schedule(&card, Rating::Good, t0());
        close(next.stability, 2.3065);
        assert_eq!(next.reviews, 5);
        card.last_review = "yesterday".into();
        card.stability = 3.0;
        assert_eq!(retrievability(&card, t0()), None);
    }

    #[test]
    fn keys_parse_into_lesson_and_step() {
        assert_eq!(parse_key("metrics/roc#3"), Some(("metrics/roc", 2)));
        assert_eq!(parse_key("metrics/roc#0"), None);
        assert_eq!(parse_key("metrics/roc"), None);
        assert_eq!(parse_key("#2"), None);
    }
}
