//! What an exported progress file holds: the learner's progress with who exported it,
//! or, for a class, only what a class report reads under a random learner id.

use super::record::{ExportInfo, Progress, now};

/// How an export identifies its learner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Identity {
    /// The learner's login name and computer, as `name@machine`.
    Named {
        name: Option<String>,
        machine: Option<String>,
    },
    /// No name, no machine: a random id, new at every export.
    Anonymous { learner: String },
}

impl Identity {
    /// The identity of the person running mlpath on this computer.
    pub fn of_this_user() -> Self {
        let non_empty =
            |v: Option<String>| v.map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
        let name = non_empty(
            std::env::var("USER")
                .ok()
                .or_else(|| std::env::var("LOGNAME").ok()),
        );
        let machine = non_empty(
            std::fs::read_to_string("/proc/sys/kernel/hostname")
                .ok()
                .or_else(|| std::env::var("HOSTNAME").ok())
                .or_else(|| std::env::var("COMPUTERNAME").ok()),
        );
        Identity::Named { name, machine }
    }

    /// A fresh anonymous identity: 16 random hex digits.
    pub fn random() -> Self {
        use rand::Rng;
        let n: u64 = rand::thread_rng().r#gen();
        Identity::Anonymous {
            learner: format!("{n:016x}"),
        }
    }
}

impl Progress {
    /// The file `mlpath progress export` writes. Named: everything, plus who and where.
    /// Anonymous: only lessons (status, times, quiz results, lesson versions) and lab
    /// results; no self-assessment, target role, outside evidence, review schedule or
    /// fields this build does not know, which could say who the learner is.
    pub fn for_export(mut self, identity: Identity) -> Progress {
        let at = now();
        let mlpath = env!("CARGO_PKG_VERSION").to_string();
        self.exported = Some(match identity {
            Identity::Named { name, machine } => ExportInfo {
                learner: match (&name, &machine) {
                    (Some(n), Some(m)) => format!("{n}@{m}"),
                    (Some(n), None) => n.clone(),
                    (None, Some(m)) => format!("someone@{m}"),
                    (None, None) => "unnamed".to_string(),
                },
                name,
                machine,
                at,
                anonymous: false,
                mlpath,
            },
            Identity::Anonymous { learner } => {
                self.last_lesson = None;
                self.self_assessment.clear();
                self.target_role = None;
                self.reviews.clear();
                self.outside_evidence.clear();
                self.extra.clear();
                self.nested_extra.clear();
                ExportInfo {
                    learner,
                    name: None,
                    machine: None,
                    at,
                    anonymous: true,
                    mlpath,
                }
            }
        });
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::progress::format::{self, Parsed};

    fn busy_learner() -> Progress {
        let mut p = Progress::default();
        p.open_lesson("t/a", 3);
        p.note_lesson_version("t/a", "0123456789abcdef");
        p.record_answer("t/a", 1, false, 0);
        p.record_wrong_answer("t/a", 1, "0.5");
        p.record_answer("t/a", 1, true, 1);
        p.complete_lesson("t/a");
        p.record_lab("t/a#3", true, "recall 0.97");
        p.set_self_level("metrics", 3);
        p.set_target_role("ml-engineer");
        p
    }

    #[test]
    fn anonymous_export_keeps_lessons_and_labs_and_nothing_personal() {
        let out = busy_learner().for_export(Identity::Anonymous {
            learner: "feedfacecafebeef".into(),
        });
        let text = format::render(&out);
        assert!(text.contains("feedfacecafebeef"), "{text}");
        assert!(
            !text.contains("ml-engineer") && !text.contains("metrics"),
            "{text}"
        );
        assert!(
            !text.contains("name =") && !text.contains("machine ="),
            "{text}"
        );
        let Parsed::Current(back) = format::parse(&text).unwrap() else {
            panic!("not current")
        };
        let lesson = &back.lessons["t/a"];
        assert_eq!(lesson.content_hash.as_deref(), Some("0123456789abcdef"));
        assert_eq!(lesson.steps["2"].wrong_answers, vec!["0.5".to_string()]);
        assert!(back.labs["t/a#3"].goal_met);
        assert!(back.self_assessment.is_empty() && back.target_role.is_none());
        assert!(back.reviews.is_empty() && back.last_lesson.is_none());
        assert!(back.exported.unwrap().anonymous);
    }

    #[test]
    fn named_export_says_who_and_where() {
        let out = busy_learner().for_export(Identity::Named {
            name: Some("ada".into()),
            machine: Some("lab-3".into()),
        });
        let info = out.exported.clone().unwrap();
        assert_eq!(info.learner, "ada@lab-3");
        assert!(!info.anonymous);
        assert_eq!(out.target_role.unwrap().value, "ml-engineer");
    }

    #[test]
    fn random_ids_differ() {
        assert_ne!(Identity::random(), Identity::random());
    }
}
