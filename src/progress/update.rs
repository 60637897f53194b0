//! Pure mutations and queries on [`Progress`]. Nothing here touches the disk; every
//! mutation stamps the changed record with the current time so that merges can tell
//! which side is newer.

use super::record::{
    LabRecord, LessonRecord, MAX_ANSWER_CHARS, MAX_WRONG_ANSWERS, Progress, SelfRating, Stamped,
    Status, StepRecord, now,
};

/// The highest level a self-rating can have.
pub const MAX_SELF_LEVEL: u8 = 5;

/// The key of a lab or review card: `<lesson id>#<1-based step number>`.
pub fn step_key(lesson: &str, step_index: usize) -> String {
    format!("{lesson}#{}", step_index + 1)
}

/// Whether `key` (a lab or review key) belongs to `lesson`.
fn key_belongs_to(key: &str, lesson: &str) -> bool {
    key.strip_prefix(lesson)
        .is_some_and(|rest| rest.starts_with('#'))
}

impl Progress {
    /// The learner enters a lesson with `n_steps` steps: it becomes in progress unless it
    /// is done, becomes the lesson to continue, and gets its start time. Returns the
    /// 0-based step to resume at (kept inside the lesson if it has fewer steps now).
    pub fn open_lesson(&mut self, id: &str, n_steps: usize) -> usize {
        let at = now();
        self.last_lesson = Some(id.to_string());
        let record = self.lessons.entry(id.to_string()).or_default();
        if record.status == Status::NotStarted {
            record.status = Status::InProgress;
        }
        if record.started_at.is_none() {
            record.started_at = Some(at.clone());
        }
        record.current_step = record.current_step.min(n_steps.saturating_sub(1));
        record.updated_at = at;
        record.current_step
    }

    /// The learner moved to the 0-based step `step` of lesson `id`.
    pub fn set_step(&mut self, id: &str, step: usize) {
        let at = now();
        let record = self.touch_lesson(id, &at);
        record.current_step = step;
    }

    /// The learner answered the quiz at the 0-based `step_index` after revealing
    /// `hints_used` hints. A correct answer sticks; hints revealed after the first correct
    /// answer do not count against it.
    pub fn record_answer(&mut self, id: &str, step_index: usize, correct: bool, hints_used: u32) {
        let at = now();
        let record = self.touch_lesson(id, &at);
        let step = record
            .steps
            .entry((step_index + 1).to_string())
            .or_default();
        step.attempts = step.attempts.saturating_add(1);
        if !step.correct {
            step.hints_used = step.hints_used.max(hints_used);
        }
        step.correct |= correct;
        step.answered_at = Some(at);
    }

    /// Keeps what the learner answered wrongly at the 0-based `step_index` (an option's
    /// text, a number as typed), cleaned and cut to [`MAX_ANSWER_CHARS`]; the first
    /// [`MAX_WRONG_ANSWERS`] are kept.
    pub fn record_wrong_answer(&mut self, id: &str, step_index: usize, answer: &str) {
        let at = now();
        let record = self.touch_lesson(id, &at);
        let step = record
            .steps
            .entry((step_index + 1).to_string())
            .or_default();
        if step.wrong_answers.len() < MAX_WRONG_ANSWERS {
            let clean = crate::sanitize::clean_line(answer.trim());
            step.wrong_answers
                .push(clean.chars().take(MAX_ANSWER_CHARS).collect());
        }
    }

    /// The learner opened the version of lesson `id` whose content hash is `hash`.
    pub fn note_lesson_version(&mut self, id: &str, hash: &str) {
        let record = self.lessons.entry(id.to_string()).or_default();
        if record.content_hash.as_deref() != Some(hash) {
            record.content_hash = Some(hash.to_string());
            record.updated_at = now();
        }
    }

    /// The learner finished lesson `id`. The first completion time is kept.
    pub fn complete_lesson(&mut self, id: &str) {
        let at = now();
        let record = self.touch_lesson(id, &at);
        record.status = Status::Done;
        if record.completed_at.is_none() {
            record.completed_at = Some(at);
        }
    }

    /// A lab run ended. A met goal stays met, and its summary is kept until another run
    /// meets the goal again, so that the record describes the success.
    pub fn record_lab(&mut self, key: &str, goal_met: bool, summary: &str) {
        let at = now();
        let lab = self.labs.entry(key.to_string()).or_default();
        if goal_met || !lab.goal_met {
            lab.summary = summary.to_string();
        }
        if goal_met && lab.met_at.is_none() {
            lab.met_at = Some(at.clone());
        }
        lab.goal_met |= goal_met;
        lab.updated_at = at;
    }

    /// The learner rates themself at `level` (capped at [`MAX_SELF_LEVEL`]) in `skill`.
    pub fn set_self_level(&mut self, skill: &str, level: u8) {
        self.self_assessment.insert(
            skill.to_string(),
            SelfRating {
                level: level.min(MAX_SELF_LEVEL),
                at: now(),
            },
        );
    }

    /// The learner aims at the role `id`.
    pub fn set_target_role(&mut self, id: &str) {
        self.target_role = Some(Stamped {
            value: id.to_string(),
            at: now(),
        });
    }

    /// Forgets lesson `id`: its record, its labs and its review cards. Returns whether
    /// anything was recorded for it.
    pub fn reset_lesson(&mut self, id: &str) -> bool {
        let had_lesson = self.lessons.remove(id).is_some();
        let labs_before = self.labs.len();
        self.labs.retain(|key, _| !key_belongs_to(key, id));
        let reviews_before = self.reviews.len();
        self.reviews.retain(|key, _| !key_belongs_to(key, id));
        if self.last_lesson.as_deref() == Some(id) {
            self.last_lesson = None;
        }
        had_lesson || labs_before != self.labs.len() || reviews_before != self.reviews.len()
    }

    /// The status of lesson `id` (not started when nothing is recorded).
    pub fn status(&self, id: &str) -> Status {
        self.lessons.get(id).map(|r| r.status).unwrap_or_default()
    }

    pub fn lesson_record(&self, id: &str) -> Option<&LessonRecord> {
        self.lessons.get(id)
    }

    /// The quiz result at the 0-based `step_index` of lesson `id`.
    pub fn step_record(&self, id: &str, step_index: usize) -> Option<&StepRecord> {
        self.lessons
            .get(id)?
            .steps
            .get(&(step_index + 1).to_string())
    }

    pub fn lab_record(&self, key: &str) -> Option<&LabRecord> {
        self.labs.get(key)
    }

    pub fn is_done(&self, id: &str) -> bool {
        self.status(id) == Status::Done
    }

    /// The 0-based step to resume lesson `id` at.
    pub fn current_step(&self, id: &str) -> usize {
        self.lessons.get(id).map_or(0, |r| r.current_step)
    }

    /// The learner's own level in `skill`, if they rated it.
    pub fn self_level(&self, skill: &str) -> Option<u8> {
        self.self_assessment.get(skill).map(|r| r.level)
    }

    pub fn target_role(&self) -> Option<&str> {
        self.target_role.as_ref().map(|s| s.value.as_str())
    }

    /// Ids of the lessons with `status`, in id order.
    pub fn lessons_with(&self, status: Status) -> impl Iterator<Item = &str> {
        self.lessons
            .iter()
            .filter(move |(_, r)| r.status == status)
            .map(|(id, _)| id.as_str())
    }

    /// The record of lesson `id`, created if missing, marked in progress if it was not
    /// started, and stamped `at`.
    fn touch_lesson(&mut self, id: &str, at: &str) -> &mut LessonRecord {
        let record = self.lessons.entry(id.to_string()).or_default();
        if record.status == Status::NotStarted {
            record.status = Status::InProgress;
        }
        if record.started_at.is_none() {
            record.started_at = Some(at.to_string());
        }
        record.updated_at = at.to_string();
        record
    }
}

impl Progress {
    /// The learner asked to see the answer of a quiz step (0-based index).
    pub fn record_reveal(&mut self, lesson: &str, step_index: usize) {
        let stamp = now();
        let record = self.lessons.entry(lesson.to_string()).or_default();
        let entry = record
            .steps
            .entry((step_index + 1).to_string())
            .or_default();
        entry.revealed = true;
        record.updated_at = stamp;
    }

    /// Hints revealed on a quiz step (0-based index) before it was answered correctly.
    pub fn record_hints(&mut self, lesson: &str, step_index: usize, hints_shown: u32) {
        let record = self.lessons.entry(lesson.to_string()).or_default();
        let entry = record
            .steps
            .entry((step_index + 1).to_string())
            .or_default();
        if !entry.correct && hints_shown > entry.hints_used {
            entry.hints_used = hints_shown;
            record.updated_at = now();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn opening_a_lesson_starts_it_and_remembers_it() {
        let mut p = Progress::default();
        assert_eq!(p.status("a/x"), Status::NotStarted);
        assert_eq!(p.open_lesson("a/x", 4), 0);
        let r = p.lesson_record("a/x").unwrap();
        assert_eq!(r.status, Status::InProgress);
        assert!(r.started_at.is_some());
        assert!(!r.updated_at.is_empty());
        assert_eq!(p.last_lesson.as_deref(), Some("a/x"));
    }

    #[test]
    fn opening_a_done_lesson_keeps_it_done_and_its_start() {
        let mut p = Progress::default();
        p.open_lesson("a/x", 3);
        p.lessons.get_mut("a/x").unwrap().started_at = Some("2020-01-01T00:00:00Z".into());
        p.complete_lesson("a/x");
        p.open_lesson("a/x", 3);
        let r = p.lesson_record("a/x").unwrap();
        assert_eq!(r.status, Status::Done);
        assert_eq!(r.started_at.as_deref(), Some("2020-01-01T00:00:00Z"));
    }

    #[test]
    fn resume_step_stays_inside_a_shorter_lesson() {
        let mut p = Progress::default();
        p.set_step("a/x", 9);
        assert_eq!(p.current_step("a/x"), 9);
        assert_eq!(p.open_lesson("a/x", 5), 4);
        assert_eq!(p.open_lesson("a/x", 0), 0);
    }

    #[test]
    fn answers_count_attempts_and_correct_sticks() {
        let mut p = Progress::default();
        p.record_answer("a/x", 1, false, 1);
        p.record_answer("a/x", 1, true, 2);
        p.record_answer("a/x", 1, false, 3);
        let s = p.step_record("a/x", 1).unwrap();
        assert!(s.correct);
        assert_eq!(s.attempts, 3);
        assert_eq!(
            s.hints_used, 2,
            "hints after the correct answer do not count"
        );
        assert!(s.answered_at.is_some());
        assert!(p.lesson_record("a/x").unwrap().steps.contains_key("2"));
        assert_eq!(p.status("a/x"), Status::InProgress);
    }

    #[test]
    fn hints_used_never_decreases_before_a_correct_answer() {
        let mut p = Progress::default();
        p.record_answer("a/x", 0, false, 2);
        p.record_answer("a/x", 0, true, 1);
        assert_eq!(p.step_record("a/x", 0).unwrap().hints_used, 2);
    }

    #[test]
    fn completion_time_is_the_first() {
        let mut p = Progress::default();
        p.complete_lesson("a/x");
        p.lessons.get_mut("a/x").unwrap().completed_at = Some("2020-01-01T00:00:00Z".into());
        p.complete_lesson("a/x");
        let r = p.lesson_record("a/x").unwrap();
        assert_eq!(r.status, Status::Done);
        assert_eq!(r.completed_at.as_deref(), Some("2020-01-01T00:00:00Z"));
        assert!(r.started_at.is_some());
        assert!(p.is_done("a/x"));
    }

    #[test]
    fn a_met_lab_goal_stays_met_with_its_summary() {
        let mut p = Progress::default();
        let key = step_key("a/x", 3);
        assert_eq!(key, "a/x#4");
        p.record_lab(&key, false, "recall 0.80");
        assert!(!p.lab_record(&key).unwrap().goal_met);
        assert_eq!(p.lab_record(&key).unwrap().summary, "recall 0.80");
        p.record_lab(&key, true, "recall 0.96");
        p.record_lab(&key, false, "recall 0.70");
        let lab = p.lab_record(&key).unwrap();
        assert!(lab.goal_met);
        assert!(lab.met_at.is_some());
        assert_eq!(lab.summary, "recall 0.96");
    }

    #[test]
    fn self_rating_and_target_role() {
        let mut p = Progress::default();
        p.set_self_level("eval_metrics", 9);
        assert_eq!(p.self_level("eval_metrics"), Some(MAX_SELF_LEVEL));
        p.set_target_role("ml-engineer");
        assert_eq!(p.target_role(), Some("ml-engineer"));
    }

    #[test]
    fn reset_forgets_the_lesson_its_labs_and_cards_only() {
        let mut p = Progress::default();
        p.open_lesson("a/x", 3);
        p.open_lesson("a/xy", 3);
        p.record_lab("a/x#2", true, "ok");
        p.record_lab("a/xy#2", true, "ok");
        p.open_lesson("a/x", 3);
        assert!(p.reset_lesson("a/x"));
        assert!(p.lesson_record("a/x").is_none());
        assert!(p.lab_record("a/x#2").is_none());
        assert!(p.lab_record("a/xy#2").is_some());
        assert!(p.lesson_record("a/xy").is_some());
        assert_eq!(p.last_lesson, None);
        assert!(!p.reset_lesson("a/x"));
    }

    #[test]
    fn lessons_by_status() {
        let mut p = Progress::default();
        p.open_lesson("a/x", 1);
        p.complete_lesson("a/y");
        assert_eq!(p.lessons_with(Status::Done).collect::<Vec<_>>(), ["a/y"]);
        assert_eq!(
            p.lessons_with(Status::InProgress).collect::<Vec<_>>(),
            ["a/x"]
        );
    }
}
