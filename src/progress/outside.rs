//! Outside evidence: what the learner did elsewhere (a course, a project, a job),
//! recorded as their claim. Entries are never deleted, only marked removed, so that
//! merging with an older copy of the file cannot bring a removed entry back.

use super::merge::{earliest, newer_or_mine};
use super::record::{OutsideEvidence, Progress, now};

impl Progress {
    /// Records outside evidence and returns its id: eight hex digits derived from the
    /// entry, so that two processes adding at once get different ids.
    pub fn add_outside_evidence(
        &mut self,
        skill: &str,
        level: u8,
        what: &str,
        link: Option<&str>,
        date: Option<&str>,
    ) -> String {
        let entry = OutsideEvidence {
            skill: skill.to_string(),
            level,
            what: what.to_string(),
            link: link.map(str::to_string),
            date: date.map(str::to_string),
            added_at: now(),
            removed_at: None,
            extra: toml::Table::new(),
        };
        let seed = format!(
            "{skill}\u{1f}{level}\u{1f}{what}\u{1f}{}\u{1f}{}",
            entry.added_at,
            std::process::id()
        );
        let mut salt = 0u32;
        let id = loop {
            let id = format!("{:08x}", fnv1a(&format!("{seed}\u{1f}{salt}")));
            if !self.outside_evidence.contains_key(&id) {
                break id;
            }
            salt += 1;
        };
        self.outside_evidence.insert(id.clone(), entry);
        id
    }

    /// Marks the entry `id` removed. Returns whether it was there and not yet removed.
    pub fn remove_outside_evidence(&mut self, id: &str) -> bool {
        match self.outside_evidence.get_mut(id) {
            Some(e) if e.removed_at.is_none() => {
                e.removed_at = Some(now());
                true
            }
            _ => false,
        }
    }

    /// The entries that count (not removed), by id.
    pub fn outside_evidence(&self) -> impl Iterator<Item = (&str, &OutsideEvidence)> {
        self.outside_evidence
            .iter()
            .filter(|(_, e)| e.removed_at.is_none())
            .map(|(id, e)| (id.as_str(), e))
    }
}

/// Two versions of one entry: a removal on either side wins (the earliest time is
/// kept); otherwise the newer entry, and "mine" on a tie.
pub fn merge_entry(disk: OutsideEvidence, mine: OutsideEvidence) -> OutsideEvidence {
    let removed_at = earliest(disk.removed_at.clone(), mine.removed_at.clone());
    let mut kept = newer_or_mine(disk, mine, |e| &e.added_at);
    kept.removed_at = removed_at;
    kept
}

/// 32-bit FNV-1a: a short, stable id; not a security measure.
fn fnv1a(text: &str) -> u32 {
    text.bytes().fold(0x811c_9dc5, |h, b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::progress::format::{Parsed, parse, render, validate};
    use crate::progress::merge;

    #[test]
    fn entries_are_added_listed_and_removed() {
        let mut p = Progress::default();
        let a = p.add_outside_evidence("sql", 4, "job: data engineer", None, Some("2024-05-01"));
        let b = p.add_outside_evidence("sql", 4, "job: data engineer", None, Some("2024-05-01"));
        assert_ne!(a, b, "the same claim twice gets two ids");
        assert_eq!(a.len(), 8);
        assert_eq!(p.outside_evidence().count(), 2);
        assert!(p.remove_outside_evidence(&a));
        assert!(!p.remove_outside_evidence(&a), "already removed");
        assert!(!p.remove_outside_evidence("nope"));
        let ids: Vec<&str> = p.outside_evidence().map(|(id, _)| id).collect();
        assert_eq!(ids, [b.as_str()]);
        assert!(
            p.outside_evidence[&a].removed_at.is_some(),
            "kept as a tombstone"
        );
    }

    #[test]
    fn a_removal_survives_a_merge_with_an_older_copy() {
        let mut old = Progress::default();
        let id = old.add_outside_evidence("swe", 3, "course", Some("https://x.org"), None);
        let mut newer = old.clone();
        newer.remove_outside_evidence(&id);
        for merged in [
            merge(old.clone(), newer.clone()),
            merge(newer.clone(), old.clone()),
        ] {
            assert!(merged.outside_evidence[&id].removed_at.is_some());
            assert_eq!(merged.outside_evidence().count(), 0);
        }
    }

    #[test]
    fn entries_from_both_sides_are_kept() {
        let mut disk = Progress::default();
        let mut mine = Progress::default();
        let d = disk.add_outside_evidence("sql", 4, "job", None, None);
        let m = mine.add_outside_evidence("python", 3, "course", None, None);
        let merged = merge(disk, mine);
        assert!(merged.outside_evidence.contains_key(&d));
        assert!(merged.outside_evidence.contains_key(&m));
    }

    #[test]
    fn unknown_fields_of_an_entry_survive_a_rewrite() {
        let text = r#"
version = 1

[outside_evidence.0a1b2c3d]
skill = "sql"
level = 4
what = "job"
added_at = "2026-01-01T00:00:00Z"
verified_by = "someone"
"#;
        let Parsed::Current(p) = parse(text).unwrap() else {
            panic!("a current file")
        };
        let e = &p.outside_evidence["0a1b2c3d"];
        assert_eq!((e.skill.as_str(), e.level), ("sql", 4));
        let again = render(&p);
        assert!(again.contains("verified_by = \"someone\""), "{again}");
        let Parsed::Current(back) = parse(&again).unwrap() else {
            panic!("a current file")
        };
        assert_eq!(back, p);
    }

    #[test]
    fn an_imported_level_outside_1_to_5_is_an_error() {
        let text = r#"
version = 1

[outside_evidence.x]
skill = "sql"
level = 9
what = "job"
added_at = "2026-01-01T00:00:00Z"
"#;
        let Parsed::Current(p) = parse(text).unwrap() else {
            panic!("a current file")
        };
        let err = validate(&p).unwrap_err().to_string();
        assert!(err.contains("outside evidence 'x' has level 9"), "{err}");
    }
}
