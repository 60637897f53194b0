//! The career screens' state and update: the skills map, the roles and one role's plan,
//! the self-assessment, and the home entries that lead there. The numbers come from
//! [`crate::skills`]; this module only moves selections and records choices.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::progress::Status;
use crate::skills::plan::PlanItem;
use crate::skills::review::DueItem;
use crate::skills::{self, MAX_LEVEL, Plan, Readiness, SkillStatus, rank_roles, review, skill_map};

use super::action::Action;
use super::app::{App, HomeItem, Screen, move_selection};
use super::review::ReviewSession;

/// The self-assessment screen.
#[derive(Debug, Clone, PartialEq)]
pub struct AssessState {
    pub selected: usize,
    /// The skill ids to rate, in catalog order.
    pub skills: Vec<String>,
    /// Opened from a lesson's self-assessment step: its lab key. Leaving then records
    /// the step as done and shows the target role's plan.
    pub from_lab: Option<String>,
    /// The outside-evidence form for the selected skill, when open.
    pub form: Option<EvidenceForm>,
}

/// The short form that records outside evidence in the tutor: what kind of thing it
/// was and the level it shows. Details (a text, a link, a date) go through
/// `mlpath skills evidence add`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EvidenceForm {
    /// An index into [`EVIDENCE_KINDS`].
    pub kind: usize,
    /// 1 to 5.
    pub level: u8,
}

/// What outside evidence can be, as the form offers it.
pub const EVIDENCE_KINDS: [&str; 4] = ["course", "certificate", "project", "job"];

impl App {
    /// Every skill with its evidence, rating and current level, now.
    pub fn skill_statuses(&self) -> Vec<SkillStatus> {
        skill_map(&self.catalog, &self.progress, (self.clock)())
    }

    /// The current level per skill, now.
    pub fn current_levels(&self) -> BTreeMap<String, u8> {
        skills::map::current_levels(&self.skill_statuses())
    }

    /// Readiness for every role, best first.
    pub fn ranked_roles(&self) -> Vec<Readiness> {
        rank_roles(&self.catalog, &self.current_levels())
    }

    /// The plan for a role of the catalog.
    pub fn role_plan(&self, role: &str) -> Option<Plan> {
        let role = self.catalog.role(role)?;
        Some(skills::plan(
            &self.catalog,
            &self.progress,
            role,
            &self.current_levels(),
        ))
    }

    /// The review items due now that can be asked: quiz steps of loaded lessons.
    pub fn due_reviews(&self) -> Vec<DueItem> {
        review::due(&self.progress, (self.clock)())
            .into_iter()
            .filter(|item| {
                self.catalog
                    .lesson(&item.lesson)
                    .and_then(|l| l.steps.get(item.step))
                    .is_some_and(|s| s.is_quiz())
            })
            .collect()
    }

    /// The target role, if it is set and loaded.
    pub fn target_role(&self) -> Option<&str> {
        self.progress
            .target_role()
            .filter(|id| self.catalog.role(id).is_some())
    }

    /// The career entries of the home screen, after the tracks.
    pub(super) fn career_items(&self) -> Vec<HomeItem> {
        let mut items = Vec::new();
        let has_skills = !self.catalog.skills.is_empty();
        if has_skills {
            items.push(HomeItem::Skills);
        }
        if !self.catalog.roles.is_empty() {
            items.push(HomeItem::Roles);
        }
        if has_skills {
            items.push(HomeItem::Assess);
        }
        if has_skills || !self.progress.reviews.is_empty() {
            items.push(HomeItem::Review);
        }
        if let Some(role) = self.target_role() {
            items.push(HomeItem::TargetRole(role.to_string()));
        }
        items
    }

    pub(super) fn open_career_item(&mut self, item: &HomeItem) {
        match item {
            HomeItem::Skills => self.stack.push(Screen::Skills { selected: 0 }),
            HomeItem::Roles => self.stack.push(Screen::Roles { selected: 0 }),
            HomeItem::Assess => self.open_assessment(Vec::new(), None),
            HomeItem::Review => self.open_review(),
            HomeItem::TargetRole(role) => self.stack.push(Screen::Role {
                role: role.clone(),
                selected: 0,
            }),
            HomeItem::Continue { .. } | HomeItem::Track(_) | HomeItem::Problems => {}
        }
    }

    /// Opens the self-assessment for `skills` (every skill when empty or when none of
    /// them is loaded).
    pub fn open_assessment(&mut self, skills: Vec<String>, from_lab: Option<String>) {
        let wanted: Vec<String> = self
            .catalog
            .skills
            .iter()
            .filter(|s| skills.is_empty() || skills.contains(&s.id))
            .map(|s| s.id.clone())
            .collect();
        let skills = if wanted.is_empty() {
            self.catalog.skills.iter().map(|s| s.id.clone()).collect()
        } else {
            wanted
        };
        self.stack.push(Screen::Assess(AssessState {
            selected: 0,
            skills,
            from_lab,
            form: None,
        }));
    }

    /// Opens a practice of every review item of the lessons that teach `skill`, due or
    /// not, earliest due first; answers leave the schedule unchanged.
    pub fn open_practice(&mut self, skill: &str) {
        let keys = review::items(&self.progress)
            .into_iter()
            .filter(|item| {
                self.catalog.lesson(&item.lesson).is_some_and(|l| {
                    l.skills.get(skill).is_some_and(|&lvl| lvl > 0)
                        && l.steps.get(item.step).is_some_and(|s| s.is_quiz())
                })
            })
            .map(|i| i.key)
            .collect();
        let session = ReviewSession::practice(keys, &self.catalog, self.review_seed());
        self.stack.push(Screen::Review(Box::new(session)));
    }

    /// Opens a practice of one lesson's review items (the quizzes answered so far), due or
    /// not, earliest due first; answers leave the schedule unchanged.
    pub fn open_lesson_practice(&mut self, lesson: &str) {
        let keys = review::items(&self.progress)
            .into_iter()
            .filter(|item| {
                item.lesson == lesson
                    && self
                        .catalog
                        .lesson(lesson)
                        .and_then(|l| l.steps.get(item.step))
                        .is_some_and(|s| s.is_quiz())
            })
            .map(|i| i.key)
            .collect();
        let session = ReviewSession::practice(keys, &self.catalog, self.review_seed());
        self.stack.push(Screen::Review(Box::new(session)));
    }

    /// The seed of a review session's option order: the app's clock, so that every
    /// session differs and tests, which fix the clock, see one order.
    fn review_seed(&self) -> u64 {
        (self.clock)()
            .duration_since(std::time::SystemTime::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos() as u64)
    }

    /// Opens a review of the items due now.
    pub fn open_review(&mut self) {
        let keys = self.due_reviews().into_iter().map(|i| i.key).collect();
        let session = ReviewSession::new(keys, &self.catalog, self.review_seed());
        self.stack.push(Screen::Review(Box::new(session)));
    }

    /// Leaving a self-assessment opened from a lesson step: the step counts as done
    /// once something is rated, and the plan follows (the target role's, else the
    /// roles to pick one from).
    pub(super) fn after_assessment(&mut self, state: AssessState) {
        let Some(key) = state.from_lab else {
            return;
        };
        let rated = state
            .skills
            .iter()
            .filter(|s| self.progress.self_level(s).is_some())
            .count();
        if rated > 0 {
            let summary = format!("rated {rated} of {} skills", state.skills.len());
            self.progress.record_lab(&key, true, &summary);
            self.dirty = true;
        }
        // Esc means back: the learner returns to the lesson step, which offers the plan.
    }

    /// The target role's plan, or the roles to choose one from.
    pub(super) fn open_plan(&mut self) {
        if self.catalog.roles.is_empty() {
            return;
        }
        match self.target_role() {
            Some(role) => {
                let role = role.to_string();
                self.stack.push(Screen::Role { role, selected: 0 });
            }
            None => self.stack.push(Screen::Roles { selected: 0 }),
        }
    }

    pub(super) fn update_skills(&mut self, action: Action) {
        let statuses = self.skill_statuses();
        let Some(Screen::Skills { selected }) = self.stack.last_mut() else {
            return;
        };
        move_selection(selected, statuses.len(), action);
        if action == Action::Practise
            && let Some(skill) = statuses.get(*selected)
        {
            let skill = skill.id.clone();
            self.open_practice(&skill);
            return;
        }
        if action == Action::Select
            && let Some(skill) = statuses.get(*selected)
            && let Some(lesson) = self.next_lesson_for(skill)
        {
            self.open_lesson(&lesson);
        }
    }

    /// The first lesson not done that teaches `skill` above its current level, else the
    /// first not done that teaches it at all.
    pub fn next_lesson_for(&self, skill: &SkillStatus) -> Option<String> {
        let open = |above: u8| {
            skill.lessons.iter().find(|id| {
                self.progress.status(id) != Status::Done
                    && self
                        .catalog
                        .lesson(id)
                        .and_then(|l| l.skills.get(&skill.id))
                        .is_some_and(|&lvl| lvl > above)
            })
        };
        open(skill.current).or_else(|| open(0)).cloned()
    }

    pub(super) fn update_roles(&mut self, action: Action) {
        let ranked = self.ranked_roles();
        let Some(Screen::Roles { selected }) = self.stack.last_mut() else {
            return;
        };
        move_selection(selected, ranked.len(), action);
        let Some(role) = ranked.get(*selected).map(|r| r.role.clone()) else {
            return;
        };
        match action {
            Action::Select => self.stack.push(Screen::Role { role, selected: 0 }),
            Action::SetTarget => {
                self.progress.set_target_role(&role);
                self.dirty = true;
            }
            _ => {}
        }
    }

    pub(super) fn update_role(&mut self, action: Action) {
        let catalog = Arc::clone(&self.catalog);
        let Some(Screen::Role { role, .. }) = self.stack.last() else {
            return;
        };
        let role = role.clone();
        if catalog.role(&role).is_none() {
            return;
        }
        let items: Vec<PlanItem> = self.role_plan(&role).map(|p| p.items).unwrap_or_default();
        let Some(Screen::Role { selected, .. }) = self.stack.last_mut() else {
            return;
        };
        move_selection(selected, items.len(), action);
        match action {
            Action::Select => {
                if let Some(PlanItem::Lesson(p)) = items.get(*selected) {
                    let lesson = p.lesson.clone();
                    self.open_lesson(&lesson);
                }
            }
            Action::AddEvidence => {
                // Marking a self-study route done records it as outside evidence at the
                // route's level, named after the route.
                if let Some(PlanItem::SelfStudy(s)) = items.get(*selected)
                    && let Some(route) = &s.recommended
                {
                    let what = crate::skills::plan::route_claim(&route.text);
                    self.progress
                        .add_outside_evidence(&s.skill, route.level, &what, None, None);
                    self.dirty = true;
                }
            }
            Action::SetTarget => {
                self.progress.set_target_role(&role);
                self.dirty = true;
            }
            _ => {}
        }
    }

    pub(super) fn update_assess(&mut self, action: Action) {
        let Some(Screen::Assess(state)) = self.stack.last_mut() else {
            return;
        };
        if let Some(form) = state.form.as_mut() {
            match action {
                Action::Up => form.kind = form.kind.saturating_sub(1),
                Action::Down => form.kind = (form.kind + 1).min(EVIDENCE_KINDS.len() - 1),
                Action::Lower => form.level = form.level.saturating_sub(1).max(1),
                Action::Raise => form.level = (form.level + 1).min(MAX_LEVEL),
                Action::Back => state.form = None,
                Action::Select => {
                    let form = *form;
                    state.form = None;
                    if let Some(skill) = state.skills.get(state.selected).cloned() {
                        self.progress.add_outside_evidence(
                            &skill,
                            form.level,
                            EVIDENCE_KINDS[form.kind],
                            None,
                            None,
                        );
                        self.dirty = true;
                    }
                }
                _ => {}
            }
            return;
        }
        if action == Action::AddEvidence {
            let skill = state.skills.get(state.selected).cloned();
            if let Some(skill) = skill {
                // Start one level above what the record shows: outside evidence is
                // worth recording when it shows more than mlpath has seen.
                let shown = skill_map(&self.catalog, &self.progress, (self.clock)())
                    .into_iter()
                    .find(|s| s.id == skill)
                    .map_or(0, |s| s.evidence);
                if let Some(Screen::Assess(state)) = self.stack.last_mut() {
                    state.form = Some(EvidenceForm {
                        kind: 0,
                        level: (shown + 1).clamp(1, MAX_LEVEL),
                    });
                }
            }
            return;
        }
        move_selection(&mut state.selected, state.skills.len(), action);
        let Some(skill) = state.skills.get(state.selected).cloned() else {
            return;
        };
        let now = self.progress.self_level(&skill);
        let next = match (action, now) {
            (Action::Lower, Some(level)) => level.saturating_sub(1),
            (Action::Lower, None) => 0,
            (Action::Raise, Some(level)) => (level + 1).min(MAX_LEVEL),
            (Action::Raise, None) => 1,
            _ => return,
        };
        if now != Some(next) {
            self.progress.set_self_level(&skill, next);
            self.dirty = true;
        }
    }

    pub(super) fn update_review(&mut self, action: Action) {
        let catalog = Arc::clone(&self.catalog);
        let now = (self.clock)();
        let Some(Screen::Review(session)) = self.stack.last_mut() else {
            return;
        };
        if session.update(action, &catalog, &mut self.progress, now) {
            self.dirty = true;
        }
    }
}
