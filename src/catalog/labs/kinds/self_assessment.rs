//! `lab = "self_assessment"`: the learner rates themself; the tutor hosts it as a screen.

use super::super::super::fields::{Ctx, Ref};
use super::super::{KindKeys, Lab, example};

pub const KEYS: KindKeys = KindKeys {
    required: &[],
    optional: &["skills"],
};

#[derive(Debug, Clone, PartialEq)]
pub struct SelfAssessmentLab {
    /// The skills to rate; empty means every skill.
    pub skills: Vec<String>,
}

pub(in super::super) fn parse(
    lab: &Lab<'_, '_>,
    cx: &mut Ctx<'_>,
    skill_refs: &mut Vec<Ref>,
) -> Option<SelfAssessmentLab> {
    let mut skills = Vec::new();
    if let Some(list) = lab.f.opt_str_list(cx, "skills", example("skills")) {
        if list.is_empty() {
            let at = lab.f.get("skills").map_or(lab.f.at, |e| e.node.span.start);
            cx.error(
                at,
                "`skills` is empty; list skill ids, or remove `skills` to rate every skill",
            );
        }
        for s in list {
            skills.push(s.value.clone());
            skill_refs.push(cx.make_ref(s.value, s.at));
        }
    }
    Some(SelfAssessmentLab { skills })
}
