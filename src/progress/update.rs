//! Pure mutations of a [`Progress`] record; each stamps the time it changed.

use super::record::{LabRecord, LessonRecord, Progress, Stamped, Status, StepRecord, now};

impl Progress {
    pub fn status(&self, lesson: &str) -> Status {
        self.lessons
            .get(lesson)
            .map(|r| r.status)
            .unwrap_or_default()
    }

    pub fn lesson_record(&self, lesson: &str) -> Option<&LessonRecord> {
        self.lessons.get(lesson)
    }

    /// The learner opened a lesson: it is in progress unless already done.
    pub fn open_lesson(&mut self, lesson: &str) {
        let stamp = now();
        let record = self.lessons.entry(lesson.to_string()).or_default();
        if record.status == Status::NotStarted {
            record.status = Status::InProgress;
        }
        record.started_at.get_or_insert_with(|| stamp.clone());
        record.updated_at = stamp;
        self.last_lesson = Some(lesson.to_string());
    }

    pub fn set_step(&mut self, lesson: &str, step: usize) {
        let record = self.lessons.entry(lesson.to_string()).or_default();
        record.current_step = step;
        record.updated_at = now();
    }

    /// Records one submitted answer for a quiz step (0-based index).
    pub fn record_answer(&mut self, lesson: &str, step: usize, correct: bool, hints_used: u32) {
        let stamp = now();
        let record = self.lessons.entry(lesson.to_string()).or_default();
        let entry = record.steps.entry((step + 1).to_string()).or_default();
        entry.attempts += 1;
        if !entry.correct {
            entry.hints_used = entry.hints_used.max(hints_used);
        }
        entry.correct |= correct;
        entry.answered_at = Some(stamp.clone());
        record.updated_at = stamp;
    }

    /// The learner asked to see the answer of a quiz step (0-based index).
    pub fn record_reveal(&mut self, lesson: &str, step: usize) {
        let stamp = now();
        let record = self.lessons.entry(lesson.to_string()).or_default();
        let entry = record.steps.entry((step + 1).to_string()).or_default();
        entry.revealed = true;
        record.updated_at = stamp;
    }

    /// The result recorded for a quiz step (0-based index).
    pub fn step_record(&self, lesson: &str, step: usize) -> Option<&StepRecord> {
        self.lessons
            .get(lesson)
            .and_then(|r| r.steps.get(&(step + 1).to_string()))
    }

    pub fn complete_lesson(&mut self, lesson: &str) {
        let stamp = now();
        let record = self.lessons.entry(lesson.to_string()).or_default();
        record.status = Status::Done;
        record.completed_at.get_or_insert_with(|| stamp.clone());
        record.updated_at = stamp;
    }

    /// Records a lab's outcome; a goal once met stays met.
    pub fn record_lab(&mut self, key: &str, goal_met: bool, summary: &str) {
        let stamp = now();
        let record: &mut LabRecord = self.labs.entry(key.to_string()).or_default();
        if goal_met && !record.goal_met {
            record.met_at = Some(stamp.clone());
        }
        record.goal_met |= goal_met;
        if goal_met || !record.goal_met {
            record.summary = summary.to_string();
        }
        record.updated_at = stamp;
    }

    pub fn set_target_role(&mut self, role: &str) {
        self.target_role = Some(Stamped {
            value: role.to_string(),
            at: now(),
        });
    }

    pub fn reset_lesson(&mut self, lesson: &str) {
        self.lessons.remove(lesson);
        let prefix = format!("{lesson}#");
        self.labs.retain(|k, _| !k.starts_with(&prefix));
        self.reviews.retain(|k, _| !k.starts_with(&prefix));
        if self.last_lesson.as_deref() == Some(lesson) {
            self.last_lesson = None;
        }
    }
}

/// The key of a lab or review item: `<lesson id>#<1-based step>`.
pub fn step_key(lesson: &str, step: usize) -> String {
    format!("{lesson}#{}", step + 1)
}

impl Progress {
    /// Hints revealed on a quiz step (0-based index) before it was answered correctly.
    pub fn record_hints(&mut self, lesson: &str, step: usize, hints_shown: u32) {
        let record = self.lessons.entry(lesson.to_string()).or_default();
        let entry = record.steps.entry((step + 1).to_string()).or_default();
        if !entry.correct && hints_shown > entry.hints_used {
            entry.hints_used = hints_shown;
            record.updated_at = now();
        }
    }
}
