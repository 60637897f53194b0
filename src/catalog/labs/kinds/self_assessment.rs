//! `lab = "self_assessment"`: the learner rates themself; the tutor hosts it as a screen.

use super::super::super::fields::{Ctx, Ref};
use super::super::super::shape::{INDEPENDENT, SKILL_ID, Section, Shape, Ty, opt};
use super::super::{COMMON, Lab, example};

pub const SHAPE: Shape = Shape::Section(Section {
    id: "lab_self_assessment",
    doc: "`lab = \"self_assessment\"`: the learner rates their skills and reads their plan. \
          No dataset.",
    keys: &[
        &COMMON,
        &INDEPENDENT,
        &[opt(
            "skills",
            Ty::List {
                item: &Ty::Pattern(SKILL_ID),
                min: 1,
                unique: false,
            },
            "Skill ids (from skills.toml) to rate (default: every skill).",
        )],
    ],
    exactly_one: &[],
});

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
