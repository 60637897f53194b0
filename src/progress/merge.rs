//! Merging two versions of a learner's progress (the file on disk and the one in
//! memory), so that two mlpath processes never erase each other's work. Achievements
//! only grow: a lesson done on either side is done, a correct answer stays correct, a
//! met lab goal stays met. Where a value simply changes (the current step, a rating),
//! the newer side wins, and on a tie "mine" (the caller's side) wins.
//!
//! A save knows more than two versions: it also knows what it read before the learner
//! acted. [`merge_changes`] uses that to let the last completed save decide every value
//! it changed, whatever the clocks say, and the file decide every value it did not.

use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::time::SystemTime;

use super::record::{LabRecord, LessonRecord, Progress, StepRecord};

/// Merges the progress read from disk with the progress in memory.
pub fn merge(disk: Progress, mine: Progress) -> Progress {
    let mut extra = disk.extra;
    extra.extend(mine.extra);
    let mut nested_extra = disk.nested_extra;
    for (path, table) in mine.nested_extra {
        nested_extra.entry(path).or_default().extend(table);
    }
    Progress {
        version: disk.version.max(mine.version),
        last_lesson: mine.last_lesson.or(disk.last_lesson),
        lessons: union_with(disk.lessons, mine.lessons, merge_lesson),
        labs: union_with(disk.labs, mine.labs, merge_lab),
        self_assessment: union_with(disk.self_assessment, mine.self_assessment, |d, m| {
            newer_or_mine(d, m, |r| &r.at)
        }),
        target_role: match (disk.target_role, mine.target_role) {
            (Some(d), Some(m)) => Some(newer_or_mine(d, m, |s| &s.at)),
            (d, m) => m.or(d),
        },
        reviews: union_with(disk.reviews, mine.reviews, |d, m| {
            newer_or_mine(d, m, |c| &c.last_review)
        }),
        outside_evidence: union_with(
            disk.outside_evidence,
            mine.outside_evidence,
            super::outside::merge_entry,
        ),
        exported: mine.exported.or(disk.exported),
        extra,
        nested_extra,
    }
}

/// Merges `mine` into `disk`, where `mine` began as `base` (what this process last read
/// or saved) and the learner changed it since. What the learner changed wins: a rating,
/// a target role, a review card, the current step or last lesson set now replaces the
/// file's value even when the file's timestamp is later (another process's stale copy
/// saved a moment ago, or a clock that was ahead). What the learner did not change is
/// taken from the file, which holds the last completed save. Achievements still only
/// grow, as in [`merge`].
pub fn merge_changes(disk: Progress, base: &Progress, mine: Progress) -> Progress {
    let mut merged = merge(disk.clone(), mine.clone());
    settle(
        &mut merged.self_assessment,
        &disk.self_assessment,
        &base.self_assessment,
        &mine.self_assessment,
    );
    settle(
        &mut merged.reviews,
        &disk.reviews,
        &base.reviews,
        &mine.reviews,
    );
    merged.target_role = if mine.target_role != base.target_role {
        mine.target_role.or(merged.target_role)
    } else {
        disk.target_role.or(merged.target_role)
    };
    merged.last_lesson = if mine.last_lesson != base.last_lesson {
        mine.last_lesson.or(merged.last_lesson)
    } else {
        disk.last_lesson.or(merged.last_lesson)
    };
    for (id, record) in merged.lessons.iter_mut() {
        let mine_record = mine.lessons.get(id);
        let changed = mine_record.is_some() && mine_record != base.lessons.get(id);
        let decided_by = if changed {
            mine_record
        } else {
            disk.lessons.get(id).or(mine_record)
        };
        if let Some(from) = decided_by {
            record.current_step = from.current_step;
        }
    }
    merged
}

/// For each key: the value `mine` changed since `base` wins; a value it left alone
/// is the one on disk (when the disk has one).
fn settle<V: Clone + PartialEq>(
    merged: &mut BTreeMap<String, V>,
    disk: &BTreeMap<String, V>,
    base: &BTreeMap<String, V>,
    mine: &BTreeMap<String, V>,
) {
    for (key, value) in mine {
        if base.get(key) != Some(value) {
            merged.insert(key.clone(), value.clone());
        } else if let Some(on_disk) = disk.get(key) {
            merged.insert(key.clone(), on_disk.clone());
        }
    }
}

fn merge_lesson(disk: LessonRecord, mine: LessonRecord) -> LessonRecord {
    let mine_is_newer = is_newer_or_equal(&mine.updated_at, &disk.updated_at);
    LessonRecord {
        status: disk.status.max(mine.status),
        current_step: if mine_is_newer {
            mine.current_step
        } else {
            disk.current_step
        },
        started_at: earliest(disk.started_at, mine.started_at),
        completed_at: earliest(disk.completed_at, mine.completed_at),
        updated_at: latest_str(disk.updated_at, mine.updated_at),
        content_hash: if mine_is_newer {
            mine.content_hash.or(disk.content_hash)
        } else {
            disk.content_hash.or(mine.content_hash)
        },
        steps: union_with(disk.steps, mine.steps, merge_step),
    }
}

fn merge_step(disk: StepRecord, mine: StepRecord) -> StepRecord {
    StepRecord {
        correct: disk.correct || mine.correct,
        attempts: disk.attempts.max(mine.attempts),
        // Which side answered correctly first is unknown, so the larger count is kept:
        // it may include hints revealed after the other side's correct answer, which
        // only errs towards less credit.
        hints_used: disk.hints_used.max(mine.hints_used),
        revealed: disk.revealed || mine.revealed,
        // Both sides' mistakes began alike; the side with more attempts saw more (a tie
        // is decided by content, so that the merge does not depend on the order).
        wrong_answers: std::cmp::max_by_key(disk.wrong_answers, mine.wrong_answers, |w| {
            (w.len(), w.clone())
        }),
        answered_at: latest(disk.answered_at, mine.answered_at),
    }
}

fn merge_lab(disk: LabRecord, mine: LabRecord) -> LabRecord {
    // The summary describes the success when only one side met the goal.
    let summary = match (disk.goal_met, mine.goal_met) {
        (true, false) => disk.summary,
        (false, true) => mine.summary,
        _ if is_newer_or_equal(&mine.updated_at, &disk.updated_at) => mine.summary,
        _ => disk.summary,
    };
    LabRecord {
        goal_met: disk.goal_met || mine.goal_met,
        met_at: earliest(disk.met_at, mine.met_at),
        summary,
        updated_at: latest_str(disk.updated_at, mine.updated_at),
    }
}

/// The union of two maps; keys present in both are combined with `both`.
pub(super) fn union_with<V>(
    disk: BTreeMap<String, V>,
    mut mine: BTreeMap<String, V>,
    both: impl Fn(V, V) -> V,
) -> BTreeMap<String, V> {
    let mut out = BTreeMap::new();
    for (key, d) in disk {
        let value = match mine.remove(&key) {
            Some(m) => both(d, m),
            None => d,
        };
        out.insert(key, value);
    }
    out.extend(mine);
    out
}

pub(super) fn newer_or_mine<T>(disk: T, mine: T, at: impl Fn(&T) -> &String) -> T {
    if is_newer_or_equal(at(&mine), at(&disk)) {
        mine
    } else {
        disk
    }
}

fn is_newer_or_equal(a: &str, b: &str) -> bool {
    compare_times(a, b) != Ordering::Less
}

pub(super) fn earliest(a: Option<String>, b: Option<String>) -> Option<String> {
    match (a, b) {
        (Some(a), Some(b)) => Some(if compare_times(&b, &a) == Ordering::Less {
            b
        } else {
            a
        }),
        (a, b) => a.or(b),
    }
}

fn latest(a: Option<String>, b: Option<String>) -> Option<String> {
    match (a, b) {
        (Some(a), Some(b)) => Some(latest_str(a, b)),
        (a, b) => a.or(b),
    }
}

fn latest_str(a: String, b: String) -> String {
    if compare_times(&b, &a) == Ordering::Greater {
        b
    } else {
        a
    }
}

/// Orders RFC 3339 timestamps by the time they denote (so that `...Z` and `...+00:00`
/// or fractional seconds compare correctly). Text that is not a timestamp (such as an
/// empty `updated_at` from a hand-written file) is older than any timestamp; the text
/// itself breaks remaining ties, which keeps the order total.
pub fn compare_times(a: &str, b: &str) -> Ordering {
    fn key(s: &str) -> Option<SystemTime> {
        humantime::parse_rfc3339_weak(s.trim()).ok()
    }
    key(a).cmp(&key(b)).then_with(|| a.cmp(b))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::progress::record::{OutsideEvidence, ReviewCard, SelfRating, Stamped, Status};
    use proptest::prelude::*;

    const T1: &str = "2026-01-01T10:00:00Z";
    const T2: &str = "2026-01-02T10:00:00Z";
    const T3: &str = "2026-01-03T10:00:00Z";

    fn lesson(status: Status, step: usize, updated: &str) -> LessonRecord {
        LessonRecord {
            status,
            current_step: step,
            updated_at: updated.into(),
            ..LessonRecord::default()
        }
    }

    #[test]
    fn times_compare_by_instant_not_text() {
        assert_eq!(
            compare_times("2026-01-01T10:00:00+00:00", "2026-01-01T10:00:00.5Z"),
            Ordering::Less
        );
        assert_eq!(compare_times("", T1), Ordering::Less);
        assert_eq!(compare_times("garbage", T1), Ordering::Less);
        assert_eq!(compare_times(T2, T1), Ordering::Greater);
    }

    #[test]
    fn lessons_keep_the_best_status_and_the_newer_step() {
        let mut disk = Progress::default();
        disk.lessons.insert("a".into(), {
            let mut l = lesson(Status::Done, 7, T3);
            l.started_at = Some(T2.into());
            l.completed_at = Some(T3.into());
            l
        });
        let mut mine = Progress::default();
        mine.lessons.insert("a".into(), {
            let mut l = lesson(Status::InProgress, 2, T2);
            l.started_at = Some(T1.into());
            l
        });
        mine.lessons
            .insert("b".into(), lesson(Status::InProgress, 1, T1));
        let merged = merge(disk, mine);
        let a = &merged.lessons["a"];
        assert_eq!(a.status, Status::Done);
        assert_eq!(a.current_step, 7);
        assert_eq!(a.started_at.as_deref(), Some(T1));
        assert_eq!(a.completed_at.as_deref(), Some(T3));
        assert_eq!(a.updated_at, T3);
        assert!(merged.lessons.contains_key("b"));
    }

    #[test]
    fn steps_combine_conservatively() {
        let step = |correct, attempts, hints, at: &str| StepRecord {
            correct,
            attempts,
            hints_used: hints,
            revealed: false,
            answered_at: Some(at.into()),
            wrong_answers: vec![],
        };
        let merged = merge_step(step(true, 1, 0, T1), step(false, 3, 2, T2));
        assert_eq!(merged, step(true, 3, 2, T2));
    }

    #[test]
    fn labs_keep_the_goal_and_the_successful_summary() {
        let lab = |met: bool, at: &str, summary: &str| LabRecord {
            goal_met: met,
            met_at: met.then(|| at.to_string()),
            summary: summary.into(),
            updated_at: at.into(),
        };
        let merged = merge_lab(lab(true, T1, "won"), lab(false, T2, "lost"));
        assert_eq!(
            merged,
            LabRecord {
                updated_at: T2.into(),
                ..lab(true, T1, "won")
            }
        );
        let merged = merge_lab(lab(true, T2, "second"), lab(true, T1, "first"));
        assert_eq!(merged.met_at.as_deref(), Some(T1));
        assert_eq!(merged.summary, "second");
    }

    #[test]
    fn stamped_values_newer_wins_and_mine_wins_ties() {
        let mut disk = Progress::default();
        let mut mine = Progress::default();
        let rating = |level, at: &str| SelfRating {
            level,
            at: at.into(),
        };
        disk.self_assessment.insert("sql".into(), rating(4, T2));
        mine.self_assessment.insert("sql".into(), rating(1, T1));
        disk.self_assessment.insert("python".into(), rating(2, T1));
        mine.self_assessment.insert("python".into(), rating(3, T1));
        disk.target_role = Some(Stamped {
            value: "old".into(),
            at: T1.into(),
        });
        mine.target_role = Some(Stamped {
            value: "new".into(),
            at: T2.into(),
        });
        let card = |reviews, at: &str| ReviewCard {
            stability: 1.0,
            difficulty: 5.0,
            last_review: at.into(),
            due: T3.into(),
            reviews,
            lapses: 0,
        };
        disk.reviews.insert("a#1".into(), card(5, T2));
        mine.reviews.insert("a#1".into(), card(2, T1));
        disk.last_lesson = Some("disk".into());
        mine.last_lesson = Some("mine".into());
        disk.extra.insert("k".into(), toml::Value::from("disk"));
        disk.extra.insert("only_disk".into(), toml::Value::from(1));
        mine.extra.insert("k".into(), toml::Value::from("mine"));

        let merged = merge(disk, mine);
        assert_eq!(merged.self_assessment["sql"].level, 4);
        assert_eq!(merged.self_assessment["python"].level, 3);
        assert_eq!(merged.target_role.unwrap().value, "new");
        assert_eq!(merged.reviews["a#1"].reviews, 5);
        assert_eq!(merged.last_lesson.as_deref(), Some("mine"));
        assert_eq!(merged.extra["k"].as_str(), Some("mine"));
        assert_eq!(merged.extra["only_disk"].as_integer(), Some(1));
    }

    #[test]
    fn a_missing_side_never_erases() {
        let disk = Progress {
            target_role: Some(Stamped {
                value: "r".into(),
                at: T1.into(),
            }),
            last_lesson: Some("a".into()),
            ..Progress::default()
        };
        let merged = merge(disk, Progress::default());
        assert_eq!(merged.target_role.unwrap().value, "r");
        assert_eq!(merged.last_lesson.as_deref(), Some("a"));
    }

    fn time() -> impl Strategy<Value = String> {
        prop_oneof![
            Just(String::new()),
            Just(T1.to_string()),
            Just(T2.to_string()),
            Just(T3.to_string()),
            Just("2026-01-02T10:00:00+00:00".to_string()),
        ]
    }

    fn status() -> impl Strategy<Value = Status> {
        prop_oneof![
            Just(Status::NotStarted),
            Just(Status::InProgress),
            Just(Status::Done)
        ]
    }

    fn step_record() -> impl Strategy<Value = StepRecord> {
        (
            any::<bool>(),
            0u32..5,
            0u32..3,
            any::<bool>(),
            proptest::option::of(time()),
            proptest::collection::vec("[a-c]", 0..3),
        )
            .prop_map(
                |(correct, attempts, hints_used, revealed, answered_at, wrong_answers)| {
                    StepRecord {
                        correct,
                        attempts,
                        hints_used,
                        revealed,
                        answered_at,
                        wrong_answers,
                    }
                },
            )
    }

    fn lesson_record() -> impl Strategy<Value = LessonRecord> {
        (
            status(),
            0usize..6,
            proptest::option::of(time()),
            proptest::option::of(time()),
            time(),
            proptest::collection::btree_map("[1-4]", step_record(), 0..3),
            proptest::option::of("[0-9a-f]{4}"),
        )
            .prop_map(
                |(status, current_step, started_at, completed_at, updated_at, steps, hash)| {
                    LessonRecord {
                        status,
                        current_step,
                        started_at,
                        completed_at,
                        updated_at,
                        steps,
                        content_hash: hash,
                    }
                },
            )
    }

    fn lab_record() -> impl Strategy<Value = LabRecord> {
        (
            any::<bool>(),
            proptest::option::of(time()),
            "[a-c]{0,2}",
            time(),
        )
            .prop_map(|(goal_met, met_at, summary, updated_at)| LabRecord {
                goal_met,
                met_at,
                summary,
                updated_at,
            })
    }

    fn outside_entry() -> impl Strategy<Value = OutsideEvidence> {
        (1u8..6, time(), proptest::option::of(time())).prop_map(|(level, added_at, removed_at)| {
            OutsideEvidence {
                skill: "sql".into(),
                level,
                what: "job".into(),
                link: None,
                date: None,
                added_at,
                removed_at,
                extra: toml::Table::new(),
            }
        })
    }

    fn progress() -> impl Strategy<Value = Progress> {
        (
            proptest::collection::btree_map("[a-d]", lesson_record(), 0..4),
            proptest::collection::btree_map("[a-d]#[1-3]", lab_record(), 0..3),
            proptest::collection::btree_map(
                "[a-c]",
                (0u8..6, time()).prop_map(|(level, at)| SelfRating { level, at }),
                0..3,
            ),
            proptest::option::of(("[a-c]", time()).prop_map(|(value, at)| Stamped { value, at })),
            proptest::option::of("[a-d]"),
            proptest::collection::btree_map("[x-z]", 0i64..3, 0..2),
            proptest::collection::btree_map("[p-r]", outside_entry(), 0..3),
        )
            .prop_map(
                |(lessons, labs, self_assessment, target_role, last, extra, outside)| Progress {
                    last_lesson: last,
                    lessons,
                    labs,
                    self_assessment,
                    target_role,
                    outside_evidence: outside,
                    extra: extra
                        .into_iter()
                        .map(|(k, v)| (k, toml::Value::Integer(v)))
                        .collect(),
                    ..Progress::default()
                },
            )
    }

    proptest! {
        #[test]
        fn merge_is_idempotent(p in progress()) {
            prop_assert_eq!(merge(p.clone(), p.clone()), p);
        }

        #[test]
        fn merging_again_changes_nothing(a in progress(), b in progress()) {
            let once = merge(a, b.clone());
            prop_assert_eq!(merge(once.clone(), b), once);
        }

        #[test]
        fn status_and_correct_do_not_depend_on_order(a in progress(), b in progress()) {
            let ab = merge(a.clone(), b.clone());
            let ba = merge(b, a);
            prop_assert_eq!(ab.lessons.keys().collect::<Vec<_>>(), ba.lessons.keys().collect::<Vec<_>>());
            for (id, l) in &ab.lessons {
                prop_assert_eq!(l.status, ba.lessons[id].status);
                prop_assert_eq!(&l.started_at, &ba.lessons[id].started_at);
                prop_assert_eq!(&l.completed_at, &ba.lessons[id].completed_at);
                for (n, s) in &l.steps {
                    prop_assert_eq!(s.correct, ba.lessons[id].steps[n].correct);
                }
            }
            for (key, lab) in &ab.labs {
                prop_assert_eq!(lab.goal_met, ba.labs[key].goal_met);
            }
        }

        #[test]
        fn merge_never_drops_a_lesson_or_an_achievement(a in progress(), b in progress()) {
            let merged = merge(a.clone(), b.clone());
            for side in [&a, &b] {
                for (id, l) in &side.lessons {
                    let m = merged.lessons.get(id);
                    prop_assert!(m.is_some(), "lesson {} dropped", id);
                    let m = m.unwrap();
                    prop_assert!(m.status >= l.status);
                    if l.completed_at.is_some() {
                        prop_assert!(m.completed_at.is_some());
                    }
                    for (n, s) in &l.steps {
                        prop_assert!(m.steps[n].correct >= s.correct);
                        prop_assert!(m.steps[n].attempts >= s.attempts);
                    }
                }
                for (key, lab) in &side.labs {
                    prop_assert!(merged.labs[key].goal_met >= lab.goal_met);
                }
                for (id, e) in &side.outside_evidence {
                    let m = merged.outside_evidence.get(id);
                    prop_assert!(m.is_some(), "outside evidence {} dropped", id);
                    if e.removed_at.is_some() {
                        prop_assert!(m.unwrap().removed_at.is_some(), "removal of {} undone", id);
                    }
                }
                for key in side.self_assessment.keys().chain(side.extra.keys()) {
                    prop_assert!(merged.self_assessment.contains_key(key) || merged.extra.contains_key(key));
                }
                if side.target_role.is_some() {
                    prop_assert!(merged.target_role.is_some());
                }
            }
        }
    }
}
